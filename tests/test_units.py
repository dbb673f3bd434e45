"""OMS's unit strings as people read them (pixelws/units.py): every unit any /meta serves."""
import pytest

from pixelws.dialect import registry
from pixelws.units import units_html, units_text, with_units
from tests.jsonapi import get

# What a physicist writes by hand for each unit OMS's notation spells (the oracle).
READABLE = {
    "10^{30}cm^{-2}s^{-1}": ("10<sup>30</sup>cm<sup>-2</sup>s<sup>-1</sup>", "10³⁰cm⁻²s⁻¹"),
    "{\\mu}b^{-1}": ("µb<sup>-1</sup>", "µb⁻¹"),
    "{\\mu}A": ("µA", "µA"),
    "^{\\circ}C": ("°C", "°C"),
    "pb^{-1}": ("pb<sup>-1</sup>", "pb⁻¹"),
    "%": ("%", "%"),
    "T": ("T", "T"),
    "V": ("V", "V"),
    "A": ("A", "A"),
    "mA": ("mA", "mA"),
    "DAC": ("DAC", "DAC"),
    "B": ("B", "B"),  # bytes: a handover PDF's size
    "g/s": ("g/s", "g/s"),
    "Pa": ("Pa", "Pa"),
    "GeV": ("GeV", "GeV"),
    "s": ("s", "s"),
    "Hz": ("Hz", "Hz"),
}


@pytest.mark.parametrize("units, html, text", [
    ("\\mu b^{-1}", "µb<sup>-1</sup>", "µb⁻¹"),  # a control word eats the space after it
    ("^\\circ C", "°C", "°C"),
    ("fb^{-1}", "fb<sup>-1</sup>", "fb⁻¹"),
    ("10^{34}cm^{-2}s^{-1}", "10<sup>34</sup>cm<sup>-2</sup>s<sup>-1</sup>", "10³⁴cm⁻²s⁻¹"),
    ("m^2", "m<sup>2</sup>", "m²"),
    ("H_{2}O", "H<sub>2</sub>O", "H₂O"),
    ("k\\Omega", "kΩ", "kΩ"),
    ("\\sigma", "σ", "σ"),
    ("<b>&", "&lt;b&gt;&amp;", "<b>&"),  # HTML is escaped, text is not
    (None, "", ""),
    ("", "", ""),
])
def test_units_as_html_and_text(units, html, text):
    assert units_html(units) == html
    assert units_text(units) == text


def test_headings_escape_their_title():
    assert with_units("Temperature", "^{\\circ}C") == "Temperature [°C]"
    assert with_units("a < b", None) == "a &lt; b"


@pytest.mark.django_db
def test_every_unit_any_meta_serves_reads_without_markup(api):
    served = {}
    for resource in registry.values():
        for name, field in get(api, f"/api/v1/{resource.type}/meta")["meta"]["fields"].items():
            assert field["units"] == resource.attributes[name].units  # as OMS serves it, untouched
            if field["units"]:
                served[field["units"]] = field["units_html"]
            else:
                assert field["units_html"] == ""
    assert set(served) == set(READABLE), "a unit served has no expected rendering here, or one is gone"
    for units, html in served.items():
        assert html == READABLE[units][0]
        assert units_text(units) == READABLE[units][1]
        assert not set(html) & set("\\{}^"), html

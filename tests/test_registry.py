"""Resources and probes are filed by one registry: a missing or repeated key fails at import."""
import pytest

from pixelws.registry import Registry


def test_a_declaration_is_filed_under_its_key_once():
    probes = Registry("probe", "name")

    @probes.register
    class Masked:
        name = "masked"

    assert list(probes) == ["masked"] and isinstance(probes["masked"], Masked)
    with pytest.raises(ValueError, match="probe 'masked' is registered twice"):
        probes.register(type("Again", (), {"name": "masked"}))
    with pytest.raises(ValueError, match="Nameless declares no name"):
        probes.register(type("Nameless", (), {"name": ""}))

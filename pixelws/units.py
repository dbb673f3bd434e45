"""OMS's unit strings, formatted once for people to read.

OMS serves units in a TeX-like notation (``10^{30}cm^{-2}s^{-1}``, ``\\mu b^{-1}``, ``{\\mu}A``,
``^{\\circ}C``). The API keeps them exactly as OMS serves them; these functions are the one place
that turns them into HTML (tables, summaries, PDFs, and plotly, whose text understands
``<sup>``/``<sub>``) or plain Unicode text.
"""
import re
from html import escape

GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
         "upsilon phi chi psi omega").split()
SYMBOLS = (
    {name: chr(0x3B1 + i + (i > 16)) for i, name in enumerate(GREEK)}  # α…ω, skipping final sigma ς
    | {name.capitalize(): chr(0x391 + i + (i > 16)) for i, name in enumerate(GREEK)}
    | {"mu": "µ", "circ": "°", "degree": "°", "times": "×", "cdot": "·", "pm": "±", "%": "%", "AA": "Å"}
)
# A control word eats the one space after it (``\mu b`` is µb); ``\%`` is a control symbol.
COMMAND = re.compile(r"\\([A-Za-z]+) ?|\\(%)")
DEGREE = re.compile(r"\^\{?\\circ\}? ?")  # ^{\circ}C: TeX's degree sign, not a superscript ring
SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\S))")
SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
SUBSCRIPT = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")


def _symbols(units):
    def symbol(match):
        name = match.group(1) or match.group(2)
        return SYMBOLS.get(name, name)

    return COMMAND.sub(symbol, DEGREE.sub("°", units))


def units_html(units):
    """``10^{30}cm^{-2}s^{-1}`` → ``10<sup>30</sup>cm<sup>-2</sup>s<sup>-1</sup>``; "" for no units."""
    if not units:
        return ""
    text = _symbols(escape(units, quote=False))
    text = SCRIPT.sub(lambda m: f"<{'sup' if m[1] == '^' else 'sub'}>{m[2] if m[2] is not None else m[3]}"
                                f"</{'sup' if m[1] == '^' else 'sub'}>", text)
    return text.replace("{", "").replace("}", "")


def units_text(units):
    """``10^{30}cm^{-2}s^{-1}`` → ``10³⁰cm⁻²s⁻¹``, for text that cannot hold HTML; "" for no units."""
    if not units:
        return ""

    def script(match):
        body = match[2] if match[2] is not None else match[3]
        table = SUPERSCRIPT if match[1] == "^" else SUBSCRIPT
        converted = body.translate(table)
        # Unicode has no super/subscript letters for every character: keep "^(…)" readable then.
        return converted if all(c in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺₀₁₂₃₄₅₆₇₈₉₋₊" for c in converted) else f"{match[1]}({body})"

    return SCRIPT.sub(script, _symbols(units)).replace("{", "").replace("}", "")


def with_units(title, units):
    """A heading with its units as HTML: ``Temperature [°C]``; the title is escaped."""
    return f"{escape(title, quote=False)} [{units_html(units)}]" if units else escape(title, quote=False)

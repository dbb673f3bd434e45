"""Text a person typed, made fit to store and to print: a lone UTF-16 surrogate (which no PDF, nor
UTF-8, can hold) is refused naming its field; a name loses the characters nobody sees (controls,
bidi overrides, zero-width ones), which would show it blank or reversed."""
import unicodedata

from .dialect.errors import DialectError

INVISIBLE = ("Cc", "Cf")  # controls; format characters: bidi embeddings and overrides, zero-width, soft hyphen


def encodable(text, field):
    """``text``, or a 422 naming ``field`` if it holds a lone surrogate (JSON's "\\ud800")."""
    for position, character in enumerate(text):
        if unicodedata.category(character) == "Cs":
            raise DialectError(f"The text holds a lone surrogate (U+{ord(character):04X}) at character {position + 1}, "
                               "which is no character: retype it.", field, status=422)  # fmt: skip
    return text


def plain_name(raw, field):
    """A person's name as shown: white space folded, invisible characters removed ("" if nothing is left)."""
    name = encodable(raw, field) if isinstance(raw, str) else ""
    visible = "".join(c if unicodedata.category(c) not in INVISIBLE else " " if c.isspace() else "" for c in name)
    return " ".join(visible.split())

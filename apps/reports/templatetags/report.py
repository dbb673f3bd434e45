"""Filters of the PDF's templates (apps/reports/templates/report.html)."""
import re

from django import template

register = template.Library()

AFTER_UNDERSCORE = re.compile(r"_(?=\w)")
FED_NUMBER = re.compile(r"\bFED (?=\d)")


@register.filter
def breakable_names(text):
    """A text whose names (BPix_BpO_SEC6_LV_DIGITAL, FED 1212) break only after their underscores:
    a zero-width space after each underscore is a line-break opportunity, and report.css lets no
    line break inside a word; a FED's number keeps to its word (a no-break space)."""
    return FED_NUMBER.sub("FED\u00a0", AFTER_UNDERSCORE.sub("_\u200b", str(text)))

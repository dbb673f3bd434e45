"""Filters of a portlet's HTML made by the server (templates/portlets/)."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def wrappable(text):
    """Long names (BPix_BmO_SEC8_LYR1_LDR6F_MOD3_ROC2) may wrap after their underscores."""
    return mark_safe(escape(text).replace("_", "_<wbr>"))

"""Filters of a page's first screen drawn by the server (templates/first_screen.html)."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def wrappable(text):
    """Long names (BPix_BmO_SEC8_LYR1_LDR6F_MOD3_ROC2) may wrap after their underscores, as table.js writes them."""
    return mark_safe(escape(text).replace("_", "_<wbr>"))

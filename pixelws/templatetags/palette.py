"""``{% palette_css %}``: the palette's severities as CSS custom properties, in a page's or a PDF's
<style>, so that the style sheets colour by pixelws/palette.py and hold no copy of it."""
from django import template
from django.utils.safestring import mark_safe

from pixelws import palette

register = template.Library()


@register.simple_tag
def palette_css():
    return mark_safe(palette.css())  # colours of the code's own, no user input

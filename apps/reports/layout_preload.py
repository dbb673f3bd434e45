"""Imported by the PDF layouts' fork server only (layout.py): its fonts loaded once, and its
objects frozen out of the cyclic collector's reach, which would otherwise touch (and so copy)
every page of them in each forked layout."""
import gc

from .layout import warm_up

warm_up()
gc.freeze()

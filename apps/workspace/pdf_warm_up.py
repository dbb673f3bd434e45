"""Imported by the PDF layouts' fork server only (pdf_layout.py): its fonts loaded once, and its
objects frozen out of the cyclic collector's reach, which would otherwise touch (and so copy)
every page of them in each forked layout."""
import gc

from .pdf_layout import warm_up

warm_up()
gc.freeze()

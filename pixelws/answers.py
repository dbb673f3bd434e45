"""The API's answer to a query, as Python data, for code of this server that shows it (a page's
portlets, for the browser and the PDF): the very document ``GET path?params`` answers, made by the
same code as the views' (dialect/views.py ``collection``, probe_views.py ``plot_document``), with
no HTTP request made (renderers.plain turns it into what a client reads). Bad parameters raise the
DialectError the API would answer with.

A probe's answer is shared in the process for PIXELWS_SHARED_QUERY_SECONDS (shared_queries.py):
a page's plot and the table beside it ask their contents apart, and the probe computes once.
"""
from urllib.parse import urlencode

from django.http import QueryDict

from .dialect.errors import not_found
from .dialect.query import parse_query
from .dialect.renderers import plain
from .dialect.resources import registry as resources
from .dialect.views import collection
from .probe_views import plot_document
from .shared_queries import shared

API = "/api/v1/"


def answer(path, params, absolute):
    """The document of ``GET path?params``: ``path`` a collection (/api/v1/<resource>) or a plot
    (/api/v1/plots/<probe>), ``params`` its (name, value) pairs, ``absolute`` a request's
    build_absolute_uri (the links name this server as the asking request reached it)."""
    query = QueryDict(urlencode(params), mutable=False)
    url = absolute(f"{path}?{query.urlencode(safe='[],/:')}" if params else path)  # as a browser writes it
    if not path.startswith(API):
        raise not_found(f"No resource at '{path}'.")
    name = path.removeprefix(API)
    if name.startswith("plots/"):
        probe = name.removeprefix("plots/")
        return shared(("plot", url), lambda: plain(plot_document(probe, query, lambda link=None: url if link is None else absolute(link))))
    resource = resources.get(name)
    if resource is None:
        raise not_found(f"No resource '{name}'.")
    document, _, _ = collection(resource, parse_query(resource, query), absolute(API), absolute(path), query, encoded=False)
    return plain(document)

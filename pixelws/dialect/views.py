"""The endpoints every resource gets: collection, object, /meta, related and relationships."""
import gc
import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.utils.http import quote_etag
from rest_framework.response import Response
from rest_framework.views import APIView

from . import documents
from .errors import DialectError, not_found
from .queries import Selection, parse_id
from .query import Query, parse_query
from .renderers import JsonApiRenderer, JsonRenderer
from .resources import registry
from ..auth import cache_scope


@contextmanager
def cyclic_gc_paused():
    """10 000 rows make some 100 000 tuples and dicts, none of them cyclic garbage; the cyclic
    collector would scan them again and again while they are made (a third of the build time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cache_control(may_be_kept, may_grow=False):
    """Answers about rows that may still change are kept by no cache without asking again (the
    ETag makes asking cheap: a 304); a collection, which may gain rows (a new run, its
    lumisections), for LIVE_CACHE_SECONDS; the others for OMS_CACHE_SECONDS. By the browser only
    when they needed a token."""
    if not may_be_kept:
        return "no-cache"
    seconds = settings.LIVE_CACHE_SECONDS if may_grow else settings.OMS_CACHE_SECONDS
    return f"{cache_scope()}, max-age={seconds}"


def forget_document(response):
    """Once rendered, the document is only in the bytes; see ResourceView.dispatch. Its ETag is
    set here: ConditionalGetMiddleware would hash it with MD5, 2.5 × SHA-256's time (15 ms for
    10 000 lumisections' 13 MB), and keeps an ETag it finds."""
    response.data = response.renderer_context = None
    if response.status_code == 200 and not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])


class ResourceView(APIView):
    """Read-only: DRF answers any other method with a 405 JSON:API error."""

    resource = None
    may_be_kept = False  # by caches: set by a view whose rows have all stopped changing
    may_grow = False  # set by a view answering with a collection
    http_method_names = ["get", "head", "options"]
    renderer_classes = [JsonApiRenderer, JsonRenderer]
    takes_parameters = True  # False: any query parameter is a mistake worth a 400, not ignored

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        length = len(request.META.get("QUERY_STRING", ""))
        if length > settings.OMS_QUERY_STRING_MAX:
            raise DialectError(f"The query string has {length} characters; this API reads at most "
                               f"{settings.OMS_QUERY_STRING_MAX}.", status=414)
        if not self.takes_parameters and request.query_params:
            key = next(iter(request.query_params))
            raise DialectError(f"{request.path} takes no query parameters; got '{key}'.", key)

    def dispatch(self, request, *args, **kwargs):
        # DRF's view, request and response refer to one another (view.response, the response's
        # renderer_context): cycles only the cyclic collector frees, late. A worker held every
        # 10 000-row answer (25-50 MB each) until it ran, and grew by that much per request.
        response = super().dispatch(request, *args, **kwargs)
        self.response = None
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response.setdefault("Cache-Control", cache_control(self.may_be_kept, self.may_grow))
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(forget_document)
        return response

    def base_url(self):
        return self.request.build_absolute_uri("/api/v1/")

    def collection(self, resource, query, extra_filter=None, shape=None):
        """The collection document; ``shape`` makes each object into what the view serves."""
        url = self.request.build_absolute_uri(self.request.path)
        document, selection, rows = collection(resource, query, self.base_url(), url, self.request.GET, extra_filter, shape)
        self.request._request.rows = rows  # for the request's log line
        self.may_be_kept, self.may_grow = selection.may_be_kept(), True
        return document


def collection(resource, query, base_url, url, params, extra_filter=None, shape=None, encoded=True):
    """(the collection document, its Selection, its number of rows) of ``resource`` for ``query``
    at ``url`` (absolute, asked with ``params``); ``shape`` makes each object into what is served.
    ``encoded``: the objects as JSON the renderer embeds (a view's), else as Python data."""
    selection = Selection(resource, query, extra_filter)
    builder = documents.ObjectBuilder(resource, selection, query, base_url, encoded=encoded)
    build = builder.build if shape is None else lambda row: shape(builder.build(row))
    with cyclic_gc_paused():
        rows = selection.fetch(query.offset, query.limit)
        count = len(rows)
        # Each object is encoded as soon as it is built: the objects of 10 000 rows never all
        # exist at once (a worker grew by 200 MB per page of deadtimes when they did).
        objects = (build(row) for row in rows)
        document = {"data": documents.encoded_list(objects) if encoded else list(objects)}
        del rows
    if "data_only" in query.include:
        return document, selection, count
    total = selection.count()
    document["links"] = documents.page_links(url, params, query, total)
    document["meta"] = {"totalResourceCount": total}
    if "meta" in query.include:
        document["meta"]["fields"] = documents.fields_meta(resource, query.fields)
    return document, selection, count


class CollectionView(ResourceView):
    def get(self, request):
        query = parse_query(self.resource, request.query_params)
        return Response(self.collection(self.resource, query))


class ObjectView(ResourceView):
    def get(self, request, object_id):
        resource = self.resource
        query = parse_query(resource, request.query_params, collection=False)
        query.limit = 1
        selection = Selection(resource, query, parse_id(resource, object_id))
        rows = selection.fetch(0, 1)
        if not rows:
            raise not_found(f"No {resource.type} object with id '{object_id}'.")
        self.may_be_kept = selection.may_be_kept()
        builder = documents.ObjectBuilder(resource, selection, query, self.base_url())
        document = {"data": builder.build(rows[0])}
        if "meta" in query.include:
            document["meta"] = {"fields": documents.fields_meta(resource, query.fields)}
        return Response(document)


class MetaView(ResourceView):
    takes_parameters = False

    def get(self, request):
        return Response({"meta": {"fields": documents.fields_meta(self.resource)}})


class RelatedView(ResourceView):
    """``/fills/5576/runs``: the target collection, restricted to this object's relatives."""

    def related(self, object_id, name):
        resource = self.resource
        relationship = resource.relationships_by_name.get(name)
        if relationship is None:
            known = ", ".join(resource.relationships_by_name) or "none"
            raise not_found(f"{resource.type} has no relationship '{name}' (it has: {known}).")
        source_columns = list(relationship.on.values())
        probe = Query(fields=[a for a in resource.attributes if a in source_columns], limit=1)
        selection = Selection(resource, probe, parse_id(resource, object_id))
        rows = selection.fetch(0, 1)
        if not rows:
            raise not_found(f"No {resource.type} object with id '{object_id}'.")
        values = dict(zip(selection.columns, rows[0]))
        target = registry[relationship.to]
        return target, {theirs: values[ours] for theirs, ours in relationship.on.items()}

    def get(self, request, object_id, name):
        target, restriction = self.related(object_id, name)
        query = parse_query(target, request.query_params)
        return Response(self.collection(target, query, restriction))


class RelationshipView(RelatedView):
    """``/fills/5576/relationships/runs``: resource identifiers of the relatives."""

    def get(self, request, object_id, name):
        target, restriction = self.related(object_id, name)
        query = parse_query(target, request.query_params)
        query.fields = []
        document = self.collection(target, query, restriction, shape=lambda o: {"type": o["type"], "id": o["id"]})
        if "links" in document:  # not with include=data_only
            document["links"]["related"] = f"{self.base_url()}{self.resource.type}/{object_id}/{name}"
        return Response(document)


class IndexView(ResourceView):
    """``/api/v1/``: the resources this server has, so a newcomer can find them."""

    takes_parameters = False

    def get(self, request):
        base = self.base_url()
        data = [
            {
                "id": name,
                "type": "resources",
                "attributes": {
                    "description": resource.description,
                    "attributes": list(resource.attributes),
                    "meta_url": f"{base}{name}/meta",
                },
                "links": {"self": f"{base}{name}"},
            }
            for name, resource in sorted(registry.items())
        ]
        return Response({"data": data})


class UnknownView(ResourceView):
    def get(self, request, path=""):
        known = ", ".join(sorted(registry))
        raise not_found(f"No resource at '{request.path}'. Resources under /api/v1/: {known}.")

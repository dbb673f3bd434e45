"""orjson renderers: the dialect builds whole documents, the renderer only encodes them."""
import orjson
from rest_framework.renderers import BaseRenderer

# Datetimes as OMS writes them: 2018-10-14T12:01:00Z (the server runs in UTC).
JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_OMIT_MICROSECONDS


def dumps(document):
    return orjson.dumps(document, option=JSON_OPTIONS)


class JsonApiRenderer(BaseRenderer):
    media_type = "application/vnd.api+json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else dumps(data)


class JsonRenderer(JsonApiRenderer):
    """Same bytes for clients that only accept application/json."""

    media_type = "application/json"

"""orjson renderers: the dialect builds whole documents, the renderer only encodes them."""
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timezone

import orjson
from rest_framework.renderers import BaseRenderer

# Datetimes as OMS writes them: 2018-10-14T12:01:00Z (the server runs in UTC).
JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC | orjson.OPT_OMIT_MICROSECONDS


def dumps(document):
    return orjson.dumps(document, option=JSON_OPTIONS)


def plain(value):
    """``value`` with each date-time as the renderer writes it (JSON_OPTIONS: UTC, Z, to the
    second), each date in ISO and each dataclass as a dict, as orjson writes them: the document a
    client reads, as Python data (pixelws/answers.py)."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        utc = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return utc.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


class JsonApiRenderer(BaseRenderer):
    media_type = "application/vnd.api+json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else dumps(data)


class JsonRenderer(JsonApiRenderer):
    """Same bytes for clients that only accept application/json."""

    media_type = "application/json"

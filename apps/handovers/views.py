"""The one write of this server, ``POST /api/workspace/handovers``, and a handover's stored PDF at
its stable URL, ``/handovers/<id>.pdf``. Reading handovers is the ``handovers`` resource; the
Shift report's panel reads a shift's with their times in words (``/api/workspace/shift_handovers``)."""
import base64

from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from pixelws.auth import cache_scope, may_hand_over, signed_in
from pixelws.dialect import documents, registry
from pixelws.dialect.errors import DialectError, read_only
from pixelws.dialect.queries import Selection
from pixelws.dialect.query import parse_query
from pixelws.dialect.views import ResourceView
from pixelws.shifts import Shift

from apps.workspace.portlets.formatting import line_time

from .models import Handover
from .store import VERSIONS_MAX, hand_over


class JsonApiParser(JSONParser):
    """A JSON:API document, read as plain JSON: the view checks its shape and names what is wrong."""

    media_type = "application/vnd.api+json"


class ShiftHandoversView(ResourceView):
    """``GET /api/workspace/shift_handovers?shift=…``: the shift's handovers, newest first, as the
    Shift report's panel shows them (handover.js): each with its time in a line of text, as the
    page writes every time (``time_text``), and its PDF where the resource has it
    (relationships.pdf.links.related)."""

    def get(self, request):
        params = request.query_params
        for key in params:
            if key != "shift":
                raise DialectError(f"A shift's handovers take one parameter, shift; got '{key}'.", key)
        if not params.get("shift"):
            raise DialectError("Give the shift whose handovers these are: shift=2018-10-09/evening.", "shift")
        shift = Shift.parse(params["shift"], "shift")
        fields = ("shift", "shifter", "notes", "version")
        handovers = Handover.objects.filter(shift=shift.id).only(*fields, "created_time").order_by("-version")[:VERSIONS_MAX]
        data = [{"id": str(h.handover_id), "type": "handovers",
                 "attributes": {**{name: getattr(h, name) for name in fields}, "time_text": line_time(h.created_time)},
                 "relationships": {"pdf": {"links": {"related": request.build_absolute_uri(reverse("handover_pdf", args=[h.handover_id]))}}}}
                for h in handovers]  # fmt: skip
        return Response({"data": data, "links": {"self": request.build_absolute_uri()}})


class HandoverCreateView(ResourceView):
    """``POST {"data": {"type": "handovers", "attributes": {"shift", "shifter", "notes"}}}`` → 201
    and the stored handover as the ``handovers`` resource serves it."""

    http_method_names = ["post", "options"]
    parser_classes = [JsonApiParser, JSONParser]
    takes_parameters = False

    def post(self, request):
        # Its Origin and CSRF token are checked for every write (pixelws/writes.py); who may hand over, here.
        refusal = may_hand_over(request._request)
        if refusal:
            raise DialectError(refusal, status=403)
        data = request.data.get("data") if isinstance(request.data, dict) else None
        if not isinstance(data, dict) or data.get("type") != "handovers" or not isinstance(data.get("attributes"), dict):
            raise DialectError('Post {"data": {"type": "handovers", "attributes": {"shift": …, "shifter": …, "notes": …}}}.',
                               "/data", status=422)  # fmt: skip
        attributes = data["attributes"]
        unknown = sorted(set(attributes) - {"shift", "shifter", "notes"})
        if unknown:
            raise DialectError(f"'{unknown[0]}' is not an attribute a handover is posted with (shift, shifter, notes).",
                               f"/data/attributes/{unknown[0]}", status=422)  # fmt: skip
        person = signed_in(request)
        handover = hand_over(request._request, attributes.get("shift"), person or attributes.get("shifter"), attributes.get("notes"))
        document = self.request_document(handover.handover_id)
        response = Response(document, status=201)
        response["Location"] = document["data"]["links"]["self"]
        return response

    def request_document(self, handover_id):
        """The new handover exactly as GET /api/v1/handovers/<id> serves it."""
        resource = registry["handovers"]
        query = parse_query(resource, QueryDict(), collection=False)
        selection = Selection(resource, query, {"handover_id": handover_id})
        (row,) = selection.fetch(0, 1)
        return {"data": documents.ObjectBuilder(resource, selection, query, self.base_url()).build(row)}


@read_only
def stored_pdf(request, handover_id):
    """The PDF exactly as it was handed over: the same bytes, whatever changed since."""
    handover = Handover.objects.filter(handover_id=handover_id).values("shift", "version", "sha256", "pdf").first()
    if handover is None:
        raise Http404(f"No handover {handover_id}.")
    name = f"pixel-handover-{handover['shift'].replace('/', '-')}-v{handover['version']}.pdf"
    response = HttpResponse(bytes(handover["pdf"]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(handover['sha256'])).decode()}:"  # RFC 9530
    # A stored handover never changes; with SSO on it names people: no shared cache keeps it.
    response["Cache-Control"] = f"{cache_scope()}, max-age=31536000, immutable"
    return response

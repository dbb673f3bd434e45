"""``/api/v1/plots``: the probes, and each probe's plot as a JSON:API resource object."""
from rest_framework.response import Response

from .dialect.errors import DialectError, not_found
from .dialect.views import ResourceView
from .probes import registry

PLOT_ATTRIBUTES = ("title", "x", "y", "y2", "z", "series", "empty", "figure", "table", "sources")
SPARSE_FIELDS = "fields[plots]"  # JSON:API sparse fieldset, e.g. the frontend asks for the figure only


def plot_fields(params):
    raw = params.get(SPARSE_FIELDS)
    if raw is None:
        return PLOT_ATTRIBUTES
    names = [n.strip() for n in raw.split(",")]
    unknown = [n for n in names if n not in PLOT_ATTRIBUTES]
    if unknown or not all(names):
        raise DialectError(
            f"Plots have no attribute '{unknown[0] if unknown else ''}'; they have {', '.join(PLOT_ATTRIBUTES)}.",
            SPARSE_FIELDS,
        )
    return names


class ProbeListView(ResourceView):
    """Every probe with its parameters: what a page author can bind a plot portlet to."""

    takes_parameters = False

    def get(self, request):
        base = self.base_url()
        data = [
            {"id": name, "type": "probes", "attributes": probe.describe(), "links": {"self": f"{base}plots/{name}"}}
            for name, probe in sorted(registry.items())
        ]
        return Response({"data": data})


class PlotView(ResourceView):
    def get(self, request, name):
        return Response(plot_document(name, request.query_params, request.build_absolute_uri))


def plot_document(name, params, absolute):
    """The document of probe ``name``'s plot for ``params`` (a QueryDict); ``absolute`` makes a
    path this server's URL (a request's build_absolute_uri; called without one, the request's own)."""
    probe = registry.get(name)
    if probe is None:
        raise not_found(f"No probe '{name}'. Probes: {', '.join(sorted(registry))} (GET /api/v1/plots).")
    fields = plot_fields(params)
    values = probe.parse(params, reserved=(SPARSE_FIELDS,))
    attributes = probe.plot(**values).as_attributes(link=absolute)
    return {
        "data": {
            "id": name,
            "type": "plots",
            "attributes": {k: attributes[k] for k in fields},
            "links": {"self": absolute()},
        },
        "meta": {"parameters": {k: v for k, v in values.items() if v is not None}},
    }

"""A plot's sources: the API queries whose rows it is made of.

A probe declares the rows it draws as a ``Source`` (a resource and OMS-dialect filters) and takes
its queryset from it, so the figure is built from exactly the rows a client gets by following the
source's link (``/api/v1/masked_rocs?filter[run_number]=324245&filter[map_name]=BPix_L1``): every
figure is traceable to the API's rows by construction, not by a second copy of the filters.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

from .dialect import registry
from .dialect.queries import filter_q
from .dialect.query import filter_parameter, parse_filter


@dataclass
class Source:
    title: str  # what the rows are, for a link's text: "masked ROCs of run 324243"
    resource: str  # the resource type: "masked_rocs"
    # {"run_number": 324245, "lumisection_number[GE]": 10}; a list: the filter once per value, ANDed
    filters: dict = field(default_factory=dict)
    # What the page shows as the link's text: the resource, unless a plot has several sources of
    # one resource, which a short label tells apart ("DCS, power lasting").
    label: str = ""

    @property
    def shown_label(self):
        return self.label or self.resource

    def parameters(self):
        """(``filter[name][OP]``, value as the URL spells it) per filter; None values are left out."""
        for key, given in self.filters.items():
            for value in given if isinstance(given, list) else [given]:
                if value is not None:
                    yield filter_parameter(key), url_text(value)

    @property
    def path(self):
        query = "&".join(f"{key}={quote(value, safe='')}" for key, value in self.parameters())
        return f"/api/v1/{self.resource}" + (f"?{query}" if query else "")

    def queryset(self):
        """The resource's model rows the link selects, filtered exactly as the API filters them."""
        resource = registry[self.resource]
        rows = resource.model.objects.all()
        for key, value in self.parameters():
            rows = rows.filter(filter_q(parse_filter(resource, key, value)))
        return rows


def url_text(value):
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return str(value)

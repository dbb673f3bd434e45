"""A plot portlet: the plotly figure a probe serves (GET /api/v1/plots/<probe>)."""
from urllib.parse import quote

from pixelws.controller import SLOT
from pixelws.plots import MARKERS

from .base import PortletType, empty, plot_of, probe_query, register, sources_of
from .configuration import drilldown, probe_properties, query_properties, strict
from .formatting import figure_csv


@register
class PlotPortlet(PortletType):
    type, component, min_size = "plot", "PlotPortlet", (3, 2)

    def schema(self):
        # filters: the series probe's rows, filtered as a resource query's (its resource is a param).
        properties = {**probe_properties(), "filters": query_properties()["filters"], "drilldown": drilldown()}
        return strict(("probe",), properties, title="A probe's plotly figure")

    def check(self, check, config, where):
        probe = check.probe(config, where)
        if probe.filtered:
            check.filtered_probe(probe, config, where)
        elif "filters" in config:
            check.fail(f"{where}.filters", f"probe {probe.name} takes no filters; the series probe does")
        if "drilldown" in config:
            check.drilldown(config["drilldown"], f"{where}.drilldown")

    def queries(self, config, context):
        return [probe_query(config, context)]

    def put_content(self, content, config, context, index):
        plot = plot_of(config, context)
        content["sources"] = sources_of(plot)
        if plot["empty"]:
            empty(content, context.no_rows({}))
        else:
            content["figure"] = plot["figure"]
            content["csv"] = figure_csv(plot["figure"], MARKERS)
            if "drilldown" in config:  # a click on a cell opens this link, its value in the slot
                content["drilldown"] = {"link": context.drilldown_link(config["drilldown"]), "slot": quote(SLOT)}

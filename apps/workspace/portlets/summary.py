"""A summary portlet: one value of a resource query, with its units."""
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pixelws.answers import API
from pixelws.dialect import registry as resources

from .base import PortletType, empty, register, resource_source
from .configuration import NAME, query_properties, strict
from .formatting import column_value, format_value


@register
class SummaryPortlet(PortletType):
    type, component, min_size = "summary", "SummaryPortlet", (2, 1)

    def schema(self):
        return strict(("resource", "attribute"), {
            **query_properties(),
            "attribute": NAME,
            "label": NAME,
            "precision": {"type": "integer", "minimum": 0, "maximum": 10},
        }, title="One value of a resource")  # fmt: skip

    def check(self, check, config, where):
        resource = check.query(config, where)
        check.attribute(resource, config["attribute"], f"{where}.attribute")

    def queries(self, config, context):
        params = [*context.filter_params(config.get("filters"))]
        if config.get("group"):
            params.append(("group[granularity]", config["group"]))
        params += [("fields", config["attribute"].split(".")[0]), ("page[limit]", "1"), ("include", "meta")]
        return [(f"{API}{config['resource']}", params)]

    def put_content(self, content, config, context, index):
        document = context.ask(*self.queries(config, context)[0])
        content["sources"] = [resource_source(config["resource"], document)]
        label = config.get("label") or resources[config["resource"]].label(config["attribute"])[0]
        if not document["data"]:
            return empty(content, context.no_rows({}))
        field = document["meta"]["fields"].get(config["attribute"].split(".")[0], {})
        value = column_value(document["data"][0]["attributes"], config["attribute"])
        content["summary"] = {"value": format_value(value, config.get("precision", 2)), "units_html": field.get("units_html") or "", "label": label}
        content["csv"] = {"header": ["quantity", "value", "units"], "rows": [[label, value, field.get("units") or ""]]}

    def body_html(self, portlet, content, inert):
        # A template: the PDF's summary includes it too (apps/reports/templates/report_item.html).
        return mark_safe(render_to_string("portlets/summary.html", {"summary": content["summary"]}).strip())

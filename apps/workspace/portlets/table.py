"""A table portlet: rows of a resource as OMS's GUI queries them (filters, sort, paging,
include=meta), with units from the answer's meta; an optional join adds columns of a second
resource (each run's dead time from deadtimes grouped by run), matched on a key attribute.
With ``probe:`` instead of ``resource:``, the table a probe serves with its plot."""
from django.utils.safestring import mark_safe

from pixelws.answers import API
from pixelws.dialect.query import filter_parameter, parse_sort
from pixelws.units import units_html
from pixelws.dialect import registry as resources  # each column's label

from .base import PortletType, TooLarge, empty, plot_of, probe_query, register, resource_source, sources_of, table, whole_table
from .configuration import EMPTY, NAME, controller_value, drilldown, probe_properties, query_properties, strict
from .formatting import column_value
from .markup import table_html

PAGE_SIZE = 25  # rows of a page of the table, unless its page_size says
JOIN_LIMIT = 10000  # the API's largest page: a join must see every row it may match
INCLUDE = ("include", "meta,presentation_timestamp")


@register
class TablePortlet(PortletType):
    type, component, min_size = "table", "TablePortlet", (4, 2)

    def rows_schema(self):
        query = query_properties()
        columns = {"type": "array", "items": NAME, "minItems": 1}
        return strict(("resource", "columns"), {
            **query,
            "columns": columns,
            "sort": NAME,
            "page_size": {"type": "integer", "minimum": 1, "maximum": 1000},
            "join": strict(("resource", "key", "columns"), {**query, "key": NAME, "columns": columns}),
            "select": {"type": "object", "propertyNames": controller_value(), "additionalProperties": NAME},
            "labels": {"type": "object", "additionalProperties": NAME},
            # A column's units where the resource's /meta gives none (OMS's fills: delivered_lumi), as OMS writes units.
            "units": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 40}},
            "empty": EMPTY,
        }, title="Rows of a resource")  # fmt: skip

    def probe_schema(self):
        return strict(("probe",), {**probe_properties(), "drilldown": drilldown("column"), "empty": EMPTY}, title="The table a probe serves")

    def schema(self):
        return {"title": "A table", "oneOf": [self.rows_schema(), self.probe_schema()]}

    def schema_for(self, config):
        return self.probe_schema() if isinstance(config, dict) and "probe" in config else self.rows_schema()

    def check(self, check, config, where):
        if "probe" in config:
            probe = check.probe(config, where)
            if "drilldown" in config:
                check.drilldown(config["drilldown"], f"{where}.drilldown", columns=probe.table_columns)
            return
        resource = check.query(config, where)
        if "sort" in config:
            check.dialect(lambda: parse_sort(resource, config["sort"]), f"{where}.sort")
        if "join" in config:
            joined = check.query(config["join"], f"{where}.join")
            check.attribute(resource, config["join"]["key"], f"{where}.join.key")
            check.attribute(joined, config["join"]["key"], f"{where}.join.key")
        shown = [*config["columns"], *(config.get("join") or {}).get("columns", [])]
        for field in ("labels", "units"):
            for column in config.get(field) or {}:
                if column not in shown:
                    check.fail(f"{where}.{field}.{column}", f"not a column of this table; columns are {', '.join(shown)}")
        for variable, column in (config.get("select") or {}).items():  # a controller value: the schema says
            check.attribute(resource, column, f"{where}.select.{variable}")

    # ------------------------------------------------------------------ queries

    def queries(self, config, context, offset=0):
        if "probe" in config:
            return [probe_query(config, context)]
        fields = [*config["columns"], *([config["join"]["key"]] if "join" in config else []), *(config.get("select") or {}).values()]
        params = [*context.filter_params(config.get("filters")), *self.group(config),
                  ("fields", ",".join(dict.fromkeys(c.split(".")[0] for c in fields)))]  # fmt: skip
        sort = self.sort(config, context)
        if sort:
            params.append(("sort", sort))
        params += [*self.page(config, context, offset), INCLUDE]
        queries = [(f"{API}{config['resource']}", params)]
        if "join" in config:
            join = config["join"]
            names = dict.fromkeys(c.split(".")[0] for c in [join["key"], *join["columns"]])
            queries.append((f"{API}{join['resource']}", [*context.filter_params(join.get("filters")), *self.group(join),
                            ("fields", ",".join(names)), ("page[limit]", str(JOIN_LIMIT)), INCLUDE]))  # fmt: skip
        return queries

    def group(self, query):
        return [("group[granularity]", query["group"])] if query.get("group") else []

    def sort(self, config, context):
        return context.sort or config.get("sort")

    def page(self, config, context, offset):
        """The page of rows asked: the browser's page, or every row up to the PDF's limit."""
        if context.row_limit is not None:
            return [("page[limit]", str(context.row_limit - context.rows + 1))]
        return [("page[offset]", str(offset)), ("page[limit]", str(config.get("page_size", PAGE_SIZE)))]

    def offset(self, config, context):
        """The page asked for, else the page holding the selected row when the table is sorted by
        its column (fills by fill number: the chosen fill's page): the rows sorted before it."""
        if context.offset is not None or context.row_limit is not None:
            return context.offset or 0
        selected, sort = self.selected(config, context), self.sort(config, context)
        if not selected or not sort or sort.lstrip("-") != selected[0]:
            return 0
        column, value = selected
        before = filter_parameter(f"{column}[{'GT' if sort.startswith('-') else 'LT'}]")
        params = [*context.filter_params(config.get("filters")), (before, str(value)), *self.group(config),
                  ("fields", column), ("page[limit]", "1")]  # fmt: skip
        total = context.ask(f"{API}{config['resource']}", params)["meta"]["totalResourceCount"]
        size = config.get("page_size", PAGE_SIZE)
        return total // size * size

    def selected(self, config, context):
        """(column, value) of the row the controller shows (the run shown), or None."""
        for variable, column in (config.get("select") or {}).items():
            if variable in context.selection.state:
                return column, context.selection.state[variable]
        return None

    # ------------------------------------------------------------------ content

    def body_html(self, portlet, content, inert):
        # A probe's table is served whole: its line under the rows, no paging.
        return mark_safe(table_html(content["table"], portlet["title"], "probe" in portlet["configuration"], inert))

    def put_content(self, content, config, context, index):
        if "probe" in config:
            return self.fill_probe_table(content, config, context)
        offset = self.offset(config, context)
        queries = self.queries(config, context, offset)
        main = context.ask(*queries[0])
        joined = context.ask(*queries[1]) if len(queries) > 1 else None
        total = main["meta"]["totalResourceCount"]
        if context.row_limit is not None and context.rows + total > context.row_limit:
            raise TooLarge(f"The table '{content['title']}' has {total} rows; a PDF holds at most {context.row_limit}. Narrow the selection.")
        content["sources"] = [resource_source(config["resource"], main)]
        join = config.get("join")
        columns = [(c, main, "main") for c in config["columns"]] + [(c, joined, "join") for c in (join or {}).get("columns", [])]
        if joined is not None:
            content["sources"].append(resource_source(join["resource"], joined))
        if not main["data"]:
            return empty(content, context.no_rows(config))
        matches = {o["attributes"][join["key"]]: o["attributes"] for o in joined["data"]} if join else {}
        values = []
        for obj in main["data"]:
            attributes = obj["attributes"]
            source = {"main": attributes, "join": matches.get(attributes.get(join["key"])) or {} if join else {}}
            values.append([column_value(source[where], c) for c, _, where in columns])
        context.count_rows(len(values))
        labels = config.get("labels") or {}
        resource = {"main": config["resource"], "join": (join or {}).get("resource")}
        header, rows = table([(c, labels.get(c) or resources[resource[where]].label(c)[0], self.units(document, c, config))
                              for c, document, where in columns], values)  # fmt: skip
        sort = self.sort(config, context)
        for cell, (column, _, where) in zip(header, columns):
            if where == "main":
                cell["sort"] = column  # a click sorts by it (the joined columns are not the query's)
            if sort in (column, f"-{column}"):
                cell["sorted"] = "descending" if sort.startswith("-") else "ascending"
        selected = self.selected(config, context)
        for row, obj in zip(rows, main["data"]):
            if config.get("select"):
                row["select"] = {variable: obj["attributes"].get(column) for variable, column in config["select"].items()}
                row["current"] = selected is not None and obj["attributes"].get(selected[0]) == selected[1]
        limit = len(values) if context.row_limit is not None else config.get("page_size", PAGE_SIZE)
        # The line under the rows, as the browser and the first screen write it.
        paging = {"offset": offset, "limit": limit, "total": total, "text": f"rows {offset + 1}–{offset + len(rows)} of {total}"}
        content["table"] = {"header": header, "rows": rows, "paging": paging, "sort": sort}
        content["csv"] = {"header": [c for c, _, _ in columns], "rows": values}

    def units(self, document, column, config):
        """A column's units: as the resource's /meta gives them, else as the page file says."""
        given = document["meta"]["fields"].get(column.split(".")[0], {}).get("units_html")
        return given or units_html((config.get("units") or {}).get(column))

    def fill_probe_table(self, content, config, context):
        plot = plot_of(config, context)
        content["sources"] = sources_of(plot)
        probe_table = plot["table"]
        if not probe_table or not probe_table["rows"]:
            return empty(content, context.no_rows(config))
        columns = probe_table["columns"]
        names = [c["name"] for c in columns]
        values = [[row[name] for name in names] for row in probe_table["rows"]]
        context.count_rows(len(values))
        drill = config.get("drilldown")
        at = names.index(drill["column"]) if drill else None

        links = [context.drilldown_link(drill, row[at]) for row in values] if drill else []
        # A drilldown: a row's value opens the page about it (a ROC's history), a click anywhere on the row.
        content["table"] = whole_table(columns, values, (lambda i, j: links[i] if j == at else None) if drill else None)
        for row, link in zip(content["table"]["rows"], links):
            row["drill"] = link
        content["csv"] = {"header": names, "rows": values}

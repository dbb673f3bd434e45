// A table portlet queries a resource as the OMS GUI does (filters, sort, paging, include=meta)
// and shows units from the answer's meta. An optional join adds columns of a second resource
// (e.g. each run's dead time from deadtimes grouped by run), matched on a key attribute.
// With `probe:` instead of `resource:` it shows the table a probe serves with its plot (e.g.
// the ROCs that changed between two runs).
import { documentSources, fetchDocument } from "../api.js";
import { columnStyles, escapeHtml, formatCell, headerLabel, humanize } from "../format.js";
import { columnValue, resourceUrl } from "../query.js";
import { fetchPlot } from "./plot.js";
import { Portlet } from "./portlet.js";

// Long names (BPix_BmO_SEC8_LYR1_LDR6F_MOD3_ROC2) may wrap after their underscores.
const cell = (value, style) =>
  `<td${style.text ? ' class="text"' : ""}${style.time ? ` title="${escapeHtml(value ?? "")}"` : ""}>${
    escapeHtml(formatCell(value, style)).replaceAll("_", "_<wbr>")}</td>`;

const JOIN_LIMIT = 10000; // the API's largest page: a join must see every row it may match

export class TablePortlet extends Portlet {
  constructor(definition, host) {
    super(definition, host);
    this.offset = 0;
    this.sort = this.config.sort;
    this.body.addEventListener("click", (event) => this.onClick(event));
  }

  get pageSize() {
    return this.config.page_size || 25;
  }

  async fetch(view, signal) {
    if (this.config.probe) return { plot: await fetchPlot(this, view, signal, ["title", "table", "sources"]) };
    const variables = await view.variables;
    const key = JSON.stringify(variables);
    // Another run or fill: the page that holds the chosen row, else the first page.
    if (key !== this.variablesKey) this.offset = await this.offsetOfSelected(view, variables, signal);
    this.variablesKey = key;
    const { resource, filters, columns, group, join, select = {} } = this.config;
    const fields = [...columns, ...(join ? [join.key] : []), ...Object.values(select)];
    const main = fetchDocument(
      resourceUrl(resource, {
        filters, variables, group, fields, sort: this.sort,
        offset: this.offset, limit: this.pageSize, include: ["meta", "presentation_timestamp"],
      }),
      { signal },
    );
    const joined = join
      ? fetchDocument(
          resourceUrl(join.resource, {
            filters: join.filters, variables, group: join.group,
            fields: [join.key, ...join.columns], limit: JOIN_LIMIT, include: ["meta", "presentation_timestamp"],
          }),
          { signal },
        )
      : null;
    // Awaited together, so an abort or error of one never leaves the other's rejection unhandled.
    const [mainDocument, joinedDocument] = await Promise.all([main, joined]);
    return { main: mainDocument, joined: joinedDocument };
  }

  columns(main, joined) {
    const { columns, join } = this.config;
    const describe = (document, column, source) => {
      const field = document.meta.fields[column.split(".")[0]] || {};
      return { column, source, units: field.units_html, sortable: source === "main" };
    };
    return [
      ...columns.map((c) => describe(main, c, "main")),
      ...(join ? join.columns.map((c) => describe(joined, c, "join")) : []),
    ];
  }

  render({ main, joined, plot }, view) {
    if (plot) return this.renderProbeTable(plot, view);
    if (!main.data.length) return this.noData(view);
    const columns = this.columns(main, joined);
    const key = this.config.join?.key;
    const matches = new Map((joined?.data || []).map((o) => [o.attributes[key], o.attributes]));
    const rows = main.data.map((o) => ({
      attributes: o.attributes,
      values: columns.map(({ column, source }) =>
        source === "main" ? columnValue(o.attributes, column) : columnValue(matches.get(o.attributes[key]) || {}, column),
      ),
    }));
    const selected = this.selectedValue(view);
    const styles = columnStyles(rows.map((r) => r.values), columns.length);
    const header = columns
      .map(({ column, units, sortable }, i) => {
        const arrow = this.sort === column ? " ▲" : this.sort === `-${column}` ? " ▼" : "";
        const label = `${escapeHtml(headerLabel(this.config.labels?.[column] || humanize(column), styles[i]))}${units ? ` [${units}]` : ""}${arrow}`;
        const classes = [sortable ? "sortable" : "", styles[i].text ? "text" : ""].join(" ").trim();
        return `<th scope="col"${sortable ? ` data-sort="${escapeHtml(column)}"` : ""}${classes ? ` class="${classes}"` : ""}>${label}</th>`;
      })
      .join("");
    const body = rows
      .map((row, i) => {
        const current = selected !== undefined && row.attributes[selected.column] === selected.value;
        const cells = row.values.map((v, j) => cell(v, styles[j])).join("");
        const classes = [this.config.select ? "selectable" : "", current ? "current" : ""].join(" ").trim();
        return `<tr data-row="${i}"${classes ? ` class="${classes}"` : ""}>${cells}</tr>`;
      })
      .join("");
    const total = main.meta.totalResourceCount;
    const last = Math.min(this.offset + main.data.length, total);
    this.body.innerHTML = `<table><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>
      <nav class="paging"><button type="button" data-page="-1"${this.offset ? "" : " disabled"}>◀</button>
      <span>rows ${this.offset + 1}–${last} of ${total}</span>
      <button type="button" data-page="1"${last < total ? "" : " disabled"}>▶</button></nav>`;
    this.rows = rows;
    this.view = view;
    const { resource, join } = this.config;
    const sources = [...documentSources(main, resource), ...(joined ? documentSources(joined, join.resource) : [])];
    this.showData({ header: columns.map((c) => c.column), rows: rows.map((r) => r.values) }, sources);
  }

  renderProbeTable({ table, sources }, view) {
    if (!table || !table.rows.length) return this.noData(view);
    const values = table.rows.map((row) => table.columns.map((c) => row[c.name]));
    const styles = columnStyles(values, table.columns.length);
    const header = table.columns
      .map((c, i) => `<th scope="col"${styles[i].text ? ' class="text"' : ""}>${escapeHtml(headerLabel(c.title, styles[i]))}${c.units_html ? ` [${c.units_html}]` : ""}</th>`)
      .join("");
    // A drilldown opens another page for a row's value (a ROC's history).
    const drilldown = this.config.drilldown;
    const body = values
      .map((row, i) => `<tr${drilldown ? ` class="selectable" data-drill="${escapeHtml(String(table.rows[i][drilldown.column]))}"` : ""}>${
        row.map((v, j) => cell(v, styles[j])).join("")}</tr>`)
      .join("");
    this.body.innerHTML = `<table><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table>
      <nav class="paging"><span>${table.rows.length} rows</span></nav>`;
    this.view = view; // a drilldown keeps its run
    this.showData({ header: table.columns.map((c) => c.name), rows: values }, sources);
  }

  // A table sorted by the column the controller selects (fills by fill number) opens at the
  // page holding the selected row: its offset is the number of rows sorted before it.
  async offsetOfSelected(view, variables, signal) {
    const selected = this.selectedValue(view);
    if (!selected || this.sort?.replace(/^-/, "") !== selected.column) return 0;
    const before = `${selected.column}[${this.sort.startsWith("-") ? "GT" : "LT"}]`;
    const { resource, filters, group } = this.config;
    const document = await fetchDocument(
      resourceUrl(resource, { filters: { ...filters, [before]: selected.value }, variables, group, fields: [selected.column], limit: 1 }),
      { signal },
    );
    return Math.floor(document.meta.totalResourceCount / this.pageSize) * this.pageSize;
  }

  // The row of the controller's current value (e.g. the run shown) is highlighted.
  selectedValue(view) {
    const [variable, column] = Object.entries(this.config.select || {})[0] || [];
    return variable && view.selection[variable] !== undefined ? { column, value: view.selection[variable] } : undefined;
  }

  onClick(event) {
    const sort = event.target.closest("th[data-sort]");
    const page = event.target.closest("button[data-page]");
    const row = event.target.closest("tr[data-row]");
    const drill = event.target.closest("tr[data-drill]");
    if (drill) {
      const { page, variable } = this.config.drilldown;
      this.host.open(page, { run: this.view?.selection.run, [variable]: drill.dataset.drill });
    } else if (sort) {
      const column = sort.dataset.sort;
      this.sort = this.sort === column ? `-${column}` : column;
      this.offset = 0;
      this.load(this.view);
    } else if (page) {
      this.offset = Math.max(0, this.offset + Number(page.dataset.page) * this.pageSize);
      this.load(this.view);
    } else if (row && this.config.select) {
      const attributes = this.rows[Number(row.dataset.row)].attributes;
      const change = Object.fromEntries(Object.entries(this.config.select).map(([v, c]) => [v, attributes[c]]));
      this.host.select(change);
    }
  }
}

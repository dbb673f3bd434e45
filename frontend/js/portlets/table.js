// A table portlet shows the rows its content carries, formatted by the server: a page of a
// resource's rows (paging and sorting asked of the server), or the table a probe serves with its
// plot. A row may choose a controller value (select) or open another page (drill: its link).
import { escapeHtml } from "../format.js";
import { Portlet } from "./portlet.js";

// Long names (BPix_BmO_SEC8_LYR1_LDR6F_MOD3_ROC2) may wrap after their underscores.
const wrappable = (text) => escapeHtml(text).replaceAll("_", "_<wbr>");

// One cell: its text, its classes (text, time), the whole value on hover, and a link.
export function cellHtml({ text, class: classes, title, link }, linked = true) {
  const inner = link && linked ? `<a href="${escapeHtml(link)}">${wrappable(text)}</a>` : wrappable(text);
  return `<td${classes ? ` class="${classes}"` : ""}${title ? ` title="${escapeHtml(title)}"` : ""}>${inner}</td>`;
}

export class TablePortlet extends Portlet {
  static scrolls = true;

  constructor(definition, host) {
    super(definition, host);
    this.offset = undefined; // undefined: the page holding the selected row (the server finds it)
    this.sort = undefined; // undefined: the configuration's
    this.body.addEventListener("click", (event) => this.onClick(event));
  }

  fetch(view, signal) {
    // Another selection (run, fill): the page that holds the chosen row, else the first page.
    const key = JSON.stringify(view.selection);
    if (key !== this.selectionKey) this.offset = undefined;
    this.selectionKey = key;
    // A probe's table is served whole: it takes no page or sort.
    return super.fetch(view, signal, this.config.probe ? {} : { "page[offset]": this.offset, sort: this.sort });
  }

  render({ table }) {
    const header = table.header
      .map((column) => {
        const arrow = { ascending: " ▲", descending: " ▼" }[column.sorted] || "";
        const label = `${escapeHtml(column.label)}${column.units_html ? ` [${column.units_html}]` : ""}${arrow}`;
        const classes = [column.sort ? "sortable" : "", column.text ? "text" : ""].join(" ").trim();
        return `<th scope="col"${column.sort ? ` data-sort="${escapeHtml(column.sort)}"` : ""}${classes ? ` class="${classes}"` : ""}>${label}</th>`;
      })
      .join("");
    const body = table.rows
      .map((row, i) => {
        const classes = [row.select || row.drill ? "selectable" : "", row.current ? "current" : ""].join(" ").trim();
        // A drilldown row opens its page in this one (a click anywhere on it), not as a link.
        return `<tr data-row="${i}"${classes ? ` class="${classes}"` : ""}>${row.cells.map((c) => cellHtml(c, !row.drill)).join("")}</tr>`;
      })
      .join("");
    const { offset, limit, total, text } = table.paging;
    const last = offset + table.rows.length;
    const paging = this.config.probe
      ? `<span>${escapeHtml(text)}</span>`
      : `<button type="button" data-page="-1"${offset ? "" : " disabled"}>◀</button>
      <span>${escapeHtml(text)}</span>
      <button type="button" data-page="1"${last < total ? "" : " disabled"}>▶</button>`;
    this.body.innerHTML = `<table><thead><tr>${header}</tr></thead><tbody>${body}</tbody></table><nav class="paging" aria-label="${escapeHtml(this.definition.title)}: rows">${paging}</nav>`;
    this.rows = table.rows;
    this.offset = offset;
    this.pageSize = limit;
    this.sort = table.sort ?? undefined;
  }

  onClick(event) {
    const sort = event.target.closest("th[data-sort]");
    const page = event.target.closest("button[data-page]");
    const row = event.target.closest("tr[data-row]");
    if (sort) {
      const column = sort.dataset.sort;
      this.sort = this.sort === column ? `-${column}` : column;
      this.offset = 0;
      this.load(this.view);
    } else if (page) {
      this.offset = Math.max(0, this.offset + Number(page.dataset.page) * this.pageSize);
      this.load(this.view);
    } else if (row && !event.target.closest("a")) {
      const { drill, select } = this.rows[Number(row.dataset.row)];
      if (drill) this.host.navigate(drill); // the page's link, the server's
      else if (select) this.host.select(select);
    }
  }
}

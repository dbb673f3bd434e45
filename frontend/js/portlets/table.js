// A table portlet shows the rows its content carries, drawn by the server (its html): a page of a
// resource's rows (paging and sorting asked of the server), or the table a probe serves with its
// plot. A row may choose a controller value (select) or open another page (drill: its link).
import { Portlet } from "./portlet.js";

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

  // The HTML the server makes of the table (apps/workspace/portlets/markup.py), as the page's first
  // screen shows it; its header's data-sort, rows' data-row and buttons' data-page are clicked here.
  render({ table, html }) {
    this.body.innerHTML = html;
    this.rows = table.rows;
    this.offset = table.paging.offset;
    this.pageSize = table.paging.limit;
    this.sort = table.sort ?? undefined;
  }

  onClick(event) {
    if (!this.rows) return; // the first screen's rows, drawn before this portlet's content came
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

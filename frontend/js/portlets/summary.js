// A summary portlet shows one value of a resource query, with its units from the API's meta.
import { documentSources, fetchDocument } from "../api.js";
import { columnValue, resourceUrl } from "../query.js";
import { escapeHtml, formatValue, humanize } from "../format.js";
import { Portlet } from "./portlet.js";

export class SummaryPortlet extends Portlet {
  async fetch(view, signal) {
    const { resource, filters, group, attribute } = this.config;
    const url = resourceUrl(resource, {
      filters, variables: await view.variables, group, fields: [attribute], limit: 1, include: ["meta"],
    });
    return fetchDocument(url, { signal });
  }

  render(document, view) {
    if (!document.data.length) return this.noData(view);
    const { attribute, precision = 2 } = this.config;
    const value = columnValue(document.data[0].attributes, attribute);
    const field = document.meta.fields[attribute.split(".")[0]] || {};
    const label = this.config.label || humanize(attribute);
    this.body.innerHTML = `<p class="summary-value"><span class="value"></span> <span class="units">${field.units_html || ""}</span></p>
      <p class="summary-label">${escapeHtml(label)}</p>`;
    this.body.querySelector(".value").textContent = formatValue(value, precision);
    this.showData({ header: ["quantity", "value", "units"], rows: [[label, value, field.units || ""]] },
      documentSources(document, this.config.resource));
  }
}

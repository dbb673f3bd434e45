// A summary portlet shows one value of a resource query, formatted, with its units and label.
import { escapeHtml } from "../format.js";
import { Portlet } from "./portlet.js";

export class SummaryPortlet extends Portlet {
  render({ summary }) {
    this.body.innerHTML = `<p class="summary-value"><span class="value">${escapeHtml(summary.value)}</span> <span class="units">${summary.units_html}</span></p>
      <p class="summary-label">${escapeHtml(summary.label)}</p>`;
  }
}

// A summary portlet shows one value of a resource query, with its units and label: the HTML the
// server makes of it (templates/portlets/summary.html), as the page's first screen shows it.
import { Portlet } from "./portlet.js";

export class SummaryPortlet extends Portlet {
  render({ html }) {
    this.body.innerHTML = html;
  }
}

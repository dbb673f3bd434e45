// Live mode: the page follows the newest run or shift as the data grow (docs/live.md). Every period
// (the server's LIVE_PERIOD_SECONDS, from <meta name="live-seconds">) it asks the live status
// (GET /api/workspace/live): when the data last changed, whether they stopped arriving, the
// alarms going on, each said in words by the server (apps/workspace/live.py). Only when the status moved are the portlets asked again, each with the ETag of
// what it shows (a 304 when its content is the same), and redrawn in place.
import { fetchDocument } from "./api.js";
import { escapeHtml } from "./format.js";

// The period, as the shell's HTML carries it from the settings.
const liveSeconds = () => Number(globalThis.document.querySelector('meta[name="live-seconds"]').content);
const STATUS = "/api/workspace/live";

export class Live {
  constructor(shell) {
    this.shell = shell;
    this.timer = null;
    this.banner = document.createElement("div");
    this.banner.className = "live-banner";
    this.banner.setAttribute("role", "alert");
    this.line = document.createElement("p");
    this.line.className = "live-status";
    this.alarms = 0;
  }

  get on() {
    return this.timer !== null;
  }

  // Live on this page: the status at once, then every period.
  start() {
    if (this.on) return;
    this.version = undefined;
    this.shell.controller.element.append(this.line);
    this.timer = setInterval(() => this.poll(), liveSeconds() * 1000);
    return this.poll();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.banner.remove();
    this.line.remove();
    this.alarms = 0;
  }

  async poll() {
    let status;
    try {
      status = (await fetchDocument(STATUS)).data.attributes;
    } catch (error) {
      this.line.textContent = `Live status unavailable: ${error.message}`;
      this.line.className = "live-status stale";
      return;
    }
    if (!this.on) return;
    const first = this.version === undefined;
    const moved = !first && status.version !== this.version;
    const newScope = !first && status.follows !== this.status.follows; // a new run or shift
    // An answer the server shares for up to 10 s (pixelws/shared_queries.py) may predate the
    // change: the portlets are asked once more at the next poll.
    const again = this.moved;
    this.version = status.version;
    this.status = status;
    this.moved = moved;
    this.show(status);
    if (newScope) await this.shell.apply();
    else if (moved || again) await this.shell.refresh();
  }

  show(status) {
    this.line.textContent = status.text;
    this.line.className = `live-status${status.stale ? " stale" : ""}`;
    this.alarms = status.alarms.length;
    this.alarmsText = status.alarms_text;
    if (this.alarms) {
      const items = status.alarms
        .map((a) => `<li><a href="${escapeHtml(a.link)}" data-route>${escapeHtml(a.text)}</a> since ${escapeHtml(a.started)}</li>`)
        .join("");
      this.banner.innerHTML = `<strong>${escapeHtml(this.alarmsText)} going on</strong><ul>${items}</ul>`;
      if (!this.banner.isConnected) this.shell.main.prepend(this.banner);
    } else {
      this.banner.remove();
    }
    this.shell.showTitle();
  }

  // The tab's title counts the alarms going on.
  title(text) {
    return this.on && this.alarms ? `${this.alarmsText} · ${text}` : text;
  }
}

// Live mode: the page follows the newest run or shift as the data grow (docs/live.md). Every period
// (the server's LIVE_PERIOD_SECONDS, from <meta name="live-seconds">) it asks the live status
// (GET /api/workspace/live): when the data last changed, whether they stopped arriving, the
// alarms going on. Only when the status moved are the portlets asked again, each with the ETag of
// what it shows (a 304 when its content is the same), and redrawn in place.
import { fetchDocument } from "./api.js";
import { escapeHtml } from "./format.js";

// The period, as the shell's HTML carries it from the settings.
const liveSeconds = () => Number(globalThis.document?.querySelector('meta[name="live-seconds"]')?.content) || 30;
const STATUS = "/api/workspace/live";

const clock = (iso) => `${iso.slice(11, 19)} UTC`;
const moment = (iso) => `${iso.slice(0, 10)} ${clock(iso)}`;
const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// What the status line says: when the data last changed, or that they stopped.
export function statusText(status) {
  if (!status.last_change) return "Live · no data yet";
  if (status.stale) return `No new data since ${moment(status.last_change)}`;
  const ls = status.lumisection;
  const newest = ls ? `newest LS ${ls.number}, ${clock(ls.time)} (run ${ls.run}${status.run_ongoing && ls.run === status.run ? ", going on" : ""})` : "";
  return `Live · ${newest || `last change ${clock(status.last_change)}`}`;
}

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
    const newScope = !first && (status.run !== this.status.run || status.shift !== this.status.shift);
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
    this.line.textContent = statusText(status);
    this.line.className = `live-status${status.stale ? " stale" : ""}`;
    this.alarms = status.alarms.length;
    if (this.alarms) {
      const items = status.alarms
        .map((a) => `<li><a href="${escapeHtml(a.link)}" data-route>${escapeHtml(a.text)}</a> since ${escapeHtml(clock(a.start_time))}</li>`)
        .join("");
      this.banner.innerHTML = `<strong>${counted(this.alarms, "alarm")} going on</strong><ul>${items}</ul>`;
      if (!this.banner.isConnected) this.shell.main.prepend(this.banner);
    } else {
      this.banner.remove();
    }
    this.shell.showTitle();
  }

  // The tab's title counts the alarms going on.
  title(text) {
    return this.on && this.alarms ? `${counted(this.alarms, "alarm")} · ${text}` : text;
  }
}

// The workspace shell: workspace "Pixel" → folders → pages, each page a grid of portlets under
// its controller, read from the portal API in OMS's format (apps/portal/documents.py). The HTML
// carries the documents it starts with. The URL is the whole view: /pages/<path>?<the controller's
// values> (see state.js); the controller's vocabulary comes with the page's controller component.
import { fetchDocument, fetchOnce, preload } from "./api.js";
import { Controller } from "./controller.js";
import { Explore } from "./explore.js";
import { escapeHtml } from "./format.js";
import { HandoverPanel } from "./handover.js";
import { Live } from "./live.js";
import { NotesPortlet } from "./portlets/notes.js";
import { PdfButton } from "./pdf.js";
import { PlotPortlet } from "./portlets/plot.js";
import { SummaryPortlet } from "./portlets/summary.js";
import { TablePortlet } from "./portlets/table.js";
import { TimelinePortlet } from "./portlets/timeline.js";
import { changeState, parseState, stateToSearch } from "./state.js";

const PORTLETS = { plot: PlotPortlet, table: TablePortlet, summary: SummaryPortlet, notes: NotesPortlet, timeline: TimelinePortlet };
const PORTAL = "/api/portal/";

class Shell {
  constructor() {
    this.nav = document.querySelector("#nav");
    this.main = document.querySelector("#main");
    this.page = null;
    this.visits = 0; // each navigation's number: an older one that answers late draws nothing
    this.following = new Live(this); // the live mode's status and alarms
  }

  async start() {
    document.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-route]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
      this.route();
    });
    window.addEventListener("popstate", () => this.route());
    // Notes not handed over: the browser asks before the tab is closed or reloaded (the draft is
    // kept either way; in-page navigation keeps it too).
    window.addEventListener("beforeunload", (event) => {
      if (this.page && this.portlets.some((p) => p instanceof NotesPortlet && p.unsaved)) event.preventDefault();
    });
    preload(JSON.parse(document.querySelector("#portal-documents").textContent));
    try {
      const { id } = (await fetchOnce(`${PORTAL}workspaces`)).data[0];
      this.workspace = (await fetchOnce(`${PORTAL}workspaces/${encodeURIComponent(id)}`)).data;
    } catch (error) {
      this.main.innerHTML = `<p class="problem">${escapeHtml(error.message)}</p>`;
      return;
    }
    this.renderNav();
    await this.route();
  }

  // The workspace's pages, folder by folder.
  folders() {
    return this.workspace.attributes.folders.map((folder) => folder.attributes);
  }

  renderNav() {
    const folders = this.folders()
      .map((folder) => {
        const pages = folder.pages
          .map(({ attributes: p }) => `<li><a href="/pages/${p.path}" data-route data-page="${p.path}">${escapeHtml(p.title)}</a></li>`)
          .join("");
        return `<details open><summary>${escapeHtml(folder.title)}</summary><ul>${pages}</ul></details>`;
      })
      .join("");
    const explore = `<ul class="tools"><li><a href="/explore" data-route data-page="explore">Explore</a></li></ul>`;
    // On a phone the folders fold into a menu (workspace.css): the button opens it, a page closes it.
    this.nav.innerHTML = `<h1><a href="/" data-route>${escapeHtml(this.workspace.attributes.title)}</a></h1>
      <button type="button" class="menu" aria-expanded="false" aria-controls="nav-pages">☰ Pages</button>
      <div id="nav-pages">${explore}${folders}</div>`;
    const menu = this.nav.querySelector(".menu");
    const fold = (open) => {
      this.nav.classList.toggle("open", open);
      menu.setAttribute("aria-expanded", String(open));
    };
    menu.addEventListener("click", () => fold(!this.nav.classList.contains("open")));
    for (const link of this.nav.querySelectorAll("#nav-pages a")) link.addEventListener("click", () => fold(false));
  }

  async route() {
    const visit = ++this.visits;
    this.following.stop();
    const match = /^\/pages\/([^/]+)\/?$/.exec(location.pathname);
    const exploring = /^\/explore\/?$/.test(location.pathname);
    for (const link of this.nav.querySelectorAll("a[data-page]")) {
      link.classList.toggle("current", exploring ? link.dataset.page === "explore" : Boolean(match) && link.dataset.page === match[1]);
    }
    if (exploring) {
      this.page = null;
      return new Explore(this).show(this.main);
    }
    if (!match) return this.showHome();
    if (this.page?.path !== match[1]) await this.openPage(match[1], visit);
    if (this.page && visit === this.visits) await this.apply();
  }

  showHome() {
    this.page = null;
    document.title = `${this.workspace.attributes.title} workspace`;
    const folders = this.folders()
      .map((folder) => {
        const pages = folder.pages
          .map(({ attributes: p }) => `<li><a href="/pages/${p.path}" data-route>${escapeHtml(p.title)}</a>
            <span>${escapeHtml(p.description)}</span></li>`)
          .join("");
        return `<section class="folder"><h2>${escapeHtml(folder.title)}</h2><ul>${pages}</ul></section>`;
      })
      .join("");
    this.main.innerHTML = `<h1>${escapeHtml(this.workspace.attributes.title)} workspace</h1>${folders}`;
  }

  // The page at a path: its portal document (pages/<id>) read as OMS's portal tooling reads it.
  async openPage(path, visit) {
    this.page = null;
    const found = this.folders().flatMap((folder) => folder.pages).find((p) => p.attributes.path === path);
    let page;
    try {
      if (!found) throw new Error(`There is no page ${path} in the ${this.workspace.attributes.title} workspace.`);
      page = (await fetchOnce(`${PORTAL}pages/${encodeURIComponent(found.id)}`)).data;
    } catch (error) {
      if (visit !== this.visits) return;
      this.main.innerHTML = `<p class="problem">${escapeHtml(error.message)}</p>`;
      return;
    }
    if (visit !== this.visits) return;
    const attributes = page.attributes;
    const controller = attributes.controller?.attributes;
    const selectors = controller?.configuration.selectors ?? [];
    this.vocabulary = controller?.controller_component.attributes.config_schema["x-controller"] ?? { values: [], selectors: {} };
    // The mode that follows the newest run or shift (live): a value of the URL, not part of the selection shown.
    this.followsNewest = this.vocabulary.values.find((value) => value.follows_newest);
    this.controller = new Controller(selectors, this.vocabulary, {
      onChange: (change) => this.select(change), onStep: (kind, direction) => this.step(kind, direction),
    });
    // Each portlet property places a portlet, drawn by its component; index: its place in the
    // page, which names its notes in a PDF request.
    this.portlets = attributes.portlets.map((p, index) =>
      new PORTLETS[p.attributes.portlet.attributes.portlet_component.attributes.type]({ ...p, index }, this));
    const grid = document.createElement("div");
    grid.className = "grid";
    grid.append(...this.portlets.map((p) => p.element));
    this.main.innerHTML = `<header class="page-header"><h1></h1><p class="description"></p></header>`;
    // A shift's page hands the shift over with its first notes portlet's text.
    const notes = this.portlets.find((p) => p instanceof NotesPortlet);
    const shown = selectors.flatMap((selector) => this.vocabulary.selectors[selector].shows);
    const handed = this.vocabulary.values.find((value) => value.hands_over && shown.includes(value.name));
    if (notes && handed) new HandoverPanel(notes, handed.name);
    this.pdf = new PdfButton(path, () => this.portlets.filter((p) => p instanceof NotesPortlet), (text, problem) => this.controller.say(text, problem));
    this.main.querySelector(".page-header").prepend(this.pdf.element);
    this.main.querySelector("h1").textContent = attributes.title;
    this.main.querySelector(".description").textContent = attributes.description;
    this.main.append(this.controller.element, grid);
    this.page = { path, attributes, selectors };
  }

  // Read the URL, reload every portlet, and show what the selection implies (the run's fill, a
  // shift's window): the server resolves it (GET /api/workspace/selection, one place for the
  // page and its PDF), and chooses the newest run or shift when nothing is chosen.
  async apply() {
    const visit = ++this.visits;
    const state = parseState(location.search);
    const live = this.isLive(state);
    const selection = this.selectionOf(state);
    const problems = [];
    const context = this.resolve({ ...selection }, problems).catch((error) => {
      problems.push(error.message);
      return { state: selection, defaults: [], variables: selection, summary: "", title: "", steps: {} };
    });
    const chosen = this.vocabulary.values.some((value) => value.chooses && selection[value.name] !== undefined);
    if (chosen) {
      // Portlets start at once: the server resolves what the selection implies ($fill) for each.
      for (const portlet of this.portlets) portlet.load({ selection });
    } else {
      for (const portlet of this.portlets) portlet.setState("loading");
    }
    const described = await context;
    if (visit !== this.visits) return;
    // Nothing chosen: the server's default (the newest run or shift), written into the URL (a
    // permalink) unless live mode is on, which follows the newest as runs start. A value the
    // server refused is left out (and said).
    const resolved = Object.fromEntries(Object.entries(described.state).map(([key, value]) => [key, String(value)]));
    const changed = stateToSearch(resolved, this.vocabulary) !== stateToSearch(selection, this.vocabulary);
    if (!chosen || changed) for (const portlet of this.portlets) portlet.load({ selection: resolved });
    if (changed && !live) history.replaceState(null, "", location.pathname + stateToSearch(resolved, this.vocabulary));
    this.context = described;
    this.controller.show(live ? state : { ...state, ...resolved }, { ...described.variables, ...described.state });
    this.controller.say(problems.length ? problems.join("; ") : described.summary || "", problems.length > 0);
    this.showTitle();
    // Live: the status line says when the data last changed (or that they stopped), live.js.
    if (live) await this.following.start();
    else this.following.stop();
  }

  // Whether the URL's state asks for the live mode.
  isLive(state) {
    return Boolean(this.followsNewest && state[this.followsNewest.name] !== undefined);
  }

  // The URL's state without the live mode: the selection the server resolves.
  selectionOf(state) {
    const selection = { ...state };
    if (this.followsNewest) delete selection[this.followsNewest.name];
    return selection;
  }

  // What the page's selection means, as the server says; a value it refuses (a 400 naming it) is
  // dropped from ``selection`` and its message added to ``problems``, and the rest asked again.
  async resolve(selection, problems) {
    for (;;) {
      const search = stateToSearch(selection, this.vocabulary).replace("?", "&");
      try {
        return (await fetchDocument(`/api/workspace/selection?page=${encodeURIComponent(this.page.path)}${search}`)).data.attributes;
      } catch (error) {
        const name = error.errors?.[0]?.source?.parameter;
        if (error.status !== 400 || !(name in selection)) throw error;
        problems.push(error.message);
        delete selection[name];
      }
    }
  }

  // The tab's title: the page, what it shows, and (live) the alarms going on.
  showTitle() {
    if (!this.page) return;
    const shown = this.context?.title ? ` · ${this.context.title}` : "";
    document.title = this.following.title(`${this.page.attributes.title}${shown} · Pixel`);
  }

  // Live, the data grew: the selection's summary and every portlet's content asked again, each
  // redrawn in place only if it changed (portlet.js refresh()).
  async refresh() {
    const visit = this.visits;
    const [described] = await Promise.all([
      this.resolve(this.selectionOf(parseState(location.search)), []).catch(() => null),
      ...this.portlets.map((portlet) => portlet.refresh()),
    ]);
    if (visit !== this.visits || !described) return;
    this.context = described;
    this.controller.say(described.summary || "");
    this.showTitle();
  }

  // Another page, e.g. a drill-down: its link (the server's) carries the values it is opened with.
  navigate(link) {
    history.pushState(null, "", link);
    this.route();
  }

  select(change) {
    const next = changeState(parseState(location.search), change, this.vocabulary);
    history.pushState(null, "", location.pathname + stateToSearch(next, this.vocabulary));
    this.apply();
  }

  // ◀ ▶: the previous or next one that exists (the server's steps), from the one in the URL,
  // which select() has already moved on: a second click before the controller shows the new one
  // steps from it, not again from the one before.
  async step(name, direction) {
    const selection = this.selectionOf(parseState(location.search));
    try {
      const described = await this.resolve(selection, []);
      const found = described.steps?.[name]?.[direction < 0 ? "previous" : "next"];
      const current = described.state[name] ?? described.variables[name];
      const noun = this.vocabulary.values.find((value) => value.name === name).noun;
      if (found === undefined || found === null) this.controller.say(`No ${direction < 0 ? "earlier" : "later"} ${noun} than ${current}.`, true);
      else this.select({ [name]: found });
    } catch (error) {
      this.controller.say(error.message, true);
    }
  }
}

new Shell().start();

// The page controller: the selectors a page declares (run, fill, LS, LS range, reference run,
// ROC, FED channel, time window, shift, live), shown as one form. It holds no state of its own: it shows the URL's
// state and reports changes.
import { escapeHtml } from "./format.js";

const SELECTOR_HTML = {
  run: `<label class="selector">Run
      <button type="button" data-step="run" data-direction="-1" title="Previous run">◀</button>
      <input name="run" type="number" min="1" step="1" inputmode="numeric" size="8">
      <button type="button" data-step="run" data-direction="1" title="Next run">▶</button></label>`,
  fill: `<label class="selector">Fill
      <button type="button" data-step="fill" data-direction="-1" title="Previous fill">◀</button>
      <input name="fill" type="number" min="1" step="1" inputmode="numeric" size="6">
      <button type="button" data-step="fill" data-direction="1" title="Next fill">▶</button></label>`,
  ls_range: `<label class="selector">LS <input name="ls_min" type="number" min="1" step="1" size="5" title="First lumisection (of the run)">
      – <input name="ls_max" type="number" min="1" step="1" size="5" title="Last lumisection (of the run)"></label>`,
  time_window: `<label class="selector">From <input name="since" type="datetime-local" step="1"></label>
      <label class="selector">to <input name="until" type="datetime-local" step="1"> UTC</label>`,
  ls: `<label class="selector">LS <input name="ls" type="number" min="1" step="1" size="5" title="One lumisection of the run (empty: the whole run)"></label>`,
  reference_run: `<label class="selector">compared with run <input name="reference_run" type="number" min="1" step="1" size="8"
      placeholder="previous" title="Reference run (empty: the run before)"></label>`,
  roc: `<label class="selector">ROC <input name="roc" type="text" size="38" spellcheck="false"
      placeholder="BPix_BmO_SEC1_LYR1_LDR1F_MOD1_ROC0" title="Online ROC name"></label>`,
  fed_channel: `<label class="selector">FED channel <input name="fed_channel" type="text" size="8" spellcheck="false"
      placeholder="1212/17" pattern="\\d{4}/\\d{1,2}" title="FED/channel"></label>`,
  shift: `<label class="selector">Shift
      <button type="button" data-step="shift" data-direction="-1" title="Previous shift">◀</button>
      <input name="shift" type="text" size="18" spellcheck="false" placeholder="2018-10-09/evening"
        pattern="\\d{4}-\\d{2}-\\d{2}/(morning|evening|night)" title="date/shift, Europe/Zurich: morning 07–15, evening 15–23, night 23–07">
      <button type="button" data-step="shift" data-direction="1" title="Next shift">▶</button></label>`,
  live: `<label class="selector live" title="Follow the newest run or shift: the page grows as data arrive, and shows the alarms going on">
      <input name="live" type="checkbox"> Live</label>`,
};

// <input type=datetime-local> speaks "2018-10-11T12:00[:00]" with no zone; the state is UTC ISO.
const toInputTime = (iso) => (iso ? iso.replace(/Z$/, "") : "");
const fromInputTime = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : undefined);

export class Controller {
  // onChange(change) with {run: 324245} etc.; onStep("run", ±1) for the ◀ ▶ buttons.
  constructor(selectors, { onChange, onStep }) {
    this.element = document.createElement("form");
    this.element.className = "controller";
    this.element.setAttribute("aria-label", "Page controller");
    this.element.innerHTML = `${selectors.map((s) => SELECTOR_HTML[s]).join("")}<p class="context" role="status"></p>`;
    this.context = this.element.querySelector(".context");
    this.element.addEventListener("submit", (event) => event.preventDefault());
    this.element.addEventListener("change", (event) => {
      const input = event.target;
      if (input.name === "live") onChange({ live: input.checked });
      else if (input.type === "datetime-local") onChange({ [input.name]: fromInputTime(input.value) });
      else if (input.value === "") onChange({ [input.name]: undefined });
      else if (input.type === "text") onChange({ [input.name]: input.value.trim() });
      else if (/^\d+$/.test(input.value)) onChange({ [input.name]: Number(input.value) });
      else this.say(`${input.name.replace("_", " ")} must be a whole number`, true);
    });
    this.element.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-step]");
      if (button) onStep(button.dataset.step, Number(button.dataset.direction));
    });
  }

  // Show the state (and what it implies, e.g. the chosen run's fill) in the form.
  show(state, context) {
    for (const input of this.element.querySelectorAll("input")) {
      if (input === document.activeElement && input.type !== "checkbox") continue; // being typed in
      if (input.name === "live") input.checked = Boolean(state.live);
      else if (input.type === "datetime-local") input.value = toInputTime(state[input.name]);
      else if (input.name === "fill" && state.fill === undefined) input.value = context.fill ?? "";
      else if (input.name === "run" && state.run === undefined) input.value = context.run ?? "";
      else if (input.name === "shift" && state.shift === undefined) input.value = context.shift ?? "";
      else input.value = state[input.name] ?? "";
      // LS numbers count within one run.
      if (["ls", "ls_min", "ls_max"].includes(input.name)) input.disabled = state.run === undefined;
    }
  }

  say(text, isProblem = false) {
    this.context.innerHTML = escapeHtml(text);
    this.context.classList.toggle("problem", isProblem);
  }
}

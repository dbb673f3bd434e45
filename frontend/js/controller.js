// The page controller: the selectors a page declares, shown as one form, each value's widget
// drawn from the vocabulary the server serves (pixelws/controller.py: its label, help, size and
// whether it steps ◀ ▶). It holds no state of its own: it shows the URL's state and reports changes;
// the server checks every value.
import { escapeHtml } from "./format.js";
import { fromInputTime, toInputTime } from "./time-input.js";

// inputs: each widget's <input> attributes, from the vocabulary (the server's first screen draws
// the same form).
function widgetHtml(value, inputs) {
  const attribute = (name, text) => (text ? ` ${name}="${escapeHtml(text)}"` : "");
  if (value.widget === "flag") {
    return `<label class="selector flag" title="${escapeHtml(value.description)}"><input name="${escapeHtml(value.name)}" ${inputs.flag}> ${escapeHtml(value.label)}</label>`;
  }
  const step = (direction, arrow, which) => (value.steps
    ? `<button type="button" data-step="${escapeHtml(value.name)}" data-direction="${direction}" title="${which} ${escapeHtml(value.noun)}">${arrow}</button>`
    : "");
  const input = `<input name="${escapeHtml(value.name)}" ${inputs[value.widget]}${attribute("size", value.size || "")}${
    attribute("placeholder", value.placeholder)}${attribute("title", value.description)}>`;
  return `<label class="selector">${escapeHtml(value.label)} ${step(-1, "◀", "Previous")}${input}${step(1, "▶", "Next")}${
    value.suffix ? ` ${escapeHtml(value.suffix)}` : ""}</label>`;
}

export class Controller {
  // selectors: the page's; vocabulary: the server's; onChange({name: value}); onStep(name, ±1) for ◀ ▶.
  constructor(selectors, vocabulary, { onChange, onStep }) {
    this.values = Object.fromEntries(vocabulary.values.map((value) => [value.name, value]));
    const shown = selectors.flatMap((selector) => vocabulary.selectors[selector].shows);
    this.element = document.createElement("form");
    this.element.className = "controller";
    this.element.setAttribute("aria-label", "Page controller");
    this.element.innerHTML = `${shown.map((name) => widgetHtml(this.values[name], vocabulary.inputs)).join("")}<p class="context" role="status"></p>`;
    this.context = this.element.querySelector(".context");
    this.element.addEventListener("submit", (event) => event.preventDefault());
    this.element.addEventListener("change", (event) => {
      const input = event.target;
      const value = this.values[input.name];
      if (!value) return;
      if (value.widget === "flag") onChange({ [input.name]: input.checked ? value.choices[0] : undefined });
      else if (value.widget === "time") onChange({ [input.name]: fromInputTime(input.value) });
      else onChange({ [input.name]: input.value.trim() || undefined });
    });
    this.element.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-step]");
      if (button) onStep(button.dataset.step, Number(button.dataset.direction));
    });
  }

  // Show the state, and where a value is not in it what the selection implies (the chosen run's
  // fill, the default run shown), in the form.
  show(state, context) {
    for (const input of this.element.querySelectorAll("input")) {
      if (input === document.activeElement && input.type !== "checkbox") continue; // being typed in
      const value = this.values[input.name];
      if (value.widget === "flag") input.checked = Boolean(state[input.name]);
      else if (value.widget === "time") input.value = toInputTime(state[input.name]);
      else input.value = state[input.name] ?? context[input.name] ?? "";
      if (value.needs) input.disabled = state[value.needs] === undefined;
    }
  }

  say(text, isProblem = false) {
    this.context.innerHTML = escapeHtml(text);
    this.context.classList.toggle("problem", isProblem);
  }
}

// Small DOM helpers shared by the explorables: elements, buttons, labelled number fields.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function button(label, onClick) {
  const node = el("button", { type: "button", class: "bp-x-button" }, label);
  node.addEventListener("click", onClick);
  return node;
}

/**
 * A labelled number field with a slider beside it, both setting the same number.
 * `limit` is the slider's range (-limit..limit) or [min, max, step]; the field takes any
 * number in `allowed` (default: any finite number), and says `hint` when given another.
 * `onValue` gets each valid number.
 */
export function numberField(id, label, limit, onValue, allowed = Number.isFinite, hint = "Type a number here.") {
  const [min, max, step] = Array.isArray(limit) ? limit : [-limit, limit, 0.1];
  const labelId = `${id}-label`;
  const number = el("input", { type: "number", id, step: "any", inputmode: "decimal", class: "bp-x-number" });
  const slider = el("input", { type: "range", min, max, step, "aria-labelledby": labelId, class: "bp-x-slider" });
  const problem = el("span", { class: "bp-x-problem", id: `${id}-problem` });
  number.setAttribute("aria-describedby", problem.id);
  const take = (text, source) => {
    const value = Number(text);
    const ok = text.trim() !== "" && allowed(value);
    number.toggleAttribute("aria-invalid", !ok);
    problem.textContent = ok ? "" : hint;
    if (ok) {
      entry.last = value;
      if (source === slider) number.value = text;
      onValue(value);
    }
  };
  number.addEventListener("input", () => take(number.value, number));
  number.addEventListener("blur", () => entry.show(entry.last));
  slider.addEventListener("input", () => take(slider.value, slider));
  const entry = {
    node: el("div", { class: "bp-x-field" }, el("label", { for: id, id: labelId }, label), number, slider, problem),
    last: undefined,
    show(value) {
      entry.last = value;
      if (document.activeElement !== number) {
        number.value = String(value);
        number.removeAttribute("aria-invalid");
        problem.textContent = "";
      }
      slider.value = String(Math.min(Math.max(value, min), max));
    },
  };
  return entry;
}

/**
 * `view` (the diagram, first in `panel`) stays in view while the controls under it scroll
 * (explorable.css: .bp-x-view is sticky). A control that gets keyboard focus (Tab) and is
 * not already in sight under the stuck view is scrolled to just under it, with its
 * label; the view is then stuck, so what the control changes is in sight too.
 */
export function keepInView(panel, view) {
  panel.addEventListener("focusin", ({ target }) => {
    const style = getComputedStyle(view);
    // Keyboard focus only (and number fields): a pointer pressing a button or a slider
    // must not see it move away before the press ends.
    if (view.contains(target) || style.position != "sticky" || !target.matches(":focus-visible")) return;
    const box = (target.closest(".bp-x-field") || target).getBoundingClientRect();
    const stuck = parseFloat(style.top), under = stuck + view.offsetHeight + 8;
    if (view.getBoundingClientRect().top > stuck + 1 || box.top < under || box.bottom > innerHeight) scrollBy(0, box.top - under);
  });
}

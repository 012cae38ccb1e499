// The lesson's network figure, live: every input, weight and the target can be changed,
// and the node values, slopes and the chosen weight's three factors are redrawn at once.
import { backward, forward, threeFactors } from "./engine.js";
import { networkSvg } from "./draw.js";
import { formatNumber as f, nodeName, sentence } from "./format.js";
import { backpropSteps } from "./steps.js";
import { button, el, keepInView, numberField } from "./ui.js";

const DEFAULT_SHOW = ["values", "weights", "slopes"];

/** One example's numbers, per layer of nodes (index 0 = the inputs), for drawing. */
export function model(net, inputs, target) {
  const fp = forward(net, [inputs]);
  const slopes = backward(net, fp, [target]);
  const row = (a) => [undefined, ...a.map((x) => x[0])];
  return {
    ...net,
    sizes: [inputs.length, ...net.weights.map((w) => w[0].length)],
    values: fp.nodeValues.map((x) => x[0]),
    inputs: row(fp.nodeInputs),
    nodeSlopes: row(slopes.nodeSlopes),
    actSlopes: row(slopes.activationSlopes),
    weightSlopes: slopes.weightSlopes,
    target,
    error: slopes.error[0],
    loss: slopes.loss,
    fp,
    slopes,
  };
}

function figure(m, view, chosen) {
  const fig = { ...m, show: new Set(view.show || DEFAULT_SHOW), known: view.known, hidden: new Set(view.hidden || []), factors: new Map(), marked: new Set(), product: null, terms: [] };
  if (view.weights) fig.weights = view.weights;
  const weight = view.weight || (view.node ? null : chosen);
  if (weight) {
    const [k, i, j] = weight;
    fig.factors = new Map([[`v ${k - 1},${i}`, "1"], [`s ${k},${j}`, "2"], [`a ${k},${j}`, "3"]]);
    fig.marked = new Set([`w ${k},${i},${j}`, `v ${k - 1},${i}`]);
    fig.product = `g ${k},${i},${j}`;
    fig.terms = [[m.values[k - 1][i], "value in", "1"], [m.nodeSlopes[k][j], "node slope", "2"], [m.actSlopes[k][j], "act. slope", "3"], [m.weightSlopes[k - 1][i][j], "weight slope"]];
  } else if (view.node) {
    const [l, n] = view.node;
    fig.marked = new Set([`v ${l},${n}`]);
    m.weights[l][n].forEach((w, o) => {
      const b = 3 * o + 1;
      fig.factors.set(`w ${l + 1},${n},${o}`, `${b}`).set(`s ${l + 1},${o}`, `${b + 1}`).set(`a ${l + 1},${o}`, `${b + 2}`);
      fig.marked.add(`w ${l + 1},${n},${o}`);
      fig.terms.push([w, "weight", `${b}`], [m.nodeSlopes[l + 1][o], "node slope", `${b + 1}`], [m.actSlopes[l + 1][o], "act. slope", `${b + 2}`]);
    });
    fig.product = `s ${l},${n}`;
    fig.terms.push([m.nodeSlopes[l][n], "node slope"]);
  }
  return fig;
}

const weightName = (sizes, [k, i, j]) => `the weight from the ${nodeName(sizes, k - 1, i)} to the ${nodeName(sizes, k, j)}`;

/** Build the explorable inside `root` from the page's JSON `data`. */
export function mount(root, data) {
  const sizes = [data.inputs.length, ...data.weights.map((w) => w[0].length)];
  const keys = [];
  data.weights.forEach((w, k) => w.forEach((row, i) => row.forEach((_, j) => keys.push([k + 1, i, j]))));
  const state = {};
  const fields = [];
  const reset = () => {
    state.inputs = data.inputs.slice();
    state.weights = data.weights.map((w) => w.map((r) => r.slice()));
    state.target = data.target.slice();
    state.chosen = data.chosen;
    state.step = -1;
  };
  reset();

  const picture = el("div", { class: "bp-x-figure bp-x-wide", tabindex: 0, role: "region", "aria-label": "Network diagram" });
  const live = el("p", { class: "bp-x-live bp-x-caption", "aria-live": "polite" });
  const stepStatus = el("span", { class: "bp-x-status" });
  const choose = el("select", { id: `${root.id}-choose` });
  keys.forEach((key, n) => choose.append(el("option", { value: n }, sentence(weightName(sizes, key)))));
  choose.addEventListener("change", () => { state.chosen = keys[+choose.value]; state.step = -1; redraw(); });

  const group = (legend, entries) => el("fieldset", { class: "bp-x-group" }, el("legend", {}, legend), ...entries);
  // After an edit, a diagram wider than the screen scrolls sideways to the changed number.
  const follow = (key) => {
    const box = picture.querySelector(`[data-key="${key}"]`).getBoundingClientRect(), frame = picture.getBoundingClientRect();
    picture.scrollLeft += box.left + box.right - frame.left - frame.right >> 1;
  };
  const field = (label, get, set, limit, key) => {
    const entry = numberField(`${root.id}-${fields.length}`, label, limit, (value) => { set(value); redraw(); follow(key); });
    entry.sync = () => entry.show(get());
    fields.push(entry);
    return entry.node;
  };
  const inputs = group("Inputs", data.inputs.map((_, n) => field(`Value of the ${nodeName(sizes, 0, n)}`, () => state.inputs[n], (v) => { state.inputs[n] = v; }, 5, `v 0,${n}`)));
  const weightGroups = data.weights.map((w, k) => group(`Weights of layer ${k + 1}`, keys.filter(([l]) => l === k + 1).map(([, i, j]) => field(
    `From the ${nodeName(sizes, k, i)} to the ${nodeName(sizes, k + 1, j)}`, () => state.weights[k][i][j], (v) => { state.weights[k][i][j] = v; }, 5, `w ${k + 1},${i},${j}`))));
  const target = group("Target", data.target.map((_, n) => field(`Target of the ${nodeName(sizes, sizes.length - 1, n)}`, () => state.target[n], (v) => { state.target[n] = v; }, 10, `v ${sizes.length - 1},${n}`)));

  let steps = [];
  const go = (step) => { state.step = step; redraw(); };
  const controls = el("div", { class: "bp-x-steps" },
    button("Previous step", () => go(Math.max(state.step - 1, 0))),
    button("Next step", () => go(Math.min(state.step + 1, steps.length - 1))),
    button("Show every number", () => go(-1)),
    stepStatus);

  function redraw() {
    const started = performance.now();
    const net = { weights: state.weights, biases: data.biases, activations: data.activations };
    const m = model(net, state.inputs, state.target);
    steps = backpropSteps(m, data.learningRate);
    const step = steps[state.step];
    const view = step ? step.view : { show: ["values", "inputs", "weights", "slopes", "act", "notes"], known: null };
    const title = step ? step.title : "The network with every node value, node input and slope";
    picture.innerHTML = networkSvg(figure(m, view, state.chosen), title);
    choose.value = keys.findIndex((key) => key.join() === state.chosen.join());
    const three = threeFactors(net, m.fp, m.slopes, ...state.chosen);
    const chosenText = `Slope of ${weightName(sizes, state.chosen)}: ${three.factors.map(f).join(" × ")} = ${f(three.slope)}.`;
    stepStatus.textContent = step ? `Step ${state.step + 1} of ${steps.length}` : "All numbers shown";
    const outputs = m.values[sizes.length - 1];
    live.textContent = `Prediction ${outputs.map(f).join(", ")}, error ${m.error.map(f).join(", ")}, loss ${f(m.loss)}. ${step ? `Step ${state.step + 1}: ${step.caption}` : chosenText}`;
    fields.forEach((entry) => entry.sync());
    root.dataset.redrawMs = (performance.now() - started).toFixed(3);
  }

  // The diagram and its caption come first and stay in view (sticky, explorable.css)
  // while the controls below them scroll: every edit shows its effect, on a phone too.
  const view = el("div", { class: "bp-x-view" }, picture, live);
  const panel = el("div", { class: "bp-x-panel" },
    view,
    el("div", { class: "bp-x-choose" }, el("label", { for: choose.id }, "Three factors of: "), choose),
    controls,
    el("div", { class: "bp-x-controls" }, inputs, ...weightGroups, target),
    el("p", { class: "bp-x-key" }, "v = node value, input = node input, w = weight, red boxes = slopes of the loss (node slope above a node, weight slope on an arrow), act. slope = activation slope; discs 1 to 3 mark the three factors."),
    button("Reset to the lesson's numbers", () => { reset(); redraw(); }));
  keepInView(panel, view);
  redraw();
  return panel;
}

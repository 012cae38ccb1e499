// Gradient descent and SGD you can drive: pick a learning rate (and a batch size), make
// updates, watch the weights and a growing loss curve. The arithmetic is engine.js's
// sgdEpoch, which is bpbook.training's loop with shuffle=False.
import { forward, lossOfErrors, sgdEpoch } from "./engine.js";
import { formatNumber as f } from "./format.js";
import { button, el, keepInView, numberField } from "./ui.js";

const GROWING = 3; // updates in a row with a growing loss before the page calls it diverging

/** A copy of a network whose weight and bias arrays may be changed in place. */
export function copyNetwork(net) {
  return {
    ...net,
    weights: net.weights.map((w) => w.map((row) => row.slice())),
    biases: net.biases && net.biases.map((b) => (b ? b.slice() : null)),
  };
}

/** bpbook.sgd(..., shuffle=False): `epochs` passes; a new network and the loss history. */
export function sgd(net, inputs, targets, learningRate, batchSize, epochs) {
  const trained = copyNetwork(net);
  const lossPerUpdate = [], epochOfUpdate = [], lossPerEpoch = [];
  for (let e = 0; e < epochs; e++) {
    const { losses, epochLoss } = sgdEpoch(trained, inputs, targets, learningRate, batchSize);
    lossPerUpdate.push(...losses);
    losses.forEach(() => epochOfUpdate.push(e + 1)); // epochs counted from 1, as bpbook does
    lossPerEpoch.push(epochLoss);
  }
  return { network: trained, lossPerUpdate, epochOfUpdate, lossPerEpoch };
}

function curveSvg(losses, perEpoch, room) {
  const W = Math.min(Math.max(room, 300), 720), H = 260, left = 64, right = 16, top = 16, bottom = 44;
  const positive = losses.filter((x) => x > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive, 1)));
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...positive, 1))), lo + 1);
  const n = Math.max(losses.length, perEpoch ? perEpoch * 2 : 10);
  const X = (u) => left + ((W - left - right) * u) / n;
  const Y = (v) => top + ((H - top - bottom) * (hi - Math.log10(Math.max(v, 10 ** lo)))) / (hi - lo);
  const parts = [];
  const every = Math.ceil((hi - lo) / 6);
  for (let p = lo; p <= hi; p += every) {
    parts.push(`<line class="bp-x-grid" x1="${left}" x2="${W - right}" y1="${Y(10 ** p)}" y2="${Y(10 ** p)}"/>`,
      `<text x="${left - 6}" y="${Y(10 ** p)}" text-anchor="end" dominant-baseline="central">${f(10 ** p)}</text>`);
  }
  if (perEpoch) {
    const epochs = Math.ceil(n / perEpoch), skip = Math.ceil(epochs / 12);
    for (let e = 0; e < epochs; e += skip) {
      parts.push(`<line class="bp-x-epoch" x1="${X(e * perEpoch)}" x2="${X(e * perEpoch)}" y1="${top}" y2="${H - bottom}"/>`,
        `<text x="${X(e * perEpoch) + 3}" y="${H - bottom + 14}">${e + 1}</text>`);
    }
  }
  const points = losses.map((v, u) => `${X(u + 0.5).toFixed(1)},${Y(v).toFixed(1)}`).join(" ");
  const label = perEpoch ? "epoch (a dashed line where each starts)" : "update";
  if (!perEpoch && losses.length) parts.push(`<text x="${X(losses.length - 0.5)}" y="${H - bottom + 14}" text-anchor="middle">${losses.length}</text>`);
  return `<svg class="bp-x-curve" viewBox="0 0 ${W} ${H}" role="img" aria-label="Loss after each update, logarithmic axis: ${losses.length} updates so far">`
    + `<line class="bp-x-axis" x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}"/><line class="bp-x-axis" x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}"/>`
    + `${parts.join("")}<polyline class="bp-x-loss" points="${points}"/>`
    + `<text x="${(left + W) / 2}" y="${H - 8}" text-anchor="middle">${label}</text>`
    + `<text transform="translate(14 ${(top + H - bottom) / 2}) rotate(-90)" text-anchor="middle">loss</text></svg>`;
}

/** Build a training explorable ("descent": full batch, "sgd": mini-batches) in `root`. */
export function mount(root, data) {
  const sgd = data.kind === "sgd";
  const count = data.inputs.length;
  const settings = { rate: data.learningRate, batch: sgd ? data.batchSize : count, repeat: data.repeat };
  const state = {};
  const reset = () => Object.assign(state, { net: copyNetwork(data), losses: [], epochLosses: [], stopped: "" });
  reset();
  const figure = el("div", { class: "bp-x-figure" });
  const numbers = el("p", { class: "bp-x-numbers" });
  const note = el("p", { class: "bp-x-note" });
  const live = el("p", { class: "bp-x-live bp-x-sr", "aria-live": "polite" });
  const id = (n) => `${root.id}-${n}`;
  const fields = [numberField(id("rate"), "Learning rate", [0.001, sgd ? 0.5 : 0.2, 0.001], (v) => { settings.rate = v; }, (v) => v > 0 && Number.isFinite(v))];
  if (sgd) {
    fields.push(numberField(id("batch"), `Batch size (1 to ${count})`, [1, count, 1], (v) => { settings.batch = v; reset(); show(); }, (v) => Number.isInteger(v) && v >= 1 && v <= count));
  }
  fields.push(numberField(id("repeat"), sgd ? "Epochs per run" : "Updates per run", [1, sgd ? 50 : 100, 1], (v) => { settings.repeat = v; }, (v) => Number.isInteger(v) && v >= 1 && v <= 10000));
  fields.forEach((entry, n) => entry.show([settings.rate, ...(sgd ? [settings.batch] : []), settings.repeat][n]));

  const currentLoss = () => {
    const fp = forward(state.net, data.inputs);
    return lossOfErrors(fp.nodeValues[state.net.weights.length].map((row, n) => row.map((p, j) => p - data.targets[n][j])));
  };

  function once() {
    if (state.stopped) return false;
    try {
      const { losses, epochLoss } = sgdEpoch(state.net, data.inputs, data.targets, settings.rate, settings.batch, state.losses.length);
      state.losses.push(...losses);
      state.epochLosses.push(epochLoss);
      if (!state.net.weights.flat(2).every(Number.isFinite)) throw new RangeError("a weight became infinite");
    } catch (problem) {
      state.stopped = `Training stopped: ${problem.message}. The updates are running away because the learning rate is too large; bpbook's training functions raise TrainingDivergedError here. Start over with a smaller learning rate.`;
      return false;
    }
    return true;
  }

  function show() {
    const started = performance.now();
    figure.innerHTML = curveSvg(state.losses, sgd ? Math.ceil(count / settings.batch) : 0, figure.clientWidth || root.clientWidth);
    const done = state.losses.length;
    const weights = state.net.weights.flat(2);
    const shownWeights = weights.length <= 4 ? `; weights ${weights.map(f).join(", ")}` : "";
    const loss = done ? currentLoss() : NaN;
    const summary = !done ? `No update yet. Loss of the starting weights: ${f(currentLoss())}.`
      : sgd ? `After ${state.epochLosses.length} epochs (${done} updates of batch size ${settings.batch}): loss over the last epoch ${f(state.epochLosses[state.epochLosses.length - 1])}; loss on all ${count} examples now ${f(loss)}.`
        : `After ${done} updates: loss before the last update ${f(state.losses[done - 1])}; loss now ${f(loss)}${shownWeights}.`;
    numbers.textContent = summary;
    const recent = state.losses.slice(-GROWING - 1);
    const growing = recent.length > GROWING && recent.every((v, n) => n === 0 || v > recent[n - 1]);
    note.textContent = state.stopped || (growing ? `The loss grew in each of the last ${GROWING} updates: this learning rate is too large, and training is diverging.` : "");
    live.textContent = `${summary} ${note.textContent}`;
    root.dataset.redrawMs = (performance.now() - started).toFixed(3);
  }

  const reduced = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function run(times) {
    if (reduced()) {
      for (let n = 0; n < times && once(); n++);
      show();
      return;
    }
    let left = times;
    const frame = () => {
      if (left-- > 0 && once()) {
        show();
        requestAnimationFrame(frame);
      } else show();
    };
    frame();
  }

  // The loss curve and its numbers first, in view while the controls scroll (ui.js).
  const view = el("div", { class: "bp-x-view" }, figure, numbers, note);
  const panel = el("div", { class: "bp-x-panel" },
    view,
    el("div", { class: "bp-x-steps" },
      button(sgd ? "Run 1 epoch" : "Update", () => run(1)),
      button(sgd ? "Run the epochs" : "Run the updates", () => run(settings.repeat)),
      button("Start over", () => { reset(); show(); })),
    el("div", { class: "bp-x-controls" }, ...fields.map((entry) => entry.node)),
    sgd ? el("p", {}, "The page runs SGD without shuffling: every epoch takes the examples in the same order (bpbook's sgd with shuffle=False), because numpy's shuffles cannot be repeated in the browser. Changing the batch size starts over.") : "",
    live);
  keepInView(panel, view);
  show();
  return panel;
}

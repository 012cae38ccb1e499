// The loss surface of the two-weight example, live: pick a starting point (a click or a
// tap on the map, or the two number fields) and a learning rate, then watch gradient
// descent walk across the contour lines, one update at a time. The arithmetic is
// engine.js's forward, backward and update, and the loop is bpbook.train's: the same
// losses recorded, the same stops (a flat loss curve, cycling, divergence, max_steps).
import { backward, forward, update } from "./engine.js";
import { formatNumber as f } from "./format.js";
import { button, el, keepInView, numberField } from "./ui.js";

// bpbook.train's defaults: tolerance (a flat loss curve) and DIVERGE_FACTOR.
export const TOLERANCE = 1e-9, DIVERGE_FACTOR = 100;

/** The network's weights, biases, loss and slopes at one point of the path. */
function point(net, inputs, targets) {
  const slopes = backward(net, forward(net, inputs), targets);
  return { net, weights: net.weights.flat(2), loss: slopes.loss, slopes };
}

/** A gradient-descent run about to start (bpbook.train's loop, before its first update). */
export function begin(net, inputs, targets, rate, maxUpdates) {
  return { inputs, targets, rate, maxUpdates, trail: [point(net, inputs, targets)], recorded: [], limit: -1, startSum: null, stopped: null };
}

// bpbook.loop's flat_reason: "flat" when the next update would hardly move a weight.
function flatReason(run, here) {
  const { weightSlopes, biasSlopes } = here.slopes;
  const steps = [...weightSlopes.flat(2), ...biasSlopes.flat().filter((s) => s !== null)].map(Math.abs);
  const sizes = here.net.weights.flat(2).map(Math.abs);
  const limit = Math.max(Math.sqrt(TOLERANCE), 1e-8) * Math.max(1, ...sizes);
  return run.rate * Math.max(...steps) <= limit ? "flat" : "cycling";
}

function stop(run, reason, text) {
  run.stopped = { reason, update: run.recorded.length, text };
  return false;
}

const isFlat = (run, loss) => run.recorded.length > 0 && Math.abs(run.recorded[run.recorded.length - 1] - loss) <= TOLERANCE;

// bpbook.loop's check_growth, for full-batch descent: the loss before training sets the bound.
function grew(run, loss) {
  const n = run.inputs.length;
  if (run.limit < 0) {
    run.startSum = loss * n;
    run.limit = DIVERGE_FACTOR * loss * n;
    return false;
  }
  if (loss * n <= run.limit) return false;
  run.limit = run.startSum > 0 ? DIVERGE_FACTOR * run.startSum : Infinity;
  return loss * n > run.limit;
}

/**
 * One update of the run, as bpbook.train makes it; false when the run has stopped (then
 * run.stopped says why: "flat", "cycling", "diverged" or "max_steps", at which update).
 */
export function advance(run) {
  if (run.stopped) return false;
  const here = run.trail[run.trail.length - 1];
  if (!Number.isFinite(here.loss)) {
    run.recorded.push(here.loss);
    return stop(run, "diverged", `the loss became ${f(here.loss)}`);
  }
  if (isFlat(run, here.loss)) return stop(run, flatReason(run, here), "");
  run.recorded.push(here.loss);
  if (grew(run, here.loss)) {
    return stop(run, "diverged", `the loss grew to ${f(here.loss)}, more than ${DIVERGE_FACTOR} times the loss at the start (${f(run.startSum / run.inputs.length)})`);
  }
  const next = point(update(here.net, here.slopes, run.rate), run.inputs, run.targets);
  run.trail.push(next);
  if (!next.weights.every(Number.isFinite)) return stop(run, "diverged", "a weight became infinite");
  if (run.recorded.length === run.maxUpdates) {
    // bpbook.train after its last update: the final loss must be finite, and may be flat.
    if (!Number.isFinite(next.loss)) return stop(run, "diverged", `the loss became ${f(next.loss)}`);
    return stop(run, isFlat(run, next.loss) ? flatReason(run, next) : "max_steps", "");
  }
  return true;
}

/** A whole run: every point's weights and loss, and why it stopped. */
export function descentPath(net, inputs, targets, rate, maxUpdates) {
  const run = begin(net, inputs, targets, rate, maxUpdates);
  while (advance(run));
  return { weights: run.trail.map((p) => p.weights), losses: run.trail.map((p) => p.loss), recorded: run.recorded, stopped: run.stopped };
}

/** The example's loss at every point of the grid: losses[r][c] at (weights1[c], weights2[r]). */
export function gridLosses(net, inputs, targets, weights1, weights2) {
  return weights2.map((b) => weights1.map((a) => {
    const at = { ...net, weights: [[[a], [b]]] };
    return backward(at, forward(at, inputs), targets).loss;
  }));
}

/**
 * The contour line of `values` (a grid, rows along y) at `level`, by marching squares
 * with straight-line interpolation along each cell edge (as matplotlib's contour does):
 * a list of segments [[x, y], [x, y]], one or two per cell the line crosses.
 */
export function contourSegments(xs, ys, values, level) {
  const segments = [];
  const cross = (x0, y0, a, x1, y1, b) => ((a < level) === (b < level) ? null : [x0 + ((level - a) / (b - a)) * (x1 - x0), y0 + ((level - a) / (b - a)) * (y1 - y0)]);
  for (let r = 0; r + 1 < ys.length; r++) {
    for (let c = 0; c + 1 < xs.length; c++) {
      const [x0, x1, y0, y1] = [xs[c], xs[c + 1], ys[r], ys[r + 1]];
      const [a, b, d, e] = [values[r][c], values[r][c + 1], values[r + 1][c + 1], values[r + 1][c]];
      // The cell's edges in turn: bottom, right, top, left.
      const hits = [cross(x0, y0, a, x1, y0, b), cross(x1, y0, b, x1, y1, d), cross(x1, y1, d, x0, y1, e), cross(x0, y1, e, x0, y0, a)];
      const at = hits.filter(Boolean);
      if (at.length === 2) segments.push(at);
      else if (at.length === 4) {
        // A saddle: the centre's value says which corners the line separates.
        const low = (a + b + d + e) / 4 < level === a < level;
        segments.push(...(low ? [[hits[0], hits[1]], [hits[2], hits[3]]] : [[hits[3], hits[0]], [hits[1], hits[2]]]));
      }
    }
  }
  return segments;
}

// ---------------------------------------------------------------- the drawing

const SCALE = 100, LEFT = 46, TOP = 12, RIGHT = 12, BOTTOM = 44;
const n1 = (v) => v.toFixed(1);

function mapOf(data) {
  const [x0, x1] = [data.weights1[0], data.weights1[data.weights1.length - 1]];
  const [y0, y1] = [data.weights2[0], data.weights2[data.weights2.length - 1]];
  const width = (x1 - x0) * SCALE, height = (y1 - y0) * SCALE;
  return {
    x0, x1, y0, y1, width, height,
    X: (w) => LEFT + (w - x0) * SCALE,
    Y: (w) => TOP + (y1 - w) * SCALE,
    weightsAt: (x, y) => [x0 + (x - LEFT) / SCALE, y1 - (y - TOP) / SCALE],
  };
}

// The contour lines, once: sqrt(loss) at sqrt(level), as the static figure draws them
// (straight lines for a squared error), one SVG path per level.
function contourPaths(data, map) {
  const roots = gridLosses(data, data.inputs, data.targets, data.weights1, data.weights2).map((row) => row.map(Math.sqrt));
  return data.levels.map((level) => contourSegments(data.weights1, data.weights2, roots, Math.sqrt(level))
    .map(([p, q]) => `M${n1(map.X(p[0]))} ${n1(map.Y(p[1]))}L${n1(map.X(q[0]))} ${n1(map.Y(q[1]))}`).join(""));
}

function ticks(lo, hi) {
  const out = [];
  for (let t = Math.ceil(lo * 2) / 2; t <= hi + 1e-9; t += 0.5) out.push(t);
  return out;
}

function surfaceSvg(map, contours, data, run, clipId, label) {
  const { X, Y, width, height } = map;
  const parts = contours.map((d) => `<path class="bp-x-contour" d="${d}"/>`);
  const [[a, b], [c, d]] = data.valley;
  parts.push(`<line class="bp-x-valley" x1="${n1(X(a))}" y1="${n1(Y(b))}" x2="${n1(X(c))}" y2="${n1(Y(d))}"/>`);
  const xy = run.trail.map((p) => [X(p.weights[0]), Y(p.weights[1])].map(n1).join(" "));
  const last = xy[xy.length - 1].split(" ");
  const track = `<path class="bp-x-track" d="M${xy.join("L")}"/><path class="bp-x-dots" d="${xy.map((p) => `M${p}h0`).join("")}"/>`
    + `<rect class="bp-x-start" x="${n1(+xy[0].split(" ")[0] - 5)}" y="${n1(+xy[0].split(" ")[1] - 5)}" width="10" height="10"/>`
    + `<circle class="bp-x-here" cx="${last[0]}" cy="${last[1]}" r="7"/>`;
  const axis = [];
  for (const t of ticks(map.x0, map.x1)) axis.push(`<text x="${n1(X(t))}" y="${TOP + height + 16}" text-anchor="middle">${f(t)}</text>`);
  for (const t of ticks(map.y0, map.y1)) axis.push(`<text x="${LEFT - 6}" y="${n1(Y(t))}" text-anchor="end" dominant-baseline="central">${f(t)}</text>`);
  const W = LEFT + width + RIGHT, H = TOP + height + BOTTOM;
  return `<svg class="bp-x-surface" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">`
    + `<defs><clipPath id="${clipId}"><rect x="${LEFT}" y="${TOP}" width="${width}" height="${height}"/></clipPath></defs>`
    + `<rect class="bp-x-frame" x="${LEFT}" y="${TOP}" width="${width}" height="${height}"/>`
    + `<g clip-path="url(#${clipId})">${parts.join("")}${track}</g>${axis.join("")}`
    + `<text x="${LEFT + width / 2}" y="${H - 6}" text-anchor="middle">weight 1</text>`
    + `<text transform="translate(13 ${TOP + height / 2}) rotate(-90)" text-anchor="middle">weight 2</text></svg>`;
}

// ---------------------------------------------------------------- the explorable

const pair = (w) => `(${f(w[0])}, ${f(w[1])})`;
const updates = (u) => `${u} update${u === 1 ? "" : "s"}`;
const STOPS = {
  flat: (u) => `The loss curve is flat after ${updates(u)} (the last changed the loss by at most ${TOLERANCE}): the weights are in the valley. bpbook's train stops here: converged.`,
  cycling: () => "The loss no longer changes, but the weights jump across the valley and back at every update. bpbook's train stops here: cycling.",
  max_steps: (u) => `Stopped after ${u} updates, the most this page makes (bpbook's train with max_steps=${u}).`,
  diverged: (u, text) => `Stopped at update ${u}: ${text}. The learning rate is too large; bpbook's train raises TrainingDivergedError here.`,
};

/** Build the loss-surface explorable inside `root` from the page's JSON `data`. */
export function mount(root, data) {
  const map = mapOf(data);
  const contours = contourPaths(data, map);
  const state = {};
  let timer = 0;
  const net = (start) => ({ weights: [[[start[0]], [start[1]]]], biases: data.biases, activations: data.activations });
  const restart = () => {
    clearTimeout(timer);
    timer = 0;
    state.run = begin(net(state.start), data.inputs, data.targets, state.rate, data.maxUpdates);
  };
  const reset = () => {
    state.start = data.weights.flat(2);
    state.rate = data.learningRate;
    restart();
  };
  reset();

  const figure = el("div", { class: "bp-x-figure" });
  const numbers = el("p", { class: "bp-x-numbers" });
  const note = el("p", { class: "bp-x-note" });
  const live = el("p", { class: "bp-x-live bp-x-sr", "aria-live": "polite" });
  const id = (n) => `${root.id}-${n}`;
  const inMap = (lo, hi) => (v) => Number.isFinite(v) && v >= lo && v <= hi;
  const setStart = (k) => (v) => { state.start[k] = v; restart(); show(); };
  const fields = [
    numberField(id("w1"), "Weight 1 at the start", [map.x0, map.x1, 0.01], setStart(0), inMap(map.x0, map.x1), `Type a number from ${f(map.x0)} to ${f(map.x1)}.`),
    numberField(id("w2"), "Weight 2 at the start", [map.y0, map.y1, 0.01], setStart(1), inMap(map.y0, map.y1), `Type a number from ${f(map.y0)} to ${f(map.y1)}.`),
    numberField(id("rate"), "Learning rate", [0.001, 0.06, 0.001], (v) => { state.rate = v; restart(); show(); }, (v) => v > 0 && v <= 1, "Type a number above 0, at most 1."),
  ];
  const sync = () => fields.forEach((entry, n) => entry.show([...state.start, state.rate][n]));
  const rates = el("div", { class: "bp-x-steps", role: "group", "aria-label": "The figure's learning rates" },
    ...data.rates.map(([name, rate]) => button(`${name}: ${f(rate)}`, () => { state.rate = rate; restart(); sync(); show(); })));

  function show() {
    const started = performance.now();
    const { run } = state;
    const here = run.trail[run.trail.length - 1], done = run.trail.length - 1;
    const slopes = here.slopes.weightSlopes.flat(2);
    const where = `weights ${pair(here.weights)}, loss ${f(here.loss)}, slopes ${pair(slopes)}`;
    numbers.textContent = done ? `After update ${done}: ${where}.` : `Start: ${where}. Press Step or Play.`;
    const off = here.weights[0] < map.x0 || here.weights[0] > map.x1 || here.weights[1] < map.y0 || here.weights[1] > map.y1;
    const stopped = run.stopped && STOPS[run.stopped.reason](run.stopped.update, run.stopped.text);
    note.textContent = [off ? "The weights have left the map." : "", stopped || ""].join(" ").trim();
    const label = `Contour lines of the loss over weight 1 (across, ${f(map.x0)} to ${f(map.x1)}) and weight 2 (up, ${f(map.y0)} to ${f(map.y1)}); the loss is 0 on the dashed line. `
      + `Learning rate ${f(state.rate)}, start ${pair(run.trail[0].weights)}, ${done} updates so far, now at ${pair(here.weights)}.`;
    figure.innerHTML = surfaceSvg(map, contours, data, run, id("clip"), label);
    live.textContent = `${numbers.textContent} ${note.textContent}`;
    play.textContent = timer ? "Pause" : "Play";
    root.dataset.redrawMs = (performance.now() - started).toFixed(3);
  }

  const reduced = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function toggle() {
    if (timer) { clearTimeout(timer); timer = 0; show(); return; }
    if (reduced()) { while (advance(state.run)); show(); return; }
    const frame = () => { timer = advance(state.run) ? setTimeout(frame, 150) : 0; show(); };
    timer = -1;
    frame();
  }

  // A click or tap on the map starts the path there (rounded to 0.01).
  figure.addEventListener("click", (event) => {
    const svg = figure.querySelector("svg");
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    const [w1, w2] = map.weightsAt(at.x, at.y).map((w) => Math.round(w * 100) / 100);
    if (!inMap(map.x0, map.x1)(w1) || !inMap(map.y0, map.y1)(w2)) return;
    state.start = [w1, w2];
    restart();
    sync();
    show();
  });

  const play = button("Play", toggle);
  const view = el("div", { class: "bp-x-view bp-x-beside" }, figure, el("div", {}, numbers, note));
  const panel = el("div", { class: "bp-x-panel" },
    view,
    el("div", { class: "bp-x-steps" },
      button("Step", () => { if (!timer) { advance(state.run); show(); } }),
      play,
      button("Start over", () => { restart(); show(); })),
    rates,
    el("div", { class: "bp-x-controls" }, ...fields.map((entry) => entry.node)),
    el("p", { class: "bp-x-key" }, "Click or tap the map to start there, or type the two weights. Square: the start; dots: the weights after each update; ring: where the weights are now; dashed line: loss 0."),
    button("Reset to the lesson's start and learning rate", () => { reset(); sync(); show(); }),
    live);
  keepInView(panel, view);
  sync();
  show();
  return panel;
}

// bpbook.drawing.backprop_steps in the page: the same steps and captions, computed from
// the reader's numbers (no weight is "unseen" here: the reader sets every one).
import { update } from "./engine.js";
import { formatNumber as f, nodeName, sentence } from "./format.js";

const and = (items) => items.slice(0, -1).join(", ") + (items.length > 1 ? " and " : "") + items[items.length - 1];
const product = (numbers) => numbers.map(f).join(" × ");
const range = (n) => Array.from({ length: n }, (_, i) => i);

/** `m` holds one example's numbers (see network.js: model); returns [{title, caption, view}]. */
export function backpropSteps(m, learningRate) {
  const { sizes, weights } = m;
  const last = sizes.length - 1;
  const layers = range(last).map((k) => k + 1);
  const known = new Set();
  const steps = [];
  const add = (title, caption, view) => steps.push({ title, caption, view: { known: new Set(known), ...view } });

  const hiddenValues = range(last - 1).map((k) => m.values[k + 1].map(f).join(" and "));
  const sums = range(sizes[last]).map((j) => range(sizes[last - 1])
    .map((i) => `${f(m.values[last - 1][i])} × ${f(weights[last - 1][i][j])}`).join(" + ") + ` = ${f(m.inputs[last][j])}`);
  const bias = m.biases && m.biases[last - 1] ? " (plus the bias)" : "";
  const hiddenPart = hiddenValues.length ? `the hidden node values are ${hiddenValues.join("; then ")}; ` : "";
  add("Forward pass", sizes[last] === 1 && m.activations[last - 1] === "identity"
    ? `Forward pass: ${hiddenPart}the output node value (the prediction) is ${sums[0]}${bias}.`
    : `Forward pass: ${hiddenPart}the output node inputs are ${sums.join("; ")}${bias}; the predictions are ${m.values[last].map(f).join(", ")}.`,
  { show: ["values", "weights"] });

  range(sizes[last]).forEach((j) => {
    known.add(`${last},${j}`);
    const name = nodeName(sizes, last, j);
    add(`Slope of the ${name}`, `Slope of the loss with respect to the ${name}: 2 × error = 2 × (${f(m.values[last][j])} - ${f(m.target[j])}) = ${f(m.nodeSlopes[last][j])}.`, {});
  });

  for (let k = last; k >= 1; k--) {
    const others = layers.filter((l) => l !== k);
    for (let j = 0; j < sizes[k]; j++) {
      if (k < last) {
        known.add(`${k},${j}`);
        const products = range(sizes[k + 1]).map((o) => product([weights[k][j][o], m.nodeSlopes[k + 1][o], m.actSlopes[k + 1][o]]));
        const name = nodeName(sizes, k, j);
        add(`Slope of the ${name}`, `Slope of the ${name}: ${products.length === 1
          ? "outgoing weight × slope of the node it feeds × activation slope there"
          : "the sum, over its outgoing weights, of weight × slope of the node it feeds × activation slope there"
        } = ${products.join(" + ")} = ${f(m.nodeSlopes[k][j])}.`,
        { hidden: layers.filter((l) => l !== k && l !== k + 1), node: [k, j] });
      }
      for (let i = 0; i < sizes[k - 1]; i++) {
        known.add(`${k},${i},${j}`);
        const what = `the weight from the ${nodeName(sizes, k - 1, i)} to the ${nodeName(sizes, k, j)}`;
        add(sentence(`slope of ${what}`), `Slope of ${what}: ${product([m.values[k - 1][i], m.nodeSlopes[k][j], m.actSlopes[k][j]])} = ${f(m.weightSlopes[k - 1][i][j])}.`,
          { hidden: k < last ? others : [], weight: [k, i, j] });
      }
    }
  }

  const listing = (arrays, verb) => layers.slice().reverse().map((k) => {
    const which = k === last ? "the output weights" : k === 1 ? "the weights of the first layer" : `the weights of layer ${k}`;
    return `${which} ${verb} ${and(arrays[k - 1].flat().map(f))}`;
  }).join("; ");
  known.clear();
  steps.push({ title: "Every slope", caption: `Every slope: ${listing(m.weightSlopes, "have slopes")}.`, view: { known: null } });

  if (learningRate !== undefined) {
    const updated = update(m, m.slopes, learningRate).weights;
    let best = [1, 0, 0];
    const slopeAt = ([k, i, j]) => Math.abs(m.weightSlopes[k - 1][i][j]);
    layers.forEach((k) => range(sizes[k - 1]).forEach((i) => range(sizes[k]).forEach((j) => {
      if (slopeAt([k, i, j]) > slopeAt(best)) best = [k, i, j];
    })));
    const [k, i, j] = best;
    const rate = f(learningRate);
    const example = `${f(weights[k - 1][i][j])} − ${rate} × ${f(m.weightSlopes[k - 1][i][j])} = ${f(updated[k - 1][i][j])}`;
    steps.push({
      title: "The update",
      caption: `Update with learning rate ${rate}: every weight minus ${rate} × its slope, e.g. ${example}; ${listing(updated, "become")}.`,
      view: { known: null, show: ["weights"], weights: updated },
    });
  }
  return steps;
}

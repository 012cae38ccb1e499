// bpbook's arithmetic in the page: dense layers, forward, backward, update, SGD, with
// squared error (and, once classifier.js is imported, softmax + cross-entropy).
// Every operation follows bpbook/backprop.py, loss.py and training.py, in the same
// order, so the browser tests can hold it to bpbook within 1e-12 relative error.
// A batch is an array of rows (one per example); weights[k][i][j] joins node i of
// layer k to node j of layer k + 1 (k counts layers of weights from 0, as bpbook's tuples).

const relu = { value: (z) => Math.max(z, 0), slope: (z) => (z > 0 ? 1 : 0) };
const identity = { value: (z) => z, slope: () => 1 };
function sig(z) {
  // Split by sign so that exp never overflows (bpbook's formula).
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
const sigmoid = { value: sig, slope: (z) => { const s = sig(z); return s * (1 - s); } };
const tanh = { value: Math.tanh, slope: (z) => { const t = Math.tanh(z); return 1 - t * t; } };
export const sum = (row) => row.reduce((s, v) => s + v, 0);
// An activation with `row` works on a whole row of node inputs; one with `lossAndSlope`
// chooses the network's loss when it is the output layer's (bpbook's Network.loss).
// classifier.js adds softmax + cross-entropy that way, for pages that need it.
export const ACTIVATIONS = { relu, identity, linear: identity, sigmoid, tanh };

function activation(name) {
  const a = ACTIVATIONS[name];
  if (!a) throw new Error(`activation: expected one of ${Object.keys(ACTIVATIONS)}, got ${name}`);
  return a;
}

export const map = (rows, f) => rows.map((row) => row.map(f));

/** Forward propagation on a batch: every layer's node inputs and node values. */
export function forward(net, inputs) {
  const nodeInputs = [];
  const nodeValues = [inputs];
  net.weights.forEach((w, k) => {
    const b = net.biases && net.biases[k];
    const z = nodeValues[k].map((a) => w[0].map((_, j) => {
      const total = sum(a.map((v, i) => v * w[i][j]));
      return b ? total + b[j] : total;
    }));
    const act = activation(net.activations[k]);
    if (act.row && net.weights[k + 1]) throw new Error("softmax: output layer only");
    nodeInputs.push(z);
    nodeValues.push(act.row ? z.map(act.row) : map(z, act.value));
  });
  return { nodeInputs, nodeValues };
}

/** Mean over the rows of each row's squared error (bpbook.loss.batch_loss). */
export const lossOfErrors = (errors) => sum(errors.flat().map((e) => e * e)) / errors.length;

/**
 * The network's loss on a batch, the error and the slope backpropagation starts from
 * (bpbook's Network.loss): squared error, slope 2 * error / n w.r.t. the predictions,
 * unless the output activation brings its own loss (classifier.js: cross-entropy).
 */
export function lossAndSlope(net, fp, targets) {
  const L = net.weights.length;
  const error = fp.nodeValues[L].map((row, n) => row.map((p, j) => p - targets[n][j]));
  return { error, ...(activation(net.activations[L - 1]).lossAndSlope || squaredError)(fp.nodeInputs[L - 1], error, targets) };
}
const squaredError = (z, error) => ({ loss: lossOfErrors(error), slope: map(error, (e) => (2 / error.length) * e) });

// One layer back: node-input slopes, weight slopes, and the node slopes of layer k - 1.
function layerBack(net, fp, k, slope) {
  const act = activation(net.activations[k]);
  const inputSlope = slope.map((row, n) => row.map((s, j) => s * act.slope(fp.nodeInputs[k][n][j])));
  const a = fp.nodeValues[k];
  const w = net.weights[k];
  const weightSlope = w.map((row, i) => row.map((_, j) => sum(a.map((v, n) => v[i] * inputSlope[n][j]))));
  const back = k > 0 ? inputSlope.map((d) => w.map((row) => sum(d.map((s, j) => s * row[j])))) : null;
  return { inputSlope, weightSlope, back };
}

const columnSums = (rows) => rows[0].map((_, j) => sum(rows.map((row) => row[j])));

/** Backward propagation: the slope of the loss (see lossAndSlope) w.r.t. everything. */
export function backward(net, fp, targets) {
  const start = lossAndSlope(net, fp, targets);
  let { slope } = start;
  const nodeSlopes = [], inputSlopes = [], weightSlopes = [];
  for (let k = net.weights.length - 1; k >= 0; k--) {
    const step = layerBack(net, fp, k, slope);
    nodeSlopes[k] = slope;
    inputSlopes[k] = step.inputSlope;
    weightSlopes[k] = step.weightSlope;
    slope = step.back;
  }
  const activationSlopes = fp.nodeInputs.map((z, k) => map(z, activation(net.activations[k]).slope));
  const biasSlopes = net.weights.map((_, k) => (net.biases && net.biases[k] ? columnSums(inputSlopes[k]) : null));
  return { ...start, nodeSlopes, activationSlopes, inputSlopes, weightSlopes, biasSlopes };
}

/** The three factors of weight (layer k counted from 1, as the book does) on one example. */
export function threeFactors(net, fp, slopes, k, i, j) {
  const factors = [fp.nodeValues[k - 1][0][i], slopes.nodeSlopes[k - 1][0][j], slopes.activationSlopes[k - 1][0][j]];
  return { weight: net.weights[k - 1][i][j], factors, product: factors.reduce((x, y) => x * y), slope: slopes.weightSlopes[k - 1][i][j] };
}

/** One gradient-descent update: new weight = weight - learningRate * slope. */
export function update(net, slopes, learningRate) {
  const step = (w, s) => w - learningRate * s;
  return {
    ...net,
    weights: net.weights.map((w, k) => w.map((row, i) => row.map((x, j) => step(x, slopes.weightSlopes[k][i][j])))),
    biases: net.biases && net.biases.map((b, k) => b && b.map((x, j) => step(x, slopes.biasSlopes[k][j]))),
  };
}

/**
 * One epoch of stochastic gradient descent without shuffling, changing `net` in place:
 * the examples in order, cut into batches of `batchSize` (the last may be smaller).
 * Returns the loss of every batch, measured just before its update, and the epoch's
 * mean loss (bpbook.training._run with rng=None). Throws when the loss is not finite,
 * naming the update as bpbook's TrainingDivergedError does: counted from 1, after
 * `firstUpdate` earlier ones.
 */
export function sgdEpoch(net, inputs, targets, learningRate, batchSize, firstUpdate = 0) {
  const losses = [];
  let total = 0;
  for (let start = 0; start < inputs.length; start += batchSize) {
    const x = inputs.slice(start, start + batchSize);
    const t = targets.slice(start, start + batchSize);
    const fp = forward(net, x);
    let { loss, slope } = lossAndSlope(net, fp, t);
    if (!Number.isFinite(loss)) throw new RangeError(`the loss became ${loss>0?"inf":"nan"} at update ${firstUpdate+losses.length+1}`);
    losses.push(loss);
    total += loss * x.length;
    for (let k = net.weights.length - 1; k >= 0; k--) {
      const step = layerBack(net, fp, k, slope);
      const w = net.weights[k];
      w.forEach((row, i) => row.forEach((v, j) => { row[j] = v - learningRate * step.weightSlope[i][j]; }));
      const b = net.biases && net.biases[k];
      if (b) columnSums(step.inputSlope).forEach((s, j) => { b[j] -= learningRate * s; });
      slope = step.back;
    }
  }
  return { losses, epochLoss: total / inputs.length };
}

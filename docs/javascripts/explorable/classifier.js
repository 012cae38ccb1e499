// Softmax + cross-entropy for the page's engine (engine.js): importing this module adds
// the "softmax" activation, and a network whose output layer uses it is a classifier,
// trained with cross-entropy, as in bpbook (activations.softmax, loss.CROSS_ENTROPY).
// A module of its own, so that pages without a classifier do not load it.
// Targets are one-hot rows.
import { ACTIVATIONS, map, sum } from "./engine.js";

// exp(z - max(z)) of one row, and max(z): exp never overflows (bpbook's log-sum-exp).
function shiftedExps(z) {
  const m = Math.max(...z);
  return [m, z.map((v) => Math.exp(v - m))];
}

/**
 * Mean cross-entropy over the rows, from the output node inputs and one-hot targets:
 * per row max(z) - sum(t * z) + log(sum(exp(z - max(z)))), as bpbook.loss (never log(0)).
 */
export const crossEntropy = (nodeInputs, targets) => sum(nodeInputs.map((z, n) => {
  const [m, e] = shiftedExps(z);
  return (m - sum(z.map((v, j) => v * targets[n][j]))) + Math.log(sum(e));
})) / nodeInputs.length;

/** Softmax of one row: probabilities that are positive and sum to 1. */
export function softmax(z) {
  const e = shiftedExps(z)[1];
  const total = sum(e);
  return e.map((v) => v / total);
}

// Output layer only (engine.js refuses it in a hidden layer). Its slope is 1 because the
// loss's slope is already taken w.r.t. the node inputs: (p - t) / n, softmax's slope and
// cross-entropy's merged, as bpbook does.
ACTIVATIONS.softmax = {
  row: softmax,
  slope: () => 1,
  lossAndSlope: (nodeInputs, error, targets) => ({
    loss: crossEntropy(nodeInputs, targets),
    slope: map(error, (e) => e * (1 / error.length)),
  }),
};

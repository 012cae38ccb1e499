"""Forward and backward propagation on a batch: the arithmetic, nothing else.

Every array here is 2-D, one row per example, and already checked; the
public `bpbook.forward` and `bpbook.backward` (in `bpbook.backprop`) check
their arguments and turn one example into a batch of one before calling
these. The training loop and the gradient check call them too, so the
arithmetic of backpropagation is written exactly once.

With ``a`` the node values of layer ``k - 1`` (one row per example), ``w``
the weights of layer ``k`` and ``z`` the node inputs of layer ``k``:

    forward:   z = a @ w (+ bias)              node values of layer k = activation(z)
    backward:  node-input slopes   = node slopes * activation slope at z
               weight slopes       = a.T @ node-input slopes
               node slopes of layer k - 1 = node-input slopes @ w.T

The weight-slope line is the lesson's three-factor rule, summed over the
examples of the batch; the last line sums, for a node, over its outgoing
weights. Each line is one matrix product over the whole batch.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np

from bpbook.activations import IDENTITY, RELU, SIGMOID, TANH, Activation
from bpbook.checks import FloatArray, InputError, all_finite

__all__ = [
    "LayerSlopes",
    "backward_batch",
    "check_finite_pass",
    "forward_batch",
    "largest_output",
]


def forward_batch(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray | None],
    activations: Sequence[Activation],
    inputs: FloatArray,
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Node inputs and node values of every layer, for a batch of ``inputs``.

    Returns ``(node_inputs, node_values)``: ``node_inputs[k - 1]`` for layers
    ``k = 1 .. L``, ``node_values[k]`` for ``k = 0 .. L`` (``node_values[0]``
    is ``inputs`` itself).
    """
    node_inputs: list[FloatArray] = []
    node_values: list[FloatArray] = [inputs]
    values = inputs
    for w, b, activation in zip(weights, biases, activations, strict=True):
        z = values @ w
        if b is not None:
            z += b
        values = activation.value(z)
        node_inputs.append(z)
        node_values.append(values)
    return node_inputs, node_values


def check_finite_pass(
    inputs: FloatArray, weights: Sequence[FloatArray], node_inputs: Sequence[FloatArray]
) -> None:
    """Refuse a forward pass whose node inputs overflowed float64 (to inf, or NaN from inf).

    Finite inputs and weights can still give node inputs beyond about 1.8e308;
    every later number would then be wrong, so bpbook raises `InputError`
    naming the layer, the largest input and the largest weight. Call it inside
    ``np.errstate(over="ignore", invalid="ignore")`` (see `bpbook.checks.all_finite`).
    """
    if all_finite(node_inputs):
        return
    for k, z in enumerate(node_inputs, start=1):
        if not np.isfinite(z).all():
            largest_weight = max(float(np.abs(w).max()) for w in weights)
            raise InputError(
                f"inputs: expected inputs and weights whose sums fit in float64 (about 1.8e308), "
                f"got node inputs of layer {k} that overflowed (largest |input| "
                f"{float(np.abs(inputs).max()):.3g}, largest |weight| {largest_weight:.3g}); "
                "scale the inputs or the weights down"
            )


def largest_output(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray | None],
    activations: Sequence[Activation],
    longest_input: float,
) -> tuple[float, float]:
    """Bounds of the output layer's node inputs and node values, for any inputs this large.

    ``longest_input`` bounds the length (the square root of the sum of squares) of
    every example's inputs. Returns ``(z, a)``, bounds of the length of the output
    layer's node inputs and of its node values, so of each of them in absolute value.
    From layer to layer: the node inputs are at most (the length of the weights, all of
    them) x (the length of the layer before's node values) + (the length of the biases)
    (the Cauchy-Schwarz inequality); ReLU and identity values are at most their node
    inputs, sigmoid and tanh values at most 1 each, so sqrt(nodes) for the layer.
    Another activation (one a reader made) gives ``(inf, inf)``: no bound is known.
    Costs one sum of squares per array of weights or biases, none over the data.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook.activations import RELU, SIGMOID
    >>> largest_output([np.array([[3.0], [-4.0]])], [None], [RELU], 2.0)  # 5 x 2
    (10.0, 10.0)
    >>> largest_output([np.array([[3.0], [-4.0]])], [np.array([0.5])], [SIGMOID], 2.0)
    (10.5, 1.0)
    """
    value = node_input = float(longest_input)
    for w, b, activation in zip(weights, biases, activations, strict=True):
        node_input = value * _length(w)  # Python floats: inf, no error
        if b is not None:
            node_input += _length(b)
        if activation is RELU or activation is IDENTITY:
            value = node_input
        elif activation is SIGMOID or activation is TANH:
            value = math.sqrt(w.shape[1])
        else:
            return math.inf, math.inf
    return node_input, value


def _length(array: FloatArray) -> float:
    """The square root of the sum of squares of ``array`` (inf when it overflows)."""
    return math.sqrt(np.vdot(array, array))


class LayerSlopes(NamedTuple):
    """The slopes of one layer ``k`` of weights, as `backward_batch` finds them."""

    k: int
    """The layer, 1 .. L (its weights feed layer ``k`` from layer ``k - 1``)."""
    node_slopes: FloatArray
    """Slope of the loss w.r.t. the node values of layer ``k``."""
    node_input_slopes: FloatArray
    """Slope of the loss w.r.t. the node inputs of layer ``k``."""
    weight_slopes: FloatArray
    """Slope of the loss w.r.t. the weights of layer ``k`` (shape of the weights)."""


def backward_batch(
    weights: Sequence[FloatArray],
    activations: Sequence[Activation],
    node_inputs: Sequence[FloatArray],
    node_values: Sequence[FloatArray],
    prediction_slopes: FloatArray,
    weight_slopes_out: Sequence[FloatArray] | None = None,
) -> Iterator[LayerSlopes]:
    """Walk back from the output layer ``L`` to layer 1, one layer of weights at a time.

    ``prediction_slopes`` is the slope of the loss w.r.t. the prediction
    (`bpbook.loss.batch_loss_slope` of the errors). Yields the `LayerSlopes`
    of layer ``k = L, L - 1, .. 1``.

    The node slopes of layer ``k - 1`` are computed before layer ``k`` is
    yielded, so a caller may update layer ``k``'s weights in place as soon as
    it receives them; the training loop does, which uses each large slope
    array while it is still in cache. ``weight_slopes_out``, one array per layer of
    the weights' shapes, receives the weight slopes (`bpbook.backward` lays them out in
    one flat vector) instead of new arrays.
    """
    node_slopes = prediction_slopes
    for k in range(len(weights), 0, -1):
        layer_node_slopes = node_slopes
        node_input_slopes = activations[k - 1].node_input_slopes(
            node_inputs[k - 1], layer_node_slopes
        )
        if weight_slopes_out is None:
            weight_slopes = node_values[k - 1].T @ node_input_slopes
        else:
            weight_slopes = np.matmul(
                node_values[k - 1].T, node_input_slopes, out=weight_slopes_out[k - 1]
            )
        if k > 1:
            node_slopes = node_input_slopes @ weights[k - 1].T
        yield LayerSlopes(k, layer_node_slopes, node_input_slopes, weight_slopes)

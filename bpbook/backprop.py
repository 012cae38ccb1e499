"""Forward and backward propagation, for one example or a whole batch.

Forward propagation keeps every node's *input* (the weighted sum flowing in)
and *value* (the activation of that sum), layer by layer: the white numbers
of the lesson's diagrams.

Backward propagation starts from the slope of the loss with respect to the
prediction (``2 * error``) and walks back one layer at a time. At layer
``k``, with ``a`` the node values feeding in and ``z`` the node inputs:

    slope w.r.t. node input  = slope w.r.t. node value * activation slope at z
    slope w.r.t. weight[i,j] = a[i] * slope w.r.t. node input[j]
                             = value feeding in * node slope * activation slope
    slope w.r.t. node value of layer k-1 = weights @ slope w.r.t. node input

The middle line is the lesson's three-factor rule; the last one sums, for a
node, over its outgoing weights. These are the red numbers. For a batch every
line is one matrix product over all examples at once (no Python loop over
examples or nodes), and the loss is the mean over examples, so each
example's contribution is divided by the batch size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bpbook._validation import FloatArray, check_inputs, check_targets
from bpbook.activations import Activation
from bpbook.network import Network

__all__ = ["ForwardPass", "Slopes", "backward", "forward"]


@dataclass(frozen=True, eq=False)
class ForwardPass:
    """Everything forward propagation computed.

    For one example each array is 1-D (one entry per node); for a batch of
    ``n`` examples each array has shape ``(n, nodes)``.

    Attributes
    ----------
    network : Network
        The network that made the pass.
    node_inputs : tuple of ndarray
        ``node_inputs[k - 1]``: weighted sums flowing into the nodes of layer
        ``k`` (``k = 1 .. L``), before the activation.
    node_values : tuple of ndarray
        ``node_values[k]``: node values of layer ``k``; ``node_values[0]`` are
        the inputs and ``node_values[-1]`` the prediction.
    """

    network: Network
    node_inputs: tuple[FloatArray, ...]
    node_values: tuple[FloatArray, ...]

    @property
    def prediction(self) -> FloatArray:
        """The output layer's node values."""
        return self.node_values[-1]

    @property
    def is_batch(self) -> bool:
        """True when the pass was made for a batch (2-D inputs)."""
        return self.node_values[0].ndim == 2


@dataclass(frozen=True, eq=False)
class Slopes:
    """Everything backward propagation computed: the slope of the loss w.r.t. everything.

    Shapes follow `ForwardPass`: 1-D per layer for one example,
    ``(n, nodes)`` for a batch. Weight and bias slopes always have the shape
    of the weights and biases (for a batch they already include the mean
    over the examples).

    Attributes
    ----------
    loss : float
        Squared error (one example) or mean squared error (batch).
    error : ndarray
        ``prediction - target``.
    node_slopes : tuple of ndarray
        ``node_slopes[k - 1]``: slope of the loss w.r.t. the node values of
        layer ``k``. The last entry is ``2 * error`` (divided by ``n`` for a batch).
    activation_slopes : tuple of ndarray
        ``activation_slopes[k - 1]``: slope of layer ``k``'s activation at its
        node inputs.
    weight_slopes : tuple of ndarray
        ``weight_slopes[k - 1][i, j]``: slope of the loss w.r.t. the weight
        from node ``i`` of layer ``k - 1`` to node ``j`` of layer ``k``.
    bias_slopes : tuple of (ndarray or None)
        Slope w.r.t. each bias, ``None`` for layers without a bias.
    """

    loss: float
    error: FloatArray
    node_slopes: tuple[FloatArray, ...]
    activation_slopes: tuple[FloatArray, ...]
    weight_slopes: tuple[FloatArray, ...]
    bias_slopes: tuple[FloatArray | None, ...]

    @property
    def node_input_slopes(self) -> tuple[FloatArray, ...]:
        """Slope of the loss w.r.t. each node's input: node slope x activation slope."""
        return tuple(s * a for s, a in zip(self.node_slopes, self.activation_slopes, strict=True))


# -- the arithmetic, on plain 2-D arrays (one row per example) -------------------------


def _loss_of_errors(errors: FloatArray) -> float:
    """Mean over the rows (examples) of each row's squared error."""
    return float((errors * errors).sum()) / int(errors.shape[0])


def _forward_arrays(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray | None],
    activations: Sequence[Activation],
    inputs: FloatArray,
) -> tuple[list[FloatArray], list[FloatArray]]:
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


def _backward_layers(
    weights: Sequence[FloatArray],
    activations: Sequence[Activation],
    node_inputs: Sequence[FloatArray],
    node_values: Sequence[FloatArray],
    slope_of_prediction: FloatArray,
) -> Iterator[tuple[int, FloatArray, FloatArray, FloatArray]]:
    """Walk back from the output layer, one layer of weights at a time.

    Yields ``(k, node slope, node-input slope, weight slope)`` for each layer.

    ``k`` counts layers from 0 (the first layer of weights). The slope one
    layer back is computed before layer ``k`` is yielded, so a caller may
    update layer ``k``'s weights in place as soon as it receives them; the
    training loop does, which uses each large slope array while it is still in
    cache.
    """
    slope = slope_of_prediction
    for k in range(len(weights) - 1, -1, -1):
        node_slope = slope
        slope_of_input = activations[k].slope_of_input(node_inputs[k], slope)
        weight_slope = node_values[k].T @ slope_of_input
        if k > 0:
            slope = slope_of_input @ weights[k].T
        yield k, node_slope, slope_of_input, weight_slope


# -- public API -----------------------------------------------------------------------


def forward(network: Network, inputs: Any) -> ForwardPass:
    """Forward propagation: every node's input and value, layer by layer.

    Parameters
    ----------
    network : Network
    inputs : array-like of shape (n_inputs,) or (n, n_inputs)
        One example, or a batch with one row per example.

    Returns
    -------
    ForwardPass

    Raises
    ------
    ValueError, TypeError
        If ``inputs`` has the wrong width, is empty, 3-D, non-finite or not numeric.

    Examples
    --------
    >>> from bpbook import forward, lesson
    >>> result = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    >>> result.node_values[1]  # hidden node values
    array([1., 3.])
    >>> result.prediction
    array([7.])
    """
    if not isinstance(network, Network):
        raise TypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    x = check_inputs(inputs, network.n_inputs)
    batch = x if x.ndim == 2 else x.reshape(1, -1)
    node_inputs, node_values = _forward_arrays(
        network.weights, network.biases, network.activations, batch
    )
    if x.ndim == 1:
        node_inputs = [z[0] for z in node_inputs]
        node_values = [v[0] for v in node_values]
    return ForwardPass(network, tuple(node_inputs), tuple(node_values))


def backward(forward_pass: ForwardPass, targets: Any) -> Slopes:
    """Backward propagation: the slope of the loss w.r.t. every node and weight.

    Parameters
    ----------
    forward_pass : ForwardPass
        What `forward` returned for the same inputs.
    targets : array-like
        For one example: shape ``(n_outputs,)``, or a number when there is one
        output. For a batch of ``n``: shape ``(n, n_outputs)``, or ``(n,)``
        when there is one output.

    Returns
    -------
    Slopes

    Raises
    ------
    ValueError, TypeError
        If ``targets`` has the wrong shape, is non-finite or not numeric.

    Examples
    --------
    >>> from bpbook import backward, forward, lesson
    >>> fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    >>> slopes = backward(fp, lesson.DEEPER_TARGET)
    >>> slopes.weight_slopes[1].ravel()  # the last set of weights
    array([ 6., 18.])
    >>> slopes.weight_slopes[0]  # one layer back: rows = input nodes 0 and 1
    array([[ 0.,  0.],
           [ 6., 12.]])
    """
    if not isinstance(forward_pass, ForwardPass):
        raise TypeError(
            f"forward_pass: expected the ForwardPass returned by forward(), "
            f"got {type(forward_pass).__name__}"
        )
    network = forward_pass.network
    x = forward_pass.node_values[0]
    t = check_targets(targets, x, network.n_outputs)
    single = x.ndim == 1

    def rows(a: FloatArray) -> FloatArray:
        return a.reshape(1, -1) if single else a

    node_values = [rows(v) for v in forward_pass.node_values]
    node_inputs = [rows(z) for z in forward_pass.node_inputs]
    err = node_values[-1] - rows(t)
    n = err.shape[0]
    loss = _loss_of_errors(err)
    n_layers = len(network.weights)
    node_slopes: list[FloatArray] = [err] * n_layers
    input_slopes: list[FloatArray] = [err] * n_layers
    weight_slopes: list[FloatArray] = [err] * n_layers
    for k, node_slope, input_slope, weight_slope in _backward_layers(
        network.weights, network.activations, node_inputs, node_values, (2.0 / n) * err
    ):
        node_slopes[k], input_slopes[k], weight_slopes[k] = node_slope, input_slope, weight_slope
    activation_slopes = [a.slope(z) for a, z in zip(network.activations, node_inputs, strict=True)]
    bias_slopes = tuple(
        None if b is None else s.sum(axis=0)
        for b, s in zip(network.biases, input_slopes, strict=True)
    )

    def back(a: FloatArray) -> FloatArray:
        return a[0] if single else a

    return Slopes(
        loss=loss,
        error=back(err),
        node_slopes=tuple(back(s) for s in node_slopes),
        activation_slopes=tuple(back(s) for s in activation_slopes),
        weight_slopes=tuple(weight_slopes),
        bias_slopes=bias_slopes,
    )

"""A network written out as a computational graph of `bpbook.graph.Value` numbers.

`network_graph` turns a `Network`, one example and its target into one `Value` per
weight, bias, input and node, and the loss at the end, with nothing but the gates of
`bpbook.graph`. The values are labelled in the book's notation: ``x0`` an input,
``w1[0,1]`` a weight, ``b1[0]`` a bias, ``z1[0]`` a node input, ``a1[0]`` a node
value, ``t0`` a target, ``e0`` an error, and ``loss``:

    node input of node j  =  sum over i of (node value i) * (weight i -> j)  (+ bias j)
    node value of node j  =  activation(node input of node j)
    loss                  =  sum over the outputs of (prediction - target) ** 2

After ``graph.loss.backward()`` every weight's ``slope`` is the slope of the loss
with respect to that weight. No layer, matrix or three-factor rule is used: the
graph only knows its gates. That the slopes still come out equal to
`bpbook.backward`'s (`tests/bpbook/test_graph_network.py`) is the point: the
layer-by-layer rules are what the chain rule does on this graph.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpbook.checks import (
    MAX_MESSAGE_LENGTH,
    FloatArray,
    InputError,
    InputTypeError,
    check_inputs,
    check_targets,
)
from bpbook.graph import Value
from bpbook.layer import Layer
from bpbook.network import Network

__all__ = ["NetworkGraph", "network_graph"]


class NetworkGraph:
    """A network's graph for one example (what `network_graph` returns).

    Counted as everywhere in bpbook: ``k - 1`` for layers of weights, ``k`` for
    node values.

    Attributes
    ----------
    loss : Value
        The squared error of the example: call ``loss.backward()`` for every slope.
    weights : tuple of tuple of tuple of Value
        ``weights[k - 1][i][j]``: the weight from node ``i`` of layer ``k - 1`` to
        node ``j`` of layer ``k``.
    biases : tuple of (tuple of Value or None)
        ``biases[k - 1][j]``: the bias of node ``j`` of layer ``k`` (``None``: no biases).
    node_inputs : tuple of tuple of Value
        ``node_inputs[k - 1][j]``: the sum flowing into node ``j`` of layer ``k``.
    node_values : tuple of tuple of Value
        ``node_values[k][j]``: node ``j`` of layer ``k`` (layer 0: the inputs).
    """

    __slots__ = ("_biases", "_loss", "_node_inputs", "_node_values", "_weights")

    def __init__(
        self,
        loss: Value,
        weights: tuple[tuple[tuple[Value, ...], ...], ...],
        biases: tuple[tuple[Value, ...] | None, ...],
        node_inputs: tuple[tuple[Value, ...], ...],
        node_values: tuple[tuple[Value, ...], ...],
    ) -> None:
        """Keep the values as given (`network_graph` makes these)."""
        self._loss = loss
        self._weights = weights
        self._biases = biases
        self._node_inputs = node_inputs
        self._node_values = node_values

    @property
    def loss(self) -> Value:
        """The squared error of the example: call ``loss.backward()`` for every slope."""
        return self._loss

    @property
    def weights(self) -> tuple[tuple[tuple[Value, ...], ...], ...]:
        """``weights[k - 1][i][j]``: the weight from node ``i`` of layer ``k - 1`` to ``j``."""
        return self._weights

    @property
    def biases(self) -> tuple[tuple[Value, ...] | None, ...]:
        """``biases[k - 1][j]``: the bias of node ``j`` of layer ``k`` (``None``: no biases)."""
        return self._biases

    @property
    def node_inputs(self) -> tuple[tuple[Value, ...], ...]:
        """``node_inputs[k - 1][j]``: the sum flowing into node ``j`` of layer ``k``."""
        return self._node_inputs

    @property
    def node_values(self) -> tuple[tuple[Value, ...], ...]:
        """``node_values[k][j]``: node ``j`` of layer ``k`` (layer 0: the inputs)."""
        return self._node_values

    def __repr__(self) -> str:
        sizes = " -> ".join(str(len(layer)) for layer in self._node_values)
        return f"NetworkGraph({sizes}, loss={self._loss.value:g})"

    def weight_slopes(self) -> tuple[FloatArray, ...]:
        """Every weight's ``slope`` as arrays shaped like ``network.weights``."""
        return tuple(np.array([[w.slope for w in row] for row in layer]) for layer in self.weights)

    def bias_slopes(self) -> tuple[FloatArray | None, ...]:
        """Every bias's ``slope``, one array per layer (``None`` for a layer without biases)."""
        return tuple(None if b is None else np.array([v.slope for v in b]) for b in self.biases)

    def node_slopes(self) -> tuple[FloatArray, ...]:
        """``node_slopes()[k]``: the slope of the loss w.r.t. each node value of layer ``k``.

        Unlike `bpbook.Slopes.node_slopes` this has an entry for layer 0: the slopes
        with respect to the inputs.
        """
        return tuple(np.array([v.slope for v in layer]) for layer in self.node_values)


def _summed(terms: list[Value]) -> Value:
    """``terms[0] + terms[1] + ...``, without a leading 0."""
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _parameter_values(
    network: Network,
) -> tuple[tuple[tuple[tuple[Value, ...], ...], ...], tuple[tuple[Value, ...] | None, ...]]:
    """One `Value` per weight and per bias of ``network``, labelled ``w1[0,1]``, ``b2[0]``."""
    weights = tuple(
        tuple(
            tuple(Value(w, label=f"w{k}[{i},{j}]") for j, w in enumerate(row))
            for i, row in enumerate(matrix.tolist())
        )
        for k, matrix in enumerate(network.weights, start=1)
    )
    biases = tuple(
        None if b is None else tuple(Value(v, label=f"b{k}[{j}]") for j, v in enumerate(b.tolist()))
        for k, b in enumerate(network.biases, start=1)
    )
    return weights, biases


def _layer(
    k: int,
    layer: Layer,
    values: tuple[Value, ...],
    weights: tuple[tuple[Value, ...], ...],
    biases: tuple[Value, ...] | None,
) -> tuple[tuple[Value, ...], tuple[Value, ...]]:
    """Node inputs ``z{k}[j]`` and node values ``a{k}[j]`` of layer ``k``, gate by gate."""
    sums = []
    for j in range(layer.n_out):
        z = _summed([values[i] * weights[i][j] for i in range(layer.n_in)])
        z = z if biases is None else z + biases[j]
        z.label = f"z{k}[{j}]"
        sums.append(z)
    activated = tuple(z.activate(layer.activation) for z in sums)
    for j, value in enumerate(activated):
        value.label = f"a{k}[{j}]"
    return tuple(sums), activated


def _squared_error(predictions: tuple[Value, ...], targets: list[float]) -> Value:
    """The loss, the sum of (prediction - target) ** 2, with ``t{j}`` and ``e{j}`` labelled."""
    target_values = [Value(target, label=f"t{j}") for j, target in enumerate(targets)]
    try:
        errors = [p - target for p, target in zip(predictions, target_values, strict=True)]
        loss = _summed([error**2 for error in errors])
    except InputError:
        raise InputError(
            "targets: expected targets, inputs and weights small enough for float64 (about "
            "1.8e308), but the loss overflowed; scale the targets, inputs or weights down"
        ) from None
    for j, difference in enumerate(errors):
        difference.label = f"e{j}"
    loss.label = "loss"
    return loss


def network_graph(network: Network, inputs: Any, targets: Any) -> NetworkGraph:
    """Write ``network`` out as a graph of values, for one example and its target.

    Parameters
    ----------
    network : Network
    inputs : array-like of shape (n_inputs,)
        One example (the graph is built one number at a time, so no batches).
    targets : array-like of shape (n_outputs,), or a number for one output

    Returns
    -------
    NetworkGraph
        The loss is the example's squared error, as in `bpbook.backward`. Slopes are
        0 until ``loss.backward()`` is called.

    Raises
    ------
    InputTypeError
        If ``network`` is not a `Network`, or the numbers are not numbers.
    InputError
        If the shapes do not fit the network, or ``inputs`` is a batch.

    Examples
    --------
    >>> from bpbook import lesson
    >>> from bpbook.graph_network import network_graph
    >>> graph = network_graph(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    >>> graph.loss.backward()
    >>> graph.loss.value, graph.weight_slopes()[1].tolist()
    (9.0, [[6.0], [18.0]])
    """
    if not isinstance(network, Network):
        raise InputTypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    x = check_inputs(inputs, network.layer_sizes[0])
    if x.ndim != 1:
        raise InputError(
            f"inputs: expected one example of shape ({network.layer_sizes[0]},) (the graph "
            f"is built one number at a time), got a batch of shape {x.shape}"
        )
    t = check_targets(targets, x, network.layer_sizes[-1])
    weights, biases = _parameter_values(network)
    values = tuple(Value(v, label=f"x{i}") for i, v in enumerate(x.tolist()))
    node_values = [values]
    node_inputs = []
    try:
        for k, layer in enumerate(network.layers, start=1):
            sums, values = _layer(k, layer, values, weights[k - 1], biases[k - 1])
            node_inputs.append(sums)
            node_values.append(values)
    except InputError as error:  # a gate overflowed: say which arguments to scale down
        raise InputError(
            "inputs: expected inputs and weights whose products and sums fit in float64 "
            f"(about 1.8e308), but a node input overflowed ({error})"[:MAX_MESSAGE_LENGTH]
        ) from None
    loss = _squared_error(values, t.tolist())
    return NetworkGraph(loss, weights, biases, tuple(node_inputs), tuple(node_values))

"""Forward and backward propagation, for one example or a whole batch: the public edge.

Forward propagation keeps every node's *input* (the weighted sum flowing in)
and *value* (the activation of that sum), layer by layer: the white numbers
of the lesson's diagrams. Backward propagation starts from the slope of the
loss with respect to the prediction (``2 * error``, divided by ``n`` for a
batch of ``n``) and walks back one layer at a time: the red numbers.

`forward` and `backward` check their arguments, turn one example into a
batch of one (`bpbook.checks.as_batch`), call the arithmetic in
`bpbook.propagation` and `bpbook.loss`, and hand one example's results back
as 1-D arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np

from bpbook.activations import IDENTITY
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    all_finite,
    as_batch,
    check_class_targets,
    check_inputs,
    check_prediction_slopes,
    check_targets,
    first_example,
)
from bpbook.layer import flat_numbers, views_in
from bpbook.loss import softmax_parts
from bpbook.network import Network
from bpbook.propagation import backward_batch, check_finite_pass, forward_batch

__all__ = ["ForwardPass", "Slopes", "backward", "check_network_targets", "forward"]


class ForwardPass:
    """Everything forward propagation computed (what `forward` returns).

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

    __slots__ = ("_network", "_node_inputs", "_node_values", "_softmax_parts")

    def __init__(
        self,
        network: Network,
        node_inputs: tuple[FloatArray, ...],
        node_values: tuple[FloatArray, ...],
        softmax_parts: tuple[FloatArray, FloatArray] | None = None,
    ) -> None:
        """Keep the arrays as given (`forward` makes these; nothing is checked or copied).

        ``softmax_parts``: a classifier's `bpbook.loss.softmax_parts` (shifted, sums), for
        `backward`'s cross-entropy.
        """
        self._network = network
        self._node_inputs = node_inputs
        self._node_values = node_values
        self._softmax_parts = softmax_parts

    @property
    def network(self) -> Network:
        """The network that made the pass."""
        return self._network

    @property
    def node_inputs(self) -> tuple[FloatArray, ...]:
        """``node_inputs[k - 1]``: weighted sums flowing into layer ``k``, before the activation."""
        return self._node_inputs

    @property
    def node_values(self) -> tuple[FloatArray, ...]:
        """``node_values[k]``: node values of layer ``k`` (0: the inputs, -1: the prediction)."""
        return self._node_values

    @property
    def prediction(self) -> FloatArray:
        """The output layer's node values."""
        return self._node_values[-1]

    @property
    def is_batch(self) -> bool:
        """True when the pass was made for a batch (2-D inputs)."""
        return self._node_values[0].ndim == 2

    def __repr__(self) -> str:
        shape = self._node_values[0].shape
        what = f"a batch of {shape[0]}" if len(shape) == 2 else "one example"
        return f"ForwardPass({self._network!r}, {what})"


class Slopes:
    """Everything backward propagation computed (what `backward` returns).

    The slope of the loss with respect to everything. Shapes follow
    `ForwardPass`: 1-D per layer for one example, ``(n, nodes)`` for a batch.
    Weight and bias slopes always have the shape of the weights and biases
    (for a batch they already include the mean over the examples).

    Attributes
    ----------
    loss : float
        The network's loss (`bpbook.Network.loss`): squared error, or cross-entropy for
        a classifier; for a batch, the mean over the examples. Reading it raises
        `InputError` when `backward` was given ``prediction_slopes`` (bpbook does not
        know that loss).
    error : ndarray
        ``prediction - target`` (for a classifier: probabilities minus one-hot
        targets, ``p - t``); unknown, like ``loss``, after ``prediction_slopes``.
    node_slopes : tuple of ndarray
        ``node_slopes[k - 1]``: slope of the loss w.r.t. the node values of
        layer ``k``. The last entry is ``2 * error`` (divided by ``n`` for a batch),
        or the ``prediction_slopes`` given. At a softmax output it is ``error``
        (divided by ``n``): the slope w.r.t. the node *inputs*, because softmax's
        slope and cross-entropy's merge into ``p - t`` there.
    activation_slopes : tuple of ndarray
        ``activation_slopes[k - 1]``: slope of layer ``k``'s activation at its
        node inputs (1 at a softmax output: already inside ``node_slopes``).
    weight_slopes : tuple of ndarray
        ``weight_slopes[k - 1][i, j]``: slope of the loss w.r.t. the weight
        from node ``i`` of layer ``k - 1`` to node ``j`` of layer ``k``.
    bias_slopes : tuple of (ndarray or None)
        ``bias_slopes[k - 1]``: slope w.r.t. the biases of layer ``k``, ``None``
        for layers without biases.
    forward_pass : ForwardPass
        The pass these slopes were computed from (so a figure or an update can
        refuse slopes of another example or network).
    flat_slopes : ndarray
        Every weight and bias slope in one vector, laid out as
        `bpbook.Network.flat_weights` (`are_slopes_of` says when it is the network's).
    """

    __slots__ = (
        "_activation_slopes",
        "_bias_slopes",
        "_error",
        "_flat",
        "_forward_pass",
        "_loss",
        "_node_slopes",
        "_weight_slopes",
    )

    def __init__(
        self,
        loss: float | None,
        error: FloatArray | None,
        node_slopes: tuple[FloatArray, ...],
        activation_slopes: tuple[FloatArray, ...] | None,
        weight_slopes: tuple[FloatArray, ...],
        bias_slopes: tuple[FloatArray | None, ...],
        forward_pass: ForwardPass,
    ) -> None:
        """Keep the results as given (`backward` makes these; nothing is checked or copied).

        ``activation_slopes`` None: computed from ``forward_pass`` when first read.
        ``loss`` and ``error`` None: unknown (`backward` was given ``prediction_slopes``).
        """
        self._loss = loss
        self._error = error
        self._node_slopes = node_slopes
        self._activation_slopes = activation_slopes
        self._weight_slopes = weight_slopes
        self._bias_slopes = bias_slopes
        self._forward_pass = forward_pass
        self._flat: FloatArray | None = None  # set by backward: the arrays are views into it

    @property
    def loss(self) -> float:
        """The network's loss: squared error or cross-entropy (a batch: the mean)."""
        if self._loss is None:
            raise InputError(_UNKNOWN_LOSS.format("loss"))
        return self._loss

    @property
    def error(self) -> FloatArray:
        """``prediction - target`` (a classifier: ``p - t``, one-hot targets)."""
        if self._error is None:
            raise InputError(_UNKNOWN_LOSS.format("error"))
        return self._error

    @property
    def node_slopes(self) -> tuple[FloatArray, ...]:
        """``node_slopes[k - 1]``: slope of the loss w.r.t. the node values of layer ``k``."""
        return self._node_slopes

    @property
    def activation_slopes(self) -> tuple[FloatArray, ...]:
        """``activation_slopes[k - 1]``: layer ``k``'s activation slope at its node inputs."""
        if self._activation_slopes is None:
            fp = self._forward_pass
            self._activation_slopes = tuple(
                a.slope(z) for a, z in zip(fp.network.activations, fp.node_inputs, strict=True)
            )
        return self._activation_slopes

    @property
    def weight_slopes(self) -> tuple[FloatArray, ...]:
        """``weight_slopes[k - 1][i, j]``: slope w.r.t. the weight from node ``i`` to ``j``."""
        return self._weight_slopes

    @property
    def bias_slopes(self) -> tuple[FloatArray | None, ...]:
        """``bias_slopes[k - 1]``: slope w.r.t. the biases of layer ``k`` (``None``: none)."""
        return self._bias_slopes

    @property
    def forward_pass(self) -> ForwardPass:
        """The pass these slopes were computed from."""
        return self._forward_pass

    @property
    def flat_slopes(self) -> FloatArray:
        """Every weight and bias slope in one vector, laid out as `Network.flat_weights`.

        For the slopes `backward` returns, the arrays of `weight_slopes` and `bias_slopes`
        are views into it; otherwise it is a new vector made from them.
        """
        if self._flat is None:
            return flat_numbers(self._weight_slopes, self._bias_slopes)
        return self._flat

    def are_slopes_of(self, network: Network) -> bool:
        """True when `backward` computed these slopes from a pass of this very ``network``.

        Their `flat_slopes` are then laid out as ``network.flat_weights``, so
        `bpbook.update_weights` steps the whole network at once, without checking each
        array. Slopes made another way, or of another network object, give False.
        """
        return self._flat is not None and self._forward_pass.network is network

    @property
    def node_input_slopes(self) -> tuple[FloatArray, ...]:
        """Slope of the loss w.r.t. each node's input: node slope x activation slope."""
        return tuple(s * a for s, a in zip(self.node_slopes, self.activation_slopes, strict=True))

    def __repr__(self) -> str:
        loss = "unknown" if self._loss is None else repr(self._loss)
        return f"Slopes(loss={loss}, {self._forward_pass!r})"


_UNKNOWN_LOSS = (
    "{}: expected slopes computed from targets, got slopes from prediction_slopes: "
    "bpbook does not know your loss, compute it yourself"
)


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
    InputError, InputTypeError
        If ``inputs`` has the wrong width, is empty, 3-D, non-finite or not
        numeric, or the node inputs overflow float64.

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
        raise InputTypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    width = network.n_inputs
    # A copy either way: later changes to inputs do not matter. A float64 batch of the
    # right width has its NaN and infinity check done by the node inputs' (a sum each).
    fast = (
        type(inputs) is np.ndarray
        and inputs.dtype == np.float64
        and inputs.ndim == 2
        and inputs.shape[1] == width
        and inputs.shape[0] > 0
    )
    x = inputs.copy() if fast else check_inputs(inputs, width)
    batch, weights, activations = as_batch(x), network.weights, network.activations
    if network.is_classifier:  # softmax below, keeping the parts backward's loss needs
        activations = (*activations[:-1], IDENTITY)
    parts = None
    with np.errstate(over="ignore", invalid="ignore"):
        node_inputs, node_values = forward_batch(weights, network.biases, activations, batch)
        if network.is_classifier:
            node_values[-1], shifted, sums = softmax_parts(node_inputs[-1])
            parts = (shifted, sums)
        # NaN or infinity in the inputs reaches every node input of layer 1 (even times 0)
        if not all_finite(node_inputs):
            check_inputs(x, width)  # a NaN or an infinity in the inputs: says where
            check_finite_pass(batch, weights, node_inputs)
    if x.ndim == 1:
        node_inputs = [first_example(z) for z in node_inputs]
        node_values = [first_example(v) for v in node_values]
    return ForwardPass(network, tuple(node_inputs), tuple(node_values), parts)


def backward(
    forward_pass: ForwardPass, targets: Any = None, *, prediction_slopes: Any = None
) -> Slopes:
    """Backward propagation: the slope of the loss w.r.t. every node and weight.

    Parameters
    ----------
    forward_pass : ForwardPass
        What `forward` returned for the same inputs.
    targets : array-like
        One example: shape ``(n_outputs,)``, or a number for one output. A batch of
        ``n``: shape ``(n, n_outputs)``, or ``(n,)`` for one output. A classifier
        (softmax output): class labels (an int, or shape ``(n,)``) or one-hot rows.
    prediction_slopes : array-like, optional
        Instead of ``targets``: the slope of *your* loss w.r.t. each prediction,
        shaped like ``forward_pass.prediction`` (for a batch's mean, include the
        ``1 / n``). ``loss`` and ``error`` are then unknown. Not for a classifier.

    Returns
    -------
    Slopes
        Raises `InputError` / `InputTypeError` for bad ``targets`` or
        ``prediction_slopes``, or a slope that overflows float64.

    Examples
    --------
    >>> from bpbook import backward, forward, lesson
    >>> fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    >>> slopes = backward(fp, lesson.DEEPER_TARGET)
    >>> slopes.weight_slopes[1].ravel()  # the weights of layer 2, the output layer
    array([ 6., 18.])
    >>> slopes.weight_slopes[0]  # layer 1: rows = input nodes 0 and 1
    array([[ 0.,  0.],
           [ 6., 12.]])
    >>> backward(fp, prediction_slopes=[6.0]).weight_slopes[1].ravel()  # the same start
    array([ 6., 18.])
    """
    if not isinstance(forward_pass, ForwardPass):
        raise InputTypeError(
            f"forward_pass: expected the ForwardPass returned by forward(), "
            f"got {type(forward_pass).__name__}"
        )
    x = forward_pass.node_values[0]
    name, checked, is_checked = _start_of(forward_pass, targets, prediction_slopes)
    with np.errstate(over="ignore", invalid="ignore"):
        slopes = _batch_slopes(forward_pass, as_batch(checked), name == "targets")
        loss = 0.0 if slopes._loss is None else slopes._loss
        if not (math.isfinite(loss) and all_finite([slopes.flat_slopes])):
            if not is_checked:  # a NaN or an infinity among the targets: says where
                check_network_targets(forward_pass.network, targets, x)
            _refuse_overflow(loss, checked, name)
    if x.ndim == 2:
        return slopes
    one = Slopes(
        loss=slopes._loss,
        error=None if slopes._error is None else first_example(slopes._error),
        node_slopes=tuple(first_example(s) for s in slopes.node_slopes),
        activation_slopes=None,
        weight_slopes=slopes.weight_slopes,
        bias_slopes=slopes.bias_slopes,
        forward_pass=forward_pass,
    )
    one._flat = slopes._flat
    return one


def check_network_targets(network: Network, targets: Any, inputs: FloatArray) -> FloatArray:
    """Checked targets for ``network`` and checked ``inputs``, shaped like its predictions.

    A classifier's class labels become one-hot rows (`bpbook.checks.check_class_targets`);
    any other network's targets are checked by `bpbook.checks.check_targets`.
    """
    if network.is_classifier:
        return check_class_targets(targets, inputs, network.n_outputs)
    return check_targets(targets, inputs, network.n_outputs)


def _start_of(forward_pass: ForwardPass, targets: Any, slopes: Any) -> tuple[str, FloatArray, bool]:
    """Which argument backward starts from, as checked numbers, and whether they are checked.

    Float64 targets shaped like a batch's predictions (not a classifier's) are used as
    given: `backward` reads them once, for the errors (a new array), and keeps nothing of
    them. Each of them enters the squared error, so a NaN or an infinity among them makes
    the loss non-finite, and only then does `backward` check them, for the message.
    """
    if slopes is None:
        prediction = forward_pass.prediction
        if (
            type(targets) is np.ndarray
            and targets.dtype == np.float64
            and prediction.ndim == 2
            and targets.shape == prediction.shape
            and not forward_pass.network.is_classifier
        ):
            return "targets", targets, False
        network, inputs = forward_pass.network, forward_pass.node_values[0]
        return "targets", check_network_targets(network, targets, inputs), True
    if targets is not None:
        raise InputError("targets: expected targets or prediction_slopes, not both")
    network, prediction = forward_pass.network, forward_pass.prediction
    checked = check_prediction_slopes(slopes, prediction.shape, network.is_classifier)
    return "prediction_slopes", checked, True


def _refuse_overflow(loss: float, given: FloatArray, name: str) -> NoReturn:
    """Refuse slopes that overflowed float64 (huge targets, or huge weights on the way back).

    A NaN or infinity anywhere on the way back reaches the weight slopes (times a
    node value or an activation slope of 0 it becomes NaN), so `backward` checks them,
    with the loss and the bias slopes (`flat_slopes`), before calling this.
    """
    raise InputError(
        f"{name}: expected {name}, inputs and weights small enough for float64 (about "
        f"1.8e308), but the loss or a slope overflowed (loss {loss:.3g}, largest |{name[:-1]}| "
        f"{float(np.abs(given).max()):.3g}); scale the {name}, inputs or weights down"
    )


def _batch_slopes(forward_pass: ForwardPass, given: FloatArray, are_targets: bool) -> Slopes:
    """`backward` on a batch: every array 2-D, one row per example.

    ``given`` are the targets (``are_targets``) or the slopes of the loss w.r.t. the
    predictions.
    """
    network = forward_pass.network
    node_inputs: Sequence[FloatArray] = forward_pass.node_inputs
    node_values: Sequence[FloatArray] = forward_pass.node_values
    if not forward_pass.is_batch:
        node_inputs = [as_batch(z) for z in node_inputs]
        node_values = [as_batch(v) for v in node_values]
    loss: float | None = None
    errors: FloatArray | None = None
    start = given
    if are_targets:
        loss, start, errors = network.loss.value_slope_and_error(
            node_inputs[-1], node_values[-1], given, forward_pass._softmax_parts
        )
    flat = np.empty_like(network.flat_weights)  # the slopes, laid out as the network's numbers
    weight_slopes, bias_slopes = views_in(flat, network.flat_layout)
    layers = [  # layer 1 first (backward_batch walks from layer L)
        *backward_batch(
            network.weights, network.activations, node_inputs, node_values, start, weight_slopes
        )
    ][::-1]
    for layer, bias_slope in zip(layers, bias_slopes, strict=True):
        if bias_slope is not None:
            np.add.reduce(layer.node_input_slopes, axis=0, out=bias_slope)
    slopes = Slopes(
        loss=loss,
        error=errors,
        node_slopes=tuple([layer.node_slopes for layer in layers]),
        activation_slopes=None,
        weight_slopes=tuple(weight_slopes),
        bias_slopes=tuple(bias_slopes),
        forward_pass=forward_pass,
    )
    slopes._flat = flat
    return slopes

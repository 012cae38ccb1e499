"""Gradient checking: compare backprop's slopes with finite differences.

The slope of the loss with respect to a weight ``w`` can also be estimated
without any calculus, by nudging the weight both ways and watching the loss:

    numerical slope = (loss(w + epsilon) - loss(w - epsilon)) / (2 * epsilon)

(a *centred* finite difference, accurate to about ``epsilon ** 2``). If
backpropagation is right, the two agree to many digits. They are compared
by the *relative error*

    |backprop - numerical| / max(|backprop|, |numerical|)

which is 0 when both are exactly 0, and NaN when either is NaN or infinite
(an overflowed slope is a failure, never a pass).

One slope at a time, that measure is unsound near 0: a slope of 2e-14 against a
finite difference of 0 (both round-off) has a relative error of 1. So the verdict,
`GradientCheck.passed`, is taken per layer, on the layer's slopes as one vector:

    |backprop - numerical| / max(|backprop|, |numerical|)   with |v| = sqrt(sum v ** 2)

(`layer_relative_error`). Round-off in tiny slopes then counts for what it is, tiny
next to the layer's large slopes, while one wrong slope of ordinary size still
stands out. In float64, values below about 1e-6 mean the slopes agree; near a ReLU
kink (a node input within ``epsilon`` of 0) or in float32 the check can fail even
when backprop is right. The slope-by-slope errors stay available
(`GradientCheck.relative_errors`) to find *which* weight disagrees.

Biases are checked like weights, and `GradientCheck.layers` reports each
layer's weights and biases on their own.

Choosing epsilon: a larger nudge bends with the loss (an error like ``epsilon ** 2``)
and may cross a ReLU kink; a smaller one loses digits to round-off (an error like
``1e-16 * loss / epsilon``). The default 1e-6 suits float64 and losses of order 1 to
100; `check_gradients` says when to change it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from bpbook.backprop import backward, check_network_targets, forward
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    as_batch,
    as_float_array,
    check_positive_finite,
)
from bpbook.network import Network
from bpbook.propagation import forward_batch

__all__ = [
    "GradientCheck",
    "LayerCheck",
    "check_gradients",
    "layer_relative_error",
    "relative_error",
]


def relative_error(a: Any, b: Any) -> FloatArray:
    """``|a - b| / max(|a|, |b|)``, element by element; 0 where both are 0.

    NaN where ``a`` or ``b`` is NaN or infinite: slopes that overflowed do not agree
    with anything, so a check built on this never passes them.

    Examples
    --------
    >>> from bpbook import relative_error
    >>> relative_error([12.0, 0.0, 1.0], [12.0, 0.0, 2.0])
    array([0. , 0. , 0.5])
    >>> relative_error([float("inf"), float("nan")], [1.0, 1.0])
    array([nan, nan])
    """
    a = as_float_array(a, "a", finite=False)
    b = as_float_array(b, "b", finite=False)
    if a.shape != b.shape:
        raise InputError(f"b: expected the same shape as a {a.shape}, got shape {b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(scale > 0, np.abs(a - b) / np.where(scale > 0, scale, 1.0), 0.0)
    finite = np.isfinite(a) & np.isfinite(b)
    return np.where(finite, result, np.nan)


def _check_tolerance(tolerance: Any) -> float:
    if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real):
        raise InputTypeError(
            f"tolerance: expected a finite number >= 0, got {type(tolerance).__name__}"
        )
    value = float(tolerance)
    if not math.isfinite(value) or value < 0:
        raise InputError(f"tolerance: expected a finite number >= 0, got {value}")
    return value


def _largest(errors: FloatArray) -> float:
    """The largest relative error, NaN if any is NaN (``max`` would skip it)."""
    return float(np.max(errors))


def layer_relative_error(backprop: Any, numerical: Any) -> float:
    """``|backprop - numerical| / max(|backprop|, |numerical|)``, ``|v|`` the length of ``v``.

    One number for a whole layer of slopes, taken as one vector (the Euclidean
    norm): 0 when both are all 0, NaN when a slope is NaN or infinite. Unlike
    `relative_error` slope by slope, it stays small when round-off meets a slope
    near 0, since it measures the disagreement against the layer's largest slopes.

    Examples
    --------
    >>> from bpbook.gradient_check import layer_relative_error
    >>> float(f"{layer_relative_error([3.0, 2e-14], [3.0, 0.0]):.3g}")  # round-off beside 0
    6.67e-15
    >>> layer_relative_error([3.0, 4.0], [3.0, -4.0])  # a wrong slope
    1.6
    """
    b = as_float_array(backprop, "backprop", finite=False)
    n = as_float_array(numerical, "numerical", finite=False)
    if b.shape != n.shape:
        raise InputError(
            f"numerical: expected the same shape as backprop {b.shape}, got shape {n.shape}"
        )
    if not (np.isfinite(b).all() and np.isfinite(n).all()):
        return math.nan
    scale = float(max(np.abs(b).max(initial=0.0), np.abs(n).max(initial=0.0)))
    if scale == 0:
        return 0.0
    b, n = b / scale, n / scale  # no overflow in the squares
    return float(np.linalg.norm(b - n) / max(np.linalg.norm(b), np.linalg.norm(n)))


class LayerCheck:
    """The gradient check of one layer's weights, or of its biases.

    Two checks are equal when all four fields are; checks can be hashed.

    Attributes
    ----------
    layer : int
        ``k`` (1 .. L): the layer the weights or biases feed.
    parameters : str
        ``"weights"`` or ``"biases"``.
    count : int
        How many numbers were checked.
    max_relative_error : float
        The largest relative error among them, slope by slope (NaN if a slope was not
        finite); it says which numbers to look at, but near 0 it is round-off.
    relative_error : float
        `layer_relative_error` of the layer's slopes as one vector: what `passed`
        judges. Given as None, it is ``max_relative_error`` (the same for one number).
    """

    __slots__ = ("_count", "_layer", "_max_relative_error", "_parameters", "_relative_error")

    def __init__(
        self,
        layer: int,
        parameters: str,
        count: int,
        max_relative_error: float,
        relative_error: float | None = None,
    ) -> None:
        """Keep the values as given (`GradientCheck.layers` makes these)."""
        self._layer = layer
        self._parameters = parameters
        self._count = count
        self._max_relative_error = max_relative_error
        self._relative_error = max_relative_error if relative_error is None else relative_error

    @property
    def layer(self) -> int:
        """``k`` (1 .. L): the layer the weights or biases feed."""
        return self._layer

    @property
    def parameters(self) -> str:
        """``"weights"`` or ``"biases"``."""
        return self._parameters

    @property
    def count(self) -> int:
        """How many numbers were checked."""
        return self._count

    @property
    def max_relative_error(self) -> float:
        """The largest relative error among them, slope by slope (NaN if one was not finite)."""
        return self._max_relative_error

    @property
    def relative_error(self) -> float:
        """`layer_relative_error` of the layer's slopes as one vector: what `passed` judges."""
        return self._relative_error

    def _values(self) -> tuple[int, str, int, float, float]:
        """The five values, in the order of the constructor's arguments."""
        return (
            self._layer,
            self._parameters,
            self._count,
            self._max_relative_error,
            self._relative_error,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LayerCheck) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return (
            f"LayerCheck(layer={self._layer!r}, parameters={self._parameters!r}, "
            f"count={self._count!r}, max_relative_error={self._max_relative_error!r}, "
            f"relative_error={self._relative_error!r})"
        )

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True when the layer's `relative_error` is finite and at most ``tolerance``."""
        return self.relative_error <= _check_tolerance(tolerance)


class GradientCheck:
    """Backprop's slopes next to finite-difference estimates, for weights and biases.

    Attributes
    ----------
    backprop_slopes : tuple of ndarray
        Weight slopes, one array per layer of weights (``[k - 1]`` for layer ``k``),
        shaped like the weights.
    numerical_slopes : tuple of ndarray
        Centred finite differences, same shapes.
    relative_errors : tuple of ndarray
        Element-wise `relative_error`, same shapes.
    bias_backprop_slopes, bias_numerical_slopes, bias_relative_errors : tuple
        The same for the biases: one array per layer, ``None`` for a layer
        without a bias.
    epsilon : float

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, check_gradients
    >>> net = Network.random((2, 3, 1), np.random.default_rng(0), biases=True)
    >>> check = check_gradients(net, [[0.5, -1.0], [1.0, 2.0]], [1.0, 0.0])
    >>> [(row.layer, row.parameters, row.count) for row in check.layers()]
    [(1, 'weights', 6), (1, 'biases', 3), (2, 'weights', 3), (2, 'biases', 1)]
    >>> check.passed()
    True
    """

    __slots__ = (
        "_backprop_slopes",
        "_bias_backprop_slopes",
        "_bias_numerical_slopes",
        "_bias_relative_errors",
        "_epsilon",
        "_numerical_slopes",
        "_relative_errors",
    )

    def __init__(
        self,
        backprop_slopes: tuple[FloatArray, ...],
        numerical_slopes: tuple[FloatArray, ...],
        relative_errors: tuple[FloatArray, ...],
        epsilon: float,
        bias_backprop_slopes: tuple[FloatArray | None, ...] = (),
        bias_numerical_slopes: tuple[FloatArray | None, ...] = (),
        bias_relative_errors: tuple[FloatArray | None, ...] = (),
    ) -> None:
        """Keep the slopes as given (`check_gradients` makes these; nothing is checked)."""
        self._backprop_slopes = backprop_slopes
        self._numerical_slopes = numerical_slopes
        self._relative_errors = relative_errors
        self._epsilon = epsilon
        self._bias_backprop_slopes = bias_backprop_slopes
        self._bias_numerical_slopes = bias_numerical_slopes
        self._bias_relative_errors = bias_relative_errors

    @property
    def backprop_slopes(self) -> tuple[FloatArray, ...]:
        """Backprop's weight slopes: ``[k - 1]`` for layer ``k``, shaped like the weights."""
        return self._backprop_slopes

    @property
    def numerical_slopes(self) -> tuple[FloatArray, ...]:
        """Centred finite differences of the loss, one per weight, same shapes."""
        return self._numerical_slopes

    @property
    def relative_errors(self) -> tuple[FloatArray, ...]:
        """Element-wise `relative_error` of the two, same shapes."""
        return self._relative_errors

    @property
    def epsilon(self) -> float:
        """How far each weight or bias was nudged each way."""
        return self._epsilon

    @property
    def bias_backprop_slopes(self) -> tuple[FloatArray | None, ...]:
        """Backprop's bias slopes, one array per layer (``None``: the layer has no biases)."""
        return self._bias_backprop_slopes

    @property
    def bias_numerical_slopes(self) -> tuple[FloatArray | None, ...]:
        """Centred finite differences for the biases (``None``: the layer has no biases)."""
        return self._bias_numerical_slopes

    @property
    def bias_relative_errors(self) -> tuple[FloatArray | None, ...]:
        """Element-wise `relative_error` for the biases (``None``: the layer has no biases)."""
        return self._bias_relative_errors

    def __repr__(self) -> str:
        weights = [np.ravel(e) for e in self._relative_errors]
        biases = [np.ravel(e) for e in self._bias_relative_errors if e is not None]
        every = np.concatenate([*weights, *biases, np.zeros(0)])
        largest = _largest(every) if every.size else math.nan
        return (
            f"GradientCheck({len(weights)} layers, {sum(e.size for e in weights)} weights, "
            f"{sum(e.size for e in biases)} biases, max_relative_error={largest:.1e}, "
            f"epsilon={self._epsilon!r})"
        )

    def layers(self) -> tuple[LayerCheck, ...]:
        """One `LayerCheck` per layer for its weights, and one for its biases if it has any."""
        rows: list[LayerCheck] = []
        n_layers = len(self._relative_errors)
        weights = zip(
            self._relative_errors, self._backprop_slopes, self._numerical_slopes, strict=True
        )
        biases = zip(
            self._bias_relative_errors or (None,) * n_layers,
            self._bias_backprop_slopes or (None,) * n_layers,
            self._bias_numerical_slopes or (None,) * n_layers,
            strict=True,
        )
        for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
            for name, (errors, backprop, numerical) in (("weights", w), ("biases", b)):
                if errors is None:
                    continue
                layer_error = (
                    _largest(errors)
                    if backprop is None or numerical is None
                    else layer_relative_error(backprop, numerical)
                )
                rows.append(LayerCheck(k, name, errors.size, _largest(errors), layer_error))
        return tuple(rows)

    @property
    def max_relative_error(self) -> float:
        """The largest relative error, slope by slope, over all weights and biases (NaN if one
        is not finite). It says where to look; `passed` judges `relative_error`."""
        return _largest(np.array([row.max_relative_error for row in self.layers()]))

    @property
    def relative_error(self) -> float:
        """The largest `LayerCheck.relative_error` (each layer's slopes as one vector)."""
        return _largest(np.array([row.relative_error for row in self.layers()]))

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True when every layer's `relative_error` (weights and biases) is finite and <=
        ``tolerance``."""
        return self.relative_error <= _check_tolerance(tolerance)

    def report(self, tolerance: float = 1e-6) -> str:
        """A table, one line per layer's weights and per layer's biases.

        Examples
        --------
        >>> from bpbook import check_gradients, lesson
        >>> check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
        >>> print(check.report())  # doctest: +ELLIPSIS
        layer  parameters  count  relative error  largest of one  passed
            1  weights         4  ...  yes
            2  weights         2  ...  yes
        """
        tol = _check_tolerance(tolerance)
        lines = ["layer  parameters  count  relative error  largest of one  passed"]
        for row in self.layers():
            lines.append(
                f"{row.layer:5d}  {row.parameters:<10}  {row.count:5d}  "
                f"{row.relative_error:14.1e}  {row.max_relative_error:14.1e}  "
                f"{'yes' if row.passed(tol) else 'NO'}"
            )
        return "\n".join(lines)


def check_gradients(
    network: Network, inputs: Any, targets: Any, *, epsilon: float = 1e-6
) -> GradientCheck:
    """Compare every weight's and bias's backprop slope with a centred finite difference.

    Parameters
    ----------
    network : Network
    inputs : array-like
        One example or a batch, as for `backward`.
    targets : array-like
        Matching ``inputs``, as for `backward` (class labels or one-hot rows for a
        network with a softmax output).
    epsilon : float, default 1e-6
        How far each weight or bias is nudged each way. 1e-6 suits float64 and losses
        of order 1; take 1e-5 to 1e-4 for very large losses, smaller when a ReLU node
        input lies within ``epsilon`` of 0, never below about 1e-8 (round-off). See
        "Choosing epsilon" in `bpbook.gradient_check`.

    Returns
    -------
    GradientCheck
        ``passed()`` is False if any layer's `layer_relative_error` exceeds the
        tolerance or any slope is NaN or infinite; ``layers()`` and ``report()`` say
        which layer's weights or biases failed, ``relative_errors`` which slope.

    Examples
    --------
    >>> from bpbook import check_gradients, lesson
    >>> check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    >>> check.numerical_slopes[0].round(6)
    array([[ 0.,  0.],
           [ 6., 12.]])
    >>> check.passed()
    True
    """
    eps = check_positive_finite(epsilon, "epsilon")
    fp = forward(network, inputs)
    slopes = backward(fp, targets)  # also checks targets
    x = fp.node_values[0]
    numerical, bias_estimates = _finite_differences(
        network, as_batch(x), as_batch(check_network_targets(network, targets, x)), eps
    )
    backprop = tuple(s.copy() for s in slopes.weight_slopes)
    bias_backprop = tuple(None if s is None else s.copy() for s in slopes.bias_slopes)
    return GradientCheck(
        backprop_slopes=backprop,
        numerical_slopes=numerical,
        relative_errors=tuple(
            relative_error(b, n) for b, n in zip(backprop, numerical, strict=True)
        ),
        epsilon=eps,
        bias_backprop_slopes=bias_backprop,
        bias_numerical_slopes=bias_estimates,
        bias_relative_errors=tuple(
            None if b is None or n is None else relative_error(b, n)
            for b, n in zip(bias_backprop, bias_estimates, strict=True)
        ),
    )


def _finite_differences(
    network: Network, inputs: FloatArray, targets: FloatArray, epsilon: float
) -> tuple[tuple[FloatArray, ...], tuple[FloatArray | None, ...]]:
    """Centred differences for every weight and bias (``None`` for a layer without biases)."""

    def loss(weights: list[FloatArray], biases: list[FloatArray | None]) -> float:
        node_inputs, node_values = forward_batch(weights, biases, network.activations, inputs)
        return network.loss.value(node_inputs[-1], node_values[-1], targets)

    weights = [w.copy() for w in network.weights]
    biases = [None if b is None else b.copy() for b in network.biases]
    with np.errstate(over="ignore", invalid="ignore"):
        numerical = _numerical_slopes(lambda: loss(weights, biases), weights, epsilon)
        bias_numerical = _numerical_slopes(
            lambda: loss(weights, biases), [b for b in biases if b is not None], epsilon
        )
    found = iter(bias_numerical)
    return tuple(numerical), tuple(None if b is None else next(found) for b in biases)


def _numerical_slopes(
    loss: Callable[[], float], parameters: list[FloatArray], epsilon: float
) -> list[FloatArray]:
    """Centred finite difference of ``loss`` for every entry of ``parameters``, nudged in place."""
    numerical: list[FloatArray] = []
    for p in parameters:
        estimate = np.empty_like(p)
        for index in np.ndindex(p.shape):
            original = p[index]
            p[index] = original + epsilon
            up = loss()
            p[index] = original - epsilon
            down = loss()
            p[index] = original
            estimate[index] = (up - down) / (2 * epsilon)
        numerical.append(estimate)
    return numerical

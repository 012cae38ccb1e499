"""Gradient checking: compare backprop's slopes with finite differences.

The slope of the loss with respect to a weight ``w`` can also be estimated
without any calculus, by nudging the weight both ways and watching the loss:

    numerical slope = (loss(w + epsilon) - loss(w - epsilon)) / (2 * epsilon)

(a *centred* finite difference, accurate to about ``epsilon ** 2``). If
backpropagation is right, the two agree to many digits. They are compared
by the *relative error*

    |backprop - numerical| / max(|backprop|, |numerical|)

which is 0 when both are exactly 0. In float64, values below about 1e-6
mean the slopes agree; near a ReLU kink (a node input within ``epsilon`` of
0) or in float32 the check can fail even when backprop is right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpbook.backprop import backward, forward
from bpbook.checks import FloatArray, as_batch, check_positive_finite, check_targets
from bpbook.loss import batch_loss
from bpbook.network import Network
from bpbook.propagation import forward_batch

__all__ = ["GradientCheck", "check_gradients", "relative_error"]


def relative_error(a: Any, b: Any) -> FloatArray:
    """``|a - b| / max(|a|, |b|)``, element by element, and 0 where both are 0.

    Examples
    --------
    >>> from bpbook import relative_error
    >>> relative_error([12.0, 0.0, 1.0], [12.0, 0.0, 2.0])
    array([0. , 0. , 0.5])
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the same shape as a {a.shape}, got {b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(scale > 0, np.abs(a - b) / np.where(scale > 0, scale, 1.0), 0.0)
    return result


@dataclass(frozen=True, eq=False)
class GradientCheck:
    """Backprop's weight slopes next to finite-difference estimates.

    Attributes
    ----------
    backprop_slopes : tuple of ndarray
        One array per layer of weights (``[k - 1]`` for layer ``k``), shaped like the weights.
    numerical_slopes : tuple of ndarray
        Centred finite differences, same shapes.
    relative_errors : tuple of ndarray
        Element-wise `relative_error`, same shapes.
    epsilon : float
    """

    backprop_slopes: tuple[FloatArray, ...]
    numerical_slopes: tuple[FloatArray, ...]
    relative_errors: tuple[FloatArray, ...]
    epsilon: float

    @property
    def max_relative_error(self) -> float:
        """The largest relative error over all weights."""
        return max(float(e.max()) for e in self.relative_errors)

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True when every weight's relative error is at most ``tolerance``."""
        return self.max_relative_error <= tolerance


def check_gradients(
    network: Network, inputs: Any, targets: Any, *, epsilon: float = 1e-6
) -> GradientCheck:
    """Compare every weight's backprop slope with a centred finite difference.

    Parameters
    ----------
    network : Network
    inputs, targets : array-like
        One example or a batch, as for `backward`.
    epsilon : float, default 1e-6
        How far each weight is nudged each way.

    Returns
    -------
    GradientCheck

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
    inputs_batch = as_batch(x)
    targets_batch = as_batch(check_targets(targets, x, network.n_outputs))

    def loss(weights: list[FloatArray]) -> float:
        _, node_values = forward_batch(weights, network.biases, network.activations, inputs_batch)
        return batch_loss(node_values[-1] - targets_batch)

    numerical = _numerical_slopes(loss, [w.copy() for w in network.weights], eps)
    backprop = tuple(s.copy() for s in slopes.weight_slopes)
    return GradientCheck(
        backprop_slopes=backprop,
        numerical_slopes=tuple(numerical),
        relative_errors=tuple(
            relative_error(b, n) for b, n in zip(backprop, numerical, strict=True)
        ),
        epsilon=eps,
    )


def _numerical_slopes(
    loss: Callable[[list[FloatArray]], float], weights: list[FloatArray], epsilon: float
) -> list[FloatArray]:
    """Centred finite difference of ``loss`` for every weight, nudging ``weights`` in place."""
    numerical: list[FloatArray] = []
    for w in weights:
        estimate = np.empty_like(w)
        for index in np.ndindex(w.shape):
            original = w[index]
            w[index] = original + epsilon
            up = loss(weights)
            w[index] = original - epsilon
            down = loss(weights)
            w[index] = original
            estimate[index] = (up - down) / (2 * epsilon)
        numerical.append(estimate)
    return numerical

"""The loss: squared error or cross-entropy, and the slope backpropagation starts from.

A network's output layer chooses its loss, the one way to choose it: a softmax
output makes a *classifier*, trained with `CROSS_ENTROPY`; any other output is
trained with `SQUARED_ERROR`. `bpbook.Network.loss` says which. Both are `Loss`
objects whose ``value_and_slope`` the engine calls (backward propagation, the
gradient check, training); the rest of this module is squared error for a
learner's own numbers, and `cross_entropy`.

Squared error
-------------

For one example the lesson's loss is the **squared error**

    error = prediction - target
    loss  = error ** 2                 (summed over output nodes)
    slope of the loss w.r.t. the prediction = 2 * error

For a batch of ``n`` examples the loss is the **mean squared error**: the
mean over the examples of each example's squared error. Its slope with
respect to each prediction is therefore ``2 * error / n``. One example is a
batch of one (``n = 1``), so both are computed by the same two functions:

* `batch_loss` and `batch_loss_slope` -- the arithmetic, on an already
  checked 2-D array of errors (one row per example). Forward and backward
  propagation, the gradient check and training all call these.
* `error`, `squared_error`, `mean_squared_error`,
  `slope_of_loss_wrt_prediction` -- the same, for a learner's own numbers:
  they check their arguments first.

Cross-entropy
-------------
A classifier's output nodes hold probabilities ``p = softmax(z)`` of the classes,
``z`` the output node inputs. For one example with target row ``t`` (one-hot: 1 for
the right class) the loss is ``-sum(t * log(p))``, ``-log`` of the probability of the
right class; a batch takes the mean over examples. Computed from ``z`` as
``max(z) + log(sum(exp(z - max(z)))) - sum(t * z)`` (log-sum-exp), it never takes
``log(0)`` and never overflows for large node inputs. Its slope with respect to the
output node *inputs* is simply ``(p - t) / n``: softmax's slope and the loss's slope
merge (see `bpbook.activations.SOFTMAX`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bpbook.checks import (
    FloatArray,
    InputError,
    as_batch,
    as_float_array,
    check_class_targets,
)

__all__ = [
    "CROSS_ENTROPY",
    "SQUARED_ERROR",
    "Loss",
    "batch_loss",
    "batch_loss_slope",
    "cross_entropy",
    "error",
    "mean_squared_error",
    "slope_of_loss_wrt_prediction",
    "softmax_cross_entropy",
    "softmax_parts",
    "squared_error",
    "summed_cross_entropy",
]

ValueAndSlope = Callable[[FloatArray, FloatArray, FloatArray], tuple[float, FloatArray]]
"""A loss's one function: (output node inputs, predictions, targets) -> (mean loss, slope)."""


class Loss:
    """A loss, as the engine uses it: its value on a batch and the slope backprop starts from.

    Parameters
    ----------
    name : str
        ``"squared_error"`` or ``"cross_entropy"``.
    value_and_slope : callable
        ``value_and_slope(node_inputs, predictions, targets)`` on checked 2-D arrays of
        the output layer (one row per example) returns ``(loss, slope)``: the mean loss
        over the rows, and its slope where backpropagation starts (see `value_and_slope`).
    """

    __slots__ = ("_name", "_value_and_slope")

    def __init__(self, name: str, value_and_slope: ValueAndSlope) -> None:
        """Keep the name and the function (the two losses below are the only ones)."""
        self._name = name
        self._value_and_slope = value_and_slope

    @property
    def name(self) -> str:
        """``"squared_error"`` or ``"cross_entropy"``."""
        return self._name

    def value_and_slope(
        self, node_inputs: FloatArray, predictions: FloatArray, targets: FloatArray
    ) -> tuple[float, FloatArray]:
        """The mean loss over the rows, and the slope backpropagation starts from.

        For squared error the slope is w.r.t. the predictions (``2 * error / n``), and
        backprop multiplies by the output activation's slope; for cross-entropy it is
        w.r.t. the output node inputs (``(p - t) / n``), softmax's slope included.

        Examples
        --------
        >>> import numpy as np
        >>> from bpbook.loss import CROSS_ENTROPY
        >>> z = np.array([[0.0, 0.0]])
        >>> CROSS_ENTROPY.value_and_slope(z, np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]]))
        (0.6931471805599453, array([[-0.5,  0.5]]))
        """
        return self._value_and_slope(node_inputs, predictions, targets)

    def value_slope_and_error(
        self,
        node_inputs: FloatArray,
        predictions: FloatArray,
        targets: FloatArray,
        parts: tuple[FloatArray, FloatArray] | None = None,
    ) -> tuple[float, FloatArray, FloatArray]:
        """`value_and_slope`, and the error ``predictions - targets``, from one subtraction.

        Both losses start from the error (squared error's slope is ``2 * error / n``,
        cross-entropy's ``error / n`` with ``error = p - t``): `bpbook.backward`, which
        reports the error too, computes it once. The same numbers as `value_and_slope`.
        ``parts``: `softmax_parts`' ``(shifted, sums)`` of these node inputs, kept by
        `bpbook.forward`, so cross-entropy needs no second pass of exponentials.
        """
        errors = predictions - targets
        if self is SQUARED_ERROR:
            return batch_loss(errors), batch_loss_slope(errors), errors
        if self is CROSS_ENTROPY:
            n = node_inputs.shape[0]
            slopes: FloatArray = errors * (1.0 / n)
            if parts is None:
                return _cross_entropy_value(node_inputs, targets), slopes, errors
            return summed_cross_entropy(*parts, targets) / int(n), slopes, errors
        return (*self.value_and_slope(node_inputs, predictions, targets), errors)

    def value(self, node_inputs: FloatArray, predictions: FloatArray, targets: FloatArray) -> float:
        """The mean loss over the rows (`value_and_slope` without the slope)."""
        if self is SQUARED_ERROR:
            return batch_loss(predictions - targets)
        return _cross_entropy_value(node_inputs, targets)

    def __repr__(self) -> str:
        return f"Loss({self._name!r})"


def batch_loss(errors: FloatArray) -> float:
    """Loss of a batch: the mean over the rows (examples) of each row's squared error.

    ``errors`` is ``prediction - target`` as a 2-D array, one row per example,
    already checked (no checks here: the engine calls this on every update).

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook.loss import batch_loss
    >>> batch_loss(np.array([[3.0], [-1.0]]))  # (9 + 1) / 2
    5.0
    """
    return float(np.vdot(errors, errors)) / int(errors.shape[0])  # the sum of squares


def batch_loss_slope(errors: FloatArray) -> FloatArray:
    """Slope of `batch_loss` w.r.t. each prediction: ``2 * error / n``, ``n`` rows.

    ``errors`` as for `batch_loss` (2-D, checked). For a batch of one this is
    the lesson's ``2 * error``.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook.loss import batch_loss_slope
    >>> batch_loss_slope(np.array([[3.0]]))
    array([[6.]])
    """
    slopes: FloatArray = (2.0 / errors.shape[0]) * errors
    return slopes


def _pair(
    prediction: Any, target: Any, names: tuple[str, str] = ("prediction", "target")
) -> tuple[FloatArray, FloatArray]:
    """Checked float copies of a prediction and its target, of the same shape.

    A plain number is the target of a single output (``[7.0]`` against ``4.0``).
    """
    p = as_float_array(prediction, names[0])
    t = as_float_array(target, names[1])
    if t.ndim == 0 and p.shape == (1,):
        t = t.reshape(1)  # one output node: a plain number is its target, as in backward()
    if p.shape != t.shape:
        raise InputError(
            f"{names[1]}: expected the same shape as {names[0]} {p.shape}, got shape {t.shape} "
            f"(the order is {names[0]}, then {names[1]})"
        )
    if p.ndim > 2:
        raise InputError(f"{names[0]}: expected at most 2 dimensions, got shape {p.shape}")
    if p.size == 0:
        raise InputError(f"{names[0]}: expected at least one value, got an empty array")
    return p, t


def _finite(result: Any, p: FloatArray, t: FloatArray, names: tuple[str, str]) -> Any:
    """``result`` if every number in it is finite; else an `InputError` naming the overflow."""
    if np.isfinite(result).all():
        return result
    raise InputError(
        f"{names[0]}: expected {names[0]} and {names[1]} whose error and its square fit in "
        f"float64 (about 1.8e308), got values up to {float(np.abs(p).max()):.3g} and "
        f"{float(np.abs(t).max()):.3g}; scale them down"
    )


def error(prediction: Any, target: Any) -> FloatArray:
    """Error = prediction - target (positive when the prediction is too high).

    Every loss function here takes the prediction first, then the target
    (the book's order; scikit-learn's ``y_true, y_pred`` is the reverse: for
    `error` and the slope the sign flips, so pass keywords when in doubt).

    Examples
    --------
    >>> from bpbook import error
    >>> float(error(7.0, 4.0))
    3.0
    >>> error([7.0], 4.0)  # one output node: a plain number is its target
    array([3.])
    >>> error(prediction=[7.0, 2.0], target=[4.0, 3.0])
    array([ 3., -1.])
    """
    p, t = _pair(prediction, target)
    with np.errstate(over="ignore", invalid="ignore"):
        difference: FloatArray = _finite(p - t, p, t, ("prediction", "target"))
    return difference


def squared_error(prediction: Any, target: Any) -> float:
    """Loss of one example of a single-output network: ``(prediction - target) ** 2``.

    Parameters
    ----------
    prediction : float, or array of shape (1,)
        One value. Several values are refused, so that a sum is never mistaken
        for a mean: for a batch use `mean_squared_error` (which also takes flat
        arrays), and for one example with several output nodes
        ``mean_squared_error([prediction], [target])`` (a batch of one: the sum
        over the output nodes).
    target : float, or array of shape (1,)
        One value, as for ``prediction`` (which comes first).

    Examples
    --------
    >>> from bpbook import squared_error
    >>> squared_error(7.0, 4.0)
    9.0
    """
    p, t = _pair(prediction, target)
    if p.size != 1:
        raise InputError(
            f"prediction: expected one value (one example, one output node), got shape "
            f"{p.shape}; for the mean over a batch use mean_squared_error(predictions, targets)"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        loss = batch_loss(as_batch((p - t).reshape(-1)))
    return float(_finite(loss, p, t, ("prediction", "target")))


def mean_squared_error(predictions: Any, targets: Any) -> float:
    """Loss of a batch: the mean over examples of each example's squared error.

    Parameters
    ----------
    predictions : array of shape (n, n_outputs), or (n,) for one output
        One row per example. With one output node, flat ``(n,)`` arrays work,
        and ``(n, 1)`` may be paired with ``(n,)``.
    targets : array of shape (n, n_outputs), or (n,) for one output
        One row per example, as for ``predictions`` (which come first).

    Examples
    --------
    >>> from bpbook import mean_squared_error
    >>> mean_squared_error([[7.0], [2.0]], [[4.0], [3.0]])  # (9 + 1) / 2
    5.0
    >>> mean_squared_error([7.0, 2.0], [4.0, 3.0])  # one output node, flat
    5.0
    """
    p = as_float_array(predictions, "predictions")
    t = as_float_array(targets, "targets")
    if p.ndim == 2 and p.shape[1:] == (1,) and t.ndim == 1:
        t = t.reshape(-1, 1)
    elif p.ndim == 1 and t.ndim == 2 and t.shape[1:] == (1,):
        p = p.reshape(-1, 1)
    if p.ndim != t.ndim and p.ndim != 0 and t.ndim != 0:
        raise InputError(f"targets: expected shape {p.shape} like predictions, got shape {t.shape}")
    p, t = _pair(p, t, ("predictions", "targets"))
    if p.ndim == 0:
        raise InputError(
            "predictions: expected a batch of shape (n, n_outputs) or (n,), got one number; "
            "use squared_error for one example"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        loss = batch_loss(p - t if p.ndim == 2 else (p - t).reshape(-1, 1))
    return float(_finite(loss, p, t, ("predictions", "targets")))


def slope_of_loss_wrt_prediction(prediction: Any, target: Any) -> FloatArray:
    """Slope of the loss with respect to each prediction (prediction first, then target).

    One example (a number or shape ``(n_outputs,)``): ``2 * error``.
    A batch (shape ``(n, n_outputs)``): ``2 * error / n``, the slope of the
    mean squared error. A flat array is one example, as for `bpbook.forward`.

    Examples
    --------
    >>> from bpbook import slope_of_loss_wrt_prediction
    >>> float(slope_of_loss_wrt_prediction(7.0, 4.0))
    6.0
    """
    p, t = _pair(prediction, target)
    with np.errstate(over="ignore", invalid="ignore"):
        errors = p - t
        slopes = batch_loss_slope(as_batch(errors)).reshape(errors.shape)
    result: FloatArray = _finite(slopes, p, t, ("prediction", "target"))
    return result


def _squared_error(
    node_inputs: FloatArray, predictions: FloatArray, targets: FloatArray
) -> tuple[float, FloatArray]:
    errors = predictions - targets
    return batch_loss(errors), batch_loss_slope(errors)


def softmax_parts(node_inputs: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Softmax of each row, with the two parts its cross-entropy is computed from.

    Returns ``(probabilities, shifted, sums)``: ``shifted = z - largest`` (each row's
    largest node input subtracted, so every number is <= 0) and ``sums``, each row's sum
    of ``exp(shifted)`` (at least 1), shape ``(n, 1)``. The probabilities are the same
    numbers as `bpbook.activations.softmax`. Checked 2-D arrays; call it inside
    ``np.errstate`` as the engine does.
    """
    shifted = np.subtract(node_inputs, np.maximum.reduce(node_inputs, axis=1, keepdims=True))
    probabilities: FloatArray = np.exp(shifted)
    sums = np.add.reduce(probabilities, axis=1, keepdims=True)
    probabilities /= sums
    return probabilities, shifted, sums


def summed_cross_entropy(shifted: FloatArray, sums: FloatArray, targets: FloatArray) -> float:
    """The cross-entropy summed over the rows, from `softmax_parts`' ``shifted`` and ``sums``.

    A row's cross-entropy is its log-sum-exp minus the right class's node input:
    ``log(sums) + (largest - right node input)``. Both parts are >= 0, so their sums
    over the rows add up without cancelling (a loss near 0 stays exact), and ``log``
    only sees sums >= 1 (never log(0)). The second part is one dot product,
    ``-(targets . shifted)``.
    """
    return float(np.add.reduce(np.log(sums), axis=None) - np.vdot(targets, shifted))


def _cross_entropy_value(node_inputs: FloatArray, targets: FloatArray) -> float:
    """Mean over rows of ``logsumexp(z) - sum(t * z)``: ``-log`` of the right class's p."""
    _, shifted, sums = softmax_parts(node_inputs)
    return summed_cross_entropy(shifted, sums, targets) / int(node_inputs.shape[0])


def _cross_entropy(
    node_inputs: FloatArray, predictions: FloatArray, targets: FloatArray
) -> tuple[float, FloatArray]:
    n = node_inputs.shape[0]
    slopes: FloatArray = (predictions - targets) * (1.0 / n)
    # Always the log-sum-exp of the node inputs: never log(0), and the same rounding as
    # PyTorch's cross_entropy. (-sum(t * log(p)) from the probabilities is as exact in
    # absolute terms, but a loss near 0 then differs from PyTorch's by 1e-11 relative.)
    return _cross_entropy_value(node_inputs, targets), slopes


def softmax_cross_entropy(
    node_inputs: FloatArray, targets: FloatArray
) -> tuple[FloatArray, float, FloatArray]:
    """A classifier's output in one pass: probabilities, mean cross-entropy and its slope.

    The same numbers as `bpbook.activations.softmax` followed by `CROSS_ENTROPY`'s
    ``value_and_slope``, with each row's largest node input and sum of exponentials
    computed once instead of twice (training calls this on every update). Checked 2-D
    arrays, one row per example; call it inside ``np.errstate`` as the engine does.

    Examples
    --------
    >>> import numpy as np
    >>> p, loss, slope = softmax_cross_entropy(np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]]))
    >>> p, loss, slope
    (array([[0.5, 0.5]]), 0.6931471805599453, array([[-0.5,  0.5]]))
    """
    probabilities, shifted, sums = softmax_parts(node_inputs)
    n = node_inputs.shape[0]
    slopes: FloatArray = probabilities - targets
    slopes *= 1.0 / n
    return probabilities, summed_cross_entropy(shifted, sums, targets) / int(n), slopes


SQUARED_ERROR = Loss("squared_error", _squared_error)
"""Squared error, summed over the output nodes, mean over the examples; slope ``2 * error / n``."""

CROSS_ENTROPY = Loss("cross_entropy", _cross_entropy)
"""Cross-entropy after a softmax output, mean over the examples; slope ``(p - t) / n``
with respect to the output node inputs."""


def cross_entropy(node_inputs: Any, targets: Any) -> float:
    """Cross-entropy of the softmax of ``node_inputs``, mean over the examples.

    Parameters
    ----------
    node_inputs : array-like of shape (n_classes,) or (n, n_classes)
        The output node inputs (before softmax; PyTorch calls them logits), one
        example or a batch. Taking them, not probabilities, is what keeps the
        loss exact when a probability rounds to 0.
    targets : array-like
        Class labels (``0 .. n_classes - 1``; shape ``()`` or ``(n,)``) or one-hot rows
        (or probabilities summing to 1) shaped like ``node_inputs``.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import cross_entropy
    >>> round(cross_entropy([0.0, np.log(3.0)], 1), 6)  # -log(3/4)
    0.287682
    >>> cross_entropy([[1e300, 0.0]], [0])  # no overflow, no log(0)
    0.0
    """
    z = as_float_array(node_inputs, "node_inputs")
    if z.ndim not in (1, 2) or z.size == 0 or z.shape[-1] < 2:
        raise InputError(
            "node_inputs: expected one example of shape (n_classes,) or a batch of shape "
            f"(n, n_classes) with at least 2 classes, got shape {z.shape}"
        )
    t = check_class_targets(targets, z, z.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        loss = _cross_entropy_value(as_batch(z), as_batch(t))
    if not np.isfinite(loss):
        raise InputError(
            f"node_inputs: expected node inputs whose spread fits in float64, got values up to "
            f"{float(np.abs(z).max()):.3g}; the loss overflowed"
        )
    return loss

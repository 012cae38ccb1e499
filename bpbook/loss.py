"""The loss: squared error, and its slope with respect to the prediction.

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
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpbook.checks import FloatArray, InputError, as_batch, as_float_array

__all__ = [
    "batch_loss",
    "batch_loss_slope",
    "error",
    "mean_squared_error",
    "slope_of_loss_wrt_prediction",
    "squared_error",
]


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
    return float((errors * errors).sum()) / int(errors.shape[0])


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

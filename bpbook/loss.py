"""The loss: squared error, and its slope with respect to the prediction.

For one example the lesson's loss is the **squared error**

    error = prediction - target
    loss  = error ** 2                 (summed over output nodes)
    slope of the loss w.r.t. the prediction = 2 * error

For a batch of ``n`` examples the loss is the **mean squared error**: the
mean over the examples of each example's squared error. Its slope with
respect to each prediction is therefore ``2 * error / n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpbook._validation import FloatArray, as_float_array

__all__ = [
    "error",
    "mean_squared_error",
    "slope_of_loss_wrt_prediction",
    "squared_error",
]


def _pair(prediction: Any, target: Any) -> tuple[FloatArray, FloatArray]:
    p = as_float_array(prediction, "prediction")
    t = as_float_array(target, "target")
    if t.ndim == 0 and p.shape == (1,):
        t = t.reshape(1)  # one output node: a plain number is its target, as in backward()
    if p.shape != t.shape:
        raise ValueError(
            f"target: expected the same shape as prediction {p.shape}, got shape {t.shape}"
        )
    if p.ndim > 2:
        raise ValueError(f"prediction: expected at most 2 dimensions, got shape {p.shape}")
    if p.size == 0:
        raise ValueError("prediction: expected at least one value, got an empty array")
    return p, t


def error(prediction: Any, target: Any) -> FloatArray:
    """Error = prediction - target (positive when the prediction is too high).

    Examples
    --------
    >>> from bpbook import error
    >>> float(error(7.0, 4.0))
    3.0
    >>> error([7.0], 4.0)  # one output node: a plain number is its target
    array([3.])
    """
    p, t = _pair(prediction, target)
    return p - t


def squared_error(prediction: Any, target: Any) -> float:
    """Loss of one example: the squared error, summed over output nodes.

    Parameters
    ----------
    prediction, target : float or array of shape (n_outputs,)

    Examples
    --------
    >>> from bpbook import squared_error
    >>> squared_error(7.0, 4.0)
    9.0
    """
    p, t = _pair(prediction, target)
    if p.ndim > 1:
        raise ValueError(
            f"prediction: expected one example (a number or shape (n_outputs,)), "
            f"got shape {p.shape}; use mean_squared_error for a batch"
        )
    return float(np.sum((p - t) ** 2))


def mean_squared_error(predictions: Any, targets: Any) -> float:
    """Loss of a batch: the mean over examples of each example's squared error.

    Parameters
    ----------
    predictions, targets : array of shape (n, n_outputs)
        One row per example.

    Examples
    --------
    >>> from bpbook import mean_squared_error
    >>> mean_squared_error([[7.0], [2.0]], [[4.0], [3.0]])  # (9 + 1) / 2
    5.0
    """
    p, t = _pair(predictions, targets)
    if p.ndim != 2:
        raise ValueError(
            f"predictions: expected a batch of shape (n, n_outputs), got shape {p.shape}; "
            "use squared_error for one example"
        )
    return float(((p - t) ** 2).sum(axis=1).mean())


def slope_of_loss_wrt_prediction(prediction: Any, target: Any) -> FloatArray:
    """Slope of the loss with respect to each prediction.

    One example (a number or shape ``(n_outputs,)``): ``2 * error``.
    A batch (shape ``(n, n_outputs)``): ``2 * error / n``, the slope of the
    mean squared error.

    Examples
    --------
    >>> from bpbook import slope_of_loss_wrt_prediction
    >>> float(slope_of_loss_wrt_prediction(7.0, 4.0))
    6.0
    """
    p, t = _pair(prediction, target)
    slope = 2.0 * (p - t)
    if p.ndim == 2:
        slope /= p.shape[0]
    return slope

"""Input checks shared by every public function, and the one-example <-> batch edge.

Every check raises an exception whose message names the argument, says what
was expected and shows what was given. Nothing is broadcast, reshaped beyond
the documented rules, truncated or silently converted.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BpbookError",
    "FloatArray",
    "InputError",
    "InputTypeError",
    "as_batch",
    "as_float_array",
    "check_inputs",
    "check_positive_finite",
    "check_positive_int",
    "check_rng",
    "check_targets",
    "first_example",
]

FloatArray = NDArray[np.float64]
"""The array type of every number bpbook computes."""


class BpbookError(Exception):
    """The base class of every error bpbook raises on purpose."""


class InputError(BpbookError, ValueError):
    """An argument has the right type but a wrong value (shape, range, NaN, ...)."""


class InputTypeError(BpbookError, TypeError):
    """An argument has the wrong type."""


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """A random generator the Scientific Python way (SPEC 7).

    ``None``: a fresh, unseeded ``numpy.random.default_rng()`` (different numbers
    each run); an int seed >= 0: ``numpy.random.default_rng(seed)`` (the same
    numbers each run); a ``numpy.random.Generator``: used as it is.

    >>> bool(check_rng(0).integers(10) == check_rng(0).integers(10))
    True
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool | np.bool_):
        if rng < 0:
            raise InputError(f"{name}: expected an int seed >= 0, got {int(rng)}")
        return np.random.default_rng(int(rng))
    raise InputTypeError(
        f"{name}: expected None, an int seed or a numpy.random.Generator, got {type(rng).__name__}"
    )


def as_batch(array: FloatArray) -> FloatArray:
    """One example (1-D) as a batch of one (one row); a batch (2-D) as it is.

    The engine computes on batches only; this is the one place where one
    example becomes a batch of one (a view, not a copy).

    >>> import numpy as np
    >>> as_batch(np.array([0.0, 1.0])).shape
    (1, 2)
    """
    return array if array.ndim == 2 else array.reshape(1, -1)


def first_example(batch: FloatArray) -> FloatArray:
    """The first row of a batch: turns a batch of one back into one example (a view)."""
    example: FloatArray = batch[0]
    return example


def as_float_array(value: Any, name: str, *, copy: bool = True) -> FloatArray:
    """Convert ``value`` to a float64 array, refusing non-numeric data.

    With ``copy=False`` a float64 array is returned as it is (no copy), as numpy does.

    Raises
    ------
    TypeError
        If ``value`` is not numeric (strings, objects, booleans, ragged lists).
    ValueError
        If ``value`` contains NaN or infinity.
    """
    if isinstance(value, str | bytes):
        raise TypeError(f"{name}: expected numbers, got {type(value).__name__} {value!r}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(
            f"{name}: expected a rectangular array of numbers, got rows of different lengths"
        ) from error
    if array.dtype == np.bool_ or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(
            f"{name}: expected real numbers (int or float), got an array of dtype {array.dtype}"
        )
    array = array.astype(np.float64, copy=copy)
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        where = tuple(int(i) for i in bad)
        at = f" at index {where}" if where else ""
        raise ValueError(f"{name}: expected finite numbers, got {float(array[where])}{at}")
    return array


def check_positive_finite(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a positive finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a positive finite number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name}: expected a positive finite number, got {value!r}")
    return number


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` if it is a positive integer (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def check_inputs(inputs: Any, width: int) -> FloatArray:
    """Validate the network's inputs: one example ``(width,)`` or a batch ``(n, width)``."""
    array = as_float_array(inputs, "inputs", copy=False)
    if array.ndim not in (1, 2):
        raise ValueError(
            "inputs: expected one example of shape "
            f"({width},) or a batch of shape (n, {width}), got an array of shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"inputs: expected at least one example, got an empty array {array.shape}")
    if array.shape[-1] != width:
        raise ValueError(
            f"inputs: expected {width} input node value(s) per example, "
            f"got shape {array.shape} (width {array.shape[-1]})"
        )
    return array


def check_targets(targets: Any, inputs: FloatArray, width: int) -> FloatArray:
    """Validate targets against validated ``inputs`` and return them shaped like predictions.

    One example: shape ``(width,)``, or a plain number when ``width`` is 1.
    A batch of ``n``: shape ``(n, width)``, or ``(n,)`` when ``width`` is 1.
    """
    array = as_float_array(targets, "targets", copy=False)
    if inputs.ndim == 1:
        expected: tuple[int, ...] = (width,)
        if width == 1 and array.shape == ():
            return array.reshape(1)
        wording = f"shape ({width},)" + (" or a single number" if width == 1 else "")
    else:
        n = inputs.shape[0]
        expected = (n, width)
        if width == 1 and array.shape == (n,):
            return array.reshape(n, 1)
        wording = f"shape ({n}, {width})" + (f" or ({n},)" if width == 1 else "")
    if array.shape != expected:
        raise ValueError(
            f"targets: expected {wording} to match inputs of shape {inputs.shape}, "
            f"got shape {array.shape}"
        )
    return array

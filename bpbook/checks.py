"""Argument checks shared by every public function, bpbook's errors, and the batch edge.

The rule of the whole package: every public function either returns finite,
correct numbers that do not depend on later changes to the caller's arrays, or
raises a `BpbookError` whose message names the argument, says what was expected
and shows what was given, in at most 400 characters (arrays are summarised by
shape, dtype and the first bad value, never printed whole). Nothing is
broadcast, reshaped beyond the documented rules, truncated or silently
converted.

The two kinds of bad argument are `InputError` (a `ValueError`: the right kind
of thing with a wrong value or shape) and `InputTypeError` (a `TypeError`: the
wrong kind of thing), so ``except ValueError`` and ``except TypeError`` keep
working.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "MAX_MESSAGE_LENGTH",
    "BpbookError",
    "FloatArray",
    "InputError",
    "InputTypeError",
    "all_finite",
    "as_batch",
    "as_float_array",
    "check_class_targets",
    "check_finite_number",
    "check_inputs",
    "check_positive_finite",
    "check_positive_int",
    "check_prediction_slopes",
    "check_rng",
    "check_sequence",
    "check_targets",
    "describe",
    "first_example",
    "read_only",
]

FloatArray = NDArray[np.float64]
"""The array type of every number bpbook computes."""

MAX_MESSAGE_LENGTH = 400
"""No bpbook error message is longer than this many characters."""


class BpbookError(Exception):
    """Base class of every error bpbook raises on purpose.

    Examples
    --------
    >>> from bpbook import BpbookError, forward, lesson
    >>> try:
    ...     forward(lesson.deeper_network(), [0.0])
    ... except BpbookError as error:
    ...     print(type(error).__name__)
    InputError
    """


class InputError(BpbookError, ValueError):
    """An argument of the right kind with a wrong value or shape (a `ValueError`).

    Examples
    --------
    >>> from bpbook import InputError, Network
    >>> try:
    ...     Network([])
    ... except InputError as error:
    ...     print(error)
    weights: expected at least one layer, got an empty sequence
    """


class InputTypeError(BpbookError, TypeError):
    """An argument of the wrong kind, e.g. text where numbers belong (a `TypeError`).

    Examples
    --------
    >>> from bpbook import InputTypeError, forward, lesson
    >>> try:
    ...     forward(lesson.deeper_network(), "0 1")
    ... except InputTypeError as error:
    ...     print(error)
    inputs: expected numbers, got str '0 1'
    """


def describe(value: Any, limit: int = 60) -> str:
    """A short description of ``value`` for an error message (never a whole array).

    Examples
    --------
    >>> import numpy as np
    >>> describe(np.zeros((100, 3)))
    'an array of shape (100, 3) and dtype float64'
    >>> describe("x" * 100)[-5:]
    "x...'"
    """
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, list | tuple) and len(value) > 8:
        return f"a {type(value).__name__} of {len(value)} items"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 4] + "..." + text[-1]
    return text


def as_batch(array: FloatArray) -> FloatArray:
    """One example (1-D) as a batch of one (one row); a batch (2-D) as it is.

    The engine computes on batches only; this is the one place where one
    example becomes a batch of one (a view, not a copy).

    Examples
    --------
    >>> import numpy as np
    >>> as_batch(np.array([0.0, 1.0])).shape
    (1, 2)
    """
    return array if array.ndim == 2 else array.reshape(1, -1)


def first_example(batch: FloatArray) -> FloatArray:
    """The first row of a batch: turns a batch of one back into one example (a view)."""
    example: FloatArray = batch[0]
    return example


def all_finite(arrays: Iterable[FloatArray]) -> bool:
    """True when every number of these float64 arrays is finite (no NaN, no infinity).

    One sum of squares per array (``np.vdot``, one BLAS call, no copy and no warning):
    NaN or infinity makes it NaN or infinity, and squares never cancel. Numbers beyond
    about 1e154 overflow it, so only a sum that is not finite has its numbers looked at
    one by one.

    Examples
    --------
    >>> import numpy as np
    >>> all_finite([np.ones(3), np.full(2, 1e308)]), all_finite([np.array([1.0, np.nan])])
    (True, False)
    """
    for array in arrays:
        if not math.isfinite(np.vdot(array, array)) and not np.isfinite(array).all():
            return False
    return True


def read_only(array: Any) -> FloatArray:
    """A float64 copy of ``array`` on read-only memory: it can never be made writeable.

    Setting ``flags.writeable = True`` on the result raises `ValueError`,
    because the memory underneath is an immutable ``bytes`` object.

    Examples
    --------
    >>> import numpy as np
    >>> frozen = read_only([1.0, 2.0])
    >>> frozen.flags.writeable
    False
    """
    values = np.asarray(array, dtype=np.float64)
    frozen: FloatArray = np.frombuffer(values.tobytes(), dtype=np.float64).reshape(values.shape)
    return frozen


def as_float_array(value: Any, name: str, *, copy: bool = True, finite: bool = True) -> FloatArray:
    """Convert ``value`` to a float64 array, refusing non-numeric data.

    With ``copy=False`` a float64 array is returned as it is (no copy), as numpy does.
    With ``finite=False`` NaN and infinity are kept (where they mark a failure, as in
    `bpbook.relative_error`).

    Raises
    ------
    InputTypeError
        If ``value`` is not numeric (strings, None, objects, booleans, ragged lists).
    InputError
        If ``value`` contains NaN or infinity (also after conversion to float64).
    """
    if type(value) is np.ndarray and value.dtype == np.float64:  # the common case, fast
        array = value.copy() if copy else value
        if finite and not np.isfinite(array).all():
            _refuse_non_finite(array, name)
        return array
    if isinstance(value, str | bytes):
        raise InputTypeError(
            f"{name}: expected numbers, got {type(value).__name__} {describe(value)}"
        )
    if value is None:
        raise InputTypeError(f"{name}: expected numbers, got None")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError, OverflowError) as error:  # ragged nested lists
        raise InputTypeError(
            f"{name}: expected a rectangular array of numbers, got rows of different lengths"
        ) from error
    if array.dtype == np.bool_ or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise InputTypeError(
            f"{name}: expected real numbers (int or float), got an array of dtype {array.dtype}"
        )
    with np.errstate(over="ignore"):  # e.g. a longdouble beyond float64: caught just below
        array = array.astype(np.float64, copy=copy)
    if finite and not np.isfinite(array).all():
        _refuse_non_finite(array, name)
    return array


def _refuse_non_finite(array: FloatArray, name: str) -> None:
    """Raise `InputError` naming ``name`` and the first NaN or infinity in ``array``."""
    bad = np.argwhere(~np.isfinite(array))[0]
    where = tuple(int(i) for i in bad)
    at = f" at index {where}" if where else ""
    raise InputError(f"{name}: expected finite numbers, got {float(array[where])}{at}")


def check_sequence(value: Any, name: str, what: str) -> list[Any]:
    """``value`` as a list, if it is a sequence (text is refused, never split into characters).

    ``what`` says what the items are, for the message.

    Examples
    --------
    >>> check_sequence(("relu", "tanh"), "activations", "activation names")
    ['relu', 'tanh']
    """
    if type(value) is list or type(value) is tuple:  # the common case, fast
        return list(value)
    is_array = isinstance(value, np.ndarray) and value.ndim > 0
    if isinstance(value, str | bytes) or not (isinstance(value, Sequence) or is_array):
        raise InputTypeError(
            f"{name}: expected a sequence (list or tuple) of {what}, got "
            f"{type(value).__name__} {describe(value)}"
        )
    return list(value)


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def check_positive_finite(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a positive finite real number.

    Python and numpy ints and floats are accepted; bools, text and None are not.
    """
    if type(value) is float and 0 < value < math.inf:  # the common case, fast
        return value
    if not _is_real(value):
        raise InputTypeError(f"{name}: expected a positive finite number, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise InputError(f"{name}: expected a positive finite number, got {describe(value)}")
    return number


def check_finite_number(value: Any, name: str, *, minimum: float | None = None) -> float:
    """Return ``value`` as a float if it is a finite real number (``>= minimum`` if given).

    Examples
    --------
    >>> check_finite_number(0, "tolerance", minimum=0.0)
    0.0
    """
    wanted = "a finite number" + ("" if minimum is None else f" >= {minimum:g}")
    if not _is_real(value):
        raise InputTypeError(f"{name}: expected {wanted}, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number) or (minimum is not None and number < minimum):
        raise InputError(f"{name}: expected {wanted}, got {describe(value)}")
    return number


def check_positive_int(value: Any, name: str) -> int:
    """Return ``value`` if it is a positive integer (Python or numpy; bools refused)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise InputTypeError(f"{name}: expected a positive integer, got {describe(value)}")
    if value <= 0:
        raise InputError(f"{name}: expected a positive integer, got {describe(value)}")
    return int(value)


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """A random generator from ``rng``, the Scientific Python way (SPEC 7).

    * ``None``: a fresh generator seeded by the operating system (results differ
      from run to run);
    * an int seed ``>= 0``: ``numpy.random.default_rng(seed)`` (reproducible);
    * a ``numpy.random.Generator``: used as it is (and advanced by the caller's use).

    Examples
    --------
    >>> import numpy as np
    >>> check_rng(0).integers(100) == np.random.default_rng(0).integers(100)
    np.True_
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool | np.bool_):
        if rng < 0:
            raise InputError(f"{name}: expected a seed >= 0, got {describe(rng)}")
        return np.random.default_rng(int(rng))
    raise InputTypeError(
        f"{name}: expected None, an int seed or a numpy.random.Generator "
        f"(e.g. numpy.random.default_rng(0)), got {type(rng).__name__} {describe(rng, 40)}"
    )


def check_prediction_slopes(
    slopes: Any, prediction_shape: tuple[int, ...], is_classifier: bool
) -> FloatArray:
    """``backward``'s ``prediction_slopes``: a float copy shaped like the prediction.

    Not for a classifier, whose output slope merges with softmax's.
    """
    if is_classifier:
        raise InputError(
            "prediction_slopes: expected a network without a softmax output, got a classifier: "
            "its output slope merges with softmax's, so pass targets (cross-entropy)"
        )
    array = as_float_array(slopes, "prediction_slopes")
    if array.shape == () and prediction_shape == (1,):
        return array.reshape(1)
    if array.shape != prediction_shape:
        raise InputError(
            f"prediction_slopes: expected shape {prediction_shape} like the prediction, "
            f"got shape {array.shape}"
        )
    return array


def check_inputs(
    inputs: Any, width: int, name: str = "inputs", *, finite: bool = True
) -> FloatArray:
    """Check and copy the network's inputs: one example ``(width,)`` or a batch ``(n, width)``.

    ``finite=False`` leaves NaN and infinity to the caller (training checks them with a
    sum of squares it needs anyway).
    """
    array = as_float_array(inputs, name, finite=finite)
    if array.ndim not in (1, 2):
        raise InputError(
            f"{name}: expected one example of shape "
            f"({width},) or a batch of shape (n, {width}), got an array of shape {array.shape}"
        )
    if array.size == 0:
        raise InputError(f"{name}: expected at least one example, got an empty array {array.shape}")
    if array.shape[-1] != width:
        hint = ""
        if width == 1 and array.ndim == 1:
            hint = "; for a batch of one-input examples use inputs.reshape(-1, 1)"
        raise InputError(
            f"{name}: expected {width} input node value(s) per example, "
            f"got shape {array.shape} (width {array.shape[-1]}){hint}"
        )
    return array


def check_targets(targets: Any, inputs: FloatArray, width: int) -> FloatArray:
    """Validate and copy targets against validated ``inputs``, shaped like predictions.

    One example: shape ``(width,)``, or a plain number when ``width`` is 1.
    A batch of ``n``: shape ``(n, width)``, or ``(n,)`` when ``width`` is 1.
    """
    array = as_float_array(targets, "targets")
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
        raise InputError(
            f"targets: expected {wording} to match inputs of shape {inputs.shape}, "
            f"got shape {array.shape}"
        )
    return array


_IDENTITIES: dict[int, FloatArray] = {}


def _identity(n: int) -> FloatArray:
    """``np.eye(n)``, kept read-only for up to 1024 classes: its rows index to fresh copies."""
    if n > 1024:
        return np.eye(n)
    if n not in _IDENTITIES:
        _IDENTITIES[n] = read_only(np.eye(n))
    return _IDENTITIES[n]


def _largest_unsigned(labels: NDArray[np.integer[Any]]) -> int:
    """The largest of ``labels`` read as unsigned integers (a negative one reads as huge).

    A view, no copy: one comparison with the number of classes refuses a label too large
    and a negative one at once.
    """
    unsigned = labels if labels.dtype.kind == "u" else labels.view(f"u{labels.dtype.itemsize}")
    return int(np.maximum.reduce(unsigned, axis=None))


def check_class_targets(targets: Any, inputs: FloatArray, n_classes: int) -> FloatArray:
    """Class targets as one-hot rows (a copy), for a classifier of ``n_classes`` outputs.

    One example (1-D ``inputs``): a class label (an int ``0 .. n_classes - 1``) or one
    row of shape ``(n_classes,)``. A batch of ``n``: labels of shape ``(n,)`` or rows
    of shape ``(n, n_classes)``. A row is one-hot, or probabilities (each >= 0,
    summing to 1). Labels may be ints or whole floats (``3.0``).

    >>> import numpy as np
    >>> check_class_targets([2, 0], np.zeros((2, 4)), 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    batch = inputs.ndim == 2
    labels_shape: tuple[int, ...] = (inputs.shape[0],) if batch else ()
    rows_shape = (*labels_shape, n_classes)
    if (  # integer labels in range, the common case: one comparison, no float copy
        type(targets) is np.ndarray
        and targets.dtype.kind in "iu"
        and targets.shape == labels_shape
        and _largest_unsigned(targets) < n_classes
    ):
        labels: FloatArray = _identity(n_classes)[targets.reshape(-1)].reshape(rows_shape)
        return labels
    array = as_float_array(targets, "targets")
    if array.shape == labels_shape:
        flat = array.reshape(-1)
        bad = np.flatnonzero((flat != np.round(flat)) | (flat < 0) | (flat >= n_classes))
        if bad.size:
            i = int(bad[0])
            at = f" at index {i}" if batch else ""
            hint = (
                "; probabilities go in rows of shape " + str(rows_shape)
                if flat[i] != round(flat[i])
                else ""
            )
            raise InputError(
                f"targets: expected class labels, whole numbers 0 to {n_classes - 1}, "
                f"got {flat[i]:g}{at}{hint}"
            )
        one_hot: FloatArray = np.eye(n_classes)[flat.astype(np.int64)].reshape(rows_shape)
        return one_hot
    if array.shape != rows_shape:
        raise InputError(
            f"targets: expected class labels of shape {labels_shape} or one-hot rows of shape "
            f"{rows_shape} to match inputs of shape {inputs.shape}, got shape {array.shape}"
        )
    rows = array.reshape(-1, n_classes)
    sums = rows.sum(axis=1)
    bad = np.flatnonzero((rows < 0).any(axis=1) | (np.abs(sums - 1.0) > 1e-6))
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"targets: expected one-hot rows (or probabilities >= 0 summing to 1), got "
            f"row {i} summing to {sums[i]:.6g} with smallest value {rows[i].min():.6g}"
        )
    return array

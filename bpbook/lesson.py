"""The lesson's own networks and numbers, ready-made.

* `deeper_network` -- "Backpropagation in practice": inputs 0 and 1,
  two ReLU hidden nodes with values 1 and 3, output weights 1 and 2,
  prediction 7, target 4 (error 3, loss 9).
* `single_weight_network` -- the gradient-descent slide: one input of
  value 3, weight 2, prediction 6, target 10.
* `two_weight_network` -- the code slide: weights 1 and 2, inputs 3 and
  4, target 6, learning rate 0.01.
* `toy_regression_data` -- a small made-up data set for the chapters on
  training loops and stochastic gradient descent.

The weights leaving the deeper network's input node of value 0 are not given
by the lesson. Any numbers would do -- a node of value 0 contributes nothing
forward, and the slopes of its outgoing weights are 0 whatever they are --
so bpbook picks 1 and 1 (``UNSEEN_WEIGHTS``).
"""

from __future__ import annotations

# Private aliases: `bpbook.lesson` exports only the lesson's own names (issue 13).
import typing as _typing

import numpy as _np

from bpbook import checks as _checks
from bpbook import network as _network

__all__ = [
    "DEEPER_INPUTS",
    "DEEPER_TARGET",
    "MAX_TOY_EXAMPLES",
    "SINGLE_WEIGHT_INPUT",
    "SINGLE_WEIGHT_LEARNING_RATE",
    "SINGLE_WEIGHT_TARGET",
    "TWO_WEIGHT_INPUTS",
    "TWO_WEIGHT_LEARNING_RATE",
    "TWO_WEIGHT_TARGET",
    "UNSEEN_WEIGHTS",
    "deeper_network",
    "single_weight_network",
    "toy_regression_data",
    "two_weight_network",
]


def _constant(values: list[float]) -> _checks.FloatArray:
    """The lesson's numbers on read-only memory: they can never be changed."""
    return _checks.read_only(values)


DEEPER_INPUTS = _constant([0.0, 1.0])
"""Input node values of the deeper network: 0 (top) and 1 (bottom)."""

DEEPER_TARGET = 4.0
"""Target of the deeper network (prediction 7, so error 3)."""

UNSEEN_WEIGHTS = (1.0, 1.0)
"""Weights from the input node of value 0 to the two hidden nodes (they do not matter)."""

SINGLE_WEIGHT_INPUT = _constant([3.0])
"""Input of the one-weight network (`single_weight_network`): one input node of value 3."""

SINGLE_WEIGHT_TARGET = 10.0
"""Target of the one-weight network: with weight 2 the prediction is 6, so the error is -4."""

SINGLE_WEIGHT_LEARNING_RATE = 0.01
"""Learning rate of the gradient-descent slide: the weight's slope is -24, so the update
moves the weight from 2 to 2.24."""

TWO_WEIGHT_INPUTS = _constant([3.0, 4.0])
"""Inputs of the code slide's network (`two_weight_network`): 3 and 4."""

TWO_WEIGHT_TARGET = 6.0
"""Target of the code slide: with weights 1 and 2 the prediction is 11, so the error is 5."""

TWO_WEIGHT_LEARNING_RATE = 0.01
"""Learning rate of the code slide: the slopes are 30 and 40, so the weights become 0.7
and 1.6."""

MAX_TOY_EXAMPLES = 1_000_000
"""The most examples `toy_regression_data` makes (it is a small made-up data set)."""


def deeper_network() -> _network.Network:
    """The deeper network of "Backpropagation in practice".

    Layer 1 (ReLU): from input 0 the weights are ``UNSEEN_WEIGHTS``; from
    input 1 they are 1 (to the top hidden node) and 3 (to the bottom one), so
    the hidden node values are 1 and 3. Layer 2 (identity): weights 1 and 2,
    so the prediction is ``1*1 + 3*2 = 7``.

    Examples
    --------
    >>> from bpbook import lesson
    >>> lesson.deeper_network().predict(lesson.DEEPER_INPUTS)
    array([7.])
    """
    return _network.Network(
        [[list(UNSEEN_WEIGHTS), [1.0, 3.0]], [[1.0], [2.0]]],
        hidden="relu",
        output="identity",
    )


def single_weight_network() -> _network.Network:
    """One input node, one weight of 2, one output node (identity).

    Examples
    --------
    >>> from bpbook import lesson
    >>> lesson.single_weight_network().predict(lesson.SINGLE_WEIGHT_INPUT)
    array([6.])
    """
    return _network.Network([[[2.0]]], output="identity")


def two_weight_network() -> _network.Network:
    """Two input nodes, weights 1 and 2, one output node (identity).

    Examples
    --------
    >>> from bpbook import lesson
    >>> lesson.two_weight_network().predict(lesson.TWO_WEIGHT_INPUTS)
    array([11.])
    """
    return _network.Network([[[1.0], [2.0]]], output="identity")


def toy_regression_data(
    n_examples: int, rng: _typing.Any = None, *, noise: float = 0.1
) -> tuple[_checks.FloatArray, _checks.FloatArray]:
    """A small made-up regression data set with two inputs and one target.

    Inputs are uniform on ``[-1, 1]``; the target is
    ``x0 ** 2 + x1 + noise * normal()``: curved, so a ReLU hidden layer helps.

    Parameters
    ----------
    n_examples : int
    rng : int or numpy.random.Generator or None
        An int seed gives the same data every time; ``None`` different data.
    noise : float, default 0.1
        Standard deviation of the noise (0 for none).

    Returns
    -------
    inputs : ndarray of shape (n_examples, 2)
    targets : ndarray of shape (n_examples, 1)

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import lesson
    >>> x, y = lesson.toy_regression_data(100, np.random.default_rng(0))
    >>> x.shape, y.shape
    ((100, 2), (100, 1))
    """
    n = _checks.check_positive_int(n_examples, "n_examples")
    if n > MAX_TOY_EXAMPLES:
        raise _checks.InputError(
            f"n_examples: expected at most {MAX_TOY_EXAMPLES} (a small data set), got {n}"
        )
    generator = _checks.check_rng(rng)
    spread = _checks.check_finite_number(noise, "noise", minimum=0.0)
    inputs = generator.uniform(-1.0, 1.0, size=(n, 2))
    with _np.errstate(over="ignore"):  # a huge noise overflows: refused just below
        targets = inputs[:, :1] ** 2 + inputs[:, 1:] + spread * generator.normal(size=(n, 1))
    if not _np.isfinite(targets).all():
        raise _checks.InputError(
            f"noise: expected a spread small enough for finite targets, got {spread:g}"
        )
    return inputs, targets

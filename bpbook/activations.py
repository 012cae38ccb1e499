"""Activation functions, each with its slope written right beside it.

A node adds up what flows into it (its *node input*) and passes the sum
through an activation function to get its *node value*. Backpropagation
needs the activation's *slope* at that node input, so every activation here
carries both rules side by side.

ReLU's slope at exactly 0
-------------------------
ReLU has a corner at 0, where the slope is not defined. bpbook uses **0**
there (the slope is 1 only where the node input is strictly positive), which
is also what most deep-learning libraries do. It rarely matters: a node input
is exactly 0 only by coincidence, and gradient checks should avoid kinks.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpbook.checks import FloatArray, InputError, InputTypeError, describe

__all__ = [
    "IDENTITY",
    "RELU",
    "SIGMOID",
    "SOFTMAX",
    "TANH",
    "Activation",
    "get_activation",
    "softmax",
]


class Activation:
    """An activation function and its slope.

    Parameters
    ----------
    name : str
        The name it is looked up by, for example ``"relu"``.
    value : callable
        Maps node inputs to node values, element by element.
    slope : callable
        Maps node inputs to the activation's slope there, element by element.
    chain : callable, optional
        ``chain(node_inputs, node_slopes)`` returns ``node_slopes * slope(node_inputs)``
        (see `node_input_slopes`); give it only when it can be computed faster
        than that product (ReLU, identity).

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import RELU
    >>> RELU.value(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    >>> RELU.slope(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """

    __slots__ = ("_chain", "_name", "_slope", "_value")

    def __init__(
        self,
        name: str,
        value: Callable[[FloatArray], FloatArray],
        slope: Callable[[FloatArray], FloatArray],
        chain: Callable[[FloatArray, FloatArray], FloatArray] | None = None,
    ) -> None:
        """Check that ``name`` is a non-empty str and the functions are callable."""
        if not isinstance(name, str) or not name:
            raise InputTypeError(f"name: expected a non-empty str, got {describe(name)}")
        for argument, function in (("value", value), ("slope", slope), ("chain", chain)):
            if not (callable(function) or (argument == "chain" and function is None)):
                raise InputTypeError(
                    f"{argument}: expected a function of the node inputs, got {describe(function)}"
                )
        self._name = name
        self._value = value
        self._slope = slope
        self._chain = chain

    @property
    def name(self) -> str:
        """The name it is looked up by, for example ``"relu"``."""
        return self._name

    @property
    def value(self) -> Callable[[FloatArray], FloatArray]:
        """Maps node inputs to node values, element by element."""
        return self._value

    @property
    def slope(self) -> Callable[[FloatArray], FloatArray]:
        """Maps node inputs to the activation's slope there, element by element."""
        return self._slope

    @property
    def chain(self) -> Callable[[FloatArray, FloatArray], FloatArray] | None:
        """A faster ``node_slopes * slope(node_inputs)``, or ``None``."""
        return self._chain

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Activation):
            return NotImplemented
        return (self._name, self._value, self._slope) == (other._name, other._value, other._slope)

    def __hash__(self) -> int:
        return hash((self._name, self._value, self._slope))

    def node_input_slopes(self, node_inputs: FloatArray, node_slopes: FloatArray) -> FloatArray:
        """Chain rule through the activation: ``node_slopes * slope(node_inputs)``.

        Turns the slope of the loss w.r.t. the node values of a layer (its
        *node slopes*) into the slope w.r.t. their node inputs, the
        *node-input slopes* of `bpbook.Slopes.node_input_slopes`.

        Examples
        --------
        >>> import numpy as np
        >>> from bpbook import RELU
        >>> RELU.node_input_slopes(np.array([-2.0, 3.0]), np.array([6.0, 6.0]))
        array([0., 6.])
        """
        if self._chain is not None:
            return self._chain(node_inputs, node_slopes)
        return node_slopes * self._slope(node_inputs)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _relu(node_input: FloatArray) -> FloatArray:
    return np.maximum(node_input, 0.0)


def _relu_slope(node_input: FloatArray) -> FloatArray:
    # 1 where the input is strictly positive, 0 elsewhere (including exactly 0).
    return (node_input > 0).astype(np.float64)


def _relu_chain(node_inputs: FloatArray, node_slopes: FloatArray) -> FloatArray:
    return node_slopes * (node_inputs > 0)  # no float copy of the mask


def _identity(node_input: FloatArray) -> FloatArray:
    return node_input


def _identity_slope(node_input: FloatArray) -> FloatArray:
    return np.ones_like(node_input)


def _identity_chain(node_inputs: FloatArray, node_slopes: FloatArray) -> FloatArray:
    return node_slopes  # slope 1: nothing to multiply


def _sigmoid(node_input: FloatArray) -> FloatArray:
    # Split by sign so that exp never overflows.
    out = np.empty_like(node_input)
    positive = node_input >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-node_input[positive]))
    exp_x = np.exp(node_input[~positive])
    out[~positive] = exp_x / (1.0 + exp_x)
    return out


def _sigmoid_slope(node_input: FloatArray) -> FloatArray:
    s = _sigmoid(node_input)
    return s * (1.0 - s)


def _tanh(node_input: FloatArray) -> FloatArray:
    return np.tanh(node_input)


def _tanh_slope(node_input: FloatArray) -> FloatArray:
    return 1.0 - np.tanh(node_input) ** 2


def softmax(node_inputs: FloatArray) -> FloatArray:
    """Softmax over the last axis: ``exp(z_j) / sum_i exp(z_i)``, one example per row.

    Computed from ``z - max(z)`` so that ``exp`` never overflows: node inputs of
    1e300 give 1.0 and 0.0, not NaN. Each row is positive and sums to 1.

    Examples
    --------
    >>> import numpy as np
    >>> softmax(np.array([[0.0, np.log(3.0)], [1e300, 0.0]])).round(6)
    array([[0.25, 0.75],
           [1.  , 0.  ]])
    """
    with np.errstate(over="ignore"):  # a spread beyond 1.8e308 gives -inf: exp -> 0, right
        return _softmax(node_inputs)


def _softmax(node_inputs: FloatArray) -> FloatArray:
    """`softmax` without its error-state guard: the engine calls it inside its own."""
    exps = np.exp(node_inputs - node_inputs.max(axis=-1, keepdims=True))
    probabilities: FloatArray = exps / exps.sum(axis=-1, keepdims=True)
    return probabilities


RELU = Activation("relu", _relu, _relu_slope, _relu_chain)
"""ReLU: ``max(0, x)``; slope 1 where ``x > 0`` and 0 where ``x <= 0``."""

IDENTITY = Activation("identity", _identity, _identity_slope, _identity_chain)
"""Identity (linear): ``x``; slope 1 everywhere."""

SIGMOID = Activation("sigmoid", _sigmoid, _sigmoid_slope)
"""Sigmoid: ``1 / (1 + exp(-x))``; slope ``s(x) * (1 - s(x))``."""

TANH = Activation("tanh", _tanh, _tanh_slope)
"""Hyperbolic tangent: ``tanh(x)``; slope ``1 - tanh(x)**2``."""

SOFTMAX = Activation("softmax", _softmax, _identity_slope, _identity_chain)
"""Softmax, for the output layer of a classifier: node values are class probabilities.

Softmax mixes the nodes of a layer (each value depends on every node input), so
it has no slope of its own node by node. bpbook uses it only as the output
layer's activation, where the loss is cross-entropy: there the two slopes merge
into ``p - t`` (probabilities minus targets) with respect to the node *inputs*,
which `bpbook.loss.CROSS_ENTROPY` computes directly. So its ``slope`` here is 1
(factor 3 of the three-factor rule is already inside factor 2), and a network
refuses softmax in a hidden layer."""

_BY_NAME = {a.name: a for a in (RELU, IDENTITY, SIGMOID, TANH, SOFTMAX)}
_BY_NAME["linear"] = IDENTITY


def get_activation(activation: str | Activation) -> Activation:
    """Look an activation up by name, or pass an `Activation` through.

    Parameters
    ----------
    activation : str or Activation
        One of ``"relu"``, ``"identity"`` (alias ``"linear"``), ``"sigmoid"``,
        ``"tanh"``, ``"softmax"`` (output layer only), or an `Activation` object.

    Returns
    -------
    Activation

    Raises
    ------
    InputError
        If the name is unknown.
    InputTypeError
        If ``activation`` is neither a string nor an `Activation`.

    Examples
    --------
    >>> from bpbook import get_activation
    >>> get_activation("linear")
    Activation('identity')
    """
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        try:
            return _BY_NAME[activation.lower()]
        except KeyError:
            known = ", ".join(repr(n) for n in sorted(_BY_NAME))
            raise InputError(
                f"activation: expected one of {known}, got {describe(activation, 40)}"
            ) from None
    raise InputTypeError(
        f"activation: expected a name (str) or an Activation, got {type(activation).__name__}"
    )

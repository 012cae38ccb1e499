"""Backpropagation on any formula: a number that remembers how it was made.

A `Value` holds one number, its *node value*. Every operation on values (``+``,
``*``, ``-``, ``**``, `Value.relu`, `Value.maximum`, `Value.sigmoid`, `Value.tanh`)
and `Value.activate` (any of bpbook's activations) makes a new `Value` that
remembers three things:

* ``parents``: the values it was made from;
* ``local_slopes``: the slope of the new value with respect to each parent, worked
  out right there, beside the forward rule (for ``a * b``: ``b`` and ``a``);
* ``operation``: a short name, for printing.

Together the values form a *computational graph*. `Value.backward`, called on the
loss, walks that graph from the loss back to the start in `topological_order`
(every node after all the nodes it was made from) and hands each node's slope to
its parents by the chain rule::

    parent.slope += local_slope * node.slope

The ``+=`` matters: a value used twice (a node that feeds several nodes) gets a
slope from each use, and the slopes add up. That sum is the branching chapter's
"sum over the outgoing weights".

This module computes one number at a time and is meant to be read, not to be
fast; `bpbook.backward` does the same for whole layers with matrix products, and
`bpbook.graph_network` builds a network's graph to show that both agree.

Examples
--------
>>> from bpbook.graph import Value
>>> x, y = Value(3.0), Value(4.0)
>>> loss = x * y + x
>>> loss.backward()
>>> loss.value, x.slope, y.slope
(15.0, 5.0, 3.0)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from bpbook.activations import Activation, get_activation
from bpbook.checks import InputError, InputTypeError, describe

__all__ = ["Value", "topological_order"]


def _number(value: Any, name: str) -> float:
    """``value`` as a float, if it is a finite real number (bools, text and None refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name}: expected a finite number, got {describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise InputError(f"{name}: expected a finite number, got {describe(value)}")
    return number


class Value:
    """One number in a computational graph, with the slope of the loss w.r.t. it.

    Parameters
    ----------
    value : int or float
        The node value (finite).
    label : str, default ""
        A name to print, for example ``"w1"``.

    Attributes
    ----------
    value : float
        The node value, computed forward when the `Value` was made.
    slope : float
        The slope of the loss with respect to this value: 0 until `backward` is
        called on a value made from this one.
    parents : tuple of Value
        The values this one was made from (empty for a value you typed in).
    local_slopes : tuple of float
        ``local_slopes[i]``: the slope of this value with respect to ``parents[i]``.
    operation : str
        How it was made: ``"+"``, ``"*"``, ``"relu"``, ... (``""`` for a value you
        typed in).
    label : str

    Examples
    --------
    >>> from bpbook.graph import Value
    >>> w = Value(2.0, label="w")
    >>> prediction = w * 3
    >>> prediction.parents[0] is w, prediction.local_slopes
    (True, (3.0, 2.0))
    """

    __slots__ = ("label", "local_slopes", "operation", "parents", "slope", "value")

    def __init__(self, value: Any, *, label: str = "") -> None:
        """Check ``value`` (a finite number) and ``label`` (a str)."""
        if not isinstance(label, str):
            raise InputTypeError(f"label: expected a str, got {describe(label)}")
        self.value = _number(value, "value")
        self.slope = 0.0
        self.parents: tuple[Value, ...] = ()
        self.local_slopes: tuple[float, ...] = ()
        self.operation = ""
        self.label = label

    # -- the gates: forward rule and local slopes side by side --------------------------

    def __add__(self, other: Value | float) -> Value:
        """``a + b``; local slopes 1 and 1: an add gate hands its slope to both inputs."""
        other = _as_value(other)
        return _made(self.value + other.value, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other: Value | float) -> Value:
        """``a - b``; local slopes 1 and -1."""
        other = _as_value(other)
        return _made(self.value - other.value, (self, other), (1.0, -1.0), "-")

    def __neg__(self) -> Value:
        """``-a``; local slope -1."""
        return _made(-self.value, (self,), (-1.0,), "neg")

    def __mul__(self, other: Value | float) -> Value:
        """``a * b``; local slopes ``b`` and ``a``: a multiply gate swaps the values."""
        other = _as_value(other)
        return _made(self.value * other.value, (self, other), (other.value, self.value), "*")

    def __pow__(self, exponent: float) -> Value:
        """``a ** n`` for a number ``n``; local slope ``n * a ** (n - 1)``."""
        n = _number(exponent, "exponent")
        try:
            power = self.value**n
            slope = n * self.value ** (n - 1) if n != 0 else 0.0
        except (OverflowError, ZeroDivisionError):
            power = slope = math.inf
        if isinstance(power, complex) or not (math.isfinite(power) and math.isfinite(slope)):
            raise InputError(
                f"exponent: expected an exponent for which {self.value:.3g} ** exponent and "
                f"its slope are finite real numbers, got {n:g}"
            )
        return _made(power, (self,), (slope,), f"**{n:g}")

    def relu(self) -> Value:
        """``max(0, a)``; local slope 1 where ``a > 0``, else 0 (bpbook's choice at 0)."""
        return _made(max(0.0, self.value), (self,), (float(self.value > 0),), "relu")

    def maximum(self, other: Value | float) -> Value:
        """``max(a, b)``; local slope 1 for the larger input, 0 for the other: a max gate routes.

        On a tie the slope goes to ``a`` (the value the method is called on).
        """
        other = _as_value(other)
        first = self.value >= other.value
        return _made(
            max(self.value, other.value), (self, other), (float(first), float(not first)), "max"
        )

    def sigmoid(self) -> Value:
        """``1 / (1 + exp(-a))``, written so exp never overflows; local slope ``s * (1 - s)``."""
        if self.value >= 0:
            s = 1.0 / (1.0 + math.exp(-self.value))
        else:
            s = math.exp(self.value) / (1.0 + math.exp(self.value))
        return _made(s, (self,), (s * (1.0 - s),), "sigmoid")

    def tanh(self) -> Value:
        """``tanh(a)``; local slope ``1 - tanh(a) ** 2``."""
        t = math.tanh(self.value)
        return _made(t, (self,), (1.0 - t * t,), "tanh")

    def activate(self, activation: str | Activation) -> Value:
        """A node's activation, with the value and slope rules of `bpbook.activations`.

        ``activation`` is a name (``"relu"``, ``"sigmoid"``, ...) or an `Activation`;
        its ``value`` gives the forward rule and its ``slope`` the local slope, the
        same two functions bpbook's layers use.
        """
        rule = get_activation(activation)
        node_input = np.array([self.value])
        with np.errstate(over="ignore", invalid="ignore"):  # refused by _made just below
            value = float(rule.value(node_input)[0])
            local_slope = float(rule.slope(node_input)[0])
        return _made(value, (self,), (local_slope,), rule.name, "activation")

    # -- a number on the left: the same gates -------------------------------------------

    def __radd__(self, other: float) -> Value:
        """``number + a``."""
        return self + other

    def __rmul__(self, other: float) -> Value:
        """``number * a``."""
        return self * other

    def __rsub__(self, other: float) -> Value:
        """``number - a``."""
        return _as_value(other) - self

    # -- backward propagation ------------------------------------------------------------

    def backward(self) -> None:
        """Give every value this one was made from its slope: d(self) / d(value).

        Every slope in the graph is first set to 0 (so calling it twice gives the
        same slopes); this value's own slope is 1; then, for each node from this one
        back to the start, each parent gets ``local_slope * node.slope`` *added*
        to its slope.

        Raises
        ------
        InputError
            If a slope overflows float64.
        """
        order = topological_order(self)
        for node in order:
            node.slope = 0.0
        self.slope = 1.0
        for node in reversed(order):
            for parent, local_slope in zip(node.parents, node.local_slopes, strict=True):
                parent.slope += local_slope * node.slope
        if not all(math.isfinite(node.slope) for node in order):
            raise InputError(
                "self: expected a graph whose slopes fit in float64 (about 1.8e308), "
                "but a slope overflowed; scale the values down"
            )

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        how = f", made by {self.operation!r}" if self.operation else ""
        return f"Value({name}value={self.value:g}, slope={self.slope:g}{how})"


def _made(
    value: float,
    parents: tuple[Value, ...],
    local_slopes: tuple[float, ...],
    how: str,
    argument: str = "other",
) -> Value:
    """A value made by an operation, remembering its parents and local slopes."""
    if not all(math.isfinite(x) for x in (value, *local_slopes)):
        shown = ", ".join(f"{p.value:.3g}" for p in parents)
        raise InputError(
            f"{argument}: expected values whose {how!r} and its slopes fit in float64 "
            f"(about 1.8e308), got {how!r} of {shown}"
        )
    made = Value(value)
    made.parents = parents
    made.local_slopes = local_slopes
    made.operation = how
    return made


def _as_value(other: Any) -> Value:
    """``other`` as a `Value` (a plain number becomes one), or a clear error."""
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise InputTypeError(f"other: expected a Value or a number, got {describe(other)}")
    return Value(_number(other, "other"))


def topological_order(value: Value) -> list[Value]:
    """Every value ``value`` was made from, and itself, each after its parents.

    Each value appears once, even if it was used several times. Reversed, the list
    is the order backward propagation visits the nodes: a node's slope is complete
    (every use has added its part) before it is handed on to its parents.

    Parameters
    ----------
    value : Value
        The end of the graph, usually the loss.

    Returns
    -------
    list of Value
        ``value`` itself is last.

    Examples
    --------
    >>> from bpbook.graph import Value, topological_order
    >>> a = Value(2.0, label="a")
    >>> b = a * a
    >>> [v.label or v.operation for v in topological_order(b)]
    ['a', '*']
    """
    if not isinstance(value, Value):
        raise InputTypeError(f"value: expected a Value, got {describe(value)}")
    order: list[Value] = []
    done: set[int] = set()
    # Depth first without recursion (a long chain would exceed Python's recursion limit):
    # a node is placed once all its parents are placed.
    stack: list[tuple[Value, Iterator[Value]]] = [(value, iter(value.parents))]
    done.add(id(value))
    while stack:
        node, parents = stack[-1]
        parent = next(parents, None)
        if parent is None:
            stack.pop()
            order.append(node)
        elif id(parent) not in done:
            done.add(id(parent))
            stack.append((parent, iter(parent.parents)))
    return order

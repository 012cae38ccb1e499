"""bpbook.graph: each gate's slopes, the order of the walk back, and the ``+=``."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from bpbook import SIGMOID, TANH, Value, topological_order


def _finite_difference(formula: Callable[[list[Value]], Value], at: list[float]) -> list[float]:
    """Centred finite differences of ``formula`` at the numbers ``at``, one per input."""
    eps = 1e-6
    slopes = []
    for i in range(len(at)):
        up = [Value(x + (eps if n == i else 0.0)) for n, x in enumerate(at)]
        down = [Value(x - (eps if n == i else 0.0)) for n, x in enumerate(at)]
        slopes.append((formula(up).value - formula(down).value) / (2 * eps))
    return slopes


def _slopes(formula: Callable[[list[Value]], Value], at: list[float]) -> list[float]:
    inputs = [Value(x) for x in at]
    formula(inputs).backward()
    return [v.slope for v in inputs]


def test_add_gate_hands_its_slope_to_both_inputs() -> None:
    a, b = Value(2.0), Value(-5.0)
    out = (a + b) * 3.0  # the add gate receives slope 3
    out.backward()
    assert (a.slope, b.slope) == (3.0, 3.0)


def test_multiply_gate_swaps_the_values() -> None:
    a, b = Value(2.0), Value(-5.0)
    out = (a * b) * 3.0
    out.backward()
    assert (a.slope, b.slope) == (-5.0 * 3.0, 2.0 * 3.0)


def test_max_gate_routes_the_slope_to_the_larger_input() -> None:
    a, b = Value(2.0), Value(-5.0)
    out = a.maximum(b) * 3.0
    out.backward()
    assert (out.value, a.slope, b.slope) == (6.0, 3.0, 0.0)
    tie_a, tie_b = Value(1.0), Value(1.0)
    tie_a.maximum(tie_b).backward()
    assert (tie_a.slope, tie_b.slope) == (1.0, 0.0), "a tie goes to the first"


def test_relu_is_a_max_gate_with_zero() -> None:
    for x, slope in ((3.0, 1.0), (-2.0, 0.0), (0.0, 0.0)):
        v = Value(x)
        out = v.relu()
        out.backward()
        assert (out.value, v.slope) == (max(x, 0.0), slope)


def test_a_value_used_twice_gets_both_slopes_added() -> None:
    x = Value(3.0)
    square = x * x  # x reaches the product along two edges
    square.backward()
    assert x.slope == 6.0 == 2 * x.value
    y = Value(4.0)
    out = y * 2.0 + y * 5.0
    out.backward()
    assert y.slope == 7.0


def test_backward_twice_gives_the_same_slopes() -> None:
    x = Value(3.0)
    out = x * x + x
    out.backward()
    first = x.slope
    out.backward()
    assert x.slope == first == 7.0


def test_the_order_puts_every_node_after_its_parents_once() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert len(order) == len({id(v) for v in order}) == 5
    assert order[-1] is e
    place = {id(v): n for n, v in enumerate(order)}
    for node in order:
        assert all(place[id(p)] < place[id(node)] for p in node.parents)


def test_a_long_chain_needs_no_recursion() -> None:
    start = Value(1.0)
    end = start
    for _ in range(20_000):
        end = end * 1.0 + 0.0
    end.backward()
    assert start.slope == 1.0


@pytest.mark.parametrize(
    ("name", "method", "activation"),
    [("sigmoid", Value.sigmoid, SIGMOID), ("tanh", Value.tanh, TANH)],
)
def test_the_written_out_activations_match_bpbooks(
    name: str, method: Callable[[Value], Value], activation: object
) -> None:
    for x in np.linspace(-40.0, 40.0, 81):
        by_hand = method(Value(x))
        by_rule = Value(x).activate(name)
        assert by_hand.value == pytest.approx(by_rule.value, rel=1e-15, abs=1e-300)
        assert by_hand.local_slopes[0] == pytest.approx(by_rule.local_slopes[0], rel=1e-12)
    assert Value(0.0).activate(activation).local_slopes == (  # type: ignore[arg-type]
        0.25 if name == "sigmoid" else 1.0,
    )


FORMULAS: list[tuple[str, Callable[[list[Value]], Value], list[float]]] = [
    ("x * y", lambda v: v[0] * v[1], [3.0, -2.0]),
    ("a weight used twice", lambda v: (v[0] * v[1]).tanh() * v[1], [0.7, 1.3]),
    ("x * y + x / 2", lambda v: v[0] * v[1] + v[0] * 0.5, [1.5, 2.5]),
    ("(x - y) ** 2", lambda v: (v[0] - v[1]) ** 2, [4.0, 7.0]),
    ("max(x, y) * sigmoid(x)", lambda v: v[0].maximum(v[1]) * v[0].sigmoid(), [0.4, -1.0]),
    ("1 - relu(x * y) ** 3", lambda v: 1.0 - (v[0] * v[1]).relu() ** 3, [1.2, 0.8]),
    ("-x + 2 - y", lambda v: -v[0] + 2 - v[1], [1.0, 2.0]),
    ("x ** 0 + y ** -1", lambda v: v[0] ** 0 + v[1] ** -1, [2.0, 4.0]),
]


@pytest.mark.parametrize(("name", "formula", "at"), FORMULAS, ids=[f[0] for f in FORMULAS])
def test_formulas_agree_with_finite_differences(
    name: str, formula: Callable[[list[Value]], Value], at: list[float]
) -> None:
    by_graph = _slopes(formula, at)
    by_nudging = _finite_difference(formula, at)
    np.testing.assert_allclose(by_graph, by_nudging, rtol=1e-7, atol=1e-8, err_msg=name)


def test_a_wrong_local_slope_would_be_caught() -> None:
    """The finite-difference comparison above can fail: a slope off by 1 % is seen."""
    x = Value(0.7)
    out = x.tanh()
    out.local_slopes = (out.local_slopes[0] * 1.01,)
    out.backward()
    (nudged,) = _finite_difference(lambda v: v[0].tanh(), [0.7])
    assert not math.isclose(x.slope, nudged, rel_tol=1e-7)


def test_values_remember_how_they_were_made() -> None:
    w = Value(2.0, label="w")
    p = w * 3
    assert p.parents[0] is w and p.parents[1].value == 3.0
    assert p.local_slopes == (3.0, 2.0) and p.operation == "*"
    assert repr(w) == "Value(w, value=2, slope=0)"
    assert repr(p) == "Value(value=6, slope=0, made by '*')"
    assert (2 - w).value == 0.0 and (2 * w).value == 4.0 and (1 + w).value == 3.0
    assert Value(np.float64(1.5)).value == 1.5 and Value(2).value == 2.0

# The prose uses typographic signs (×, −, →, ²); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""branching.md: every number in the prose of the branching chapter is bpbook's.

The page's network: inputs [1, 2] -> two ReLU hidden nodes -> two identity outputs,
targets [2, 10]. Each test computes with bpbook and checks the sentence that quotes it.
"""

from __future__ import annotations

import numpy as np

from bpbook import Network, backward, check_gradients, forward, three_factors
from tests.book.prose import assert_prose_says, num

PAGE = "branching.md"
INPUTS = [1.0, 2.0]
TARGETS = [2.0, 10.0]
NAMES = ("top", "bottom")


def branching() -> Network:
    return Network([[[2.0, 1.0], [1.0, 1.0]], [[1.0, 2.0], [-1.0, 1.0]]])


def paren(value: float) -> str:
    """A factor as the prose writes it: negative numbers in brackets."""
    return f"({num(value)})" if value < 0 else num(value)


def test_states_the_network() -> None:
    net = branching()
    w1, w2 = net.weights
    assert_prose_says(PAGE, f"values {num(INPUTS[0])} (top) and {num(INPUTS[1])} (bottom)")
    assert_prose_says(
        PAGE,
        f"Into the top one: weight {num(w1[0, 0])} from the top input and {num(w1[1, 0])} "
        f"from the bottom input. Into the bottom one: {num(w1[0, 1])} from each input.",
    )
    assert w1[0, 1] == w1[1, 1]
    assert_prose_says(
        PAGE,
        f"feeds the top output with weight {num(w2[0, 0])} and the bottom output with weight "
        f"{num(w2[0, 1])}. The bottom hidden node feeds them with weights {num(w2[1, 0])} and "
        f"{num(w2[1, 1])}.",
    )
    assert_prose_says(
        PAGE, f"{num(TARGETS[0])} for the top output, {num(TARGETS[1])} for the bottom one"
    )


def test_forward_numbers() -> None:
    net = branching()
    fp = forward(net, INPUTS)
    w1, w2 = net.weights
    (z0, z1), (y0, y1) = fp.node_inputs
    h0, h1 = fp.node_values[1]
    assert (z0, z1, y0, y1) == (4, 3, 1, 11), f"got {fp.node_inputs}"
    x0, x1 = INPUTS
    assert_prose_says(
        PAGE,
        f"The top hidden node receives {num(x0)} × {num(w1[0, 0])} + {num(x1)} × "
        f"{num(w1[1, 0])} = {num(z0)} and the bottom one {num(x0)} × {num(w1[0, 1])} + "
        f"{num(x1)} × {num(w1[1, 1])} = {num(z1)}",
    )
    assert_prose_says(PAGE, f"the hidden values are {num(h0)} and {num(h1)}")
    assert_prose_says(
        PAGE,
        f"The top output receives {num(h0)} × {num(w2[0, 0])} + {num(h1)} × {paren(w2[1, 0])} "
        f"= {num(y0)} and the bottom output {num(h0)} × {num(w2[0, 1])} + {num(h1)} × "
        f"{num(w2[1, 1])} = {num(y1)}",
    )


def test_loss_and_output_slopes() -> None:
    fp = forward(branching(), INPUTS)
    s = backward(fp, TARGETS)
    e0, e1 = s.error
    p0, p1 = fp.prediction
    assert_prose_says(
        PAGE,
        f"The errors are {num(p0)} − {num(TARGETS[0])} = {num(e0)} and {num(p1)} − "
        f"{num(TARGETS[1])} = {num(e1)}, so the loss is {paren(e0)}² + {paren(e1)}² = "
        f"{num(s.loss)}",
    )
    assert s.loss == e0**2 + e1**2
    g0, g1 = s.node_slopes[1]
    assert (g0, g1) == (2 * e0, 2 * e1)
    assert_prose_says(PAGE, f"{num(g0)} for the top output and {num(g1)} for the bottom one")


def test_output_weight_table() -> None:
    for i in (0, 1):
        for j in (0, 1):
            row = three_factors(branching(), INPUTS, TARGETS, layer=2, from_node=i, to_node=j)
            assert row.product == row.backprop_slope
            assert_prose_says(
                PAGE,
                f"| {NAMES[i]} hidden → {NAMES[j]} output | {num(row.value_feeding_in)} | "
                f"{num(row.slope_of_node_fed)} | {num(row.activation_slope)} | "
                f"{num(row.value_feeding_in)} × {paren(row.slope_of_node_fed)} × "
                f"{num(row.activation_slope)} = {num(row.product)} |",
            )


def path_terms(hidden: int) -> list[tuple[float, float, float, float]]:
    """(weight, node slope fed, activation slope, term) along each outgoing weight."""
    rows = [
        three_factors(branching(), INPUTS, TARGETS, layer=2, from_node=hidden, to_node=j)
        for j in (0, 1)
    ]
    return [
        (
            r.weight,
            r.slope_of_node_fed,
            r.activation_slope,
            r.weight * r.slope_of_node_fed * r.activation_slope,
        )
        for r in rows
    ]


def test_sum_rule_for_the_top_hidden_node() -> None:
    s = backward(forward(branching(), INPUTS), TARGETS)
    (w0, g0, a0, t0), (w1, g1, a1, t1) = path_terms(0)
    assert t0 + t1 == s.node_slopes[0][0] == 2, f"expected −2 + 4 = 2, got {t0} + {t1}"
    assert_prose_says(PAGE, f"by {num(w0)} × {paren(g0)} × {num(a0)} = {num(t0)} times the nudge")
    assert_prose_says(PAGE, f"by {num(w1)} × {num(g1)} × {num(a1)} = {num(t1)} times the nudge")
    assert_prose_says(PAGE, f"the top hidden node is {num(t0)} + {num(t1)} = {num(t0 + t1)}")
    assert_prose_says(PAGE, f"Either path on its own ({num(t0)}, or {num(t1)})")
    assert_prose_says(PAGE, f"two paths give {num(t0)} and {num(t1)}, and its slope")
    assert_prose_says(PAGE, f"is their sum, {num(t0 + t1)}")
    assert t0 < 0 < t1, "the prose says the two paths pull in opposite directions"


def test_sum_rule_for_the_bottom_hidden_node() -> None:
    s = backward(forward(branching(), INPUTS), TARGETS)
    (w0, g0, a0, t0), (w1, g1, a1, t1) = path_terms(1)
    assert t0 + t1 == s.node_slopes[0][1] == 4
    assert_prose_says(
        PAGE,
        f"{paren(w0)} × {paren(g0)} × {num(a0)} + {num(w1)} × {num(g1)} × {num(a1)} = "
        f"{num(t0 + t1)}. Here the two paths agree.",
    )
    assert t0 > 0 and t1 > 0


def test_first_layer_weight_slopes() -> None:
    s = backward(forward(branching(), INPUTS), TARGETS)
    x0, x1 = INPUTS
    top, bottom = s.node_slopes[0]
    assert s.activation_slopes[0].tolist() == [1, 1]
    expected = np.array([[x0 * top, x0 * bottom], [x1 * top, x1 * bottom]])
    assert np.array_equal(s.weight_slopes[0], expected)
    assert_prose_says(
        PAGE,
        f"{num(x0)} × {num(top)} × 1 = {num(x0 * top)} and {num(x1)} × {num(top)} × 1 = "
        f"{num(x1 * top)} into the top hidden node, and {num(x0)} × {num(bottom)} × 1 = "
        f"{num(x0 * bottom)} and {num(x1)} × {num(bottom)} × 1 = {num(x1 * bottom)} into "
        "the bottom one",
    )
    assert check_gradients(branching(), INPUTS, TARGETS).passed()


def test_matrix_form_sums() -> None:
    net = branching()
    fp = forward(net, INPUTS)
    s = backward(fp, TARGETS)
    delta = s.node_input_slopes[1]
    assert_prose_says(PAGE, f"here [{num(delta[0])}, {num(delta[1])}]")
    w2 = net.weights[1]
    top = delta @ w2[0]
    bottom = delta @ w2[1]
    assert np.allclose([top, bottom], s.node_slopes[0])
    assert_prose_says(
        PAGE,
        f"for the top hidden node {paren(delta[0])} × {num(w2[0, 0])} + {num(delta[1])} × "
        f"{num(w2[0, 1])} = {num(top)}, for the bottom one {paren(delta[0])} × "
        f"{paren(w2[1, 0])} + {num(delta[1])} × {num(w2[1, 1])} = {num(bottom)}",
    )

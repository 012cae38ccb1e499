# The prose uses typographic signs (×, −, ²); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""graph.md: every number the computational-graph chapter quotes is bpbook's."""

from __future__ import annotations

import math

from bpbook import Network, Value, lesson, network_graph
from bpbook.graph_network import NetworkGraph
from tests.book.prose import assert_prose_says, num
from tests.bpbook import test_graph_network

PAGE = "graph.md"


def _lesson() -> NetworkGraph:
    graph = network_graph(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    graph.loss.backward()
    return graph


def _share(parent: Value, node: Value) -> float:
    """What ``node`` sends back along its edge from ``parent``."""
    (local,) = [s for p, s in zip(node.parents, node.local_slopes, strict=True) if p is parent]
    return local * node.slope


def test_the_walk_up_the_lesson_graph() -> None:
    graph = _lesson()
    loss = graph.loss
    (error,) = loss.parents
    prediction, target = error.parents
    assert (error.value, loss.value, loss.slope) == (3, 9, 1)
    assert_prose_says(
        PAGE,
        f"The loss is error², with error {num(error.value)}, so the loss is {num(loss.value)}. "
        f"Its slope with respect to itself is {num(loss.slope)}.",
    )
    assert loss.local_slopes == (2 * error.value,) and error.slope == 6
    assert_prose_says(
        PAGE,
        f"The square's local slope is 2 × error = {num(loss.local_slopes[0])}, so the error "
        f"gets slope {num(error.slope)}",
    )
    assert error.local_slopes == (1, -1)
    assert_prose_says(
        PAGE,
        f"the prediction gets slope {num(prediction.slope)}, the target {num(target.slope)}",
    )
    z2 = graph.node_inputs[1][0]
    assert prediction.local_slopes == (1,) and z2.slope == 6
    assert [_share(p, z2) for p in z2.parents] == [6, 6]


def test_the_multiplication_that_swaps_into_18_and_12() -> None:
    graph = _lesson()
    hidden = graph.node_values[1][1]
    weight = graph.weights[1][1][0]
    (product,) = [p for p in graph.node_inputs[1][0].parents if weight in p.parents]
    assert (hidden.value, weight.value, product.slope) == (3, 2, 6)
    assert (weight.slope, hidden.slope) == (18, 12)
    assert_prose_says(
        PAGE,
        f"`a1[1]` ({num(hidden.value)}) and its outgoing weight `w2[1,0]` ({num(weight.value)}) "
        f"swaps the two values: the weight gets {num(hidden.value)} × {num(product.slope)} = "
        f"{num(weight.slope)} and the hidden node {num(weight.value)} × {num(product.slope)} = "
        f"{num(hidden.slope)}",
    )
    prediction = graph.node_values[2][0]
    activation_slope = prediction.local_slopes[0]
    add_slope = _share(product, graph.node_inputs[1][0]) / graph.node_inputs[1][0].slope
    node_fed = prediction.slope
    assert hidden.value * add_slope * activation_slope * node_fed == weight.slope
    assert_prose_says(
        PAGE,
        rf"\underbrace{{{num(hidden.value)}}}_{{\text{{value feeding in}}}} \times "
        rf"\underbrace{{{num(add_slope)}}}_{{\text{{add}}}} \times "
        rf"\underbrace{{{num(activation_slope)}}}_{{\text{{activation slope}}}} \times "
        rf"\underbrace{{{num(node_fed)}}}_{{\text{{slope of the node fed}}}} = {num(weight.slope)}",
    )


def test_an_input_used_twice_adds_its_two_shares() -> None:
    graph = _lesson()
    x1 = graph.node_values[0][1]
    products = [z.parents[1] for z in graph.node_inputs[0]]  # x1 * w1[1, j]
    weights = [graph.weights[0][1][j] for j in (0, 1)]
    shares = [_share(x1, p) for p in products]
    assert shares == [w.value * p.slope for w, p in zip(weights, products, strict=True)]
    assert sum(shares) == x1.slope == 42
    w0, w1 = (w.value for w in weights)
    s0, s1 = (p.slope for p in products)
    assert_prose_says(
        PAGE,
        f"{num(w0)} × {num(s0)} = {num(shares[0])} from the top hidden node's product (weight "
        f"{num(w0)} times that node-input slope {num(s0)}) and {num(w1)} × {num(s1)} = "
        f"{num(shares[1])} from the bottom one (weight {num(w1)} times {num(s1)}). The slope of "
        f"`x1` is their sum, {num(shares[0])} + {num(shares[1])} = {num(x1.slope)}",
    )


def test_the_overwriting_bug_keeps_one_share() -> None:
    x = Value(3.0)
    square = x * x
    square.backward()
    assert x.slope == 2 * x.value == 6
    assert_prose_says(PAGE, f"The slope of $x^2$ is $2x$ = {num(x.slope)}")
    assert_prose_says(PAGE, f"The overwriting one gets {num(square.local_slopes[0])}, one share")


def test_the_branching_sum_is_the_accumulation() -> None:
    network = Network([[[2.0, 1.0], [1.0, 1.0]], [[1.0, 2.0], [-1.0, 1.0]]])
    graph = network_graph(network, [1.0, 2.0], [2.0, 10.0])
    graph.loss.backward()
    top = graph.node_values[1][0]
    shares = [_share(top, z.parents[0]) for z in graph.node_inputs[1]]
    assert sum(shares) == top.slope
    assert_prose_says(
        PAGE, f"its two paths give {num(shares[0])} and {num(shares[1])}. In the graph"
    )


def test_the_product_of_two_node_values() -> None:
    x, u, v = Value(1.0), Value(2.0), Value(3.0)
    a, b = (u * x).relu(), (v * x).relu()
    prediction = a * b
    target = 4.0
    error = prediction - target
    loss = error**2
    loss.backward()
    assert_prose_says(
        PAGE,
        f"Take one input $x = {num(x.value)}$, two ReLU nodes with weights $u = {num(u.value)}$ "
        f"and $v = {num(v.value)}$",
    )
    assert_prose_says(PAGE, f"= {num(a.value)} \\times {num(b.value)} = {num(prediction.value)}")
    assert_prose_says(
        PAGE,
        f"with target {num(target)}: error {num(error.value)}, loss {num(loss.value)}, and slope "
        f"2 × {num(error.value)} = {num(prediction.slope)} at the prediction",
    )
    assert_prose_says(
        PAGE,
        f"the node of value {num(a.value)} gets {num(b.value)} × {num(prediction.slope)} = "
        f"{num(a.slope)} and the node of value {num(b.value)} gets {num(a.value)} × "
        f"{num(prediction.slope)} = {num(b.slope)}",
    )
    assert_prose_says(
        PAGE, f"the slope of $u$ is {num(u.slope)} and the slope of $v$ is {num(v.slope)}"
    )


def test_the_random_network_claim_is_the_package_tests() -> None:
    assert test_graph_network.N_RANDOM == 300
    exponent = round(math.log10(test_graph_network.TOLERANCE))
    assert_prose_says(
        PAGE,
        f"on {test_graph_network.N_RANDOM} random networks (1 to 4 layers of weights, widths "
        f"1 to 6, every activation, with and without biases): the two agree to within "
        f"$10^{{{exponent}}}$ of the slopes' size",
    )

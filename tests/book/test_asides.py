# The prose uses typographic signs (×, −); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""asides.md: the numbers its prose quotes are bpbook's (the fences assert their own)."""

from __future__ import annotations

import numpy as np

from bpbook import SIGMOID, Network, backward, forward, lesson, train
from tests.book.prose import assert_prose_says, num, page_text, prose

PAGE = "asides.md"


def test_bias_slopes_of_the_lesson_network() -> None:
    net = Network(lesson.deeper_network().weights, biases=[[0.0, 0.0], [0.0]])
    s = backward(forward(net, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    hidden, output = s.bias_slopes
    assert hidden is not None and output is not None, "biases given, so bias slopes expected"
    (top, bottom), (out,) = hidden, output
    assert_prose_says(
        PAGE,
        f"{num(top)} and {num(bottom)} for the two hidden nodes and {num(out)} for the output node",
    )


def test_largest_sigmoid_slope() -> None:
    z = np.linspace(-10, 10, 2001)
    slopes = SIGMOID.slope(z)
    assert slopes.max() == SIGMOID.slope(np.array([0.0]))[0] == 0.25
    assert_prose_says(PAGE, "its slope is never more than 0.25 (at node input 0)")


def test_dead_node_bias_is_out_of_reach_of_the_toy_inputs() -> None:
    x, _ = lesson.toy_regression_data(1000, np.random.default_rng(0))
    assert x.min() >= -1 and x.max() <= 1
    assert_prose_says(PAGE, f"bias {num(-10)}, far below anything its weights can make")
    assert_prose_says(PAGE, f"from inputs between {num(-1)} and 1")
    # weights into that node are 0.5 and -0.5: |input| <= 1 gives at most 1, far from 10
    assert "biases=[[0.0, -10.0], [0.0]]" in page_text(PAGE)


def test_the_described_experiments_match_their_code() -> None:
    text = page_text(PAGE)
    assert "rng.normal(size=(8, 4))" in text
    assert_prose_says(PAGE, "on a batch of 8 examples")
    assert "(2,) + (8,) * 6 + (1,)" in text and "toy_regression_data(64," in text
    assert_prose_says(PAGE, "six sigmoid hidden layers of 8 nodes, one batch of 64")


def test_a_bias_batch_slope_is_the_mean_not_the_sum() -> None:
    """Issue 20 item 6: the page said a bias's batch slope 'is summed over the examples'."""
    net = Network(lesson.deeper_network().weights, biases=[[0.0, 0.0], [0.0]])
    inputs = np.array([lesson.DEEPER_INPUTS, [0.0, 2.0]])
    targets = np.array([[lesson.DEEPER_TARGET], [10.0]])
    alone = []
    for x, t in zip(inputs, targets, strict=True):
        bias = backward(forward(net, x), t).bias_slopes[1]
        assert bias is not None
        alone.append(float(bias[0]))
    batch = backward(forward(net, inputs), targets).bias_slopes[1]
    assert batch is not None and alone == [6.0, 8.0] and float(batch[0]) == 7.0
    assert_prose_says(
        PAGE,
        f"the output bias slopes {num(alone[0])} and {num(alone[1])}; "
        f"the batch gives {num(float(batch[0]))}, their mean",
    )
    assert_prose_says(PAGE, "For a batch it is the **mean** of the examples' bias slopes")
    assert_prose_says(PAGE, "the loss slope it starts from is 2 × error / n")
    assert "summed over the examples" not in prose(PAGE)


def test_a_dead_node_deeper_in_the_network_can_come_back() -> None:
    """Issue 20 item 6: 'training cannot bring it back' holds for the first hidden layer only.

    One ReLU node h = 3x in the first layer feeds a second-layer node with bias -5, whose
    node input h - 5 is negative for every x in [1, 1.5]: dead. The first layer keeps
    learning through the other second-layer node, h grows, and the dead node comes back.
    """
    x = np.linspace(1, 1.5, 6).reshape(-1, 1)
    start = Network([[[3.0]], [[1.0, 1.0]], [[1.0], [1.0]]], biases=[None, [-5.0, 0.0], None])
    assert (forward(start, x).node_inputs[1][:, 0] < 0).all(), "dead at the start"
    trained = train(start, x, 20 * x.ravel(), 0.001, max_steps=50, tolerance=0).network
    assert (forward(trained, x).node_inputs[1][:, 0] > 0).sum() >= 1, "on again for some x"
    assert_prose_says(PAGE, "For a node of the first hidden layer that is for good")
    assert_prose_says(PAGE, "A dead node deeper in the network can come back")
    assert "training cannot bring it back" not in prose(PAGE)


def _vanishing_table() -> list[tuple[float, float, float]]:
    """(activation factor, weight factor, ratio) between hidden layers k and k + 1, k = 1..5."""
    inputs, targets = lesson.toy_regression_data(64, np.random.default_rng(1))
    network = Network.random((2,) + (8,) * 6 + (1,), np.random.default_rng(2), hidden="sigmoid")
    slopes = backward(forward(network, inputs), targets)

    def size(array: np.ndarray) -> float:
        return float(np.abs(array).mean())

    rows = []
    for k in range(1, 6):
        after, delta = slopes.node_slopes[k], slopes.node_input_slopes[k]
        here = size(slopes.node_slopes[k - 1])
        rows.append((size(delta) / size(after), here / size(delta), here / size(after)))
    return rows


def test_vanishing_slopes_activation_and_weight_factors() -> None:
    """Issue 19 item 5: the prose explains the ratios above 0.25 by the weights."""
    rows = _vanishing_table()
    assert all(activation <= 0.25 for activation, _, _ in rows)
    assert_prose_says(PAGE, "Every activation factor is at most 0.25, as it must be.")
    weights = [weight for _, weight, _ in rows]
    assert min(weights) < 1 < max(weights), weights
    assert_prose_says(PAGE, "here some are below 1 and some above")
    above = [ratio > 0.25 for _, _, ratio in rows]
    assert any(above) and above == [weight > 1 for weight in weights], rows
    assert_prose_says(PAGE, "the ratios above 0.25 are exactly those with a weight factor above 1")
    assert all(0.5 < weight < 2 for weight in weights), "'the weight factor stays near 1'"
    assert_prose_says(PAGE, "the weight factor stays near 1")
    assert_prose_says(PAGE, f"by a factor of {num(1 / 0.25)} or more per layer")
    for activation, weight, ratio in rows:
        assert np.isclose(activation * weight, ratio)

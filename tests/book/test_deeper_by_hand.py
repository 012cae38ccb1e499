# The prose uses typographic signs (×, −); the snippets must match it exactly.
# ruff: noqa: RUF003
"""deeper-by-hand.md: its tables are printed at build time (and assert themselves); the
few numbers its prose states are tied to bpbook here."""

from __future__ import annotations

import numpy as np

from bpbook import SIGMOID, Network, backward, check_gradients, forward, network_graph
from tests.book.prose import assert_prose_says, num, page_text

PAGE = "deeper-by-hand.md"
WEIGHTS = [[[0.5, -0.3], [0.2, 0.8]], [[1.0, -0.5], [0.4, 0.6]], [[1.5], [-1.0]]]
INPUTS = np.array([1.0, 0.5])
TARGET = 1.0


def _network() -> Network:
    return Network(WEIGHTS, hidden="sigmoid", output="identity")


def test_the_page_builds_the_network_this_test_checks() -> None:
    text = " ".join(page_text(PAGE).split())
    for k, matrix in enumerate(WEIGHTS, start=1):
        assert f"{matrix}," in text, f"layer {k} weights {matrix} not in the page's code"
    assert "inputs, target = np.array([1.0, 0.5]), 1.0" in text
    assert_prose_says(
        PAGE,
        f"Two inputs, with values {num(INPUTS[0])} and {num(INPUTS[1])}; the target is "
        f"{num(TARGET)}. No biases",
    )
    assert all(b is None for b in _network().biases)


def test_two_hidden_layers_of_sigmoid_and_every_slope_a_real_factor() -> None:
    network = _network()
    assert network.layer_sizes == (2, 2, 2, 1)
    assert [a.name for a in network.activations] == ["sigmoid", "sigmoid", "identity"]
    slopes = backward(forward(network, INPUTS), TARGET)
    hidden = np.concatenate(slopes.activation_slopes[:2])
    assert ((hidden > 0) & (hidden < 1)).all(), "no activation slope is 0 or 1 here"
    assert float(SIGMOID.slope(np.array([0.0]))[0]) == 0.25
    assert_prose_says(PAGE, "every activation slope is a real factor, $a\\,(1 - a)$, at most 0.25")


def test_finite_differences_check_all_ten_weights() -> None:
    network = _network()
    count = sum(w.size for w in network.weights)
    assert count == 10 and check_gradients(network, INPUTS, TARGET).passed()
    assert_prose_says(PAGE, "nudges each of the ten weights up and down")


def test_the_input_slopes_and_the_most_sensitive_input() -> None:
    network = _network()
    slopes = backward(forward(network, INPUTS), TARGET)
    input_slopes = slopes.node_input_slopes[0] @ network.weights[0].T
    graph = network_graph(network, INPUTS, TARGET)
    graph.loss.backward()
    np.testing.assert_allclose(graph.node_slopes()[0], input_slopes, rtol=1e-12)
    prediction_slopes = input_slopes / (2 * slopes.error[0])
    most = int(np.argmax(np.abs(prediction_slopes)))
    assert_prose_says(PAGE, f"Here the prediction is most sensitive to input {most}.")
    # "this is the slope, not the size of the input": here the larger input is also the
    # more influential one, so the claim is shown on a second example where it is not.
    other = np.array([0.1, 3.0])
    other_slopes = backward(forward(network, other), TARGET)
    per_input = other_slopes.node_input_slopes[0] @ network.weights[0].T
    assert int(np.argmax(np.abs(per_input))) != int(np.argmax(other))

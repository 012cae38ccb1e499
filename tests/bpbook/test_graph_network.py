"""bpbook.graph_network: the graph's slopes are the layer engine's (`bpbook.backward`).

The graph knows only its gates (add, multiply, power, an activation); the layer
engine only matrix products. They must agree on every weight, bias and node slope,
on the lesson's networks and on 300 random networks (widths 1-6, 1-4 layers of
weights, every activation in every layer, with and without biases).

"Relative" here is per array: the largest difference divided by the largest size of
the layer engine's array (a node slope that is a sum of terms of both signs can come
out near 0, where an entry-by-entry relative error says nothing about the engine).
"""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import (
    Network,
    Slopes,
    backward,
    check_gradients,
    forward,
    lesson,
    network_graph,
)
from bpbook.graph_network import NetworkGraph

ACTIVATIONS = ["relu", "identity", "sigmoid", "tanh"]
N_RANDOM = 300
TOLERANCE = 1e-12


def _relative(graph: np.ndarray, layers: np.ndarray) -> float:
    scale = float(np.abs(layers).max())
    return float(np.abs(graph - layers).max()) / scale if scale > 0 else float(np.abs(graph).max())


def _both(network: Network, inputs: np.ndarray, targets: np.ndarray) -> tuple[NetworkGraph, Slopes]:
    graph = network_graph(network, inputs, targets)
    graph.loss.backward()
    return graph, backward(forward(network, inputs), targets)


def _differences(graph: NetworkGraph, slopes: Slopes) -> list[tuple[str, float]]:
    """(what, relative difference) for every array of slopes the two engines share."""
    network = slopes.forward_pass.network
    found = [("loss", _relative(np.array(graph.loss.value), np.array(slopes.loss)))]
    for k, (g, s) in enumerate(zip(graph.weight_slopes(), slopes.weight_slopes, strict=True), 1):
        found.append((f"weight slopes of layer {k}", _relative(g, s)))
    for k, (gb, sb) in enumerate(zip(graph.bias_slopes(), slopes.bias_slopes, strict=True), 1):
        assert (gb is None) == (sb is None)
        if gb is not None and sb is not None:
            found.append((f"bias slopes of layer {k}", _relative(gb, sb)))
    graph_nodes = graph.node_slopes()
    for k, s in enumerate(slopes.node_slopes, 1):
        found.append((f"node slopes of layer {k}", _relative(graph_nodes[k], s)))
    inputs_slope = slopes.node_input_slopes[0] @ network.weights[0].T
    found.append(("slopes of the inputs", _relative(graph_nodes[0], inputs_slope)))
    return found


def _random_problem(rng: np.random.Generator) -> tuple[Network, np.ndarray, np.ndarray]:
    sizes = rng.integers(1, 7, size=rng.integers(2, 6))  # 1-4 layers of weights
    n_layers = len(sizes) - 1
    weights = [rng.normal(size=(sizes[k], sizes[k + 1])) for k in range(n_layers)]
    activations = [str(a) for a in rng.choice(ACTIVATIONS, size=n_layers)]
    biases = [rng.normal(size=n) for n in sizes[1:]] if rng.random() < 0.5 else None
    network = Network(weights, activations=activations, biases=biases)
    return network, rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])


@pytest.mark.parametrize(
    ("network", "inputs", "targets"),
    [
        (lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET),
        (lesson.single_weight_network(), lesson.SINGLE_WEIGHT_INPUT, lesson.SINGLE_WEIGHT_TARGET),
        (lesson.two_weight_network(), lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET),
    ],
    ids=["deeper", "single weight", "two weights"],
)
def test_the_lesson_networks_get_the_layer_engines_slopes_exactly(
    network: Network, inputs: np.ndarray, targets: float
) -> None:
    graph, slopes = _both(network, np.asarray(inputs), np.atleast_1d(targets))
    for what, difference in _differences(graph, slopes):
        assert difference == 0.0, f"{what}: the graph differs by {difference:.1e}"


def test_the_deeper_network_by_the_graph_has_the_lessons_numbers() -> None:
    graph, _ = _both(lesson.deeper_network(), lesson.DEEPER_INPUTS, np.array([4.0]))
    assert graph.loss.value == 9.0
    assert graph.weight_slopes()[1].tolist() == [[6.0], [18.0]]
    assert graph.weight_slopes()[0].tolist() == [[0.0, 0.0], [6.0, 12.0]]
    assert graph.node_slopes()[1].tolist() == [6.0, 12.0]
    assert graph.node_values[2][0].value == 7.0


def test_300_random_networks_get_the_layer_engines_slopes() -> None:
    rng = np.random.default_rng(19)
    seen: set[tuple[str, bool]] = set()
    worst = 0.0
    for n in range(N_RANDOM):
        network, inputs, targets = _random_problem(rng)
        graph, slopes = _both(network, inputs, targets)
        for what, difference in _differences(graph, slopes):
            assert difference <= TOLERANCE, (
                f"network {n} {network.layer_sizes} "
                f"{[a.name for a in network.activations]}: {what} differ by {difference:.1e}"
            )
            worst = max(worst, difference)
        has_biases = network.biases[0] is not None
        seen |= {(a.name, has_biases) for a in network.activations}
    assert seen == {(a, b) for a in ACTIVATIONS for b in (True, False)}, "every case drawn"
    print(f"largest relative difference over {N_RANDOM} networks: {worst:.1e}")


def test_the_random_networks_cover_every_width_and_depth() -> None:
    rng = np.random.default_rng(19)
    problems = [_random_problem(rng)[0] for _ in range(N_RANDOM)]
    assert {w for net in problems for w in net.layer_sizes} == set(range(1, 7))
    assert {len(net.weights) for net in problems} == {1, 2, 3, 4}


def test_a_graph_that_differs_from_the_layers_is_caught() -> None:
    """The comparison can fail: one weight's slope changed by 1e-9 is seen."""
    network, inputs, targets = _random_problem(np.random.default_rng(3))
    graph, slopes = _both(network, inputs, targets)
    graph.weights[0][0][0].slope += 1e-9 * (1 + abs(graph.weights[0][0][0].slope))
    assert max(d for _, d in _differences(graph, slopes)) > TOLERANCE


def test_the_graph_agrees_with_finite_differences() -> None:
    network = Network(
        [[[0.5, -1.0], [1.5, 0.3]], [[1.0], [-0.5]]], hidden="tanh", biases=[[0.1, -0.2], [0.3]]
    )
    graph, _ = _both(network, np.array([1.0, 2.0]), np.array([0.5]))
    check = check_gradients(network, [1.0, 2.0], 0.5)
    for g, numeric in zip(graph.weight_slopes(), check.numerical_slopes, strict=True):
        np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-9)


def test_the_graph_is_built_fresh_and_labelled() -> None:
    graph = network_graph(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    assert graph.weights[1][1][0].label == "w2[1,0]"
    assert graph.node_values[0][1].label == "x1"
    assert all(w.slope == 0.0 for layer in graph.weights for row in layer for w in row)
    assert repr(graph) == "NetworkGraph(2 -> 2 -> 1, loss=9)"
    with_biases = network_graph(Network([[[1.0]]], biases=[[0.5]]), [2.0], 1.0)
    with_biases.loss.backward()
    assert with_biases.biases[0] is not None and with_biases.biases[0][0].label == "b1[0]"
    bias_slopes = with_biases.bias_slopes()[0]
    assert bias_slopes is not None and bias_slopes.tolist() == [3.0]  # 2 * (2.5 - 1)

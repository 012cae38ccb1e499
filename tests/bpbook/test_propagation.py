"""The batch arithmetic: forward_batch and backward_batch, under forward and backward."""

from __future__ import annotations

import numpy as np

from bpbook import Network, backward, forward, lesson
from bpbook.loss import batch_loss_slope
from bpbook.propagation import backward_batch, forward_batch


def _network_and_batch() -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    network = Network.random((3, 5, 4, 2), rng, hidden="tanh", biases=True)
    return network, rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


def test_forward_batch_keeps_node_inputs_and_values_layer_by_layer() -> None:
    network = lesson.deeper_network()
    inputs = np.array([lesson.DEEPER_INPUTS], dtype=float)
    node_inputs, node_values = forward_batch(
        network.weights, network.biases, network.activations, inputs
    )
    assert node_values[0] is inputs
    assert [v.tolist() for v in node_values] == [[[0.0, 1.0]], [[1.0, 3.0]], [[7.0]]]
    assert [z.tolist() for z in node_inputs] == [[[1.0, 3.0]], [[7.0]]]


def test_backward_batch_walks_from_the_output_layer_back_and_matches_backward() -> None:
    network, inputs, targets = _network_and_batch()
    node_inputs, node_values = forward_batch(
        network.weights, network.biases, network.activations, inputs
    )
    errors = node_values[-1] - targets
    layers = list(
        backward_batch(
            network.weights,
            network.activations,
            node_inputs,
            node_values,
            batch_loss_slope(errors),
        )
    )
    assert [layer.k for layer in layers] == [3, 2, 1]
    slopes = backward(forward(network, inputs), targets)
    for layer in layers:
        assert np.array_equal(layer.weight_slopes, slopes.weight_slopes[layer.k - 1])
        assert np.array_equal(layer.node_slopes, slopes.node_slopes[layer.k - 1])
        assert np.allclose(layer.node_input_slopes, slopes.node_input_slopes[layer.k - 1])


def test_a_layer_may_be_updated_as_soon_as_it_is_yielded() -> None:
    network, inputs, targets = _network_and_batch()
    expected = backward(forward(network, inputs), targets).weight_slopes
    weights = [w.copy() for w in network.weights]
    node_inputs, node_values = forward_batch(weights, network.biases, network.activations, inputs)
    errors = node_values[-1] - targets
    for layer in backward_batch(
        weights, network.activations, node_inputs, node_values, batch_loss_slope(errors)
    ):
        assert np.array_equal(layer.weight_slopes, expected[layer.k - 1])
        weights[layer.k - 1] -= 100.0 * layer.weight_slopes  # must not change the layers below

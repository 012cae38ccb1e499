"""The batch arithmetic: forward_batch and backward_batch, under forward and backward."""

from __future__ import annotations

import math

import numpy as np

from bpbook import Activation, Network, backward, forward, lesson
from bpbook.loss import batch_loss_slope
from bpbook.propagation import backward_batch, forward_batch, largest_output


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


def test_largest_output_bounds_every_output_of_200_random_networks() -> None:
    """The bound the training loop trusts to leave `final_loss` for later is a bound."""
    rng = np.random.default_rng(11)
    for _ in range(200):
        sizes = tuple(int(s) for s in rng.integers(1, 7, size=rng.integers(2, 5)))
        hidden = str(rng.choice(["relu", "tanh", "sigmoid", "identity"]))
        output = str(rng.choice(["identity", "sigmoid", "relu"]))
        scale = float(10.0 ** rng.uniform(-2, 3))
        network = Network.random(sizes, rng, hidden=hidden, output=output, biases=True, scale=scale)
        inputs = rng.normal(size=(20, sizes[0])) * 10.0 ** rng.uniform(-3, 3)
        node_inputs, node_values = forward_batch(
            network.weights, network.biases, network.activations, inputs
        )
        longest = float(np.linalg.norm(inputs, axis=1).max())
        z, a = largest_output(network.weights, network.biases, network.activations, longest)
        assert np.abs(node_inputs[-1]).max() <= z * (1 + 1e-12)
        assert np.abs(node_values[-1]).max() <= a * (1 + 1e-12)


def test_largest_output_knows_no_bound_for_a_readers_own_activation() -> None:
    square = Activation("square", np.square, lambda z: 2 * z)
    network = Network([[[2.0]], [[1.0]]], hidden=square)
    assert largest_output(network.weights, network.biases, network.activations, 3.0) == (
        math.inf,
        math.inf,
    )

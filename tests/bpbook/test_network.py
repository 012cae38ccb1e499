"""Network construction, shapes and immutability."""

from __future__ import annotations

import numpy as np

from bpbook import IDENTITY, RELU, SIGMOID, Network, lesson


def test_nested_lists_build_a_network_with_the_default_activations() -> None:
    net = Network([[[1, 2, 3], [4, 5, 6]], [[1], [1], [1]]])
    assert net.layer_sizes == (2, 3, 1)
    assert net.activations == (RELU, IDENTITY)
    assert net.biases == (None, None)
    assert net.weights[0].dtype == np.float64


def test_random_networks_are_reproducible_from_the_seed() -> None:
    a = Network.random((4, 8, 2), np.random.default_rng(7))
    b = Network.random((4, 8, 2), np.random.default_rng(7))
    c = Network.random((4, 8, 2), np.random.default_rng(8))
    assert a == b
    assert a != c


def test_random_network_uses_he_scale() -> None:
    net = Network.random((400, 300, 1), np.random.default_rng(0))
    assert abs(net.weights[0].std() - np.sqrt(2 / 400)) < 0.005


def test_random_network_with_bias_starts_biases_at_zero() -> None:
    net = Network.random((2, 3, 1), np.random.default_rng(0), bias=True, output="sigmoid")
    assert [b.tolist() for b in net.biases if b is not None] == [[0, 0, 0], [0]]
    assert net.activations[-1] is SIGMOID


def test_with_weights_keeps_activations_and_returns_a_new_network() -> None:
    net = lesson.deeper_network()
    new = net.with_weights([w * 2 for w in net.weights])
    assert new is not net
    assert new.activations == net.activations
    assert new.weights[1].ravel().tolist() == [2.0, 4.0]
    assert net.weights[1].ravel().tolist() == [1.0, 2.0]


def test_bias_is_added_to_the_node_inputs() -> None:
    net = Network([[[1.0], [1.0]]], biases=[[0.5]])
    assert net.predict([1.0, 2.0]).tolist() == [3.5]


def test_repr_names_sizes_and_activations() -> None:
    assert repr(lesson.deeper_network()) == (
        "Network(2-2-1, activations=[relu, identity], bias=False)"
    )

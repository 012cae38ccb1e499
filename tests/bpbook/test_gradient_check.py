"""Gradient checking: finite differences agree with backprop, and catch a wrong slope."""

from __future__ import annotations

import numpy as np

from bpbook import Network, check_gradients, lesson, relative_error


def test_lesson_network_passes_with_tiny_relative_error() -> None:
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    assert check.max_relative_error < 1e-8
    np.testing.assert_allclose(check.numerical_slopes[1].ravel(), [6.0, 18.0], rtol=1e-8)


def test_relative_error_is_zero_when_both_are_zero_and_symmetric() -> None:
    assert relative_error([0.0, 2.0], [0.0, 1.0]).tolist() == [0.0, 0.5]
    assert relative_error([1.0], [2.0]).tolist() == relative_error([2.0], [1.0]).tolist()


def test_a_kink_inside_the_nudge_makes_the_check_fail() -> None:
    """A ReLU node input (1e-4) closer to 0 than the nudge (1e-3) reaches: the check fails."""
    net = Network([[[1e-4]], [[1.0]]])  # input -> ReLU -> output
    check = check_gradients(net, [1.0], 1.0, epsilon=1e-3)
    assert not check.passed()
    assert check.relative_errors[0][0, 0] > 0.3  # the centred difference roughly halves


def test_check_does_not_change_the_network() -> None:
    net = Network.random((2, 3, 1), np.random.default_rng(0))
    before = [w.copy() for w in net.weights]
    check_gradients(net, np.ones((4, 2)), np.zeros(4))
    for a, b in zip(before, net.weights, strict=True):
        np.testing.assert_array_equal(a, b)

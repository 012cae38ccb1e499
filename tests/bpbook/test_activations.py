"""Activations: values, slopes beside them, lookup by name."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bpbook import IDENTITY, RELU, SIGMOID, TANH, Activation, get_activation

FINITE = arrays(np.float64, st.integers(1, 20), elements=st.floats(-30, 30))


def test_relu_slope_is_zero_at_exactly_zero() -> None:
    """bpbook's convention: slope 1 only where the node input is strictly positive."""
    assert RELU.slope(np.array([0.0])).tolist() == [0.0]
    assert RELU.slope(np.array([-1e-300, 1e-300])).tolist() == [0.0, 1.0]


def test_relu_values_and_slopes() -> None:
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    assert RELU.value(x).tolist() == [0.0, 0.0, 0.5, 3.0]
    assert RELU.slope(x).tolist() == [0.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("activation", [IDENTITY, SIGMOID, TANH, RELU], ids=lambda a: a.name)
@given(x=FINITE)
def test_slope_matches_a_centred_difference_away_from_kinks(
    activation: Activation, x: np.ndarray
) -> None:
    x = x[np.abs(x) > 1e-3]  # ReLU has a kink at 0
    h = 1e-6
    numerical = (activation.value(x + h) - activation.value(x - h)) / (2 * h)
    np.testing.assert_allclose(activation.slope(x), numerical, rtol=1e-5, atol=1e-8)


def test_sigmoid_does_not_overflow_for_large_inputs() -> None:
    with np.errstate(over="raise", invalid="raise"):
        out = SIGMOID.value(np.array([-1000.0, 0.0, 1000.0]))
    assert out.tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relu", RELU),
        ("ReLU", RELU),
        ("identity", IDENTITY),
        ("linear", IDENTITY),
        ("sigmoid", SIGMOID),
        ("tanh", TANH),
    ],
)
def test_lookup_by_name(name: str, expected: Activation) -> None:
    assert get_activation(name) is expected


def test_objects_pass_through_lookup() -> None:
    custom = Activation("square", lambda z: z**2, lambda z: 2 * z)
    assert get_activation(custom) is custom

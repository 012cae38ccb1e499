"""Gradient checking: finite differences agree with backprop, and catch a wrong slope."""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import GradientCheck, Network, check_gradients, lesson, relative_error
from bpbook.checks import BpbookError
from bpbook.gradient_check import layer_relative_error


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


# -- issue 9: a non-finite slope is a failure; issue 13: biases too, per layer -------------


def test_relative_error_of_a_non_finite_slope_is_nan_never_zero() -> None:
    errors = relative_error([np.nan, np.inf, 1.0, -np.inf], [1.0, 1.0, np.nan, -np.inf])
    assert np.isnan(errors).all()
    assert relative_error([2.0], [2.0]).tolist() == [0.0]


def _check_with(weight_errors: list[float]) -> GradientCheck:
    errors = tuple(np.array([[e]]) for e in weight_errors)
    return GradientCheck(errors, errors, errors, 1e-6)


def test_a_nan_in_any_layer_fails_the_overall_maximum_whatever_its_place() -> None:
    for errors in ([np.nan, 1e-9], [1e-9, np.nan], [1e-9, np.nan, 1e-12]):
        check = _check_with(errors)
        assert np.isnan(check.max_relative_error), errors
        assert not check.passed(), errors
        assert not check.passed(tolerance=1e300), errors


def test_overflowing_slopes_never_pass() -> None:
    # Prediction 1e150 and loss 1e300 are finite, but the weight's slope 2 * error * input
    # (about 2e310) overflows to inf, in backprop and in the finite difference alike.
    net = Network([[[1e-10]]], output="identity")
    try:
        check = check_gradients(net, [1e160], 0.0)
    except BpbookError:
        return  # refusing the overflow is the other allowed outcome
    assert not np.isfinite(check.backprop_slopes[0]).all()
    assert not check.passed()
    assert "NO" in check.report()


def _loss(net: Network, x: np.ndarray, t: np.ndarray) -> float:
    """Squared error summed over the outputs, averaged over the examples."""
    return float(np.mean(np.sum((net.predict(x) - t) ** 2, axis=1)))


def test_biases_are_checked_against_their_own_finite_differences() -> None:
    rng = np.random.default_rng(3)
    net = Network.random((3, 4, 2), rng, biases=True)
    net = net.with_weights(net.weights, [rng.normal(size=4), rng.normal(size=2)])
    x, t = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    check = check_gradients(net, x, t)
    assert check.passed()
    eps = 1e-6
    for k, bias in enumerate(net.biases):
        assert bias is not None
        for j in range(bias.size):
            nudged = [None if b is None else b.copy() for b in net.biases]
            up, down = [b.copy() for b in nudged], [b.copy() for b in nudged]  # type: ignore[union-attr]
            up[k][j] += eps
            down[k][j] -= eps
            loss_up = _loss(net.with_weights(net.weights, up), x, t)
            loss_down = _loss(net.with_weights(net.weights, down), x, t)
            found = check.bias_numerical_slopes[k]
            assert found is not None
            assert found[j] == pytest.approx((loss_up - loss_down) / (2 * eps), rel=1e-6)


def test_a_bias_near_a_relu_kink_fails_and_the_report_names_the_layer() -> None:
    # Layer 1's node input is 1 * 1.0 + (-1.0 + 4e-7) = 4e-7: inside the nudge of 1e-6.
    net = Network([[[1.0]], [[2.0]]], biases=[[-1.0 + 4e-7], [0.5]])
    check = check_gradients(net, [1.0], 3.0)
    rows = {(row.layer, row.parameters): row for row in check.layers()}
    assert set(rows) == {(1, "weights"), (1, "biases"), (2, "weights"), (2, "biases")}
    assert not rows[1, "biases"].passed()
    assert rows[2, "biases"].passed()
    assert not check.passed()
    lines = check.report().splitlines()
    assert lines[2].split()[:2] == ["1", "biases"] and lines[2].endswith("NO")
    assert lines[4].split()[:2] == ["2", "biases"] and lines[4].endswith("yes")


def test_a_network_without_biases_reports_weights_only() -> None:
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    assert [r.parameters for r in check.layers()] == ["weights", "weights"]
    assert check.bias_numerical_slopes == (None, None)


def test_passed_refuses_a_tolerance_that_is_not_a_number() -> None:
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    for bad in ("1e-6", True, None):
        with pytest.raises(TypeError, match="tolerance: expected a finite number >= 0"):
            check.passed(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tolerance: expected a finite number >= 0, got -1"):
        check.passed(-1)
    assert check.passed(np.float64(1e-6)) and check.passed(1)


# -- issue 18 item 5b: a verdict that is sound near 0, and a default that passes 64-64-10 --


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_default_epsilon_passes_a_correct_64_64_10_network(seed: int) -> None:
    """Squared error on one-hot targets, 20 random examples: round-off, no bug.

    Slope by slope, round-off in the tiny slopes of layer 1 gives relative errors up to
    1e-3 (the check used to say NO); the layer's slopes as one vector agree to ~1e-8.
    """
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(20, 64)), np.eye(10)[rng.integers(0, 10, 20)]
    net = Network.random((64, 64, 10), rng, biases=True)
    check = check_gradients(net, x, y)
    assert check.epsilon == 1e-6
    assert check.passed(), check.report()
    assert check.relative_error < 1e-7
    assert all(row.relative_error < 1e-7 for row in check.layers())


def test_round_off_beside_a_zero_slope_passes_and_a_wrong_slope_fails() -> None:
    backprop = (np.array([[3.0, 2e-14], [-1.5, 0.25]]),)
    numerical = (np.array([[3.0, 0.0], [-1.5, 0.25]]),)  # 2e-14 against a numerical 0
    check = GradientCheck(backprop, numerical, (relative_error(backprop[0], numerical[0]),), 1e-6)
    assert check.max_relative_error == 1.0  # slope by slope: unsound near 0
    assert check.passed() and check.relative_error < 1e-14
    wrong = (np.array([[3.0, 0.0], [-1.5, 0.5]]),)  # one slope of ordinary size is off
    bad = GradientCheck(backprop, wrong, (relative_error(backprop[0], wrong[0]),), 1e-6)
    assert not bad.passed() and bad.relative_error > 0.05
    assert "NO" in bad.report()


def test_one_wrong_slope_among_four_thousand_is_still_caught() -> None:
    rng = np.random.default_rng(0)
    backprop = rng.normal(size=(64, 64))
    numerical = backprop.copy()
    numerical[17, 3] *= -1  # a sign slip in one weight
    check = GradientCheck((backprop,), (numerical,), (relative_error(backprop, numerical),), 1e-6)
    assert not check.passed()
    assert check.layers()[0].relative_error > 1e-3


def test_layer_relative_error_is_scale_free_nan_for_overflow_and_zero_for_zeros() -> None:
    assert layer_relative_error([1e200, 2e200], [1e200, 2e200]) == 0.0
    assert layer_relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert np.isnan(layer_relative_error([np.inf, 1.0], [1.0, 1.0]))
    assert layer_relative_error([1e-300, 0.0], [-1e-300, 0.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match=r"numerical: expected the same shape as backprop"):
        layer_relative_error([1.0], [1.0, 2.0])

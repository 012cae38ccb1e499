# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers docs/checking.md quotes are the ones bpbook computes."""

from __future__ import annotations

import inspect
import math

import numpy as np

from bpbook import Network, backward, check_gradients, forward, lesson, relative_error
from tests.book.prose import assert_prose_says, single_weight_slopes


def test_checking_quotes_single_weight_slope_and_one_sided_error() -> None:
    _, _, slope = single_weight_slopes()
    assert slope == -24.0
    assert_prose_says("checking.md", "backprop gives the weight a slope of −24")

    def loss(w: float) -> float:
        return (3.0 * w - 10.0) ** 2

    one_sided = (loss(2.001) - loss(2.0)) / 0.001
    assert f"{abs(one_sided - slope):.3f}" == "0.009"
    assert_prose_says("checking.md", "is off by 0.009")


def test_checking_quotes_default_epsilon_and_tolerance() -> None:
    assert inspect.signature(check_gradients).parameters["epsilon"].default == 1e-6
    assert_prose_says("checking.md", "(with $\\varepsilon = 10^{-6}$ by default)")
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    assert inspect.signature(check.passed).parameters["tolerance"].default == 1e-6
    assert_prose_says(
        "checking.md",
        "which is `True` when, in every layer, the slopes taken together have a relative "
        "error of at most `1e-6`",
    )


def test_checking_slopes_near_zero_passes_a_64_64_10_network_by_layer() -> None:
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(20, 64))
    targets = np.eye(10)[rng.integers(0, 10, size=20)]
    network = Network.random((64, 64, 10), rng, biases=True)
    check = check_gradients(network, inputs, targets)
    assert check.max_relative_error > 1e-4 and check.passed()
    assert check.relative_error < 1e-8  # "about eight digits or better"
    assert_prose_says("checking.md", "the layer as a whole agrees to about eight digits or better")


def test_checking_confirms_twelve_not_eighteen() -> None:
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    assert round(float(check.numerical_slopes[0][1, 1]), 6) == 12
    assert round(float(check.numerical_slopes[1][1, 0]), 6) == 18
    assert_prose_says(
        "checking.md",
        "lesson's deeper network (inputs 0 and 1, two ReLU hidden nodes, target 4)",
    )
    assert_prose_says("checking.md", "bottom hidden node has slope 12, not 18")
    slopes = backward(forward(lesson.deeper_network(), lesson.DEEPER_INPUTS), 4.0)
    assert slopes.node_slopes[0][1] == 2 * 6 == 12
    assert slopes.weight_slopes[1][1, 0] == 3 * 6 * 1 == 18
    assert_prose_says(
        "checking.md",
        "the slope of the *weight* (3 × 6 × 1 = 18) and the slope of the *node* (2 × 6 = 12)",
    )
    assert math.isclose(float(relative_error(18.0, 12.0)), 1 / 3)
    assert_prose_says("checking.md", "The relative error of 1/3 (that is, |18 − 12| / 18)")


def test_checking_quotes_float_precisions() -> None:
    def decimal_digits(dtype: type[np.floating]) -> str:
        bits = np.finfo(dtype).nmant + 1  # significand bits, 24 and 53
        return f"{bits * math.log10(2):.0f}"

    assert decimal_digits(np.float32) == "7"
    assert decimal_digits(np.float64) == "16"
    assert_prose_says(
        "checking.md",
        "which keeps about 7 significant digits; numpy's default, float64, keeps about 16",
    )


def test_checking_quotes_kink_relative_error_of_one() -> None:
    network = Network([[[-4e-7, 1.0]], [[2.0], [1.0]]])
    check = check_gradients(network, [1.0], 3.0)
    assert check.relative_errors[0][0, 0] == 1.0
    assert_prose_says(
        "checking.md",
        "The relative error is 1, the largest it can be when one slope is 0.",
    )

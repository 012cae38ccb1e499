# The prose uses typographic signs (×, −, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""Numbers quoted in the prose of chapters 6-9 (recap loop, SGD, checking, practice).

Pages: recap-loop.md, sgd.nb.py (its markdown cells), checking.md and practice.md.
Each test computes a number with bpbook and checks that the page's prose -- the text
outside code fences, links flattened, whitespace collapsed -- still says it in those
words. The code fences (and the notebook's code cells) assert their own results;
these tests cover the sentences around them. Negative numbers in the prose use a
real minus sign (U+2212).
"""

from __future__ import annotations

import inspect
import math
from itertools import pairwise

import numpy as np
import pytest

from bpbook import (
    Network,
    TrainingDivergedError,
    TrainingResult,
    backward,
    check_gradients,
    forward,
    gradient_descent_step,
    lesson,
    relative_error,
    sgd,
    train,
    update_weights,
)
from bpbook.training import DIVERGE_FACTOR
from tests.prose import assert_prose_says, num, number

# -- helpers --------------------------------------------------------------------------


def single_weight_slopes() -> tuple[float, float, float]:
    """Prediction, error and weight slope of the lesson's one-weight network."""
    fp = forward(lesson.single_weight_network(), lesson.SINGLE_WEIGHT_INPUT)
    slopes = backward(fp, lesson.SINGLE_WEIGHT_TARGET)
    return (
        float(fp.prediction[0]),
        float(slopes.error[0]),
        float(slopes.weight_slopes[0][0, 0]),
    )


def error_factor(learning_rate: float, input_value: float) -> float:
    """What one update multiplies the error of a one-weight identity network by, measured."""
    network = Network([[[1.0]]], output="identity")
    target = 5.0
    before = float(network.predict([input_value])[0]) - target
    after_net = gradient_descent_step(network, [input_value], target, learning_rate)
    after = float(after_net.predict([input_value])[0]) - target
    return after / before


def single_weight_errors(learning_rate: float, updates: int) -> list[float]:
    """Errors of the lesson's one-weight network before and after each update (rounded)."""
    network = lesson.single_weight_network()
    errors = []
    for step in range(updates + 1):
        if step:
            network = gradient_descent_step(network, [3.0], 10.0, learning_rate)
        errors.append(round(float(network.predict([3.0])[0]) - 10.0, 9))
    return errors


def practice_network() -> Network:
    return Network([[[1.0, -1.0], [3.0, 1.0]], [[2.0], [4.0]]])


PRACTICE_INPUTS = [2.0, 1.0]
PRACTICE_TARGET = 6.0


# -- recap-loop.md ----------------------------------------------------------------------


def test_recap_loop_quotes_the_single_weight_example() -> None:
    prediction, err, slope = single_weight_slopes()
    assert (prediction, err, slope) == (6.0, -4.0, -24.0)
    assert_prose_says("recap-loop.md", "one input node of value 3, one weight of 2")
    assert_prose_says("recap-loop.md", f"The prediction is 3 × 2 = {num(prediction)}")
    assert_prose_says("recap-loop.md", f"(prediction − target) is {num(err)}")
    new = update_weights(
        lesson.single_weight_network(),
        backward(
            forward(lesson.single_weight_network(), lesson.SINGLE_WEIGHT_INPUT),
            lesson.SINGLE_WEIGHT_TARGET,
        ),
        lesson.SINGLE_WEIGHT_LEARNING_RATE,
    )
    assert_prose_says(
        "recap-loop.md",
        f"learning rate of {number(lesson.SINGLE_WEIGHT_LEARNING_RATE)} moved the weight "
        f"from 2 to {number(round(float(new.weights[0][0, 0]), 10))}",
    )


def test_recap_loop_weight_converges_to_ten_thirds() -> None:
    result = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=0.01)
    weight = float(result.network.weights[0][0, 0])
    assert result.converged
    assert f"{weight:.3f}" == f"{10 / 3:.3f}" == "3.333", (
        f"expected the weight to settle at 10/3 ≈ 3.333, got {weight}"
    )
    assert_prose_says(
        "recap-loop.md",
        "3 × weight = 10. So the weight should settle at 10/3 ≈ 3.333",
    )


def test_recap_loop_quotes_train_defaults() -> None:
    params = inspect.signature(train).parameters
    assert params["tolerance"].default == 1e-9
    assert params["max_steps"].default == 10_000
    assert_prose_says("recap-loop.md", "`tolerance` (default `1e-9`)")
    assert_prose_says("recap-loop.md", "updates (default 10 000)")


def test_recap_loop_error_factor_is_one_minus_18_lr() -> None:
    for lr in (0.001, 0.01, 0.05, 0.1, 0.12):
        measured = error_factor(lr, 3.0)
        assert math.isclose(measured, 1 - 2 * lr * 3**2), (
            f"lr={lr}: expected the error to be multiplied by 1 - 18·lr = {1 - 18 * lr}, "
            f"got {measured}"
        )
    assert 2 * 3**2 == 18
    assert_prose_says("recap-loop.md", "multiplies the error by the same number, 1 − 18 · lr")
    assert_prose_says("recap-loop.md", "The 18 is 2 · 3²")
    factor = error_factor(0.01, 3.0)
    assert f"{factor:.2f}" == "0.82"
    assert_prose_says(
        "recap-loop.md",
        "of 0.01 the factor is 0.82: each update removes 18% of the error",
    )


def test_recap_loop_divergence_threshold_is_one_ninth() -> None:
    # Just below 1/9 the error shrinks, just above it grows; 1/18 lands in one step.
    assert abs(error_factor(1 / 9 - 1e-3, 3.0)) < 1
    assert abs(error_factor(1 / 9 + 1e-3, 3.0)) > 1
    assert abs(error_factor(1 / 18, 3.0)) < 1e-12
    assert f"{1 / 9:.3f}" == "0.111"
    assert_prose_says("recap-loop.md", "(lr above 1/9 ≈ 0.111)")
    assert_prose_says("recap-loop.md", "(lr below 1/18)")
    assert_prose_says("recap-loop.md", "(lr between 1/18 and 1/9)")
    assert_prose_says(
        "recap-loop.md",
        "At lr = 1/18 the factor is exactly 0 and a single update lands on 10/3.",
    )
    one_step = train(lesson.single_weight_network(), [3.0], 10.0, 1 / 18, max_steps=1)
    assert math.isclose(float(one_step.network.weights[0][0, 0]), 10 / 3)


def test_recap_loop_learning_rate_table_sentences() -> None:
    def run(lr: float) -> TrainingResult:
        return train(lesson.single_weight_network(), [3.0], 10.0, lr, max_steps=200)

    slow = run(0.001)
    assert not slow.converged and float(slow.network.weights[0][0, 0]) < 10 / 3
    assert_prose_says(
        "recap-loop.md",
        "**0.001** is too small: after 200 updates the weight is still short of 3.333",
    )
    assert run(0.01).converged and run(0.05).converged
    assert_prose_says("recap-loop.md", "**0.01** and **0.05** are good")
    assert run(0.1).converged
    errors = single_weight_errors(0.1, updates=4)
    assert all(a * b < 0 for a, b in pairwise(errors)), (
        f"with lr = 0.1 the error should flip sign every update, got {errors}"
    )
    assert all(abs(b) < abs(a) for a, b in pairwise(errors))
    assert_prose_says("recap-loop.md", "**0.1** still converges, but by zig-zagging around 10/3")
    with pytest.raises(TrainingDivergedError) as too_large:
        run(0.12)
    history = too_large.value.history
    assert history is not None and np.all(np.diff(history.loss_per_update) > 0)
    assert history.loss_per_update[-1] > 1e6 * history.loss_per_update[0]
    assert_prose_says("recap-loop.md", "**0.12** is too large")
    assert_prose_says("recap-loop.md", "more than a million times its first value")
    assert DIVERGE_FACTOR == 1e6
    ratio = (1 - 18 * 0.12) ** 2
    assert f"{abs(1 - 18 * 0.12):.2f}" == "1.16" and f"{ratio:.2f}" == "1.35"
    assert_prose_says("recap-loop.md", "(1 − 18 × 0.12)² = 1.16² ≈ 1.35")


def test_recap_loop_flat_is_not_finished_at_one_ninth() -> None:
    result = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=1 / 9)
    assert result.converged and len(result.history.loss_per_update) == 1
    assert round(result.final_loss, 9) == 16
    assert f"{float(result.network.weights[0][0, 0]):.3f}" == "4.667"
    assert single_weight_errors(1 / 9, updates=2) == [-4.0, 4.0, -4.0]
    assert_prose_says("recap-loop.md", "the error goes from −4 to +4 and back")
    assert_prose_says("recap-loop.md", "The loss stays at 16")
    assert_prose_says("recap-loop.md", "about 4.667 instead of 3.333")


# -- sgd.nb.py (markdown cells; the code cells assert the rest) --------------------------


def test_sgd_notebook_quotes_updates_per_epoch() -> None:
    x, y = lesson.toy_regression_data(200, np.random.default_rng(0))
    start = Network.random((2, 16, 1), np.random.default_rng(1))
    h = sgd(start, x, y, 0.05, batch_size=32, epochs=1, rng=np.random.default_rng(2)).history
    assert h.updates_per_epoch == math.ceil(200 / 32) == 7
    assert_prose_says(
        "sgd.nb.py",
        "batches of 32 give 7 updates per epoch: six batches of 32 and a last batch of 8",
    )
    x10, y10 = lesson.toy_regression_data(10, np.random.default_rng(0))
    small = Network.random((2, 4, 1), np.random.default_rng(1))
    h10 = sgd(small, x10, y10, 0.05, batch_size=4, epochs=3, rng=np.random.default_rng(2)).history
    assert h10.updates_per_epoch == 3
    assert_prose_says("sgd.nb.py", "an epoch has 3 updates, two batches of 4 and a last batch of 2")
    assert np.flatnonzero(h10.epoch_of_update == 2).tolist() == [6, 7, 8]
    assert_prose_says("sgd.nb.py", "holds updates 6, 7 and 8")


# -- checking.md ----------------------------------------------------------------------


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
    assert_prose_says("checking.md", "which is `True` when that largest error is at most `1e-6`")


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


# -- practice.md ----------------------------------------------------------------------


def test_practice_forward_pass_numbers() -> None:
    fp = forward(practice_network(), PRACTICE_INPUTS)
    top, bottom = fp.node_inputs[0]
    assert (top, bottom) == (5.0, -1.0)
    assert_prose_says("practice.md", "node values 2 (top) and 1 (bottom)")
    assert_prose_says("practice.md", f"node input 2 × 1 + 1 × 3 = {num(top)}")
    assert_prose_says("practice.md", f"node input 2 × (−1) + 1 × 1 = {num(bottom)}")
    assert_prose_says("practice.md", f"5 × 2 + 0 × 4 = {num(fp.prediction[0])}")


def test_practice_loss_and_slopes() -> None:
    fp = forward(practice_network(), PRACTICE_INPUTS)
    s = backward(fp, PRACTICE_TARGET)
    assert (float(s.error[0]), s.loss, float(s.node_slopes[1][0])) == (4.0, 16.0, 8.0)
    assert_prose_says("practice.md", "10 − 6 = 4. The loss is the error squared, 4² = 16")
    assert_prose_says("practice.md", "2 × error = 2 × 4 = 8")
    assert s.weight_slopes[1].ravel().tolist() == [40.0, 0.0]
    assert_prose_says("practice.md", "5 × 8 × 1 = 40")
    assert_prose_says("practice.md", "0 × 8 × 1 = 0")
    assert s.node_slopes[0].tolist() == [16.0, 32.0]
    assert_prose_says("practice.md", "top hidden node: 2 × 8 = 16")
    assert_prose_says("practice.md", "bottom hidden node: 4 × 8 = 32")
    assert s.weight_slopes[0].tolist() == [[32.0, 0.0], [16.0, 0.0]]
    assert_prose_says("practice.md", "2 × 16 × 1 = 32, from the bottom input 1 × 16 × 1 = 16")
    assert_prose_says("practice.md", "2 × 32 × 0 = 0 and 1 × 32 × 0 = 0")


def test_practice_update_numbers() -> None:
    new = gradient_descent_step(practice_network(), PRACTICE_INPUTS, PRACTICE_TARGET, 0.01)
    assert np.allclose(new.weights[1].ravel(), [1.6, 4.0])
    assert np.allclose(new.weights[0], [[0.68, -1.0], [2.84, 1.0]])
    top_input = float(forward(new, PRACTICE_INPUTS).node_inputs[0][0])
    prediction = float(new.predict(PRACTICE_INPUTS)[0])
    assert math.isclose(top_input, 4.2) and math.isclose(prediction, 6.72)
    assert_prose_says("practice.md", "2 − 0.01 × 40 = 1.6, and 4 − 0.01 × 0 = 4")
    assert_prose_says("practice.md", "1 − 0.01 × 32 = 0.68")
    assert_prose_says("practice.md", "3 − 0.01 × 16 = 2.84")
    assert_prose_says("practice.md", "2 × 0.68 + 1 × 2.84 = 4.2")
    assert_prose_says("practice.md", "4.2 × 1.6 + 0 × 4 = 6.72")
    assert_prose_says("practice.md", "(the error drops from 4 to 0.72)")


def test_practice_recap_loop_numbers() -> None:
    for lr in (0.05, 0.1, 0.2):
        assert math.isclose(error_factor(lr, 2.0), 1 - 8 * lr)
    assert abs(error_factor(0.25 - 1e-3, 2.0)) < 1 < abs(error_factor(0.25 + 1e-3, 2.0))
    assert_prose_says("practice.md", "multiplies the error by 1 − 8 × learning rate")
    assert_prose_says("practice.md", "between 0 and 2/8 = 1/4")
    network = Network([[[3.0]]], output="identity")
    errors = [float(network.predict([2.0])[0]) - 4.0]
    for _ in range(2):
        network = gradient_descent_step(network, [2.0], 4.0, 0.1)
        errors.append(float(network.predict([2.0])[0]) - 4.0)
    assert np.allclose(errors, [2.0, 0.4, 0.08])
    assert math.isclose(float(network.weights[0][0, 0]), 2.04)
    assert_prose_says(
        "practice.md",
        "1 − 8 × 0.1 = 0.2: after one update it is 2 × 0.2 = 0.4, after two 0.4 × 0.2 = 0.08",
    )
    assert_prose_says("practice.md", "so the weight is 2.04")


def test_practice_sgd_numbers() -> None:
    x, y = lesson.toy_regression_data(1000, np.random.default_rng(0))
    result = sgd(
        Network.random((2, 2, 1), np.random.default_rng(1)), x, y, 0.01,
        batch_size=64, epochs=5, rng=np.random.default_rng(2),
    )
    full_batches = 1000 // 64
    assert 1000 / 64 == 15.625 and full_batches * 64 == 960 and 1000 - 960 == 40
    assert result.history.updates_per_epoch == 16
    assert len(result.history.loss_per_update) == 80
    assert_prose_says(
        "practice.md", "1000 / 64 = 15.625, so 15 full batches of 64 use 960 examples"
    )
    assert_prose_says("practice.md", "takes the remaining 40")
    assert_prose_says("practice.md", "an    epoch has 16 updates")
    assert_prose_says("practice.md", "5 epochs × 16 updates = 80 updates")
    x, y = lesson.toy_regression_data(50, np.random.default_rng(0))
    net = Network.random((2, 4, 1), np.random.default_rng(1))
    h = sgd(net, x, y, 0.05, batch_size=10, epochs=3, rng=np.random.default_rng(2)).history
    assert (np.flatnonzero(h.epoch_of_update == 2) + 1).tolist() == [11, 12, 13, 14, 15]
    assert_prose_says("practice.md", "and 11 to 15 the 3rd")


def test_practice_finite_difference_numbers() -> None:
    def loss(w: float) -> float:
        return (2.0 * w - 4.0) ** 2

    assert f"{loss(3.01):.4f}" == "4.0804" and f"{loss(2.99):.4f}" == "3.9204"
    assert math.isclose((loss(3.01) - loss(2.99)) / 0.02, 8.0)
    assert_prose_says("practice.md", "2.02² = 4.0804")
    assert_prose_says("practice.md", "1.98² = 3.9204")
    assert_prose_says("practice.md", "(4.0804 − 3.9204) / 0.02 = 0.16 / 0.02 = 8")

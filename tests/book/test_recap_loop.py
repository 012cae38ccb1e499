# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers docs/recap-loop.md quotes are the ones bpbook computes."""

from __future__ import annotations

import inspect
import math
import re
from itertools import pairwise

import numpy as np
import pytest

from bpbook import (
    TrainingDivergedError,
    TrainingResult,
    backward,
    forward,
    gradient_descent_step,
    lesson,
    train,
    update_weights,
)
from bpbook.training import DIVERGE_FACTOR
from tests.book.prose import assert_prose_says, error_factor, num, number, single_weight_slopes


def single_weight_errors(learning_rate: float, updates: int) -> list[float]:
    """Errors of the lesson's one-weight network before and after each update (rounded)."""
    network = lesson.single_weight_network()
    errors = []
    for step in range(updates + 1):
        if step:
            network = gradient_descent_step(network, [3.0], 10.0, learning_rate)
        errors.append(round(float(network.predict([3.0])[0]) - 10.0, 9))
    return errors


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
    assert history.loss_per_update[-1] > DIVERGE_FACTOR * history.loss_per_update[0]
    assert_prose_says("recap-loop.md", "**0.12** is too large")
    assert_prose_says("recap-loop.md", "more than a hundred times its value before training")
    assert_prose_says("recap-loop.md", "once it passes a hundred times its value before training")
    assert DIVERGE_FACTOR == 100
    ratio = (1 - 18 * 0.12) ** 2
    assert f"{abs(1 - 18 * 0.12):.2f}" == "1.16" and f"{ratio:.2f}" == "1.35"
    assert_prose_says("recap-loop.md", "(1 − 18 × 0.12)² = 1.16² ≈ 1.35")


def test_recap_loop_flat_is_not_finished_at_one_ninth() -> None:
    result = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=1 / 9)
    assert not result.converged and len(result.history.loss_per_update) == 1
    assert result.stopped_because == "cycling"
    assert_prose_says(
        "recap-loop.md", '`converged` is `False` and `stopped_because` is `"cycling"`'
    )
    slope = 2 * 3 * (3 * float(result.network.weights[0][0, 0]) - 10)
    assert f"{slope / 9:.6f}" == f"{8 / 3:.6f}"
    assert_prose_says("recap-loop.md", "the weight would still jump by a whole 8/3")
    assert round(result.final_loss, 9) == 16
    assert f"{float(result.network.weights[0][0, 0]):.3f}" == "4.667"
    assert single_weight_errors(1 / 9, updates=2) == [-4.0, 4.0, -4.0]
    assert_prose_says("recap-loop.md", "the error goes from −4 to +4 and back")
    assert_prose_says("recap-loop.md", "The loss stays at 16")
    assert_prose_says("recap-loop.md", "about 4.667 instead of 3.333")


def test_full_batch_divergence_message_names_equal_update_and_epoch() -> None:
    with pytest.raises(TrainingDivergedError) as caught:
        train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=10.0)
    found = re.search(r"update (\d+) \(epoch (\d+)\)", str(caught.value))
    assert found, f"expected 'update N (epoch N)' in the message, got {caught.value}"
    assert found[1] == found[2], f"expected equal update and epoch, got {found[0]}"
    assert_prose_says(
        "recap-loop.md", "each update is one epoch and the two numbers in the message agree"
    )


def test_slope_and_gradient_are_told_apart() -> None:
    """Issue 20 item 6: 'slope means derivative, or gradient'; the glossary: gradient = all."""
    from tests.book.prose import prose

    assert_prose_says("recap-loop.md", "A slope is what calculus calls a derivative")
    assert_prose_says("recap-loop.md", "all the slopes of the weights together are the gradient")
    assert_prose_says("glossary.md", "All the slopes of the loss with respect to the weights")
    assert "means derivative, or gradient" not in prose("recap-loop.md")

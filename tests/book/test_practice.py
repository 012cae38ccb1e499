# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers in the exercises and solutions of docs/practice.md are bpbook's."""

from __future__ import annotations

import math

import numpy as np

from bpbook import Network, backward, forward, gradient_descent_step, lesson, sgd
from tests.book.prose import assert_prose_says, error_factor, num


def practice_network() -> Network:
    return Network([[[1.0, -1.0], [3.0, 1.0]], [[2.0], [4.0]]])


PRACTICE_INPUTS = [2.0, 1.0]
PRACTICE_TARGET = 6.0


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
        Network.random((2, 2, 1), np.random.default_rng(1)),
        x,
        y,
        0.01,
        batch_size=64,
        epochs=5,
        rng=np.random.default_rng(2),
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

"""Training: the update, the recap loop and stochastic gradient descent."""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import (
    Network,
    Slopes,
    TrainingDivergedError,
    backward,
    forward,
    lesson,
    sgd,
    train,
    update_weights,
)


def test_update_subtracts_learning_rate_times_slope_and_leaves_the_input_alone() -> None:
    net = lesson.deeper_network()
    slopes = backward(forward(net, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    new = update_weights(net, slopes, 0.1)
    np.testing.assert_allclose(new.weights[1].ravel(), [1 - 0.6, 2 - 1.8])
    assert net.weights[1].ravel().tolist() == [1.0, 2.0]


def _hand_update(net: Network, slopes: Slopes, rate: float) -> list[np.ndarray]:
    arrays = [w - rate * s for w, s in zip(net.weights, slopes.weight_slopes, strict=True)]
    return arrays + [
        b - rate * s
        for b, s in zip(net.biases, slopes.bias_slopes, strict=True)
        if b is not None and s is not None
    ]


def test_update_is_exactly_weight_minus_rate_times_slope_on_every_path() -> None:
    rng = np.random.default_rng(3)
    net = Network.random((5, 4, 3), rng, output="softmax", biases=True)
    x, labels = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    slopes = backward(forward(net, x), labels)
    expected = _hand_update(net, slopes, 0.3)
    twin = net.with_weights([w.copy() for w in net.weights])  # equal, not the same object
    for start in (net, twin):  # the fast path (slopes of this very network), the checked one
        new = update_weights(start, slopes, 0.3)
        got = [*new.weights, *(b for b in new.biases if b is not None)]
        for a, b in zip(got, expected, strict=True):
            np.testing.assert_array_equal(a, b)
            assert not a.flags.writeable
            with pytest.raises(ValueError):
                a.flags.writeable = True


def test_update_does_not_follow_later_changes_to_the_slopes() -> None:
    net = Network.random((3, 2, 1), 0, biases=True)
    slopes = backward(forward(net, np.ones((4, 3))), np.zeros(4))
    new = update_weights(net, slopes, 0.1)
    before = [a.copy() for a in (*new.weights, *new.biases) if a is not None]
    for s in (*slopes.weight_slopes, *slopes.bias_slopes):
        assert s is not None
        s[...] = np.nan
    after = [a for a in (*new.weights, *new.biases) if a is not None]
    for a, b in zip(after, before, strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(TrainingDivergedError, match="non-finite"):
        update_weights(net, slopes, 0.1)  # the NaN slopes are refused, not used


def test_recap_loop_finds_the_single_weight_answer_ten_thirds() -> None:
    result = train(lesson.single_weight_network(), [3.0], 10.0, 0.01, tolerance=1e-12)
    assert result.converged
    assert result.network.weights[0][0, 0] == pytest.approx(10 / 3, abs=1e-6)
    losses = result.history.loss_per_update
    assert losses[0] == 16.0 and np.all(np.diff(losses) < 0)


def test_recap_loop_equals_a_hand_written_loop() -> None:
    rng = np.random.default_rng(0)
    x, y = lesson.toy_regression_data(20, rng)
    start = Network.random((2, 4, 1), rng)
    result = train(start, x, y, 0.05, max_steps=25, tolerance=0.0)
    net = start
    for _ in range(25):
        net = update_weights(net, backward(forward(net, x), y), 0.05)
    for a, b in zip(result.network.weights, net.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert not result.converged and len(result.history.loss_per_update) == 25


def test_sgd_with_full_batch_and_no_shuffle_is_gradient_descent() -> None:
    rng = np.random.default_rng(1)
    x, y = lesson.toy_regression_data(12, rng)
    start = Network.random((2, 3, 1), rng)
    a = sgd(start, x, y, 0.1, batch_size=12, epochs=7, rng=None, shuffle=False)
    b = train(start, x, y, 0.1, max_steps=7, tolerance=0.0)
    for wa, wb in zip(a.network.weights, b.network.weights, strict=True):
        np.testing.assert_allclose(wa, wb, rtol=1e-12)
    np.testing.assert_allclose(a.history.loss_per_update, b.history.loss_per_update)


def test_sgd_one_update_per_batch_and_last_batch_kept() -> None:
    rng = np.random.default_rng(2)
    x, y = lesson.toy_regression_data(10, rng)
    result = sgd(Network.random((2, 3, 1), rng), x, y, 0.1, batch_size=4, epochs=3, rng=rng)
    h = result.history
    assert h.updates_per_epoch == 3  # batches of 4, 4 and 2: nothing dropped
    assert h.epoch_of_update.tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3]  # counted from 1
    assert len(h.loss_per_epoch) == 3


def test_sgd_matches_hand_written_minibatch_updates_with_the_same_shuffles() -> None:
    x, y = lesson.toy_regression_data(9, np.random.default_rng(3))
    start = Network.random((2, 5, 1), np.random.default_rng(4))
    result = sgd(start, x, y, 0.05, batch_size=4, epochs=2, rng=np.random.default_rng(5))
    order_rng = np.random.default_rng(5)
    net = start
    batch_losses = []
    for _ in range(2):
        order = order_rng.permutation(9)
        for s in range(0, 9, 4):
            rows = order[s : s + 4]
            slopes = backward(forward(net, x[rows]), y[rows])
            batch_losses.append(slopes.loss)
            net = update_weights(net, slopes, 0.05)
    for a, b in zip(result.network.weights, net.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_allclose(result.history.loss_per_update, batch_losses, rtol=1e-12)
    per_epoch = [
        (4 * batch_losses[0] + 4 * batch_losses[1] + 1 * batch_losses[2]) / 9,
        (4 * batch_losses[3] + 4 * batch_losses[4] + 1 * batch_losses[5]) / 9,
    ]
    np.testing.assert_allclose(result.history.loss_per_epoch, per_epoch, rtol=1e-12)


def test_sgd_is_reproducible_from_the_seed_and_leaves_the_start_alone() -> None:
    x, y = lesson.toy_regression_data(30, np.random.default_rng(0))
    start = Network.random((2, 6, 1), np.random.default_rng(1))
    before = [w.copy() for w in start.weights]
    a = sgd(start, x, y, 0.05, batch_size=5, epochs=4, rng=np.random.default_rng(9))
    b = sgd(start, x, y, 0.05, batch_size=5, epochs=4, rng=np.random.default_rng(9))
    assert a.network == b.network
    for w, was in zip(start.weights, before, strict=True):
        np.testing.assert_array_equal(w, was)


def test_sgd_reduces_the_loss_on_the_toy_data() -> None:
    rng = np.random.default_rng(0)
    x, y = lesson.toy_regression_data(200, rng)
    start = Network.random((2, 16, 1), rng)
    first = backward(forward(start, x), y).loss
    result = sgd(start, x, y, 0.05, batch_size=16, epochs=30, rng=rng)
    assert result.final_loss < 0.2 * first, (first, result.final_loss)


def test_training_with_biases_updates_them() -> None:
    rng = np.random.default_rng(0)
    x, y = lesson.toy_regression_data(16, rng)
    start = Network.random((2, 3, 1), rng, biases=True)
    result = sgd(start, x, y, 0.1, batch_size=4, epochs=2, rng=rng)
    assert any(b is not None and np.any(b != 0) for b in result.network.biases)


def test_a_two_cycle_is_not_converged() -> None:
    """Issue 20 item 7: at lr = 1/9 the weight flips 10/3 -+ 4/3 with the loss 16 each time."""
    from bpbook.history import STOP_REASONS

    cycle = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=1 / 9)
    assert cycle.stopped_because == "cycling" and not cycle.converged
    assert "cycling" in STOP_REASONS
    smooth = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=0.01)
    assert smooth.stopped_because == "flat" and smooth.converged
    zigzag = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=0.1)
    assert zigzag.stopped_because == "flat" and zigzag.converged  # shrinking zig-zag

"""What a practitioner reaches for next (issue 18 items 2 and 6).

Validation data in `sgd` and `train` (held-out loss, a classifier's accuracy, per
epoch), early stopping with a patience that returns the best network, and momentum and
weight decay, off by default so that plain SGD is unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import (
    InputError,
    Network,
    accuracy,
    backward,
    forward,
    lesson,
    sgd,
    train,
)
from bpbook.history import EpochReport


def _blobs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    return centres[labels] + rng.normal(size=(n, 2)), labels


def test_validation_loss_and_accuracy_are_recorded_each_epoch() -> None:
    x, labels = _blobs(60, 0)
    xv, lv = _blobs(30, 1)
    start = Network.random((2, 8, 3), rng=0, output="softmax", biases=True)
    reports: list[EpochReport] = []
    run = sgd(start, x, labels, 0.1, batch_size=10, epochs=6, rng=1, validation=(xv, lv),
              on_epoch=reports.append)  # fmt: skip
    history = run.history
    assert len(history.validation_loss_per_epoch) == 6
    assert len(history.validation_accuracy_per_epoch) == 6
    for e, report in enumerate(reports):
        loss = backward(forward(report.network, xv), lv).loss
        assert history.validation_loss_per_epoch[e] == pytest.approx(loss, rel=1e-12)
        assert history.validation_accuracy_per_epoch[e] == accuracy(report.network, xv, lv)
    plain = sgd(start, x, labels, 0.1, batch_size=10, epochs=6, rng=1)
    assert plain.network == run.network, "watching held-out data changes no weight"
    assert len(plain.history.validation_loss_per_epoch) == 0
    assert len(plain.history.validation_accuracy_per_epoch) == 0


def test_validation_of_a_regression_network_records_its_loss_only() -> None:
    x, y = lesson.toy_regression_data(40, np.random.default_rng(0))
    xv, yv = lesson.toy_regression_data(20, np.random.default_rng(1))
    run = train(Network.random((2, 4, 1), rng=2), x, y, 0.05, max_steps=5, validation=(xv, yv))
    assert len(run.history.validation_loss_per_epoch) == 5
    assert len(run.history.validation_accuracy_per_epoch) == 0
    final = float(((run.network.predict(xv) - yv) ** 2).sum(axis=1).mean())
    assert run.history.validation_loss_per_epoch[-1] == pytest.approx(final, rel=1e-12)


def test_early_stopping_returns_the_best_network_seen() -> None:
    """A wide network on 12 noisy examples overfits: the held-out loss turns back up."""
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, size=(12, 1))
    y = np.sin(3 * x) + 0.3 * rng.normal(size=(12, 1))
    xv = rng.uniform(-1, 1, size=(50, 1))
    yv = np.sin(3 * xv)
    start = Network.random((1, 64, 1), rng=6, biases=True, hidden="tanh")
    reports: list[EpochReport] = []
    run = sgd(start, x, y, 0.1, batch_size=4, epochs=3000, rng=7, validation=(xv, yv),
              patience=50, on_epoch=reports.append)  # fmt: skip
    losses = run.history.validation_loss_per_epoch
    assert run.stopped_because == "patience" and len(losses) < 3000
    best = int(np.argmin(losses)) + 1  # epochs are counted from 1
    assert run.best_epoch == best and len(losses) == best + 50
    assert run.network == reports[best - 1].network and reports[best - 1].epoch == best
    assert losses[-1] > losses[best - 1]
    assert run.final_loss == pytest.approx(float(((run.network.predict(x) - y) ** 2).mean()))


def test_validation_and_patience_are_checked() -> None:
    net = lesson.deeper_network()
    x, y = np.ones((3, 2)), np.ones((3, 1))
    with pytest.raises(InputError, match=r"^patience: expected validation=\(inputs, targets\)"):
        sgd(net, x, y, 0.1, batch_size=1, epochs=1, patience=3)
    with pytest.raises(InputError, match=r"^validation inputs: expected 2 input node value"):
        sgd(net, x, y, 0.1, batch_size=1, epochs=1, validation=(np.ones((2, 3)), y))
    with pytest.raises(InputError, match=r"^validation targets: expected shape \(2, 1\)"):
        sgd(net, x, y, 0.1, batch_size=1, epochs=1, validation=(np.ones((2, 2)), y))
    with pytest.raises(TypeError, match=r"^validation: expected a pair \(inputs, targets\)"):
        sgd(net, x, y, 0.1, batch_size=1, epochs=1, validation=x)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^patience: expected a positive integer, got 0"):
        sgd(net, x, y, 0.1, batch_size=1, epochs=1, validation=(x, y), patience=0)


# -- item 6: momentum and weight decay, off by default ------------------------------------


def _hand_written(
    start: Network, x: np.ndarray, y: np.ndarray, momentum: float, decay: float, seed: int
) -> Network:
    """PyTorch's SGD rule written out over the public API, for 2 epochs of batches of 5."""
    order_rng = np.random.default_rng(seed)
    net = start
    velocity = [np.zeros_like(w) for w in net.weights]
    bias_velocity = [np.zeros_like(b) for b in net.biases if b is not None]
    for _ in range(2):
        order = order_rng.permutation(len(x))
        for begin in range(0, len(x), 5):
            rows = order[begin : begin + 5]
            slopes = backward(forward(net, x[rows]), y[rows])
            weights, biases = [], []
            for k, w in enumerate(net.weights):
                velocity[k] = momentum * velocity[k] + slopes.weight_slopes[k] + decay * w
                weights.append(w - 0.05 * velocity[k])
                bias, bias_slope = net.biases[k], slopes.bias_slopes[k]
                assert bias is not None and bias_slope is not None
                bias_velocity[k] = momentum * bias_velocity[k] + bias_slope
                biases.append(bias - 0.05 * bias_velocity[k])
            net = net.with_weights(weights, biases)
    return net


@pytest.mark.parametrize(("momentum", "decay"), [(0.9, 0.0), (0.0, 0.01), (0.5, 0.001)])
def test_momentum_and_weight_decay_follow_pytorchs_rule(momentum: float, decay: float) -> None:
    x, y = lesson.toy_regression_data(20, np.random.default_rng(0))
    start = Network.random((2, 6, 1), rng=1, biases=True)
    start = start.with_weights(start.weights, [np.full(6, 0.1), np.full(1, -0.2)])
    run = sgd(start, x, y, 0.05, batch_size=5, epochs=2, rng=3, momentum=momentum,
              weight_decay=decay)  # fmt: skip
    expected = _hand_written(start, x, y, momentum, decay, 3)
    for a, b in zip(run.network.weights, expected.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    for c, d in zip(run.network.biases, expected.biases, strict=True):
        assert c is not None and d is not None
        np.testing.assert_allclose(c, d, rtol=1e-12, atol=1e-14)


def test_plain_sgd_is_unchanged_by_default() -> None:
    x, y = lesson.toy_regression_data(30, np.random.default_rng(0))
    start = Network.random((2, 6, 1), rng=1, biases=True)
    plain = sgd(start, x, y, 0.05, batch_size=5, epochs=3, rng=2)
    zeros = sgd(start, x, y, 0.05, batch_size=5, epochs=3, rng=2, momentum=0, weight_decay=0)
    assert plain.network == zeros.network
    np.testing.assert_array_equal(plain.history.loss_per_update, zeros.history.loss_per_update)
    moving = sgd(start, x, y, 0.05, batch_size=5, epochs=3, rng=2, momentum=0.9)
    assert moving.network != plain.network


@pytest.mark.parametrize(
    ("momentum", "decay", "message"),
    [
        (1.0, 0.0, r"^momentum: expected a number from 0 up to \(not including\) 1, got 1.0"),
        (-0.1, 0.0, r"^momentum: expected a finite number >= 0, got -0.1"),
        (0.0, -1e-3, r"^weight_decay: expected a finite number >= 0, got -0.001"),
        (0.0, float("nan"), r"^weight_decay: expected a finite number >= 0, got nan"),
    ],
)
def test_momentum_and_weight_decay_are_checked(momentum: float, decay: float, message: str) -> None:
    x, y = np.ones((3, 2)), np.ones((3, 1))
    with pytest.raises(InputError, match=message):
        sgd(lesson.deeper_network(), x, y, 0.1, batch_size=1, epochs=1, momentum=momentum,
            weight_decay=decay)  # fmt: skip

"""Softmax and cross-entropy, first-class (issue 18 item 1).

The acceptance test: on 300 random classifiers (1-4 layers of weights, widths 1-6,
2-6 classes, with or without biases) backprop's slopes equal centred finite
differences of an independent numpy cross-entropy to 1e-6 relative. Then targets
(labels or one-hot rows), stability, and every part of bpbook that takes a loss.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest

from bpbook import (
    CROSS_ENTROPY,
    SOFTMAX,
    SQUARED_ERROR,
    InputError,
    Network,
    TrainingDivergedError,
    accuracy,
    backward,
    check_gradients,
    cross_entropy,
    forward,
    predict_class,
    sgd,
    softmax,
    three_factor_table,
    train,
    update_weights,
)
from bpbook.loss import softmax_cross_entropy
from tests.bpbook.kinks import near_relu_kink

HIDDEN = ["relu", "tanh", "sigmoid", "identity"]
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda v: np.maximum(v, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
    "identity": lambda v: v,
}


def _reference_loss(net: Network, x: np.ndarray, t: np.ndarray) -> float:
    """Cross-entropy written out again with numpy: mean of -log(softmax(z))[right class]."""
    values = x
    for w, b, a in zip(net.weights, net.biases, net.activations, strict=True):
        z = values @ w + (0.0 if b is None else b)
        if a.name == "softmax":
            shifted = z - z.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return float(-(t * log_p).sum(axis=1).mean())
        values = FUNCTIONS[a.name](z)
    raise AssertionError("no softmax output")


def _random_classifier(seed: int) -> tuple[Network, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 5))
    sizes = [int(rng.integers(1, 7)) for _ in range(depth)] + [int(rng.integers(2, 7))]
    hidden = [str(rng.choice(HIDDEN)) for _ in range(depth - 1)]
    weights = [rng.normal(0, 1 / np.sqrt(n), size=(n, m)) for n, m in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.5, size=m) for m in sizes[1:]] if rng.integers(2) else None
    net = Network(weights, activations=[*hidden, "softmax"], biases=biases)
    batch = int(rng.integers(1, 6))
    x = rng.normal(size=(batch, sizes[0]))
    t = np.eye(sizes[-1])[rng.integers(0, sizes[-1], size=batch)]
    return net, x, t


def _five_point(net: Network, x: np.ndarray, t: np.ndarray, h: float) -> list[np.ndarray]:
    """Fourth-order centred differences of the reference loss, weights then biases."""
    weights = [w.copy() for w in net.weights]
    biases = [None if b is None else b.copy() for b in net.biases]
    estimates = []
    for p in [*weights, *(b for b in biases if b is not None)]:
        estimate = np.empty_like(p)
        for index in np.ndindex(p.shape):
            losses = []
            for step in (2 * h, h, -h, -2 * h):
                original = p[index]
                p[index] = original + step
                losses.append(_reference_loss(net.with_weights(weights, biases), x, t))
                p[index] = original
            estimate[index] = (8 * (losses[1] - losses[2]) - (losses[0] - losses[3])) / (12 * h)
        estimates.append(estimate)
    return estimates


def test_softmax_cross_entropy_slopes_equal_finite_differences_on_300_networks() -> None:
    checked, seed, h = 0, 0, 1e-3
    while checked < 300:
        net, x, t = _random_classifier(seed)
        seed += 1
        if near_relu_kink(net, x, h):
            continue  # finite differences are invalid across a ReLU kink
        slopes = backward(forward(net, x), t)
        assert slopes.loss == pytest.approx(_reference_loss(net, x, t), rel=1e-12)
        backprop = [*slopes.weight_slopes, *(b for b in slopes.bias_slopes if b is not None)]
        numerical = _five_point(net, x, t, h)
        scale = max(np.abs(s).max() for s in backprop)
        for b, n in zip(backprop, numerical, strict=True):
            floor = np.maximum(np.maximum(np.abs(b), np.abs(n)), 1e-3 * scale)
            relative = np.where(floor > 0, np.abs(b - n) / np.where(floor > 0, floor, 1), 0.0)
            assert relative.max() < 1e-6, (seed - 1, net, relative.max())
        checked += 1
    assert seed < 600, "most random networks are far from a kink"


# -- the loss, softmax and targets -------------------------------------------------------


def test_the_output_layer_chooses_the_loss() -> None:
    classifier = Network.random((4, 5, 3), rng=0, output="softmax")
    assert classifier.is_classifier and classifier.loss is CROSS_ENTROPY
    assert classifier.activations[-1] is SOFTMAX
    regression = Network.random((4, 5, 3), rng=0)
    assert not regression.is_classifier and regression.loss is SQUARED_ERROR


def test_output_node_input_slope_is_p_minus_t() -> None:
    net = Network.random((3, 4, 5), rng=1, output="softmax", biases=True)
    x = np.random.default_rng(2).normal(size=(6, 3))
    labels = np.array([0, 4, 2, 2, 1, 3])
    fp = forward(net, x)
    slopes = backward(fp, labels)
    p_minus_t = fp.prediction - np.eye(5)[labels]
    np.testing.assert_allclose(slopes.error, p_minus_t, rtol=1e-15)
    np.testing.assert_allclose(slopes.node_input_slopes[-1], p_minus_t / 6, rtol=1e-15)
    one_hot = backward(fp, np.eye(5)[labels])
    for a, b in zip(slopes.weight_slopes, one_hot.weight_slopes, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(fp.prediction.sum(axis=1), 1.0, rtol=1e-15)


def test_huge_node_inputs_neither_overflow_nor_take_log_of_zero() -> None:
    net = Network([[[1.0, -1.0, 0.0]]], output="softmax")
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        fp = forward(net, [[1e300], [-1e300]])
        slopes = backward(fp, [0, 1])
        right = backward(fp, [1, 0])
    np.testing.assert_array_equal(fp.prediction, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert slopes.loss == 0.0
    assert np.isfinite(right.loss) and right.loss == pytest.approx(2e300)
    assert cross_entropy([[1e300, 0.0]], [0]) == 0.0
    assert cross_entropy([[-1e300, 1e300]], [0]) == pytest.approx(2e300)
    np.testing.assert_array_equal(softmax(np.array([1e308, -1e308])), [1.0, 0.0])


def test_cross_entropy_of_a_readers_numbers() -> None:
    assert cross_entropy([0.0, np.log(3.0)], 1) == pytest.approx(-np.log(0.75), rel=1e-15)
    assert cross_entropy([[0.0, 0.0], [0.0, 0.0]], [[0.5, 0.5], [1.0, 0.0]]) == pytest.approx(
        np.log(2.0), rel=1e-15
    )


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ([0, 3], r"^targets: expected class labels, whole numbers 0 to 2, got 3 at index 1$"),
        ([0, -1], r"^targets: expected class labels, whole numbers 0 to 2, got -1 at index 1$"),
        ([0.2, 0.8], r"^targets: .*got 0.2 at index 0; probabilities go in rows of shape \(2, 3\)"),
        ([[1, 0, 0], [1, 1, 0]], r"^targets: expected one-hot rows .*got row 1 summing to 2"),
        ([[1, 0, 0], [1.5, -0.5, 0]], r"^targets: expected one-hot rows .*smallest value -0.5"),
        ([0, np.nan], r"^targets: expected finite numbers, got nan at index \(1,\)"),
        ([[0], [1]], r"^targets: expected class labels of shape \(2,\) or one-hot rows of shape"),
    ],
)
def test_bad_class_targets_are_refused_clearly(targets: object, message: str) -> None:
    net = Network.random((2, 3), rng=0, output="softmax")
    fp = forward(net, np.ones((2, 2)))
    with pytest.raises(InputError, match=message):
        backward(fp, targets)


def test_softmax_only_as_an_output_of_at_least_two_nodes() -> None:
    with pytest.raises(InputError, match=r"^activations: expected softmax only in the output"):
        Network.random((2, 3, 2), rng=0, hidden="softmax")
    with pytest.raises(InputError, match=r"^output: expected at least 2 output nodes"):
        Network.random((2, 3, 1), rng=0, output="softmax")


# -- everything that takes a loss ----------------------------------------------------------


def _blobs(n: int = 90, classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    labels = np.arange(n) % classes
    centres = rng.normal(size=(classes, 4)) * 4
    return centres[labels] + rng.normal(size=(n, 4)), labels


def test_sgd_trains_a_classifier_from_labels() -> None:
    x, labels = _blobs()
    start = Network.random((4, 8, 3), rng=0, output="softmax", biases=True)
    before = backward(forward(start, x), labels).loss
    run = sgd(start, x, labels, 0.1, batch_size=10, epochs=30, rng=1)
    assert run.final_loss < 0.25 * before
    assert run.final_loss == pytest.approx(backward(forward(run.network, x), labels).loss)
    assert len(run.history.loss_per_epoch) == 30 and run.network.is_classifier
    assert accuracy(run.network, x, labels) > 0.95
    assert accuracy(run.network, x, np.eye(3)[labels]) == accuracy(run.network, x, labels)
    one_hot = sgd(start, x, np.eye(3)[labels], 0.1, batch_size=10, epochs=30, rng=1)
    assert one_hot.network == run.network
    stopped = sgd(start, x, labels, 0.1, batch_size=10, epochs=30, rng=1, target_loss=0.3)
    assert stopped.stopped_because == "target_loss" and stopped.final_loss <= 0.3
    full = train(start, x, labels, 0.5, max_steps=50)
    assert full.final_loss < before


def test_softmax_and_cross_entropy_in_one_pass_are_the_same_numbers() -> None:
    # training's one-pass output (bpbook.loss.softmax_cross_entropy) against softmax, then
    # CROSS_ENTROPY: equal to the last bit, on spreads from 1e-3 to 1e3 and huge inputs
    rng = np.random.default_rng(7)
    for i in range(500):
        n, c = int(rng.integers(1, 40)), int(rng.integers(2, 12))
        z = rng.normal(size=(n, c)) * 10 ** rng.uniform(-3, 3)
        z[:, 0] += 0.0 if i % 3 else 1e300 * (i % 2)
        t = np.eye(c)[rng.integers(0, c, n)] if i % 2 else rng.dirichlet(np.ones(c), n)
        p, loss, slope = softmax_cross_entropy(z, t)
        expected_p = softmax(z)
        expected_loss, expected_slope = CROSS_ENTROPY.value_and_slope(z, expected_p, t)
        np.testing.assert_array_equal(p, expected_p)
        np.testing.assert_array_equal(slope, expected_slope)
        assert loss == expected_loss


def test_sgd_on_a_classifier_is_the_hand_written_loop_to_the_last_bit() -> None:
    x, labels = _blobs()
    start = Network.random((4, 8, 3), rng=0, output="softmax", biases=True)
    run = sgd(start, x, labels, 0.1, batch_size=10, epochs=3, rng=1)
    net, losses, order_rng = start, [], np.random.default_rng(1)
    for _ in range(3):
        order = order_rng.permutation(len(x))
        for begin in range(0, len(x), 10):
            rows = order[begin : begin + 10]
            slopes = backward(forward(net, x[rows]), labels[rows])
            losses.append(slopes.loss)
            net = update_weights(net, slopes, 0.1)
    assert run.history.loss_per_update.tolist() == losses
    assert run.network == net
    assert run.final_loss == backward(forward(net, x), labels).loss


def test_a_runaway_classifier_raises_with_its_history() -> None:
    x, labels = _blobs()
    start = Network.random((4, 8, 3), rng=0, output="softmax", biases=True)
    with pytest.raises(TrainingDivergedError) as caught:
        sgd(start, x * 100, labels, 50.0, batch_size=10, epochs=30, rng=1)
    assert caught.value.history is not None
    assert len(caught.value.history.loss_per_update) == caught.value.update  # from 1


def test_check_gradients_and_three_factors_of_a_classifier() -> None:
    x, labels = _blobs(12)
    net = Network.random((4, 6, 3), rng=3, output="softmax", biases=True, hidden="tanh")
    check = check_gradients(net, x, labels)
    assert check.passed() and check.relative_error < 1e-8
    table = three_factor_table(net, x[0], labels[0])
    fp = forward(net, x[0])
    p_minus_t = fp.prediction - np.eye(3)[labels[0]]
    output_rows = [row for row in table if row.layer == 2]
    for row in output_rows:
        assert row.slope_of_node_fed == pytest.approx(p_minus_t[row.to_node], rel=1e-15)
        assert row.activation_slope == 1.0
        assert row.product == pytest.approx(row.backprop_slope, rel=1e-14)
    assert str(table).splitlines()[-1].startswith("layer 2 (softmax + cross-entropy): node slope")
    assert "p - t" in table.note and three_factor_table(net, x[0], 0).note == table.note


def test_a_saved_classifier_loads_as_a_classifier(tmp_path: object) -> None:
    net = Network.random((4, 6, 3), rng=3, output="softmax", biases=True)
    path = tmp_path / "classifier.npz"  # type: ignore[operator]
    net.save(path)
    loaded = Network.load(path)
    assert loaded == net and loaded.is_classifier and loaded.loss is CROSS_ENTROPY


def test_predict_class_and_accuracy() -> None:
    net = Network([[[1.0, -1.0, 0.0]]], output="softmax")
    assert predict_class(net, [[2.0], [-2.0], [0.0]]).tolist() == [0, 1, 0]
    assert int(predict_class(net, [-3.0])) == 1
    assert accuracy(net, [[2.0], [-2.0], [1.0], [3.0]], [0, 1, 1, 0]) == 0.75
    with pytest.raises(InputError, match=r"^network: expected at least 2 output nodes"):
        predict_class(Network([[[1.0]]]), [1.0])

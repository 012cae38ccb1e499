"""Training that never ends "normally" when it ran away, and training a learner can steer.

Issue 9 (non-finite loss, weights or biases; data that overflows; final_loss computed at
the end; slopes of another network refused) and issue 13 items 2 and 4 (seeds, a target
loss, a per-epoch callback, divergence caught early with the history attached).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pytest

import bpbook.propagation
from bpbook import (
    Network,
    TrainingDivergedError,
    TrainingResult,
    backward,
    forward,
    lesson,
    sgd,
    train,
    update_weights,
)
from bpbook.checks import BpbookError
from bpbook.figures import learning_rate_svg
from bpbook.history import EpochReport
from bpbook.training import DIVERGE_FACTOR

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.5, 0.5]])
Y = np.array([[4.0], [1.0], [2.0], [1.5]])
# All-identity activations: with too large a learning rate the loss grows without bound.
LINEAR = Network([[[1.0, 3.0], [1.0, 3.0]], [[1.0], [2.0]]], hidden="identity")


def _mse(net: Network, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.sum((net.predict(x) - y) ** 2, axis=1)))


# -- issue 9: never a normal end with a non-finite loss, weight or bias --------------------


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_one_huge_step_never_ends_normally(steps: int) -> None:
    with pytest.raises(TrainingDivergedError) as caught:
        train(LINEAR, X, Y, 1e200, max_steps=steps, diverge_factor=None)
    assert "try a smaller learning_rate than 1e+200" in str(caught.value)
    assert caught.value.history is not None


def test_a_bias_that_overflows_is_caught_although_the_loss_stays_finite() -> None:
    # Input 0: layer 1's weight never moves; its bias gets slope 2 and, at lr 1e308, -inf.
    # Its ReLU node then outputs 0 and the loss stays 1: only the bias check sees it.
    net = Network([[[1.0]], [[1.0]]], biases=[[1e-300], None])
    with pytest.raises(TrainingDivergedError, match="a bias of layer 1 became non-finite"):
        train(net, [[0.0]], [[-1.0]], 1e308, max_steps=1)
    with pytest.raises(TrainingDivergedError, match="made a bias of layer 1 non-finite"):
        fp = forward(net, [0.0])
        update_weights(net, backward(fp, [-1.0]), 1e308)


def test_data_that_overflows_is_blamed_not_the_learning_rate() -> None:
    with pytest.raises(TrainingDivergedError) as caught:
        sgd(LINEAR, X * 1e200, Y, 1e-3, batch_size=2, epochs=1, rng=0)
    text = str(caught.value)
    assert text.startswith("inputs/targets: the loss became inf at update 1 (epoch 1)")
    assert "data overflows" in text and "largest |input| 1e+200" in text
    assert "will not help" in text and len(text) <= 400


def test_final_loss_is_of_the_data_as_given_even_when_read_after_the_caller_changed_it() -> None:
    x, y = X.copy(), Y.copy()
    result = sgd(LINEAR, x, y, 0.01, batch_size=2, epochs=3, rng=0)
    assert isinstance(TrainingResult.final_loss, property)
    expected = _mse(result.network, X, Y)
    x[:] = 1e6  # the caller's arrays change before final_loss is first read: it does not
    y[:] = -1e6
    assert result.final_loss == pytest.approx(expected, rel=1e-12)


def test_final_loss_costs_a_forward_pass_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """sgd's speed target: a run that never reads final_loss does not pay for it."""
    passes: list[int] = []
    real = bpbook.propagation.forward_batch

    def counted(*args: Any) -> Any:
        passes.append(len(args[-1]))  # how many examples
        return real(*args)

    monkeypatch.setattr("bpbook.loop.forward_batch", counted)
    result = sgd(LINEAR, X, Y, 0.01, batch_size=2, epochs=3, rng=0)
    assert passes == [2] * 6, "one forward pass per update, none over all the data"
    assert result.final_loss == pytest.approx(_mse(result.network, X, Y), rel=1e-12)
    assert passes[6:] == [4]
    assert result.final_loss == result.final_loss and passes[7:] == [], "computed once"


def test_a_last_update_that_makes_the_loss_overflow_raises_as_training_ends() -> None:
    """Every update's loss is finite, every weight too, yet the trained network overflows.

    The weight starts at 0: the first example (input 1e150, target 0) has error 0; the
    second's update (input 1, target 1e10, loss 1e20) moves the weight to 2e9, so the
    first example's prediction becomes 2e159 and its squared error overflows. Training
    must not end normally: no bound holds for these weights, so final_loss is computed
    (and checked) before sgd returns.
    """
    x, y = np.array([[1e150], [1.0]]), np.array([[0.0], [1e10]])
    with pytest.raises(
        TrainingDivergedError, match=r"the loss on all the training data became inf"
    ):
        sgd(Network([[[0.0]]]), x, y, 0.1, batch_size=1, epochs=1, shuffle=False)


def test_update_weights_refuses_slopes_of_a_network_without_biases() -> None:
    plain = lesson.deeper_network()
    biased = plain.with_weights(plain.weights, [np.zeros(2), np.zeros(1)])
    slopes = backward(forward(plain, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match=r"slopes: expected bias slopes for layers \[1, 2\]"):
        update_weights(biased, slopes, 0.01)
    back = backward(forward(biased, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match=r"for layers \[\].*got them for layers \[1, 2\]"):
        update_weights(plain, back, 0.01)


def test_update_weights_refuses_slopes_of_other_weights_when_slopes_know_their_pass() -> None:
    net = lesson.deeper_network()
    slopes = backward(forward(net, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    if getattr(slopes, "forward_pass", None) is None:
        pytest.skip("Slopes.forward_pass arrives with the harden branch")
    other = net.with_weights([w + 1 for w in net.weights])
    with pytest.raises(ValueError, match="slopes: expected slopes of network"):
        update_weights(other, slopes, 0.01)
    same = lesson.deeper_network()  # equal weights, another object: fine
    assert update_weights(same, slopes, 0.01) == update_weights(net, slopes, 0.01)


# -- issue 13 item 4: steering --------------------------------------------------------------


def test_train_stops_at_the_target_loss() -> None:
    net = lesson.single_weight_network()
    full = train(net, [3.0], 10.0, 0.01)
    stopped = train(net, [3.0], 10.0, 0.01, target_loss=0.5)
    assert stopped.stopped_because == "target_loss" and not stopped.converged
    assert stopped.final_loss <= 0.5 < stopped.history.loss_per_update[-1]
    assert len(stopped.history.loss_per_update) < len(full.history.loss_per_update)
    assert full.stopped_because == "flat" and full.converged


def test_sgd_stops_after_the_first_epoch_that_reaches_the_target() -> None:
    x, y = lesson.toy_regression_data(64, np.random.default_rng(0))
    start = Network.random((2, 8, 1), np.random.default_rng(1))
    run = sgd(start, x, y, 0.05, batch_size=8, epochs=200, rng=2, target_loss=0.1)
    assert run.stopped_because == "target_loss" and run.final_loss <= 0.1
    epochs = len(run.history.loss_per_epoch)
    assert epochs < 200
    before = sgd(start, x, y, 0.05, batch_size=8, epochs=epochs - 1, rng=2)
    assert before.final_loss > 0.1, "an epoch earlier the target was not reached"


def test_the_callback_sees_every_epoch_and_can_stop_training() -> None:
    reports: list[EpochReport] = []
    run = sgd(LINEAR, X, Y, 0.01, batch_size=2, epochs=10, rng=0, on_epoch=reports.append)
    assert [r.epoch for r in reports] == list(range(1, 11))  # counted from 1
    assert run.stopped_because == "epochs"
    np.testing.assert_array_equal([r.loss for r in reports], run.history.loss_per_epoch)
    assert reports[-1].network == run.network
    assert len(reports[3].history.loss_per_epoch) == 4
    assert len(reports[3].history.loss_per_update) == 8
    stopped = sgd(
        LINEAR, X, Y, 0.01, batch_size=2, epochs=10, rng=0, on_epoch=lambda r: r.epoch == 5
    )
    assert stopped.stopped_because == "callback" and len(stopped.history.loss_per_epoch) == 5
    assert stopped.network == reports[4].network


def test_divergence_is_caught_early_with_the_history_attached() -> None:
    """The loss passes `DIVERGE_FACTOR` times its start long before it overflows."""
    # lr = 0.115 (just above 1/9): each update multiplies the loss by (1 - 18 * 0.115)^2.
    net, rate = lesson.single_weight_network(), 0.115
    with pytest.raises(TrainingDivergedError) as early:
        train(net, [3.0], 10.0, rate, max_steps=100_000)
    with pytest.raises(TrainingDivergedError) as late:
        train(net, [3.0], 10.0, rate, max_steps=100_000, diverge_factor=None)
    assert early.value.epoch is not None and late.value.epoch is not None
    growth = (1 - 18 * rate) ** 2
    assert early.value.epoch == int(np.ceil(np.log(DIVERGE_FACTOR) / np.log(growth))) + 1  # from 1
    assert early.value.epoch < late.value.epoch / 10
    assert "more than diverge_factor=100 times the loss before training (16)" in str(early.value)
    assert "the loss became inf" in str(late.value)
    history = early.value.history
    assert history is not None and early.value.update is not None
    assert len(history.loss_per_update) == early.value.update  # counted from 1
    first, last = history.loss_per_update[0], history.loss_per_update[-1]  # full batch
    assert last > DIVERGE_FACTOR * first >= history.loss_per_update[-2]
    assert len(str(early.value)) <= 400
    svg = learning_rate_svg({rate: history}, id_prefix="div")  # the partial history plots
    assert 'id="div-curve-0"' in svg


def test_a_wobbling_curve_is_not_called_diverging() -> None:
    """Batch size 1: noisy losses, far below the factor; training runs every epoch."""
    x, y = lesson.toy_regression_data(50, np.random.default_rng(0))
    start = Network.random((2, 8, 1), np.random.default_rng(1))
    run = sgd(start, x, y, 0.05, batch_size=1, epochs=20, rng=3)
    assert run.stopped_because == "epochs" and len(run.history.loss_per_epoch) == 20


# -- issue 13 item 2: seeds the Scientific Python way ---------------------------------------


def test_sgd_takes_none_an_int_seed_or_a_generator() -> None:
    by_seed = sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3, rng=7)
    by_generator = sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3, rng=np.random.default_rng(7))
    assert by_seed.network == by_generator.network
    assert (
        sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3, rng=np.int64(7)).network == by_seed.network
    )
    fresh = sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3)  # rng=None: unseeded shuffles
    assert np.isfinite(fresh.final_loss)
    in_order = sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3, shuffle=False)
    assert (
        in_order.network == sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=3, shuffle=False).network
    )


@pytest.mark.parametrize("rng", ["0", 1.5, True, -1, np.random.RandomState(0)])
def test_sgd_refuses_other_rngs_naming_the_argument(rng: object) -> None:
    with pytest.raises(BpbookError, match=r"^rng: expected"):
        sgd(LINEAR, X, Y, 0.01, batch_size=1, epochs=1, rng=rng)  # type: ignore[arg-type]


def _message_numbers(error: TrainingDivergedError) -> tuple[int, int]:
    found = re.search(r"at update (\d+) \(epoch (\d+)\)", str(error))
    assert found, f"expected 'at update N (epoch E)' in {error}"
    return int(found[1]), int(found[2])


def test_the_message_names_the_update_that_diverged_counting_from_1() -> None:
    """The update in the message is the one whose loss ran away, counted as the book counts.

    One weight, input 3, target 10: update u (from 1) sees the loss 16 * growth**(u - 1).
    The first update whose loss passes a million times the first is the one named.
    """
    rate = 0.115
    growth = (1 - 18 * rate) ** 2
    by_hand = next(u for u in range(1, 1000) if 16 * growth ** (u - 1) > DIVERGE_FACTOR * 16)
    with pytest.raises(TrainingDivergedError) as caught:
        train(lesson.single_weight_network(), [3.0], 10.0, rate, max_steps=100_000)
    update, epoch = _message_numbers(caught.value)
    assert (update, epoch) == (by_hand, by_hand)  # full batch: one update per epoch
    assert (caught.value.update, caught.value.epoch) == (update, epoch)
    history = caught.value.history
    assert history is not None and len(history.loss_per_update) == update
    assert history.loss_per_update[update - 1] > DIVERGE_FACTOR * history.loss_per_update[0]
    assert history.loss_per_update[update - 2] <= DIVERGE_FACTOR * history.loss_per_update[0]


def test_a_non_finite_loss_names_the_update_whose_loss_it_was() -> None:
    with pytest.raises(TrainingDivergedError) as caught:
        sgd(LINEAR, X, Y, 2.0, batch_size=1, epochs=1000, rng=0, diverge_factor=None)
    update, epoch = _message_numbers(caught.value)
    history = caught.value.history
    assert history is not None and len(history.loss_per_update) == update
    assert not np.isfinite(history.loss_per_update[update - 1])
    assert np.isfinite(history.loss_per_update[: update - 1]).all()
    per_epoch = history.updates_per_epoch
    assert history.epoch_of_update[update - 1] == epoch == (update - 1) // per_epoch + 1


# -- issue 18 item 5a: divergence judged against the loss before training -------------------


def _three_blobs() -> tuple[np.ndarray, np.ndarray]:
    """60 examples of 16 inputs in [0, 1], three classes as one-hot targets (digits-like)."""
    rng = np.random.default_rng(3)
    labels = np.arange(60) % 3
    centres = rng.uniform(size=(3, 16))
    x = np.clip(centres[labels] + 0.3 * rng.normal(size=(60, 16)), 0.0, 1.0)
    return x, np.eye(3)[labels]


def test_a_blow_up_inside_the_first_epoch_raises_with_its_history() -> None:
    """The digits trial in small: lr 1.0 kills every ReLU within a few updates of epoch 1.

    The output biases then swing between two equally bad values (b -> 2 * mean - b), so
    the loss stays thousands of times its start without ever overflowing. Compared with
    the first epoch's loss (which already holds the blow-up) nothing ever looked wrong.
    """
    x, y = _three_blobs()
    start = Network.random((16, 16, 3), rng=3, biases=True)
    before = _mse(start, x, y)
    dead = sgd(start, x, y, 1.0, batch_size=6, epochs=20, rng=3, diverge_factor=None)
    assert dead.final_loss > 1000 * before, "without the check the run ends 'normally'"
    with pytest.raises(TrainingDivergedError) as caught:
        sgd(start, x, y, 1.0, batch_size=6, epochs=20, rng=3)
    problem = caught.value
    assert problem.epoch == 1 and problem.update is not None and problem.update < 10
    history = problem.history
    assert history is not None and len(history.loss_per_update) == problem.update
    assert history.loss_per_update[-1] * 6 > DIVERGE_FACTOR * before * 60
    assert np.all(history.loss_per_update[:-1] * 6 <= DIVERGE_FACTOR * before * 60)
    assert "before training" in str(problem) and len(str(problem)) <= 400


def test_an_epoch_far_above_the_loss_before_training_raises() -> None:
    """The once-an-epoch check compares with the loss before training, not epoch 1's.

    With ``diverge_factor=1000`` no batch of epoch 1 passes the per-update limit (its
    summed loss stays under 1000 x the loss before training summed over all 60), but
    the epoch's loss is more than 1000 x the loss before training.
    """
    x, y = _three_blobs()
    start = Network.random((16, 16, 3), rng=3, biases=True)
    before = _mse(start, x, y)
    with pytest.raises(TrainingDivergedError) as caught:
        sgd(start, x, y, 1.0, batch_size=6, epochs=20, rng=3, diverge_factor=1000)
    history = caught.value.history
    assert history is not None and caught.value.epoch == 1
    assert len(history.loss_per_epoch) == 1 and len(history.loss_per_update) == 10
    assert np.all(history.loss_per_update * 6 <= 1000 * before * 60)
    assert history.loss_per_epoch[0] > 1000 * before
    assert str(caught.value).startswith(
        f"the loss grew to {history.loss_per_epoch[0]:.3g}, more than diverge_factor=1000 "
        f"times the loss before training ({before:.3g}), at update 10 (epoch 1)"
    )


def test_a_first_batch_with_no_loss_does_not_make_later_batches_diverge() -> None:
    """The first batch's loss is only a lower bound of the loss before training."""
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([[0.0], [1.5], [3.0], [4.5]])  # example 0 has loss 0 at the start
    start = Network([[[1.0]]], output="identity")
    run = sgd(start, x, y, 0.01, batch_size=1, epochs=3, shuffle=False)
    assert run.history.loss_per_update[0] == 0.0
    assert run.stopped_because == "epochs"


def test_a_final_loss_read_later_is_quiet_when_a_hidden_node_input_overflows() -> None:
    """Found by the fuzz test: input 1e308 overflows the hidden node input, a sigmoid
    turns it into 1, so the bound holds and final_loss is left for later; reading it then
    must be as quiet (and as finite) as training was."""
    net = Network([[[10.0]], [[1.0, -1.0]]], hidden="sigmoid", output="softmax")
    result = sgd(net, np.array([1e308]), 0, 0.1, batch_size=1, epochs=2, rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(result.final_loss)

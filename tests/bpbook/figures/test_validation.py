"""bpbook.figures.validation: training against validation loss per epoch (issue 18 item 2)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from bpbook import Network, TrainingResult, lesson, sgd
from bpbook.checks import InputError, InputTypeError
from bpbook.figures import validation_figure, validation_svg
from bpbook.figures.theme import format_number
from tests.bpbook.figures.test_plots import check_accessible, curves


@pytest.fixture(scope="module")
def stopped_run() -> TrainingResult:
    rng = np.random.default_rng(5)
    x = rng.uniform(-1, 1, size=(12, 1))
    y = np.sin(3 * x) + 0.3 * rng.normal(size=(12, 1))
    xv = rng.uniform(-1, 1, size=(50, 1))
    start = Network.random((1, 64, 1), rng=6, biases=True, hidden="tanh")
    return sgd(start, x, y, 0.1, batch_size=4, epochs=3000, rng=7,
               validation=(xv, np.sin(3 * xv)), patience=50)  # fmt: skip


def test_two_curves_and_the_numbers_in_words(stopped_run: TrainingResult) -> None:
    root = ET.fromstring(validation_svg(stopped_run, id_prefix="va"))
    assert [g.get("id") for g in curves(root)] == ["va-curve-0", "va-curve-1"]
    desc = check_accessible(root)
    history, best = stopped_run.history, stopped_run.best_epoch
    assert best is not None
    held_out = history.validation_loss_per_epoch
    assert f"from {format_number(history.loss_per_epoch[0])} in epoch 1" in desc
    assert f"lowest {format_number(held_out.min())} in epoch {best}" in desc  # from 1
    assert f"A dotted line marks epoch {best}, the network kept." in desc


def test_the_figure_for_users_has_both_curves_and_the_kept_epoch(
    stopped_run: TrainingResult,
) -> None:
    axes = validation_figure(stopped_run, log_y=False).axes[0]
    lines = axes.get_lines()
    labels = [line.get_label() for line in lines]
    assert labels[:2] == [
        "training data (mean over the epoch)",
        "validation data (after the epoch)",
    ]
    np.testing.assert_array_equal(
        lines[1].get_ydata(), stopped_run.history.validation_loss_per_epoch
    )
    assert stopped_run.best_epoch is not None
    assert lines[2].get_xdata()[0] == stopped_run.best_epoch  # the dotted line, from 1
    assert axes.get_yscale() == "linear"


def test_a_run_without_validation_data_is_refused() -> None:
    x, y = lesson.toy_regression_data(20, np.random.default_rng(0))
    run = sgd(Network.random((2, 4, 1), rng=1), x, y, 0.05, batch_size=5, epochs=2, rng=2)
    with pytest.raises(InputError, match=r"^run: expected a run with validation data"):
        validation_svg(run)
    with pytest.raises(InputTypeError, match=r"^run: expected the TrainingResult"):
        validation_svg({"run": run})  # type: ignore[arg-type]

"""Plots a learner can use (issue 13 item 7): per epoch, thinned epoch marks, a matplotlib
Figure, and short error messages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure

from bpbook import Network, TrainingResult, lesson, sgd, train
from bpbook.figures import (
    learning_rate_figure,
    learning_rate_svg,
    loss_curves_figure,
    loss_curves_svg,
)
from bpbook.figures.plots import EACH_EPOCH_UP_TO, STAND_INS
from bpbook.figures.theme import PLOT_LIGHT


@pytest.fixture(scope="module")
def long_run() -> TrainingResult:
    x, y = lesson.toy_regression_data(40, np.random.default_rng(0))
    start = Network.random((2, 8, 1), np.random.default_rng(1))
    return sgd(start, x, y, 0.05, batch_size=20, epochs=500, rng=2)


@pytest.fixture(scope="module")
def short_run() -> TrainingResult:
    x, y = lesson.toy_regression_data(40, np.random.default_rng(0))
    start = Network.random((2, 8, 1), np.random.default_rng(1))
    return sgd(start, x, y, 0.05, batch_size=10, epochs=6, rng=2)


def _vertical_lines(figure: Figure, epochs: int) -> int:
    axis = figure.axes[0].xaxis
    major = [t for t in axis.get_majorticklocs() if 0 <= t <= epochs]
    minor = [t for t in axis.get_minorticklocs() if 0 <= t <= epochs]
    return len(set(major) | set(minor))


def test_a_long_run_has_at_most_a_dozen_epoch_marks(long_run: TrainingResult) -> None:
    figure = loss_curves_figure({"batch size 20": long_run})
    assert _vertical_lines(figure, 500) <= 12
    svg = loss_curves_svg({"batch size 20": long_run}, id_prefix="long")
    assert "Vertical lines mark every 50 epochs." in svg


def test_a_short_run_keeps_a_mark_at_every_epoch(short_run: TrainingResult) -> None:
    figure = loss_curves_figure({"batch size 10": short_run})
    assert _vertical_lines(figure, 6) == 7  # epochs 0 .. 6
    assert EACH_EPOCH_UP_TO == 30
    assert "Vertical lines mark the epochs." in loss_curves_svg({"b": short_run})


def test_per_epoch_draws_one_point_per_epoch(long_run: TrainingResult) -> None:
    figure = loss_curves_figure({"run": long_run}, per_epoch=True)
    (line,) = figure.axes[0].get_lines()
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 501))
    np.testing.assert_array_equal(line.get_ydata(), long_run.history.loss_per_epoch)
    svg = loss_curves_svg({"run": long_run}, per_epoch=True, id_prefix="pe")
    assert "the loss of each epoch (the mean over its batches)" in svg
    assert 'id="pe-curve-0"' in svg


def test_figures_use_real_colours_not_stand_ins(short_run: TrainingResult) -> None:
    figure = loss_curves_figure({"a": short_run, "b": short_run})
    colours = [line.get_color() for line in figure.axes[0].get_lines()]
    assert colours == [PLOT_LIGHT["c0"], PLOT_LIGHT["c1"]]
    assert not set(colours) & set(STAND_INS.values())
    rates = learning_rate_figure({0.01: short_run, 0.1: [1.0, 2.0, 3.0]})
    assert isinstance(rates, Figure) and len(rates.axes[0].get_lines()) == 2


def _message(call: object) -> str:
    with pytest.raises((TypeError, ValueError)) as caught:
        call()  # type: ignore[operator]
    return str(caught.value)


def test_a_result_where_a_mapping_is_expected_gets_a_short_message(
    long_run: TrainingResult,
) -> None:
    for call in (
        lambda: loss_curves_svg(long_run),  # type: ignore[arg-type]
        lambda: loss_curves_figure(long_run.history),  # type: ignore[arg-type]
        lambda: learning_rate_svg(long_run),  # type: ignore[arg-type]
    ):
        text = _message(call)
        assert len(text) <= 200 and text.count("\n") == 0, text
        assert "wrap it in a dict" in text
    for bad in ([1.0, 2.0], {}, {str(i): long_run for i in range(5)}):
        text = _message(lambda bad=bad: loss_curves_svg(bad))
        assert text.startswith("histories: expected") and len(text) <= 200, text
    text = _message(lambda: learning_rate_svg({0.1: np.zeros((3, 3))}))  # type: ignore[dict-item]
    assert text.startswith("losses: expected one loss per update") and len(text) <= 200


def test_the_partial_history_of_a_diverged_run_plots() -> None:
    from bpbook import TrainingDivergedError

    with pytest.raises(TrainingDivergedError) as caught:
        train(lesson.single_weight_network(), [3.0], 10.0, 10.0, diverge_factor=None)
    history = caught.value.history
    assert history is not None
    svg = learning_rate_svg({10.0: history}, id_prefix="dv")
    assert "learning rate 10 (diverged)" in svg
    ET.fromstring(svg)

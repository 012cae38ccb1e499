"""bpbook.figures.plots: training plots as themable, accessible, reproducible SVG."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from bpbook import Network, TrainingDivergedError, TrainingResult, lesson, sgd, train
from bpbook.figures import learning_rate_svg, loss_curves_svg
from bpbook.figures.plots import STAND_INS

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sgd_runs() -> dict[str, TrainingResult]:
    x, y = lesson.toy_regression_data(40, np.random.default_rng(0))
    start = Network.random((2, 8, 1), np.random.default_rng(1))
    return {
        ("full batch" if b == 40 else f"batch size {b}"): sgd(
            start, x, y, 0.05, batch_size=b, epochs=4, rng=np.random.default_rng(2)
        )
        for b in (40, 10, 4)
    }


@pytest.fixture(scope="module")
def rate_runs() -> dict[float, TrainingResult]:
    return {
        rate: train(
            lesson.single_weight_network(),
            lesson.SINGLE_WEIGHT_INPUT,
            lesson.SINGLE_WEIGHT_TARGET,
            rate,
            tolerance=0,
            max_steps=20,
            diverge_factor=None,  # the curve is drawn growing, past DIVERGE_FACTOR
        )
        for rate in (0.001, 0.05, 0.12)
    }


def curves(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG_NS}g") if re.search(r"-curve-\d+$", g.get("id", ""))]


def check_accessible(root: ET.Element) -> str:
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert by_id[title_id].tag == f"{SVG_NS}title"
    assert by_id[desc_id].tag == f"{SVG_NS}desc"
    return "".join(by_id[desc_id].itertext())


def test_loss_curves_svg_draws_one_curve_per_run(sgd_runs: dict[str, TrainingResult]) -> None:
    svg = loss_curves_svg(sgd_runs, id_prefix="lc")
    root = ET.fromstring(svg)
    assert len(curves(root)) == 3
    desc = check_accessible(root)
    assert "full batch, 1 update per epoch" in desc
    assert "batch size 4, 10 updates per epoch" in desc
    assert "update per epoch)" in svg, "the legend names the updates per epoch"


def test_loss_curves_line_up_on_an_axis_of_epochs(sgd_runs: dict[str, TrainingResult]) -> None:
    root = ET.fromstring(loss_curves_svg(sgd_runs, id_prefix="lc"))
    ends = []
    for g in curves(root):
        path = g.find(f".//{SVG_NS}path")
        assert path is not None
        xs = [float(v) for v in re.findall(r"[ML] ([\d.]+) ", path.get("d", ""))]
        ends.append((xs[0], len(xs)))
    starts = {round(x0, 3) for x0, _ in ends}
    assert len(starts) == 1, "every run starts at epoch 0"
    assert [n for _, n in ends] == [4, 16, 40], "points = updates: 1, 4 and 10 per epoch"


def test_learning_rate_svg_marks_a_growing_loss(rate_runs: dict[float, TrainingResult]) -> None:
    svg = learning_rate_svg(rate_runs, y_min=1e-6, id_prefix="lr")
    root = ET.fromstring(svg)
    assert len(curves(root)) == 3
    desc = check_accessible(root)
    assert "Learning rate 0.12: the loss goes from 16 at update 1" in desc
    assert "learning rate 0.12 (loss grows)" in svg
    assert "learning rate 0.05 (loss grows)" not in svg


def test_learning_rate_svg_shows_divergence_honestly() -> None:
    net = lesson.single_weight_network()
    with pytest.raises(TrainingDivergedError):
        train(net, lesson.SINGLE_WEIGHT_INPUT, lesson.SINGLE_WEIGHT_TARGET, 1.0, max_steps=500)
    losses = [16.0, 1e3, 1e80, float("inf")]
    svg = learning_rate_svg({0.01: [16.0, 9.0, 4.0], 1.0: losses}, id_prefix="dv")
    assert "learning rate 1 (diverged)" in svg
    assert "becomes infinite (training diverged)" in svg


def test_plots_are_reproducible_and_themable(sgd_runs: dict[str, TrainingResult]) -> None:
    first = loss_curves_svg(sgd_runs, id_prefix="same")
    assert first == loss_curves_svg(sgd_runs, id_prefix="same")
    assert "dc:date" not in first and "<?xml" not in first
    for stand_in in STAND_INS.values():
        assert stand_in not in first, "every stand-in colour became a CSS variable"
    assert "var(--bp-c0" in first and "var(--bp-ink" in first
    assert "[data-md-color-scheme=slate] .bp-plot" in first
    assert "*{stroke-linejoin" not in first.replace(".bp-plot *{", ""), "no page-wide CSS"


def test_two_plots_share_no_ids(sgd_runs: dict[str, TrainingResult]) -> None:
    a = loss_curves_svg(sgd_runs)
    b = loss_curves_svg(sgd_runs)
    ids_a = set(re.findall(r'\bid="([^"]+)"', a))
    ids_b = set(re.findall(r'\bid="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', a):
        assert ref in ids_a, f"dangling reference #{ref}"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="histories"):
        loss_curves_svg({})
    with pytest.raises(TypeError, match="histories"):
        loss_curves_svg({"raw": [1.0, 2.0]})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="at most 4"):
        learning_rate_svg({r: [1.0] for r in (0.1, 0.2, 0.3, 0.4, 0.5)})


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"bpbook\[plot\]"):
        learning_rate_svg({0.1: [1.0, 0.5]})

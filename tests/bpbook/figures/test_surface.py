"""bpbook.figures.surface: loss contours over two weights with gradient-descent paths."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest

from bpbook import InputError, InputTypeError
from bpbook.figures import contour_levels, loss_surface_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
W1 = np.linspace(-1.0, 2.0, 13)
W2 = np.linspace(-1.0, 3.0, 17)
GRID = (3 * W1[None, :] + 4 * W2[:, None] - 6) ** 2
PATHS = {"a: 0.01": [[1.0, 2.0], [0.7, 1.6]], "b: 0.002": [[1.0, 2.0], [0.94, 1.92]]}
LOSSES = {"a: 0.01": [25.0, 6.25], "b: 0.002": [25.0, 20.25]}


def test_one_panel_and_one_path_per_run_with_words() -> None:
    svg = loss_surface_svg(W1, W2, GRID, PATHS, path_losses=LOSSES, id_prefix="s")
    assert svg.count('id="s-path-') == 2
    root = ET.fromstring(svg)
    desc = root.findtext(f"{SVG_NS}desc") or ""
    assert "a: 0.01: 1 updates from weights (1, 2), loss 25, to (0.7, 1.6), loss 6.25." in desc
    assert "b: 0.002" in desc
    titles = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "a: 0.01" in titles and "b: 0.002" in titles and "weight 2" in titles
    assert "var(--bp-c0" in svg and "var(--bp-c1" in svg and "var(--bp-grid" in svg


def test_the_lowest_line_is_drawn_and_said() -> None:
    valley = [[-1.0, 2.25], [2.0, 0.0]]
    with_line = loss_surface_svg(
        W1, W2, GRID, PATHS, path_losses=LOSSES, lowest=valley, id_prefix="s"
    )
    without = loss_surface_svg(W1, W2, GRID, PATHS, path_losses=LOSSES, id_prefix="s")
    assert "dashed line where the loss is lowest" in with_line
    assert "dashed line" not in without
    assert len(re.findall(r"stroke-dasharray", with_line)) > len(
        re.findall(r"stroke-dasharray", without)
    )


@pytest.mark.parametrize(
    ("change", "kind", "message"),
    [
        ({"weights_1": [1.0]}, InputError, r"weights_1: expected at least 2 increasing"),
        ({"weights_2": W2[::-1]}, InputError, r"weights_2: expected at least 2 increasing"),
        ({"losses": GRID.T}, InputError, r"losses: expected shape \(17, 13\)"),
        ({"losses": -GRID}, InputError, r"losses: expected losses >= 0"),
        ({"paths": [[1.0, 2.0]]}, InputTypeError, r"paths: expected a mapping"),
        ({"paths": {}}, InputError, r"paths: expected 1 to 4 paths, got 0"),
        ({"paths": {"a: 0.01": [1.0, 2.0]}}, InputError, r"paths: expected the path 'a: 0.01'"),
        ({"path_losses": {"a: 0.01": [1.0, 2.0]}}, InputError, r"path_losses: expected one"),
        (
            {"path_losses": {"a: 0.01": [1.0], "b: 0.002": [1.0, 2.0]}},
            InputError,
            r"path_losses: expected 2 losses for 'a: 0.01', got shape \(1,\)",
        ),
        ({"lowest": [[1.0, 2.0]]}, InputError, r"lowest: expected points of shape \(m, 2\)"),
        ({"losses": "grid"}, InputTypeError, r"losses: expected numbers"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    change: dict[str, object], kind: type[Exception], message: str
) -> None:
    arguments: dict[str, object] = {
        "weights_1": W1,
        "weights_2": W2,
        "losses": GRID,
        "paths": PATHS,
        "path_losses": LOSSES,
    }
    arguments.update(change)
    with pytest.raises(kind, match=message):
        loss_surface_svg(**arguments)  # type: ignore[arg-type]


def test_contour_levels_are_squares_of_evenly_spaced_errors() -> None:
    levels = contour_levels(GRID)
    errors = np.sqrt(levels)
    assert levels.shape == (7,)
    assert np.allclose(np.diff(errors), errors[0], rtol=1e-12, atol=0.0)
    assert np.isclose(errors[-1] + errors[0], np.sqrt(GRID.max()), rtol=1e-12, atol=0.0)
    assert contour_levels([[0.0, 16.0], [4.0, 64.0]]).tolist() == [1, 4, 9, 16, 25, 36, 49]


def test_the_figure_draws_its_lines_at_contour_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """The static figure's lines are at contour_levels (the explorable uses them too)."""
    from matplotlib.axes import Axes

    drawn: list[Any] = []
    original = Axes.contour

    def record(self: Axes, *args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs["levels"])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "contour", record)
    loss_surface_svg(W1, W2, GRID, PATHS, path_losses=LOSSES)
    assert len(drawn) == 2  # one panel per path
    for levels in drawn:
        assert np.array_equal(levels, np.sqrt(contour_levels(GRID)))


@pytest.mark.parametrize(
    ("losses", "kind", "message"),
    [
        ([], InputError, r"losses: expected at least one loss"),
        ([[0.0, -1.0]], InputError, r"losses: expected losses >= 0, the largest > 0, got .* -1"),
        (np.zeros((2, 3)), InputError, r"losses: expected losses >= 0, the largest > 0"),
        ([[1.0, np.nan]], InputError, r"losses"),
        ("grid", InputTypeError, r"losses: expected numbers"),
        (None, InputTypeError, r"losses: expected numbers, got None"),
    ],
)
def test_contour_levels_refuse_bad_losses_by_name(
    losses: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        contour_levels(losses)

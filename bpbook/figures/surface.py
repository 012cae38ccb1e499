"""The loss over two weights as contour lines, with gradient-descent paths across it.

`loss_surface_svg` draws what it is given: a grid of losses (the caller computes
them with bpbook, one forward pass per grid point) and the weights after each
update of one or more gradient-descent runs (the caller makes them with
`bpbook.gradient_descent_step`). One panel per run, side by side, so that runs whose
paths overlap stay readable; the contour lines are the same in every panel.

Like the other plots it needs matplotlib (the ``bpbook[plot]`` extra), is themed for
light and dark through the CSS variables of `bpbook.figures.theme`, and says its
numbers in its ``<desc>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from bpbook.checks import FloatArray, InputError, InputTypeError, as_float_array, describe
from bpbook.figures.plot_svg import SERIES, STAND_INS, figure_svg, matplotlib_module, plot_rc
from bpbook.figures.svg import SVG
from bpbook.figures.theme import format_number

__all__ = ["contour_levels", "loss_surface_svg"]

_PANEL_SIZE = (3.0, 3.2)  # inches per panel


def _checked_grid(
    weights_1: Any, weights_2: Any, losses: Any
) -> tuple[FloatArray, FloatArray, FloatArray]:
    w1 = as_float_array(weights_1, "weights_1")
    w2 = as_float_array(weights_2, "weights_2")
    for name, axis in (("weights_1", w1), ("weights_2", w2)):
        if axis.ndim != 1 or axis.size < 2 or not (np.diff(axis) > 0).all():
            raise InputError(
                f"{name}: expected at least 2 increasing grid values (1-D), got {describe(axis)}"
            )
    loss = as_float_array(losses, "losses")
    if loss.shape != (w2.size, w1.size):
        raise InputError(
            f"losses: expected shape {(w2.size, w1.size)} (one row per weights_2 value), "
            f"got shape {loss.shape}"
        )
    if (loss < 0).any():
        raise InputError("losses: expected losses >= 0 (squared errors), got a negative one")
    return w1, w2, loss


def _checked_paths(paths: Any) -> dict[str, FloatArray]:
    if not isinstance(paths, Mapping):
        raise InputTypeError(
            f"paths: expected a mapping from a label to an array of weights, got "
            f"{type(paths).__name__}"
        )
    if not 1 <= len(paths) <= len(SERIES):
        raise InputError(f"paths: expected 1 to {len(SERIES)} paths, got {len(paths)}")
    checked = {}
    for label, path in paths.items():
        array = as_float_array(path, f"paths[{str(label)[:30]!r}]")
        if array.ndim != 2 or array.shape[1] != 2 or array.shape[0] < 1:
            raise InputError(
                f"paths: expected the path {str(label)[:30]!r} as shape (steps + 1, 2), one "
                f"row (weight 1, weight 2) per update, got shape {array.shape}"
            )
        checked[str(label)] = array
    return checked


def contour_levels(losses: Any) -> FloatArray:
    """The losses at which `loss_surface_svg` draws its contour lines.

    Seven levels between 0 and the largest of ``losses``: the squares of evenly spaced
    numbers, so that for a squared error (whose square root is the size of the error)
    the lines are evenly spaced. The loss-slope chapter's explorable draws its
    contour lines at these levels too.

    Parameters
    ----------
    losses : array-like of losses >= 0, any shape, the largest > 0

    Returns
    -------
    numpy.ndarray of shape (7,)
        Increasing levels, all between 0 and the largest loss.

    Examples
    --------
    >>> from bpbook.figures import contour_levels
    >>> contour_levels([[0.0, 16.0], [4.0, 64.0]]).tolist()
    [1.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0]
    """
    loss = as_float_array(losses, "losses")
    if loss.size == 0:
        raise InputError(f"losses: expected at least one loss, got {describe(loss)}")
    if loss.min() < 0 or loss.max() <= 0:
        raise InputError(
            f"losses: expected losses >= 0, the largest > 0, got losses from "
            f"{loss.min():.3g} to {loss.max():.3g}"
        )
    top = float(np.sqrt(loss.max()))
    levels: FloatArray = (np.linspace(0.0, top, 9)[1:-1]) ** 2
    return levels


def _words(label: str, path: FloatArray, loss_at: list[float]) -> str:
    start, end = path[0], path[-1]
    return (
        f"{label}: {len(path) - 1} updates from weights ({format_number(start[0])}, "
        f"{format_number(start[1])}), loss {format_number(loss_at[0])}, to "
        f"({format_number(end[0])}, {format_number(end[1])}), loss {format_number(loss_at[-1])}."
    )


def _path_words(paths: dict[str, FloatArray], path_losses: Any) -> list[str]:
    """One sentence per path, from its weights and the losses along it."""
    if not isinstance(path_losses, Mapping) or set(map(str, path_losses)) != set(paths):
        raise InputError("path_losses: expected one array of losses per path, with its label")
    words = []
    for label, path in paths.items():
        along = as_float_array(path_losses[label], f"path_losses[{label[:30]!r}]")
        if along.shape != (len(path),):
            raise InputError(
                f"path_losses: expected {len(path)} losses for {label[:30]!r}, got shape "
                f"{along.shape}"
            )
        words.append(_words(label, path, along.tolist()))
    return words


def _checked_lowest(lowest: Any) -> FloatArray:
    valley = as_float_array(lowest, "lowest")
    if valley.ndim != 2 or valley.shape[1] != 2 or len(valley) < 2:
        raise InputError(
            f"lowest: expected points of shape (m, 2), m >= 2, got shape {valley.shape}"
        )
    return valley


def loss_surface_svg(
    weights_1: Any,
    weights_2: Any,
    losses: Any,
    paths: Mapping[str, Any],
    *,
    path_losses: Mapping[str, Any],
    lowest: Any = None,
    title: str = "The loss over two weights, with gradient-descent paths",
    id_prefix: str | None = None,
) -> SVG:
    """Contour lines of the loss over two weights, one panel per gradient-descent path.

    Parameters
    ----------
    weights_1 : 1-D array-like
        Increasing grid values of weight 1 (the x axis).
    weights_2 : 1-D array-like
        Increasing grid values of weight 2 (the y axis).
    losses : 2-D array-like of shape (len(weights_2), len(weights_1))
        ``losses[r, c]``: the loss with weight 1 = ``weights_1[c]`` and weight 2 =
        ``weights_2[r]``.
    paths : mapping from a label to an array-like of shape (steps + 1, 2)
        The two weights before the first update and after each update; 1 to 4 paths.
    path_losses : mapping from the same labels to 1-D array-likes
        The loss at each row of the path (for the description in words).
    lowest : array-like of shape (m, 2), optional
        Points (weight 1, weight 2) of the lowest loss, drawn as a dashed line in
        every panel (for one example with two weights, the line where the error is 0).
    title : str
    id_prefix : str, optional

    Returns
    -------
    SVG

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook.figures import loss_surface_svg
    >>> w = np.linspace(-1.0, 1.0, 5)
    >>> grid = (w[None, :] + w[:, None]) ** 2
    >>> path = [[1.0, 1.0], [0.0, 0.0]]
    >>> svg = loss_surface_svg(w, w, grid, {"one step": path}, path_losses={"one step": [4, 0]})
    >>> "one step: 1 updates" in svg
    True
    """
    w1, w2, loss = _checked_grid(weights_1, weights_2, losses)
    checked = _checked_paths(paths)
    words = _path_words(checked, path_losses)
    valley = None if lowest is None else _checked_lowest(lowest)
    figure = _draw(w1, w2, loss, checked, valley)
    description = (
        "Contour lines of the loss over weight 1 (across) and weight 2 (up); the loss is "
        "the same along each line and grows away from the lowest one. One panel per "
        "learning rate, each with its path of weights, one dot per update"
        + (", and a dashed line where the loss is lowest. " if valley is not None else ". ")
        + " ".join(words)
    )
    return figure_svg(figure, title=title, description=description, id_prefix=id_prefix)


def _draw(
    w1: FloatArray,
    w2: FloatArray,
    loss: FloatArray,
    paths: dict[str, FloatArray],
    valley: FloatArray | None,
) -> Any:
    matplotlib = matplotlib_module()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(plot_rc(STAND_INS["ink"])):
        figure = Figure(figsize=(_PANEL_SIZE[0] * len(paths), _PANEL_SIZE[1]), layout="constrained")
        axes_row = figure.subplots(1, len(paths), sharey=True, squeeze=False)[0]
        for n, (axes, (label, path)) in enumerate(zip(axes_row, paths.items(), strict=True)):
            # sqrt(loss) at sqrt(levels): the same lines, and for a squared error, whose
            # square root is |error|, straight where the grid interpolates linearly.
            levels = np.sqrt(contour_levels(loss))
            axes.contour(w1, w2, np.sqrt(loss), levels=levels, colors=STAND_INS["grid"])
            if valley is not None:
                axes.plot(
                    valley[:, 0],
                    valley[:, 1],
                    color=STAND_INS["ink"],
                    linewidth=1.2,
                    linestyle="--",
                )
            (line,) = axes.plot(
                path[:, 0],
                path[:, 1],
                color=STAND_INS[SERIES[n]],
                marker="o",
                markersize=4,
                linewidth=1.6,
            )
            line.set_gid(f"path-{n}")
            axes.plot(
                path[:1, 0], path[:1, 1], color=STAND_INS[SERIES[n]], marker="s", markersize=7
            )
            axes.set_xlim(w1[0], w1[-1])
            axes.set_ylim(w2[0], w2[-1])
            axes.set_aspect("equal")
            axes.set_title(label, fontsize=12)
            axes.set_xlabel("weight 1")
        axes_row[0].set_ylabel("weight 2")
    return figure

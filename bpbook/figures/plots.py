"""Training plots as SVG: loss curves for batch sizes and for learning rates.

These plots need matplotlib, the ``bpbook[plot]`` extra (the install line on the
book's Start here page installs it); it is imported only when a function here
is called, so the rest of bpbook works without it.

Every plot is returned as an `SVG` string, made the same way each time (no dates,
fixed ids), readable in light and dark mode (a transparent background; text, axes
and curves take their colours from the CSS variables of `bpbook.figures.theme`),
with curves told apart by line style (solid, dashed, dotted, dash-dot) as well as
colour, and with a ``<title>`` and a ``<desc>`` giving the numbers in words.

For work outside the book, `loss_curves_figure` and `learning_rate_figure` draw
the same plots as a matplotlib ``Figure`` in the light theme's colours (save it,
show it, or add to it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bpbook.checks import InputError, InputTypeError
from bpbook.figures.plot_svg import (
    LIGHT_COLOURS,
    SERIES,
    STAND_INS,
    figure_svg,
    matplotlib_module,
    plot_rc,
)
from bpbook.figures.svg import SVG
from bpbook.figures.theme import format_number
from bpbook.history import TrainingHistory, TrainingResult

__all__ = [
    "EACH_EPOCH_UP_TO",
    "STAND_INS",
    "learning_rate_figure",
    "learning_rate_svg",
    "loss_curves_figure",
    "loss_curves_svg",
]

_LINE_STYLES = ("-", "--", ":", "-.")
EACH_EPOCH_UP_TO = 30
"""Up to this many epochs a grid line marks every epoch; beyond, at most about 12 lines."""
_FIGURE_SIZE = (7.2, 4.4)  # inches


def _losses(item: TrainingHistory | TrainingResult | Any) -> tuple[TrainingHistory | None, Any]:
    if isinstance(item, TrainingResult):
        item = item.history
    if isinstance(item, TrainingHistory):
        return item, item.loss_per_update
    return None, item


def _check_curves(curves: Any, name: str, values: str) -> None:
    """A non-empty mapping of at most four curves; short messages, never a repr of data."""
    if isinstance(curves, TrainingResult | TrainingHistory):
        kind = type(curves).__name__
        raise InputTypeError(
            f"{name}: expected a mapping from a label to {values}, got one {kind}; "
            f"wrap it in a dict, e.g. {{'my run': result}}"
        )
    if not isinstance(curves, Mapping):
        raise InputTypeError(
            f"{name}: expected a mapping from a label to {values}, got {type(curves).__name__}"
        )
    if not curves:
        raise InputError(f"{name}: expected at least one curve, got an empty mapping")
    if len(curves) > len(SERIES):
        raise InputError(f"{name}: expected at most {len(SERIES)} curves, got {len(curves)}")


def _updates(per_epoch: int) -> str:
    return f"{per_epoch} update{'s' if per_epoch != 1 else ''} per epoch"


def _run_curve(
    axes: Any, n: int, label: str, item: Any, colour: str, per_epoch: bool
) -> tuple[int, str]:
    """Draw one run's loss (per update against epochs, or per epoch); its epochs and words."""
    history, losses = _losses(item)
    if history is None:
        raise InputTypeError(
            "histories: expected TrainingHistory or TrainingResult values, "
            f"got {type(item).__name__} for {str(label)[:40]!r}"
        )
    if len(history.loss_per_update) == 0:
        raise InputError(f"histories: the run {str(label)[:40]!r} has no updates to plot")
    if per_epoch:
        return _epoch_curve(axes, n, label, history, colour)
    per = history.updates_per_epoch
    epochs = math.ceil(len(losses) / per)
    (line,) = axes.plot(
        np.arange(len(losses)) / per,
        losses,
        color=colour,
        linestyle=_LINE_STYLES[n],
        marker="o" if per == 1 else None,
        markersize=5,
        label=f"{label} ({_updates(per)})",
    )
    line.set_gid(f"curve-{n}")
    words = (
        f"{label}, {_updates(per)}: "
        f"the loss goes from {format_number(losses[0])} at the first update to "
        f"{format_number(losses[-1])} at the last, update {len(losses)}, "
        f"in epoch {epochs}."
    )
    return epochs, words


def _epoch_curve(
    axes: Any, n: int, label: str, history: TrainingHistory, colour: str
) -> tuple[int, str]:
    """Draw one run's loss per epoch at x = 1, 2, ...; its epochs and its sentence."""
    losses = history.loss_per_epoch
    if len(losses) == 0:
        raise InputError(f"histories: the run {str(label)[:40]!r} has no complete epoch")
    epochs = len(losses)
    (line,) = axes.plot(
        np.arange(1, epochs + 1),
        losses,
        color=colour,
        linestyle=_LINE_STYLES[n],
        marker="o" if epochs <= EACH_EPOCH_UP_TO else None,
        markersize=5,
        label=f"{label} ({_updates(history.updates_per_epoch)})",
    )
    line.set_gid(f"curve-{n}")
    words = (
        f"{label}: the loss goes from {format_number(losses[0])} in epoch 1 to "
        f"{format_number(losses[-1])} in epoch {epochs}."
    )
    return epochs, words


def _epoch_axes(axes: Any, epochs: int, log_y: bool, grid: str, per_epoch: bool) -> str:
    """Grid lines at every epoch up to `EACH_EPOCH_UP_TO` epochs, then thinned; their words."""
    from matplotlib.ticker import MaxNLocator, MultipleLocator, NullLocator

    axes.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    each = epochs <= EACH_EPOCH_UP_TO
    axes.xaxis.set_minor_locator(MultipleLocator(1) if each else NullLocator())
    axes.grid(axis="x", which="both", color=grid, linewidth=1)
    axes.set_axisbelow(True)
    if per_epoch:
        axes.set_xlim(0, epochs + (1 if epochs < 2 else 0))
        axes.set_xlabel("epoch (one pass through all the training data)")
        axes.set_ylabel("loss of the epoch (mean over its batches)")
    else:
        axes.set_xlim(0, epochs)
        axes.set_xlabel("epoch (one pass through all the training data)")
        axes.set_ylabel("loss of the batch")
    if log_y:
        axes.set_yscale("log")
    if each:
        return "Vertical lines mark the epochs."
    ticks = [t for t in axes.xaxis.get_majorticklocs() if 0 <= t <= epochs]
    step = int(ticks[1] - ticks[0]) if len(ticks) > 1 else epochs
    return f"Vertical lines mark every {step} epochs."


def _draw_loss_curves(
    histories: Mapping[str, Any], log_y: bool, per_epoch: bool, palette: Mapping[str, str]
) -> tuple[Any, str]:
    """The loss-curves plot as a matplotlib Figure in ``palette``, and its description."""
    _check_curves(histories, "histories", "a TrainingResult or TrainingHistory")
    matplotlib = matplotlib_module()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(plot_rc(palette["ink"])):
        figure = Figure(figsize=_FIGURE_SIZE, layout="constrained")
        axes = figure.add_subplot()
        drawn = [
            _run_curve(axes, n, label, item, palette[SERIES[n]], per_epoch)
            for n, (label, item) in enumerate(histories.items())
        ]
        marks = _epoch_axes(
            axes, max(epochs for epochs, _ in drawn), log_y, palette["grid"], per_epoch
        )
        figure.legend(loc="outside lower center", ncols=2)
    what = "each epoch (the mean over its batches)" if per_epoch else "each update's batch"
    description = (
        f"Line chart of the loss of {what} against the epoch"
        + (", loss on a logarithmic axis" if log_y else "")
        + f". {marks} "
        + " ".join(words for _, words in drawn)
    )
    return figure, description


def loss_curves_svg(
    histories: Mapping[str, TrainingHistory | TrainingResult],
    *,
    log_y: bool = True,
    per_epoch: bool = False,
    title: str = "Loss per update, with the epochs marked",
    id_prefix: str | None = None,
) -> SVG:
    """Loss per update (or per epoch) for several training runs, on a common axis of epochs.

    Update ``k`` (counted from 1) of a run with ``u`` updates per epoch is drawn at
    ``x = (k - 1) / u`` epochs, so the updates of epoch ``e`` lie between ``e - 1`` and
    ``e``, and full-batch gradient descent (one update per epoch) and stochastic
    gradient descent (many small batches per epoch) line up. With ``per_epoch``,
    each run's ``loss_per_epoch`` is drawn instead, epoch ``e`` (from 1) at ``x = e``.
    Vertical grid lines mark every epoch up to `EACH_EPOCH_UP_TO` (30) epochs, and
    at most about 12 round numbers of epochs on longer runs. ``histories`` maps a
    legend label to what `sgd` (or `train`) returned; at most four. ``log_y``: loss
    on a logarithmic axis. ``title``: the SVG's ``<title>``. ``id_prefix``: prefix
    of the ids inside the SVG (default: a fresh one per plot).

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> from bpbook.figures import loss_curves_svg
    >>> x, y = lesson.toy_regression_data(60, np.random.default_rng(0))
    >>> start = Network.random((2, 8, 1), np.random.default_rng(1))
    >>> runs = {
    ...     f"batch size {b}": sgd(start, x, y, 0.05, batch_size=b, epochs=3,
    ...                            rng=np.random.default_rng(2))
    ...     for b in (60, 10)
    ... }
    >>> svg = loss_curves_svg(runs, id_prefix="demo")
    >>> svg.count('id="demo-curve-')
    2
    """
    figure, description = _draw_loss_curves(histories, log_y, per_epoch, STAND_INS)
    return figure_svg(figure, title=title, description=description, id_prefix=id_prefix)


def loss_curves_figure(
    histories: Mapping[str, TrainingHistory | TrainingResult],
    *,
    log_y: bool = True,
    per_epoch: bool = False,
) -> Any:
    """The plot of `loss_curves_svg` as a matplotlib ``Figure``, in the light theme's colours.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> from bpbook.figures import loss_curves_figure
    >>> x, y = lesson.toy_regression_data(60, np.random.default_rng(0))
    >>> run = sgd(Network.random((2, 8, 1), np.random.default_rng(1)), x, y, 0.05,
    ...           batch_size=10, epochs=3, rng=2)
    >>> figure = loss_curves_figure({"batch size 10": run}, per_epoch=True)
    >>> figure.axes[0].get_xlabel()
    'epoch (one pass through all the training data)'
    """
    return _draw_loss_curves(histories, log_y, per_epoch, LIGHT_COLOURS)[0]


def _rate_curve(axes: Any, n: int, rate: Any, item: Any, colour: str) -> tuple[int, str]:
    """Draw one learning rate's loss per update; its number of updates and its sentence."""
    if isinstance(rate, bool) or not isinstance(rate, int | float):
        raise InputTypeError(
            f"losses: expected learning rates (numbers) as keys, got {type(rate).__name__}"
        )
    values = _loss_values(_losses(item)[1], rate)
    finite = np.isfinite(values)
    diverged = not finite.all()
    if diverged:
        values = values[: int(np.argmin(finite))]
    if len(values) == 0:
        raise InputError(f"losses: no finite loss for learning rate {rate}")
    steps = np.arange(1, len(values) + 1)
    note = " (diverged)" if diverged else " (loss grows)" if values[-1] > values[0] else ""
    style = {"color": colour}
    (line,) = axes.plot(
        steps,
        values,
        linestyle=_LINE_STYLES[n],
        label=f"learning rate {format_number(rate)}{note}",
        **style,
    )
    line.set_gid(f"curve-{n}")
    if diverged:
        axes.plot(steps[-1:], values[-1:], marker="X", markersize=10, linestyle="none", **style)
    words = (
        f"Learning rate {format_number(rate)}: the loss goes from "
        f"{format_number(values[0])} at update 1 to {format_number(values[-1])} at "
        f"update {len(values)}"
        + (", then becomes infinite (training diverged)." if diverged else ".")
    )
    return len(values), words


def _loss_values(item: Any, rate: float) -> Any:
    """A learning rate's losses as a 1-D float array, with a short error if they are not."""
    if isinstance(item, str | bytes):
        raise InputTypeError(f"losses: expected numbers for learning rate {rate}, got a str")
    try:
        values = np.asarray(item, dtype=float)
    except (TypeError, ValueError):
        raise InputTypeError(
            f"losses: expected a TrainingResult, TrainingHistory or a sequence of numbers for "
            f"learning rate {rate}, got {type(item).__name__}"
        ) from None
    if values.ndim != 1:
        raise InputError(
            f"losses: expected one loss per update for learning rate {rate}, "
            f"got an array of shape {values.shape}"
        )
    return values


def _draw_learning_rates(
    losses: Mapping[float, Any],
    log_y: bool,
    y_min: float | None,
    palette: Mapping[str, str],
) -> tuple[Any, str]:
    """The learning-rate plot as a matplotlib Figure in ``palette``, and its description."""
    _check_curves(losses, "losses", "losses (a TrainingResult, TrainingHistory or numbers)")
    matplotlib = matplotlib_module()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(plot_rc(palette["ink"])):
        figure = Figure(figsize=_FIGURE_SIZE, layout="constrained")
        axes = figure.add_subplot()
        drawn = [
            _rate_curve(axes, n, rate, item, palette[SERIES[n]])
            for n, (rate, item) in enumerate(losses.items())
        ]
        axes.grid(axis="both", color=palette["grid"], linewidth=0.8)
        axes.set_axisbelow(True)
        axes.set_xlim(1, max(2, *(updates for updates, _ in drawn)))
        axes.set_xlabel("update")
        axes.set_ylabel("loss")
        if log_y:
            axes.set_yscale("log")
        if y_min is not None:
            axes.set_ylim(bottom=y_min)
        figure.legend(loc="outside lower center", ncols=2)
    description = (
        "Line chart of the loss after each update, one line per learning rate"
        + (", loss on a logarithmic axis" if log_y else "")
        + ". "
        + " ".join(words for _, words in drawn)
    )
    return figure, description


def learning_rate_svg(
    losses: Mapping[float, TrainingHistory | TrainingResult | Sequence[float]],
    *,
    log_y: bool = True,
    y_min: float | None = None,
    title: str = "Loss per update for three learning rates",
    id_prefix: str | None = None,
) -> SVG:
    """Loss per update of the same training run with different learning rates.

    ``losses`` maps a learning rate to the loss at each update (a `TrainingHistory`,
    a `TrainingResult` or a sequence of floats); at most four. A curve whose loss
    ends higher than it started is labelled "loss grows"; a run that blew up (a
    non-finite loss, e.g. the ``history`` of a `TrainingDivergedError`) ends
    with a cross and is labelled "diverged". ``log_y``: loss on a logarithmic axis.
    ``y_min``: bottom of the loss axis (a good learning rate can drive the loss down
    to 1e-30 and squash the other curves). ``title`` and ``id_prefix`` as in
    `loss_curves_svg`.

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> from bpbook.figures import learning_rate_svg
    >>> runs = {
    ...     rate: train(lesson.single_weight_network(), lesson.SINGLE_WEIGHT_INPUT,
    ...                 lesson.SINGLE_WEIGHT_TARGET, rate, tolerance=0, max_steps=20,
    ...                 diverge_factor=None)
    ...     for rate in (0.001, 0.05, 0.12)
    ... }
    >>> svg = learning_rate_svg(runs, y_min=1e-6, id_prefix="demo")
    >>> svg.count('id="demo-curve-'), "loss grows" in svg
    (3, True)
    """
    figure, description = _draw_learning_rates(losses, log_y, y_min, STAND_INS)
    return figure_svg(figure, title=title, description=description, id_prefix=id_prefix)


def learning_rate_figure(
    losses: Mapping[float, TrainingHistory | TrainingResult | Sequence[float]],
    *,
    log_y: bool = True,
    y_min: float | None = None,
) -> Any:
    """The plot of `learning_rate_svg` as a matplotlib ``Figure``, in the light theme's colours.

    Examples
    --------
    >>> from bpbook.figures import learning_rate_figure
    >>> figure = learning_rate_figure({0.01: [16.0, 9.0, 4.0], 0.1: [16.0, 20.0, 25.0]})
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['learning rate 0.01', 'learning rate 0.1 (loss grows)']
    """
    return _draw_learning_rates(losses, log_y, y_min, LIGHT_COLOURS)[0]

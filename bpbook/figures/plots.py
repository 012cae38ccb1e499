"""Training plots as SVG: loss curves for batch sizes and for learning rates.

These plots need matplotlib, the ``bpbook[plot]`` extra
(``pip install "bpbook[plot]"``); it is imported only when a function here
is called, so the rest of bpbook works without it.

Every plot is returned as an `SVG` string, made the same way each time (no dates,
fixed ids), readable in light and dark mode (a transparent background; text, axes
and curves take their colours from the CSS variables of `bpbook.figures.theme`),
with curves told apart by line style (solid, dashed, dotted, dash-dot) as well as
colour, and with a ``<title>`` and a ``<desc>`` giving the numbers in words.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bpbook.figures.svg import SVG, escape, fresh_id_prefix
from bpbook.figures.theme import LIGHT, PLOT_LIGHT, PLOT_STYLE, STYLE, font_stack, format_number
from bpbook.training import TrainingHistory, TrainingResult

__all__ = ["STAND_INS", "learning_rate_svg", "loss_curves_svg"]

# Matplotlib draws with these stand-in colours; afterwards each is replaced by a CSS
# variable, so the colours follow the page's light or dark scheme.
_SERIES = ("c0", "c1", "c2", "c3")
STAND_INS: Mapping[str, str] = {
    "ink": "#0a0b0c",
    "grid": "#0a0b0d",
    **{name: f"#0a0b{n + 1:02x}" for n, name in enumerate(_SERIES)},
}
_LINE_STYLES = ("-", "--", ":", "-.")
_FIGURE_SIZE = (7.2, 4.4)  # inches

_plot_ids = itertools.count(1)


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(
            "bpbook.figures.plots needs matplotlib: pip install 'bpbook[plot]'"
        ) from error
    return matplotlib


def _rc() -> dict[str, Any]:
    ink = STAND_INS["ink"]
    return {
        "svg.hashsalt": "bpbook",
        "svg.fonttype": "none",  # real <text>: selectable, searchable, read aloud
        "font.family": "sans-serif",
        "font.size": 12,
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "lines.linewidth": 2.2,
    }


def _save(figure: Any) -> str:
    """The figure as matplotlib's SVG text, without its XML declaration or DOCTYPE."""
    buffer = io.StringIO()
    # The SVG writer reads svg.fonttype and svg.hashsalt when saving, so save inside
    # the same settings the figure was drawn with (text stays real <text>).
    with _matplotlib().rc_context(_rc()):
        figure.savefig(
            buffer,
            format="svg",
            transparent=True,
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _themed(svg: str) -> str:
    """Stand-in colours -> CSS variables (light colour as fallback); the page's font."""
    light = {**PLOT_LIGHT, "ink": LIGHT["ink"]}
    for name, stand_in in STAND_INS.items():
        svg = svg.replace(stand_in, f"var(--bp-{name}, {light[name]})")
    font = font_stack("'")  # inside style="..." attributes: single quotes
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {font}", svg)
    # Matplotlib's own stylesheet would apply to the whole page: keep it inside the plot.
    return svg.replace("*{stroke-linejoin", ".bp-plot *{stroke-linejoin")


def _prefixed_ids(svg: str, prefix: str) -> str:
    """Ids numbered in order of appearance, then prefixed, so plots can share a page.

    Matplotlib's hashed ids (clip paths, markers) can depend on object ids.
    """
    hashed: dict[str, str] = {}
    for name in re.findall(r"\b([a-z][0-9a-f]{10})\b", svg):
        hashed.setdefault(name, f"{name[0]}{len(hashed)}")
    for name, short in hashed.items():
        svg = re.sub(rf"\b{name}\b", short, svg)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = re.sub(r"#([\w.-]+)\)", lambda m: f"#{prefix}-{m[1]})" if m[1] in ids else m[0], svg)
    return re.sub(
        r'href="#([^"]+)"',
        lambda m: f'href="#{prefix}-{m[1]}"' if m[1] in ids else m[0],
        svg,
    )


def _finish(figure: Any, *, title: str, description: str, id_prefix: str | None) -> SVG:
    """Save a matplotlib figure as themable, accessible, reproducible SVG."""
    svg = _themed(_save(figure))
    prefix = id_prefix if id_prefix is not None else fresh_id_prefix("plot", _plot_ids)
    svg = _prefixed_ids(svg, prefix)
    match = re.match(r'<svg([^>]*) width="([\d.]+)pt" height="([\d.]+)pt"([^>]*)>', svg)
    if match is None:  # pragma: no cover - matplotlib's output format changed
        raise RuntimeError("unexpected SVG header from matplotlib")
    width, height = float(match[2]) * 4 / 3, float(match[3]) * 4 / 3
    root = (
        f'<svg{match[1]} width="{width:.0f}" height="{height:.0f}"{match[4]} '
        f'class="bp-fig bp-plot" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
        f"<style>{STYLE}{PLOT_STYLE}</style>"
    )
    return SVG(root + svg[match.end() :].strip())


def _losses(item: TrainingHistory | TrainingResult | Any) -> tuple[TrainingHistory | None, Any]:
    if isinstance(item, TrainingResult):
        item = item.history
    if isinstance(item, TrainingHistory):
        return item, item.loss_per_update
    return None, np.asarray(item, dtype=float)


def _check_curves(curves: Mapping[Any, Any], name: str) -> None:
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"{name}: expected a non-empty mapping, got {curves!r}")
    if len(curves) > len(_SERIES):
        raise ValueError(f"{name}: expected at most {len(_SERIES)} curves, got {len(curves)}")


def _updates(per_epoch: int) -> str:
    return f"{per_epoch} update{'s' if per_epoch != 1 else ''} per epoch"


def _run_curve(axes: Any, n: int, label: str, item: Any) -> tuple[int, str]:
    """Draw one run's loss per update against epochs; its epochs and its sentence."""
    history, losses = _losses(item)
    if history is None:
        raise TypeError(
            "histories: expected TrainingHistory or TrainingResult values, "
            f"got {type(item).__name__} for {label!r}"
        )
    per_epoch = history.updates_per_epoch
    epochs = math.ceil(len(losses) / per_epoch)
    (line,) = axes.plot(
        np.arange(len(losses)) / per_epoch,
        losses,
        color=STAND_INS[_SERIES[n]],
        linestyle=_LINE_STYLES[n],
        marker="o" if per_epoch == 1 else None,
        markersize=5,
        label=f"{label} ({_updates(per_epoch)})",
    )
    line.set_gid(f"curve-{n}")
    words = (
        f"{label}, {_updates(per_epoch)}: "
        f"the loss goes from {format_number(losses[0])} at the first update to "
        f"{format_number(losses[-1])} at the last, update {len(losses)}, "
        f"in epoch {epochs}."
    )
    return epochs, words


def _epoch_axes(axes: Any, epochs: int, log_y: bool) -> None:
    """A grid line at every epoch boundary; numbers at a readable spacing."""
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    axes.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    axes.xaxis.set_minor_locator(MultipleLocator(1))
    axes.grid(axis="x", which="both", color=STAND_INS["grid"], linewidth=1)
    axes.set_axisbelow(True)
    axes.set_xlim(0, epochs)
    axes.set_xlabel("epoch (one pass through all the training data)")
    axes.set_ylabel("loss of the batch")
    if log_y:
        axes.set_yscale("log")


def loss_curves_svg(
    histories: Mapping[str, TrainingHistory | TrainingResult],
    *,
    log_y: bool = True,
    title: str = "Loss per update, with the epochs marked",
    id_prefix: str | None = None,
) -> SVG:
    """Loss per update for several training runs, on a common axis of epochs.

    Update ``k`` of a run with ``u`` updates per epoch is drawn at ``x = k / u``
    epochs, so full-batch gradient descent (one update per epoch) and stochastic
    gradient descent (many small batches per epoch) line up; a vertical grid line
    marks each epoch boundary. ``histories`` maps a legend label to what `sgd` (or
    `train`) returned; at most four. ``log_y``: loss on a logarithmic axis.
    ``title``: the SVG's ``<title>``. ``id_prefix``: prefix of the ids inside the
    SVG (default: a fresh one per plot).

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
    _check_curves(histories, "histories")
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=_FIGURE_SIZE, layout="constrained")
        axes = figure.add_subplot()
        drawn = [
            _run_curve(axes, n, label, item) for n, (label, item) in enumerate(histories.items())
        ]
        _epoch_axes(axes, max(epochs for epochs, _ in drawn), log_y)
        figure.legend(loc="outside lower center", ncols=2)
    description = (
        "Line chart of the loss of each update's batch against the epoch"
        + (", loss on a logarithmic axis" if log_y else "")
        + ". Vertical lines mark the epochs. "
        + " ".join(words for _, words in drawn)
    )
    return _finish(figure, title=title, description=description, id_prefix=id_prefix)


def _rate_curve(axes: Any, n: int, rate: float, item: Any) -> tuple[int, str]:
    """Draw one learning rate's loss per update; its number of updates and its sentence."""
    values = np.asarray(_losses(item)[1], dtype=float)
    finite = np.isfinite(values)
    diverged = not finite.all()
    if diverged:
        values = values[: int(np.argmin(finite))]
    if len(values) == 0:
        raise ValueError(f"losses: no finite loss for learning rate {rate}")
    steps = np.arange(1, len(values) + 1)
    note = " (diverged)" if diverged else " (loss grows)" if values[-1] > values[0] else ""
    style = {"color": STAND_INS[_SERIES[n]]}
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
    non-finite loss, e.g. collected before `TrainingDivergedError` was raised) ends
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
    ...                 lesson.SINGLE_WEIGHT_TARGET, rate, tolerance=0, max_steps=20)
    ...     for rate in (0.001, 0.05, 0.12)
    ... }
    >>> svg = learning_rate_svg(runs, y_min=1e-6, id_prefix="demo")
    >>> svg.count('id="demo-curve-'), "loss grows" in svg
    (3, True)
    """
    _check_curves(losses, "losses")
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=_FIGURE_SIZE, layout="constrained")
        axes = figure.add_subplot()
        drawn = [_rate_curve(axes, n, rate, item) for n, (rate, item) in enumerate(losses.items())]
        axes.grid(axis="both", color=STAND_INS["grid"], linewidth=0.8)
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
    return _finish(figure, title=title, description=description, id_prefix=id_prefix)

"""Training plots as SVG: loss curves for batch sizes and for learning rates.

These plots need matplotlib, the ``bpbook[plot]`` extra
(``pip install "bpbook[plot]"``); it is imported only when a function here
is called, so the rest of bpbook works without it.

Every plot is returned as an `SVG` string, made the
same way each time (no dates, fixed ids), readable in light and dark mode
(a transparent background; text, axes and curves take their colours from
CSS variables that switch with the page's colour scheme), with curves told
apart by line style (solid, dashed, dotted, dash-dot) as well as colour, and
with a ``<title>`` and a ``<desc>`` giving the numbers in words.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bpbook.drawing import _LIGHT, STYLE, SVG, format_number
from bpbook.training import TrainingHistory, TrainingResult

__all__ = ["learning_rate_svg", "loss_curves_svg"]

# Matplotlib draws with these stand-in colours; afterwards each is replaced by a CSS
# variable, so the colours follow the page's light or dark scheme.
_SERIES = ("c0", "c1", "c2", "c3")
_STAND_INS = {
    "ink": "#0a0b0c",
    "grid": "#0a0b0d",
    **{name: f"#0a0b{n + 1:02x}" for n, name in enumerate(_SERIES)},
}
_PLOT_LIGHT = {
    "grid": "#d4d4d4",
    "c0": "#0072b2",
    "c1": "#b84a00",
    "c2": "#007a5a",
    "c3": "#a8528a",
}
_PLOT_DARK = {
    "grid": "#3d424e",
    "c0": "#56b4e9",
    "c1": "#f08a4b",
    "c2": "#2cc09a",
    "c3": "#e39fcb",
}
_LINE_STYLES = ("-", "--", ":", "-.")
_FONT = (
    "var(--md-text-font-family, system-ui), system-ui, -apple-system, 'Segoe UI', Roboto, "
    "'Helvetica Neue', Arial, sans-serif"
)


def _plot_style() -> str:
    def variables(colours: dict[str, str]) -> str:
        return ";".join(f"--bp-{name}:{value}" for name, value in colours.items())

    light, dark = variables(_PLOT_LIGHT), variables(_PLOT_DARK)
    return (
        f".bp-plot{{{light}}}"
        f"@media (prefers-color-scheme: dark){{.bp-plot{{{dark}}}}}"
        f"[data-md-color-scheme=default] .bp-plot{{{light}}}"
        f"[data-md-color-scheme=slate] .bp-plot{{{dark}}}"
    )


_counter = itertools.count(1)


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(
            "bpbook.plotting needs matplotlib: pip install 'bpbook[plot]'"
        ) from error
    return matplotlib


def _rc() -> dict[str, Any]:
    ink = _STAND_INS["ink"]
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


def _finish(figure: Any, *, title: str, description: str, id_prefix: str | None) -> SVG:
    """Save a matplotlib figure as themable, accessible, reproducible SVG."""
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
    svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside a page

    # Colours: stand-ins -> CSS variables (with the light colour as fallback).
    light = {**_PLOT_LIGHT, "ink": _LIGHT["ink"]}
    for name, stand_in in _STAND_INS.items():
        svg = svg.replace(stand_in, f"var(--bp-{name}, {light[name]})")
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {_FONT}", svg)

    # Ids: matplotlib's hashed ids (clip paths, markers) can depend on object ids, so
    # number them in order of appearance; then prefix every id, so that several plots
    # can share a page.
    hashed: dict[str, str] = {}
    for name in re.findall(r"\b([a-z][0-9a-f]{10})\b", svg):
        hashed.setdefault(name, f"{name[0]}{len(hashed)}")
    for name, short in hashed.items():
        svg = re.sub(rf"\b{name}\b", short, svg)
    prefix = id_prefix if id_prefix is not None else f"bp-plot-{next(_counter)}"
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = re.sub(
        r"#([\w.-]+)\)",
        lambda m: f"#{prefix}-{m[1]})" if m[1] in ids else m[0],
        svg,
    )
    svg = re.sub(
        r'href="#([^"]+)"',
        lambda m: f'href="#{prefix}-{m[1]}"' if m[1] in ids else m[0],
        svg,
    )
    # Matplotlib's own stylesheet would apply to the whole page: keep it inside the plot.
    svg = svg.replace("*{stroke-linejoin", ".bp-plot *{stroke-linejoin")

    match = re.match(r'<svg([^>]*) width="([\d.]+)pt" height="([\d.]+)pt"([^>]*)>', svg)
    if match is None:  # pragma: no cover - matplotlib's output format changed
        raise RuntimeError("unexpected SVG header from matplotlib")
    width, height = float(match[2]) * 4 / 3, float(match[3]) * 4 / 3
    root = (
        f'<svg{match[1]} width="{width:.0f}" height="{height:.0f}"{match[4]} '
        f'class="bp-fig bp-plot" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{_escape(title)}</title>'
        f'<desc id="{prefix}-desc">{_escape(description)}</desc>'
        f"<style>{STYLE}{_plot_style()}</style>"
    )
    return SVG(root + svg[match.end() :].strip())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def loss_curves_svg(
    histories: Mapping[str, TrainingHistory | TrainingResult],
    *,
    log_y: bool = True,
    title: str = "Loss per update, with the epochs marked",
    id_prefix: str | None = None,
) -> SVG:
    """Loss per update for several training runs, on a common axis of epochs.

    Update ``k`` of a run with ``u`` updates per epoch is drawn at
    ``x = k / u`` epochs, so full-batch gradient descent (one update per
    epoch) and stochastic gradient descent (many small batches per epoch)
    line up; a vertical grid line marks each epoch boundary.

    Parameters
    ----------
    histories : mapping of str to TrainingHistory or TrainingResult
        Legend label -> what `sgd` (or
        `train`) returned; at most four.
    log_y : bool, default True
        Loss on a logarithmic axis.
    title : str
        The SVG's ``<title>``.
    id_prefix : str, optional
        Prefix of the ids inside the SVG (default: a fresh one per plot).

    Returns
    -------
    SVG

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> from bpbook.plotting import loss_curves_svg
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
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    sentences = []
    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(7.2, 4.4), layout="constrained")
        axes = figure.add_subplot()
        most_epochs = 0
        for n, (label, item) in enumerate(histories.items()):
            history, losses = _losses(item)
            if history is None:
                raise TypeError(
                    "histories: expected TrainingHistory or TrainingResult values, "
                    f"got {type(item).__name__} for {label!r}"
                )
            per_epoch = history.updates_per_epoch
            x = np.arange(len(losses)) / per_epoch
            epochs = math.ceil(len(losses) / per_epoch)
            most_epochs = max(most_epochs, epochs)
            (line,) = axes.plot(
                x,
                losses,
                color=_STAND_INS[_SERIES[n]],
                linestyle=_LINE_STYLES[n],
                marker="o" if per_epoch == 1 else None,
                markersize=5,
                label=f"{label} ({per_epoch} update{'s' if per_epoch != 1 else ''} per epoch)",
            )
            line.set_gid(f"curve-{n}")
            sentences.append(
                f"{label}, {per_epoch} update{'s' if per_epoch != 1 else ''} per epoch: "
                f"the loss goes from {format_number(losses[0])} at the first update to "
                f"{format_number(losses[-1])} at the last, update {len(losses)}, "
                f"in epoch {epochs}."
            )
        # A grid line at every epoch boundary; numbers at a readable spacing.
        axes.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        axes.xaxis.set_minor_locator(MultipleLocator(1))
        axes.grid(axis="x", which="both", color=_STAND_INS["grid"], linewidth=1)
        axes.set_axisbelow(True)
        axes.set_xlim(0, most_epochs)
        axes.set_xlabel("epoch (one pass through all the training data)")
        axes.set_ylabel("loss of the batch")
        if log_y:
            axes.set_yscale("log")
        figure.legend(loc="outside lower center", ncols=2)
    description = (
        "Line chart of the loss of each update's batch against the epoch"
        + (", loss on a logarithmic axis" if log_y else "")
        + ". Vertical lines mark the epochs. "
        + " ".join(sentences)
    )
    return _finish(figure, title=title, description=description, id_prefix=id_prefix)


def learning_rate_svg(
    losses: Mapping[float, TrainingHistory | TrainingResult | Sequence[float]],
    *,
    log_y: bool = True,
    y_min: float | None = None,
    title: str = "Loss per update for three learning rates",
    id_prefix: str | None = None,
) -> SVG:
    """Loss per update of the same training run with different learning rates.

    A curve whose loss ends higher than it started is labelled "loss grows";
    a run that blew up (a non-finite loss in the sequence, e.g. collected
    before `TrainingDivergedError` was raised) ends
    with a cross and is labelled "diverged".

    Parameters
    ----------
    losses : mapping of float to TrainingHistory, TrainingResult or sequence of float
        Learning rate -> the loss at each update; at most four.
    log_y : bool, default True
        Loss on a logarithmic axis (growth and decay both show as straight-ish lines).
    y_min : float, optional
        Bottom of the loss axis; a good learning rate can drive the loss
        down to 1e-30 and squash the other curves.
    title : str
        The SVG's ``<title>``.
    id_prefix : str, optional
        Prefix of the ids inside the SVG (default: a fresh one per plot).

    Returns
    -------
    SVG

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> from bpbook.plotting import learning_rate_svg
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

    sentences = []
    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(7.2, 4.4), layout="constrained")
        axes = figure.add_subplot()
        longest = 0
        for n, (rate, item) in enumerate(losses.items()):
            values = np.asarray(_losses(item)[1], dtype=float)
            finite = np.isfinite(values)
            diverged = not finite.all()
            if diverged:
                values = values[: int(np.argmin(finite))]
            steps = np.arange(1, len(values) + 1)
            longest = max(longest, len(values))
            if len(values) == 0:
                raise ValueError(f"losses: no finite loss for learning rate {rate}")
            grows = values[-1] > values[0]
            note = " (diverged)" if diverged else " (loss grows)" if grows else ""
            (line,) = axes.plot(
                steps,
                values,
                color=_STAND_INS[_SERIES[n]],
                linestyle=_LINE_STYLES[n],
                label=f"learning rate {format_number(rate)}{note}",
            )
            line.set_gid(f"curve-{n}")
            if diverged:
                axes.plot(
                    steps[-1:], values[-1:], marker="X", markersize=10,
                    color=_STAND_INS[_SERIES[n]], linestyle="none",
                )
            sentences.append(
                f"Learning rate {format_number(rate)}: the loss goes from "
                f"{format_number(values[0])} at update 1 to {format_number(values[-1])} at "
                f"update {len(values)}"
                + (", then becomes infinite (training diverged)." if diverged else ".")
            )
        axes.grid(axis="both", color=_STAND_INS["grid"], linewidth=0.8)
        axes.set_axisbelow(True)
        axes.set_xlim(1, max(longest, 2))
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
        + " ".join(sentences)
    )
    return _finish(figure, title=title, description=description, id_prefix=id_prefix)


"""The training-against-validation plot: loss per epoch on the training and held-out data.

`bpbook.sgd` (or `bpbook.train`) with ``validation=(inputs, targets)`` records, per
epoch, the loss on the training data (the mean over the epoch's batches) and on the
held-out data (after the epoch). While both fall the network is learning; when the
validation loss turns up while the training loss keeps falling, it has begun to learn
the training examples by heart (overfitting). With ``patience`` the epoch of the
network that training returned is marked.

`validation_svg` draws it as the book's themed SVG, `validation_figure` as a
matplotlib ``Figure`` (both need matplotlib, the ``bpbook[plot]`` extra).
"""

from __future__ import annotations

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

__all__ = ["validation_figure", "validation_svg"]


def _checked(run: Any) -> tuple[TrainingHistory, int | None]:
    """The history to draw and the marked epoch (counted from 1), or a clear error."""
    best = None
    if isinstance(run, TrainingResult):
        run, best = run.history, run.best_epoch
    if not isinstance(run, TrainingHistory):
        raise InputTypeError(
            f"run: expected the TrainingResult (or TrainingHistory) of sgd or train, got "
            f"{type(run).__name__}"
        )
    if len(run.validation_loss_per_epoch) == 0:
        raise InputError(
            "run: expected a run with validation data (sgd(..., validation=(inputs, "
            "targets))), got one without"
        )
    return run, best


def _draw(run: Any, log_y: bool, palette: dict[str, str] | Any) -> tuple[Any, str]:
    """The plot as a matplotlib Figure in ``palette``, and its description in words."""
    history, best = _checked(run)
    matplotlib = matplotlib_module()
    from matplotlib.figure import Figure

    training, held_out = history.loss_per_epoch, history.validation_loss_per_epoch
    epochs = np.arange(1, len(held_out) + 1)
    with matplotlib.rc_context(plot_rc(palette["ink"])):
        figure = Figure(figsize=(7.2, 4.4), layout="constrained")
        axes = figure.add_subplot()
        for n, (losses, label, style) in enumerate(
            ((training, "training data (mean over the epoch)", "-"),
             (held_out, "validation data (after the epoch)", "--"))
        ):  # fmt: skip
            (line,) = axes.plot(epochs[: len(losses)], losses, color=palette[SERIES[n]],
                                linestyle=style, label=label)  # fmt: skip
            line.set_gid(f"curve-{n}")
        lowest = int(np.argmin(held_out))
        if best is not None:
            axes.axvline(best, color=palette["grid"], linestyle=":", linewidth=1.5)
        axes.set_xlabel("epoch (one pass through all the training data)")
        axes.set_ylabel("loss")
        if log_y:
            axes.set_yscale("log")
        figure.legend(loc="outside lower center", ncols=2)
    description = (
        f"Line chart of the loss per epoch on the training data and on the validation data"
        f"{', loss on a logarithmic axis' if log_y else ''}. Training: from "
        f"{format_number(training[0])} in epoch 1 to {format_number(training[-1])} in epoch "
        f"{len(training)}. Validation: from {format_number(held_out[0])} to "
        f"{format_number(held_out[-1])}, lowest {format_number(held_out[lowest])} in epoch "
        f"{lowest + 1}."
        + ("" if best is None else f" A dotted line marks epoch {best}, the network kept.")
    )
    return figure, description


def validation_svg(
    run: TrainingResult | TrainingHistory,
    *,
    log_y: bool = True,
    title: str = "Loss per epoch on the training and the validation data",
    id_prefix: str | None = None,
) -> SVG:
    """Training loss against validation loss, per epoch, as the book's SVG.

    ``run``: what `bpbook.sgd` or `bpbook.train` returned (or its history), trained
    with ``validation=``. Epoch ``e`` (from 1) is drawn at ``x = e``; with
    ``patience`` a dotted line marks the epoch of the network returned. ``log_y``,
    ``title`` and ``id_prefix`` as in `bpbook.figures.loss_curves_svg`.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> from bpbook.figures import validation_svg
    >>> x, y = lesson.toy_regression_data(60, np.random.default_rng(0))
    >>> xv, yv = lesson.toy_regression_data(30, np.random.default_rng(1))
    >>> run = sgd(Network.random((2, 8, 1), rng=1), x, y, 0.05, batch_size=10, epochs=5,
    ...           rng=2, validation=(xv, yv))
    >>> svg = validation_svg(run, id_prefix="demo")
    >>> svg.count('id="demo-curve-')
    2
    """
    figure, description = _draw(run, log_y, STAND_INS)
    return figure_svg(figure, title=title, description=description, id_prefix=id_prefix)


def validation_figure(run: TrainingResult | TrainingHistory, *, log_y: bool = True) -> Any:
    """The plot of `validation_svg` as a matplotlib ``Figure``, in the light theme's colours.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> from bpbook.figures import validation_figure
    >>> x, y = lesson.toy_regression_data(60, np.random.default_rng(0))
    >>> run = sgd(Network.random((2, 8, 1), rng=1), x, y, 0.05, batch_size=10, epochs=3,
    ...           rng=2, validation=(x[:20], y[:20]))
    >>> [line.get_label() for line in validation_figure(run).axes[0].get_lines()]
    ['training data (mean over the epoch)', 'validation data (after the epoch)']
    """
    return _draw(run, log_y, LIGHT_COLOURS)[0]

"""What training returns and reports: the loss history, the result, the epoch report, the error.

`bpbook.training` fills these in; the figures (`bpbook.figures.plots`) draw them.
Every array here is a copy made when training ends (or when it stops with an
error), so nothing changes afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bpbook.checks import BpbookError, FloatArray
from bpbook.network import Network

__all__ = [
    "STOP_REASONS",
    "EpochReport",
    "TrainingDivergedError",
    "TrainingHistory",
    "TrainingResult",
]

STOP_REASONS = ("epochs", "max_steps", "flat", "target_loss", "callback")
"""Why training stopped (`TrainingResult.stopped_because`)."""


@dataclass(frozen=True, eq=False)
class TrainingHistory:
    """The loss as training went on.

    Attributes
    ----------
    loss_per_update : ndarray of shape (n_updates,)
        ``loss_per_update[u]``: loss of the batch used by update ``u`` (counting from 0),
        measured by that update's forward pass, just before the weights changed.
    epoch_of_update : ndarray of int, shape (n_updates,)
        The epoch (counting from 0) that update ``u`` belongs to.
    loss_per_epoch : ndarray of shape (n_epochs,)
        ``loss_per_epoch[e]``: mean squared error over all training examples
        during epoch ``e``, each example's loss taken when its batch was used
        (the batch losses averaged, weighted by batch size). With full-batch
        gradient descent this is the loss just before that epoch's update.
    batch_size : int
    updates_per_epoch : int
        ``ceil(n_examples / batch_size)``: the last batch of an epoch is
        smaller when the batch size does not divide the number of examples.
    """

    loss_per_update: FloatArray
    epoch_of_update: NDArray[np.int64]
    loss_per_epoch: FloatArray
    batch_size: int
    updates_per_epoch: int

    def __repr__(self) -> str:
        return (
            f"TrainingHistory({len(self.loss_per_update)} updates, "
            f"{len(self.loss_per_epoch)} epochs, batch_size={self.batch_size})"
        )


@dataclass(frozen=True, eq=False)
class TrainingResult:
    """What `train` and `sgd` return.

    Attributes
    ----------
    network : Network
        The trained network (a new object; the one passed in is unchanged).
    history : TrainingHistory
    converged : bool
        True when `train` stopped because the loss curve went flat.
    final_loss : float
        Mean squared error of ``network`` on all the training data, computed
        when training ended (always finite).
    stopped_because : str
        ``"epochs"`` (`sgd` ran every epoch), ``"max_steps"`` (`train` hit
        ``max_steps``), ``"flat"`` (the loss curve went flat), ``"target_loss"``
        or ``"callback"`` (``on_epoch`` returned True).
    """

    network: Network
    history: TrainingHistory
    converged: bool
    final_loss: float
    stopped_because: str = "epochs"

    def __repr__(self) -> str:
        return (
            f"TrainingResult(network={self.network!r}, final_loss={self.final_loss:.6g}, "
            f"stopped_because={self.stopped_because!r}, history={self.history!r})"
        )


@dataclass(frozen=True, eq=False)
class EpochReport:
    """What ``on_epoch`` receives at the end of each epoch of `train` or `sgd`.

    Attributes
    ----------
    epoch : int
        The epoch just finished, counting from 0.
    loss : float
        Its loss, ``history.loss_per_epoch[epoch]``.
    network : Network
        The network as it is after this epoch (a copy).
    history : TrainingHistory
        The history so far (copies).

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> seen = []
    >>> result = train(lesson.single_weight_network(), [3.0], 10.0, 0.05,
    ...                on_epoch=lambda report: seen.append(report.epoch) or report.epoch == 2)
    >>> seen, result.stopped_because
    ([0, 1, 2], 'callback')
    """

    epoch: int
    loss: float
    network: Network
    history: TrainingHistory


class TrainingDivergedError(BpbookError, FloatingPointError):
    """Training ran away: the loss (or a weight or bias) became NaN or infinite, or the loss
    grew past ``diverge_factor`` times the first epoch's loss.

    Attributes
    ----------
    history : TrainingHistory or None
        The history up to the update that failed (its loss included), ready to plot.
    update, epoch : int or None
        Where it happened, counting from 0.
    """

    def __init__(
        self,
        message: str,
        *,
        history: TrainingHistory | None = None,
        update: int | None = None,
        epoch: int | None = None,
    ) -> None:
        super().__init__(message)
        self.history = history
        self.update = update
        self.epoch = epoch

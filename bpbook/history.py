"""What training returns and reports: the loss history, the result, the epoch report, the error.

`bpbook.training` fills these in; the figures (`bpbook.figures.plots`) draw them.
Every array here is a copy made when training ends (or when it stops with an
error), so nothing changes afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

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

STOP_REASONS = ("epochs", "max_steps", "flat", "cycling", "target_loss", "callback", "patience")
"""Why training stopped (`TrainingResult.stopped_because`)."""


class TrainingHistory:
    """The loss as training went on.

    Attributes
    ----------
    loss_per_update : ndarray of shape (n_updates,)
        ``loss_per_update[u - 1]``: loss of the batch used by update ``u`` (updates
        are counted from 1, so the first update's loss is ``loss_per_update[0]``),
        measured by that update's forward pass, just before the weights changed.
    epoch_of_update : ndarray of int, shape (n_updates,)
        ``epoch_of_update[u - 1]``: the epoch (counted from 1) that update ``u``
        belongs to.
    loss_per_epoch : ndarray of shape (n_epochs,)
        ``loss_per_epoch[e - 1]``: the loss (squared error, or cross-entropy for a
        classifier) averaged over all training examples during epoch ``e`` (counted
        from 1), each example's loss taken when its batch was used
        (the batch losses averaged, weighted by batch size). With full-batch
        gradient descent this is the loss just before that epoch's update.
    batch_size : int
    updates_per_epoch : int
        ``ceil(n_examples / batch_size)``: the last batch of an epoch is
        smaller when the batch size does not divide the number of examples.
    validation_loss_per_epoch : ndarray of shape (n_epochs,)
        With ``validation=`` data: the loss of the network on it at the end of
        each epoch (empty without validation data).
    validation_accuracy_per_epoch : ndarray of shape (n_epochs,)
        The same for the accuracy of a classifier (empty otherwise).
    """

    __slots__ = (
        "_batch_size",
        "_epoch_of_update",
        "_loss_per_epoch",
        "_loss_per_update",
        "_updates_per_epoch",
        "_validation_accuracy_per_epoch",
        "_validation_loss_per_epoch",
    )

    def __init__(
        self,
        loss_per_update: FloatArray,
        epoch_of_update: NDArray[np.int64],
        loss_per_epoch: FloatArray,
        batch_size: int,
        updates_per_epoch: int,
        validation_loss_per_epoch: FloatArray | None = None,
        validation_accuracy_per_epoch: FloatArray | None = None,
    ) -> None:
        """Keep the arrays as given (training makes these, as copies); None: empty."""
        empty = np.zeros(0)
        self._validation_loss_per_epoch = (
            empty if validation_loss_per_epoch is None else validation_loss_per_epoch
        )
        self._validation_accuracy_per_epoch = (
            empty if validation_accuracy_per_epoch is None else validation_accuracy_per_epoch
        )
        self._loss_per_update = loss_per_update
        self._epoch_of_update = epoch_of_update
        self._loss_per_epoch = loss_per_epoch
        self._batch_size = batch_size
        self._updates_per_epoch = updates_per_epoch

    @property
    def loss_per_update(self) -> FloatArray:
        """``loss_per_update[u - 1]``: loss of update ``u``'s batch (from 1), before the update."""
        return self._loss_per_update

    @property
    def epoch_of_update(self) -> NDArray[np.int64]:
        """``epoch_of_update[u - 1]``: the epoch (from 1) that update ``u`` (from 1) belongs to."""
        return self._epoch_of_update

    @property
    def loss_per_epoch(self) -> FloatArray:
        """``loss_per_epoch[e - 1]``: the loss averaged over all the examples in epoch ``e``."""
        return self._loss_per_epoch

    @property
    def batch_size(self) -> int:
        """How many examples each update used (the last batch of an epoch may be smaller)."""
        return self._batch_size

    @property
    def updates_per_epoch(self) -> int:
        """``ceil(n_examples / batch_size)``."""
        return self._updates_per_epoch

    @property
    def validation_loss_per_epoch(self) -> FloatArray:
        """The loss on the validation data at the end of each epoch (empty: none given)."""
        return self._validation_loss_per_epoch

    @property
    def validation_accuracy_per_epoch(self) -> FloatArray:
        """A classifier's accuracy on the validation data per epoch (empty: none)."""
        return self._validation_accuracy_per_epoch

    def __repr__(self) -> str:
        return (
            f"TrainingHistory({len(self._loss_per_update)} updates, "
            f"{len(self._loss_per_epoch)} epochs, batch_size={self._batch_size})"
        )


class TrainingResult:
    """What `train` and `sgd` return.

    Attributes
    ----------
    network : Network
        The trained network (a new object; the one passed in is unchanged).
    history : TrainingHistory
    converged : bool
        True when `train` stopped because the loss curve went flat and the weights
        stopped moving (``stopped_because == "flat"``); False for a cycle.
    final_loss : float
        The loss (mean squared error, or cross-entropy) of ``network`` on all the
        training data (always finite). Training makes sure it is finite before it
        returns, but computes it only when it is first read: a forward pass over all
        the data, which a run that never reads it does not pay for.
    stopped_because : str
        ``"epochs"`` (`sgd` ran every epoch), ``"max_steps"`` (`train` hit
        ``max_steps``), ``"flat"`` (the loss curve went flat and the weights stopped
        moving: converged), ``"cycling"`` (the loss curve went flat but the weights
        still move, for example back and forth between two values: not converged),
        ``"target_loss"``, ``"callback"`` (``on_epoch`` returned True) or ``"patience"``
        (the validation loss stopped improving: early stopping).
    best_epoch : int or None
        With ``patience``: the epoch (counted from 1) whose network had the lowest
        validation loss; ``network`` is that network. None without ``patience``.
    """

    __slots__ = (
        "_best_epoch",
        "_converged",
        "_final_loss",
        "_history",
        "_network",
        "_stopped_because",
    )

    def __init__(
        self,
        network: Network,
        history: TrainingHistory,
        converged: bool,
        final_loss: float | Callable[[], float],
        stopped_because: str = "epochs",
        best_epoch: int | None = None,
    ) -> None:
        """Keep the values as given (`train` and `sgd` make these).

        ``final_loss`` may be a function of no arguments that computes it: it is then
        called when ``final_loss`` is first read, once.
        """
        self._best_epoch = best_epoch
        self._network = network
        self._history = history
        self._converged = converged
        self._final_loss = final_loss
        self._stopped_because = stopped_because

    @property
    def network(self) -> Network:
        """The trained network (a new object; the one passed in is unchanged)."""
        return self._network

    @property
    def history(self) -> TrainingHistory:
        """The loss as training went on."""
        return self._history

    @property
    def converged(self) -> bool:
        """True when `train` stopped because the loss went flat and the weights stopped moving."""
        return self._converged

    @property
    def final_loss(self) -> float:
        """The loss of ``network`` on all the training data (its `Network.loss`), at the end."""
        if callable(self._final_loss):
            self._final_loss = self._final_loss()  # computed once, when first read
        return self._final_loss

    @property
    def best_epoch(self) -> int | None:
        """With ``patience``: the epoch (counted from 1) of the network returned; else None."""
        return self._best_epoch

    @property
    def stopped_because(self) -> str:
        """Why training stopped: one of `STOP_REASONS`."""
        return self._stopped_because

    def __repr__(self) -> str:
        return (
            f"TrainingResult(network={self._network!r}, final_loss={self.final_loss:.6g}, "
            f"stopped_because={self._stopped_because!r}, history={self._history!r})"
        )


class EpochReport:
    """What ``on_epoch`` receives at the end of each epoch of `train` or `sgd`.

    Attributes
    ----------
    epoch : int
        The epoch just finished, counting from 1 (the first epoch is epoch 1).
    loss : float
        Its loss, ``history.loss_per_epoch[epoch - 1]``.
    network : Network
        The network as it is after this epoch (a copy).
    history : TrainingHistory
        The history so far (copies).

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> seen = []
    >>> result = train(lesson.single_weight_network(), [3.0], 10.0, 0.05,
    ...                on_epoch=lambda report: seen.append(report.epoch) or report.epoch == 3)
    >>> seen, result.stopped_because
    ([1, 2, 3], 'callback')
    """

    __slots__ = ("_epoch", "_history", "_loss", "_network")

    def __init__(self, epoch: int, loss: float, network: Network, history: TrainingHistory) -> None:
        """Keep the values as given (`train` and `sgd` make these for ``on_epoch``)."""
        self._epoch = epoch
        self._loss = loss
        self._network = network
        self._history = history

    @property
    def epoch(self) -> int:
        """The epoch just finished, counting from 1."""
        return self._epoch

    @property
    def loss(self) -> float:
        """Its loss, ``history.loss_per_epoch[epoch - 1]``."""
        return self._loss

    @property
    def network(self) -> Network:
        """The network as it is after this epoch (a copy)."""
        return self._network

    @property
    def history(self) -> TrainingHistory:
        """The history so far (copies)."""
        return self._history

    def __repr__(self) -> str:
        return (
            f"EpochReport(epoch={self._epoch!r}, loss={self._loss!r}, "
            f"network={self._network!r}, history={self._history!r})"
        )


class TrainingDivergedError(BpbookError, FloatingPointError):
    """Training ran away: the loss (or a weight or bias) became NaN or infinite, or the loss
    grew past ``diverge_factor`` times the loss before training.

    Attributes
    ----------
    history : TrainingHistory or None
        The history up to the update that failed (its loss included), ready to plot.
    update : int or None
        The update where it happened, counting from 1, as the message does: its loss
        is ``history.loss_per_update[update - 1]``, the last one recorded.
    epoch : int or None
        The epoch of that update, counting from 1.
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

"""Training: the gradient-descent update, the recap loop, and stochastic gradient descent.

The update (one step of gradient descent) subtracts *learning rate x slope*
from every weight. The recap loop repeats forward propagation, backward
propagation and the update until the loss curve goes flat. Stochastic
gradient descent does the same with the slopes of one *batch* of examples
per update; one pass through all the training data is an *epoch*.

Nothing here changes the network it is given: every function returns a new
`Network` (networks are immutable).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bpbook.activations import Activation
from bpbook.backprop import Slopes, backward, forward
from bpbook.checks import (
    FloatArray,
    as_batch,
    check_inputs,
    check_positive_finite,
    check_positive_int,
    check_targets,
)
from bpbook.loss import batch_loss, batch_loss_slope
from bpbook.network import Network
from bpbook.propagation import backward_batch, forward_batch

__all__ = [
    "TrainingDivergedError",
    "TrainingHistory",
    "TrainingResult",
    "gradient_descent_step",
    "sgd",
    "train",
    "update_weights",
]


class TrainingDivergedError(FloatingPointError):
    """The loss became NaN or infinite during training (the learning rate is too large)."""


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


@dataclass(frozen=True, eq=False)
class TrainingResult:
    """What training returns.

    Attributes
    ----------
    network : Network
        The trained network (a new object; the one passed in is unchanged).
    history : TrainingHistory
    converged : bool
        True when `train` stopped because the loss curve went flat;
        False when it hit ``max_steps``. Always False for `sgd`, which
        runs every epoch it is asked for.
    """

    network: Network
    history: TrainingHistory
    converged: bool
    _inputs: FloatArray = field(repr=False)
    _targets: FloatArray = field(repr=False)

    @cached_property
    def final_loss(self) -> float:
        """Mean squared error of ``network`` on all the training data (computed when first read)."""
        return batch_loss(forward(self.network, self._inputs).prediction - self._targets)


def update_weights(network: Network, slopes: Slopes, learning_rate: float) -> Network:
    """One gradient-descent update: ``new weight = weight - learning_rate * slope``.

    Parameters
    ----------
    network : Network
    slopes : Slopes
        What `backward` returned for ``network``.
    learning_rate : float
        A positive finite number.

    Returns
    -------
    Network
        A new network; ``network`` is unchanged.

    Examples
    --------
    >>> from bpbook import backward, forward, lesson, update_weights
    >>> net = lesson.single_weight_network()
    >>> slopes = backward(forward(net, lesson.SINGLE_WEIGHT_INPUT), lesson.SINGLE_WEIGHT_TARGET)
    >>> float(slopes.weight_slopes[0][0, 0])
    -24.0
    >>> new = update_weights(net, slopes, 0.01)
    >>> round(float(new.weights[0][0, 0]), 10)
    2.24
    """
    if not isinstance(network, Network):
        raise TypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    if not isinstance(slopes, Slopes):
        raise TypeError(
            f"slopes: expected the Slopes returned by backward(), got {type(slopes).__name__}"
        )
    lr = check_positive_finite(learning_rate, "learning_rate")
    shapes = [w.shape for w in network.weights]
    given = [s.shape for s in slopes.weight_slopes]
    if shapes != given:
        raise ValueError(
            f"slopes: expected weight slopes of shapes {shapes} (this network's), got {given}"
        )
    weights = [w - lr * s for w, s in zip(network.weights, slopes.weight_slopes, strict=True)]
    biases = [
        None if b is None or s is None else b - lr * s
        for b, s in zip(network.biases, slopes.bias_slopes, strict=True)
    ]
    if not all(np.isfinite(w).all() for w in weights):
        raise TrainingDivergedError(
            f"the update made a weight non-finite; try a smaller learning_rate than {lr}"
        )
    return network.with_weights(weights, biases)


def gradient_descent_step(
    network: Network, inputs: Any, targets: Any, learning_rate: float
) -> Network:
    """Forward, backward and one update, on the given example or batch.

    Examples
    --------
    >>> from bpbook import gradient_descent_step, lesson
    >>> net = gradient_descent_step(
    ...     lesson.two_weight_network(), lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET, 0.01
    ... )
    >>> net.weights[0].ravel().round(10)
    array([0.7, 1.6])
    """
    return update_weights(network, backward(forward(network, inputs), targets), learning_rate)


def _prepare(
    network: Network, inputs: Any, targets: Any, learning_rate: float
) -> tuple[FloatArray, FloatArray, float]:
    """Check the arguments shared by `train` and `sgd`; return inputs and targets as batches."""
    if not isinstance(network, Network):
        raise TypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    x = check_inputs(inputs, network.n_inputs)
    t = check_targets(targets, x, network.n_outputs)
    return as_batch(x), as_batch(t), check_positive_finite(learning_rate, "learning_rate")


def _batches(
    inputs: FloatArray, targets: FloatArray, batch_size: int, rng: np.random.Generator | None
) -> Iterator[tuple[FloatArray, FloatArray]]:
    """One epoch's batches: shuffled with one ``rng.permutation`` call, or in order."""
    n = inputs.shape[0]
    order = rng.permutation(n) if rng is not None else None
    for start in range(0, n, batch_size):
        if order is None:
            yield inputs[start : start + batch_size], targets[start : start + batch_size]
        else:
            rows = order[start : start + batch_size]
            yield inputs[rows], targets[rows]


@dataclass(eq=False)
class _Training:
    """A network being trained (writable copies of its weights) and its history so far."""

    weights: list[FloatArray]
    biases: list[FloatArray | None]
    activations: tuple[Activation, ...]
    learning_rate: float
    tolerance: float | None
    loss_per_update: list[float] = field(default_factory=list)
    epoch_of_update: list[int] = field(default_factory=list)
    loss_per_epoch: list[float] = field(default_factory=list)
    converged: bool = False

    @classmethod
    def start(cls, network: Network, learning_rate: float, tolerance: float | None) -> _Training:
        weights = [w.copy() for w in network.weights]
        biases = [None if b is None else b.copy() for b in network.biases]
        return cls(weights, biases, network.activations, learning_rate, tolerance)

    def epoch(
        self,
        inputs: FloatArray,
        targets: FloatArray,
        batch_size: int,
        rng: np.random.Generator | None,
        epoch: int,
    ) -> None:
        """One pass over the data, one update per batch; stops early if the curve is flat."""
        total = 0.0
        for batch_inputs, batch_targets in _batches(inputs, targets, batch_size, rng):
            loss = self.update_mini_batch(batch_inputs, batch_targets, epoch)
            if self.converged:
                return
            total += loss * batch_inputs.shape[0]
        self.loss_per_epoch.append(total / inputs.shape[0])

    def update_mini_batch(self, inputs: FloatArray, targets: FloatArray, epoch: int) -> float:
        """Forward, the loss, backward and the update, on one batch; returns its loss.

        When the loss curve has gone flat (within ``tolerance`` of the last
        update's loss) it sets ``converged`` and changes nothing.
        """
        node_inputs, node_values = forward_batch(
            self.weights, self.biases, self.activations, inputs
        )
        errors = node_values[-1] - targets
        loss = batch_loss(errors)
        if not math.isfinite(loss):
            raise TrainingDivergedError(
                f"the loss became {loss} at update {len(self.loss_per_update)} "
                f"(epoch {epoch}); try a smaller learning_rate than {self.learning_rate}"
            )
        if self.is_flat(loss):
            self.converged = True
            return loss
        self.loss_per_update.append(loss)
        self.epoch_of_update.append(epoch)
        # Update each layer as soon as its slopes are known (see backward_batch).
        for layer in backward_batch(
            self.weights, self.activations, node_inputs, node_values, batch_loss_slope(errors)
        ):
            self.weights[layer.k - 1] -= self.learning_rate * layer.weight_slopes
            bias = self.biases[layer.k - 1]
            if bias is not None:
                bias -= self.learning_rate * layer.node_input_slopes.sum(axis=0)
        return loss

    def is_flat(self, loss: float) -> bool:
        """True when ``loss`` is within ``tolerance`` of the last update's loss."""
        if self.tolerance is None or not self.loss_per_update:
            return False
        return abs(self.loss_per_update[-1] - loss) <= self.tolerance

    def check_weights_finite(self) -> None:
        if not all(np.isfinite(w).all() for w in self.weights):
            raise TrainingDivergedError(
                f"a weight became non-finite in the last update (update "
                f"{len(self.loss_per_update) - 1}, epoch {self.epoch_of_update[-1]}); "
                f"try a smaller learning_rate than {self.learning_rate}"
            )

    def history(self, batch_size: int, updates_per_epoch: int) -> TrainingHistory:
        return TrainingHistory(
            loss_per_update=np.array(self.loss_per_update),
            epoch_of_update=np.array(self.epoch_of_update, dtype=np.int64),
            loss_per_epoch=np.array(self.loss_per_epoch),
            batch_size=batch_size,
            updates_per_epoch=updates_per_epoch,
        )


def _run(
    network: Network,
    x: FloatArray,
    t: FloatArray,
    learning_rate: float,
    *,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator | None,
    tolerance: float | None,
) -> TrainingResult:
    """The training loop shared by `train` and `sgd`: epoch -> batch -> update."""
    training = _Training.start(network, learning_rate, tolerance)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            training.epoch(x, t, batch_size, rng, epoch)
            if training.converged:
                break
        training.check_weights_finite()
    result = TrainingResult(
        network.with_weights(training.weights, training.biases),
        training.history(batch_size, math.ceil(x.shape[0] / batch_size)),
        training.converged,
        x,
        t,
    )
    if tolerance is not None and not result.converged:
        # The curve may have gone flat with the very last update.
        if training.is_flat(result.final_loss):
            return replace(result, converged=True)
    return result


def train(
    network: Network,
    inputs: Any,
    targets: Any,
    learning_rate: float,
    *,
    tolerance: float = 1e-9,
    max_steps: int = 10_000,
) -> TrainingResult:
    """The recap loop: full-batch gradient descent until the loss curve is flat.

    Each step runs forward propagation on all the data, backward propagation,
    and one update. Training stops when the loss changes by at most
    ``tolerance`` (absolute) from one step to the next -- the curve is flat --
    or after ``max_steps`` updates.

    Parameters
    ----------
    network : Network
        The starting weights (for example ``Network.random(...)``); unchanged.
    inputs : array-like of shape (n, n_inputs), or (n_inputs,) for one example
    targets : array-like, matching ``inputs`` (see `backward`)
    learning_rate : float
    tolerance : float, default 1e-9
    max_steps : int, default 10000

    Returns
    -------
    TrainingResult

    Raises
    ------
    TrainingDivergedError
        If the loss becomes NaN or infinite; the message names the update.

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> result = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=0.01)
    >>> result.converged, round(float(result.network.weights[0][0, 0]), 4)
    (True, 3.3333)
    """
    x, t, lr = _prepare(network, inputs, targets, learning_rate)
    tol = float(tolerance)
    if not math.isfinite(tol) or tol < 0:
        raise ValueError(f"tolerance: expected a finite number >= 0, got {tolerance!r}")
    steps = check_positive_int(max_steps, "max_steps")
    return _run(network, x, t, lr, batch_size=x.shape[0], epochs=steps, rng=None, tolerance=tol)


def sgd(
    network: Network,
    inputs: Any,
    targets: Any,
    learning_rate: float,
    *,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator | None,
    shuffle: bool = True,
) -> TrainingResult:
    """Stochastic gradient descent: one update per batch, ``epochs`` passes over the data.

    Each epoch shuffles the examples with ``rng`` (unless ``shuffle`` is
    False), cuts them into batches of ``batch_size`` (the last one smaller if
    needed, so no example is dropped), and makes one update per batch with
    that batch's slopes. ``batch_size`` equal to the number of examples is
    full-batch gradient descent.

    Parameters
    ----------
    network : Network
        The starting weights; unchanged.
    inputs : array-like of shape (n, n_inputs)
    targets : array-like of shape (n, n_outputs), or (n,) for one output
    learning_rate : float
    batch_size : int
        Between 1 and ``n``.
    epochs : int
    rng : numpy.random.Generator or None
        Shuffles the examples each epoch; required when ``shuffle`` is True.
    shuffle : bool, default True

    Returns
    -------
    TrainingResult

    Raises
    ------
    TrainingDivergedError
        If the loss becomes NaN or infinite; the message names the update and epoch.

    Examples
    --------
    >>> import numpy as np
    >>> from bpbook import Network, lesson, sgd
    >>> rng = np.random.default_rng(0)
    >>> x, y = lesson.toy_regression_data(100, rng)
    >>> start = Network.random((2, 16, 1), rng)
    >>> result = sgd(start, x, y, 0.05, batch_size=10, epochs=5, rng=rng)
    >>> result.history.updates_per_epoch, len(result.history.loss_per_update)
    (10, 50)
    """
    x, t, lr = _prepare(network, inputs, targets, learning_rate)
    size, n_epochs = _check_sgd_settings(x.shape[0], batch_size, epochs, rng, shuffle)
    shuffle_with = rng if shuffle else None
    return _run(
        network, x, t, lr, batch_size=size, epochs=n_epochs, rng=shuffle_with, tolerance=None
    )


def _check_sgd_settings(
    n: int, batch_size: int, epochs: int, rng: np.random.Generator | None, shuffle: bool
) -> tuple[int, int]:
    """Check `sgd`'s batch size (1 to ``n``), epochs and rng; return the first two."""
    size = check_positive_int(batch_size, "batch_size")
    if size > n:
        raise ValueError(f"batch_size: expected at most the number of examples ({n}), got {size}")
    n_epochs = check_positive_int(epochs, "epochs")
    if shuffle and not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng: expected a numpy.random.Generator to shuffle with (e.g. "
            f"numpy.random.default_rng(0)), got {type(rng).__name__}; "
            "pass shuffle=False to keep the data in order"
        )
    return size, n_epochs

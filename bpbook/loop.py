"""The training loop shared by `train` and `sgd`: epoch -> batch -> update, and its checks.

The loop updates writable copies of the network's weights in place (fast), and
checks as it goes that training has not run away, cheaply:

* every update: the batch's loss is finite (one comparison);
* every update: the batch's loss, summed over its examples, is at most
  ``diverge_factor`` times the loss before training summed over all the examples
  (one comparison; a blow-up inside the first epoch stops training there);
* every epoch: every weight and bias is finite, and the epoch's loss is at most
  ``diverge_factor`` times the loss before training (the starting network's loss on
  all the training data);
* at the end: the loss of the trained network on all the training data, which
  becomes `TrainingResult.final_loss`, is finite. That loss costs a forward pass over
  all the data, so when the weights and the size of the data bound every output well
  inside float64 (`bpbook.propagation.largest_output`: one pass over the weights) it
  is surely finite, and is computed only when it is first read.

The loss before training costs a forward pass over all the data, so it is computed
only when needed: until then the first batch's summed loss, measured before any
weight changed, is a lower bound of it (losses are never negative), and only a loss
past ``diverge_factor`` times that bound computes the real one.

When the loss or the slopes of the *starting* network on the data are already not
finite, the data overflows (its numbers are too large for these weights) and the
error says so instead of blaming the learning rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from bpbook.activations import IDENTITY, Activation
from bpbook.checks import FloatArray, all_finite
from bpbook.history import (
    EpochReport,
    TrainingDivergedError,
    TrainingHistory,
    TrainingResult,
)
from bpbook.layer import views_in
from bpbook.loss import SQUARED_ERROR, Loss, softmax_cross_entropy
from bpbook.network import Network
from bpbook.propagation import backward_batch, forward_batch, largest_output

__all__ = [
    "OnEpoch",
    "Settings",
    "TrainingData",
    "TrainingLoop",
    "data_overflows",
    "run_training",
]

OnEpoch = Callable[[EpochReport], object]
"""A per-epoch callback: it receives an `EpochReport`; returning True stops training."""


@dataclass(frozen=True)
class Settings:
    """How to train: checked by `train` / `sgd` before the loop starts."""

    learning_rate: float
    batch_size: int
    epochs: int
    rng: np.random.Generator | None  # None: the batches keep the data's order
    tolerance: float | None = None  # the loss curve is flat within this (train only)
    target_loss: float | None = None
    diverge_factor: float | None = None
    on_epoch: OnEpoch | None = None
    out_of_epochs: str = "epochs"  # the stop reason when every epoch ran
    validation: tuple[FloatArray, FloatArray] | None = None  # held-out inputs and targets
    patience: int | None = None  # early stopping: epochs without a better validation loss
    momentum: float = 0.0
    weight_decay: float = 0.0


class TrainingData(NamedTuple):
    """The training data as `train` and `sgd` checked it."""

    inputs: FloatArray
    """One row per example: a private copy, never written to."""
    targets: FloatArray
    """One row per example (a classifier's as one-hot rows): a private copy."""
    longest_input: float
    """No example's inputs are longer (square root of their sum of squares; `math.inf`: not
    known)."""


def data_overflows(network: Network, inputs: FloatArray, targets: FloatArray) -> bool:
    """True when ``network``'s loss or slopes on this batch are not finite."""
    with np.errstate(all="ignore"):
        node_inputs, node_values = forward_batch(
            network.weights, network.biases, network.activations, inputs
        )
        loss, start = network.loss.value_and_slope(node_inputs[-1], node_values[-1], targets)
        if not math.isfinite(loss):
            return True
        layers = backward_batch(
            network.weights, network.activations, node_inputs, node_values, start
        )
        return not all(np.isfinite(layer.weight_slopes).all() for layer in layers)


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


@dataclass(eq=False, slots=True)
class TrainingLoop:
    """A network being trained (writable copies of its weights) and its history so far."""

    start: Network
    settings: Settings
    data: TrainingData  # all the training inputs and targets
    updates_per_epoch: int
    flat: FloatArray  # every weight and bias, laid out as Network.flat_weights
    weights: list[FloatArray]  # views into flat
    biases: list[FloatArray | None]
    loss_per_update: list[float] = field(default_factory=list)
    epoch_of_update: list[int] = field(default_factory=list)
    loss_per_epoch: list[float] = field(default_factory=list)
    stopped_because: str = ""
    # Divergence: a summed loss above ``limit`` is checked (see `check_growth`).
    limit: float = -1.0  # -1: the first update sets it
    start_sum: float | None = None  # the loss before training, summed over all the examples
    validation_loss: list[float] = field(default_factory=list)
    validation_accuracy: list[float] = field(default_factory=list)
    best: tuple[float, int, FloatArray] | None = None  # its loss, epoch and numbers (flat)
    velocities: list[FloatArray] | None = None  # momentum: one per layer, like the weights
    bias_velocities: list[FloatArray | None] = field(default_factory=list)
    # The activations forward_batch uses: a classifier's softmax output left to
    # softmax_cross_entropy (node values = node inputs there), so it is computed once.
    pass_activations: tuple[Activation, ...] = ()
    # Read on every update, so looked up once: the start network's loss and kind.
    value_and_slope: Callable[[FloatArray, FloatArray, FloatArray], tuple[float, FloatArray]] = (
        SQUARED_ERROR.value_and_slope
    )
    is_classifier: bool = False
    activations: tuple[Activation, ...] = ()  # the start network's

    @classmethod
    def begin(cls, network: Network, settings: Settings, data: TrainingData) -> TrainingLoop:
        # One writable copy of every number, and each layer's weights and biases as views
        # into it: the updates change it in place, and the trained network is made from it.
        flat = network.flat_weights.copy()
        weights, biases = views_in(flat, network.flat_layout)
        per_epoch = math.ceil(data.inputs.shape[0] / settings.batch_size)
        loop = cls(network, settings, data, per_epoch, flat, weights, biases)
        loop.value_and_slope = network.loss.value_and_slope
        loop.is_classifier = network.is_classifier
        loop.activations = activations = network.activations
        loop.pass_activations = (
            (*activations[:-1], IDENTITY) if network.is_classifier else activations
        )
        if settings.momentum or settings.weight_decay:
            loop.velocities = [np.zeros_like(w) for w in weights]
            loop.bias_velocities = [None if b is None else np.zeros_like(b) for b in biases]
        return loop

    def network(self) -> Network:
        """The network as it is now (a new, immutable copy)."""
        return self.start.with_flat_weights(self.flat)

    def forward_and_loss(
        self, inputs: FloatArray, targets: FloatArray
    ) -> tuple[list[FloatArray], list[FloatArray], float, FloatArray]:
        """Forward propagation with the current weights, the loss, and the slope it starts.

        Returns node inputs, node values, the batch's loss and the slope backpropagation
        starts from; a classifier's softmax and cross-entropy come from one pass
        (`bpbook.loss.softmax_cross_entropy`: the same numbers, each exponential once).
        """
        node_inputs, node_values = forward_batch(
            self.weights, self.biases, self.pass_activations, inputs
        )
        if self.is_classifier:
            node_values[-1], loss, start = softmax_cross_entropy(node_inputs[-1], targets)
            return node_inputs, node_values, loss, start
        loss, start = self.value_and_slope(node_inputs[-1], node_values[-1], targets)
        return node_inputs, node_values, loss, start

    def epoch(self, inputs: FloatArray, targets: FloatArray, epoch: int) -> None:
        """One pass over the data, one update per batch; stops early if the curve is flat."""
        total = 0.0
        size, rng = self.settings.batch_size, self.settings.rng
        for batch_inputs, batch_targets in _batches(inputs, targets, size, rng):
            loss = self.update_mini_batch(batch_inputs, batch_targets, epoch)
            if self.stopped_because:
                return
            total += loss * batch_inputs.shape[0]
        self.loss_per_epoch.append(total / inputs.shape[0])

    def update_mini_batch(self, inputs: FloatArray, targets: FloatArray, epoch: int) -> float:
        """Forward, the loss, backward and the update, on one batch; returns its loss.

        When the loss curve has gone flat (within ``tolerance`` of the last
        update's loss) it sets ``stopped_because`` and changes nothing.
        """
        activations = self.activations
        node_inputs, node_values, loss, start = self.forward_and_loss(inputs, targets)
        if not math.isfinite(loss):
            self.loss_per_update.append(loss)
            self.epoch_of_update.append(epoch)
            self.fail(f"the loss became {loss}", inputs, targets)
        if self.settings.tolerance is not None and self.is_flat(loss):
            self.stopped_because = self.flat_reason(inputs, targets)
            return loss
        self.loss_per_update.append(loss)
        self.epoch_of_update.append(epoch)
        if loss * inputs.shape[0] > self.limit:
            self.check_growth(loss, inputs.shape[0], inputs, targets)
        rate = self.settings.learning_rate
        # Update each layer as soon as its slopes are known (see backward_batch). The
        # weight slopes are new arrays, ours alone, so they are scaled in place.
        layers = backward_batch(self.weights, activations, node_inputs, node_values, start)
        for k, _, node_input_slopes, weight_slopes in layers:
            if self.velocities is not None:
                self.step_with_momentum(k - 1, weight_slopes, node_input_slopes)
                continue
            weight_slopes *= rate
            self.weights[k - 1] -= weight_slopes
            bias = self.biases[k - 1]
            if bias is not None:
                bias_slopes = np.add.reduce(node_input_slopes, axis=0)
                bias_slopes *= rate
                bias -= bias_slopes
        return loss

    def step_with_momentum(
        self, k: int, weight_slopes: FloatArray, node_input_slopes: FloatArray
    ) -> None:
        """Layer ``k + 1``'s update with momentum and weight decay (PyTorch's SGD rule).

        ``velocity = momentum * velocity + (slope + weight_decay * weight)``, then
        ``weight -= learning_rate * velocity``; biases the same, without the decay.
        """
        settings, velocities = self.settings, self.velocities
        assert velocities is not None
        velocity = velocities[k]
        velocity *= settings.momentum
        velocity += weight_slopes
        if settings.weight_decay:
            velocity += settings.weight_decay * self.weights[k]
        self.weights[k] -= settings.learning_rate * velocity
        bias, bias_velocity = self.biases[k], self.bias_velocities[k]
        if bias is not None and bias_velocity is not None:
            bias_velocity *= settings.momentum
            bias_velocity += node_input_slopes.sum(axis=0)
            bias -= settings.learning_rate * bias_velocity

    def is_flat(self, loss: float) -> bool:
        """True when ``loss`` is within ``tolerance`` of the last update's loss."""
        tolerance = self.settings.tolerance
        if tolerance is None or not self.loss_per_update:
            return False
        return abs(self.loss_per_update[-1] - loss) <= tolerance

    def flat_reason(self, inputs: FloatArray, targets: FloatArray) -> str:
        """``"flat"`` when the next update would hardly move the weights, else ``"cycling"``.

        A flat loss curve with weights that still move (at lr = 1/9 the lesson's weight
        flips between two values, the loss 16 each time) is not convergence. "Hardly"
        is a step of at most sqrt(tolerance) (at least 1e-8) times the largest weight
        (at least 1): smooth descent stops with steps far below that, a cycle far above.
        """
        activations, rate = self.start.activations, self.settings.learning_rate
        node_inputs, node_values, _, start = self.forward_and_loss(inputs, targets)
        layers = list(backward_batch(self.weights, activations, node_inputs, node_values, start))
        steps = [float(np.abs(layer.weight_slopes).max()) for layer in layers] + [
            float(np.abs(layer.node_input_slopes.sum(axis=0)).max())
            for layer in layers
            if self.biases[layer.k - 1] is not None
        ]
        step = max(steps)
        sizes = [float(np.abs(w).max()) for w in self.weights]
        limit = max(math.sqrt(self.settings.tolerance or 0.0), 1e-8) * max(1.0, *sizes)
        return "flat" if rate * step <= limit else "cycling"

    def end_of_epoch(self, inputs: FloatArray, targets: FloatArray, epoch: int) -> None:
        """The once-an-epoch checks, the target loss and the callback."""
        if not all_finite([self.flat]):  # every weight and bias: one sum
            for k, (w, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
                if not np.isfinite(w).all() or (b is not None and not np.isfinite(b).all()):
                    kind = "a weight" if not np.isfinite(w).all() else "a bias"
                    self.fail(f"{kind} of layer {k} became non-finite", inputs, targets)
        loss = self.loss_per_epoch[-1]
        if loss * inputs.shape[0] > self.limit:
            self.check_growth(loss, inputs.shape[0], inputs, targets)
        if self.settings.validation is not None:
            self.validate(epoch)
            if self.stopped_because:
                return
        target = self.settings.target_loss
        if target is not None and self.final_loss(inputs, targets) <= target:
            self.stopped_because = "target_loss"
        elif self.settings.on_epoch is not None:
            report = EpochReport(epoch, loss, self.network(), self.history())
            if self.settings.on_epoch(report) is True:
                self.stopped_because = "callback"

    def validate(self, epoch: int) -> None:
        """Record the loss (and a classifier's accuracy) on the validation data; early stopping.

        With ``patience``, the best network so far (lowest validation loss) is kept, and
        training stops once ``patience`` epochs in a row brought no lower loss.
        """
        assert self.settings.validation is not None
        inputs, targets = self.settings.validation
        network = self.start
        node_inputs, node_values = forward_batch(
            self.weights, self.biases, network.activations, inputs
        )
        loss = network.loss.value(node_inputs[-1], node_values[-1], targets)
        self.validation_loss.append(loss)
        if network.is_classifier:
            right = np.argmax(node_values[-1], axis=1) == np.argmax(targets, axis=1)
            self.validation_accuracy.append(float(np.mean(right)))
        patience = self.settings.patience
        if patience is None:
            return
        if self.best is None or loss < self.best[0]:
            self.best = (loss, epoch, self.flat.copy())
        elif epoch - self.best[1] >= patience:
            self.stopped_because = "patience"

    def check_growth(
        self, loss: float, examples: int, inputs: FloatArray, targets: FloatArray
    ) -> None:
        """Fail when ``loss`` (a mean over ``examples``), summed, is past the divergence limit.

        The limit is ``diverge_factor`` times the loss before training summed over all the
        examples. The first update (no weight changed yet) sets a lower bound of that sum;
        a loss past the bound computes the real sum once, and fails only if past it too.
        """
        factor, n = self.settings.diverge_factor, self.data[0].shape[0]
        if factor is None:
            self.limit = math.inf
            return
        if self.limit < 0:  # the first update: its summed loss bounds the start's from below
            if examples == n:
                self.start_sum = loss * n
            self.limit = factor * loss * examples
            return
        if self.start_sum is None:
            start, data = self.start, (self.data.inputs, self.data.targets)
            self.start_sum = n * _loss_of(
                start.weights, start.biases, self.pass_activations, start.loss, data
            )
        self.limit = factor * self.start_sum if self.start_sum > 0 else math.inf
        if loss * examples <= self.limit:
            return
        if examples == n:
            what = f"the loss grew to {loss:.3g}"
            before = f"the loss before training ({self.start_sum / n:.3g})"
        else:
            what = f"the loss summed over a batch of {examples} grew to {loss * examples:.3g}"
            before = f"the loss before training summed over all {n} ({self.start_sum:.3g})"
        self.fail(f"{what}, more than diverge_factor={factor:g} times {before},", inputs, targets)

    def final_loss(self, inputs: FloatArray, targets: FloatArray) -> float:
        """The loss of the network as it is now, on all the training data (must be finite)."""
        loss = _loss_of(
            self.weights, self.biases, self.pass_activations, self.start.loss, (inputs, targets)
        )
        if not math.isfinite(loss):
            self.fail(f"the loss on all the training data became {loss}", inputs, targets)
        return loss

    def final_loss_when_read(
        self, network: Network, inputs: FloatArray, targets: FloatArray
    ) -> float | Callable[[], float]:
        """The final loss, or a function that computes it when `TrainingResult` is read.

        The loss of the network as it is now on all the training data costs a forward
        pass over all of it. When the weights and the data bound every output well
        inside float64 (`bpbook.propagation.largest_output`), the loss is surely finite
        and is left to be computed when read; otherwise it is computed now, and a loss
        that is not finite raises `TrainingDivergedError` here, as training ends.
        """
        node_input, value = largest_output(
            self.weights, self.biases, self.pass_activations, self.data.longest_input
        )
        if self.is_classifier:
            safe = node_input < _SAFE_NODE_INPUT  # log-sum-exp of finite node inputs
        else:  # squared error: every (prediction - target) ** 2, and their sum, finite
            largest_target = math.sqrt(np.vdot(targets, targets))
            largest_error = value + largest_target  # a Python float: inf, never an error
            safe = largest_error * largest_error * targets.size < _SAFE_SUM
        if not safe:  # also when a bound is inf or NaN
            return self.final_loss(inputs, targets)
        weights, biases, activations = network.weights, network.biases, self.pass_activations
        return lambda: _loss_of(weights, biases, activations, network.loss, (inputs, targets))

    def fail(self, what: str, inputs: FloatArray, targets: FloatArray) -> None:
        """Raise `TrainingDivergedError` with the history so far, blaming the right cause."""
        update = len(self.loss_per_update)  # counting from 1: the last update recorded
        epoch = self.epoch_of_update[-1] if self.epoch_of_update else 1
        if data_overflows(self.start, inputs, targets):
            message = (
                f"inputs/targets: {what} at update {update} (epoch {epoch}) because the data "
                "overflows: the starting network's loss or slopes on it are already not finite "
                f"(largest |input| {np.abs(inputs).max():.3g}, largest |target| "
                f"{np.abs(targets).max():.3g}); scale the data (e.g. to mean 0, standard "
                "deviation 1); a smaller learning_rate will not help"
            )
        else:
            message = (
                f"{what} at update {update} (epoch {epoch}); try a smaller learning_rate than "
                f"{self.settings.learning_rate}"
            )
        history = self.history()
        raise TrainingDivergedError(message, history=history, update=update, epoch=epoch)

    def history(self) -> TrainingHistory:
        """The history so far, as copies."""
        return TrainingHistory(
            loss_per_update=np.array(self.loss_per_update),
            epoch_of_update=np.array(self.epoch_of_update, dtype=np.int64),
            loss_per_epoch=np.array(self.loss_per_epoch),
            batch_size=self.settings.batch_size,
            updates_per_epoch=self.updates_per_epoch,
            validation_loss_per_epoch=np.array(self.validation_loss),
            validation_accuracy_per_epoch=np.array(self.validation_accuracy),
        )


_SAFE_NODE_INPUT = 1e300
"""Node inputs this large leave a classifier's log-sum-exp finite (float64 ends near 1.8e308)."""
_SAFE_SUM = 1e300
"""A sum of squared errors this large is finite."""


def _loss_of(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray | None],
    activations: tuple[Activation, ...],
    loss: Loss,
    data: tuple[FloatArray, FloatArray],
) -> float:
    """The loss of these weights and biases on ``data`` (inputs, targets), one forward pass.

    Inside ``np.errstate`` as training is, also when `TrainingResult.final_loss` is read
    after it: a hidden node input may overflow to inf on the way (a sigmoid or tanh then
    gives a finite node value).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        node_inputs, node_values = forward_batch(weights, biases, activations, data[0])
        return loss.value(node_inputs[-1], node_values[-1], data[1])


def run_training(network: Network, data: TrainingData, settings: Settings) -> TrainingResult:
    """The loop shared by `train` and `sgd`: epoch -> batch -> update, then the checks."""
    loop = TrainingLoop.begin(network, settings, data)
    inputs, targets = data.inputs, data.targets
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, settings.epochs + 1):  # counting from 1, as the book does
            loop.epoch(inputs, targets, epoch)
            if loop.stopped_because:
                break
            loop.end_of_epoch(inputs, targets, epoch)
            if loop.stopped_because:
                break
        if loop.best is not None:  # early stopping: hand back the best network seen
            loop.flat[:] = loop.best[2]
        network = loop.network()
        final_loss: float | Callable[[], float]
        if not loop.stopped_because and settings.tolerance is not None:
            final_loss = loop.final_loss(inputs, targets)
            if loop.is_flat(final_loss):  # the curve went flat with the very last update
                loop.stopped_because = loop.flat_reason(inputs, targets)
        else:
            final_loss = loop.final_loss_when_read(network, inputs, targets)
    return TrainingResult(
        network=network,
        history=loop.history(),
        converged=loop.stopped_because == "flat",
        final_loss=final_loss,
        stopped_because=loop.stopped_because or settings.out_of_epochs,
        best_epoch=None if loop.best is None else loop.best[1],
    )

"""Training: the gradient-descent update, the recap loop, and stochastic gradient descent.

The update (one step of gradient descent) subtracts *learning rate x slope*
from every weight. The recap loop repeats forward propagation, backward
propagation and the update until the loss curve goes flat. Stochastic
gradient descent does the same with the slopes of one *batch* of examples
per update; one pass through all the training data is an *epoch*.

Nothing here changes the network it is given: every function returns a new
`Network` (networks are immutable).

Training can be steered: stop at a ``target_loss``, look at (or stop) each
epoch with ``on_epoch``, and it stops with `TrainingDivergedError`, the history
so far attached, as soon as it runs away (see `bpbook.loop` for the checks).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from bpbook.backprop import Slopes, backward, check_network_targets, forward
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    as_batch,
    check_inputs,
    check_positive_finite,
    check_positive_int,
    check_rng,
)
from bpbook.history import EpochReport, TrainingDivergedError, TrainingHistory, TrainingResult
from bpbook.loop import OnEpoch, Settings, TrainingData, run_training
from bpbook.network import Network

__all__ = [
    "DIVERGE_FACTOR",
    "EpochReport",
    "TrainingDivergedError",
    "TrainingHistory",
    "TrainingResult",
    "gradient_descent_step",
    "sgd",
    "train",
    "update_weights",
]

DIVERGE_FACTOR = 100.0
"""Default ``diverge_factor``: training stops when an epoch's loss exceeds this many
times the loss before training (the starting network's loss on all the training
data), or when one batch's loss summed over its examples exceeds this many times the
loss before training summed over all the examples (so a blow-up inside the first
epoch stops it there). Training lowers the loss: a curve that merely wobbles never
comes close, while a run whose ReLUs all died stays far above it."""


def update_weights(network: Network, slopes: Slopes, learning_rate: float) -> Network:
    """One gradient-descent update: ``new weight = weight - learning_rate * slope``.

    Biases, if the network has them, are updated the same way.

    Parameters
    ----------
    network : Network
    slopes : Slopes
        What `backward` returned for ``network``: slopes of another network (other
        shapes, other layers with biases, or ``slopes.forward_pass.network`` not
        equal to ``network``) are refused.
    learning_rate : float
        A positive finite number.

    Returns
    -------
    Network
        A new network; ``network`` is unchanged.

    Raises
    ------
    TrainingDivergedError
        If the update makes a weight or bias non-finite.

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
    _check_network(network)
    fits = type(slopes) is Slopes and slopes.are_slopes_of(network)
    if not fits:
        _check_slopes_belong(network, slopes)
    lr = check_positive_finite(learning_rate, "learning_rate")
    if fits:  # the whole network at once: one vector of every weight and bias
        with np.errstate(over="ignore", invalid="ignore"):
            flat = _stepped(network.flat_weights, slopes.flat_slopes, lr)
        try:
            return network.with_flat_weights(flat)
        except InputError:  # a NaN or an infinity: said below, per layer
            pass
    with np.errstate(over="ignore", invalid="ignore"):
        weights = [
            _stepped(w, s, lr) for w, s in zip(network.weights, slopes.weight_slopes, strict=True)
        ]
        biases = [
            None if b is None or s is None else _stepped(b, s, lr)
            for b, s in zip(network.biases, slopes.bias_slopes, strict=True)
        ]
    try:  # float64 arrays of the network's shapes: with_weights checks them once, fast
        return network.with_weights(weights, biases)
    except InputError:  # a NaN or an infinity: say where, and blame the learning rate
        for k, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
            if not np.isfinite(w).all() or (b is not None and not np.isfinite(b).all()):
                kind = "weight" if not np.isfinite(w).all() else "bias"
                raise TrainingDivergedError(
                    f"the update made a {kind} of layer {k} non-finite; "
                    f"try a smaller learning_rate than {lr}"
                ) from None
        raise


def _stepped(current: FloatArray, slope: Any, learning_rate: float) -> FloatArray:
    """``current - learning_rate * slope`` in one new array (the same rounding as ``-=``)."""
    if type(slope) is np.ndarray and slope.dtype == np.float64:  # backward's slopes: fast
        new: FloatArray = np.multiply(slope, -learning_rate)
        new += current
        return new
    stepped: FloatArray = current - learning_rate * slope
    return stepped


def _check_network(network: Any) -> None:
    if not isinstance(network, Network):
        raise InputTypeError(f"network: expected a bpbook Network, got {type(network).__name__}")


def _check_slopes_belong(network: Network, slopes: Any) -> None:
    """Refuse slopes computed for another network (shapes, biases, or their forward pass)."""
    if not isinstance(slopes, Slopes):
        raise InputTypeError(
            f"slopes: expected the Slopes returned by backward(), got {type(slopes).__name__}"
        )
    shapes = [w.shape for w in network.weights]
    given = [s.shape for s in slopes.weight_slopes]
    if shapes != given:
        raise InputError(
            f"slopes: expected weight slopes of shapes {shapes} (this network's), got {given}"
        )
    biased = [k for k, b in enumerate(network.biases, start=1) if b is not None]
    sloped = [k for k, s in enumerate(slopes.bias_slopes, start=1) if s is not None]
    if biased != sloped:
        raise InputError(
            f"slopes: expected bias slopes for layers {biased} (the layers of network with "
            f"a bias), got them for layers {sloped}: these slopes belong to another network"
        )
    for k, (b, s) in enumerate(zip(network.biases, slopes.bias_slopes, strict=True), start=1):
        if b is not None and s is not None and b.shape != s.shape:
            raise InputError(
                f"slopes: expected bias slopes of shape {b.shape} for layer {k}, got {s.shape}"
            )
    forward_pass = getattr(slopes, "forward_pass", None)
    if forward_pass is not None and forward_pass.network is not network:
        if forward_pass.network != network:
            raise InputError(
                "slopes: expected slopes of network, got slopes whose forward pass "
                "(slopes.forward_pass.network) used a network with other weights"
            )


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
) -> tuple[TrainingData, float]:
    """Check the arguments shared by `train` and `sgd`; return the data (as batches) and rate.

    Inputs and targets are copies (the checks copy): training never reads the caller's
    arrays after it starts.
    """
    _check_network(network)
    x = check_inputs(inputs, network.n_inputs, finite=False)
    with np.errstate(over="ignore", invalid="ignore"):
        squares = float(np.vdot(x, x))  # finite when every input is (and not near 1e154)
    if not math.isfinite(squares):
        check_inputs(x, network.n_inputs)  # NaN or infinity: refused, with the usual message
    t = check_network_targets(network, targets, x)
    lr = check_positive_finite(learning_rate, "learning_rate")
    # x and t are fresh copies already; no example's inputs are longer than sqrt(squares)
    return TrainingData(as_batch(x), as_batch(t), math.sqrt(squares)), lr


def _non_negative(value: Any, name: str) -> float:
    """``value`` as a float if it is a finite real number >= 0 (bools and strings refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name}: expected a finite number >= 0, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InputError(f"{name}: expected a finite number >= 0, got {number}")
    return number


def _steering(
    target_loss: Any, on_epoch: Any, diverge_factor: Any
) -> tuple[float | None, OnEpoch | None, float | None]:
    """Check the arguments that steer training."""
    target = None if target_loss is None else _non_negative(target_loss, "target_loss")
    if on_epoch is not None and not callable(on_epoch):
        raise InputTypeError(
            "on_epoch: expected a function taking an EpochReport (or None), "
            f"got {type(on_epoch).__name__}"
        )
    factor = None
    if diverge_factor is not None:
        factor = check_positive_finite(diverge_factor, "diverge_factor")
        if factor <= 1:
            raise InputError(f"diverge_factor: expected a number > 1 (or None), got {factor}")
    return target, on_epoch, factor


def train(
    network: Network,
    inputs: Any,
    targets: Any,
    learning_rate: float,
    *,
    tolerance: float = 1e-9,
    max_steps: int = 10_000,
    target_loss: float | None = None,
    on_epoch: OnEpoch | None = None,
    diverge_factor: float | None = DIVERGE_FACTOR,
    validation: tuple[Any, Any] | None = None,
    patience: int | None = None,
) -> TrainingResult:
    """The recap loop: full-batch gradient descent until the loss curve is flat.

    Each step (an epoch: all the data) runs forward propagation, backward
    propagation and one update. Training stops when the loss changes by at most
    ``tolerance`` (absolute) from one step to the next -- the curve is flat --,
    when the loss on all the data is at most ``target_loss``, when ``on_epoch``
    returns True, or after ``max_steps`` updates (``result.stopped_because``).

    Parameters
    ----------
    network : Network
        The starting weights (for example ``Network.random(...)``); unchanged.
    inputs : array-like of shape (n, n_inputs), or (n_inputs,) for one example
    targets : array-like, matching inputs (as for backward)
    learning_rate : float
    tolerance : float, default 1e-9
    max_steps : int, default 10000
    target_loss : float or None
    on_epoch : callable or None
        Called with an `EpochReport` after each step; returning True stops.
    diverge_factor : float or None, default DIVERGE_FACTOR (100)
        Stop with `TrainingDivergedError` when the loss exceeds this many times
        the loss before training; None: only a non-finite loss stops training.
    validation : tuple or None
        As for `sgd`: held-out data, ``(inputs, targets)``.
    patience : int or None
        As for `sgd`: early stopping.

    Raises
    ------
    TrainingDivergedError
        If training runs away: the message names the update and epoch,
        ``.history`` holds the losses so far.

    Examples
    --------
    >>> from bpbook import lesson, train
    >>> result = train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=0.01)
    >>> result.converged, round(float(result.network.weights[0][0, 0]), 4)
    (True, 3.3333)
    >>> train(lesson.single_weight_network(), [3.0], 10.0, 0.01, target_loss=0.1).stopped_because
    'target_loss'
    """
    data, lr = _prepare(network, inputs, targets, learning_rate)
    x = data.inputs
    tol = _non_negative(tolerance, "tolerance")
    steps = check_positive_int(max_steps, "max_steps")
    target, callback, factor = _steering(target_loss, on_epoch, diverge_factor)
    held_out = _check_validation(network, validation, patience)
    settings = Settings(
        lr, x.shape[0], steps, None, tol, target, factor, callback, "max_steps", *held_out
    )
    return run_training(network, data, settings)


def sgd(
    network: Network,
    inputs: Any,
    targets: Any,
    learning_rate: float,
    *,
    batch_size: int,
    epochs: int,
    rng: np.random.Generator | int | np.integer[Any] | None = None,
    shuffle: bool = True,
    target_loss: float | None = None,
    on_epoch: OnEpoch | None = None,
    diverge_factor: float | None = DIVERGE_FACTOR,
    validation: tuple[Any, Any] | None = None,
    patience: int | None = None,
    momentum: float = 0.0,
    weight_decay: float = 0.0,
) -> TrainingResult:
    """Stochastic gradient descent: one update per batch, ``epochs`` passes over the data.

    Each epoch shuffles the examples with ``rng`` (unless ``shuffle`` is False; None: a
    fresh unseeded generator, an int or a Generator: reproducible runs), cuts them into
    batches of ``batch_size`` (1 to n; the last batch may be smaller) and makes one
    update per batch. Raises `TrainingDivergedError` as `train` does.

    Parameters
    ----------
    network : Network
    inputs : array-like of shape (n, n_inputs), or (n_inputs,) for one example
    targets : array-like, matching inputs (as for backward)
    learning_rate : float
    batch_size : int
        Between 1 and ``n``.
    epochs : int
    rng : int or numpy.random.Generator or None, default None
        Shuffles the examples. None: a fresh unseeded generator, so each run
        shuffles differently; an int seed or a Generator: reproducible runs.
    shuffle : bool, default True
    target_loss : float or None
        Stop after the first epoch ending with a loss on all the data of at most this.
    on_epoch : callable or None
        Called with an `EpochReport` after each epoch; returning True stops.
    diverge_factor : float or None, default DIVERGE_FACTOR (100)
        As for `train`; None: only a non-finite loss stops training.
    validation : tuple or None
        Held-out data ``(inputs, targets)``: its loss (and a classifier's accuracy)
        after each epoch goes to ``history.validation_loss_per_epoch``
        (``validation_accuracy_per_epoch``).
    patience : int or None
        Early stopping: stop once this many epochs in a row brought no lower
        validation loss, and return the best network seen (``result.best_epoch``).
    momentum : float, default 0
        0 is plain SGD. PyTorch's rule: ``velocity = momentum * velocity + slope +
        weight_decay * weight``, ``weight -= learning_rate * velocity``.
    weight_decay : float, default 0
        0 is plain SGD; biases are not decayed.

    Returns
    -------
    TrainingResult

    Raises
    ------
    TrainingDivergedError
        As for `train`.

    Examples
    --------
    >>> from bpbook import Network, lesson, sgd
    >>> x, y = lesson.toy_regression_data(100, rng=0)
    >>> result = sgd(Network.random((2, 16, 1), rng=1), x, y, 0.05, batch_size=10, epochs=5)
    >>> result.history.updates_per_epoch, len(result.history.loss_per_update)
    (10, 50)
    """
    data, lr = _prepare(network, inputs, targets, learning_rate)
    x = data.inputs
    size, n_epochs, generator = _check_sgd_settings(x.shape[0], batch_size, epochs, rng, shuffle)
    target, callback, factor = _steering(target_loss, on_epoch, diverge_factor)
    held_out = _check_validation(network, validation, patience)
    speed = _check_momentum(momentum, weight_decay)
    basics = (lr, size, n_epochs, generator, None, target, factor, callback, "epochs")
    return run_training(network, data, Settings(*basics, *held_out, *speed))


def _check_validation(
    network: Network, validation: Any, patience: Any
) -> tuple[tuple[FloatArray, FloatArray] | None, int | None]:
    """Held-out ``(inputs, targets)`` as checked batches (or None), and the patience."""
    if patience is not None:
        patience = check_positive_int(patience, "patience")
        if validation is None:
            raise InputError(
                "patience: expected validation=(inputs, targets) to watch, got no validation data"
            )
    if validation is None:
        return None, patience
    if not isinstance(validation, tuple | list) or len(validation) != 2:
        raise InputTypeError(
            f"validation: expected a pair (inputs, targets), got {type(validation).__name__}"
        )
    x = check_inputs(validation[0], network.n_inputs, "validation inputs")
    try:
        t = check_network_targets(network, validation[1], x)
    except (InputError, InputTypeError) as problem:
        raise type(problem)(f"validation {problem}") from None
    return (as_batch(x), as_batch(t)), patience  # fresh copies already


def _check_momentum(momentum: Any, weight_decay: Any) -> tuple[float, float]:
    """Momentum in [0, 1) and weight decay >= 0, both finite."""
    mu = _non_negative(momentum, "momentum")
    if mu >= 1:
        raise InputError(f"momentum: expected a number from 0 up to (not including) 1, got {mu}")
    return mu, _non_negative(weight_decay, "weight_decay")


def _check_sgd_settings(
    n: int, batch_size: Any, epochs: Any, rng: Any, shuffle: Any
) -> tuple[int, int, np.random.Generator | None]:
    """`sgd`'s batch size (1 to ``n``), epochs, and the generator to shuffle with (or None)."""
    size = check_positive_int(batch_size, "batch_size")
    if size > n:
        raise InputError(f"batch_size: expected at most the number of examples ({n}), got {size}")
    n_epochs = check_positive_int(epochs, "epochs")
    if not isinstance(shuffle, bool | np.bool_):
        raise InputTypeError(f"shuffle: expected True or False, got {type(shuffle).__name__}")
    generator = check_rng(rng) if shuffle or rng is not None else None
    return size, n_epochs, generator if shuffle else None

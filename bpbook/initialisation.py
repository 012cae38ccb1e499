"""Starting weights for a new network, scaled by each layer's activation.

`bpbook.Network.random` draws every weight from a normal distribution with
mean 0 and a standard deviation that keeps the node values of deep layers from
growing or dying out at the start of training:

* ReLU layers: ``sqrt(2 / n_in)`` (He initialisation);
* identity, tanh and sigmoid layers: ``sqrt(2 / (n_in + n_out))`` (Glorot
  initialisation),

where ``n_in`` and ``n_out`` count the nodes feeding into the layer and in it.
A ``scale`` given by the user replaces both for every layer.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from bpbook.activations import Activation
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    check_positive_finite,
    check_sequence,
    describe,
)

__all__ = ["MAX_WEIGHTS_PER_LAYER", "checked_sizes", "initial_scale", "random_weights"]

MAX_WEIGHTS_PER_LAYER = 10**8
"""The most weights `bpbook.Network.random` makes for one layer (800 MB of float64)."""


def checked_sizes(layer_sizes: Any) -> list[int]:
    """``layer_sizes`` as a list of at least two positive ints (numpy ints accepted)."""
    sizes = check_sequence(layer_sizes, "layer_sizes", "positive integers")
    if len(sizes) < 2:
        raise InputError(
            f"layer_sizes: expected at least two sizes (inputs and outputs), got {describe(sizes)}"
        )
    for size in sizes:
        if isinstance(size, bool | np.bool_) or not isinstance(size, int | np.integer):
            raise InputTypeError(f"layer_sizes: expected positive integers, got {describe(sizes)}")
        if size <= 0:
            raise InputError(f"layer_sizes: expected positive integers, got {describe(sizes)}")
    sizes = [int(size) for size in sizes]
    for n_in, n_out in itertools.pairwise(sizes):
        if n_in * n_out > MAX_WEIGHTS_PER_LAYER:
            raise InputError(
                f"layer_sizes: expected at most {MAX_WEIGHTS_PER_LAYER:.0e} weights per layer, "
                f"got layers of {n_in} and {n_out} nodes"
            )
    return sizes


def random_weights(
    sizes: list[int], activations: list[Activation], rng: np.random.Generator, scale: Any
) -> list[FloatArray]:
    """Normal starting weights, layer by layer: ``scale``, or He/Glorot by activation."""
    fixed = None if scale is None else check_positive_finite(scale, "scale")
    return [
        rng.normal(0.0, fixed or initial_scale(a, n_in, n_out), size=(n_in, n_out))
        for a, (n_in, n_out) in zip(activations, itertools.pairwise(sizes), strict=True)
    ]


def initial_scale(activation: Activation, n_in: int, n_out: int) -> float:
    """Standard deviation of a layer's starting weights: He for ReLU, Glorot otherwise.

    Examples
    --------
    >>> from bpbook import RELU, TANH
    >>> initial_scale(RELU, 8, 2), initial_scale(TANH, 8, 2)
    (0.5, 0.4472135954999579)
    """
    if activation.name == "relu":
        return math.sqrt(2.0 / n_in)
    return math.sqrt(2.0 / (n_in + n_out))

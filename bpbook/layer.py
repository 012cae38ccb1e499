"""One dense layer of a network: its weights, optional biases and activation (read-only).

`bpbook.Network` builds its layers here (`checked_layer`, with the per-layer choices of
its arguments: `biases_per_layer`, `chosen_activations`, `check_softmax`) and hands them
out as `bpbook.Network.layers`.

A network keeps all its numbers in one read-only vector, layer 1's weights row by row,
then its biases if it has any, then layer 2's, and so on; its arrays are views into it.
`bpbook.backward` lays a batch's slopes out the same way, so an update is one
subtraction for the whole network.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bpbook.activations import SOFTMAX, Activation, get_activation
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    as_float_array,
    check_sequence,
    describe,
    read_only,
)

__all__ = [
    "FlatLayout",
    "Layer",
    "biases_per_layer",
    "check_softmax",
    "checked_layer",
    "chosen_activations",
    "flat_layout",
    "flat_numbers",
    "float_arrays_shaped",
    "views_in",
]


def checked_layer(
    k: int, matrix: Any, bias: Any, activation: Activation, previous: Sequence[Layer]
) -> Layer:
    """Layer ``k`` (1 .. L) from a user's matrix and biases, checked against earlier layers."""
    w = as_float_array(matrix, f"weights[{k - 1}] (layer {k})", copy=False)
    if w.ndim != 2 or w.size == 0:
        raise InputError(
            f"weights[{k - 1}] (layer {k}): expected a non-empty 2-D matrix of shape "
            f"(n_in, n_out), got shape {w.shape}"
        )
    if previous and w.shape[0] != previous[-1].n_out:
        raise InputError(
            f"weights[{k - 1}] (layer {k}): expected {previous[-1].n_out} rows, one per "
            f"node of layer {k - 1}, got shape {w.shape}"
        )
    b: FloatArray | None = None
    if bias is not None:
        b = as_float_array(bias, f"biases[{k - 1}] (layer {k})", copy=False)
        if b.shape != (w.shape[1],):
            raise InputError(
                f"biases[{k - 1}] (layer {k}): expected shape ({w.shape[1]},), got shape {b.shape}"
            )
        b = read_only(b)
    return Layer(read_only(w), b, activation)


def biases_per_layer(biases: Any, n_layers: int) -> list[Any]:
    """The user's ``biases`` (or None) as one entry per layer."""
    if biases is None:
        return [None] * n_layers
    entries = check_sequence(biases, "biases", "1-D arrays or None (one per layer)")
    if len(entries) != n_layers:
        raise InputError(f"biases: expected one per layer ({n_layers}), got {len(entries)}")
    return entries


def chosen_activations(
    activations: Any, hidden: Any, output: Any, n_layers: int
) -> list[Activation]:
    """One activation per layer: the given ones, or ``hidden`` ... ``hidden``, ``output``."""
    if activations is None:
        return [get_activation(hidden)] * (n_layers - 1) + [get_activation(output)]
    if isinstance(activations, str):
        raise InputTypeError(
            f"activations: expected a sequence of names, one per layer, got the single name "
            f"{describe(activations)}; use hidden= and output= to set them all"
        )
    chosen = check_sequence(activations, "activations", "activation names (one per layer)")
    if len(chosen) != n_layers:
        raise InputError(f"activations: expected one per layer ({n_layers}), got {len(chosen)}")
    return [get_activation(a) for a in chosen]


def check_softmax(layers: Sequence[Layer]) -> None:
    """Softmax only as the output layer's activation, over at least 2 output nodes."""
    for k, layer in enumerate(layers[:-1], start=1):
        if layer.activation is SOFTMAX:
            raise InputError(
                f"activations: expected softmax only in the output layer ({len(layers)}), got "
                f"it in hidden layer {k}; softmax's slope is only known together with "
                "cross-entropy"
            )
    if layers[-1].activation is SOFTMAX and layers[-1].n_out < 2:
        raise InputError(
            "output: expected at least 2 output nodes (one per class) for softmax, got 1; "
            "one softmax output is always 1"
        )


def flat_numbers(weights: Sequence[FloatArray], biases: Sequence[FloatArray | None]) -> FloatArray:
    """Every weight and bias in one new vector: layer 1's weights, its biases, layer 2's..."""
    arrays = []
    for w, b in zip(weights, biases, strict=True):
        arrays.append(w.reshape(-1))
        if b is not None:
            arrays.append(b)
    flat: FloatArray = np.concatenate(arrays)
    return flat


def float_arrays_shaped(given: Any, current: Sequence[FloatArray | None]) -> bool:
    """True when ``given`` holds, per layer, a float64 array of the current shape.

    Where ``current`` has None (no biases) ``given`` must have None too; anything else
    (lists, other dtypes, other shapes, biases added or removed) goes the long way.
    """
    if not (type(given) is list or type(given) is tuple):
        return False
    if len(given) != len(current):
        return False
    for new, old in zip(given, current, strict=True):
        if old is None or new is None:
            if old is not new:
                return False
        elif not (type(new) is np.ndarray and new.dtype == np.float64 and new.shape == old.shape):
            return False
    return True


FlatLayout = tuple[tuple[slice, tuple[int, ...], slice | None], ...]
"""Where each layer's numbers sit in a flat vector (`flat_numbers`): per layer, the slice
and shape of its weights, and the slice of its biases (None: no biases)."""


def flat_layout(weights: Sequence[FloatArray], biases: Sequence[FloatArray | None]) -> FlatLayout:
    """The `FlatLayout` of these weights and biases, laid out as `flat_numbers` lays them.

    >>> import numpy as np
    >>> flat_layout([np.zeros((2, 3)), np.zeros((3, 1))], [np.zeros(3), None])
    ((slice(0, 6, None), (2, 3), slice(6, 9, None)), (slice(9, 12, None), (3, 1), None))
    """
    at = 0
    layout = []
    for w, b in zip(weights, biases, strict=True):
        weight_slice = slice(at, at + w.size)
        at += w.size
        bias_slice = None
        if b is not None:
            bias_slice = slice(at, at + b.size)
            at += b.size
        layout.append((weight_slice, w.shape, bias_slice))
    return tuple(layout)


def views_in(
    flat: FloatArray, layout: FlatLayout
) -> tuple[list[FloatArray], list[FloatArray | None]]:
    """Each layer's weights and biases as views into ``flat``, where ``layout`` puts them."""
    weights = [flat[where].reshape(shape) for where, shape, _ in layout]
    biases = [None if where is None else flat[where] for _, _, where in layout]
    return weights, biases


class Layer:
    """One dense layer: weights, optional biases and an activation (read-only).

    Attributes
    ----------
    weights : ndarray of shape (n_in, n_out)
        ``weights[i, j]`` joins node ``i`` of the previous layer to node ``j``
        of this one (read-only).
    biases : ndarray of shape (n_out,) or None
        One per node, added to its node input; ``None`` means no biases (the
        lesson's choice).
    activation : Activation

    Examples
    --------
    >>> from bpbook import lesson
    >>> lesson.deeper_network().layers[1].n_in
    2
    """

    __slots__ = ("_activation", "_biases", "_weights")

    def __init__(
        self, weights: FloatArray, biases: FloatArray | None, activation: Activation
    ) -> None:
        """Keep already checked, read-only arrays as given (`Network` builds its layers)."""
        self._weights = weights
        self._biases = biases
        self._activation = activation

    @property
    def weights(self) -> FloatArray:
        """``weights[i, j]`` joins node ``i`` of the previous layer to node ``j`` of this one."""
        return self._weights

    @property
    def biases(self) -> FloatArray | None:
        """One per node, added to its node input; ``None``: no biases (the lesson's choice)."""
        return self._biases

    @property
    def activation(self) -> Activation:
        """The activation of every node of this layer."""
        return self._activation

    def __repr__(self) -> str:
        has_biases = self.biases is not None
        return f"Layer({self.n_in} -> {self.n_out}, {self.activation.name}, biases={has_biases})"

    @property
    def n_in(self) -> int:
        """Number of nodes feeding into this layer."""
        return int(self.weights.shape[0])

    @property
    def n_out(self) -> int:
        """Number of nodes in this layer."""
        return int(self.weights.shape[1])

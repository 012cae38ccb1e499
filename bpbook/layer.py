"""One dense layer of a network: its weights, optional biases and activation (read-only).

`bpbook.Network` builds its layers here (`checked_layer`) and hands them out as
`bpbook.Network.layers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bpbook.activations import Activation
from bpbook.checks import FloatArray, InputError, as_float_array, read_only

__all__ = ["Layer", "checked_layer"]


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

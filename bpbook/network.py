"""A feed-forward network of dense layers.

Layer ``k`` (``k = 1 .. L``) connects the node values of layer ``k - 1``
(layer 0 is the input layer) to the nodes of layer ``k``; ``network.weights[k - 1]``
are its weights. Its ``weights`` form
a matrix with one row per node feeding in and one column per node fed into,
so ``weights[i, j]`` is the weight on the edge from node ``i`` to node ``j``:

    node inputs of layer k = node values of layer k-1 @ weights  (+ bias)
    node values of layer k = activation(node inputs of layer k)

The lesson's networks have no biases, so a bias is optional. Hidden layers
use ReLU and the output layer the identity unless you say otherwise.

A `Network` never changes after it is built: its weight arrays are
read-only copies. Training returns a new network.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpbook.activations import Activation, get_activation
from bpbook.checks import FloatArray, as_batch, as_float_array, check_inputs, first_example
from bpbook.propagation import forward_batch

__all__ = ["Layer", "Network"]


def _frozen(array: FloatArray) -> FloatArray:
    array.flags.writeable = False
    return array


def _checked_layer(
    k: int, matrix: Any, bias: Any, activation: Activation, previous: Sequence[Layer]
) -> Layer:
    """Layer ``k`` (1 .. L) from a user's matrix and bias, checked against the layers before it."""
    w = as_float_array(matrix, f"weights[{k - 1}] (layer {k})")
    if w.ndim != 2 or w.size == 0:
        raise ValueError(
            f"weights[{k - 1}] (layer {k}): expected a non-empty 2-D matrix of shape "
            f"(n_in, n_out), got shape {w.shape}"
        )
    if previous and w.shape[0] != previous[-1].n_out:
        raise ValueError(
            f"weights[{k - 1}] (layer {k}): expected {previous[-1].n_out} rows, one per "
            f"node of layer {k - 1}, got shape {w.shape}"
        )
    b: FloatArray | None = None
    if bias is not None:
        b = as_float_array(bias, f"biases[{k - 1}] (layer {k})")
        if b.shape != (w.shape[1],):
            raise ValueError(
                f"biases[{k - 1}] (layer {k}): expected shape ({w.shape[1]},), got shape {b.shape}"
            )
        b = _frozen(b)
    return Layer(_frozen(w), b, activation)


@dataclass(frozen=True, eq=False)
class Layer:
    """One dense layer: weights, an optional bias and an activation.

    Attributes
    ----------
    weights : ndarray of shape (n_in, n_out)
        ``weights[i, j]`` joins node ``i`` of the previous layer to node ``j``
        of this one.
    bias : ndarray of shape (n_out,) or None
        Added to the node inputs; ``None`` means no bias (the lesson's choice).
    activation : Activation
    """

    weights: FloatArray
    bias: FloatArray | None
    activation: Activation

    @property
    def n_in(self) -> int:
        """Number of nodes feeding into this layer."""
        return int(self.weights.shape[0])

    @property
    def n_out(self) -> int:
        """Number of nodes in this layer."""
        return int(self.weights.shape[1])


class Network:
    """A feed-forward network built from explicit weights.

    Parameters
    ----------
    weights : sequence of 2-D array-likes
        One matrix per layer, of shape ``(n_in, n_out)``; plain nested lists
        work. The widths must chain: each matrix has as many rows as the
        previous one has columns.
    activations : sequence of str or Activation, optional
        One per layer. By default every hidden layer uses ``hidden`` and the
        last layer uses ``output``.
    hidden : str or Activation, default "relu"
    output : str or Activation, default "identity"
    biases : sequence of 1-D array-likes or None, optional
        One per layer (an entry may be ``None``). Default: no biases.

    Raises
    ------
    ValueError
        If a matrix is not 2-D, is empty, the widths do not chain, a bias has
        the wrong length, a number is NaN or infinite, or the number of
        activations or biases differs from the number of layers.
    TypeError
        If a weight or bias is not numeric.

    Examples
    --------
    The lesson's deeper network: inputs 0 and 1, two ReLU hidden nodes, one
    output node.

    >>> from bpbook import Network
    >>> net = Network([[[5, 5], [1, 3]], [[1], [2]]])
    >>> net.layer_sizes
    (2, 2, 1)
    >>> net.predict([0, 1])
    array([7.])
    """

    def __init__(
        self,
        weights: Sequence[Any],
        *,
        activations: Sequence[str | Activation] | None = None,
        hidden: str | Activation = "relu",
        output: str | Activation = "identity",
        biases: Sequence[Any] | None = None,
    ) -> None:
        if isinstance(weights, np.ndarray) and weights.dtype != object:
            raise TypeError(
                "weights: expected a sequence of matrices (one per layer), got a single "
                f"array of shape {weights.shape}; wrap it in a list: [weights]"
            )
        if isinstance(weights, str) or not isinstance(weights, Sequence | np.ndarray):
            raise TypeError(
                f"weights: expected a sequence of matrices, got {type(weights).__name__}"
            )
        n_layers = len(weights)
        if n_layers == 0:
            raise ValueError("weights: expected at least one layer, got an empty sequence")

        if activations is None:
            chosen = [get_activation(hidden)] * (n_layers - 1) + [get_activation(output)]
        else:
            if len(activations) != n_layers:
                raise ValueError(
                    f"activations: expected one per layer ({n_layers}), got {len(activations)}"
                )
            chosen = [get_activation(a) for a in activations]

        if biases is not None and len(biases) != n_layers:
            raise ValueError(f"biases: expected one per layer ({n_layers}), got {len(biases)}")

        layers: list[Layer] = []
        for k, matrix in enumerate(weights, start=1):
            bias = None if biases is None else biases[k - 1]
            layers.append(_checked_layer(k, matrix, bias, chosen[k - 1], layers))
        self._layers = tuple(layers)
        # Kept as tuples once, since forward and backward read them on every call.
        self._weights = tuple(layer.weights for layer in layers)
        self._biases = tuple(layer.bias for layer in layers)
        self._activations = tuple(layer.activation for layer in layers)

    # -- construction -------------------------------------------------------------

    @classmethod
    def random(
        cls,
        layer_sizes: Sequence[int],
        rng: np.random.Generator,
        *,
        hidden: str | Activation = "relu",
        output: str | Activation = "identity",
        bias: bool = False,
    ) -> Network:
        """A network with random weights drawn from ``rng``.

        Weights are normal with standard deviation ``sqrt(2 / n_in)`` (He
        initialisation, suited to ReLU); biases, if asked for, start at 0.

        Parameters
        ----------
        layer_sizes : sequence of int
            Number of nodes per layer, input layer first, e.g. ``(2, 2, 1)``.
        rng : numpy.random.Generator
            Seeded generator, e.g. ``numpy.random.default_rng(0)``.
        hidden, output : str or Activation
        bias : bool, default False

        Examples
        --------
        >>> import numpy as np
        >>> from bpbook import Network
        >>> net = Network.random((2, 16, 1), np.random.default_rng(0))
        >>> net.layer_sizes
        (2, 16, 1)
        """
        if not isinstance(rng, np.random.Generator):
            raise TypeError(
                "rng: expected a numpy.random.Generator (e.g. numpy.random.default_rng(0)), "
                f"got {type(rng).__name__}"
            )
        sizes = list(layer_sizes)
        if len(sizes) < 2:
            raise ValueError(
                f"layer_sizes: expected at least two sizes (inputs and outputs), got {sizes}"
            )
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, int | np.integer) or size <= 0:
                raise ValueError(f"layer_sizes: expected positive integers, got {sizes}")
        weights = [
            rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
            for n_in, n_out in itertools.pairwise(sizes)
        ]
        biases = [np.zeros(n) for n in sizes[1:]] if bias else None
        return cls(weights, hidden=hidden, output=output, biases=biases)

    def with_weights(self, weights: Sequence[Any], biases: Sequence[Any] | None = None) -> Network:
        """A new network with the same activations and new weights (and biases).

        The new matrices must have exactly the shapes of the current ones;
        ``biases`` defaults to the current biases.
        """
        if len(weights) != len(self._layers):
            raise ValueError(f"weights: expected {len(self._layers)} matrices, got {len(weights)}")
        for k, (old, new) in enumerate(zip(self.weights, weights, strict=True), start=1):
            shape = np.shape(new)
            if shape != old.shape:
                raise ValueError(
                    f"weights[{k - 1}] (layer {k}): expected shape {old.shape}, got {shape}"
                )
        return Network(
            weights,
            activations=[layer.activation for layer in self._layers],
            biases=self.biases if biases is None else biases,
        )

    # -- what the network is ------------------------------------------------------

    @property
    def layers(self) -> tuple[Layer, ...]:
        """The layers of weights, layer 1 first: ``layers[k - 1]`` is layer ``k``."""
        return self._layers

    @property
    def weights(self) -> tuple[FloatArray, ...]:
        """The weight matrix of every layer: ``weights[k - 1]`` feeds layer ``k`` (read-only)."""
        return self._weights

    @property
    def biases(self) -> tuple[FloatArray | None, ...]:
        """The bias of every layer, ``None`` where a layer has none."""
        return self._biases

    @property
    def activations(self) -> tuple[Activation, ...]:
        """The activation of every layer."""
        return self._activations

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Number of nodes per layer, input layer first."""
        return (self._layers[0].n_in, *(layer.n_out for layer in self._layers))

    @property
    def n_inputs(self) -> int:
        """Number of input nodes."""
        return self._layers[0].n_in

    @property
    def n_outputs(self) -> int:
        """Number of output nodes."""
        return self._layers[-1].n_out

    def predict(self, inputs: Any) -> FloatArray:
        """The output node values for one example ``(n_inputs,)`` or a batch ``(n, n_inputs)``.

        The same numbers as ``bpbook.forward(network, inputs).prediction``.
        """
        x = check_inputs(inputs, self.n_inputs)
        _, node_values = forward_batch(self._weights, self._biases, self._activations, as_batch(x))
        return node_values[-1] if x.ndim == 2 else first_example(node_values[-1])

    def __repr__(self) -> str:
        sizes = "-".join(str(s) for s in self.layer_sizes)
        acts = ", ".join(a.name for a in self.activations)
        has_bias = any(b is not None for b in self.biases)
        return f"Network({sizes}, activations=[{acts}], bias={has_bias})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        if self.layer_sizes != other.layer_sizes or self.activations != other.activations:
            return False
        for a, b in zip(self._layers, other._layers, strict=True):
            if not np.array_equal(a.weights, b.weights):
                return False
            if (a.bias is None) != (b.bias is None):
                return False
            if a.bias is not None and b.bias is not None and not np.array_equal(a.bias, b.bias):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

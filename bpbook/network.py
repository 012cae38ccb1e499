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

import os
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bpbook.activations import SOFTMAX, Activation, get_activation
from bpbook.checks import (
    FloatArray,
    InputError,
    InputTypeError,
    all_finite,
    as_batch,
    as_float_array,
    check_inputs,
    check_rng,
    check_sequence,
    describe,
    first_example,
    read_only,
)
from bpbook.initialisation import checked_sizes, random_weights
from bpbook.layer import (
    FlatLayout,
    Layer,
    biases_per_layer,
    check_softmax,
    checked_layer,
    chosen_activations,
    flat_layout,
    flat_numbers,
    float_arrays_shaped,
    views_in,
)
from bpbook.loss import CROSS_ENTROPY, SQUARED_ERROR, Loss
from bpbook.network_file import read_network_file, write_network_file
from bpbook.propagation import check_finite_pass, forward_batch

__all__ = ["Network"]


class Network:
    """A feed-forward network built from explicit weights.

    Parameters
    ----------
    weights : sequence of 2-D array-likes
        One matrix per layer, of shape ``(n_in, n_out)``; plain nested lists
        work. The widths must chain: each matrix has as many rows as the
        previous one has columns. The numbers are copied onto read-only memory.
    activations : sequence of str or Activation, optional
        One per layer. By default every hidden layer uses ``hidden`` and the
        last layer uses ``output``.
    hidden : str or Activation, default "relu"
    output : str or Activation, default "identity"
        ``"softmax"`` makes a classifier: its node values are class probabilities and
        it is trained with cross-entropy (`loss`); it needs at least 2 output nodes.
    biases : sequence of 1-D array-likes or None, optional
        One per layer (an entry may be ``None``). Default: no biases.

    Raises
    ------
    InputError
        If a matrix is not 2-D, is empty, the widths do not chain, a bias has
        the wrong length, a number is NaN or infinite, or the number of
        activations or biases differs from the number of layers.
    InputTypeError
        If a weight or bias is not numeric, or text is given where a sequence belongs.

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
    >>> net.predict_one([0, 1])
    7.0
    """

    __slots__ = ("_activations", "_biases", "_flat", "_layers", "_layout", "_weights")

    def __init__(
        self,
        weights: Sequence[Any],
        *,
        activations: Sequence[str | Activation] | None = None,
        hidden: str | Activation = "relu",
        output: str | Activation = "identity",
        biases: Sequence[Any] | None = None,
    ) -> None:
        """Check the weights, activations and biases, and copy them onto read-only memory."""
        if isinstance(weights, np.ndarray) and weights.dtype != object:
            raise InputTypeError(
                "weights: expected a sequence of matrices (one per layer), got a single "
                f"array of shape {weights.shape}; wrap it in a list: [weights]"
            )
        matrices = check_sequence(weights, "weights", "matrices (one per layer)")
        n_layers = len(matrices)
        if n_layers == 0:
            raise InputError("weights: expected at least one layer, got an empty sequence")
        layers: list[Layer] = []
        for k, (matrix, bias, activation) in enumerate(
            zip(
                matrices,
                biases_per_layer(biases, n_layers),
                chosen_activations(activations, hidden, output, n_layers),
                strict=True,
            ),
            start=1,
        ):
            layers.append(checked_layer(k, matrix, bias, activation, layers))
        check_softmax(layers)
        weights_now = [layer.weights for layer in layers]
        biases_now = [layer.biases for layer in layers]
        self._activations = tuple(layer.activation for layer in layers)
        flat = read_only(flat_numbers(weights_now, biases_now))
        self._adopt(flat, flat_layout(weights_now, biases_now))

    def _adopt(self, flat: FloatArray, layout: FlatLayout) -> None:
        """Take ``flat`` (checked, read-only) as the numbers, laid out as ``layout`` says.

        The arrays are views into ``flat``, kept as tuples once, since forward and backward
        read them on every call; the `Layer` objects are made when `layers` is first read.
        """
        self._flat = flat
        self._layout = layout
        weight_views, bias_views = views_in(flat, layout)
        self._weights = tuple(weight_views)
        self._biases = tuple(bias_views)
        self._layers: tuple[Layer, ...] | None = None

    # -- construction -------------------------------------------------------------

    @classmethod
    def random(
        cls,
        layer_sizes: Sequence[int] | NDArray[np.integer[Any]],
        rng: Any = None,
        *,
        hidden: str | Activation = "relu",
        output: str | Activation = "identity",
        biases: bool = False,
        scale: float | None = None,
        bias: bool | None = None,
    ) -> Network:
        """A network with random weights, scaled to suit each layer's activation.

        The weights of layer ``k`` are drawn from a normal distribution with
        mean 0 and a standard deviation chosen by that layer's activation:

        * ReLU: ``sqrt(2 / n_in)`` (He initialisation);
        * identity, tanh, sigmoid: ``sqrt(2 / (n_in + n_out))`` (Glorot initialisation),

        where ``n_in`` and ``n_out`` are the numbers of nodes feeding in and
        fed. ``scale`` overrides this for every weight.

        Parameters
        ----------
        layer_sizes : sequence of int
            Number of nodes per layer, input layer first, e.g. ``(2, 2, 1)``.
        rng : int or numpy.random.Generator or None, optional
            An int seed: the same network every time; ``None`` (default): a new one each call.
        hidden : str or Activation, default 'relu'
            The activation of every hidden layer.
        output : str or Activation, default 'identity'
            The activation of the output layer; ``output="softmax"`` makes a classifier
            (see `Network`).
        biases : bool, default False
            Whether every layer gets biases (starting at 0); ``bias=`` is deprecated.
        scale : float, optional
            The standard deviation of every weight, instead of He/Glorot.

        Examples
        --------
        >>> from bpbook import Network
        >>> net = Network.random((2, 16, 1), rng=0)
        >>> net.layer_sizes
        (2, 16, 1)
        >>> Network.random((2, 16, 1), rng=0) == net  # the same seed, the same network
        True
        """
        if bias is not None:
            warnings.warn(
                "Network.random(bias=...) is deprecated: use biases=...",
                DeprecationWarning,
                stacklevel=2,
            )
            biases = bias
        sizes = checked_sizes(layer_sizes)
        if not isinstance(biases, bool | np.bool_):
            raise InputTypeError(f"biases: expected True or False, got {describe(biases)}")
        chosen = chosen_activations(None, hidden, output, len(sizes) - 1)
        weights = random_weights(sizes, chosen, check_rng(rng), scale)
        zeros = [np.zeros(n) for n in sizes[1:]] if biases else None
        return cls(weights, activations=chosen, biases=zeros)

    def with_weights(self, weights: Sequence[Any], biases: Sequence[Any] | None = None) -> Network:
        """A new network with the same activations and new weights (and biases).

        The new matrices must have exactly the shapes of the current ones;
        ``biases`` defaults to the current biases.

        Examples
        --------
        >>> from bpbook import lesson
        >>> lesson.single_weight_network().with_weights([[[3.0]]]).predict_one([3.0])
        9.0
        """
        matrices = check_sequence(weights, "weights", "matrices (one per layer)")
        if len(matrices) != len(self._weights):
            raise InputError(
                f"weights: expected {len(self._weights)} matrices, got {len(matrices)}"
            )
        if float_arrays_shaped(matrices, self._weights) and (
            biases is None or float_arrays_shaped(biases, self._biases)
        ):
            return self._rebuilt(matrices, self._biases if biases is None else biases)
        for k, (old, new) in enumerate(zip(self.weights, matrices, strict=True), start=1):
            shape = as_float_array(new, f"weights[{k - 1}] (layer {k})", copy=False).shape
            if shape != old.shape:
                raise InputError(
                    f"weights[{k - 1}] (layer {k}): expected shape {old.shape}, got {shape}"
                )
        return Network(
            matrices,
            activations=self._activations,
            biases=self.biases if biases is None else biases,
        )

    def _rebuilt(self, weights: Sequence[FloatArray], biases: Sequence[Any]) -> Network:
        """`with_weights` for float64 arrays of this network's shapes: checked, not re-parsed."""
        return self.with_flat_weights(flat_numbers(weights, biases))

    def with_flat_weights(self, flat_weights: Any) -> Network:
        """A new network with the same layers and these numbers, laid out as `flat_weights`.

        ``flat_weights`` is a float64 vector of this network's `flat_weights` shape (every
        weight and bias, layer by layer); it is checked for NaN and infinity and copied
        onto read-only memory, as `Network` does. One subtraction of a `Slopes.flat_slopes`
        times a learning rate makes an update of the whole network (`update_weights`).
        """
        vector = as_float_array(flat_weights, "flat_weights", copy=False, finite=False)
        if vector.shape != self._flat.shape:
            raise InputError(
                f"flat_weights: expected shape {self._flat.shape} (this network's numbers), "
                f"got shape {vector.shape}"
            )
        if not all_finite([vector]):
            as_float_array(vector, "flat_weights", copy=False)  # says where
        network = Network.__new__(Network)
        network._activations = self._activations
        network._adopt(read_only(vector), self._layout)
        return network

    # -- what the network is ------------------------------------------------------

    @property
    def layers(self) -> tuple[Layer, ...]:
        """The layers of weights, layer 1 first: ``layers[k - 1]`` is layer ``k``."""
        if self._layers is None:
            self._layers = tuple(
                Layer(w, b, a)
                for w, b, a in zip(self._weights, self._biases, self._activations, strict=True)
            )
        return self._layers

    @property
    def weights(self) -> tuple[FloatArray, ...]:
        """The weight matrix of every layer: ``weights[k - 1]`` feeds layer ``k`` (read-only)."""
        return self._weights

    @property
    def flat_weights(self) -> FloatArray:
        """Every weight and bias in one read-only vector: layer 1's weights, its biases, ...

        The arrays of `weights` and `biases` are views into it.
        """
        return self._flat

    @property
    def flat_layout(self) -> FlatLayout:
        """Where each layer's numbers sit in `flat_weights` (and in `Slopes.flat_slopes`).

        Per layer ``k`` (``flat_layout[k - 1]``): the slice of its weights and their
        shape, and the slice of its biases (``None``: no biases).

        Examples
        --------
        >>> from bpbook import Network
        >>> network = Network.random((2, 3, 1), rng=0, biases=True)
        >>> network.flat_layout[1]  # layer 2: its weights, their shape, its biases
        (slice(9, 12, None), (3, 1), slice(12, 13, None))
        """
        return self._layout

    @property
    def biases(self) -> tuple[FloatArray | None, ...]:
        """The bias of every layer, ``None`` where a layer has none."""
        return self._biases

    @property
    def activations(self) -> tuple[Activation, ...]:
        """The activation of every layer."""
        return self._activations

    @property
    def loss(self) -> Loss:
        """The loss the network is trained with, chosen by its output layer.

        `bpbook.loss.CROSS_ENTROPY` for a softmax output (a classifier), else
        `bpbook.loss.SQUARED_ERROR`.

        Examples
        --------
        >>> from bpbook import Network
        >>> Network.random((4, 3), rng=0, output="softmax").loss
        Loss('cross_entropy')
        """
        return CROSS_ENTROPY if self._activations[-1] is SOFTMAX else SQUARED_ERROR

    @property
    def is_classifier(self) -> bool:
        """True for a softmax output: node values are class probabilities, targets classes."""
        return self._activations[-1] is SOFTMAX

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Number of nodes per layer, input layer first."""
        return (self.n_inputs, *(int(w.shape[1]) for w in self._weights))

    @property
    def n_inputs(self) -> int:
        """Number of input nodes."""
        return int(self._weights[0].shape[0])

    @property
    def n_outputs(self) -> int:
        """Number of output nodes."""
        return int(self._weights[-1].shape[1])

    def predict(self, inputs: Any) -> FloatArray:
        """The output node values for one example ``(n_inputs,)`` or a batch ``(n, n_inputs)``.

        The one way to get predictions: the same numbers as
        ``bpbook.forward(network, inputs).prediction``, without keeping every
        node's values. Shape ``(n_outputs,)`` for one example and
        ``(n, n_outputs)`` for a batch; `predict_one` gives a plain float.

        Examples
        --------
        >>> from bpbook import lesson
        >>> lesson.deeper_network().predict([[0.0, 1.0], [1.0, 1.0]])
        array([[ 7.],
               [10.]])
        """
        x = check_inputs(inputs, self.n_inputs)
        batch = as_batch(x)
        with np.errstate(over="ignore", invalid="ignore"):
            node_inputs, node_values = forward_batch(
                self._weights, self._biases, self._activations, batch
            )
            check_finite_pass(batch, self._weights, node_inputs)
        return node_values[-1] if x.ndim == 2 else first_example(node_values[-1])

    def predict_one(self, inputs: Any) -> float:
        """The prediction for one example of a single-output network, as a float.

        Examples
        --------
        >>> from bpbook import lesson
        >>> lesson.deeper_network().predict_one(lesson.DEEPER_INPUTS)
        7.0
        """
        if self.n_outputs != 1:
            raise InputError(
                f"network: predict_one expects a network with one output node, got "
                f"{self.n_outputs} outputs; use predict(inputs) for an array"
            )
        x = check_inputs(inputs, self.n_inputs)
        if x.ndim != 1:
            raise InputError(
                f"inputs: expected one example of shape ({self.n_inputs},), got a batch of "
                f"shape {x.shape}; use predict(inputs) for a batch"
            )
        return float(self.predict(x)[0])

    # -- saving -------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the network to ``path`` (exactly that name) as a ``.npz`` file.

        The layout (all arrays, no pickles): ``format`` = ``"bpbook-network"``,
        ``version`` = 1, ``activations`` = the activation names (a string
        array, one per layer), ``weights_<k>`` and ``biases_<k>`` for layers
        ``k = 1 .. L`` (``biases_<k>`` absent when layer ``k`` has none).
        `Network.load` reads it back exactly.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from bpbook import Network, lesson
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "deeper.npz"
        >>> lesson.deeper_network().save(path)
        >>> Network.load(path) == lesson.deeper_network()
        True
        """
        for k, activation in enumerate(self._activations, start=1):
            if not _is_built_in(activation):
                raise InputError(
                    f"network: expected built-in activations to save, got a custom "
                    f"{activation!r} in layer {k}; save its weights yourself"
                )
        names = [activation.name for activation in self._activations]
        write_network_file(path, names, self._weights, self._biases)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Network:
        """Read a network written by `Network.save` (pickled data is never loaded).

        Raises `InputError` if ``path`` is not a bpbook network file (not an
        ``.npz`` archive, a wrong ``format`` tag or ``version``, missing or
        unexpected keys, bad numbers); `FileNotFoundError` if there is no such file.
        """
        names, weights, biases = read_network_file(path)
        return cls(weights, activations=names, biases=biases)

    def __repr__(self) -> str:
        sizes = "-".join(str(s) for s in self.layer_sizes)
        acts = ", ".join(a.name for a in self.activations)
        has_biases = any(b is not None for b in self.biases)
        return f"Network({sizes}, activations=[{acts}], biases={has_biases})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        if self.layer_sizes != other.layer_sizes or self.activations != other.activations:
            return False
        for a, b in zip(self.layers, other.layers, strict=True):
            if not np.array_equal(a.weights, b.weights):
                return False
            if (a.biases is None) != (b.biases is None):
                return False
            if (
                a.biases is not None
                and b.biases is not None
                and not np.array_equal(a.biases, b.biases)
            ):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]


# -- helpers of Network ------------------------------------------------------------------


def _is_built_in(activation: Activation) -> bool:
    try:
        return get_activation(activation.name) is activation
    except InputError:
        return False

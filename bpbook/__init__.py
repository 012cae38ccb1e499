"""bpbook: backpropagation by hand, in a few hundred lines of numpy.

The rule of the whole package: every public function either returns finite,
correct numbers that do not depend on later changes to the caller's arrays
(inputs are copied; networks and the lesson's constants live on read-only
memory), or raises a `BpbookError` whose message names the argument, says what
was expected and what was given, in at most 400 characters. Bad arguments
raise `InputError` (also a ``ValueError``) or `InputTypeError` (also a
``TypeError``); training that blows up raises `TrainingDivergedError`.

Shapes: one example is a 1-D array, a batch is 2-D with one row per example.
For a single-output network, targets of a batch may be flat ``(n,)``;
``network.predict_one(x)`` gives one example's prediction as a float. Every
loss function takes the prediction first, then the target. Every ``rng``
argument takes ``None`` (fresh randomness), an int seed, or a
``numpy.random.Generator``.

The vocabulary is the lesson's: *node values*, *node inputs*, *weights*,
*slopes*, *error*, *learning rate*, *batch*, *epoch*. Everything the book
imports is listed in ``__all__``; the modules, one per idea, are:

* `bpbook.checks` -- argument checks, and one example <-> a batch of one
* `bpbook.activations` -- ReLU, identity, sigmoid, tanh and their slopes
* `bpbook.loss` -- squared error and its slope ``2 * error``; cross-entropy, ``p - t``
* `bpbook.layer` -- one dense layer (weights, biases, activation)
* `bpbook.classes` -- a classifier's predicted classes and accuracy
* `bpbook.network` -- a feed-forward network of dense layers
* `bpbook.network_file` -- the ``.npz`` layout of `Network.save` / `Network.load`
* `bpbook.propagation` -- forward and backward propagation on a batch (the arithmetic)
* `bpbook.backprop` -- `forward` and `backward`, for one example or a batch
* `bpbook.three_factor` -- the three-factor slope rule as a table
* `bpbook.graph` -- one number at a time: `Value`, a computational graph and its slopes
* `bpbook.graph_network` -- a network written out as such a graph (`network_graph`)
* `bpbook.gradient_check` -- finite-difference checks of the slopes
* `bpbook.training` -- the update, the recap loop, stochastic gradient descent
* `bpbook.lesson` -- the lesson's own networks and numbers
* `bpbook.figures` -- network diagrams, the backprop step-through and training
  plots (plots need matplotlib: ``bpbook[plot]``)

Counting, everywhere in bpbook
------------------------------
Node layers are numbered as in the lesson: layer 0 is the inputs, layer
``L`` the output. "The weights of layer k" (``k = 1 .. L``) feed layer ``k``
from layer ``k - 1``. Nodes are numbered from 0 within their layer, top to
bottom. Tuples with one entry per layer of weights (``network.weights``,
``slopes.weight_slopes``, ``forward_pass.node_inputs``,
``slopes.node_slopes``, ...) are indexed ``k - 1``;
``forward_pass.node_values[k]`` is layer ``k``. ``weights[k - 1][i, j]`` is the
weight from node ``i`` of layer ``k - 1`` to node ``j`` of layer ``k``.

Batch first
-----------
The engine computes on batches: 2-D arrays, one row per example. One example
is a batch of one, converted once at the public edge (`bpbook.checks.as_batch`)
and handed back as 1-D arrays.
"""

from bpbook import figures, lesson
from bpbook.activations import (
    IDENTITY,
    RELU,
    SIGMOID,
    SOFTMAX,
    TANH,
    Activation,
    get_activation,
    softmax,
)
from bpbook.backprop import ForwardPass, Slopes, backward, forward
from bpbook.checks import BpbookError, InputError, InputTypeError, check_rng
from bpbook.classes import accuracy, predict_class
from bpbook.gradient_check import GradientCheck, check_gradients, relative_error
from bpbook.graph import Value, topological_order
from bpbook.graph_network import NetworkGraph, network_graph
from bpbook.layer import Layer
from bpbook.loss import (
    CROSS_ENTROPY,
    SQUARED_ERROR,
    Loss,
    cross_entropy,
    error,
    mean_squared_error,
    slope_of_loss_wrt_prediction,
    squared_error,
)
from bpbook.network import Network
from bpbook.three_factor import ThreeFactorRow, ThreeFactorTable, three_factor_table, three_factors
from bpbook.training import (
    TrainingDivergedError,
    TrainingHistory,
    TrainingResult,
    gradient_descent_step,
    sgd,
    train,
    update_weights,
)

__version__ = "0.1.0"

__all__ = [
    "CROSS_ENTROPY",
    "IDENTITY",
    "RELU",
    "SIGMOID",
    "SOFTMAX",
    "SQUARED_ERROR",
    "TANH",
    "Activation",
    "BpbookError",
    "ForwardPass",
    "GradientCheck",
    "InputError",
    "InputTypeError",
    "Layer",
    "Loss",
    "Network",
    "NetworkGraph",
    "Slopes",
    "ThreeFactorRow",
    "ThreeFactorTable",
    "TrainingDivergedError",
    "TrainingHistory",
    "TrainingResult",
    "Value",
    "__version__",
    "accuracy",
    "backward",
    "check_gradients",
    "check_rng",
    "cross_entropy",
    "error",
    "figures",
    "forward",
    "get_activation",
    "gradient_descent_step",
    "lesson",
    "mean_squared_error",
    "network_graph",
    "predict_class",
    "relative_error",
    "sgd",
    "slope_of_loss_wrt_prediction",
    "softmax",
    "squared_error",
    "three_factor_table",
    "three_factors",
    "topological_order",
    "train",
    "update_weights",
]

"""bpbook: backpropagation by hand, in a few hundred lines of numpy.

The vocabulary is the lesson's: *node values*, *weights*, *slopes*, *error*,
*learning rate*, *batch*, *epoch*. Everything the book imports is listed in
``__all__``; the modules, one per idea, are:

* `bpbook.activations` -- ReLU, identity, sigmoid, tanh and their slopes
* `bpbook.loss` -- squared error and its slope, ``2 * error``
* `bpbook.network` -- a feed-forward network of dense layers
* `bpbook.backprop` -- forward and backward propagation
* `bpbook.three_factor` -- the three-factor slope rule as a table
* `bpbook.gradient_check` -- finite-difference checks of the slopes
* `bpbook.training` -- the update, the recap loop, stochastic gradient descent
* `bpbook.lesson` -- the lesson's own networks and numbers
* `bpbook.figures` -- network diagrams, the backprop step-through and training
  plots (plots need matplotlib: ``bpbook[plot]``)
"""

from bpbook import figures, lesson
from bpbook.activations import IDENTITY, RELU, SIGMOID, TANH, Activation, get_activation
from bpbook.backprop import ForwardPass, Slopes, backward, forward
from bpbook.gradient_check import GradientCheck, check_gradients, relative_error
from bpbook.loss import error, mean_squared_error, slope_of_loss_wrt_prediction, squared_error
from bpbook.network import Layer, Network
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
    "IDENTITY",
    "RELU",
    "SIGMOID",
    "TANH",
    "Activation",
    "ForwardPass",
    "GradientCheck",
    "Layer",
    "Network",
    "Slopes",
    "ThreeFactorRow",
    "ThreeFactorTable",
    "TrainingDivergedError",
    "TrainingHistory",
    "TrainingResult",
    "__version__",
    "backward",
    "check_gradients",
    "error",
    "figures",
    "forward",
    "get_activation",
    "gradient_descent_step",
    "lesson",
    "mean_squared_error",
    "relative_error",
    "sgd",
    "slope_of_loss_wrt_prediction",
    "squared_error",
    "three_factor_table",
    "three_factors",
    "train",
    "update_weights",
]

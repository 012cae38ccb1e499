"""Bad input: every case raises a clear error naming the argument, and changes nothing."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bpbook import (
    Activation,
    Network,
    TrainingDivergedError,
    Value,
    accuracy,
    backward,
    check_gradients,
    check_rng,
    cross_entropy,
    error,
    forward,
    get_activation,
    gradient_descent_step,
    lesson,
    mean_squared_error,
    network_graph,
    predict_class,
    sgd,
    slope_of_loss_wrt_prediction,
    squared_error,
    topological_order,
    train,
    update_weights,
)
from tests.bpbook.bad_input import assert_clear_error

NET = lesson.deeper_network()
X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[4.0], [1.0], [2.0]])
RNG = np.random.default_rng(0)
# All-identity activations: with too large a learning rate the loss grows without bound
# (a ReLU network would instead go quiet, every hidden node stuck at 0).
DOUBLE = Activation("double", lambda z: 2 * z, lambda z: 2 + 0 * z)
# An activation whose value overflows float64 beyond about 709.
EXPLODING = Activation("exploding", np.exp, np.exp)
LINEAR = Network([[[1.0, 3.0], [1.0, 3.0]], [[1.0], [2.0]]], hidden="identity")
# A classifier of 3 classes (issue 18): targets are labels 0..2 or one-hot rows.
CLASSIFIER = Network.random((2, 4, 3), rng=0, output="softmax", biases=True)
CLASSIFIER_FP = forward(CLASSIFIER, X)


def _sgd(**changes: Any) -> Callable[[], object]:
    kwargs: dict[str, Any] = {
        "network": NET,
        "inputs": X,
        "targets": Y,
        "learning_rate": 0.01,
        "batch_size": 2,
        "epochs": 1,
        "rng": np.random.default_rng(0),
    }
    kwargs.update(changes)
    return lambda: sgd(**kwargs)


# (case id, call, exception type, regex the message must match)
CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "layer shapes do not chain",
        lambda: Network([np.ones((2, 3)), np.ones((2, 1))]),
        ValueError,
        r"weights\[1\] \(layer 2\): expected 3 rows.*got shape \(2, 1\)",
    ),
    ("no layers", lambda: Network([]), ValueError, r"weights: expected at least one layer"),
    (
        "weights given as one array",
        lambda: Network(np.ones((2, 2))),  # type: ignore[arg-type]
        TypeError,
        r"weights: expected a sequence of matrices.*wrap it in a list",
    ),
    (
        "1-D weight matrix",
        lambda: Network([[1.0, 2.0]]),
        ValueError,
        r"weights\[0\] \(layer 1\): expected a non-empty 2-D matrix.*got shape \(2,\)",
    ),
    (
        "3-D weight matrix",
        lambda: Network([np.ones((2, 2, 2))]),
        ValueError,
        r"weights\[0\].*2-D.*got shape \(2, 2, 2\)",
    ),
    (
        "empty weight matrix",
        lambda: Network([np.ones((0, 2))]),
        ValueError,
        r"weights\[0\].*non-empty.*got shape \(0, 2\)",
    ),
    (
        "NaN weight",
        lambda: Network([[[1.0], [np.nan]]]),
        ValueError,
        r"weights\[0\] \(layer 1\): expected finite numbers, got nan at index \(1, 0\)",
    ),
    (
        "infinite weight",
        lambda: Network([[[np.inf], [1.0]]]),
        ValueError,
        r"weights\[0\].*expected finite numbers, got inf",
    ),
    (
        "non-numeric weight",
        lambda: Network([[["a"], [1.0]]]),
        TypeError,
        r"weights\[0\] \(layer 1\): expected real numbers.*dtype <U",
    ),
    (
        "ragged weights",
        lambda: Network([[[1.0, 2.0], [1.0]]]),
        TypeError,
        r"weights\[0\] \(layer 1\): expected a rectangular array",
    ),
    (
        "boolean weights",
        lambda: Network([[[True], [False]]]),
        TypeError,
        r"weights\[0\].*expected real numbers.*dtype bool",
    ),
    (
        "bias of wrong length",
        lambda: Network([np.ones((2, 2))], biases=[np.ones(3)]),
        ValueError,
        r"biases\[0\] \(layer 1\): expected shape \(2,\), got shape \(3,\)",
    ),
    (
        "wrong number of activations",
        lambda: Network([np.ones((2, 2))], activations=["relu"] * 2),
        ValueError,
        r"activations: expected one per layer \(1\), got 2",
    ),
    (
        "unknown activation name",
        lambda: Network([np.ones((2, 2))], hidden="relu", output="softplus"),
        ValueError,
        r"activation: expected one of .*'relu'.*got 'softplus'",
    ),
    (
        "activation of wrong type",
        lambda: get_activation(3),  # type: ignore[arg-type]
        TypeError,
        r"activation: expected a name \(str\) or an Activation, got int",
    ),
    (
        "random network with text for rng",
        lambda: Network.random((2, 1), "0"),
        TypeError,
        r"rng: expected None, an int seed or a numpy.random.Generator.*got str '0'",
    ),
    (
        "random network with a zero width",
        lambda: Network.random((2, 0), RNG),
        ValueError,
        r"layer_sizes: expected positive integers, got \[2, 0\]",
    ),
    (
        "input of the wrong width",
        lambda: forward(NET, [1.0, 2.0, 3.0]),
        ValueError,
        r"inputs: expected 2 input node value\(s\) per example, got shape \(3,\)",
    ),
    (
        "batch of the wrong width",
        lambda: forward(NET, np.ones((4, 3))),
        ValueError,
        r"inputs: expected 2 input .*got shape \(4, 3\)",
    ),
    (
        "3-D inputs",
        lambda: forward(NET, np.ones((2, 2, 2))),
        ValueError,
        r"inputs: expected one example of shape \(2,\) or a batch of shape \(n, 2\).*\(2, 2, 2\)",
    ),
    (
        "scalar input",
        lambda: forward(NET, 1.0),
        ValueError,
        r"inputs: expected one example.*got an array of shape \(\)",
    ),
    (
        "empty batch",
        lambda: forward(NET, np.ones((0, 2))),
        ValueError,
        r"inputs: expected at least one example, got an empty array \(0, 2\)",
    ),
    (
        "NaN input",
        lambda: forward(NET, [np.nan, 1.0]),
        ValueError,
        r"inputs: expected finite numbers, got nan at index \(0,\)",
    ),
    (
        "infinite input",
        lambda: forward(NET, [[0.0, 1.0], [-np.inf, 1.0]]),
        ValueError,
        r"inputs: expected finite numbers, got -inf at index \(1, 0\)",
    ),
    ("text input", lambda: forward(NET, "0 1"), TypeError, r"inputs: expected numbers, got str"),
    (
        "object input",
        lambda: forward(NET, [object(), 1.0]),
        TypeError,
        r"inputs: expected real numbers.*dtype object",
    ),
    (
        "complex input",
        lambda: forward(NET, [1j, 1.0]),
        TypeError,
        r"inputs: expected real numbers.*complex",
    ),
    (
        "network of wrong type",
        lambda: forward("net", [0.0, 1.0]),  # type: ignore[arg-type]
        TypeError,
        r"network: expected a bpbook Network, got str",
    ),
    (
        "targets of the wrong shape (one example)",
        lambda: backward(forward(NET, [0.0, 1.0]), [4.0, 5.0]),
        ValueError,
        r"targets: expected shape \(1,\) or a single number.*got shape \(2,\)",
    ),
    (
        "targets of the wrong shape (batch)",
        lambda: backward(forward(NET, X), np.ones((2, 1))),
        ValueError,
        r"targets: expected shape \(3, 1\) or \(3,\).*got shape \(2, 1\)",
    ),
    (
        "targets transposed",
        lambda: backward(forward(NET, X), np.ones((1, 3))),
        ValueError,
        r"targets: expected shape \(3, 1\).*got shape \(1, 3\)",
    ),
    (
        "NaN target",
        lambda: backward(forward(NET, [0.0, 1.0]), np.nan),
        ValueError,
        r"targets: expected finite numbers, got nan",
    ),
    (
        "text target",
        lambda: backward(forward(NET, [0.0, 1.0]), "4"),
        TypeError,
        r"targets: expected numbers, got str",
    ),
    (
        "forward pass of wrong type",
        lambda: backward([1.0], 4.0),  # type: ignore[arg-type]
        TypeError,
        r"forward_pass: expected the ForwardPass returned by forward\(\), got list",
    ),
    (
        "loss shapes differ",
        lambda: squared_error([1.0, 2.0], [1.0]),
        ValueError,
        r"target: expected the same shape as prediction \(2,\), got shape \(1,\)",
    ),
    (
        "mean squared error of one number",
        lambda: mean_squared_error(1.0, 2.0),
        ValueError,
        r"predictions: expected a batch of shape \(n, n_outputs\) or \(n,\), got one number",
    ),
    (
        "learning rate zero",
        lambda: gradient_descent_step(NET, [0.0, 1.0], 4.0, 0.0),
        ValueError,
        r"learning_rate: expected a positive finite number, got 0.0",
    ),
    (
        "learning rate negative",
        lambda: train(NET, X, Y, -0.1),
        ValueError,
        r"learning_rate: expected a positive finite number, got -0.1",
    ),
    (
        "learning rate NaN",
        lambda: _sgd(learning_rate=float("nan"))(),
        ValueError,
        r"learning_rate: expected a positive finite number, got nan",
    ),
    (
        "learning rate infinite",
        lambda: _sgd(learning_rate=float("inf"))(),
        ValueError,
        r"learning_rate: expected a positive finite number, got inf",
    ),
    (
        "learning rate as text",
        lambda: _sgd(learning_rate="0.1")(),
        TypeError,
        r"learning_rate: expected a positive finite number, got '0.1'",
    ),
    (
        "batch_size zero",
        _sgd(batch_size=0),
        ValueError,
        r"batch_size: expected a positive integer, got 0",
    ),
    (
        "batch_size negative",
        _sgd(batch_size=-2),
        ValueError,
        r"batch_size: expected a positive integer, got -2",
    ),
    (
        "batch_size fractional",
        _sgd(batch_size=1.5),
        TypeError,
        r"batch_size: expected a positive integer, got 1.5",
    ),
    (
        "batch_size boolean",
        _sgd(batch_size=True),
        TypeError,
        r"batch_size: expected a positive integer, got True",
    ),
    (
        "batch_size larger than the data",
        _sgd(batch_size=4),
        ValueError,
        r"batch_size: expected at most the number of examples \(3\), got 4",
    ),
    ("epochs zero", _sgd(epochs=0), ValueError, r"epochs: expected a positive integer, got 0"),
    (
        "epochs fractional",
        _sgd(epochs=2.0),
        TypeError,
        r"epochs: expected a positive integer, got 2.0",
    ),
    (
        "shuffling with text for a generator",
        _sgd(rng="seed"),
        TypeError,
        r"rng: expected",
    ),
    (
        "max_steps zero",
        lambda: train(NET, X, Y, 0.01, max_steps=0),
        ValueError,
        r"max_steps: expected a positive integer, got 0",
    ),
    (
        "negative tolerance",
        lambda: train(NET, X, Y, 0.01, tolerance=-1.0),
        ValueError,
        r"tolerance: expected a finite number >= 0, got -1.0",
    ),
    (
        "slopes of another network",
        lambda: update_weights(
            NET, backward(forward(lesson.two_weight_network(), [3.0, 4.0]), 6.0), 0.1
        ),
        ValueError,
        r"slopes: expected weight slopes of shapes \[\(2, 2\), \(2, 1\)\].*got \[\(2, 1\)\]",
    ),
    (
        "gradient check epsilon zero",
        lambda: check_gradients(NET, [0.0, 1.0], 4.0, epsilon=0),
        ValueError,
        r"epsilon: expected a positive finite number, got 0",
    ),
    # -- issue 9: uniform argument checks (text is never split into characters) --------
    (
        "weights given as text",
        lambda: Network("[[1.0]]"),
        TypeError,
        r"weights: expected a sequence \(list or tuple\) of matrices.*got str '\[\[1.0\]\]'",
    ),
    (
        "weights None",
        lambda: Network(None),  # type: ignore[arg-type]
        TypeError,
        r"weights: expected a sequence.*got NoneType None",
    ),
    (
        "activations given as one name",
        lambda: Network([np.ones((2, 2))], activations="tanh"),
        TypeError,
        r"activations: expected a sequence of names, one per layer, got the single name 'tanh'",
    ),
    (
        "activations given as a number",
        lambda: Network([np.ones((2, 2))], activations=3),  # type: ignore[arg-type]
        TypeError,
        r"activations: expected a sequence .* got int 3",
    ),
    (
        "biases given as text",
        lambda: Network([np.ones((2, 2))], biases="0 0"),
        TypeError,
        r"biases: expected a sequence .* got str '0 0'",
    ),
    (
        "wrong number of biases",
        lambda: Network([np.ones((2, 2))], biases=[None, None]),
        ValueError,
        r"biases: expected one per layer \(1\), got 2",
    ),
    (
        "None weight matrix",
        lambda: Network([None]),
        TypeError,
        r"weights\[0\] \(layer 1\): expected numbers, got None",
    ),
    (
        "bias as text",
        lambda: Network([np.ones((2, 1))], biases=["1"]),
        TypeError,
        r"biases\[0\] \(layer 1\): expected numbers, got str '1'",
    ),
    (
        "activation None",
        lambda: get_activation(None),  # type: ignore[arg-type]
        TypeError,
        r"activation: expected a name \(str\) or an Activation, got NoneType",
    ),
    (
        "activation built without a function",
        lambda: Activation("double", 2.0, np.ones_like),  # type: ignore[arg-type]
        TypeError,
        r"value: expected a function of the node inputs, got 2.0",
    ),
    (
        "activation built without a name",
        lambda: Activation("", np.abs, np.sign),
        TypeError,
        r"name: expected a non-empty str, got ''",
    ),
    # -- Network.random: seeds, sizes, scale ----------------------------------------------
    (
        "random network: rng a bool",
        lambda: Network.random((2, 1), True),
        TypeError,
        r"rng: expected None, an int seed or a numpy.random.Generator.*got bool True",
    ),
    (
        "random network: negative seed",
        lambda: Network.random((2, 1), -3),
        ValueError,
        r"rng: expected a seed >= 0, got -3",
    ),
    (
        "random network: legacy RandomState",
        lambda: Network.random((2, 1), np.random.RandomState(0)),
        TypeError,
        r"rng: expected None, an int seed or a numpy.random.Generator.*got RandomState",
    ),
    (
        "random network: sizes as text",
        lambda: Network.random("21", 0),  # type: ignore[arg-type]
        TypeError,
        r"layer_sizes: expected a sequence \(list or tuple\) of positive integers, got str '21'",
    ),
    (
        "random network: fractional size",
        lambda: Network.random((2, 1.5), 0),  # type: ignore[arg-type]
        TypeError,
        r"layer_sizes: expected positive integers, got \[2, 1.5\]",
    ),
    (
        "random network: boolean size",
        lambda: Network.random((2, True), 0),
        TypeError,
        r"layer_sizes: expected positive integers, got \[2, True\]",
    ),
    (
        "random network: one size",
        lambda: Network.random((2,), 0),
        ValueError,
        r"layer_sizes: expected at least two sizes \(inputs and outputs\), got \[2\]",
    ),
    (
        "random network: biases not a bool",
        lambda: Network.random((2, 1), 0, biases="yes"),  # type: ignore[arg-type]
        TypeError,
        r"biases: expected True or False, got 'yes'",
    ),
    (
        "random network: scale zero",
        lambda: Network.random((2, 1), 0, scale=0.0),
        ValueError,
        r"scale: expected a positive finite number, got 0.0",
    ),
    (
        "random network: scale NaN",
        lambda: Network.random((2, 1), 0, scale=float("nan")),
        ValueError,
        r"scale: expected a positive finite number, got nan",
    ),
    (
        "random network: scale as text",
        lambda: Network.random((2, 1), 0, scale="0.1"),  # type: ignore[arg-type]
        TypeError,
        r"scale: expected a positive finite number, got '0.1'",
    ),
    # -- predictions: shapes and overflow -------------------------------------------------
    ("inputs None", lambda: forward(NET, None), TypeError, r"inputs: expected numbers, got None"),
    (
        "boolean inputs",
        lambda: NET.predict([True, False]),
        TypeError,
        r"inputs: expected real numbers.*dtype bool",
    ),
    (
        "ragged batch",
        lambda: NET.predict([[0.0, 1.0], [1.0]]),
        TypeError,
        r"inputs: expected a rectangular array of numbers",
    ),
    (
        "flat batch to a one-input network",
        lambda: lesson.single_weight_network().predict([1.0, 2.0, 3.0]),
        ValueError,
        r"inputs: expected 1 input node value\(s\).*got shape \(3,\).*reshape\(-1, 1\)",
    ),
    (
        "predict_one of a batch",
        lambda: NET.predict_one(X),
        ValueError,
        r"inputs: expected one example of shape \(2,\), got a batch of shape \(3, 2\)",
    ),
    (
        "predict_one of a two-output network",
        lambda: Network([np.ones((2, 2))]).predict_one([0.0, 1.0]),
        ValueError,
        r"network: predict_one expects a network with one output node, got 2 outputs",
    ),
    (
        "inputs that overflow (forward)",
        lambda: forward(NET, [1e308, 1e308]),
        ValueError,
        r"inputs: expected inputs and weights whose sums fit in float64.*layer 1 that overflowed",
    ),
    (
        "inputs that overflow (predict)",
        lambda: NET.predict([[0.0, 1.0], [0.0, 1e308]]),
        ValueError,
        r"inputs: .*node inputs of layer 1 that overflowed.*largest \|input\| 1e\+308",
    ),
    (
        "targets that overflow the loss",
        lambda: backward(forward(NET, X), [4.0, 1.0, 1e200]),
        ValueError,
        r"targets: expected targets, inputs and weights small enough.*loss inf",
    ),
    (
        "targets None",
        lambda: backward(forward(NET, X), None),
        TypeError,
        r"targets: expected numbers, got None",
    ),
    (
        "boolean targets",
        lambda: backward(forward(NET, X), [True, False, True]),
        TypeError,
        r"targets: expected real numbers.*dtype bool",
    ),
    # -- with_weights -----------------------------------------------------------------------
    (
        "with_weights: wrong number of matrices",
        lambda: NET.with_weights([np.ones((2, 2))]),
        ValueError,
        r"weights: expected 2 matrices, got 1",
    ),
    (
        "with_weights: wrong shape",
        lambda: NET.with_weights([np.ones((2, 2)), np.ones((1, 2))]),
        ValueError,
        r"weights\[1\] \(layer 2\): expected shape \(2, 1\), got \(1, 2\)",
    ),
    (
        "with_weights: ragged matrix",
        lambda: NET.with_weights([[[1.0, 2.0], [1.0]], np.ones((2, 1))]),
        TypeError,
        r"weights\[0\] \(layer 1\): expected a rectangular array",
    ),
    (
        "with_weights: text",
        lambda: NET.with_weights("weights"),
        TypeError,
        r"weights: expected a sequence .* got str 'weights'",
    ),
    # -- float64 targets of a batch's shape: checked through the loss, as precisely -------
    (
        "NaN among float64 batch targets",
        lambda: backward(forward(NET, X), np.array([[4.0], [np.nan], [2.0]])),
        ValueError,
        r"^targets: expected finite numbers, got nan at index \(1, 0\)$",
    ),
    (
        "infinity among float64 batch targets",
        lambda: backward(forward(NET, X), np.array([[4.0], [1.0], [-np.inf]])),
        ValueError,
        r"^targets: expected finite numbers, got -inf at index \(2, 0\)$",
    ),
    (
        "float64 batch targets whose error overflows",
        lambda: backward(forward(NET, X), np.full((3, 1), -1e300)),
        ValueError,
        r"^targets: expected targets, inputs and weights small enough for float64.*"
        r"largest \|target\| 1e\+300",
    ),
    (
        "NaN among float64 batch inputs",
        lambda: forward(NET, np.array([[0.0, 1.0], [1.0, np.nan], [1.0, 1.0]])),
        ValueError,
        r"^inputs: expected finite numbers, got nan at index \(1, 1\)$",
    ),
    (
        "huge float64 batch inputs whose node inputs overflow",
        lambda: forward(LINEAR, np.full((3, 2), 1e308)),
        ValueError,
        r"^inputs: expected inputs and weights whose sums fit in float64.*layer 1",
    ),
    (
        "with_flat_weights: wrong length",
        lambda: NET.with_flat_weights(np.ones(5)),
        ValueError,
        r"^flat_weights: expected shape \(6,\) \(this network's numbers\), got shape \(5,\)$",
    ),
    (
        "with_flat_weights: a matrix",
        lambda: NET.with_flat_weights(np.ones((2, 3))),
        ValueError,
        r"^flat_weights: expected shape \(6,\).*got shape \(2, 3\)$",
    ),
    (
        "with_flat_weights: NaN",
        lambda: NET.with_flat_weights([1.0, 2.0, 3.0, np.nan, 5.0, 6.0]),
        ValueError,
        r"^flat_weights: expected finite numbers, got nan at index \(3,\)$",
    ),
    (
        "with_flat_weights: infinity in float64",
        lambda: NET.with_flat_weights(np.array([1.0, 2.0, 3.0, 4.0, 5.0, -np.inf])),
        ValueError,
        r"^flat_weights: expected finite numbers, got -inf at index \(5,\)$",
    ),
    (
        "with_flat_weights: text",
        lambda: NET.with_flat_weights("1 2 3 4 5 6"),
        TypeError,
        r"^flat_weights: expected numbers, got str",
    ),
    # -- the loss functions: shapes, order, several values ------------------------------------
    (
        "squared error of a flat batch",
        lambda: squared_error([7.0, 2.0, 5.0, 1.0], [4.0, 3.0, 5.0, 3.0]),
        ValueError,
        r"prediction: expected one value.*got shape \(4,\); for the mean over a batch use "
        r"mean_squared_error",
    ),
    (
        "mean squared error, row against column",
        lambda: mean_squared_error([[1.0, 2.0]], [1.0, 2.0]),
        ValueError,
        r"targets: expected shape \(1, 2\) like predictions, got shape \(2,\)",
    ),
    (
        "mean squared error, lengths differ",
        lambda: mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0]),
        ValueError,
        r"targets: expected the same shape as predictions \(3,\), got shape \(2,\) "
        r"\(the order is predictions, then targets\)",
    ),
    (
        "mean squared error of text",
        lambda: mean_squared_error("1 2", [1.0, 2.0]),
        TypeError,
        r"predictions: expected numbers, got str '1 2'",
    ),
    (
        "error with a NaN target",
        lambda: error([1.0], [np.nan]),
        ValueError,
        r"target: expected finite numbers, got nan at index \(0,\)",
    ),
    (
        "error of None",
        lambda: error(None, 1.0),
        TypeError,
        r"prediction: expected numbers, got None",
    ),
    (
        "slope of the loss, 3-D",
        lambda: slope_of_loss_wrt_prediction(np.ones((2, 2, 2)), np.ones((2, 2, 2))),
        ValueError,
        r"prediction: expected at most 2 dimensions, got shape \(2, 2, 2\)",
    ),
    (
        "slope of the loss, empty",
        lambda: slope_of_loss_wrt_prediction([], []),
        ValueError,
        r"prediction: expected at least one value, got an empty array",
    ),
    # -- the lesson's data -------------------------------------------------------------------
    (
        "toy data: zero examples",
        lambda: lesson.toy_regression_data(0, 0),
        ValueError,
        r"n_examples: expected a positive integer, got 0",
    ),
    (
        "toy data: rng as text",
        lambda: lesson.toy_regression_data(10, "0"),
        TypeError,
        r"rng: expected None, an int seed or a numpy.random.Generator",
    ),
    (
        "toy data: negative noise",
        lambda: lesson.toy_regression_data(10, 0, noise=-0.1),
        ValueError,
        r"noise: expected a finite number >= 0, got -0.1",
    ),
    (
        "toy data: noise so large the targets overflow",
        lambda: lesson.toy_regression_data(9, 1, noise=1e308),
        ValueError,
        r"^noise: expected a spread small enough for finite targets, got 1e\+308",
    ),
    (
        "toy data: noise a bool",
        lambda: lesson.toy_regression_data(10, 0, noise=True),
        TypeError,
        r"noise: expected a finite number >= 0, got True",
    ),
    (
        "toy data: too many examples",
        lambda: lesson.toy_regression_data(2_292_463_520, 0),
        ValueError,
        r"n_examples: expected at most 1000000 \(a small data set\), got 2292463520",
    ),
    (
        "random network: too many weights",
        lambda: Network.random((10**6, 10**6), 0),
        ValueError,
        r"layer_sizes: expected at most 1e\+08 weights per layer, got layers of 1000000 and",
    ),
    (
        "loss that overflows",
        lambda: squared_error(1e300, -1e300),
        ValueError,
        r"prediction: expected prediction and target whose error and its square fit in float64",
    ),
    (
        "mean squared error that overflows",
        lambda: mean_squared_error([1e200, 0.0], [0.0, 0.0]),
        ValueError,
        r"predictions: expected predictions and targets whose error .* values up to 1e\+200",
    ),
    # -- save and load ---------------------------------------------------------------------
    (
        "load a file that is not a network",
        lambda: Network.load(__file__),
        ValueError,
        r"path: expected a bpbook network saved by Network.save \(.npz\), got '.*test_bad_input",
    ),
    (
        "save a network with a custom activation",
        lambda: Network([np.ones((1, 1))], activations=[DOUBLE]).save(os.devnull),
        ValueError,
        r"network: expected built-in activations to save, got a custom Activation\('double'\)",
    ),
    # -- check_rng, public for the learner's own code ------------------------------------------
    (
        "check_rng of a float",
        lambda: check_rng(0.5),
        TypeError,
        r"rng: expected None, an int seed or a numpy.random.Generator.*got float 0.5",
    ),
    (
        "training diverges (sgd)",
        _sgd(network=LINEAR, learning_rate=2.0, epochs=1000),
        TrainingDivergedError,
        r"the loss summed over a batch of \d+ grew to .*, more than diverge_factor=100 times "
        r"the loss before training summed over all 3 \(189\), "
        r"at update \d+ \(epoch \d+\); try a smaller learning_rate than 2.0",
    ),
    (
        "training diverges (recap loop)",
        lambda: train(lesson.single_weight_network(), [3.0], 10.0, 1.0, max_steps=1000),
        TrainingDivergedError,
        r"the loss grew to .*, more than diverge_factor=100 times the loss before training "
        r"\(16\), "
        r"at update \d+ \(epoch \d+\); try a smaller learning_rate than 1.0",
    ),
    # -- issue 19: the computational graph (bpbook.graph, bpbook.graph_network) ---------
    (
        "graph value as text",
        lambda: Value("3"),
        TypeError,
        r"value: expected a finite number, got '3'",
    ),
    (
        "graph value None",
        lambda: Value(None),
        TypeError,
        r"value: expected a finite number, got None",
    ),
    (
        "graph value a bool",
        lambda: Value(True),
        TypeError,
        r"value: expected a finite number, got True",
    ),
    (
        "graph value NaN",
        lambda: Value(float("nan")),
        ValueError,
        r"value: expected a finite number, got nan",
    ),
    (
        "graph value infinite",
        lambda: Value(-math.inf),
        ValueError,
        r"value: expected a finite number, got -inf",
    ),
    (
        "graph value an array",
        lambda: Value(np.ones(2)),
        TypeError,
        r"value: expected a finite number, got an array of shape \(2,\)",
    ),
    (
        "graph label not text",
        lambda: Value(1.0, label=3),  # type: ignore[arg-type]
        TypeError,
        r"label: expected a str, got 3",
    ),
    (
        "graph add text",
        lambda: Value(1.0) + "2",  # type: ignore[operator]
        TypeError,
        r"other: expected a Value or a number, got '2'",
    ),
    (
        "graph multiply a list",
        lambda: Value(1.0) * [2.0],  # type: ignore[operator]
        TypeError,
        r"other: expected a Value or a number, got \[2.0\]",
    ),
    (
        "graph subtract NaN",
        lambda: Value(1.0) - math.nan,
        ValueError,
        r"other: expected a finite number, got nan",
    ),
    (
        "graph max of None",
        lambda: Value(1.0).maximum(None),  # type: ignore[arg-type]
        TypeError,
        r"other: expected a Value or a number, got None",
    ),
    (
        "graph product overflows",
        lambda: Value(1e200) * 1e200,
        ValueError,
        r"other: expected values whose '\*' and its slopes fit in float64.*1e\+200, 1e\+200",
    ),
    (
        "graph sum overflows",
        lambda: Value(1.7e308) + 1.7e308,
        ValueError,
        r"other: expected values whose '\+' .*fit in float64",
    ),
    (
        "graph power overflows",
        lambda: Value(1e200) ** 2,
        ValueError,
        r"exponent: expected an exponent for which 1e\+200 \*\* exponent and its slope are "
        r"finite real numbers, got 2",
    ),
    (
        "graph root of a negative",
        lambda: Value(-1.0) ** 0.5,
        ValueError,
        r"exponent: expected an exponent for which -1 \*\* exponent .* got 0.5",
    ),
    (
        "graph zero to a negative power",
        lambda: Value(0.0) ** -1,
        ValueError,
        r"exponent: .* 0 \*\* exponent .* got -1",
    ),
    (
        "graph exponent a Value",
        lambda: Value(2.0) ** Value(2.0),  # type: ignore[operator]
        TypeError,
        r"exponent: expected a finite number, got Value\(",
    ),
    (
        "graph unknown activation",
        lambda: Value(1.0).activate("softplus"),
        ValueError,
        r"activation: expected one of .*'relu'.*got 'softplus'",
    ),
    (
        "graph activation a number",
        lambda: Value(1.0).activate(3),  # type: ignore[arg-type]
        TypeError,
        r"activation: expected a name \(str\) or an Activation, got int",
    ),
    (
        "graph activation that overflows",
        lambda: Value(800.0).activate(EXPLODING),
        ValueError,
        r"activation: expected values whose 'exploding' and its slopes fit in float64",
    ),
    (
        "graph slopes overflow",
        lambda: (Value(1e-300) * 1e300 * 1e300).backward(),
        ValueError,
        r"self: expected a graph whose slopes fit in float64",
    ),
    (
        "graph order of a number",
        lambda: topological_order(3.0),  # type: ignore[arg-type]
        TypeError,
        r"value: expected a Value, got 3.0",
    ),
    (
        "graph of a list",
        lambda: network_graph([[1.0]], [1.0], 1.0),  # type: ignore[arg-type]
        TypeError,
        r"network: expected a bpbook Network, got list",
    ),
    (
        "graph of a batch",
        lambda: network_graph(NET, X, Y),
        ValueError,
        r"inputs: expected one example of shape \(2,\).*got a batch of shape \(3, 2\)",
    ),
    (
        "graph inputs too short",
        lambda: network_graph(NET, [1.0], 4.0),
        ValueError,
        r"inputs: expected 2 input node value\(s\) per example, got shape \(1,\)",
    ),
    (
        "graph inputs as text",
        lambda: network_graph(NET, "0 1", 4.0),
        TypeError,
        r"inputs: expected numbers, got str",
    ),
    (
        "graph targets of the wrong shape",
        lambda: network_graph(NET, [0.0, 1.0], [4.0, 5.0]),
        ValueError,
        r"targets: expected shape \(1,\) or a single number",
    ),
    (
        "graph targets NaN",
        lambda: network_graph(NET, [0.0, 1.0], math.nan),
        ValueError,
        r"targets: expected finite numbers, got nan",
    ),
    # -- issue 18: a classifier's targets, softmax, cross-entropy, classes -----------------
    (
        "class label out of range",
        lambda: backward(CLASSIFIER_FP, [0, 1, 3]),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 2, got 3 at index 2$",
    ),
    (
        "class label out of range in an int array",
        lambda: backward(CLASSIFIER_FP, np.array([0, 3, 1], dtype=np.uint8)),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 2, got 3 at index 1$",
    ),
    (
        "negative class label in an int array",
        lambda: backward(CLASSIFIER_FP, np.array([0, 1, -2])),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 2, got -2 at index 2$",
    ),
    (
        "int labels of the wrong shape",
        lambda: backward(CLASSIFIER_FP, np.array([[0], [1], [2]])),
        ValueError,
        r"^targets: expected class labels of shape \(3,\) or one-hot rows of shape \(3, 3\).*"
        r"got shape \(3, 1\)",
    ),
    (
        "negative class label",
        lambda: sgd(CLASSIFIER, X, [0, -1, 2], 0.1, batch_size=3, epochs=1, rng=0),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 2, got -1 at index 1$",
    ),
    (
        "probabilities where labels belong",
        lambda: backward(CLASSIFIER_FP, [0.2, 0.5, 0.3]),
        ValueError,
        r"^targets: expected class labels.*got 0.2 at index 0; probabilities go in rows of "
        r"shape \(3, 3\)",
    ),
    (
        "one-hot row not summing to 1",
        lambda: backward(CLASSIFIER_FP, [[1, 0, 0], [0, 1, 1], [0, 0, 1]]),
        ValueError,
        r"^targets: expected one-hot rows \(or probabilities >= 0 summing to 1\), got row 1 "
        r"summing to 2",
    ),
    (
        "negative entry in a one-hot row",
        lambda: check_gradients(CLASSIFIER, X, [[1, 0, 0], [2, -1, 0], [0, 0, 1]]),
        ValueError,
        r"^targets: expected one-hot rows.*got row 1 summing to 1 with smallest value -1",
    ),
    (
        "class label NaN",
        lambda: backward(CLASSIFIER_FP, [0, np.nan, 1]),
        ValueError,
        r"^targets: expected finite numbers, got nan at index \(1,\)",
    ),
    (
        "class labels of the wrong shape",
        lambda: train(CLASSIFIER, X, [[0], [1], [2]], 0.1, max_steps=1),
        ValueError,
        r"^targets: expected class labels of shape \(3,\) or one-hot rows of shape \(3, 3\).*"
        r"got shape \(3, 1\)",
    ),
    (
        "class labels as text",
        lambda: backward(CLASSIFIER_FP, ["cat", "dog", "cat"]),
        TypeError,
        r"^targets: expected real numbers \(int or float\), got an array of dtype <U3",
    ),
    (
        "one example given several labels",
        lambda: backward(forward(CLASSIFIER, [0.0, 1.0]), [0, 1]),
        ValueError,
        r"^targets: expected class labels of shape \(\) or one-hot rows of shape \(3,\)",
    ),
    (
        "softmax in a hidden layer",
        lambda: Network.random((2, 3, 2), rng=0, hidden="softmax"),
        ValueError,
        r"^activations: expected softmax only in the output layer \(2\), got it in hidden "
        r"layer 1",
    ),
    (
        "softmax over one output node",
        lambda: Network([[[1.0]]], output="softmax"),
        ValueError,
        r"^output: expected at least 2 output nodes \(one per class\) for softmax, got 1",
    ),
    (
        "prediction_slopes for a classifier",
        lambda: backward(CLASSIFIER_FP, prediction_slopes=np.zeros((3, 3))),
        ValueError,
        r"^prediction_slopes: expected a network without a softmax output, got a classifier",
    ),
    (
        "prediction_slopes and targets",
        lambda: backward(forward(NET, X), Y, prediction_slopes=Y),
        ValueError,
        r"^targets: expected targets or prediction_slopes, not both",
    ),
    (
        "prediction_slopes of the wrong shape",
        lambda: backward(forward(NET, X), prediction_slopes=np.ones(3)),
        ValueError,
        r"^prediction_slopes: expected shape \(3, 1\) like the prediction, got shape \(3,\)",
    ),
    (
        "prediction_slopes infinite",
        lambda: backward(forward(NET, X), prediction_slopes=[[1.0], [np.inf], [0.0]]),
        ValueError,
        r"^prediction_slopes: expected finite numbers, got inf at index \(1, 0\)",
    ),
    (
        "prediction_slopes that overflow on the way back",
        lambda: backward(forward(NET, X), prediction_slopes=[[1e308], [1e308], [1e308]]),
        ValueError,
        r"^prediction_slopes: expected prediction_slopes, inputs and weights small enough.*"
        r"largest \|prediction_slope\| 1e\+308",
    ),
    (
        "cross_entropy of one class",
        lambda: cross_entropy([[1.0], [2.0]], [0, 0]),
        ValueError,
        r"^node_inputs: expected one example of shape \(n_classes,\) or a batch.*at least 2 "
        r"classes, got shape \(2, 1\)",
    ),
    (
        "cross_entropy label out of range",
        lambda: cross_entropy([[1.0, 2.0]], [2]),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 1, got 2 at index 0$",
    ),
    (
        "cross_entropy node inputs that overflow",
        lambda: cross_entropy([[-1.5e308, 1.5e308]], [0]),
        ValueError,
        r"^node_inputs: expected node inputs whose spread fits in float64",
    ),
    (
        "predict_class of one output node",
        lambda: predict_class(NET, X),
        ValueError,
        r"^network: expected at least 2 output nodes, one per class, got 1 output node",
    ),
    (
        "predict_class of a non-network",
        lambda: predict_class("net", X),  # type: ignore[arg-type]
        TypeError,
        r"^network: expected a bpbook Network, got str",
    ),
    (
        "accuracy with labels out of range",
        lambda: accuracy(CLASSIFIER, X, [0, 1, 5]),
        ValueError,
        r"^targets: expected class labels, whole numbers 0 to 2, got 5 at index 2$",
    ),
    (
        "accuracy with inputs of the wrong width",
        lambda: accuracy(CLASSIFIER, np.ones((3, 5)), [0, 1, 2]),
        ValueError,
        r"^inputs: expected 2 input node value\(s\) per example, got shape \(3, 5\)",
    ),
]


def _snapshot() -> list[np.ndarray]:
    arrays = [*NET.weights, X, Y, lesson.DEEPER_INPUTS, lesson.SINGLE_WEIGHT_INPUT]
    return [a.copy() for a in arrays]


@pytest.mark.parametrize(
    ("call", "kind", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_raises_a_clear_error_and_changes_nothing(
    call: Callable[[], object], kind: type[Exception], message: str
) -> None:
    assert_clear_error(call, kind, message, _snapshot)


def test_the_table_covers_enough_cases() -> None:
    from tests.bpbook.test_bad_input_api import CASES as API_CASES

    assert len(CASES) >= 80
    assert len(CASES) + len(API_CASES) >= 120, "issue 9: at least 120 cases in all"
    assert len({c[0] for c in CASES}) == len(CASES), "case ids are unique"


def test_network_copies_what_it_is_given() -> None:
    weights = [np.array([[1.0], [2.0]])]
    net = Network(weights)
    weights[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        net.weights[0][0, 0] = 5.0


def test_divergence_error_names_the_epoch_of_the_failing_update() -> None:
    with pytest.raises(TrainingDivergedError) as info:
        sgd(LINEAR, X, Y, 2.0, batch_size=1, epochs=1000, rng=np.random.default_rng(0))
    text = str(info.value)
    update = int(text.split("at update ")[1].split()[0])
    epoch = int(text.split("(epoch ")[1].split(")")[0])
    # Both counted from 1: updates 1-3 are epoch 1, 4-6 epoch 2, ...
    assert epoch == (update - 1) // 3 + 1, (
        f"3 updates per epoch, so update {update} is in epoch {(update - 1) // 3 + 1}"
    )

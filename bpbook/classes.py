"""Classes: what a classifier predicts, and how often it is right.

A network with a softmax output layer is a *classifier*: its node values are the
probabilities of the classes (`bpbook.Network.predict`), and its targets are class
labels or one-hot rows (`bpbook.checks.check_class_targets`). The predicted class of
an example is its most probable class; the *accuracy* is the fraction of examples
whose predicted class is the right one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from bpbook.checks import InputError, InputTypeError, check_class_targets, check_inputs
from bpbook.network import Network

__all__ = ["accuracy", "predict_class"]


def _check_network(network: Any) -> Network:
    if not isinstance(network, Network):
        raise InputTypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    if network.n_outputs < 2:
        raise InputError(
            "network: expected at least 2 output nodes, one per class, got 1 output node"
        )
    return network


def predict_class(network: Network, inputs: Any) -> NDArray[np.int64]:
    """The predicted class of each example: the output node with the largest value.

    Parameters
    ----------
    network : Network
        Usually a classifier (softmax output); any network with at least 2 outputs works
        (the largest output wins; ties go to the lowest class).
    inputs : array-like of shape (n_inputs,) or (n, n_inputs)

    Returns
    -------
    int or ndarray of int
        One class (a 0-D array) for one example, shape ``(n,)`` for a batch.

    Examples
    --------
    >>> from bpbook import Network, predict_class
    >>> net = Network([[[1.0, -1.0, 0.0]]], output="softmax")
    >>> predict_class(net, [[2.0], [-2.0], [0.0]])
    array([0, 1, 0])
    """
    net = _check_network(network)
    classes: NDArray[np.int64] = np.argmax(net.predict(inputs), axis=-1).astype(np.int64)
    return classes


def accuracy(network: Network, inputs: Any, targets: Any) -> float:
    """The fraction of examples whose predicted class is the right one (0 to 1).

    Parameters
    ----------
    network : Network
        As for `predict_class`.
    inputs : array-like of shape (n, n_inputs), or (n_inputs,) for one example
    targets : array-like
        Class labels (shape ``(n,)``) or one-hot rows (shape ``(n, n_classes)``; for
        rows of probabilities the right class is the most probable one).

    Examples
    --------
    >>> from bpbook import Network, accuracy
    >>> net = Network([[[1.0, -1.0]]], output="softmax")
    >>> accuracy(net, [[2.0], [-2.0], [1.0], [3.0]], [0, 1, 1, 0])
    0.75
    """
    net = _check_network(network)
    x = check_inputs(inputs, net.n_inputs)
    rows = check_class_targets(targets, x, net.n_outputs)
    right = np.argmax(rows, axis=-1) == predict_class(net, x)
    return float(np.mean(right))

"""bpbook's softmax + cross-entropy slopes against torch autograd (``make test-torch``).

300 random classifiers (seeded numpy): 1 to 4 layers of weights, hidden widths 1 to 6,
2 to 6 classes, a random hidden activation per layer, biases or none, batches of 1 to
8, targets as class labels or one-hot rows; one in five has node inputs in the
thousands, where a naive softmax overflows. The torch side is written independently of
bpbook (leaf tensors in bpbook's layout, ``torch.nn.functional.cross_entropy``, autograd,
``torch.optim.SGD``): the loss, every weight and bias slope and the weights after one
step must agree to 1e-12 relative, per array as in the page test.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import torch

from bpbook import Network, backward, forward, update_weights
from tests.torch.page import TOLERANCE
from tests.torch.test_pytorch_page import relative_difference

pytestmark = pytest.mark.filterwarnings("error")

TORCH_ACTIVATIONS = {
    "relu": torch.relu,
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
}


def random_classifier(rng: np.random.Generator) -> tuple[Network, Any, Any, float]:
    depth = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(1, 7, size=depth)] + [int(rng.integers(2, 7))]
    weights = [rng.normal(0.0, np.sqrt(2.0 / a), size=(a, b)) for a, b in itertools.pairwise(sizes)]
    if rng.random() < 0.2:
        weights[-1] *= 2000.0
    biases = [rng.normal(0.0, 0.5, size=n) for n in sizes[1:]] if rng.random() < 0.5 else None
    hidden = [str(a) for a in rng.choice(list(TORCH_ACTIVATIONS), size=depth - 1)]
    network = Network(weights, activations=[*hidden, "softmax"], biases=biases)
    batch = int(rng.integers(1, 9))
    inputs = rng.normal(size=(batch, sizes[0]))
    labels = rng.integers(sizes[-1], size=batch)
    targets = labels if rng.random() < 0.5 else np.eye(sizes[-1])[labels]
    return network, inputs, targets, float(rng.uniform(0.001, 0.5))


def torch_step(network: Network, inputs: Any, targets: Any, rate: float) -> dict[str, Any]:
    """Loss, slopes and the weights after one SGD step, by torch alone."""
    weights = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in network.weights]
    biases = [
        None if b is None else torch.tensor(b, dtype=torch.float64, requires_grad=True)
        for b in network.biases
    ]
    values = torch.tensor(inputs, dtype=torch.float64)
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        z = values @ w if b is None else values @ w + b
        last = k == len(weights) - 1
        values = z if last else TORCH_ACTIVATIONS[network.activations[k].name](z)
    t = torch.tensor(targets)
    loss = torch.nn.functional.cross_entropy(values, t if t.dtype == torch.int64 else t.double())
    loss.backward()
    result = {
        "loss": loss.item(),
        "weight slopes": [w.grad.numpy().copy() for w in weights],
        "bias slopes": [None if b is None else b.grad.numpy().copy() for b in biases],
    }
    parameters = [*weights, *(b for b in biases if b is not None)]
    torch.optim.SGD(parameters, lr=rate).step()
    result["weights"] = [w.detach().numpy() for w in weights]
    result["biases"] = [None if b is None else b.detach().numpy() for b in biases]
    return result


def compare(network: Network, inputs: Any, targets: Any, rate: float) -> dict[str, float]:
    slopes = backward(forward(network, inputs), targets)
    updated = update_weights(network, slopes, rate)
    theirs = torch_step(network, inputs, targets, rate)
    if slopes.loss == 0.0:  # every example certain and right: an exact 0 must be matched
        assert theirs["loss"] == 0.0, theirs["loss"]
        errors = {"loss": 0.0}
    else:
        errors = {"loss": abs(theirs["loss"] - slopes.loss) / abs(slopes.loss)}
    pairs = [
        ("weight slopes", theirs["weight slopes"], slopes.weight_slopes),
        ("bias slopes", theirs["bias slopes"], slopes.bias_slopes),
        ("weights after one step", theirs["weights"], updated.weights),
        ("biases after one step", theirs["biases"], updated.biases),
    ]
    for name, mine, bpbooks in pairs:
        for a, b in zip(mine, bpbooks, strict=True):
            assert (a is None) == (b is None), name
            if b is not None and np.abs(b).max() > 0.0:
                errors[name] = max(errors.get(name, 0.0), relative_difference(a, b))
            elif b is not None:
                assert np.array_equal(a, b), name
    return errors


def test_softmax_cross_entropy_slopes_equal_torch_autograd_on_300_random_classifiers() -> None:
    rng = np.random.default_rng(20261207)
    cases = [random_classifier(rng) for _ in range(300)]
    worst: dict[str, float] = {}
    for case in cases:
        for name, error in compare(*case).items():
            worst[name] = max(worst.get(name, 0.0), error)
    summary = ", ".join(f"{name} {error:.1e}" for name, error in sorted(worst.items()))
    print(f"\nbpbook vs torch autograd, {len(cases)} classifiers; worst: {summary}")
    assert max(worst.values()) <= TOLERANCE, summary
    assert set(worst) == {
        "loss",
        "weight slopes",
        "bias slopes",
        "weights after one step",
        "biases after one step",
    }
    assert {len(n.weights) for n, *_ in cases} == {1, 2, 3, 4}
    assert {n.n_outputs for n, *_ in cases} == {2, 3, 4, 5, 6}
    largest = max(float(np.abs(forward(n, x).node_inputs[-1]).max()) for n, x, *_ in cases)
    assert largest > 1000.0, "some node inputs should be where a naive softmax overflows"

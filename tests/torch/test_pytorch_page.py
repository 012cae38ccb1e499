"""The PyTorch code of docs/pytorch.md, run after the page's bpbook code (``make test-torch``).

The page's python fences run in order in one namespace, as a reader would run them:
the bpbook fence builds the network, its slopes and the updated network; the PyTorch
fences (``notest title="PyTorch"``) build the same network in torch, compare and step.
The tests then check the page's claims from that namespace, independently of the
page's own ``assert`` lines: the loss, every weight and bias slope, and the weights and
biases after one ``torch.optim.SGD`` step agree with bpbook to ``TOLERANCE`` relative.
"""

from __future__ import annotations

import contextlib
import io
import re
from functools import cache
from typing import Any

import numpy as np
import pytest
import torch

from tests.torch.page import TOLERANCE, python_fences

# A warning from the page's code (a deprecated call, a copy PyTorch complains about)
# would greet every reader who runs it: it fails the test.
pytestmark = pytest.mark.filterwarnings("error")


def relative_difference(mine: Any, theirs: Any) -> float:
    """``max |mine - theirs| / max |theirs|`` over the array (as the page computes it)."""
    a, b = np.asarray(mine, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert a.shape == b.shape, (a.shape, b.shape)
    scale = float(np.abs(b).max())
    assert scale > 0.0, "an all-zero array proves nothing"
    return float(np.abs(a - b).max()) / scale


@cache
def run_page() -> tuple[dict[str, Any], tuple[str, ...]]:
    """The namespace after every python fence of the page, and what each fence printed."""
    namespace: dict[str, Any] = {"__name__": "pytorch_page"}
    printed = []
    for fence in python_fences():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(fence.code, f"docs/pytorch.md:{fence.line}", "exec"), namespace)
        printed.append(out.getvalue())
    return namespace, tuple(printed)


def test_the_page_has_bpbook_code_then_pytorch_code() -> None:
    fences = python_fences()
    assert not fences[0].is_torch and "exec=on" in fences[0].options
    assert [f.is_torch for f in fences[1:]] == [True] * 4


def test_pytorch_computes_in_float32_unless_told_otherwise() -> None:
    """The page: PyTorch runs in 32-bit numbers unless told otherwise."""
    assert torch.get_default_dtype() == torch.float32
    assert torch.nn.Linear(2, 2).weight.dtype == torch.float32
    assert torch.tensor([0.5]).dtype == torch.float32


def test_backward_adds_to_grad_so_loops_call_zero_grad() -> None:
    """The page: backward *adds* its slopes to .grad; optimiser.zero_grad() clears them."""
    weight = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.SGD([weight], lr=0.1)
    for _ in range(2):
        ((3.0 * weight - 10.0) ** 2).sum().backward()
    assert weight.grad is not None and weight.grad.item() == 2 * -24.0
    optimiser.zero_grad()
    ((3.0 * weight - 10.0) ** 2).sum().backward()
    assert weight.grad is not None and weight.grad.item() == -24.0


def test_float64_torch_network_holds_bpbooks_weights_before_the_step() -> None:
    ns, _ = run_page()
    linears = ns["linears"]
    assert all(layer.weight.dtype == torch.float64 for layer in linears)
    network = ns["network"]
    assert network.is_classifier and len(linears) == len(network.weights)
    # After the page's step the torch weights are the updated ones, and they moved.
    for k, layer in enumerate(linears):
        moved = relative_difference(layer.weight.detach().numpy().T, network.weights[k])
        assert moved > 1e-6, f"layer {k + 1}: the SGD step did not move the weights"


def test_loss_and_every_slope_agree_with_bpbook() -> None:
    ns, _ = run_page()
    slopes, linears = ns["slopes"], ns["linears"]
    errors = {"loss": abs(ns["loss"].item() - slopes.loss) / abs(slopes.loss)}
    for k, layer in enumerate(linears, start=1):
        errors[f"weights {k}"] = relative_difference(
            layer.weight.grad.numpy().T, slopes.weight_slopes[k - 1]
        )
        errors[f"biases {k}"] = relative_difference(
            layer.bias.grad.numpy(), slopes.bias_slopes[k - 1]
        )
    print(errors)
    assert max(errors.values()) <= TOLERANCE, errors
    # The page's own table of differences says the same.
    assert ns["differences"].keys() == {
        "loss",
        "weight slopes, layer 1",
        "bias slopes, layer 1",
        "weight slopes, layer 2",
        "bias slopes, layer 2",
    }
    assert max(ns["differences"].values()) <= TOLERANCE


def test_one_sgd_step_gives_bpbooks_updated_weights() -> None:
    ns, _ = run_page()
    updated = ns["updated"]
    for k, layer in enumerate(ns["linears"]):
        assert relative_difference(layer.weight.detach().numpy().T, updated.weights[k]) <= TOLERANCE
        assert relative_difference(layer.bias.detach().numpy(), updated.biases[k]) <= TOLERANCE


def test_torch_prints_the_same_loss_and_slopes_as_bpbook() -> None:
    """The page says: when you run it, the loss and the slopes print the same digits."""
    _, printed = run_page()
    bpbook_out, torch_out = printed[0], printed[2]
    assert re.match(r"loss: \d\.\d{6}\n", bpbook_out), bpbook_out
    assert torch_out == bpbook_out


def test_printed_differences_are_rounding_size() -> None:
    """The page: each printed difference is 0 or rounding, far below the tolerance."""
    ns, printed = run_page()
    rows = printed[3].splitlines()
    assert len(rows) == len(ns["differences"]) == 5
    assert max(ns["differences"].values()) < TOLERANCE / 100
    assert all(re.fullmatch(r"[a-z0-9 ,]+ \d\.\de[+-]\d\d", row) for row in rows), rows

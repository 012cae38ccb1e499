"""The PyTorch block of the cookbook's task 9, run as a reader runs it (``make test-torch``).

The cookbook's PyTorch fence (``python notest title="PyTorch"``) is not run by ``make
test``: torch is no dependency of the book. Here it runs whole, in a fresh namespace, and
the page's claims are checked from what it leaves: the same network as task 4 (one input,
16 tanh nodes, one output, no biases, float64), trained by plain SGD at bpbook's rate
with batches of 20 for 500 epochs, ending with a mean squared error on all the data
below 0.01, as task 4's bpbook run does (the block asserts it).
"""

from __future__ import annotations

import contextlib
import io
from functools import cache
from typing import Any

import numpy as np
import pytest
import torch

from tests.torch.page import COOKBOOK, python_fences

pytestmark = pytest.mark.filterwarnings("error")


@cache
def run_torch_block() -> tuple[dict[str, Any], str]:
    """The namespace after the cookbook's one PyTorch fence, and what it printed."""
    fences = [f for f in python_fences(page=COOKBOOK) if f.is_torch]
    assert len(fences) == 1, [f.line for f in fences]
    namespace: dict[str, Any] = {"__name__": "cookbook_task_9"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(fences[0].code, f"docs/cookbook.md:{fences[0].line}", "exec"), namespace)
    return namespace, out.getvalue()


def test_the_torch_network_is_task_4s_network() -> None:
    ns, _ = run_torch_block()
    linears = [m for m in ns["model"] if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(1, 16), (16, 1)]
    assert all(m.bias is None and m.weight.dtype == torch.float64 for m in linears)
    assert isinstance(ns["model"][1], torch.nn.Tanh)
    assert ns["inputs"].shape == (200, 1)
    np.testing.assert_array_equal(ns["inputs"].numpy().ravel(), np.linspace(-np.pi, np.pi, 200))


def test_plain_sgd_at_bpbooks_rate_batches_of_20_for_500_epochs() -> None:
    ns, _ = run_torch_block()
    optimiser = ns["optimiser"]
    assert type(optimiser) is torch.optim.SGD
    (group,) = optimiser.param_groups
    assert group["lr"] == 0.05 and group["momentum"] == 0 and group["weight_decay"] == 0
    assert ns["loader"].batch_size == 20 and ns["epoch"] == 499  # counted from 0


def test_it_fits_like_task_4() -> None:
    ns, printed = run_torch_block()
    with torch.no_grad():
        mse = float(((ns["model"](ns["inputs"]) - torch.sin(ns["inputs"])) ** 2).mean())
    assert mse == pytest.approx(ns["final_loss"], rel=1e-12)
    assert mse < 0.01
    assert printed == ""  # the block prints nothing: its assert states the claim

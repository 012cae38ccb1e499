"""When a finite difference cannot check a ReLU network's slopes (shared by the tests)."""

from __future__ import annotations

import numpy as np

from bpbook import Network, forward


def near_relu_kink(net: Network, inputs: np.ndarray, h: float) -> bool:
    """True if a nudge of 2h to a weight or bias could move a ReLU node input across 0.

    Finite differences are invalid across a kink, so such a case is skipped, not failed.
    """
    fp = forward(net, inputs)
    reach = 2 * h * (1 + max(np.abs(v).max() for v in fp.node_values))
    reach *= max(1.0, *(np.abs(w).sum(axis=0).max() for w in net.weights)) ** len(net.weights)
    return any(
        act.name == "relu" and bool((np.abs(z) < reach).any())
        for z, act in zip(fp.node_inputs, net.activations, strict=True)
    )

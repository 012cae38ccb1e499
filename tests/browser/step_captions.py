"""bpbook's step-through captions for a network, to compare with the page's explorable."""

from __future__ import annotations

from typing import Any

from bpbook import Network, backward, forward, three_factor_table, update_weights
from bpbook.figures import backprop_steps


def step_captions(network: Network, inputs: Any, target: Any, learning_rate: float) -> list[str]:
    """The captions of `backprop_steps` for one example, the update step included."""
    forward_pass = forward(network, inputs)
    slopes = backward(forward_pass, target)
    table = three_factor_table(network, inputs, target)
    updated = update_weights(network, slopes, learning_rate)
    steps = backprop_steps(
        forward_pass, slopes, table, learning_rate=learning_rate, updated=updated
    )
    return [step.caption for step in steps]

# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""docs/glossary.md: its worked example is bpbook's, and every term has its anchor."""

from __future__ import annotations

import numpy as np

from bpbook import Network, backward, forward
from tests.book.prose import assert_prose_says, deeper_factors, num, page_text


class TestGlossaryPage:
    def test_chain_rule_example_uses_the_bottom_output_weight(self) -> None:
        row = deeper_factors(layer=2, from_node=1, to_node=0)
        scale = row.value_feeding_in * row.slope_of_node_fed
        assert scale == 18, f"expected 3 × 6 = 18, got {scale}"
        assert_prose_says(
            "glossary.md",
            f"scaled by {num(row.value_feeding_in)} at one step and by "
            f"{num(row.slope_of_node_fed)} at the next, it is scaled by {num(scale)} overall",
        )

    def test_every_glossary_anchor_exists(self) -> None:
        anchors = (
            "slope gradient derivative node-value node-input weight error loss squared-error "
            "mean-squared-error activation-function relu activation-slope forward-propagation "
            "backward-propagation three-factor-rule chain-rule learning-rate gradient-descent "
            "stochastic-gradient-descent batch batch-size epoch finite-difference "
            "relative-error recap-loop node-input-slope computational-graph"
        ).split()
        text = page_text("glossary.md")
        missing = [a for a in anchors if f"{{#{a}}}" not in text]
        assert not missing, f"glossary.md lacks the anchors {missing}"


def test_notation_box_indices_match_bpbook() -> None:
    network = Network.random((2, 3, 4, 1), np.random.default_rng(0))
    fp = forward(network, [0.5, -1.0])
    slopes = backward(fp, 1.0)
    layers = len(network.weights)  # layers of weights: 1 .. layers
    assert len(fp.node_values) == layers + 1, "node_values should have the input layer too"
    for name, per_layer in {
        "node_inputs": fp.node_inputs,
        "node_slopes": slopes.node_slopes,
        "activation_slopes": slopes.activation_slopes,
        "node_input_slopes": slopes.node_input_slopes,
        "weight_slopes": slopes.weight_slopes,
    }.items():
        assert len(per_layer) == layers, f"{name}: expected one entry per layer of weights"
    for k in range(1, layers + 1):
        size = network.layer_sizes[k]
        assert fp.node_values[k].shape == (size,) == fp.node_inputs[k - 1].shape
        assert slopes.weight_slopes[k - 1].shape == network.weights[k - 1].shape
        assert network.weights[k - 1].shape == (network.layer_sizes[k - 1], size)
        assert np.allclose(
            slopes.node_input_slopes[k - 1],
            slopes.node_slopes[k - 1] * slopes.activation_slopes[k - 1],
        )
    text = page_text("glossary.md")
    for snippet in (
        "`forward_pass.node_values[k][j]`",
        "`forward_pass.node_inputs[k - 1][j]`",
        "`slopes.node_slopes[k - 1][j]`",
        "`slopes.weight_slopes[k - 1][i, j]`",
        "`network.weights[k - 1][i, j]`",
        "{#notation}",
    ):
        assert snippet in text, f"glossary.md's notation box no longer says {snippet}"


def test_the_notation_box_states_how_updates_and_epochs_are_counted() -> None:
    """Issue 20 item 3: one counting convention, stated where the reader looks it up."""
    assert_prose_says("glossary.md", "Updates and epochs are counted from 1")
    assert_prose_says("glossary.md", "update $u$'s loss is `history.loss_per_update[u - 1]`")

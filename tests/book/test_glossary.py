# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""docs/glossary.md: its worked example is bpbook's, and every term has its anchor."""

from __future__ import annotations

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
            "relative-error recap-loop"
        ).split()
        text = page_text("glossary.md")
        missing = [a for a in anchors if f"{{#{a}}}" not in text]
        assert not missing, f"glossary.md lacks the anchors {missing}"

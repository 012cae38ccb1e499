# The prose uses typographic signs (×, −); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""three-factor.md: the sentences added by issue 12 say what bpbook computes."""

from __future__ import annotations

from bpbook import Network, forward, lesson, three_factors
from tests.prose import assert_prose_says, num

PAGE = "three-factor.md"


def test_the_weights_own_size_changes_its_slope_through_the_error() -> None:
    first_layer, _ = lesson.deeper_network().weights
    smaller = Network([first_layer, [[1.0], [1.5]]])
    prediction = float(forward(smaller, lesson.DEEPER_INPUTS).prediction[0])
    row = three_factors(
        smaller, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET, layer=2, from_node=1, to_node=0
    )
    original = three_factors(
        lesson.deeper_network(),
        lesson.DEEPER_INPUTS,
        lesson.DEEPER_TARGET,
        layer=2,
        from_node=1,
        to_node=0,
    )
    assert (prediction, row.product, original.product) == (5.5, 9.0, 18.0), (
        f"expected prediction 5.5, slope 9 (was 18); got {prediction}, {row.product}, "
        f"{original.product}"
    )
    error = prediction - lesson.DEEPER_TARGET
    assert_prose_says(PAGE, f"Set the bottom output weight to {num(1.5)} instead of 2")
    assert_prose_says(
        PAGE,
        f"the prediction drops to {num(prediction)}, the error to {num(error)} and the "
        f"output node's slope to {num(row.slope_of_node_fed)}",
    )
    assert_prose_says(
        PAGE,
        f"{num(row.value_feeding_in)} × {num(row.slope_of_node_fed)} × "
        f"{num(row.activation_slope)} = {num(row.product)} instead of {num(original.product)}",
    )

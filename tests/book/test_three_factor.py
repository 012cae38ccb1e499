# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
# The prose uses typographic signs (×, −); the snippets must match it exactly.
"""The numbers docs/three-factor.md quotes are the ones bpbook computes."""

from __future__ import annotations

from bpbook import (
    Network,
    backward,
    forward,
    lesson,
    squared_error,
    three_factor_table,
    three_factors,
)
from tests.book.prose import assert_prose_says, deeper, deeper_factors, factors_text, num


class TestThreeFactorPage:
    page = "three-factor.md"

    def test_quotes_the_output_node_slope(self) -> None:
        _, slopes = deeper()
        err, slope = slopes.error[0], slopes.node_slopes[1][0]
        assert (err, slope) == (3, 6), f"expected error 3 and output slope 6, got {err}, {slope}"
        assert_prose_says(
            self.page,
            f"the prediction is 7, the target is {num(lesson.DEEPER_TARGET)}, so the error is "
            f"{num(err)} and the slope of the loss with respect to the output node is "
            f"2 × {num(err)} = {num(slope)}",
        )

    def test_quotes_the_output_node_input_and_activation_slope(self) -> None:
        fp, slopes = deeper()
        z, act = fp.node_inputs[1][0], slopes.activation_slopes[1][0]
        assert (z, act) == (7, 1), f"expected node input 7 and activation slope 1, got {z}, {act}"
        assert_prose_says(self.page, f"Its node input is {num(z)}")
        assert_prose_says(self.page, f"the slope of its activation function there is {num(act)}")

    def test_quotes_the_top_output_weight_slope(self) -> None:
        row = deeper_factors(layer=2, from_node=0, to_node=0)
        assert row.product == row.backprop_slope == 6, f"expected 1 × 6 × 1 = 6, got {row}"
        assert_prose_says(
            self.page,
            f"comes from the hidden node whose value is {num(row.value_feeding_in)}. "
            f"Its slope is {factors_text(row)}.",
        )

    def test_quotes_the_bottom_output_weight_slope(self) -> None:
        row = deeper_factors(layer=2, from_node=1, to_node=0)
        assert row.product == row.backprop_slope == 18, f"expected 3 × 6 × 1 = 18, got {row}"
        assert_prose_says(
            self.page,
            f"comes from the hidden node whose value is {num(row.value_feeding_in)}. "
            f"Its slope is {factors_text(row)}.",
        )
        assert_prose_says(
            self.page,
            f"$a_i = {num(row.value_feeding_in)}$, "
            f"$\\frac{{\\partial L}}{{\\partial a_j}} = {num(row.slope_of_node_fed)}$, "
            f"$f'(z_j) = {num(row.activation_slope)}$, so the slope is {num(row.product)}",
        )

    def test_bottom_weight_gets_three_times_the_top_slope(self) -> None:
        top = deeper_factors(layer=2, from_node=0, to_node=0)
        bottom = deeper_factors(layer=2, from_node=1, to_node=0)
        assert bottom.product == 3 * top.product, (
            f"expected 18 = 3 × 6, got {bottom.product}, {top.product}"
        )
        assert_prose_says(self.page, "gets three times the slope of the top one")

    def test_quotes_the_nudge_of_the_bottom_output_weight(self) -> None:
        network = lesson.deeper_network()
        first, second = network.weights
        nudged = second.copy()
        nudged[1, 0] += 0.001
        target = [lesson.DEEPER_TARGET]
        before = squared_error(network.predict(lesson.DEEPER_INPUTS), target)
        after = squared_error(
            network.with_weights([first, nudged]).predict(lesson.DEEPER_INPUTS), target
        )
        change = after - before
        assert round(change, 3) == 0.018, f"expected the loss to rise by about 0.018, got {change}"
        assert_prose_says(
            self.page,
            f"from {num(second[1, 0])} to {num(second[1, 0] + 0.001)} and the loss goes up by "
            f"about {num(round(change, 3))}, which is 18 times the nudge",
        )

    def test_quotes_the_zero_factor_example(self) -> None:
        fp = forward(lesson.deeper_network(), [0.0, -1.0])
        slopes = backward(fp, lesson.DEEPER_TARGET)
        assert (fp.node_inputs[0] < 0).all(), (
            f"expected negative hidden inputs, got {fp.node_inputs[0]}"
        )
        assert all((s == 0).all() for s in slopes.weight_slopes), (
            f"expected every weight slope 0, got {slopes.weight_slopes}"
        )
        assert_prose_says(self.page, f"given the inputs 0 and {num(-1)} instead")
        assert_prose_says(self.page, "Every weight's slope is 0")

    def test_summary_repeats_both_output_weight_slopes(self) -> None:
        top = deeper_factors(layer=2, from_node=0, to_node=0)
        bottom = deeper_factors(layer=2, from_node=1, to_node=0)
        assert_prose_says(
            self.page, f"{factors_text(top)} (top) and {factors_text(bottom)} (bottom)"
        )


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


def test_at_a_softmax_output_factors_two_and_three_merge_into_p_minus_t() -> None:
    classifier = Network([[[1.0, 0.0, -1.0]]], output="softmax")
    p = forward(classifier, [1.0]).prediction
    assert [f"{v:.3f}" for v in p] == ["0.665", "0.245", "0.090"]
    table = three_factor_table(classifier, [1.0], 0)
    slopes = [row.slope_of_node_fed for row in table]
    assert f"{slopes[0]:.3f}" == "-0.335" and slopes[1] == p[1] and slopes[2] == p[2]
    assert table.note.startswith("layer 1 (softmax + cross-entropy): node slope = p - t")
    assert_prose_says(
        PAGE, "The node inputs 1, 0 and −1 give probabilities 0.665, 0.245 and 0.090."
    )
    assert_prose_says(PAGE, "The right class gets 0.665 − 1 = −0.335: a negative slope")
    assert_prose_says(PAGE, "comes out remarkably simple: $p - t$, the node's probability")

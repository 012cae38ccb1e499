# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers docs/layer-back.md quotes are the ones bpbook computes."""

from __future__ import annotations

import numpy as np

from bpbook import check_gradients, forward, lesson
from tests.book.prose import assert_prose_says, deeper, deeper_factors, factors_text, num


class TestLayerBackPage:
    page = "layer-back.md"

    def test_quotes_the_output_node_slope_and_activation_slope(self) -> None:
        _, slopes = deeper()
        slope, act = slopes.node_slopes[1][0], slopes.activation_slopes[1][0]
        assert (slope, act) == (6, 1), (
            f"expected output slope 6 and activation slope 1, got {slope}, {act}"
        )
        assert_prose_says(
            self.page,
            f"The output node's own slope (the slope of the loss with respect to that node, "
            f"not to a weight) is {num(slope)} and its activation slope is {num(act)}",
        )

    def test_quotes_the_hidden_node_slopes(self) -> None:
        _, slopes = deeper()
        top, bottom = slopes.node_slopes[0]
        w_top, w_bottom = lesson.deeper_network().weights[1][:, 0]
        output_slope = slopes.node_slopes[1][0]
        assert (top, bottom) == (w_top * output_slope, w_bottom * output_slope) == (6, 12), (
            f"expected hidden node slopes 1 × 6 = 6 and 2 × 6 = 12, got {top}, {bottom}"
        )
        assert_prose_says(
            self.page,
            f"the top hidden node (outgoing weight {num(w_top)}) has slope "
            f"{num(w_top)} × {num(output_slope)} = {num(top)}",
        )
        assert_prose_says(
            self.page,
            f"the bottom hidden node (outgoing weight {num(w_bottom)}) has slope "
            f"{num(w_bottom)} × {num(output_slope)} = {num(bottom)}",
        )
        assert_prose_says(
            self.page,
            f"top hidden node {num(w_top)} × {num(output_slope)} = {num(top)}, bottom hidden "
            f"node {num(w_bottom)} × {num(output_slope)} = {num(bottom)}",
        )

    def test_quotes_the_first_layer_inputs_and_relu_slopes(self) -> None:
        fp, slopes = deeper()
        z_top, z_bottom = fp.node_inputs[0]
        assert (z_top, z_bottom) == (1, 3), (
            f"expected hidden node inputs 1 and 3, got {fp.node_inputs[0]}"
        )
        assert slopes.activation_slopes[0].tolist() == [1, 1]
        assert_prose_says(
            self.page,
            f"The input nodes have values {num(fp.node_values[0][0])} (top) and "
            f"{num(fp.node_values[0][1])} (bottom); both hidden nodes have positive node "
            f"inputs ({num(z_top)} and {num(z_bottom)}), so both ReLU activation slopes are 1",
        )

    def test_table_of_the_four_first_layer_weights(self) -> None:
        names = {0: "top hidden", 1: "bottom hidden"}
        for to_node in (0, 1):
            for from_node in (0, 1):
                row = deeper_factors(layer=1, from_node=from_node, to_node=to_node)
                assert row.product == row.backprop_slope, (
                    f"product {row.product} != backprop {row.backprop_slope}"
                )
                assert_prose_says(
                    self.page,
                    f"| input {from_node} → {names[to_node]} | {num(row.value_feeding_in)} | "
                    f"{num(row.slope_of_node_fed)} | {num(row.activation_slope)} | "
                    f"{factors_text(row)} |",
                )

    def test_summary_lists_the_first_layer_slopes(self) -> None:
        _, slopes = deeper()
        (a, c), (b, d) = slopes.weight_slopes[0]  # rows: input 0, input 1
        assert [a, b, c, d] == [0, 6, 0, 12], f"expected slopes 0, 6, 0, 12, got {[a, b, c, d]}"
        assert_prose_says(self.page, f"slopes {num(a)}, {num(b)}, {num(c)} and {num(d)}")
        assert_prose_says(
            self.page, "The two weights leaving the input node of value 0 get slope 0"
        )

    def test_common_slip_weight_slope_versus_node_slope(self) -> None:
        outgoing = deeper_factors(layer=2, from_node=1, to_node=0)
        into = deeper_factors(layer=1, from_node=1, to_node=1)
        _, slopes = deeper()
        node_slope = slopes.node_slopes[0][1]
        w = lesson.deeper_network().weights[1][1, 0]
        assert outgoing.product == 18 and node_slope == 12 and into.product == 12, (
            f"expected outgoing weight slope 18, node slope 12, weight-into slope 12; got "
            f"{outgoing.product}, {node_slope}, {into.product}"
        )
        wrong = into.value_feeding_in * outgoing.product * into.activation_slope
        assert wrong == 18, f"expected the slip to give 18, got {wrong}"
        assert_prose_says(
            self.page,
            f"**{num(outgoing.product)}** is the slope of the bottom hidden node's *outgoing "
            f"weight* (the weight {num(w)} into the output). By the three-factor rule it is "
            f"{num(outgoing.value_feeding_in)} × {num(outgoing.slope_of_node_fed)} × "
            f"{num(outgoing.activation_slope)}",
        )
        assert_prose_says(
            self.page,
            f"**{num(node_slope)}** is the slope of the *node itself*",
        )
        assert_prose_says(
            self.page, f"It is {num(w)} × {num(outgoing.slope_of_node_fed)}: the outgoing weight"
        )
        assert_prose_says(self.page, f"labels the bottom hidden node with {num(outgoing.product)}")
        assert_prose_says(
            self.page,
            f"a slope of {num(into.value_feeding_in)} × {num(outgoing.product)} × "
            f"{num(into.activation_slope)} = {num(wrong)}. The right value is "
            f"{factors_text(into)}.",
        )
        assert_prose_says(
            self.page,
            f"{num(outgoing.product)} belongs to the bottom hidden node's outgoing weight; the "
            f"node's own slope is {num(node_slope)}",
        )

    def test_finite_difference_settles_the_slip(self) -> None:
        check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
        estimate = check.numerical_slopes[0][1, 1]
        assert abs(estimate - 12) < 1e-6, f"expected a finite difference of 12, got {estimate}"
        assert abs(estimate - 18) > 5, f"the finite difference {estimate} should rule out 18"
        assert check.passed()
        assert_prose_says(
            self.page,
            "If the weight's slope is 12, the loss should move by about $12\\varepsilon$; if "
            "it were 18, by about $18\\varepsilon$.",
        )
        assert_prose_says(self.page, "the weight into it has slope 12, not 18")

    def test_backward_agrees_with_the_node_slope(self) -> None:
        _, slopes = deeper()
        slope = slopes.weight_slopes[0][1, 1]
        assert slope == 12, (
            f"expected backward to give 12 for input 1 -> bottom hidden, got {slope}"
        )
        assert_prose_says(self.page, f"`backward` agrees with {num(slope)}")

    def test_batch_example_switches_off_the_bottom_hidden_node(self) -> None:
        inputs = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, -1.0]])
        fp = forward(lesson.deeper_network(), inputs)
        top, bottom = fp.node_inputs[0][2]
        assert top > 0 > bottom, (
            f"expected the third example to give the top hidden node a positive and the bottom "
            f"one a negative node input, got {fp.node_inputs[0][2]}"
        )
        assert_prose_says(
            self.page,
            "The third example makes the bottom hidden node's node input negative, so its ReLU "
            "activation slope is 0",
        )


def test_unseen_weights_change_no_weight_slope_but_do_change_the_input_slope() -> None:
    """Issue 20 item 6: the page said they change 'neither the prediction nor any other slope'."""
    from bpbook import Network, backward
    from tests.book.prose import prose

    page = "layer-back.md"
    base = lesson.deeper_network()
    slopes = {}
    for unseen in ([0.0, 0.0], [-5.0, 2.5]):
        first = base.weights[0].copy()
        first[0] = unseen
        net = Network([first, base.weights[1]])
        s = backward(forward(net, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
        slopes[tuple(unseen)] = s
        # The slope of the loss w.r.t. input 0: sum over its weights of weight x node-input slope.
        delta = s.node_input_slopes[0]
        assert float(first[0] @ delta) == 6 * unseen[0] + 12 * unseen[1]
        assert delta.tolist() == [6.0, 12.0]
    a, b = slopes.values()
    for wa, wb in zip(a.weight_slopes, b.weight_slopes, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert_prose_says(
        page, "for this example they change neither the prediction nor the slope of any weight"
    )
    assert_prose_says(page, "6 × (first of them) + 12 × (second)")
    assert_prose_says(page, "for an example whose first input is not 0, they feed in something")
    assert "nor any other slope" not in prose(page)


def test_the_algorithm_does_not_list_the_update_as_backward_propagation() -> None:
    """Issue 20 item 6: backward propagation finds slopes only (as the glossary says)."""
    from tests.book.prose import page_text

    page = "layer-back.md"
    algorithm = page_text(page).split("## Every layer: the algorithm")[1].split("```")[0]
    assert "**Update.**" not in algorithm
    assert_prose_says(
        page, "That is all of backward propagation: it finds slopes and changes nothing"
    )
    assert_prose_says(page, "the **update** subtracts learning rate × slope from every weight")
    assert_prose_says("glossary.md", "Finding the slope of the loss with respect to every node")

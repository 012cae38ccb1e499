# The prose uses typographic signs (×, −, →, ²); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF002, RUF003
"""The numbers quoted in the prose of the first chapters are the numbers bpbook computes.

Pages: index.md, forward.md, loss-slope.md, three-factor.md, layer-back.md and
glossary.md. Each test computes a number (or a small sum) with bpbook, checks it is
the lesson's value, and then checks that the page's prose -- the text outside code
fences -- still says it in those words. Prose is compared with line breaks and
Markdown links flattened (``[slope](glossary.md#slope)`` reads as ``slope``), so
rewrapping a paragraph does not break a test, but changing a number does.

Negative numbers are printed in the prose with a real minus sign (U+2212).
"""

from __future__ import annotations

import numpy as np

from bpbook import (
    RELU,
    backward,
    check_gradients,
    error,
    forward,
    gradient_descent_step,
    lesson,
    squared_error,
    three_factors,
    update_weights,
)
from tests.prose import assert_prose_says, num, page_text


def deeper() -> tuple[object, object]:
    """Forward pass and slopes of the lesson's deeper network on its one example."""
    fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    return fp, backward(fp, lesson.DEEPER_TARGET)


def deeper_factors(layer: int, from_node: int, to_node: int):  # type: ignore[no-untyped-def]
    return three_factors(
        lesson.deeper_network(),
        lesson.DEEPER_INPUTS,
        lesson.DEEPER_TARGET,
        layer=layer,
        from_node=from_node,
        to_node=to_node,
    )


def factors_text(row) -> str:  # type: ignore[no-untyped-def]
    """``"3 × 6 × 1 = 18"`` for a ThreeFactorRow."""
    return (
        f"{num(row.value_feeding_in)} × {num(row.slope_of_node_fed)} × "
        f"{num(row.activation_slope)} = {num(row.product)}"
    )


# -- index.md ------------------------------------------------------------------------


class TestStartHerePage:
    def test_quotes_the_deeper_network_prediction(self) -> None:
        prediction = lesson.deeper_network().predict(lesson.DEEPER_INPUTS)
        assert prediction.tolist() == [7.0], f"expected prediction [7.0], got {prediction}"
        assert_prose_says("index.md", f"Its prediction is {num(prediction[0])}")

    def test_states_relu_slope_at_zero(self) -> None:
        slope_at_zero = RELU.slope(np.array([0.0]))[0]
        assert slope_at_zero == 0, f"expected ReLU slope 0 at exactly 0, got {slope_at_zero}"
        assert_prose_says("index.md", f"bpbook uses {num(slope_at_zero)} there")


# -- forward.md ----------------------------------------------------------------------


class TestForwardPage:
    page = "forward.md"

    def test_quotes_the_input_values(self) -> None:
        top, bottom = lesson.DEEPER_INPUTS
        assert (top, bottom) == (0, 1), f"expected inputs (0, 1), got {(top, bottom)}"
        assert_prose_says(self.page, f"are {num(top)} (top) and {num(bottom)} (bottom)")

    def test_quotes_the_weights_from_the_input_of_value_one(self) -> None:
        to_top, to_bottom = lesson.deeper_network().weights[0][1]
        assert (to_top, to_bottom) == (1, 3), f"expected weights 1 and 3, got {to_top}, {to_bottom}"
        assert_prose_says(
            self.page,
            f"the weights are {num(to_top)} into the top hidden node and {num(to_bottom)} "
            "into the bottom hidden node",
        )
        assert_prose_says(self.page, f"row 1 holds {num(to_top)} and {num(to_bottom)}")

    def test_quotes_the_output_weights(self) -> None:
        top, bottom = lesson.deeper_network().weights[1][:, 0]
        assert (top, bottom) == (1, 2), f"expected output weights 1 and 2, got {top}, {bottom}"
        assert_prose_says(
            self.page,
            f"to the output the weights are {num(top)} (top) and {num(bottom)} (bottom)",
        )

    def test_walks_through_the_hidden_nodes(self) -> None:
        fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
        x0, x1 = fp.node_values[0]
        w_top, w_bottom = lesson.deeper_network().weights[0][1]
        z_top, z_bottom = fp.node_inputs[0]
        a_top, a_bottom = fp.node_values[1]
        assert (z_top, z_bottom, a_top, a_bottom) == (1, 3, 1, 3), (
            f"expected hidden node inputs and values 1, 3, got {fp.node_inputs[0]}, "
            f"{fp.node_values[1]}"
        )
        assert_prose_says(
            self.page,
            f"receives {num(x0)} × (a weight) + {num(x1)} × {num(w_top)} = {num(z_top)}",
        )
        assert_prose_says(self.page, f"so its value is {num(a_top)}")
        assert_prose_says(
            self.page,
            f"receives {num(x0)} × (a weight) + {num(x1)} × {num(w_bottom)} = "
            f"{num(z_bottom)}, so its value is {num(a_bottom)}",
        )

    def test_walks_through_the_output_node(self) -> None:
        fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
        (a_top, a_bottom), (w_top, w_bottom) = (
            fp.node_values[1],
            lesson.deeper_network().weights[1][:, 0],
        )
        prediction = fp.prediction[0]
        assert a_top * w_top + a_bottom * w_bottom == prediction == 7, (
            f"expected 1 × 1 + 3 × 2 = 7, got prediction {prediction}"
        )
        sum_text = (
            f"{num(a_top)} × {num(w_top)} + {num(a_bottom)} × {num(w_bottom)} = {num(prediction)}"
        )
        assert_prose_says(self.page, f"The output node receives {sum_text}")
        assert_prose_says(self.page, f"so the prediction is {num(prediction)}")
        assert_prose_says(self.page, f"into the prediction {num(prediction)}, and")  # opening
        assert_prose_says(
            self.page, f"its node input and its node value are both {num(fp.node_inputs[1][0])}"
        )

    def test_quotes_target_error_and_loss(self) -> None:
        _, slopes = deeper()
        prediction = lesson.deeper_network().predict(lesson.DEEPER_INPUTS)[0]
        target = lesson.DEEPER_TARGET
        err = float(error(prediction, target))
        loss = squared_error(prediction, target)
        assert (target, err, loss) == (4, 3, 9), (
            f"expected target 4, error 3, loss 9, got {(target, err, loss)}"
        )
        assert slopes.loss == loss
        assert_prose_says(self.page, f"target for this example is {num(target)}")
        assert_prose_says(
            self.page,
            f"error is {num(prediction)} − {num(target)} = {num(err)} and the squared-error "
            f"loss is {num(err)}² = {num(loss)}",
        )
        assert_prose_says(
            self.page,
            f"the hidden values are {num(1)} and {num(3)} and the prediction is "
            f"1 × 1 + 3 × 2 = {num(prediction)}; with target {num(target)} the error is "
            f"{num(err)} and the loss is {num(loss)}",
        )

    def test_states_relu_slopes(self) -> None:
        slopes = RELU.slope(np.array([-2.0, 0.0, 3.0]))
        assert slopes.tolist() == [0, 0, 1], f"expected ReLU slopes [0, 0, 1], got {slopes}"
        assert_prose_says(
            self.page,
            f"Its slope is {num(slopes[2])} where the node input is positive and "
            f"{num(slopes[0])} where it is negative",
        )
        assert_prose_says(self.page, f"bpbook uses {num(slopes[1])} there")

    def test_says_unseen_weights_do_not_matter_and_get_slope_zero(self) -> None:
        network = lesson.deeper_network()
        first, second = network.weights
        for unseen in ([0.0, 0.0], [-5.0, 2.5], [100.0, -100.0]):
            changed = first.copy()
            changed[0] = unseen
            prediction = network.with_weights([changed, second]).predict(lesson.DEEPER_INPUTS)
            assert prediction.tolist() == [7.0], (
                f"expected 7 for unseen weights {unseen}, got {prediction}"
            )
        _, slopes = deeper()
        assert slopes.weight_slopes[0][0].tolist() == [0, 0], (
            f"expected slopes [0, 0] for the unseen weights, got {slopes.weight_slopes[0][0]}"
        )
        assert_prose_says(self.page, "the *slopes* of these two weights are 0 as well")


# -- loss-slope.md -------------------------------------------------------------------


class TestLossSlopePage:
    page = "loss-slope.md"

    def test_quotes_the_deeper_network_error_and_loss(self) -> None:
        _, slopes = deeper()
        err, loss = slopes.error[0], slopes.loss
        assert (err, loss) == (3, 9), f"expected error 3 and loss 9, got {err}, {loss}"
        assert_prose_says(
            self.page,
            f"the prediction is 7 and the target is {num(lesson.DEEPER_TARGET)}, so the error "
            f"is {num(err)} and the loss is {num(loss)}",
        )

    def test_quotes_two_times_error_for_the_deeper_network(self) -> None:
        _, slopes = deeper()
        slope = slopes.node_slopes[-1][0]
        assert slope == 2 * slopes.error[0] == 6, f"expected 2 × 3 = 6, got {slope}"
        assert_prose_says(self.page, f"that is 2 × {num(slopes.error[0])} = {num(slope)}")
        nudge = 0.001
        estimate = ((7 + nudge - 4) ** 2 - (7 - 4) ** 2) / nudge
        assert slope < estimate < slope + 0.01, (
            f"expected a nudged estimate a little above 6, got {estimate}"
        )
        assert_prose_says(self.page, f"The nudged estimate is a little above {num(slope)}")

    def test_one_weight_example_forward(self) -> None:
        network = lesson.single_weight_network()
        x, target = lesson.SINGLE_WEIGHT_INPUT[0], lesson.SINGLE_WEIGHT_TARGET
        weight = network.weights[0][0, 0]
        prediction = network.predict(lesson.SINGLE_WEIGHT_INPUT)[0]
        assert (x, weight, prediction, target) == (3, 2, 6, 10), (
            "expected input 3, weight 2, prediction 6, target 10; "
            f"got {(x, weight, prediction, target)}"
        )
        assert_prose_says(
            self.page,
            f"one input node of value {num(x)}, one weight of {num(weight)}, and an output "
            f"node that passes its sum straight through. So the prediction is "
            f"{num(x)} × {num(weight)} = {num(prediction)}. The target is {num(target)}.",
        )

    def test_one_weight_example_slopes(self) -> None:
        network = lesson.single_weight_network()
        slopes = backward(forward(network, lesson.SINGLE_WEIGHT_INPUT), lesson.SINGLE_WEIGHT_TARGET)
        err = slopes.error[0]
        loss_slope = slopes.node_slopes[-1][0]
        weight_slope = slopes.weight_slopes[0][0, 0]
        x = lesson.SINGLE_WEIGHT_INPUT[0]
        assert (err, loss_slope, weight_slope) == (-4, -8, -24), (
            "expected error -4, loss slope -8, weight slope -24; "
            f"got {(err, loss_slope, weight_slope)}"
        )
        assert_prose_says(self.page, f"The error is 6 − 10 = {num(err)}")
        assert_prose_says(self.page, f"2 × ({num(err)}) = {num(loss_slope)}")
        assert_prose_says(self.page, f"moves the prediction by {num(x)} times that amount")
        assert_prose_says(self.page, f"{num(loss_slope)} × {num(x)} = {num(weight_slope)}")

    def test_one_weight_example_update(self) -> None:
        network = lesson.single_weight_network()
        slopes = backward(forward(network, lesson.SINGLE_WEIGHT_INPUT), lesson.SINGLE_WEIGHT_TARGET)
        rate = lesson.SINGLE_WEIGHT_LEARNING_RATE
        new_weight = float(update_weights(network, slopes, rate).weights[0][0, 0])
        assert np.isclose(new_weight, 2.24), f"expected new weight 2.24, got {new_weight}"
        shown = round(new_weight, 10)
        assert_prose_says(
            self.page,
            f"with a learning rate of {num(rate)} the new weight is "
            f"2 − {num(rate)} × ({num(slopes.weight_slopes[0][0, 0])}) = {num(shown)}",
        )
        new_prediction = 3 * new_weight
        assert abs(10 - new_prediction) < abs(10 - 6), (
            f"expected 3 × {new_weight} = {new_prediction} to be closer to 10 than 6"
        )
        assert_prose_says(
            self.page, f"the prediction 3 × {num(shown)}, which is closer to 10 than 6 was"
        )

    def test_two_weight_example_forward_and_slopes(self) -> None:
        network = lesson.two_weight_network()
        x, target = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
        slopes = backward(forward(network, x), target)
        w = network.weights[0][:, 0]
        prediction = float(x @ w)
        err, loss_slope = slopes.error[0], slopes.node_slopes[-1][0]
        weight_slopes = slopes.weight_slopes[0][:, 0]
        assert (prediction, err, loss_slope) == (11, 5, 10), (
            f"expected 11, 5, 10; got {(prediction, err, loss_slope)}"
        )
        assert weight_slopes.tolist() == [30, 40], f"expected slopes [30, 40], got {weight_slopes}"
        assert_prose_says(
            self.page,
            f"two input nodes, of values {num(x[0])} and {num(x[1])}, with weights {num(w[0])} "
            f"and {num(w[1])}, and a target of {num(target)}. The prediction is "
            f"{num(x[0])} × {num(w[0])} + {num(x[1])} × {num(w[1])} = {num(prediction)}",
        )
        assert_prose_says(self.page, f"the error is {num(prediction)} − {num(target)} = {num(err)}")
        assert_prose_says(self.page, f"2 × {num(err)} = {num(loss_slope)}")
        assert_prose_says(
            self.page,
            f"{num(loss_slope)} × {num(x[0])} = {num(weight_slopes[0])} and "
            f"{num(loss_slope)} × {num(x[1])} = {num(weight_slopes[1])}, so the slopes are "
            f"[{num(weight_slopes[0])}, {num(weight_slopes[1])}]",
        )

    def test_two_weight_example_update_halves_the_error(self) -> None:
        network = lesson.two_weight_network()
        x, target = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
        rate = lesson.TWO_WEIGHT_LEARNING_RATE
        new = gradient_descent_step(network, x, target, rate).weights[0][:, 0].round(10)
        new_prediction = round(float(x @ new), 10)
        new_error = round(new_prediction - target, 10)
        assert new.tolist() == [0.7, 1.6], f"expected new weights [0.7, 1.6], got {new}"
        assert (new_prediction, new_error) == (8.5, 2.5), (
            f"expected new prediction 8.5 and error 2.5, got {new_prediction}, {new_error}"
        )
        assert_prose_says(
            self.page,
            f"with learning rate {num(rate)} the weights become 1 − {num(rate)} × 30 = "
            f"{num(new[0])} and 2 − {num(rate)} × 40 = {num(new[1])}, that is "
            f"[{num(new[0])}, {num(new[1])}]",
        )
        assert_prose_says(
            self.page,
            f"the new prediction is {num(x[0])} × {num(new[0])} + {num(x[1])} × {num(new[1])} "
            f"= {num(new_prediction)}, so the new error is {num(new_error)}",
        )

    def test_summary_repeats_the_lesson_numbers(self) -> None:
        single = lesson.single_weight_network()
        s1 = backward(forward(single, lesson.SINGLE_WEIGHT_INPUT), lesson.SINGLE_WEIGHT_TARGET)
        w1 = round(float(update_weights(single, s1, 0.01).weights[0][0, 0]), 10)
        two = lesson.two_weight_network()
        x, target = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
        s2 = backward(forward(two, x), target)
        new = gradient_descent_step(two, x, target, 0.01).weights[0][:, 0].round(10)
        new_error = round(float(x @ new) - target, 10)
        assert (s1.weight_slopes[0][0, 0], w1) == (-24, 2.24)
        assert s2.weight_slopes[0][:, 0].tolist() == [30, 40] and new.tolist() == [0.7, 1.6]
        assert (s2.error[0], new_error) == (5, 2.5)
        assert_prose_says(
            self.page,
            f"input 3, weight 2, target 10 → slope {num(s1.weight_slopes[0][0, 0])} → new "
            f"weight {num(w1)}; weights [1, 2], inputs [3, 4], target 6 → slopes "
            f"[{num(s2.weight_slopes[0][0, 0])}, {num(s2.weight_slopes[0][1, 0])}] → weights "
            f"[{num(new[0])}, {num(new[1])}], and the error drops from {num(s2.error[0])} to "
            f"{num(new_error)}",
        )


# -- three-factor.md -----------------------------------------------------------------


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


# -- layer-back.md -------------------------------------------------------------------


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


# -- glossary.md ---------------------------------------------------------------------


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

# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers docs/forward.md quotes are the ones bpbook computes."""

from __future__ import annotations

import numpy as np

from bpbook import RELU, error, forward, lesson, squared_error
from tests.book.prose import assert_prose_says, deeper, num


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

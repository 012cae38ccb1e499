# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The numbers docs/loss-slope.md quotes are the ones bpbook computes."""

from __future__ import annotations

import itertools
from typing import ClassVar

import numpy as np
import pytest

from bpbook import (
    TrainingDivergedError,
    backward,
    forward,
    gradient_descent_step,
    lesson,
    train,
    update_weights,
)
from bpbook.training import DIVERGE_FACTOR
from tests.book.prose import assert_prose_says, deeper, num, page_text


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


class TestLossSurface:
    """Issue 19 item 3: the loss surface of the two-weight example and its three paths."""

    page = "loss-slope.md"
    rates: ClassVar[dict[str, float]] = {"small": 0.002, "good": 0.01, "too large": 0.041}

    def _error_after(self, learning_rate: float, steps: int) -> float:
        network = lesson.two_weight_network()
        for _ in range(steps):
            network = gradient_descent_step(
                network, lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET, learning_rate
            )
        return float(network.predict(lesson.TWO_WEIGHT_INPUTS)[0]) - lesson.TWO_WEIGHT_TARGET

    def test_the_formula_and_the_valley(self) -> None:
        x0, x1 = (num(v) for v in lesson.TWO_WEIGHT_INPUTS)
        t = num(lesson.TWO_WEIGHT_TARGET)
        assert_prose_says(self.page, f"the loss is $({x0} w_1 + {x1} w_2 - {t})^2$")
        assert_prose_says(self.page, f"the valley where ${x0} w_1 + {x1} w_2 = {t}$")
        w = lesson.two_weight_network().weights[0].ravel()
        assert_prose_says(self.page, f"starts at the lesson's weights [{num(w[0])}, {num(w[1])}]")
        assert_prose_says(self.page, "makes 8 updates with one learning rate")
        text = page_text(self.page)
        assert "for _ in range(8):" in text
        for name, rate in self.rates.items():
            assert f'("{name}", {rate})' in text, f"the figure's {name} learning rate {rate}"

    def test_each_update_multiplies_the_error(self) -> None:
        x = lesson.TWO_WEIGHT_INPUTS
        squares = float(x @ x)
        assert squares == 25
        assert_prose_says(
            self.page,
            f"1 − 2 × learning rate × ({num(x[0])}² + {num(x[1])}²) = 1 − {num(2 * squares)} × "
            "learning rate",
        )
        start = self._error_after(0.0, 0)
        factors = {}
        for name, rate in self.rates.items():
            factor = self._error_after(rate, 1) / start
            assert np.isclose(factor, 1 - 2 * rate * squares)
            factors[name] = round(factor, 10)
        assert_prose_says(
            self.page,
            f"by {num(factors['small'])} for the small learning rate, by {num(factors['good'])} "
            f"for the lesson's, and by {num(factors['too large'])} for the too-large one",
        )
        errors = [abs(self._error_after(self.rates["too large"], n)) for n in range(9)]
        assert all(b > a for a, b in itertools.pairwise(errors)), "the error grows a little"
        assert abs(self._error_after(self.rates["small"], 8)) > 1, "still far after 8 updates"
        assert abs(self._error_after(self.rates["good"], 8)) < 0.05

    def test_the_steepest_direction_is_against_the_slopes(self) -> None:
        slopes = (
            backward(
                forward(lesson.two_weight_network(), lesson.TWO_WEIGHT_INPUTS),
                lesson.TWO_WEIGHT_TARGET,
            )
            .weight_slopes[0]
            .ravel()
        )
        assert_prose_says(self.page, f"[{num(slopes[0])}, {num(slopes[1])}] at the start")
        assert_prose_says(self.page, "Trying 360 directions numerically agrees")
        assert "np.arange(360)" in page_text(self.page)
        x = lesson.TWO_WEIGHT_INPUTS
        assert_prose_says(
            self.page, f"the step always points along the inputs [{num(x[0])}, {num(x[1])}]"
        )

    def test_the_explorable_stops_where_train_stops(self) -> None:
        """The "Try it" paragraph: the cycling learning rate and the divergence bound."""
        x, t = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
        squares = float(x @ x)
        cycling = 2 / (2 * squares)  # 1 - 2 * squares * rate = -1
        assert cycling == 0.04 and 1 - 2 * squares * cycling == -1
        assert_prose_says(
            self.page,
            f"Try {num(cycling)} too: there 1 − {num(2 * squares)} × learning rate is exactly "
            f"{num(-1)}, so the error only changes sign",
        )
        result = train(lesson.two_weight_network(), x, t, cycling)
        assert result.stopped_because == "cycling", result.stopped_because
        assert_prose_says(
            self.page,
            "stops where bpbook's `train` stops: when the loss curve is flat, when the weights "
            f"only jump back and forth, or when the loss grows past {num(DIVERGE_FACTOR)} times "
            "the loss at the start",
        )
        assert train(lesson.two_weight_network(), x, t, 0.01).stopped_because == "flat"
        with pytest.raises(TrainingDivergedError, match="more than diverge_factor=100 times"):
            train(lesson.two_weight_network(), x, t, self.rates["too large"])

    def test_the_explorable_gets_the_figures_numbers(self) -> None:
        """Its JSON is made from the figure fence's own grid, levels, valley and rates."""
        text = page_text(self.page)
        for handed_over in (
            '"rates": rates',
            '"weights1": weights_1.tolist()',
            '"weights2": weights_2.tolist()',
            '"levels": contour_levels(losses).tolist()',
            '"valley": valley.tolist()',
            '"kind": "surface"',
        ):
            assert handed_over in text, handed_over
        assert text.count('session="surface"') == 2

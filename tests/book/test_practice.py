# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
# The prose uses typographic signs (×, −, ²); the snippets must match it exactly.
"""The numbers in the exercises and solutions of docs/practice.md are bpbook's."""

from __future__ import annotations

import math
import re

import numpy as np

from bpbook import Network, Value, backward, forward, gradient_descent_step, lesson, sgd
from tests.book.prose import assert_prose_says, error_factor, num, page_text


def practice_network() -> Network:
    return Network([[[1.0, -1.0], [3.0, 1.0]], [[2.0], [4.0]]])


PRACTICE_INPUTS = [2.0, 1.0]


PRACTICE_TARGET = 6.0


def test_practice_forward_pass_numbers() -> None:
    fp = forward(practice_network(), PRACTICE_INPUTS)
    top, bottom = fp.node_inputs[0]
    assert (top, bottom) == (5.0, -1.0)
    assert_prose_says("practice.md", "node values 2 (top) and 1 (bottom)")
    assert_prose_says("practice.md", f"node input 2 × 1 + 1 × 3 = {num(top)}")
    assert_prose_says("practice.md", f"node input 2 × (−1) + 1 × 1 = {num(bottom)}")
    assert_prose_says("practice.md", f"5 × 2 + 0 × 4 = {num(fp.prediction[0])}")


def test_practice_loss_and_slopes() -> None:
    fp = forward(practice_network(), PRACTICE_INPUTS)
    s = backward(fp, PRACTICE_TARGET)
    assert (float(s.error[0]), s.loss, float(s.node_slopes[1][0])) == (4.0, 16.0, 8.0)
    assert_prose_says("practice.md", "10 − 6 = 4. The loss is the error squared, 4² = 16")
    assert_prose_says("practice.md", "2 × error = 2 × 4 = 8")
    assert s.weight_slopes[1].ravel().tolist() == [40.0, 0.0]
    assert_prose_says("practice.md", "5 × 8 × 1 = 40")
    assert_prose_says("practice.md", "0 × 8 × 1 = 0")
    assert s.node_slopes[0].tolist() == [16.0, 32.0]
    assert_prose_says("practice.md", "top hidden node: 2 × 8 = 16")
    assert_prose_says("practice.md", "bottom hidden node: 4 × 8 = 32")
    assert s.weight_slopes[0].tolist() == [[32.0, 0.0], [16.0, 0.0]]
    assert_prose_says("practice.md", "2 × 16 × 1 = 32, from the bottom input 1 × 16 × 1 = 16")
    assert_prose_says("practice.md", "2 × 32 × 0 = 0 and 1 × 32 × 0 = 0")


def test_practice_update_numbers() -> None:
    new = gradient_descent_step(practice_network(), PRACTICE_INPUTS, PRACTICE_TARGET, 0.01)
    assert np.allclose(new.weights[1].ravel(), [1.6, 4.0])
    assert np.allclose(new.weights[0], [[0.68, -1.0], [2.84, 1.0]])
    top_input = float(forward(new, PRACTICE_INPUTS).node_inputs[0][0])
    prediction = float(new.predict(PRACTICE_INPUTS)[0])
    assert math.isclose(top_input, 4.2) and math.isclose(prediction, 6.72)
    assert_prose_says("practice.md", "2 − 0.01 × 40 = 1.6, and 4 − 0.01 × 0 = 4")
    assert_prose_says("practice.md", "1 − 0.01 × 32 = 0.68")
    assert_prose_says("practice.md", "3 − 0.01 × 16 = 2.84")
    assert_prose_says("practice.md", "2 × 0.68 + 1 × 2.84 = 4.2")
    assert_prose_says("practice.md", "4.2 × 1.6 + 0 × 4 = 6.72")
    assert_prose_says("practice.md", "(the error drops from 4 to 0.72)")


def test_practice_recap_loop_numbers() -> None:
    for lr in (0.05, 0.1, 0.2):
        assert math.isclose(error_factor(lr, 2.0), 1 - 8 * lr)
    assert abs(error_factor(0.25 - 1e-3, 2.0)) < 1 < abs(error_factor(0.25 + 1e-3, 2.0))
    assert_prose_says("practice.md", "multiplies the error by 1 − 8 × learning rate")
    assert_prose_says("practice.md", "between 0 and 2/8 = 1/4")
    network = Network([[[3.0]]], output="identity")
    errors = [float(network.predict([2.0])[0]) - 4.0]
    for _ in range(2):
        network = gradient_descent_step(network, [2.0], 4.0, 0.1)
        errors.append(float(network.predict([2.0])[0]) - 4.0)
    assert np.allclose(errors, [2.0, 0.4, 0.08])
    assert math.isclose(float(network.weights[0][0, 0]), 2.04)
    assert_prose_says(
        "practice.md",
        "1 − 8 × 0.1 = 0.2: after one update it is 2 × 0.2 = 0.4, after two 0.4 × 0.2 = 0.08",
    )
    assert_prose_says("practice.md", "so the weight is 2.04")


def test_practice_sgd_numbers() -> None:
    x, y = lesson.toy_regression_data(1000, np.random.default_rng(0))
    result = sgd(
        Network.random((2, 2, 1), np.random.default_rng(1)),
        x,
        y,
        0.01,
        batch_size=64,
        epochs=5,
        rng=np.random.default_rng(2),
    )
    full_batches = 1000 // 64
    assert 1000 / 64 == 15.625 and full_batches * 64 == 960 and 1000 - 960 == 40
    assert result.history.updates_per_epoch == 16
    assert len(result.history.loss_per_update) == 80
    assert_prose_says(
        "practice.md", "1000 / 64 = 15.625, so 15 full batches of 64 use 960 examples"
    )
    assert_prose_says("practice.md", "takes the remaining 40")
    assert_prose_says("practice.md", "an    epoch has 16 updates")
    assert_prose_says("practice.md", "5 epochs × 16 updates = 80 updates")
    x, y = lesson.toy_regression_data(50, np.random.default_rng(0))
    net = Network.random((2, 4, 1), np.random.default_rng(1))
    h = sgd(net, x, y, 0.05, batch_size=10, epochs=3, rng=np.random.default_rng(2)).history
    assert (np.flatnonzero(h.epoch_of_update == 3) + 1).tolist() == [11, 12, 13, 14, 15]
    assert_prose_says("practice.md", "and 11 to 15 the 3rd")


def test_practice_finite_difference_numbers() -> None:
    def loss(w: float) -> float:
        return (2.0 * w - 4.0) ** 2

    assert f"{loss(3.01):.4f}" == "4.0804" and f"{loss(2.99):.4f}" == "3.9204"
    assert math.isclose((loss(3.01) - loss(2.99)) / 0.02, 8.0)
    assert_prose_says("practice.md", "2.02² = 4.0804")
    assert_prose_says("practice.md", "1.98² = 3.9204")
    assert_prose_says("practice.md", "(4.0804 − 3.9204) / 0.02 = 0.16 / 0.02 = 8")


PAGE = "practice.md"


def exercises() -> list[str]:
    return re.split(r"(?m)^### Exercise ", page_text(PAGE))[1:]


def test_at_least_16_exercises_in_three_marked_levels() -> None:
    text = page_text(PAGE)
    levels = re.findall(r"(?m)^## Level (\d):", text)
    assert levels == ["1", "2", "3"], f"expected levels 1, 2, 3 in order, got {levels}"
    numbers = [int(e.split(":", 1)[0]) for e in exercises()]
    assert len(numbers) >= 16, f"expected at least 16 exercises, got {len(numbers)}"
    assert numbers == list(range(1, len(numbers) + 1)), f"exercises misnumbered: {numbers}"


def test_every_exercise_has_one_hidden_solution_with_code() -> None:
    for exercise in exercises():
        name = exercise.split("\n", 1)[0]
        exercise = exercise.split("\n## ", 1)[0]  # up to the next level or the Summary
        assert exercise.count('??? success "Solution"') == 1, f"Exercise {name}: one solution"
        solution = exercise.split('??? success "Solution"', 1)[1]
        assert "    ```python" in solution, f"Exercise {name}: the solution has no tested code"
        assert '!!! success "Solution"' not in exercise, f"Exercise {name}: solution shown open"


def test_summary_gives_no_answers() -> None:
    summary = page_text(PAGE).split("\n## Summary", 1)[1]
    # "2 × error" names a rule and "Level 1" a heading; any other number would be an answer.
    digits = re.findall(r"\d+", re.sub(r"2 × error|Level \d", "", summary))
    assert not digits, f"the Summary should give no numbers (answers), found {digits}"


def test_bias_exercise_numbers() -> None:
    network = Network([[[2.0]]], biases=[[1.0]], output="identity")
    s = backward(forward(network, [3.0]), 10.0)
    e, g = float(s.error[0]), float(s.node_slopes[0][0])
    bias_slope = s.bias_slopes[0]
    assert bias_slope is not None, "a network with biases should get bias slopes"
    assert (e, g, s.weight_slopes[0][0, 0], bias_slope[0]) == (-3, -6, -18, -6)
    assert_prose_says(PAGE, "The node input is 3 × 2 + 1 = 7, and that is the prediction")
    assert_prose_says(
        PAGE, f"7 − 10 = {num(e)}, so the output node's slope is 2 × ({num(e)}) = {num(g)}"
    )
    assert_prose_says(PAGE, f"weight: 3 × ({num(g)}) × 1 = {num(s.weight_slopes[0][0, 0])}")
    assert_prose_says(PAGE, f"bias: 1 × ({num(g)}) × 1 = {num(bias_slope[0])}")


def test_batch_of_two_numbers() -> None:
    network = lesson.single_weight_network()
    x, t = np.array([[3.0], [1.0]]), np.array([[10.0], [0.0]])
    s = backward(forward(network, x), t)
    e1, e2 = s.error.ravel()
    g1, g2 = s.node_slopes[-1].ravel()
    alone = [
        backward(forward(network, xi), ti).weight_slopes[0][0, 0]
        for xi, ti in zip(x, t, strict=True)
    ]
    slope = s.weight_slopes[0][0, 0]
    new = gradient_descent_step(network, x, t, 0.01).weights[0][0, 0]
    assert_prose_says(
        PAGE,
        f"6 − 10 = {num(e1)} and 2 − 0 = {num(e2)}, and the loss is (16 + 4) / 2 = {num(s.loss)}",
    )
    assert_prose_says(
        PAGE, f"2 × error / 2: {num(g1)} for the first example and {num(g2)} for the second"
    )
    assert_prose_says(PAGE, f"3 × ({num(g1)}) + 1 × {num(g2)} = {num(slope)}")
    assert_prose_says(PAGE, f"({num(alone[0])} + {num(alone[1])}) / 2 = {num(np.mean(alone))}")
    assert_prose_says(PAGE, f"2 − 0.01 × ({num(slope)}) = {num(round(new, 12))}")


def test_two_outgoing_weights_numbers() -> None:
    network = Network([[[1.0]], [[3.0, -1.0]]])
    s = backward(forward(network, [2.0]), [5.0, 0.0])
    g_top, g_bottom = s.node_slopes[1]
    hidden = s.node_slopes[0][0]
    assert (g_top, g_bottom, hidden, s.weight_slopes[0][0, 0]) == (2, -4, 10, 20)
    assert_prose_says(
        PAGE, f"the output node slopes are 2 × 1 = {num(g_top)} and 2 × (−2) = {num(g_bottom)}"
    )
    assert_prose_says(
        PAGE, f"3 × {num(g_top)} × 1 + (−1) × ({num(g_bottom)}) × 1 = 6 + 4 = {num(hidden)}"
    )
    assert_prose_says(PAGE, f"2 × {num(hidden)} × 1 = {num(s.weight_slopes[0][0, 0])}")


def test_learning_rate_from_the_slope_numbers() -> None:
    network = Network([[[1.0]]], output="identity")
    slope = backward(forward(network, [2.0]), 5.0).weight_slopes[0][0, 0]
    rate = (2.5 - 1.0) / -slope
    assert (slope, rate) == (-12, 0.125)
    assert gradient_descent_step(network, [2.0], 5.0, rate).predict([2.0])[0] == 5.0
    assert_prose_says(PAGE, f"2 × (−3) × 2 = {num(slope)}")
    assert_prose_says(PAGE, f"the learning rate is 1.5 / 12 = {num(rate)}")
    assert_prose_says(PAGE, "a step of 1.5 from the starting weight of 1.")
    assert_prose_says(PAGE, f"for learning rates between 0 and {num(2 * rate)}")


def test_bug_exercise_numbers() -> None:
    practice = Network([[[1.0, -1.0], [3.0, 1.0]], [[2.0], [4.0]]])
    s = backward(forward(practice, [2.0, 1.0]), 6.0)
    assert s.activation_slopes[0].tolist() == [1.0, 0.0]  # the bottom node is off
    lesson_slopes = backward(forward(lesson.deeper_network(), lesson.DEEPER_INPUTS), 4.0)
    assert all(np.all(a == 1) for a in lesson_slopes.activation_slopes)
    assert_prose_says(PAGE, "every activation slope in it is 1")


def test_equal_weights_numbers() -> None:
    equal = Network([np.ones((2, 2)), np.ones((2, 1))])
    s = backward(forward(equal, [2.0, 1.0]), 8.0)
    assert_prose_says(PAGE, f"The prediction is 3 × 1 + 3 × 1 = 6, the error {num(s.error[0])}")
    assert_prose_says(
        PAGE, f"Both output weights get 3 × (−4) × 1 = {num(s.weight_slopes[1][0, 0])}"
    )
    assert_prose_says(PAGE, f"slope 1 × (−4) = {num(s.node_slopes[0][0])}")
    (a, b), (c, d) = s.weight_slopes[0]
    assert a == b and c == d
    assert_prose_says(
        PAGE, f"2 × (−4) × 1 = {num(a)} from the top input and 1 × (−4) × 1 = {num(c)}"
    )


def test_absolute_error_numbers() -> None:
    practice = Network([[[1.0, -1.0], [3.0, 1.0]], [[2.0], [4.0]]])
    s = backward(forward(practice, [2.0, 1.0]), 6.0)
    error = float(s.error[0])
    new_output_slope = float(np.sign(error))
    factor = new_output_slope / (2 * error)
    top, bottom = (s.weight_slopes[1].ravel() * factor).tolist()
    assert_prose_says(PAGE, f"The error is {num(error)}, so the slope of the loss with respect to")
    assert_prose_says(
        PAGE, f"the prediction is {num(new_output_slope)} instead of 2 × 4 = {num(2 * error)}"
    )
    assert_prose_says(PAGE, f"factor 1 / {num(1 / factor)}")
    assert_prose_says(
        PAGE,
        f"5 × 1 × 1 = {num(top)} (was {num(s.weight_slopes[1][0, 0])}) and "
        f"0 × 1 × 1 = {num(bottom)}",
    )


# -- issue 19: graphs, the four equations, a sigmoid node, input slopes ---------------


def test_graph_by_hand_numbers() -> None:
    a, b, c = Value(2.0), Value(-3.0), Value(4.0)
    total = a + b
    f = total * c
    f.backward()
    assert_prose_says(PAGE, f"*a* = {num(a.value)}, *b* = {num(b.value)} and *c* = {num(c.value)}")
    assert_prose_says(
        PAGE,
        f"the add gate gives {num(a.value)} + ({num(b.value)}) = {num(total.value)}, the "
        f"multiply gate ({num(total.value)}) × {num(c.value)} = {num(f.value)}",
    )
    assert (c.slope, total.slope, a.slope, b.slope) == (-1, 4, 4, 4)
    assert_prose_says(PAGE, f"*a* and *b* each get {num(a.slope)}")


def test_max_gate_numbers() -> None:
    for x_value, words in (
        (3.0, "so *g* = 5 × (−2) = −10"),
        (6.0, "With *x* = 6 the winner changes: *g* = −12, *x* gets −2, *y* gets 0 and *z* gets 6"),
    ):
        x, y, z = Value(x_value), Value(5.0), Value(-2.0)
        g = x.maximum(y) * z
        g.backward()
        assert_prose_says(PAGE, words)
        if x_value == 3.0:
            assert (g.value, x.slope, y.slope, z.slope) == (-10, 0, -2, 5)
            assert_prose_says(PAGE, "*y* gets −2 and *x* gets 0")
        else:
            assert (g.value, x.slope, y.slope, z.slope) == (-12, -2, 0, 6)


def test_overwrite_or_add_numbers() -> None:
    x, y = Value(3.0), Value(2.0)
    f = x * y + x
    f.backward()
    assert f.value == 9 and x.slope == 3
    assert_prose_says(PAGE, "*f* = 3 × 2 + 3 = 9")
    assert_prose_says(PAGE, "it gives **2**. The right slope is 1 + 2 = **3**")
    assert_prose_says(PAGE, "the slope is 1 + *y* = 3")


def test_tied_weight_numbers() -> None:
    x, w = Value(1.0), Value(3.0)
    prediction = w * (w * x).relu()
    loss = (prediction - 10.0) ** 2
    loss.backward()
    assert (prediction.value, loss.value, w.slope) == (9, 1, -12)
    assert_prose_says(PAGE, "prediction 3 × 3 = 9. Error 9 − 10 = −1, loss 1")
    assert_prose_says(PAGE, "3 × (−2) × 1 × 1 = −6. Its slope is the sum, −12")
    assert_prose_says(PAGE, "whose slope is 2*wx* = 6, and −2 × 6 = −12")


def test_four_equations_exercise_numbers() -> None:
    network = Network([[[2.0, -1.0]], [[1.0], [3.0]]], biases=[[0.5, 0.5], [1.0]])
    fp = forward(network, [1.0])
    s = backward(fp, 2.0)
    assert fp.node_inputs[0].tolist() == [2.5, -0.5] and fp.prediction[0] == 3.5
    assert_prose_says(PAGE, "1 × 2 + 0.5 = 2.5 and 1 × (−1) + 0.5 = −0.5")
    assert_prose_says(PAGE, "2.5 × 1 + 0 × 3 + 1 = 3.5, error 1.5")
    assert s.node_input_slopes[1].tolist() == [3.0]
    assert_prose_says(PAGE, "(1) δ₂ = 2 × 1.5 × 1 = 3")
    assert s.node_input_slopes[0].tolist() == [3.0, 0.0]
    assert_prose_says(PAGE, "(2) δ₁ = (3 × [1, 3]) ⊙ [1, 0] = [3, 0]")
    assert_prose_says(PAGE, "3 for the output node, [3, 0] for the hidden nodes")
    assert s.weight_slopes[1].ravel().tolist() == [7.5, 0.0]
    assert s.weight_slopes[0].ravel().tolist() == [3.0, 0.0]
    assert_prose_says(PAGE, "2.5 × 3 = 7.5 and 0 × 3 = 0; into the hidden nodes 1 × 3 = 3")


def test_sigmoid_node_numbers() -> None:
    network = Network([[[0.0]], [[4.0]]], hidden="sigmoid")
    s = backward(forward(network, [2.0]), 1.0)
    assert float(s.forward_pass.node_values[1][0]) == 0.5
    assert_prose_says(PAGE, "the prediction is 0.5 × 4 = 2, error 1. δ₂ = 2 × 1 × 1 = 2")
    assert s.node_slopes[0].tolist() == [8.0] and s.activation_slopes[0].tolist() == [0.25]
    assert_prose_says(PAGE, "4 × 2 = 8 and its activation slope is 0.5 × (1 − 0.5) = 0.25")
    assert_prose_says(PAGE, "8 × 0.25 = 2. Weight slopes: into the output 0.5 × 2 = 1")
    assert [w.ravel().tolist() for w in s.weight_slopes] == [[4.0], [1.0]]


def test_input_slope_numbers() -> None:
    s = backward(forward(practice_network(), PRACTICE_INPUTS), PRACTICE_TARGET)
    assert s.node_slopes[0].tolist() == [16.0, 32.0]
    assert s.node_input_slopes[0].tolist() == [16.0, 0.0]
    inputs_slope = s.node_input_slopes[0] @ practice_network().weights[0].T
    assert inputs_slope.tolist() == [16.0, 48.0]
    assert_prose_says(
        PAGE, "The top input gets 1 × 16 + (−1) × 0 = 16 and the bottom input 3 × 16 + 1 × 0 = 48"
    )
    assert (inputs_slope / 8).tolist() == [2.0, 6.0]
    assert_prose_says(PAGE, "2 for the top input and 6 for the bottom one")
    assert PRACTICE_INPUTS[1] < PRACTICE_INPUTS[0]
    assert_prose_says(PAGE, "although its value (1) is the smaller")

# The prose uses typographic signs (×, −); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""four-equations.md: the lesson's numbers quoted with the four equations are bpbook's."""

from __future__ import annotations

import numpy as np

from bpbook import lesson
from tests.book.prose import assert_prose_says, deeper, num

PAGE = "four-equations.md"


def _vector(values: np.ndarray) -> str:
    return "[" + ", ".join(num(v) for v in values) + "]"


def test_equation_1_on_the_lesson() -> None:
    _, slopes = deeper()
    error = slopes.error[0]
    activation_slope = slopes.activation_slopes[1][0]
    delta_2 = slopes.node_input_slopes[1][0]
    assert 2 * error * activation_slope == delta_2 == 6
    assert_prose_says(
        PAGE,
        f"the error is {num(error)} and the output node passes its input through "
        f"(activation slope {num(activation_slope)}), so δ₂ = 2 × {num(error)} × "
        f"{num(activation_slope)} = {num(delta_2)}",
    )


def test_equation_4_on_the_lesson() -> None:
    fp, slopes = deeper()
    weight = lesson.deeper_network().weights[1][1, 0]
    value = fp.node_values[1][1]
    delta_2 = slopes.node_input_slopes[1][0]
    assert value * delta_2 == slopes.weight_slopes[1][1, 0] == 18
    assert_prose_says(
        PAGE,
        f"For the weight {num(weight)} into the lesson's output node, {num(value)} × "
        f"{num(delta_2)} = {num(value * delta_2)}",
    )
    top = fp.node_values[1][0]
    assert_prose_says(
        PAGE,
        f"output weight slopes {num(top)} × {num(delta_2)} and {num(value)} × {num(delta_2)}",
    )
    assert slopes.weight_slopes[1][:, 0].tolist() == [top * delta_2, value * delta_2]


def test_equation_2_on_the_lesson() -> None:
    _, slopes = deeper()
    w2 = lesson.deeper_network().weights[1][:, 0]
    delta_2 = slopes.node_input_slopes[1][0]
    node_slopes = delta_2 * w2
    delta_1 = slopes.node_input_slopes[0]
    assert np.array_equal(node_slopes, slopes.node_slopes[0])
    assert slopes.activation_slopes[0].tolist() == [1, 1]
    assert np.array_equal(node_slopes * slopes.activation_slopes[0], delta_1)
    assert_prose_says(
        PAGE,
        f"$\\delta_2 W_2^{{\\mathsf T}}$ = {num(delta_2)} × {_vector(w2)} = "
        f"{_vector(node_slopes)}, and both hidden activation slopes are 1, so δ₁ = "
        f"{_vector(delta_1)}",
    )
    assert_prose_says(PAGE, f"δ₂ = {num(delta_2)}, δ₁ = {_vector(delta_1)}, output weight")

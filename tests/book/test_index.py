# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF003
"""The numbers the start page (docs/index.md) quotes are the ones bpbook computes."""

from __future__ import annotations

import numpy as np

from bpbook import RELU, lesson
from tests.book.prose import assert_prose_says, num


class TestStartHerePage:
    def test_quotes_the_deeper_network_prediction(self) -> None:
        prediction = lesson.deeper_network().predict(lesson.DEEPER_INPUTS)
        assert prediction.tolist() == [7.0], f"expected prediction [7.0], got {prediction}"
        assert_prose_says("index.md", f"Its prediction is {num(prediction[0])}")

    def test_states_relu_slope_at_zero(self) -> None:
        slope_at_zero = RELU.slope(np.array([0.0]))[0]
        assert slope_at_zero == 0, f"expected ReLU slope 0 at exactly 0, got {slope_at_zero}"
        assert_prose_says("index.md", f"bpbook uses {num(slope_at_zero)} there")

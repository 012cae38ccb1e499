"""recap-loop.md: the note on the epoch in TrainingDivergedError's message is true."""

from __future__ import annotations

import re

import pytest

from bpbook import TrainingDivergedError, lesson, train
from tests.prose import assert_prose_says


def test_full_batch_divergence_message_names_equal_update_and_epoch() -> None:
    with pytest.raises(TrainingDivergedError) as caught:
        train(lesson.single_weight_network(), [3.0], 10.0, learning_rate=10.0)
    found = re.search(r"update (\d+) \(epoch (\d+)\)", str(caught.value))
    assert found, f"expected 'update N (epoch N)' in the message, got {caught.value}"
    assert found[1] == found[2], f"expected equal update and epoch, got {found[0]}"
    assert_prose_says(
        "recap-loop.md", "each update is one epoch and the two numbers in the message agree"
    )

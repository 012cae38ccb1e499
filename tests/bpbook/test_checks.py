"""The one-example <-> batch edge of bpbook.checks (the argument checks are in test_bad_input)."""

from __future__ import annotations

import numpy as np

from bpbook.checks import as_batch, first_example


def test_one_example_becomes_a_batch_of_one_row_without_a_copy() -> None:
    example = np.array([0.0, 1.0, 2.0])
    batch = as_batch(example)
    assert batch.shape == (1, 3)
    assert np.shares_memory(batch, example)
    assert first_example(batch).tolist() == [0.0, 1.0, 2.0]


def test_a_batch_passes_through_unchanged() -> None:
    batch = np.arange(6.0).reshape(3, 2)
    assert as_batch(batch) is batch
    assert first_example(batch).tolist() == [0.0, 1.0]

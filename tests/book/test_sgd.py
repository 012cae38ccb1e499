"""sgd.nb.py: shuffle=False is the lesson's "start over at the beginning" schedule."""

from __future__ import annotations

import numpy as np

from bpbook import Network, lesson, sgd
from tests.prose import assert_prose_says


def test_shuffle_false_uses_the_same_batches_in_order_every_epoch() -> None:
    inputs, targets = lesson.toy_regression_data(10, np.random.default_rng(0))
    network = Network.random((2, 4, 1), np.random.default_rng(1))
    run = sgd(network, inputs, targets, 0.05, batch_size=4, epochs=3, rng=None, shuffle=False)
    assert run.history.updates_per_epoch == 3
    assert_prose_says("sgd.nb.py", "That is `sgd(..., shuffle=False)`")
    assert_prose_says("sgd.nb.py", "examples 0 to 3, 4 to 7 and 8 to 9")

# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF003
"""The SGD chapter (docs/sgd.nb.py): it runs, its asserts hold, its prose is bpbook's.

mkdocs-jupyter executes the notebook at build time; ``test_sgd_notebook_runs_with_its_asserts``
runs the same code cells in order, in a fresh namespace, so `pytest` alone catches a
chapter that a change to bpbook has broken. The notebook's own ``assert`` statements
check every number its code cells print; the prose test covers the sentences of its
markdown cells.
"""

from __future__ import annotations

import math

import jupytext  # from the [docs] extra, which `make test` installs
import numpy as np

from bpbook import Network, lesson, sgd
from tests.book.notebooks import run_notebook
from tests.book.prose import DOCS, assert_prose_says


def test_sgd_notebook_quotes_updates_per_epoch() -> None:
    x, y = lesson.toy_regression_data(200, np.random.default_rng(0))
    start = Network.random((2, 16, 1), np.random.default_rng(1))
    h = sgd(start, x, y, 0.05, batch_size=32, epochs=1, rng=np.random.default_rng(2)).history
    assert h.updates_per_epoch == math.ceil(200 / 32) == 7
    assert_prose_says(
        "sgd.nb.py",
        "batches of 32 give 7 updates per epoch: six batches of 32 and a last batch of 8",
    )
    x10, y10 = lesson.toy_regression_data(10, np.random.default_rng(0))
    small = Network.random((2, 4, 1), np.random.default_rng(1))
    h10 = sgd(small, x10, y10, 0.05, batch_size=4, epochs=3, rng=np.random.default_rng(2)).history
    assert h10.updates_per_epoch == 3
    assert_prose_says("sgd.nb.py", "an epoch has 3 updates, two batches of 4 and a last batch of 2")
    assert (np.flatnonzero(h10.epoch_of_update == 3) + 1).tolist() == [7, 8, 9]
    assert_prose_says("sgd.nb.py", "the 3rd epoch is epoch 3 and holds updates 7, 8 and 9")


NOTEBOOK = DOCS / "sgd.nb.py"


def test_sgd_notebook_has_code_and_markdown_cells() -> None:
    notebook = jupytext.read(NOTEBOOK)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds.count("code") >= 8, f"expected at least 8 code cells, got {kinds.count('code')}"
    assert kinds.count("markdown") >= 8, (
        f"expected at least 8 markdown cells, got {kinds.count('markdown')}"
    )
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# Stochastic gradient descent")


def test_sgd_notebook_runs_with_its_asserts() -> None:
    run_notebook(NOTEBOOK, "__sgd_notebook__")


def test_shuffle_false_uses_the_same_batches_in_order_every_epoch() -> None:
    inputs, targets = lesson.toy_regression_data(10, np.random.default_rng(0))
    network = Network.random((2, 4, 1), np.random.default_rng(1))
    run = sgd(network, inputs, targets, 0.05, batch_size=4, epochs=3, rng=None, shuffle=False)
    assert run.history.updates_per_epoch == 3
    assert_prose_says("sgd.nb.py", "That is `sgd(..., shuffle=False)`")
    assert_prose_says("sgd.nb.py", "examples 0 to 3, 4 to 7 and 8 to 9")

"""The SGD chapter (docs/sgd.nb.py) runs, and its asserts hold, under pytest too.

mkdocs-jupyter executes the notebook at build time; this test runs the same code
cells in order, in a fresh namespace, so `pytest` alone catches a chapter that a
change to bpbook has broken. The notebook's own ``assert`` statements check every
number its text quotes.
"""

from __future__ import annotations

import time
from pathlib import Path

import jupytext  # from the [docs] extra, which `make test` installs
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "sgd.nb.py"


def code_cells() -> list[str]:
    notebook = jupytext.read(NOTEBOOK)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_sgd_notebook_has_code_and_markdown_cells() -> None:
    notebook = jupytext.read(NOTEBOOK)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds.count("code") >= 8, f"expected at least 8 code cells, got {kinds.count('code')}"
    assert kinds.count("markdown") >= 8, (
        f"expected at least 8 markdown cells, got {kinds.count('markdown')}"
    )
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# Stochastic gradient descent")


def test_sgd_notebook_runs_with_its_asserts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # in case a figure cell is added
    namespace: dict[str, object] = {"__name__": "__sgd_notebook__"}
    started = time.perf_counter()
    for number, source in enumerate(code_cells(), start=1):
        code = compile(source, f"{NOTEBOOK}:code cell {number}", "exec")
        exec(code, namespace)
    elapsed = time.perf_counter() - started
    # The book builds this notebook on every `make build`; keep it quick.
    assert elapsed < 30, f"the SGD notebook should run in well under 30 s, took {elapsed:.1f} s"

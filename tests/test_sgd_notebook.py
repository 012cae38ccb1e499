"""The SGD chapter (docs/sgd.nb.py) runs, and its asserts hold, under pytest too.

mkdocs-jupyter executes the notebook at build time; this test runs the same code
cells in order, in a fresh namespace, so `pytest` alone catches a chapter that a
change to bpbook has broken. The notebook's own ``assert`` statements check every
number its text quotes.
"""

from __future__ import annotations

import importlib.util
import time
import traceback
from pathlib import Path
from types import ModuleType

import jupytext  # from the [docs] extra, which `make test` installs
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "sgd.nb.py"


def test_sgd_notebook_has_code_and_markdown_cells() -> None:
    notebook = jupytext.read(NOTEBOOK)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds.count("code") >= 8, f"expected at least 8 code cells, got {kinds.count('code')}"
    assert kinds.count("markdown") >= 8, (
        f"expected at least 8 markdown cells, got {kinds.count('markdown')}"
    )
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# Stochastic gradient descent")


def _load_hook() -> ModuleType:
    """hooks/notebook_errors.py, whose report format the build uses too."""
    path = NOTEBOOK.parents[1] / "hooks" / "notebook_errors.py"
    spec = importlib.util.spec_from_file_location("bpbook_hook_notebook_errors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cell(number: int, source: str, namespace: dict[str, object]) -> None:
    """Run one cell; a failure is reported like the build does: a few plain lines."""
    filename = f"{NOTEBOOK}:cell {number}"
    try:
        exec(compile(source, filename, "exec"), namespace)
    except Exception as exc:
        error, tb = f"{type(exc).__name__}: {exc}", exc.__traceback__
    else:
        return
    hook = _load_hook()
    frames = [f for f in traceback.extract_tb(tb) if f.filename == filename]
    markers = hook.cell_start_lines(NOTEBOOK)
    message = hook.format_notebook_failure(
        NOTEBOOK.relative_to(NOTEBOOK.parents[1]).as_posix(),
        number,
        source,
        error,
        markers[number - 1] if len(markers) == len(jupytext.read(NOTEBOOK).cells) else None,
        frames[-1].lineno if frames else None,
    )
    pytest.fail(message, pytrace=False)


def test_sgd_notebook_runs_with_its_asserts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # in case a figure cell is added
    namespace: dict[str, object] = {"__name__": "__sgd_notebook__"}
    started = time.perf_counter()
    for number, cell in enumerate(jupytext.read(NOTEBOOK).cells, start=1):
        if cell.cell_type == "code":
            run_cell(number, cell.source, namespace)
    elapsed = time.perf_counter() - started
    # The book builds this notebook on every `make build`; keep it quick.
    assert elapsed < 30, f"the SGD notebook should run in well under 30 s, took {elapsed:.1f} s"

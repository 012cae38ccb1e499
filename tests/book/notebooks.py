"""Run a notebook chapter's code cells in order, as the build does (tests/book/test_*.py).

A failing cell is reported the way the build reports it (hooks/notebook_errors.py): a
few plain lines naming the chapter, the cell and the line, not a long traceback.
"""

from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import jupytext  # from the [docs] extra, which `make test` installs
import pytest


def _hook(notebook: Path) -> ModuleType:
    """hooks/notebook_errors.py, whose report format the build uses too."""
    path = notebook.parents[1] / "hooks" / "notebook_errors.py"
    spec = importlib.util.spec_from_file_location("bpbook_hook_notebook_errors", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cell(notebook: Path, number: int, source: str, namespace: dict[str, Any]) -> None:
    """Run cell `number` of `notebook`; a failure fails the test in a few plain lines."""
    filename = f"{notebook}:cell {number}"
    try:
        exec(compile(source, filename, "exec"), namespace)
    except Exception as exc:
        error, tb = f"{type(exc).__name__}: {exc}", exc.__traceback__
    else:
        return
    hook = _hook(notebook)
    frames = [f for f in traceback.extract_tb(tb) if f.filename == filename]
    markers = hook.cell_start_lines(notebook)
    cells = jupytext.read(notebook).cells
    message = hook.format_notebook_failure(
        notebook.relative_to(notebook.parents[1]).as_posix(),
        number,
        source,
        error,
        markers[number - 1] if len(markers) == len(cells) else None,
        frames[-1].lineno if frames else None,
    )
    pytest.fail(message, pytrace=False)


def run_notebook(notebook: Path, name: str) -> dict[str, Any]:
    """Every code cell of `notebook` in order, in one namespace (``__name__`` is `name`)."""
    namespace: dict[str, Any] = {"__name__": name}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MPLBACKEND", "Agg")
        for number, cell in enumerate(jupytext.read(notebook).cells, start=1):
            if cell.cell_type == "code":
                run_cell(notebook, number, cell.source, namespace)
    return namespace

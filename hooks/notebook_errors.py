"""MkDocs hook: a notebook chapter whose cell raises fails the build in a few plain lines.

mkdocs-jupyter executes each ``docs/**/*.nb.py`` chapter at build time (nbconvert's
ExecutePreprocessor, i.e. nbclient). When a cell raises, its error is nbclient's
``CellExecutionError``: the whole cell source and IPython's traceback with terminal
colour codes, followed by MkDocs' own traceback (about 140 lines). This hook wraps the
notebook page's ``render`` (which mkdocs-jupyter replaces in its ``on_pre_page``) and
turns that error into a ``PluginError`` that MkDocs prints as is, for example::

    docs/sgd.nb.py:71: cell 4 raised ValueError: batch_size must be ...
      cell 4 starts (line 64): inputs, targets = lesson.toy_regression_data(...)
      failing line 71: batch_slopes = sgd(...)
      full traceback: python docs/sgd.nb.py

``format_notebook_failure`` is also used by the notebook's pytest run, so both report
a failure the same way. Cells are numbered from 1 in file order, markdown cells
included (as Jupyter shows them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_CELL_MARKER = re.compile(r"^# %%")
_IPYTHON_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_CELL_SOURCE = re.compile(r"^-{18}\n(?P<source>.*?)\n-{18}$", re.S | re.M)


def plain(text: str) -> str:
    """``text`` without terminal colour codes."""
    return _ANSI.sub("", text)


def cell_start_lines(path: Path) -> list[int]:
    """1-based line of each ``# %%`` cell marker of a Jupytext percent file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if _CELL_MARKER.match(line)]


def format_notebook_failure(
    path: str,
    cell_number: int,
    cell_source: str,
    error: str,
    marker_line: int | None = None,
    line_in_cell: int | None = None,
) -> str:
    """The plain report of a failing notebook cell (no colour, no traceback)."""
    source_lines = cell_source.splitlines() or [""]
    where = path
    starts = f"  cell {cell_number} starts: {source_lines[0].strip()}"
    failing = ""
    if marker_line is not None:
        starts = f"  cell {cell_number} starts (line {marker_line + 1}): {source_lines[0].strip()}"
        where = f"{path}:{marker_line + 1}"
        if line_in_cell is not None and 1 <= line_in_cell <= len(source_lines):
            where = f"{path}:{marker_line + line_in_cell}"
            text = source_lines[line_in_cell - 1].strip()
            failing = f"\n  failing line {marker_line + line_in_cell}: {text}"
    return (
        f"{where}: cell {cell_number} raised {plain(error)}\n{starts}{failing}\n"
        f"  full traceback: python {path}"
    )


def _failing_cell_index(exc: BaseException, code_sources: list[tuple[int, str]]) -> int | None:
    """0-based index of the cell nbclient was running, from its frames or its message."""
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        index = tb.tb_frame.f_locals.get("cell_index")
        if isinstance(index, int):
            return index
        tb = tb.tb_next
    m = _CELL_SOURCE.search(str(exc))
    matches = [i for i, source in code_sources if m and source == m["source"]]
    return matches[0] if len(matches) == 1 else None


def describe_cell_error(exc: CellExecutionError, path: Path, shown_path: str) -> str:
    """Plain report of nbclient's ``CellExecutionError`` for the notebook at ``path``."""
    import jupytext

    cells = jupytext.read(path).cells
    code = [(i, cell.source) for i, cell in enumerate(cells) if cell.cell_type == "code"]
    error = f"{exc.ename}: {exc.evalue}"
    index = _failing_cell_index(exc, code)
    if index is None or index >= len(cells):
        return f"{shown_path}: a cell raised {plain(error)}\n  full traceback: python {shown_path}"
    markers = cell_start_lines(path)
    marker = markers[index] if len(markers) == len(cells) else None
    m = _IPYTHON_CELL_LINE.search(plain(str(exc)))
    line_in_cell = int(m[1]) if m else None
    return format_notebook_failure(
        shown_path, index + 1, cells[index].source, error, marker, line_in_cell
    )


def _is_notebook(page: Any) -> bool:
    return bool(page.file.src_uri.endswith(".nb.py"))


@event_priority(-100)  # after mkdocs-jupyter's on_pre_page, which replaces page.render
def on_pre_page(page: Any, config: Any, files: Any) -> Any:
    if not _is_notebook(page):
        return page
    path = Path(page.file.abs_src_path)
    shown = os.path.relpath(path, os.path.dirname(config.config_file_path))
    render: Callable[[Any, Any], None] = page.render

    def render_or_report(config: Any, files: Any) -> None:
        try:
            render(config, files)
        except CellExecutionError as exc:
            raise PluginError(describe_cell_error(exc, path, shown)) from None
        except (CellTimeoutError, DeadKernelError) as exc:
            message = f"{shown}: {type(exc).__name__}: {plain(str(exc)).strip()}"
            raise PluginError(message) from None

    page.render = render_or_report
    return page

"""A notebook chapter whose cell raises fails the build with a few plain lines.

Builds a two-page MkDocs project (the book's mkdocs-jupyter settings and its hook
hooks/notebook_errors.py) whose notebook raises in its second code cell, and checks
the build output: file:line, cell number, the cell's first line, the failing line,
the exception type and message; no colour codes, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOK = """\
# %% [markdown]
# # A chapter

# %%
total = 1 + 1

# %% [markdown]
# Text.

# %%
halves = total / 2
ratio = halves / (total - 2)
"""

CONFIG = f"""\
site_name: t
theme: mkdocs
nav:
  - index.md
  - t.nb.py
hooks:
  - {ROOT / "hooks" / "notebook_errors.py"}
plugins:
  - mkdocs-jupyter:
      include: ["*.nb.py"]
      execute: true
      allow_errors: false
"""


def test_failing_cell_is_reported_in_a_few_plain_lines(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "t.nb.py").write_text(NOTEBOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert (
        "docs/t.nb.py:12: cell 4 raised ZeroDivisionError: float division by zero\n"
        "  cell 4 starts (line 11): halves = total / 2\n"
        "  failing line 12: ratio = halves / (total - 2)\n"
        "  full traceback: python docs/t.nb.py\n"
    ) in output, output
    assert "\x1b[" not in output, "colour codes in the build output"
    assert "Traceback" not in output and "-----" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 2, output  # "Error reading page 't.nb.py':" and the report

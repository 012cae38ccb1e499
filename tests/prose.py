"""Helpers for tests that tie the numbers quoted in the book's prose to bpbook.

A prose claim is checked in two halves: bpbook computes the number, and the
page must still say it in the words the test expects. If a writer edits the
sentence, the test fails and names the page, so prose and code cannot drift.

"Prose" is a page's text outside code: fences are dropped from Markdown pages,
only markdown cells are kept from notebook chapters (``*.nb.py``), links are
flattened to their text and whitespace is collapsed, so re-wrapping a paragraph
does not break a test but changing a number does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.M | re.S)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@cache
def page_text(page: str) -> str:
    """The source text of ``docs/<page>``."""
    return (DOCS / page).read_text(encoding="utf-8")


@cache
def prose(page: str) -> str:
    """The prose of ``docs/<page>``: text outside code, links flattened, whitespace collapsed."""
    if page.endswith(".nb.py"):
        import jupytext

        cells = jupytext.read(DOCS / page).cells
        text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    else:
        text = _FENCE.sub(" ", page_text(page))
    text = _LINK.sub(r"\1", text)
    return " ".join(text.split())


def number(value: float) -> str:
    """Format a computed number the way code prints it: ``6``, ``2.24``, ``-24``."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def num(value: float) -> str:
    """A number as the prose prints it: like :func:`number`, with a real minus sign."""
    return number(float(value)).replace("-", "\N{MINUS SIGN}")


def assert_prose_says(page: str, snippet: str) -> None:
    """Fail unless the prose of ``docs/<page>`` contains ``snippet`` (whitespace-insensitive)."""
    wanted = " ".join(snippet.split())
    assert wanted in prose(page), (
        f"docs/{page} no longer says {wanted!r} (outside code); bpbook computes these "
        "numbers, so update the page or this test together"
    )

"""Helpers for tests that tie the numbers quoted in the book's prose to bpbook.

A prose claim is checked in two halves: bpbook computes the number, and the
page must still say it in the words the test expects. If a writer edits the
sentence, the test fails and names the page, so prose and code cannot drift.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


@cache
def page_text(page: str) -> str:
    """The source text of ``docs/<page>``."""
    return (DOCS / page).read_text(encoding="utf-8")


def number(value: float) -> str:
    """Format a computed number the way the book prints it: ``6``, ``2.24``, ``-24``."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def assert_page_says(page: str, snippet: str) -> None:
    """Fail unless ``docs/<page>`` contains ``snippet`` verbatim."""
    assert snippet in page_text(page), (
        f"docs/{page} no longer contains {snippet!r}; the number it quotes is checked here, "
        "so update the page or this test together"
    )

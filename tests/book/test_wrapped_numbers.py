"""No list item starts with a number that only line wrapping put at the start of a line.

Markdown reads "1." at the start of a line inside a paragraph (a list item's text too)
as a new list: Practice, exercise 14, had a solution step ending "a step of 1.5 from"
with "1. An update moves ..." on the next line, which the page (and the PDF) showed as a
new step "1.". A numbered line directly under a line of text is flagged unless that
text ends with a colon (a list that is meant to follow it) or opens an admonition or
a tab; the fix is to re-wrap the sentence so no line starts with "<digit>.".
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_ITEM = re.compile(r"^(\s*)(\d+[.)]|[-*+])\s+\S")
_OPENER = re.compile(r"^\s*(!!!|\?\?\?|===)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def wrapped_numbers(text: str) -> list[int]:
    """Lines of ``text`` where a wrapped sentence starts with a number read as a list item."""
    bad = []
    marker: int | None = None  # indent of the list marker whose text we are in
    in_fence, prev = False, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence, prev = not in_fence, ""
            continue
        if in_fence:
            continue
        item = _ITEM.match(line)
        if not line.strip():
            marker = None
        elif item and item[2][0].isdigit() and _continues(prev):
            indent = len(item[1])
            inside_item = marker is not None and indent > marker
            starts_list = marker is None and not _ITEM.match(prev) and item[2][0] == "1"
            if inside_item or starts_list:
                bad.append(number)
        if item:
            marker = len(item[1])
        prev = line
    return bad


def _continues(prev: str) -> bool:
    """True when a line after ``prev`` would continue its sentence."""
    text = prev.rstrip().rstrip("*")
    return bool(text) and not _OPENER.match(prev) and not text.endswith(":")


def test_the_check_finds_exercise_14s_old_wrapping() -> None:
    old = (
        '??? success "Solution"\n'
        "    1. The prediction is 2.\n"
        "    2. The target needs a step of 1.5 from\n"
        "       1. An update moves the weight.\n"
    )
    assert wrapped_numbers(old) == [4]
    meant = "3. **For each layer:**\n    1. find the slope;\n    2. update.\n"
    assert wrapped_numbers(meant) == []
    plain = "The batch holds examples 1 to\n1. Nothing else.\n"
    assert wrapped_numbers(plain) == [2]


def _pages() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.nb.py")])


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_wrapped_line_starts_a_numbered_item(page: Path) -> None:
    if page.name.endswith(".nb.py"):
        cells = jupytext.read(page).cells
        text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    else:
        text = page.read_text(encoding="utf-8")
    bad = wrapped_numbers(text)
    assert not bad, f"{page.name}: lines {bad} start with '<digit>.' in the middle of a sentence"

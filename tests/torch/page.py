"""The python fences of docs/pytorch.md (and of the cookbook), in page order, for the tests.

No torch here: ``tests/book/test_pytorch.py`` and ``tests/book/test_cookbook.py``
(``make test``) read the fences to check how they are marked, and
``tests/torch/test_pytorch_page.py`` and ``tests/torch/test_cookbook_page.py``
(``make test-torch``) run them. A page's PyTorch fences are ``python notest
title="PyTorch"``: ``notest`` keeps ``make test`` (pytest-markdown-docs) from running
them, since torch is no dependency of the book, and the title tells the reader, and
these tests, which code is PyTorch's.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = DOCS / "pytorch.md"
COOKBOOK = DOCS / "cookbook.md"
# What `make test-torch` demands of every comparison on the page: the relative
# difference of the loss, of every array of slopes and of the weights after one step.
TOLERANCE = 1e-12
TORCH_TITLE = "PyTorch"

_OPEN = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Fence:
    """One python fence: its first line number (1-based), option words and code."""

    line: int
    options: tuple[str, ...]
    code: str

    @property
    def is_torch(self) -> bool:
        """A PyTorch fence: titled "PyTorch" (and, checked by the book test, notest)."""
        return f"title={TORCH_TITLE}" in self.options


def python_fences(text: str | None = None, page: Path = PAGE) -> list[Fence]:
    """Every top-level python fence of ``page`` (or of ``text``), in order.

    Indented fences (inside an admonition) are refused: keep the run code top-level.
    """
    text = page.read_text(encoding="utf-8") if text is None else text
    fences: list[Fence] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        m = _OPEN.match(lines[number])
        number += 1
        if not m:
            continue
        if m["indent"]:
            raise AssertionError(f"docs/{page.name}:{number}: indented fence; keep them top-level")
        words = shlex.split(m["info"])
        body: list[str] = []
        while number < len(lines) and lines[number].strip() != m["fence"]:
            body.append(lines[number])
            number += 1
        number += 1  # the closing fence
        if words and words[0] == "python":
            fences.append(Fence(number - len(body) - 1, tuple(words[1:]), "\n".join(body) + "\n"))
    return fences

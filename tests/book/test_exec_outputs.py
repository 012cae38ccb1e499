"""Every build-time example shows something, and an example of an error proves it was raised.

The ``exec="on"`` fences of every page (markdown-exec, run when the site is built)
are run here again, in page order, sharing names within a ``session`` as
markdown-exec does. Each must print something: a block under a sentence such as
"here the learning rate is too large" that prints nothing leaves an empty output box
on the page. A block that catches an exception must have an ``else:`` branch (the
path where nothing was raised) and an ``assert``, so that it fails the build when the
exception it demonstrates is not raised.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
from pathlib import Path

import pytest

from conftest import pytest_markdown_docs_markdown_it

DOCS = Path(__file__).resolve().parents[2] / "docs"


def exec_fences(text: str) -> list[tuple[int, str, str | None]]:
    """(line, code, session) of each ``exec="on"`` python fence of a Markdown text."""
    found = []
    for token in pytest_markdown_docs_markdown_it().parse(text):
        info = token.info.split()
        if token.type != "fence" or not info or info[0] != "python":
            continue
        if 'exec="on"' not in info and "exec=on" not in info:
            continue
        session = next(
            (w.split("=", 1)[1].strip('"') for w in info if w.startswith("session=")), None
        )
        line = token.map[0] + 1 if token.map else 0
        found.append((line, token.content, session))
    return found


PAGES = sorted(
    p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if exec_fences(p.read_text())
)


def test_the_scanner_finds_the_books_exec_fences() -> None:
    """Guard for the test itself: the book has dozens of exec fences in many pages."""
    assert len(PAGES) >= 8
    assert sum(len(exec_fences((DOCS / p).read_text())) for p in PAGES) >= 60


def test_the_scanner_reads_session_and_indented_fences() -> None:
    text = '!!! note\n    ```python exec="on" session="s" source="above"\n    print(1)\n    ```\n'
    assert exec_fences(text) == [(2, "print(1)\n", "s")]


@pytest.mark.parametrize("page", PAGES)
def test_every_exec_block_prints_something(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DOCS.parent)
    monkeypatch.setenv("MPLBACKEND", os.environ.get("MPLBACKEND", "Agg"))
    sessions: dict[str | None, dict[str, object]] = {}
    empty = []
    for line, code, session in exec_fences((DOCS / page).read_text()):
        names = sessions.setdefault(session, {}) if session else {}
        names.setdefault("__name__", "__main__")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"{page}:{line}", "exec"), names)
        if not out.getvalue().strip():
            empty.append(line)
    assert not empty, f"docs/{page}: exec blocks at lines {empty} print nothing"


def catches_without_proof(code: str) -> bool:
    """True when ``code`` catches an exception with no ``else:`` branch or no ``assert``."""
    tree = ast.parse(code)
    tries = [node for node in ast.walk(tree) if isinstance(node, ast.Try) and node.handlers]
    if not tries:
        return False
    asserts = any(isinstance(node, ast.Assert) for node in ast.walk(tree))
    return not asserts or any(not node.orelse for node in tries)


def test_catches_without_proof_spots_an_unchecked_example() -> None:
    unchecked = "try:\n    f()\nexcept ValueError as e:\n    print(e)\n"
    checked = unchecked + "else:\n    raised = False\nassert raised\n"
    assert catches_without_proof(unchecked)
    assert not catches_without_proof(checked)
    assert not catches_without_proof("print(1)\n")


@pytest.mark.parametrize("page", PAGES)
def test_exec_examples_of_an_error_fail_when_it_is_not_raised(page: str) -> None:
    bad = [
        line
        for line, code, _ in exec_fences((DOCS / page).read_text())
        if catches_without_proof(code)
    ]
    assert not bad, (
        f"docs/{page}: exec blocks at lines {bad} catch an exception without an else: branch "
        "and an assert that fail when it is not raised"
    )

"""Repo-wide pytest configuration for running the book's code fences.

`make test` runs ``pytest tests docs README.md --markdown-docs
--markdown-docs-syntax=superfences``. pytest-markdown-docs parses Markdown with plain
CommonMark, where a fence indented inside an admonition (``!!!``), a collapsible
block (``???``/``???+``) or a content tab (``===``) is an *indented code block* and
would be skipped silently. The parser below first un-indents the bodies of those
blocks (keeping every line in place, so reported line numbers stay right), so such
fences are collected like any other. tests/test_docs_fences.py checks that no python
fence is missed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# Notebook chapters (docs/**/*.nb.py) are executed by mkdocs-jupyter at build time;
# --markdown-docs would otherwise import them to look for docstrings.
collect_ignore_glob = ["docs/**/*.nb.py", "docs/*.nb.py", "site/*", ".venv/*"]

# "!!! note", "??? tip "Title"", "???+ example", "=== "Tab"" (not a setext "===" rule).
_BLOCK_MARKER = re.compile(r"""^(?:(?:!!!|\?\?\?\+?)[ \t]+\S|===[+!]*[ \t]+")""")
_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})")


def _indent_width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def unindent_blocks(text: str) -> str:
    """Turn the indented bodies of !!!, ???, === blocks into top-level Markdown.

    Marker lines become blank lines and body lines lose 4 spaces per enclosing
    block, so the line count is unchanged.
    """
    out: list[str] = []
    stack: list[int] = []  # body indentation (in the original text) of open blocks
    fence: tuple[str, int] | None = None  # (fence chars, indentation) of an open fence
    for raw in text.expandtabs(4).split("\n"):
        indent = _indent_width(raw)
        blank = not raw.strip()
        if not blank:
            while stack and indent < stack[-1]:
                stack.pop()
                fence = None  # leaving a block also ends a fence opened inside it
        depth = stack[-1] if stack else 0
        line = raw[min(depth, indent) :] if not blank else ""
        stripped = line.lstrip(" ")
        if fence is not None:
            if (
                stripped.startswith(fence[0])
                and not stripped[len(fence[0]) :].strip(fence[0][0]).strip()
            ):
                fence = None
            out.append(line)
            continue
        m = _FENCE_OPEN.match(stripped)
        if m:
            fence = (m.group(1), depth)
            out.append(line)
            continue
        if _BLOCK_MARKER.match(stripped) and _indent_width(line) < 4:
            stack.append(indent + 4)
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


@pytest.hookimpl
def pytest_markdown_docs_markdown_it() -> Any:
    from markdown_it import MarkdownIt

    class BlockAwareMarkdownIt(MarkdownIt):  # type: ignore[misc]
        def parse(self, src: str, env: Any = None) -> Any:
            return super().parse(unindent_blocks(src), env)

    return BlockAwareMarkdownIt("commonmark")


# --------------------------------------------------------------------------------------
# The built site, shared by tests/test_site_build.py and the browser tests.
# `make test` builds it first (`mkdocs build --strict` into site/) and passes
# BPBOOK_SITE_DIR; a plain `pytest` run without it builds once into a temp dir.
# --------------------------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of the built book (contains index.html)."""
    env_dir = os.environ.get("BPBOOK_SITE_DIR")
    if env_dir and (Path(env_dir) / "index.html").is_file():
        return Path(env_dir)
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}")
    return out


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium for the browser tests (playwright `executable_path`).

    Missing Chromium skips the browser tests locally with a plain message, but fails
    them under CI=true. Never `playwright install`.
    """
    for candidate in (os.environ.get("BPBOOK_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "Chromium not found: install it with `apt-get install chromium` to run browser tests"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)

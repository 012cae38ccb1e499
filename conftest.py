"""Repo-wide pytest configuration: how the book's Markdown is parsed for its code fences.

`make test` runs ``pytest ... docs README.md --markdown-docs
--markdown-docs-syntax=superfences``. pytest-markdown-docs parses Markdown with plain
CommonMark, where a fence indented inside an admonition (``!!!``), a collapsible block
(``???``, ``???+``) or a content tab (``===``) is an indented code block and would be
skipped silently. Its documented hook, ``pytest_markdown_docs_markdown_it``, returns
the parser to use: CommonMark with mdit-py-plugins' admonition plugin (which knows
``!!!``, ``???`` and ``???+``) and a small block rule for Material's content tabs
(``=== "Title"``), the one syntax no plugin covers. tests/book/test_fences.py checks
that every python fence of every page is collected.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

# Notebook chapters (docs/**/*.nb.py) are executed by mkdocs-jupyter at build time;
# --markdown-docs would otherwise import them to look for docstrings.
collect_ignore_glob = ["docs/**/*.nb.py", "docs/*.nb.py", "site/*", ".venv/*"]

# `=== "Tab"`, `===+ "Tab"`, `===! "Tab"` (pymdownx.tabbed); not a setext `===` rule.
_TAB_MARKER = re.compile(r'===[+!]*[ \t]+"')
_TAB_BODY_INDENT = 4


def content_tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule for a content tab: its body is the lines indented 4 more than the marker.

    Modelled on mdit-py-plugins' admonition rule: the body is tokenized as Markdown
    (so a fence inside is a fence), between ``tab_open`` and ``tab_close`` tokens.
    """
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not _TAB_MARKER.match(state.src, start, state.eMarks[start_line]):
        return False
    if silent:
        return True
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    state.parentType = "tab"
    state.blkIndent = state.sCount[start_line] + _TAB_BODY_INDENT
    next_line = start_line + 1
    while next_line < end_line:
        blank = state.isEmpty(next_line)
        if not blank and state.sCount[next_line] < state.blkIndent:
            break  # a non-blank line indented less than the body ends the tab
        next_line += 1
    while next_line > start_line + 1 and state.isEmpty(next_line - 1):
        next_line -= 1  # trailing blank lines belong to what follows
    state.lineMax = next_line
    opening = state.push("tab_open", "div", 1)
    opening.map = [start_line, next_line]
    opening.info = state.src[start : state.eMarks[start_line]]
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("tab_close", "div", -1)
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = next_line
    return True


@pytest.hookimpl
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    """The parser for pytest-markdown-docs: CommonMark + admonitions + content tabs."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin

    parser = MarkdownIt("commonmark").use(admon_plugin)
    parser.block.ruler.before(
        "fence", "content_tab", content_tab, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    return parser

"""MkDocs hook: only API reference pages link mkdocstrings' stylesheet.

mkdocstrings adds ``assets/_mkdocstrings.css`` to every page's ``<head>``, a stylesheet
that blocks the first paint while it downloads; its rules style only what mkdocstrings
writes (``doc-`` classes), which only the API reference pages (``docs/reference/``)
have. Pages without that output drop the link (issue 21: one request fewer before a
chapter can paint). Material's instant navigation swaps the ``<head>``'s stylesheets
when it changes pages, as for KaTeX's (``katex_prerender``), so an API page reached
from a chapter is styled.
"""

from __future__ import annotations

import re
from typing import Any

_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css"\s*/?>')
_API_OUTPUT = re.compile(r'class="doc[ "]')


def without_unused_api_styles(html: str) -> str:
    """``html`` without the link to ``_mkdocstrings.css`` if nothing in it uses that sheet."""
    if _API_OUTPUT.search(html):
        return html
    return _LINK.sub("", html, count=1)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    return without_unused_api_styles(output)

"""MkDocs hook: hide pytest-markdown-docs options from the Markdown renderer.

Python fences may carry options meant only for the test run, e.g.

    ```python notest            (not run by `make test`)
    ```python continuation      (run after the previous python fence of the page)

pymdownx.superfences does not render a plain fence whose info string has an option it
does not know (it falls back to inline code), so these words (`notest`,
`continuation`, `fixture:NAME`, `runner:NAME`, `retry:N`) are removed from python fence
info strings before the page is converted. markdown-exec options are left alone.
"""

from __future__ import annotations

import re
from typing import Any

_FENCE = re.compile(
    r"^(?P<head>[ \t>]*(?:`{3,}|~{3,})[ \t]*(?:python3?|py)\b)(?P<rest>[^\n`]*)$",
    re.M,
)
_TEST_OPTION = re.compile(
    r"""(?<![\w"'=])(?:notest|continuation|(?:fixture|runner|retry):[\w.-]+)(?![\w"'=])"""
)


def _clean(match: re.Match[str]) -> str:
    rest = _TEST_OPTION.sub("", match["rest"])
    rest = re.sub(r"[ \t]{2,}", " ", rest).rstrip()
    return match["head"] + rest


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return _FENCE.sub(_clean, markdown)

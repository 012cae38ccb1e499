"""MkDocs hook: every code block can be reached from the keyboard before Material sets it up.

A code block wider than the column scrolls sideways, and a region that scrolls must be
focusable (axe: scrollable-region-focusable). Material gives such a block
``tabindex="0"`` when it sets the block up, and with ``content.lazy`` (issue 10: one
forced layout of the whole page per block at load) it sets a block up only when it
scrolls into view. So the pages carry ``tabindex="0"`` on every ``<pre><code>`` from the
start; Material keeps it where the block scrolls and removes it where it does not.
"""

from __future__ import annotations

import re
from typing import Any

# pymdownx.highlight writes <pre><span></span><code>; fences without a language <pre><code>.
_CODE_BLOCK = re.compile(r"(<pre(?:\s[^>]*)?>(?:<span></span>)?)<code(?=>)")


def focusable_code_blocks(html: str) -> str:
    """``html`` with ``tabindex="0"`` on the ``<code>`` of every ``<pre><code>`` block."""
    return _CODE_BLOCK.sub(r'\1<code tabindex="0"', html)


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    return focusable_code_blocks(html)

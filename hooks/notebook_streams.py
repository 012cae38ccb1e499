"""MkDocs hook: what one notebook cell prints comes out as one block, as Jupyter shows it.

The kernel sends a cell's printed text in pieces, whenever its output thread flushes
(every 0.2 s), and nbconvert renders each piece as its own output block. One ``print``
is two writes, the text and its newline, so a flush that falls between them splits a
table from its last newline. That happened in a CI build of the digits chapter: the
page showed an empty box under the gradient check's table, and the MkDocs and
ProperDocs builds of the same page differed (``make build-properdocs``). Jupyter
itself merges a cell's consecutive stdout pieces into one block. This hook does the
same to every notebook page's HTML, so the page no longer depends on the kernel's
timing. Error output (stderr) and other outputs are left as they are.
"""

from __future__ import annotations

import re
from typing import Any

# Where one stdout block ends and the next begins, within the same cell's output area.
_STDOUT_BLOCK = (
    '<div class="jp-OutputArea-child">\n'
    '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
    '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" '
    'tabindex="0">\n<pre>'
)
_SEAM = re.compile(re.escape("</pre>\n</div>\n</div>\n" + _STDOUT_BLOCK))


def merge_stdout_blocks(html: str) -> str:
    """``html`` with each run of consecutive stdout blocks of a cell made one block.

    >>> block = _STDOUT_BLOCK + "{}</pre>\\n</div>\\n</div>\\n"
    >>> merge_stdout_blocks(block.format("table") + block.format("\\n")) == block.format("table\\n")
    True
    """
    return _SEAM.sub("", html)


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Merge the stdout blocks of a notebook chapter (``docs/**/*.nb.py``)."""
    if not page.file.src_uri.endswith(".nb.py"):
        return html
    return merge_stdout_blocks(html)

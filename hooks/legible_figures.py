"""MkDocs hook: the book's figures stay legible on a phone.

bpbook's diagrams and plots are inline SVGs (``<svg class="bp-fig ...">``) that scale
with the text column. At a 390 px wide phone their smallest labels shrank to 6 px. The
drawings are laid out for their own width, so larger type alone would make labels
collide; instead each figure gets a smallest rendered width, at which its smallest
label is ``MIN_LABEL_PX`` high, and sits in a container that scrolls sideways
(``.bp-fig-scroll``, styled in docs/stylesheets/extra.css: the scroll shadows say
there is more to see). Wherever the column is wide enough nothing changes.

The width is computed here, per figure, from its ``viewBox`` and the smallest
``font-size`` in it, and handed to the stylesheet as ``--bp-fig-min-width``. The page
itself never scrolls sideways. Print (tools/pdf/print.css) drops the minimum.
"""

from __future__ import annotations

import math
import re
from typing import Any

# Font size, in CSS px, of the smallest label on the narrowest screen. Chromium's text
# box is about 1.1 to 1.2 times the font size, so this keeps every label's box at least
# 11 px high (tests/browser/test_figure_text_size.py measures it).
MIN_LABEL_PX = 10.5

_SVG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*?)</svg>", re.S | re.I)
_CLASS = re.compile(r"""\bclass\s*=\s*(["'])(?P<value>[^"']*)\1""", re.I)
_VIEWBOX = re.compile(r"""\bviewbox\s*=\s*(["'])(?P<value>[^"']*)\1""", re.I)
_STYLE = re.compile(r"""\bstyle\s*=\s*(["'])(?P<value>[^"']*)\1""", re.I)
_FONT_SIZES = re.compile(r"""font-size\s*(?:=\s*["']|:\s*)(?P<size>\d+(?:\.\d+)?)(?:px)?""", re.I)


def min_width(attrs: str, body: str) -> int | None:
    """Smallest width (px) at which the figure's smallest label is MIN_LABEL_PX high."""
    viewbox = _VIEWBOX.search(attrs)
    sizes = [float(m["size"]) for m in _FONT_SIZES.finditer(body)]
    if viewbox is None or not sizes:
        return None
    width = float(viewbox["value"].replace(",", " ").split()[2])
    return math.ceil(width * MIN_LABEL_PX / min(sizes))


def _wrap(match: re.Match[str]) -> str:
    attrs, body = match["attrs"], match["body"]
    classes = _CLASS.search(attrs)
    if classes is None or "bp-fig" not in classes["value"].split():
        return match[0]
    width = min_width(attrs, body)
    if width is not None:
        declaration = f"--bp-fig-min-width:{width}px"
        style = _STYLE.search(attrs)
        if style is None:
            attrs += f' style="{declaration}"'
        else:
            value = style["value"].rstrip("; ")
            attrs = attrs.replace(style[0], f'style="{value};{declaration}"', 1)
    # tabindex: a region that scrolls must be reachable from the keyboard.
    return f'<div class="bp-fig-scroll" tabindex="0"><svg{attrs}>{body}</svg></div>'


def on_page_content(html: str, **kwargs: Any) -> str:
    return _SVG.sub(_wrap, html)

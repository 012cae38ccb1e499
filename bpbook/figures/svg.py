"""SVG primitives: the `SVG` string type, attributes, text, slope boxes, badges, ids.

Everything here writes SVG text and knows nothing of networks. Sizes are in SVG
units (pixels at full size; a figure scales with the page through its ``viewBox``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from bpbook.checks import InputError, InputTypeError
from bpbook.figures.theme import LIGHT

__all__ = [
    "CHAR",
    "FONT_SIZE",
    "SMALL",
    "SVG",
    "attrs",
    "badge",
    "checked_id_prefix",
    "escape",
    "fresh_id_prefix",
    "one_line",
    "slope_box",
    "text",
    "text_width",
]

FONT_SIZE = 15.0  # labels of values and weights
SMALL = 13.0  # slopes, activation slopes, notes, the legend
CHAR = 0.6  # rough width of a character, in font sizes


class SVG(str):
    """An SVG document as a ``str``; Jupyter shows it as a picture.

    It is an ordinary string (``print`` it, write it to a file, search it),
    with one extra: notebooks call ``_repr_html_`` and draw it inline.

    Examples
    --------
    >>> from bpbook.figures import SVG
    >>> picture = SVG('<svg xmlns="http://www.w3.org/2000/svg"/>')
    >>> picture.startswith("<svg")
    True
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_svg_(self) -> str:
        return str(self)


# Diagrams and step-throughs draw their ids from one counter, plots from their own.
_SHARED_IDS = itertools.count(1)


def fresh_id_prefix(kind: str, counter: Iterator[int] = _SHARED_IDS) -> str:
    """A prefix no other figure made in this process uses, e.g. ``"bp-net-3"``.

    Several figures can then share a page without clashing ids.
    """
    return f"bp-{kind}-{next(counter)}"


def checked_id_prefix(id_prefix: object, kind: str, counter: Iterator[int] = _SHARED_IDS) -> str:
    """``id_prefix`` checked and escaped for use in attribute values; a fresh one when None.

    Examples
    --------
    >>> checked_id_prefix('a"b', "net")
    'a&quot;b'
    """
    if id_prefix is None:
        return fresh_id_prefix(kind, counter)
    if not isinstance(id_prefix, str):
        raise InputTypeError(f"id_prefix: expected a str (or None), got {type(id_prefix).__name__}")
    if not id_prefix or any(c.isspace() for c in id_prefix):
        raise InputError(
            f"id_prefix: expected a non-empty str without spaces, got {id_prefix[:40]!r}"
        )
    return escape(id_prefix, {'"': "&quot;", "'": "&#x27;"})


def text_width(content: str, size: float) -> float:
    """Rough width of ``content`` written at font size ``size``."""
    return len(content) * size * CHAR


def attrs(**values: object) -> str:
    """``class_="a", data_layer=1`` -> ``class="a" data-layer="1"``; None is left out.

    Floats are written in full precision, for scripts reading a drawing back.

    Examples
    --------
    >>> attrs(class_="bp-node", data_value=0.1, data_factor=None)
    'class="bp-node" data-value="0.1"'
    """
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = repr(value)
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return " ".join(parts)


def text(
    content: str,
    x: float,
    y: float,
    *,
    size: float = FONT_SIZE,
    anchor: str = "middle",
    **attributes: object,
) -> str:
    """A ``<text>`` centred vertically on ``y``; ``content`` is escaped."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'dominant-baseline="central" {attrs(**attributes)}>{escape(content)}</text>'
    )


def slope_box(
    content: str,
    x: float,
    y: float,
    *,
    group_class: str,
    stroke: str = LIGHT["slope-stroke"],
    stroke_width: float = 1.5,
    **attributes: object,
) -> str:
    """A rounded red box with italic text, centred on (x, y): how slopes are drawn."""
    width = text_width(content, SMALL) + 12
    height = SMALL + 9
    label = text(content, x, y, size=SMALL, fill=LIGHT["slope"], font_style="italic")
    return (
        f"<g {attrs(class_=group_class, **attributes)}>"
        f'<rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" rx="{height / 2:.1f}" fill="{LIGHT["slope-fill"]}" '
        f'stroke="{stroke}" stroke-width="{stroke_width:g}"/>'
        f"{label}</g>"
    )


def badge(label: str, x: float, y: float) -> str:
    """A small numbered disc marking one factor of a highlighted product."""
    number = text(label, x, y + 0.5, size=11, fill=LIGHT["hl-ink"], font_weight="bold")
    return (
        f'<g class="bp-badge" aria-hidden="true"><circle cx="{x:.1f}" cy="{y:.1f}" r="9" '
        f'fill="{LIGHT["hl"]}"/>{number}</g>'
    )


def one_line(svg: str) -> str:
    """The SVG on one line: no blank lines or indentation for Markdown to misread."""
    return re.sub(r"\n\s*", "", svg)

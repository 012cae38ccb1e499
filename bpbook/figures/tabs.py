"""A step-through as Material for MkDocs content tabs, one tab per `Step`.

`steps_html` writes the HTML that ``pymdownx.tabbed`` (``alternate_style: true``)
makes, for a markdown-exec block with ``html="true"``; `steps_markdown` writes the
``=== "Step 1"`` Markdown for a block without it.

To keep the page light, `steps_html` puts only the first step's drawing in the page;
every other drawing waits, as exactly the same SVG text, in a ``<template>`` (which
the browser parses but does not render or add to the document). The site's script
``docs/javascripts/bp-steps.js`` moves a drawing into place when its tab is shown,
and every drawing before printing. Without JavaScript each tab still shows its
caption, and a ``<noscript>`` note says the drawing needs JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence

from bpbook.figures.steps import Step
from bpbook.figures.svg import checked_id_prefix, escape, one_line

__all__ = ["PENDING_CLASS", "steps_html", "steps_markdown"]

PENDING_CLASS = "bp-step-pending"  # a step whose drawing is still in its <template>
_NOSCRIPT = (
    '<noscript><p class="bp-noscript"><em>The drawing of this step needs JavaScript; '
    "the caption below gives its numbers.</em></p></noscript>"
)


def _split_caption(step: Step) -> tuple[str, str]:
    """``"Slope of X: 1 × 6 × 1 = 6."`` -> ``("Slope of X:", "1 × 6 × 1 = 6.")``."""  # noqa: RUF002
    head, colon, rest = step.caption.partition(": ")
    if not colon:
        return f"{step.title}.", step.caption
    return head + ":", rest


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def steps_markdown(steps: Sequence[Step]) -> str:
    """The steps as Material for MkDocs content tabs, in Markdown.

    For a markdown-exec block *without* ``html="true"`` (its printed output is
    then read as Markdown, so ``pymdownx.tabbed`` builds the ``=== "Step 1"``
    tabs), or for a page you write by hand. Each tab holds the drawing, on one
    line so that Markdown keeps it inline, and the caption (its part before the
    first colon in bold). Every drawing is in the page; `steps_html` (used by the
    book) is lighter.

    Examples
    --------
    >>> from bpbook.figures import Step, SVG, steps_markdown
    >>> text = steps_markdown([Step("One", "First: 1 + 1 = 2.", SVG("<svg/>"))] * 2)
    >>> print(text)
    === "Step 1"
    <BLANKLINE>
        <svg/>
    <BLANKLINE>
        **First:** 1 + 1 = 2.
    <BLANKLINE>
    === "Step 2"
    <BLANKLINE>
        <svg/>
    <BLANKLINE>
        **First:** 1 + 1 = 2.
    <BLANKLINE>
    """
    blocks = []
    for n, step in enumerate(steps, start=1):
        head, rest = _split_caption(step)
        body = f"{one_line(step.svg)}\n\n**{head}** {rest}"
        blocks.append(f'=== "Step {n}"\n\n{_indent(body, 4)}\n')
    return "\n".join(blocks)


def _block(step: Step, live: bool) -> str:
    """One tab's content: the drawing (live, or waiting in a template) and the caption."""
    head, rest = _split_caption(step)
    drawing = one_line(step.svg)
    if live:
        figure = f'<div class="bp-figure bp-step">{drawing}</div>'
    else:
        figure = (
            f'<div class="bp-figure bp-step {PENDING_CLASS}">'
            f"<template>{drawing}</template>{_NOSCRIPT}</div>"
        )
    return (
        f'<div class="tabbed-block">{figure}'
        f"<p><strong>{escape(head)}</strong> {escape(rest)}</p></div>"
    )


def steps_html(steps: Sequence[Step], *, id_prefix: str | None = None, lazy: bool = True) -> str:
    """The steps as Material for MkDocs content tabs, in HTML.

    The same tabs as `steps_markdown`, as the HTML ``pymdownx.tabbed``
    (``alternate_style: true``) makes. With ``lazy`` (the default) only the first
    drawing is live; the others wait in ``<template>`` elements for the site's
    ``javascripts/bp-steps.js`` (see the module docstring). Material switches at
    most 20 tabs this way. ``id_prefix``: default, a fresh one per step-through.

    Examples
    --------
    >>> from bpbook.figures import Step, SVG, steps_html
    >>> steps = [Step(f"Step {n}", f"Step {n}: {n}.", SVG(f"<svg>{n}</svg>")) for n in (1, 2)]
    >>> html = steps_html(steps, id_prefix="demo")
    >>> html.count('type="radio"'), html.count('class="tabbed-block"')
    (2, 2)
    >>> "<svg>1</svg></div>" in html, "<template><svg>2</svg></template>" in html
    (True, True)
    """
    prefix = checked_id_prefix(id_prefix, "steps")
    n = len(steps)
    inputs = "".join(
        f'<input {"checked " if i == 1 else ""}id="{prefix}_{i}" name="{prefix}" type="radio">'
        for i in range(1, n + 1)
    )
    labels = "".join(f'<label for="{prefix}_{i}">Step {i}</label>' for i in range(1, n + 1))
    blocks = "".join(_block(step, live=not lazy or i == 0) for i, step in enumerate(steps))
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{n}">{inputs}'
        # tabindex: the row of labels scrolls sideways when it is wider than the page,
        # and a scrolling region must be reachable from the keyboard.
        f'<div class="tabbed-labels" tabindex="0">{labels}</div>'
        f'<div class="tabbed-content">{blocks}</div></div>'
    )

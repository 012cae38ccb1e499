"""Under a network diagram: the highlighted equation and the key to the labels."""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

from bpbook.figures.content import Content
from bpbook.figures.layout import OPERATOR_WIDTH, TERM_WIDTH, equation_width
from bpbook.figures.svg import SMALL, badge, escape, slope_box, text, text_width
from bpbook.figures.theme import LIGHT, format_number

__all__ = ["EQUATION_HEIGHT", "equation", "legend"]

EQUATION_HEIGHT = 52.0
_LEFT = 16.0  # where the key's lines start
_GAP = 24.0  # between two items of the key


def _operators(n_terms: int) -> list[str]:
    """Between the terms: ``×`` inside a product of three, ``+`` between products, ``=``."""
    return [
        "=" if n == n_terms - 2 else ("+" if (n + 1) % 3 == 0 else "×") for n in range(n_terms - 1)
    ]


def _terms(content: Content, left: float, top: float, operators: list[str]) -> list[str]:
    parts, x = [], left + 12
    for n, term in enumerate(content.terms):
        cx = x + TERM_WIDTH / 2
        number = format_number(term.value)
        parts.append(
            text(
                number,
                cx,
                top + 18,
                size=17,
                class_="bp-term" + ("" if term.badge else " bp-term-product"),
                data_value=term.value,
                data_badge=term.badge,
                font_weight="bold",
                fill=LIGHT["ink"],
            )
        )
        if term.badge:
            parts.append(badge(term.badge, cx - text_width(number, 17) / 2 - 14, top + 18))
        parts.append(
            text(term.caption, cx, top + 39, size=11.5, class_="bp-term-caption",
                 fill=LIGHT["muted"])
        )  # fmt: skip
        x += TERM_WIDTH
        if n < len(operators):
            parts.append(text(operators[n], x + OPERATOR_WIDTH / 2, top + 18, size=17))
            x += OPERATOR_WIDTH
    return parts


def equation(content: Content, width: float, top: float) -> tuple[str, str]:
    """The callout under the drawing: e.g. ``3 × 6 × 1 = 18``, and its sentence."""
    total = equation_width(content.terms)
    left = (width - total) / 2
    operators = _operators(len(content.terms))
    numbers = [format_number(term.value) for term in content.terms]
    formula = numbers[0] + "".join(
        f" {op} {number}" for op, number in zip(operators, numbers[1:], strict=True)
    )
    drawn = "".join(
        [
            f'<g class="bp-callout"><rect x="{left:.1f}" y="{top:.1f}" width="{total:.1f}" '
            f'height="{EQUATION_HEIGHT:g}" rx="8" fill="{LIGHT["hl-fill"]}" '
            f'stroke="{LIGHT["hl"]}" stroke-width="1.5"/>',
            *_terms(content, left, top, operators),
            # The formula once more as plain text, for scripts and the page's search.
            f'<text class="bp-formula" display="none">{escape(formula)}</text></g>',
        ]
    )
    return drawn, f"{content.equation_words}: {formula}."


def _key_items(content: Content) -> list[str]:
    """The key's entries for what this drawing shows."""
    items: list[str] = []
    if content.placeholder is not None or (
        content.forward_pass is not None and (content.kinds & {"values", "inputs"} or content.terms)
    ):
        items.append("v = node value")
    if "weights" in content.kinds or content.terms:
        items.append("w = weight")
    # A node's box says "node slope"; a weight's box, on its arrow, just "slope" (room).
    if content.slopes is not None and ("weight_slopes" in content.kinds or content.terms):
        items.append("[slope] = weight slope")
    if content.slopes is not None and ("activation_slopes" in content.kinds or content.terms):
        items.append("act. slope = slope of the activation")
    return items


def legend(content: Content, width: float, top: float) -> tuple[str, float]:
    """A key to the labels, wrapped to the drawing's width; returns it and its height."""
    items = _key_items(content)
    if not items:
        return "", 0.0
    parts = ['<g class="bp-legend" aria-hidden="true">']
    sample = text_width("slope", SMALL) + 12  # the red box drawn as the key to slopes
    x, y = _LEFT, top + 12
    for item in items:
        boxed = item.startswith("[slope]")
        words = item[len("[slope] ") :] if boxed else item
        item_width = (sample + 6 if boxed else 0) + text_width(words, SMALL)
        if x > _LEFT and x + item_width > width - _LEFT:
            x, y = _LEFT, y + 26
        if boxed:
            parts.append(slope_box("slope", x + sample / 2, y, group_class="bp-slope"))
        parts.append(
            text(words, x + (sample + 6 if boxed else 0), y, size=SMALL, anchor="start",
                 fill=LIGHT["muted"])
        )  # fmt: skip
        x += item_width + _GAP
    parts.append("</g>")
    return "".join(parts), y + 18 - top

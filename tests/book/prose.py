"""Helpers for the book tests: tie the numbers quoted in the book's prose to bpbook.

A prose claim is checked in two halves: bpbook computes the number, and the
page must still say it in the words the test expects. If a writer edits the
sentence, the test fails and names the page, so prose and code cannot drift.

"Prose" is a page's text outside code: fences are dropped from Markdown pages,
only markdown cells are kept from notebook chapters (``*.nb.py``), links are
flattened to their text and whitespace is collapsed, so re-wrapping a paragraph
does not break a test but changing a number does.

The lesson's two worked examples, whose numbers many pages quote, are computed here
once: the deeper network (``deeper``, ``deeper_factors``, ``factors_text``) and the
one-weight network (``single_weight_slopes``, ``error_factor``).
"""

# The three-factor text uses a typographic times sign.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bpbook import (
    ForwardPass,
    Network,
    Slopes,
    ThreeFactorRow,
    backward,
    forward,
    gradient_descent_step,
    lesson,
    three_factors,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.M | re.S)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@cache
def page_text(page: str) -> str:
    """The source text of ``docs/<page>``."""
    return (DOCS / page).read_text(encoding="utf-8")


@cache
def prose(page: str) -> str:
    """The prose of ``docs/<page>``: text outside code, links flattened, whitespace collapsed."""
    if page.endswith(".nb.py"):
        import jupytext

        cells = jupytext.read(DOCS / page).cells
        text = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    else:
        text = _FENCE.sub(" ", page_text(page))
    text = _LINK.sub(r"\1", text)
    return " ".join(text.split())


def number(value: float) -> str:
    """Format a computed number the way code prints it: ``6``, ``2.24``, ``-24``."""
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def num(value: float) -> str:
    """A number as the prose prints it: like :func:`number`, with a real minus sign."""
    return number(float(value)).replace("-", "\N{MINUS SIGN}")


def assert_prose_says(page: str, snippet: str) -> None:
    """Fail unless the prose of ``docs/<page>`` contains ``snippet`` (whitespace-insensitive)."""
    wanted = " ".join(snippet.split())
    assert wanted in prose(page), (
        f"docs/{page} no longer says {wanted!r} (outside code); bpbook computes these "
        "numbers, so update the page or this test together"
    )


# -- the lesson's deeper network ------------------------------------------------------


def deeper() -> tuple[ForwardPass, Slopes]:
    """Forward pass and slopes of the lesson's deeper network on its one example."""
    fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    return fp, backward(fp, lesson.DEEPER_TARGET)


def deeper_factors(layer: int, from_node: int, to_node: int) -> ThreeFactorRow:
    """The three factors of one weight's slope in the deeper network."""
    return three_factors(
        lesson.deeper_network(),
        lesson.DEEPER_INPUTS,
        lesson.DEEPER_TARGET,
        layer=layer,
        from_node=from_node,
        to_node=to_node,
    )


def factors_text(row: ThreeFactorRow) -> str:
    """``"3 × 6 × 1 = 18"`` for a ThreeFactorRow."""
    return (
        f"{num(row.value_feeding_in)} × {num(row.slope_of_node_fed)} × "
        f"{num(row.activation_slope)} = {num(row.product)}"
    )


# -- the lesson's one-weight network --------------------------------------------------


def single_weight_slopes() -> tuple[float, float, float]:
    """Prediction, error and weight slope of the lesson's one-weight network."""
    fp = forward(lesson.single_weight_network(), lesson.SINGLE_WEIGHT_INPUT)
    slopes = backward(fp, lesson.SINGLE_WEIGHT_TARGET)
    return (
        float(fp.prediction[0]),
        float(slopes.error[0]),
        float(slopes.weight_slopes[0][0, 0]),
    )


def error_factor(learning_rate: float, input_value: float) -> float:
    """What one update multiplies the error of a one-weight identity network by, measured."""
    network = Network([[[1.0]]], output="identity")
    target = 5.0
    before = float(network.predict([input_value])[0]) - target
    after_net = gradient_descent_step(network, [input_value], target, learning_rate)
    after = float(after_net.predict([input_value])[0]) - target
    return after / before

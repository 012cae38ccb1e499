"""Figures refuse a forward pass and slopes that do not belong together, and escape the
attribute values they write (issue 9)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from bpbook import backward, forward, lesson, three_factor_table
from bpbook.figures import backprop_steps, network_svg, steps_html
from bpbook.figures.steps import Step
from bpbook.figures.svg import SVG

NET = lesson.deeper_network()
FP = forward(NET, lesson.DEEPER_INPUTS)
SLOPES = backward(FP, lesson.DEEPER_TARGET)


def test_slopes_of_another_example_are_refused() -> None:
    other = forward(NET, [1.0, 2.0])
    foreign = backward(other, 3.0)
    with pytest.raises(ValueError, match=r"^slopes: expected .*forward_pass"):
        network_svg(NET, FP, foreign)
    with pytest.raises(ValueError, match=r"^slopes: expected .*forward_pass"):
        backprop_steps(FP, foreign, three_factor_table(NET, [1.0, 2.0], 3.0))


def test_slopes_of_another_network_of_the_same_shape_are_refused() -> None:
    other = NET.with_weights([w * 2 for w in NET.weights])
    foreign = backward(forward(other, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match=r"^slopes: expected"):
        network_svg(NET, FP, foreign)


def test_slopes_of_a_batch_are_refused_for_a_one_example_drawing() -> None:
    batch = forward(NET, np.array([lesson.DEEPER_INPUTS, lesson.DEEPER_INPUTS]))
    with pytest.raises(ValueError, match=r"^slopes: expected the slopes of one example"):
        network_svg(NET, FP, backward(batch, [4.0, 4.0]))


def test_the_matching_pass_and_slopes_still_draw() -> None:
    svg = network_svg(NET, FP, SLOPES, highlight=(2, 1, 0), id_prefix="ok")
    assert 'data-slope="18.0"' in svg


@pytest.mark.parametrize("prefix", ['a"b', "x<y>&z", "it's"])
def test_id_prefix_is_escaped_in_every_attribute(prefix: str) -> None:
    svg = network_svg(NET, FP, SLOPES, id_prefix=prefix)
    root = ET.fromstring(svg)  # well-formed: nothing broke out of an attribute
    assert root.find("{http://www.w3.org/2000/svg}title").get("id") == f"{prefix}-title"  # type: ignore[union-attr]
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    html = steps_html([Step("Step 1", "Step 1: x.", SVG("<svg/>"))], id_prefix=prefix)
    escaped = prefix.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace('"', "&quot;").replace("'", "&#x27;")
    assert f'id="{escaped}_1"' in html and f'for="{escaped}_1"' in html


@pytest.mark.parametrize(
    ("prefix", "kind", "message"),
    [
        ("a b", ValueError, r"id_prefix: expected a non-empty str without spaces, got 'a b'"),
        ("", ValueError, r"id_prefix: expected a non-empty str without spaces, got ''"),
        (3, TypeError, r"id_prefix: expected a str \(or None\), got int"),
    ],
)
def test_bad_id_prefix_is_refused(prefix: object, kind: type[Exception], message: str) -> None:
    with pytest.raises(kind, match=message):
        network_svg(NET, FP, SLOPES, id_prefix=prefix)  # type: ignore[arg-type]


def test_slopes_of_an_equal_forward_pass_still_draw() -> None:
    """forward() called twice on one example gives two equal passes: either one will do."""
    again = forward(NET, lesson.DEEPER_INPUTS)
    assert again is not FP
    svg = network_svg(NET, FP, backward(again, lesson.DEEPER_TARGET), id_prefix="same")
    assert svg == network_svg(NET, FP, SLOPES, id_prefix="same")

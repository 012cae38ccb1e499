# ruff: noqa: RUF001
"""bpbook.figures.graph_svg: a computational graph drawn with its values and slopes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from bpbook import InputError, InputTypeError, Value, lesson, network_graph
from bpbook.figures import graph_svg, graph_words

SVG_NS = "{http://www.w3.org/2000/svg}"


def _lesson_loss() -> Value:
    graph = network_graph(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    graph.loss.backward()
    return graph.loss


def test_every_node_is_drawn_with_its_value_and_slope() -> None:
    loss = _lesson_loss()
    root = ET.fromstring(graph_svg(loss, title="t", id_prefix="g"))
    nodes = [g for g in root.iter(f"{SVG_NS}g") if "bp-gnode" in g.get("class", "")]
    assert len(nodes) == 23
    slopes = sorted(float(g.get("data-slope", "nan")) for g in nodes)
    assert slopes.count(18.0) == 2  # x0 and w2[1,0]
    assert 42.0 in slopes and 1.0 in slopes


def test_each_edge_carries_what_it_sends_back() -> None:
    x = Value(3.0, label="x")
    y = Value(4.0, label="y")
    loss = (x * y + x) ** 2  # x is used twice
    loss.backward()
    svg = graph_svg(loss, title="t", id_prefix="g")
    edge_boxes = re.findall(r'class="bp-slope bp-edge-slope".*?>s=([-\d.]+)<', svg)
    # (·)² -> +: 2 * 15 = 30; + -> x and the product: 30, 30; product -> x: 4 * 30, -> y: 3 * 30
    assert sorted(float(s) for s in edge_boxes) == [30.0, 30.0, 30.0, 90.0, 120.0]
    assert x.slope == 150.0 == 30.0 + 120.0
    assert "s=150" in svg


def test_the_words_say_what_the_figure_shows() -> None:
    words = graph_words(_lesson_loss())
    assert words[-1] == "loss (made by (·)² from e0): value 9, slope 1."
    assert (
        "x1: value 1, slope 42; sends back 6 along its edge into x1 × w1[1,0] and 36 along "
        "its edge into x1 × w1[1,1]." in words
    )
    assert "w2[1,0]: value 2, slope 18; sends back 18 along its edge into a1[1] × w2[1,0]." in words


def test_the_figure_has_a_title_a_description_and_the_themes_colours() -> None:
    svg = graph_svg(_lesson_loss(), title="The lesson's network", id_prefix="g")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "g-title g-desc"
    assert root.findtext(f"{SVG_NS}title") == "The lesson's network"
    assert "x1: value 1, slope 42" in (root.findtext(f"{SVG_NS}desc") or "")
    assert "var(--bp-slope)" in svg and "prefers-color-scheme: dark" in svg
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)}
    assert min(sizes) >= 13


def test_the_layout_keeps_nodes_apart_and_inside_the_drawing() -> None:
    root = ET.fromstring(graph_svg(_lesson_loss(), title="t", id_prefix="g"))
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    boxes = []
    for g in root.iter(f"{SVG_NS}g"):
        if "bp-gnode" in g.get("class", ""):
            r = g.find(f"{SVG_NS}rect")
            assert r is not None
            boxes.append(tuple(float(r.get(k, "nan")) for k in ("x", "y", "width", "height")))
    for n, (x, y, w, h) in enumerate(boxes):
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        for x2, y2, w2, h2 in boxes[n + 1 :]:
            apart = x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
            assert apart, f"boxes at ({x}, {y}) and ({x2}, {y2}) overlap"


def test_bad_arguments_are_refused_by_name() -> None:
    with pytest.raises(InputTypeError, match=r"end: expected a bpbook.graph.Value, got 3"):
        graph_svg(3, title="t")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"title: expected a str, got None"):
        graph_svg(Value(1.0), title=None)  # type: ignore[arg-type]
    big = Value(1.0)
    for _ in range(100):
        big = big + 1.0
    with pytest.raises(InputError, match=r"end: expected a graph of at most 80 nodes"):
        graph_words(big)

"""Reading figures back: parse an SVG and find its nodes, edges and marked factors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
from hypothesis import strategies as st

from bpbook import (
    ForwardPass,
    Network,
    Slopes,
    backward,
    forward,
    lesson,
    three_factor_table,
    update_weights,
)
from bpbook.figures import Step, backprop_steps, network_svg

SVG_NS = "{http://www.w3.org/2000/svg}"

# Layer sizes of small random networks: 2 to 4 layers of nodes, 1 to 4 nodes each.
layer_sizes = st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    """Every element whose class list contains ``name``."""
    return [e for e in root.iter() if name in e.get("class", "").split()]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def lesson_drawing(**options: Any) -> tuple[str, ET.Element]:
    """The lesson's deeper network with its forward pass and slopes, drawn."""
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    svg = network_svg(net, fp, backward(fp, lesson.DEEPER_TARGET), **options)
    return svg, parse(svg)


def nodes(root: ET.Element) -> dict[tuple[int, int], ET.Element]:
    return {
        (int(g.get("data-layer", "")), int(g.get("data-node", ""))): g
        for g in with_class(root, "bp-node")
    }


def edges(root: ET.Element) -> dict[tuple[int, int, int], ET.Element]:
    return {
        (int(g.get("data-layer", "")), int(g.get("data-from", "")), int(g.get("data-to", ""))): g
        for g in with_class(root, "bp-edge")
    }


def factors(root: ET.Element) -> dict[str, float]:
    """Badge number -> the value of the label it marks."""
    marked = with_class(root, "bp-factor")
    return {e.get("data-factor", ""): float(e.get("data-value", "nan")) for e in marked}


def random_case(
    sizes: tuple[int, ...], seed: int
) -> tuple[Network, np.ndarray, np.ndarray, ForwardPass, Slopes]:
    """A random network, one example, its targets, its forward pass and its slopes."""
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, rng)
    x = rng.normal(size=sizes[0])
    t = rng.normal(size=sizes[-1])
    fp = forward(net, x)
    return net, x, t, fp, backward(fp, t)


LESSON_UNSEEN = [(1, 0, 0), (1, 0, 1)]  # the two weights the lesson leaves open


def lesson_steps(learning_rate: float | None = None) -> list[Step]:
    """The lesson's step-through, as the one-layer-back page makes it."""
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    slopes = backward(fp, lesson.DEEPER_TARGET)
    table = three_factor_table(net, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    if learning_rate is None:
        return backprop_steps(fp, slopes, table, unseen_weights=LESSON_UNSEEN)
    updated = update_weights(net, slopes, learning_rate)
    return backprop_steps(
        fp,
        slopes,
        table,
        learning_rate=learning_rate,
        updated=updated,
        unseen_weights=LESSON_UNSEEN,
    )

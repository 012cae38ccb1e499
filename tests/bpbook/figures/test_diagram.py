"""bpbook.figures.diagram: network_svg draws bpbook's own numbers, readably and accessibly.

The network diagram is built by content (what it shows), layout, parts (nodes and edges),
callout (equation and key) and diagram (network_svg); these tests read its output back.
"""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpbook import backward, forward, lesson, three_factor_table
from bpbook.figures import format_number, network_svg
from tests.bpbook.figures.reading import (
    SVG_NS,
    edges,
    factors,
    layer_sizes,
    lesson_drawing,
    nodes,
    parse,
    random_case,
    text_of,
    with_class,
)

# -- the lesson's numbers -------------------------------------------------------------------


def test_lesson_drawing_is_xml_with_the_lessons_node_values_and_slopes() -> None:
    _, root = lesson_drawing()
    assert root.tag == f"{SVG_NS}svg"
    found = nodes(root)
    values = {key: float(g.get("data-value", "nan")) for key, g in found.items()}
    assert values == {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 3, (2, 0): 7}
    slopes = {
        key: float(g.get("data-slope", "nan")) for key, g in found.items() if g.get("data-slope")
    }
    assert slopes == {(1, 0): 6, (1, 1): 12, (2, 0): 6}, "node slopes: top 6, bottom 12, out 6"


def test_lesson_drawing_has_the_lessons_weights_and_weight_slopes() -> None:
    _, root = lesson_drawing()
    found = edges(root)
    assert {k: float(g.get("data-weight", "nan")) for k, g in found.items()} == {
        (1, 0, 0): 1,
        (1, 0, 1): 1,
        (1, 1, 0): 1,
        (1, 1, 1): 3,
        (2, 0, 0): 1,
        (2, 1, 0): 2,
    }
    assert {k: float(g.get("data-slope", "nan")) for k, g in found.items()} == {
        (1, 0, 0): 0,
        (1, 0, 1): 0,
        (1, 1, 0): 6,
        (1, 1, 1): 12,
        (2, 0, 0): 6,
        (2, 1, 0): 18,
    }


def test_visible_labels_carry_a_prefix_and_the_formatted_number() -> None:
    _, root = lesson_drawing()
    values = sorted(text_of(e) for e in with_class(root, "bp-value"))
    assert values == ["v=0", "v=1", "v=1", "v=3", "v=7"]
    weights = sorted(text_of(e) for e in with_class(root, "bp-weight"))
    assert weights == ["w=1", "w=1", "w=1", "w=1", "w=2", "w=3"]
    slope_labels = sorted(text_of(e) for e in with_class(root, "bp-weight-slope"))
    assert slope_labels == sorted(f"slope {n}" for n in (0, 0, 6, 12, 6, 18))
    node_slope_labels = sorted(text_of(e) for e in with_class(root, "bp-node-slope"))
    assert node_slope_labels == ["node slope 12", "node slope 6", "node slope 6"]


@settings(max_examples=40, deadline=None)
@given(sizes=layer_sizes, seed=st.integers(0, 10_000))
def test_random_networks_are_drawn_with_bpbooks_exact_numbers(
    sizes: tuple[int, ...], seed: int
) -> None:
    net, _, _, fp, slopes = random_case(sizes, seed)
    root = parse(
        network_svg(net, fp, slopes, show=("values", "weights", "slopes", "activation_slopes"))
    )
    for (layer, node), g in nodes(root).items():
        assert float(g.get("data-value", "nan")) == fp.node_values[layer][node]
        value_label = with_class(g, "bp-value")[0]
        assert text_of(value_label) == f"v={format_number(fp.node_values[layer][node])}"
        if layer > 0:
            assert float(g.get("data-slope", "nan")) == slopes.node_slopes[layer - 1][node]
            assert (
                float(g.get("data-activation-slope", "nan"))
                == slopes.activation_slopes[layer - 1][node]
            )
        else:
            assert g.get("data-slope") is None, "input nodes have no slope in bpbook"
    found = edges(root)
    assert len(found) == sum(a * b for a, b in pairwise(sizes))
    for (k, i, j), g in found.items():
        assert float(g.get("data-weight", "nan")) == net.weights[k - 1][i, j]
        assert float(g.get("data-slope", "nan")) == slopes.weight_slopes[k - 1][i, j]
        (label,) = with_class(g, "bp-weight-slope")
        assert text_of(label) == f"slope {format_number(slopes.weight_slopes[k - 1][i, j])}"


# -- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"highlight": (2, 1, 0)},
        {"hide_layers": (2,), "highlight": (1, 1, 1)},
        {"highlight_node": (1, 1)},
        {"show": ("values", "weights")},
    ],
)
def test_every_node_and_edge_has_an_accessible_label(options: dict[str, object]) -> None:
    _, root = lesson_drawing(**options)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert by_id[title_id].tag == f"{SVG_NS}title" and text_of(by_id[title_id]).strip()
    assert by_id[desc_id].tag == f"{SVG_NS}desc" and text_of(by_id[desc_id]).strip()
    groups = with_class(root, "bp-node") + with_class(root, "bp-edge")
    assert groups
    for g in groups:
        title = g.find(f"{SVG_NS}title")
        assert (title is not None and text_of(title).strip()) or g.get("aria-label"), (
            f"{g.get('class')} {g.attrib} has no <title> or aria-label"
        )


def test_description_lists_the_numbers_in_words() -> None:
    _, root = lesson_drawing()
    desc_element = root.find(f"{SVG_NS}desc")
    assert desc_element is not None
    desc = text_of(desc_element)
    assert "Top input node has value 0." in desc
    assert "Bottom hidden node has value 3 and slope 12." in desc
    assert (
        "The weight from the bottom hidden node to the output node is 2; its slope is 18." in desc
    )
    assert "Output node has value 7 and slope 6." in desc


def test_ids_are_unique_per_drawing_and_scheme_styles_are_inside() -> None:
    first, second = lesson_drawing()[0], lesson_drawing()[0]
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids and not set(ids) & set(re.findall(r'\bid="([^"]+)"', second))
    assert "@media (prefers-color-scheme: dark)" in first
    assert "[data-md-color-scheme=slate] .bp-fig" in first
    assert "viewBox=" in first and "max-width:100%" in first


# -- highlight: the three factors ---------------------------------------------------------------


def test_highlight_marks_exactly_the_three_factors_of_the_bottom_output_weight() -> None:
    svg, root = lesson_drawing(highlight=(2, 1, 0))
    marked = with_class(root, "bp-factor")
    assert len(marked) == 3
    assert factors(root) == {"1": 3, "2": 6, "3": 1}
    assert "bp-value" in marked[0].get("class", "") or any(
        "bp-value" in e.get("class", "") for e in marked
    )
    (product,) = with_class(root, "bp-product")
    assert float(product.get("data-value", "nan")) == 18
    assert "3 × 6 × 1 = 18" in svg
    # Only the highlighted weight is emphasised.
    assert [
        "".join(g.get(name, "?") for name in ("data-layer", "data-from", "data-to"))
        for g in with_class(root, "bp-highlighted")
    ] == ["210"]


@settings(max_examples=30, deadline=None)
@given(sizes=layer_sizes, seed=st.integers(0, 10_000), pick=st.integers(0, 10_000))
def test_highlight_shows_the_three_factor_row_of_any_weight(
    sizes: tuple[int, ...], seed: int, pick: int
) -> None:
    net, x, t, fp, slopes = random_case(sizes, seed)
    row = three_factor_table(net, x, t)[pick % sum(a * b for a, b in pairwise(sizes))]
    svg = network_svg(net, fp, slopes, highlight=(row.layer, row.from_node, row.to_node))
    root = parse(svg)
    assert factors(root) == {
        "1": row.value_feeding_in,
        "2": row.slope_of_node_fed,
        "3": row.activation_slope,
    }
    (product,) = with_class(root, "bp-product")
    assert float(product.get("data-value", "nan")) == row.backprop_slope
    # The factors sit where they belong: the value on the node feeding in, the
    # slopes on the node fed into.
    value_node = [
        g
        for g in with_class(root, "bp-node")
        if with_class(g, "bp-factor")
        and with_class(g, "bp-value")
        and "bp-factor" in with_class(g, "bp-value")[0].get("class", "")
    ]
    assert [(int(g.get("data-layer", "")), int(g.get("data-node", ""))) for g in value_node] == [
        (row.layer - 1, row.from_node)
    ]


def test_highlight_node_marks_outgoing_weight_and_the_slope_it_feeds() -> None:
    svg, root = lesson_drawing(highlight_node=(1, 1))
    assert factors(root) == {"1": 2, "2": 6, "3": 1}
    (product,) = with_class(root, "bp-product")
    assert float(product.get("data-value", "nan")) == 12
    assert "2 × 6 × 1 = 12" in svg


# -- options -----------------------------------------------------------------------------------


def test_hide_layers_leaves_out_that_layers_weights_and_the_nodes_only_it_joins() -> None:
    _, root = lesson_drawing(hide_layers=(2,))
    assert {k[0] for k in edges(root)} == {1}
    assert {k[0] for k in nodes(root)} == {0, 1}, "the output node is hidden with layer 2"
    (note,) = with_class(root, "bp-hidden-layer")
    assert note.get("data-layer") == "2"


def test_show_only_values_and_weights_draws_no_slope() -> None:
    svg, root = lesson_drawing(show=("values", "weights"))
    assert not with_class(root, "bp-slope") or all(
        "bp-legend" in (e.get("class") or "") for e in with_class(root, "bp-slope")
    )
    assert "data-slope" not in svg


def test_only_slopes_shows_just_the_slopes_computed_so_far() -> None:
    _, root = lesson_drawing(only_slopes=[(2, 0), (2, 1, 0)])
    assert [float(e.get("data-value", "nan")) for e in with_class(root, "bp-node-slope")] == [6]
    assert [float(e.get("data-value", "nan")) for e in with_class(root, "bp-weight-slope")] == [18]


def test_output_notes_and_unseen_weights() -> None:
    _, root = lesson_drawing(
        show=("values", "weights", "target", "loss"), unseen_weights=[(1, 0, 0), (1, 0, 1)]
    )
    assert [text_of(e) for e in with_class(root, "bp-target")] == ["target 4"]
    assert [text_of(e) for e in with_class(root, "bp-error")] == ["error 3"]
    assert [text_of(e) for e in with_class(root, "bp-loss")] == ["loss 9"]
    assert [text_of(e) for e in with_class(root, "bp-unseen")] == ["w=any", "w=any"]


def test_a_network_alone_draws_only_weights_and_placeholders() -> None:
    root = parse(network_svg(lesson.deeper_network(), placeholder="?"))
    assert [text_of(e) for e in with_class(root, "bp-value")] == ["v=?"] * 5
    assert len(with_class(root, "bp-weight")) == 6


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"show": ("colours",)}, "show"),
        ({"hide_layers": (1, 2)}, "hide_layers"),
        ({"hide_layers": (3,)}, "hide_layers"),
        ({"highlight": (2, 1, 0), "hide_layers": (2,)}, "highlight"),
        ({"highlight": (3, 0, 0)}, "highlight layer"),
        ({"highlight": (2, 2, 0)}, "highlight from_node"),
        ({"highlight_node": (2, 0)}, "highlight_node"),
    ],
)
def test_bad_options_are_refused_with_a_message_naming_them(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        lesson_drawing(**options)


def test_a_batch_forward_pass_or_slopes_without_values_are_refused() -> None:
    net = lesson.deeper_network()
    with pytest.raises(ValueError, match="one example"):
        network_svg(net, forward(net, [[0, 1], [1, 0]]))
    fp = forward(net, lesson.DEEPER_INPUTS)
    with pytest.raises(ValueError, match="forward_pass"):
        network_svg(net, None, backward(fp, 4.0))
    with pytest.raises(ValueError, match="highlight"):
        network_svg(net, fp, highlight=(2, 1, 0))

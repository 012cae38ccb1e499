"""bpbook.figures.words: nodes and weights named in the lesson's words."""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

from bpbook.figures.words import and_list, node_name, product, sentence, weight_name


def test_nodes_are_named_by_their_place_and_layer() -> None:
    sizes = (2, 2, 1)  # the lesson's deeper network
    assert [node_name(sizes, 0, n) for n in (0, 1)] == ["top input node", "bottom input node"]
    assert node_name(sizes, 1, 1) == "bottom hidden node"
    assert node_name(sizes, 2, 0) == "output node"
    deep = (3, 4, 2, 1)
    assert node_name(deep, 0, 1) == "middle input node"
    assert node_name(deep, 1, 3) == "hidden node 4 of layer 1", "four nodes: numbered from 1"
    assert node_name(deep, 2, 0) == "top hidden node of layer 2"


def test_a_weight_is_named_by_the_nodes_it_joins_layer_k_feeding_node_layer_k() -> None:
    assert weight_name((2, 2, 1), 2, 1, 0) == (
        "the weight from the bottom hidden node to the output node"
    )
    assert weight_name((2, 2, 1), 1, 0, 1) == (
        "the weight from the top input node to the bottom hidden node"
    )


def test_lists_sentences_and_products() -> None:
    assert [and_list(["a"]), and_list(["a", "b"]), and_list(["a", "b", "c"])] == [
        "a",
        "a and b",
        "a, b and c",
    ]
    assert sentence("output node has value 7.") == "Output node has value 7."
    assert product((3.0, 6.0, 1.0)) == "3 × 6 × 1"
    assert product((0.5, -2.0)) == "0.5 × -2"

"""A network in words: the names of its nodes and weights, lists, products.

Every figure says its numbers in words too (in its ``<desc>``, its tooltips and the
step-through's captions); these are the words, in the lesson's vocabulary.
"""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bpbook.figures.theme import format_number

__all__ = ["and_list", "node_name", "product", "sentence", "weight_name"]

_POSITIONS = {1: ("",), 2: ("top", "bottom"), 3: ("top", "middle", "bottom")}


def node_name(sizes: Sequence[int], layer: int, node: int) -> str:
    """Plain-words name of node ``node`` of node layer ``layer`` (0 = the inputs).

    Examples
    --------
    >>> node_name((2, 2, 1), 1, 1), node_name((2, 2, 1), 2, 0), node_name((4, 1), 0, 3)
    ('bottom hidden node', 'output node', 'input node 4')
    """
    last = len(sizes) - 1
    kind = "input" if layer == 0 else "output" if layer == last else "hidden"
    suffix = f" of layer {layer}" if kind == "hidden" and last > 2 else ""
    positions = _POSITIONS.get(sizes[layer])
    if positions is not None:
        return f"{positions[node]} {kind} node{suffix}".strip()
    return f"{kind} node {node + 1}{suffix}"


def weight_name(sizes: Sequence[int], layer: int, from_node: int, to_node: int) -> str:
    """``"the weight from the bottom hidden node to the output node"`` (layer k = 1..L)."""
    return (
        f"the weight from the {node_name(sizes, layer - 1, from_node)} "
        f"to the {node_name(sizes, layer, to_node)}"
    )


def sentence(words: str) -> str:
    """The words with a capital first letter."""
    return words[:1].upper() + words[1:]


def and_list(items: Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def product(numbers: Iterable[float]) -> str:
    """``(3, 6, 1)`` -> ``"3 × 6 × 1"``."""
    return " × ".join(format_number(n) for n in numbers)

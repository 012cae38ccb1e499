"""Where things go in a network diagram: columns of nodes, rows, the drawing's width.

The input layer is on the left, one column of nodes per layer, node 0 at the top;
columns are centred vertically. Sizes are SVG units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bpbook.figures.content import Content, Term

__all__ = [
    "RADIUS",
    "STUB",
    "TERM_WIDTH",
    "TOP",
    "Layout",
    "edge_label_position",
    "equation_width",
    "layout",
]

COLUMN = 280.0  # horizontal distance between node columns
ROW = 150.0  # vertical distance between nodes of a column
RADIUS = 30.0
TOP = 78.0  # room above the top nodes for their slope boxes
SIDE = 70.0  # margin left of the first column and right of the last
STUB = 90.0  # room for the faded stubs of a hidden layer of weights
NOTES = 70.0  # room for "target 4", "error 3", "loss 9" beside the output nodes
TERM_WIDTH = 92.0  # one number of the equation under the drawing, with its caption
OPERATOR_WIDTH = 26.0


def equation_width(terms: Sequence[Term]) -> float:
    """Width of the callout holding ``terms`` and the operators between them."""
    if not terms:
        return 0.0
    return len(terms) * TERM_WIDTH + (len(terms) - 1) * OPERATOR_WIDTH + 24


def edge_label_position(to_node: int, n_out: int) -> float:
    """Where along an edge (0 = source, 1 = target) its labels go.

    Edges into different nodes get different positions so that the labels of
    crossing edges do not land on top of each other.
    """
    return 0.5 if n_out == 1 else 0.3 + 0.32 * to_node / (n_out - 1)


@dataclass(frozen=True)
class Layout:
    """Where the columns of nodes go, and how wide the drawing is."""

    x: dict[int, float]  # x of each drawn column of nodes
    sizes: tuple[int, ...]
    width: float

    def y(self, layer: int, node: int) -> float:
        """Columns are centred vertically; node 0 is at the top."""
        return TOP + (max(self.sizes) - self.sizes[layer]) * ROW / 2 + node * ROW

    @property
    def nodes_bottom(self) -> float:
        return TOP + (max(self.sizes) - 1) * ROW + RADIUS

    def hidden_note_y(self, rows: int) -> float:
        """Height of a hidden layer's note: between two rows of nodes, where no stub runs."""
        if rows < 2:
            return self.y(0, 0) - RADIUS - 20
        tallest = max(self.sizes)
        mid = (tallest - 1) / 2
        return TOP + (mid if tallest % 2 == 0 else mid - 0.5) * ROW


def layout(content: Content) -> Layout:
    """Place the visible columns; a wide equation widens the drawing and centres it."""
    columns = [c for c in range(content.last + 1) if content.column_visible(c)]
    x = SIDE + (0.0 if content.column_visible(0) else STUB)
    xs: dict[int, float] = {}
    for c in columns:
        xs[c] = x
        x += COLUMN
    net_width = x - COLUMN + SIDE + (0.0 if content.column_visible(content.last) else STUB)
    if content.output_notes and content.column_visible(content.last):
        net_width += NOTES
    width = max(net_width, equation_width(content.terms) + 32)
    shift = (width - net_width) / 2
    return Layout({c: v + shift for c, v in xs.items()}, content.sizes, width)

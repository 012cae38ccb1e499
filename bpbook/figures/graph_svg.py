# The drawing writes its gates with typographic signs (times, minus).
# ruff: noqa: RUF001, RUF002
"""A computational graph as SVG: every value, its slope, and the slope sent back on each edge.

`graph_svg` draws the graph that ends in a `bpbook.graph.Value` (usually the loss,
after ``loss.backward()``), from the top (the numbers typed in: inputs, weights,
targets) down to the end. Each node is a box holding its name or gate and its value
(``v=``) and its slope (``s=``); on each edge, a red box holds the slope that edge
sends back to the node above: the local slope times the slope of the node below.
A node used twice has two edges down, and its slope is the sum of their two boxes.

The figure draws what it is given: it reads ``value``, ``slope``, ``parents`` and
``local_slopes`` and computes nothing but ``local_slope * slope`` for the labels
(the same product `bpbook.graph.Value.backward` adds up). `graph_words` gives the same
facts as sentences, for the figure's ``<desc>`` and the page's text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence

from bpbook.checks import InputError, InputTypeError, describe
from bpbook.figures.svg import SMALL, SVG, attrs, checked_id_prefix, escape, slope_box, text
from bpbook.figures.theme import LIGHT, STYLE, font_stack, format_number
from bpbook.graph import Value, topological_order

__all__ = ["graph_svg", "graph_words", "node_name"]

_BOX_W = 76.0
_BOX_H = 74.0
_PITCH_X = 92.0  # from one node's centre to the next in a row
_PITCH_Y = 134.0  # from one row to the next
_SPREAD = 40.0  # how far apart a node wants its parents (rows then push them apart)
_MARGIN = 14.0
_MAX_NODES = 80
_GATES = {"+": "+", "-": "−", "*": "×", "neg": "−(·)", "**2": "(·)²", "max": "max"}
_CSS = (
    ".bp-fig .bp-gnode rect{fill:var(--bp-bg);stroke:var(--bp-edge)}"
    ".bp-fig .bp-gnode.bp-gate rect{fill:var(--bp-hl-fill);stroke:var(--bp-hl)}"
)


def node_name(value: Value) -> str:
    """What a node is called in the drawing: its label, else its gate (``×``, ``relu``).

    >>> from bpbook.graph import Value
    >>> from bpbook.figures.graph_svg import node_name
    >>> node_name(Value(2.0, label="w")), node_name(Value(2.0) * 3)
    ('w', '×')
    """
    if value.label:
        return value.label
    return _GATES.get(value.operation, value.operation or "number")


def _checked_nodes(end: object) -> list[Value]:
    if not isinstance(end, Value):
        raise InputTypeError(f"end: expected a bpbook.graph.Value, got {describe(end)}")
    order = topological_order(end)
    if len(order) > _MAX_NODES:
        raise InputError(
            f"end: expected a graph of at most {_MAX_NODES} nodes to draw, got {len(order)}"
        )
    return order


def _rows(order: Sequence[Value]) -> dict[int, int]:
    """Row of each node (by id): the end at the bottom, every node just above its first use."""
    children: dict[int, list[Value]] = {id(v): [] for v in order}
    for node in order:
        for parent in node.parents:
            children[id(parent)].append(node)
    last = len(order) - 1
    row: dict[int, int] = {}
    for node in reversed(order):
        below = [row[id(c)] for c in children[id(node)]]
        row[id(node)] = min(below) - 1 if below else last
    top = min(row.values())
    return {key: r - top for key, r in row.items()}


def _columns(order: Sequence[Value], row: dict[int, int]) -> dict[int, float]:
    """x of each node: parents spread around their child, then each row pushed apart."""
    wanted: dict[int, list[float]] = {id(order[-1]): [0.0]}
    x: dict[int, float] = {}
    by_row: dict[int, list[Value]] = {}
    for node in reversed(order):
        by_row.setdefault(row[id(node)], []).append(node)
    for r in sorted(by_row, reverse=True):
        nodes = sorted(by_row[r], key=lambda v: sum(wanted[id(v)]) / len(wanted[id(v)]))
        placed: list[float] = []
        for node in nodes:
            want = sum(wanted[id(node)]) / len(wanted[id(node)])
            placed.append(max(want, placed[-1] + _PITCH_X) if placed else want)
        shift = (sum(placed) / len(placed)) - sum(
            sum(wanted[id(v)]) / len(wanted[id(v)]) for v in nodes
        ) / len(nodes)
        for node, at in zip(nodes, placed, strict=True):
            x[id(node)] = at - shift
            n = len(node.parents)
            for i, parent in enumerate(node.parents):
                wanted.setdefault(id(parent), []).append(x[id(node)] + (i - (n - 1) / 2) * _SPREAD)
    return x


def _node(value: Value, cx: float, cy: float) -> str:
    gate = "bp-gate" if value.parents else "bp-leaf"
    left, top = cx - _BOX_W / 2, cy - _BOX_H / 2
    lines: list[tuple[str, str, str | None]] = [(node_name(value), "bold", None)]
    if value.label and value.parents:  # a labelled gate: its gate on a line of its own
        lines.append((_GATES.get(value.operation, value.operation), "normal", "bp-muted"))
    lines.append((f"v={format_number(value.value)}", "normal", None))
    step = 17.0
    first = cy - step * len(lines) / 2 + step / 2 - 8
    drawn = [
        text(words, cx, first + n * step, size=SMALL, font_weight=weight, class_=kind)
        for n, (words, weight, kind) in enumerate(lines)
    ]
    slope = text(
        f"s={format_number(value.slope)}",
        cx,
        top + _BOX_H - 12,
        size=SMALL,
        class_="bp-slope-text",
        font_style="italic",
        fill=LIGHT["slope"],
    )
    return (
        f"<g {attrs(class_=f'bp-gnode {gate}', data_value=value.value, data_slope=value.slope)}>"
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{_BOX_W:.0f}" height="{_BOX_H:.0f}" '
        f'rx="{10 if value.parents else 3}" fill="{LIGHT["hl-fill"]}" stroke="{LIGHT["edge"]}"/>'
        + "".join(drawn)
        + slope
        + "</g>"
    )


def _edges(order: Sequence[Value], x: dict[int, float], y: dict[int, float]) -> list[str]:
    lines, boxes = [], []
    for node in order:
        for parent, local in zip(node.parents, node.local_slopes, strict=True):
            x1, y1 = x[id(parent)], y[id(parent)] + _BOX_H / 2
            x2, y2 = x[id(node)], y[id(node)] - _BOX_H / 2
            lines.append(
                f'<line class="bp-line" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{LIGHT["edge"]}" stroke-width="1.5"/>'
            )
            t = 0.5  # halfway along the edge
            boxes.append(
                slope_box(
                    f"s={format_number(local * node.slope)}",
                    x1 + (x2 - x1) * t,
                    y1 + (y2 - y1) * t,
                    group_class="bp-slope bp-edge-slope",
                )
            )
    return ['<g class="bp-lines" aria-hidden="true">', *lines, "</g>", *boxes]


def _spoken(value: Value) -> str:
    """A node's name in words: its label, else its gate and what it was made from."""
    if value.label or not value.parents:
        return node_name(value)
    gate = _GATES.get(value.operation, value.operation)
    names = [p.label or node_name(p) for p in value.parents]
    if len(names) == 1:
        return f"{value.operation} of {names[0]}"
    return f"{f' {gate} '.join(names)}"


def graph_words(end: Value) -> list[str]:
    """The graph in sentences, one per node from the top down: value, slope, what it feeds.

    Examples
    --------
    >>> from bpbook.graph import Value
    >>> from bpbook.figures.graph_svg import graph_words
    >>> x = Value(3.0, label="x")
    >>> y = x * x
    >>> y.backward()
    >>> graph_words(y)[1]
    'x × x: value 9, slope 1.'
    >>> graph_words(y)[0].split(";")[0]
    'x: value 3, slope 6'
    """
    order = _checked_nodes(end)
    sent: dict[int, list[str]] = {id(v): [] for v in order}
    for node in order:
        for parent, local in zip(node.parents, node.local_slopes, strict=True):
            share = format_number(local * node.slope)
            sent[id(parent)].append(f"{share} along its edge into {_spoken(node)}")
    words = []
    for node in order:
        made = ""
        if node.label and node.parents:
            made = f" ({_spoken_gate(node)})"
        back = "; sends back " + " and ".join(sent[id(node)]) if sent[id(node)] else ""
        words.append(
            f"{_spoken(node)}{made}: value {format_number(node.value)}, "
            f"slope {format_number(node.slope)}{back}."
        )
    return words


def _spoken_gate(value: Value) -> str:
    """``"made by + from x and y"`` for a labelled gate."""
    names = " and ".join(_spoken(p) for p in value.parents)
    return f"made by {_GATES.get(value.operation, value.operation)} from {names}"


def graph_svg(end: Value, *, title: str, id_prefix: str | None = None) -> SVG:
    """Draw the graph that ends in ``end``, top (numbers typed in) to bottom (``end``).

    Parameters
    ----------
    end : bpbook.graph.Value
        The last value, usually the loss; call ``end.backward()`` first to show slopes.
    title : str
        The figure's title (read by screen readers).
    id_prefix : str, optional
        Prefix of the ids in the SVG; a fresh one by default.

    Returns
    -------
    SVG
        With a ``<desc>`` holding `graph_words`.

    Examples
    --------
    >>> from bpbook.graph import Value
    >>> from bpbook.figures import graph_svg
    >>> loss = (Value(3.0, label="x") * Value(4.0, label="y")) ** 2
    >>> loss.backward()
    >>> picture = graph_svg(loss, title="A product, squared")
    >>> "s=24" in picture and "s=96" in picture
    True
    """
    order = _checked_nodes(end)
    if not isinstance(title, str):
        raise InputTypeError(f"title: expected a str, got {describe(title)}")
    prefix = checked_id_prefix(id_prefix, "graph")
    row = _rows(order)
    x = _columns(order, row)
    left = min(x.values()) - _BOX_W / 2 - _MARGIN
    x = {key: at - left for key, at in x.items()}
    y = {key: _MARGIN + _BOX_H / 2 + r * _PITCH_Y for key, r in row.items()}
    width = max(x.values()) + _BOX_W / 2 + _MARGIN
    height = max(y.values()) + _BOX_H / 2 + _MARGIN
    font = escape(font_stack('"'), {'"': "&quot;"})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-fig bp-graph" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="max-width:100%;height:auto" '
        f'font-family="{font}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(" ".join(graph_words(end)))}</desc>',
        f"<style>{STYLE}{_CSS}.bp-fig .bp-slope-text{{fill:var(--bp-slope)}}</style>",
        *_edges(order, x, y),
        *(_node(v, x[id(v)], y[id(v)]) for v in order),
        "</svg>",
    ]
    return SVG("".join(out))

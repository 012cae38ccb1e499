"""The parts of a network diagram: nodes, edges (weights) and hidden layers of weights.

Every label carries a text prefix and has its own place, so colour is never the
only clue:

* ``v=3`` inside a node is the node's **value**;
* ``w=2`` on an edge is the **weight**;
* a red box ``node slope 6`` above a node is the slope of the loss with respect to
  the node's value; a red box ``slope 18`` under a weight (the key says "weight
  slope") is the slope of the loss with respect to that weight;
* ``act. slope 1`` under a node is the slope of its activation function.

Each node and edge is a ``<g>`` with a ``<title>`` (a tooltip, and a sentence of
the figure's description) and ``data-*`` attributes holding the exact numbers.
"""

from __future__ import annotations

import math

from bpbook.figures.content import Content
from bpbook.figures.layout import RADIUS, STUB, Layout, edge_label_position
from bpbook.figures.svg import CHAR, FONT_SIZE, SMALL, attrs, badge, escape, slope_box, text
from bpbook.figures.svg import text_width as width_of
from bpbook.figures.theme import LIGHT, format_number
from bpbook.figures.words import and_list, node_name, sentence, weight_name

__all__ = ["edge", "hidden_layer", "node"]

_HALO = "#ffffff"  # fallback colour of the patch behind weight labels (CSS overrides it)
_STUB_STYLE = f'stroke="{LIGHT["faded"]}" stroke-width="1.5" stroke-dasharray="4 5"'


def _stub(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line class="bp-stub" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f"{_STUB_STYLE}/>"
    )


def _stubs(content: Content, layout: Layout, k: int) -> tuple[list[str], float, str, int]:
    """The stubs of hidden layer ``k``, and where its note goes (x, anchor, rows)."""
    left, right = k - 1, k
    sizes, lines = content.sizes, []
    if content.column_visible(left) and content.column_visible(right):
        xa, xb = layout.x[left] + RADIUS, layout.x[right] - RADIUS
        for i in range(sizes[left]):
            for j in range(sizes[right]):
                lines.append(_stub(xa, layout.y(left, i), xb, layout.y(right, j)))
        return lines, (xa + xb) / 2, "middle", max(sizes[left], sizes[right])
    side = left if content.column_visible(left) else right
    direction = 1.0 if side == left else -1.0
    start = layout.x[side] + direction * RADIUS
    end = start + direction * (STUB - 14)
    for i in range(sizes[side]):
        y = layout.y(side, i)
        lines.append(_stub(start, y, end, y))
        lines.append(
            text("⋯", end + direction * 10, y, size=18, class_="bp-muted", fill=LIGHT["muted"])
        )
    return lines, start + direction * 4, "start" if direction > 0 else "end", sizes[side]


def hidden_layer(content: Content, layout: Layout, k: int) -> tuple[list[str], str]:
    """Faded, dashed stubs and a note for hidden layer of weights ``k``."""
    lines, note_x, anchor, rows = _stubs(content, layout, k)
    shown = [m for m in range(1, content.last + 1) if m not in content.hidden]
    note = (
        "later layers hidden"
        if k > max(shown)
        else "earlier layers hidden"
        if k < min(shown)
        else f"layer {k} hidden"
    )
    label = text(
        note,
        note_x,
        layout.hidden_note_y(rows),
        size=SMALL,
        anchor=anchor,
        class_="bp-muted",
        fill=LIGHT["muted"],
        font_style="italic",
    )
    group = (
        f'<g class="bp-hidden-layer" {attrs(data_layer=k)}>'
        f"<title>The weights of layer {k} are hidden.</title>{label}</g>"
    )
    return lines, group


def _edge_line(content: Content, layout: Layout, k: int, i: int, j: int) -> str:
    x1, y1 = layout.x[k - 1], layout.y(k - 1, i)
    x2, y2 = layout.x[k], layout.y(k, j)
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    marked = (k, i, j) in content.marked_edges
    unseen = (k, i, j) in content.unseen
    line_class = "bp-line" + (" bp-hl" if marked else "") + (" bp-stub" if unseen else "")
    return (
        f'<line class="{line_class}" '
        f"{attrs(data_layer=k, data_from=i, data_to=j)} "
        f'x1="{x1 + ux * RADIUS:.1f}" y1="{y1 + uy * RADIUS:.1f}" '
        f'x2="{x2 - ux * RADIUS:.1f}" y2="{y2 - uy * RADIUS:.1f}" '
        f'stroke="{LIGHT["hl"] if marked else LIGHT["edge"]}" '
        f'stroke-width="{4 if marked else 1.6}"'
        + (' stroke-dasharray="5 5"' if unseen else "")
        + "/>"
    )


def _edge_sentence(content: Content, k: int, i: int, j: int) -> tuple[str, bool]:
    """The edge's sentence, and whether it says any number."""
    weight, slope = content.weight(k, i, j), content.weight_slope(k, i, j)
    said = []
    if weight is not None and (k, i, j) in content.unseen:
        said.append(
            "is not given: any number gives the same node values and slopes here "
            f"(this drawing uses {format_number(weight)})"
        )
    elif weight is not None:
        said.append(f"is {format_number(weight)}")
    if slope is not None:
        said.append(f"its slope is {format_number(slope)}")
    words = sentence(weight_name(content.sizes, k, i, j))
    return words + (" " + "; ".join(said) if said else "") + ".", bool(said)


def _weight_label(content: Content, key: tuple[int, int, int], x: float, y: float) -> str:
    weight = content.weight(*key)
    assert weight is not None
    marked, unseen = key in content.marked_edges, key in content.unseen
    factor = content.factors.get(("weight", *key))
    label = "w=any" if unseen else f"w={format_number(weight)}"
    # A patch of background colour, so that no line runs through the label.
    patch = width_of(label, FONT_SIZE) + 8
    parts = [
        f'<rect class="bp-label-bg" x="{x - patch / 2:.1f}" y="{y - 10:.1f}" '
        f'width="{patch:.1f}" height="20" rx="4" fill="{_HALO}"/>',
        text(
            label,
            x,
            y,
            class_="bp-weight"
            + (" bp-factor" if factor else "")
            + (" bp-unseen" if unseen else ""),
            data_value=weight,
            data_factor=factor,
            fill=LIGHT["ink"],
            font_weight="bold" if marked else None,
        ),
    ]
    if factor:
        parts.append(badge(factor, x - width_of(label, FONT_SIZE) / 2 - 12, y))
    return "".join(parts)


def edge(content: Content, layout: Layout, k: int, i: int, j: int) -> tuple[str, str, str | None]:
    """The line, the labelled group and the sentence (if any) of weight ``(k, i, j)``."""
    weight, slope = content.weight(k, i, j), content.weight_slope(k, i, j)
    words, says = _edge_sentence(content, k, i, j)
    marked = (k, i, j) in content.marked_edges
    t = edge_label_position(j, content.sizes[k])
    x1, y1 = layout.x[k - 1], layout.y(k - 1, i)
    lx, ly = x1 + t * (layout.x[k] - x1), y1 + t * (layout.y(k, j) - y1)
    parts = [
        f'<g class="bp-edge{" bp-highlighted" if marked else ""}" '
        + attrs(data_layer=k, data_from=i, data_to=j, data_weight=weight, data_slope=slope)
        + f"><title>{escape(words)}</title>"
    ]
    if weight is not None:
        parts.append(_weight_label(content, (k, i, j), lx, ly))
    if slope is not None:
        product = content.product == ("weight_slope", k, i, j)
        parts.append(
            slope_box(
                f"slope {format_number(slope)}",
                lx,
                ly + 22,
                group_class="bp-slope bp-weight-slope" + (" bp-product" if product else ""),
                data_value=slope,
                stroke=LIGHT["hl"] if product else LIGHT["slope-stroke"],
                stroke_width=3 if product else 1.5,
            )
        )
    parts.append("</g>")
    return _edge_line(content, layout, k, i, j), "".join(parts), words if says else None


def _output_notes(content: Content, node: int) -> list[tuple[str, float]]:
    """``target``, ``error`` and ``loss`` beside an output node, as asked by ``show``."""
    if not content.output_notes or content.slopes is None or content.forward_pass is None:
        return []
    error = float(content.slopes.error[node])
    notes = []
    if "target" in content.kinds:
        notes.append(("target", float(content.forward_pass.prediction[node]) - error))
    if "loss" in content.kinds:
        notes.append(("error", error))
        if node == 0:
            notes.append(("loss", float(content.slopes.loss)))
    return notes


def _node_sentence(
    content: Content, layer: int, node: int, notes: list[tuple[str, float]]
) -> tuple[str, bool]:
    """The node's sentence, and whether it says anything about it."""
    value = content.value(layer, node)
    slope = content.node_slope(layer, node)
    act_slope = content.activation_slope(layer, node)
    said = []
    if value is not None:
        said.append(f"value {format_number(value)}")
    elif content.placeholder is not None:
        said.append(f"value {content.placeholder}")
    if slope is not None:
        said.append(f"slope {format_number(slope)}")
    if act_slope is not None:
        said.append(f"activation slope {format_number(act_slope)}")
    said += [f"{label} {format_number(number)}" for label, number in notes]
    words = sentence(node_name(content.sizes, layer, node))
    return words + (" has " + and_list(said) if said else "") + ".", bool(said)


def _value_label(content: Content, layer: int, node: int, cx: float, cy: float) -> str:
    """``v=3`` inside the node (or ``v=?`` for a placeholder), with its badge."""
    value = content.value(layer, node)
    label = f"v={format_number(value)}" if value is not None else f"v={content.placeholder}"
    size = round(min(FONT_SIZE, 2 * RADIUS * 0.9 / (CHAR * len(label))), 1)
    if value is None:
        return text(label, cx, cy, size=size, class_="bp-value bp-placeholder",
                    fill=LIGHT["node-ink"], font_weight="bold")  # fmt: skip
    factor = content.factors.get(("value", layer, node))
    drawn = text(
        label,
        cx,
        cy,
        size=size,
        class_="bp-value" + (" bp-factor" if factor else ""),
        data_value=value,
        data_factor=factor,
        fill=LIGHT["node-ink"],
        font_weight="bold",
    )
    return drawn + (badge(factor, cx - RADIUS - 6, cy - RADIUS) if factor else "")


def _node_slope_label(content: Content, layer: int, node: int, cx: float, cy: float) -> str:
    """The red box above the node, with its badge when it is a factor."""
    slope = content.node_slope(layer, node)
    assert slope is not None
    factor = content.factors.get(("node_slope", layer, node))
    product = content.product == ("node_slope", layer, node)
    label = f"node slope {format_number(slope)}"
    y = cy - RADIUS - 20
    box = slope_box(
        label,
        cx,
        y,
        group_class="bp-slope bp-node-slope"
        + (" bp-factor bp-marked" if factor else "")
        + (" bp-product" if product else ""),
        data_value=slope,
        data_factor=factor,
        stroke=LIGHT["hl"] if factor or product else LIGHT["slope-stroke"],
        stroke_width=3 if factor or product else 1.5,
    )
    if not factor:
        return box
    return box + badge(factor, cx - (width_of(label, SMALL) + 12) / 2 - 12, y)


def _activation_slope_label(content: Content, layer: int, node: int, cx: float, cy: float) -> str:
    act_slope = content.activation_slope(layer, node)
    assert act_slope is not None
    factor = content.factors.get(("act_slope", layer, node))
    label = f"act. slope {format_number(act_slope)}"
    y = cy + RADIUS + 16
    drawn = text(
        label,
        cx,
        y,
        size=SMALL,
        class_="bp-act-slope" + (" bp-factor" if factor else ""),
        data_value=act_slope,
        data_factor=factor,
        fill=LIGHT["ink"],
    )
    return drawn + (badge(factor, cx - width_of(label, SMALL) / 2 - 12, y) if factor else "")


def _circles(content: Content, layer: int, node: int, cx: float, cy: float) -> str:
    circle = (
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS:g}" fill="{LIGHT["node-fill"]}" '
        f'stroke="{LIGHT["node-stroke"]}" stroke-width="2"/>'
    )
    if (layer, node) not in content.marked_nodes:
        return circle
    return circle + (
        f'<circle class="bp-ring" cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS + 6:g}" '
        f'fill="none" stroke="{LIGHT["hl"]}" stroke-width="3"/>'
    )


def node(content: Content, layout: Layout, layer: int, node: int) -> tuple[str, str | None]:
    """The group and the sentence (if any) of node ``node`` of node layer ``layer``."""
    cx, cy = layout.x[layer], layout.y(layer, node)
    notes = _output_notes(content, node) if layer == content.last else []
    words, says = _node_sentence(content, layer, node, notes)
    numbers = attrs(
        data_layer=layer,
        data_node=node,
        data_value=content.value(layer, node),
        data_slope=content.node_slope(layer, node),
        data_activation_slope=content.activation_slope(layer, node),
    )
    parts = [f'<g class="bp-node" {numbers}><title>{escape(words)}</title>']
    parts.append(_circles(content, layer, node, cx, cy))
    if content.value(layer, node) is not None or content.placeholder is not None:
        parts.append(_value_label(content, layer, node, cx, cy))
    if content.node_slope(layer, node) is not None:
        parts.append(_node_slope_label(content, layer, node, cx, cy))
    if content.activation_slope(layer, node) is not None:
        parts.append(_activation_slope_label(content, layer, node, cx, cy))
    for n, (label, number) in enumerate(notes):
        y = cy + (n - (len(notes) - 1) / 2) * 19
        parts.append(
            text(f"{label} {format_number(number)}", cx + RADIUS + 10, y, size=SMALL,
                 anchor="start", class_=f"bp-{label}", data_value=number, fill=LIGHT["ink"])
        )  # fmt: skip
    parts.append("</g>")
    return "".join(parts), words if says else None

"""The network diagram: a network drawn left to right with its values, weights, slopes.

The drawings follow the lesson's pictures: the input layer on the left, one column
of nodes per layer, every edge labelled with its weight (see `bpbook.figures.parts`
for what each label means). The SVG carries a ``<title>`` and a ``<desc>`` listing
all its numbers in words, and its own ``<style>`` (`bpbook.figures.theme`).
"""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF002, RUF003

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from bpbook.backprop import ForwardPass, Slopes
from bpbook.figures.callout import EQUATION_HEIGHT, equation, legend
from bpbook.figures.content import Content, decide_content
from bpbook.figures.layout import Layout, layout
from bpbook.figures.parts import edge, hidden_layer, node
from bpbook.figures.svg import SVG, checked_id_prefix, escape
from bpbook.figures.theme import STYLE, font_stack
from bpbook.figures.words import and_list
from bpbook.network import Network

__all__ = ["network_svg"]


def network_svg(
    network: Network,
    forward_pass: ForwardPass | None = None,
    slopes: Slopes | None = None,
    *,
    show: Iterable[str] = ("values", "weights", "slopes"),
    hide_layers: Collection[int] = (),
    highlight: Sequence[int] | None = None,
    highlight_node: Sequence[int] | None = None,
    only_slopes: Collection[Sequence[int]] | None = None,
    unseen_weights: Collection[Sequence[int]] = (),
    placeholder: str | None = None,
    title: str | None = None,
    description: str | None = None,
    legend: bool = True,
    id_prefix: str | None = None,
) -> SVG:
    """Draw ``network`` with the numbers of ``forward_pass`` and ``slopes``, if given.

    ``forward_pass`` (one example) gives the node values, ``slopes`` (its `backward`)
    the slopes. ``show``: ``"values"`` (or only the ``"inputs"``), ``"weights"``,
    ``"slopes"`` (= ``"node_slopes"`` and ``"weight_slopes"``), ``"activation_slopes"``,
    and beside the output nodes ``"target"`` and ``"loss"`` (error and loss).
    ``hide_layers``: layers of weights drawn as faded stubs, as the lesson hides them.
    ``highlight=(k, from_node, to_node)`` marks the three factors of that weight's
    slope with numbered discs and writes their product below, e.g. ``3 × 6 × 1 = 18``;
    ``highlight_node=(k, node)`` (a hidden node) marks how its slope sums over its
    outgoing weights. ``only_slopes``: draw only these ``(k, node)`` and ``(k,
    from_node, to_node)`` slopes. ``unseen_weights``: dashed, ``w=any`` (weights the
    lesson does not give). ``placeholder`` (e.g. ``"?"``) fills nodes whose value is
    not shown. ``title``, ``description`` (opens the ``<desc>``), ``legend`` (a key to
    the labels) and ``id_prefix`` (default: fresh per drawing) shape the SVG. Bad
    arguments raise `ValueError` or `TypeError` naming them.

    Examples
    --------
    >>> from bpbook import backward, forward, lesson
    >>> from bpbook.figures import network_svg
    >>> fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    >>> svg = network_svg(fp.network, fp, backward(fp, 4.0), highlight=(2, 1, 0))
    >>> svg.count('<g class="bp-edge'), 'data-slope="18.0"' in svg, "3 × 6 × 1 = 18" in svg
    (6, True, True)
    """
    content = decide_content(
        network,
        forward_pass,
        slopes,
        show=show,
        hide_layers=hide_layers,
        highlight=highlight,
        highlight_node=highlight_node,
        only_slopes=only_slopes,
        unseen_weights=unseen_weights,
        placeholder=placeholder,
    )
    title = _default_title(content) if title is None else title
    description = _default_description(content) if description is None else description
    prefix = checked_id_prefix(id_prefix, "net")
    return _render(content, title, description, legend, prefix)


def _columns(content: Content, place: Layout) -> tuple[list[str], list[str], list[str]]:
    """Lines, labelled groups and sentences, column by column from the inputs on."""
    sizes = content.sizes
    lines: list[str] = []
    groups: list[str] = []
    sentences: list[str] = []
    for layer in range(content.last + 1):
        if content.column_visible(layer):
            for n in range(sizes[layer]):
                group, words = node(content, place, layer, n)
                groups.append(group)
                sentences += [words] if words else []
        k = layer + 1
        if k > content.last:
            break
        if k in content.hidden:
            if not (content.column_visible(k - 1) or content.column_visible(k)):
                continue  # far from the drawn layers: nothing to draw
            stubs, group = hidden_layer(content, place, k)
            lines += stubs
            groups.append(group)
            sentences.append(f"The weights of layer {k} are hidden.")
            continue
        for i in range(sizes[k - 1]):
            for j in range(sizes[k]):
                line, group, words = edge(content, place, k, i, j)
                lines.append(line)
                groups.append(group)
                sentences += [words] if words else []
    return lines, groups, sentences


def _render(content: Content, title: str, description: str, key: bool, prefix: str) -> SVG:
    place = layout(content)
    lines, groups, sentences = _columns(content, place)
    width = place.width
    y = place.nodes_bottom + 34  # below the activation-slope labels
    extras: list[str] = []
    if content.terms:
        callout, words = equation(content, width, y)
        extras.append(callout)
        sentences.append(words)
        y += EQUATION_HEIGHT + 14
    if key:
        drawn, height = legend(content, width, y)
        extras.append(drawn)
        y += height
    height = y + 8
    font = escape(font_stack('"'), {'"': "&quot;"})
    desc = escape(" ".join([description.strip(), *sentences]))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-fig bp-network" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="max-width:100%;height:auto" '
        f'font-family="{font}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{desc}</desc>',
        f"<style>{STYLE}</style>",
        '<g class="bp-lines" aria-hidden="true">',
        *lines,
        "</g>",
        *groups,
        *extras,
        "</svg>",
    ]
    return SVG("\n".join(out))


def _default_title(content: Content) -> str:
    """E.g. ``"A 2-2-1 network with its node values, weights and slopes"``."""
    shown = []
    if content.forward_pass is not None and "values" in content.kinds:
        shown.append("node values")
    if "weights" in content.kinds:
        shown.append("weights")
    if content.slopes is not None and content.kinds & {"node_slopes", "weight_slopes"}:
        shown.append("slopes")
    sizes_text = "-".join(str(s) for s in content.sizes)
    return f"A {sizes_text} network" + (" with its " + and_list(shown) if shown else "")


def _default_description(content: Content) -> str:
    sizes = content.sizes
    counts = [f"{sizes[0]} input node{'s' if sizes[0] != 1 else ''}"]
    counts += [f"{n} hidden node{'s' if n != 1 else ''}" for n in sizes[1:-1]]
    counts += [f"{sizes[-1]} output node{'s' if sizes[-1] != 1 else ''}"]
    return f"A network drawn from left to right: {and_list(counts)}."

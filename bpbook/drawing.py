"""SVG diagrams of a network with its node values, weights and slopes.

The drawings follow the lesson's pictures: the input layer on the left, one
column of nodes per layer, every edge labelled with its weight. Node values
are written in white inside the nodes, weights in dark text on the edges and
slopes in red (a vermillion that colour-blind readers can tell from the other
colours). Colour is never the only clue, though: every number carries a text
prefix and has its own place:

* ``v=3`` inside a node is the node's **value**;
* ``w=2`` on an edge is the **weight**;
* a red box ``slope 6`` above a node is the slope of the loss with respect to
  the node's value; a red box under a weight is the slope of the loss with
  respect to that weight;
* ``act. slope 1`` under a node is the slope of its activation function.

Every SVG is pure text (no matplotlib needed), scales with the page
(``viewBox``), carries a ``<title>`` and a ``<desc>`` that lists all its
numbers in words for screen readers, and follows the reader's colour scheme:
its own ``<style>`` switches to dark colours under
``prefers-color-scheme: dark`` and under Material for MkDocs' dark "slate"
scheme. Every node and every edge is a ``<g>`` with a ``<title>`` (a tooltip)
and ``data-*`` attributes holding the exact numbers, so tests and scripts can
read a drawing back.

The functions return `SVG`, a ``str`` that Jupyter displays as a
picture. In a Markdown page built with markdown-exec, ``print()`` it.
"""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from bpbook.backprop import ForwardPass, Slopes, backward, forward
from bpbook.network import Network
from bpbook.training import update_weights

__all__ = [
    "SVG",
    "Step",
    "backprop_steps",
    "format_number",
    "network_svg",
    "steps_html",
    "steps_markdown",
]


class SVG(str):
    """An SVG document as a ``str``; Jupyter shows it as a picture.

    It is an ordinary string (``print`` it, write it to a file, search it),
    with one extra: notebooks call ``_repr_html_`` and draw it inline.

    Examples
    --------
    >>> from bpbook.drawing import SVG
    >>> picture = SVG('<svg xmlns="http://www.w3.org/2000/svg"/>')
    >>> picture.startswith("<svg")
    True
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_svg_(self) -> str:
        return str(self)


# -- numbers and names ------------------------------------------------------------------


def format_number(x: float) -> str:
    """A number written compactly: ``6``, ``18``, ``2.24``, ``-0.5``, ``0.123``.

    Whole numbers (up to rounding noise) lose their decimals; other numbers
    keep at most three significant digits.

    Examples
    --------
    >>> from bpbook.drawing import format_number
    >>> [format_number(x) for x in (6.0, 18.000000000001, 2.24, -0.5, 0.12345, -0.0)]
    ['6', '18', '2.24', '-0.5', '0.123', '0']
    >>> format_number(123456.7), format_number(0.00012345)
    ('123457', '0.000123')
    """
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    nearest = round(x)
    if abs(x - nearest) <= 1e-9 * max(1.0, abs(x)):
        text = str(int(nearest))
    elif abs(x) >= 1e-4:
        text = np.format_float_positional(
            x, precision=3, unique=False, fractional=False, trim="-"
        )
        if abs(x) >= 1000:  # no more than 3 significant digits, but keep the integer part
            text = str(round(x))
    else:
        text = f"{x:.3g}"
    return "0" if text == "-0" else text


_POSITIONS = {1: ("",), 2: ("top", "bottom"), 3: ("top", "middle", "bottom")}


def _node_name(sizes: Sequence[int], layer: int, node: int) -> str:
    """Plain-words name of a node, e.g. ``"bottom hidden node"``, ``"output node"``."""
    last = len(sizes) - 1
    kind = "input" if layer == 0 else "output" if layer == last else "hidden"
    suffix = f" of layer {layer}" if kind == "hidden" and last > 2 else ""
    positions = _POSITIONS.get(sizes[layer])
    if positions is not None:
        return f"{positions[node]} {kind} node{suffix}".strip()
    return f"{kind} node {node + 1}{suffix}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- colours and style --------------------------------------------------------------------

_LIGHT = {
    "ink": "#1a1a1a",
    "muted": "#5c5c5c",
    "edge": "#8a8a8a",
    "faded": "#c4c4c4",
    "node-fill": "#2f3b63",
    "node-stroke": "#1b2340",
    "node-ink": "#ffffff",
    "slope": "#a33b00",
    "slope-fill": "#fff1e8",
    "slope-stroke": "#d55e00",
    "hl": "#0072b2",
    "hl-ink": "#ffffff",
    "hl-fill": "#e3f1fa",
    "bg": "var(--md-default-bg-color, #ffffff)",
}
_DARK = {
    "ink": "#e8e8e8",
    "muted": "#a9adb6",
    "edge": "#7c8190",
    "faded": "#4a4e5a",
    "node-fill": "#4a5a8a",
    "node-stroke": "#8a9bd0",
    "node-ink": "#ffffff",
    "slope": "#ff9a5c",
    "slope-fill": "#3b2519",
    "slope-stroke": "#ff8c4a",
    "hl": "#56b4e9",
    "hl-ink": "#10141c",
    "hl-fill": "#17303f",
    "bg": "var(--md-default-bg-color, #1e2129)",
}


def _variables(colours: dict[str, str]) -> str:
    return ";".join(f"--bp-{name}:{value}" for name, value in colours.items())


_FONT = (
    'var(--md-text-font-family, system-ui), system-ui, -apple-system, "Segoe UI", Roboto, '
    '"Helvetica Neue", Arial, sans-serif'
)

# One stylesheet shared by every drawing (and read by bpbook.plotting). The light
# colours are the default; "prefers-color-scheme: dark" switches to the dark ones,
# and Material's palette toggle (data-md-color-scheme on <body>) overrides both.
STYLE = (
    f".bp-fig{{{_variables(_LIGHT)}}}"
    f"@media (prefers-color-scheme: dark){{.bp-fig{{{_variables(_DARK)}}}}}"
    f"[data-md-color-scheme=default] .bp-fig{{{_variables(_LIGHT)}}}"
    f"[data-md-color-scheme=slate] .bp-fig{{{_variables(_DARK)}}}"
    f".bp-fig text{{font-family:{_FONT};fill:var(--bp-ink)}}"
    ".bp-fig .bp-line{stroke:var(--bp-edge)}"
    ".bp-fig .bp-line.bp-hl{stroke:var(--bp-hl)}"
    ".bp-fig .bp-stub{stroke:var(--bp-faded)}"
    ".bp-fig .bp-node circle{fill:var(--bp-node-fill);stroke:var(--bp-node-stroke)}"
    ".bp-fig .bp-node text.bp-value{fill:var(--bp-node-ink)}"
    ".bp-fig .bp-ring{fill:none;stroke:var(--bp-hl)}"
    ".bp-fig text.bp-weight{fill:var(--bp-ink)}"
    ".bp-fig .bp-label-bg{fill:var(--bp-bg)}"
    ".bp-fig .bp-slope rect{fill:var(--bp-slope-fill);stroke:var(--bp-slope-stroke)}"
    ".bp-fig .bp-slope text{fill:var(--bp-slope)}"
    ".bp-fig .bp-slope.bp-marked rect,.bp-fig .bp-product rect{stroke:var(--bp-hl)}"
    ".bp-fig text.bp-act-slope{fill:var(--bp-ink)}"
    ".bp-fig .bp-badge circle{fill:var(--bp-hl)}"
    ".bp-fig .bp-badge text{fill:var(--bp-hl-ink)}"
    ".bp-fig .bp-callout rect{fill:var(--bp-hl-fill);stroke:var(--bp-hl)}"
    ".bp-fig .bp-muted,.bp-fig .bp-legend text,.bp-fig .bp-term-caption{fill:var(--bp-muted)}"
)

# -- geometry ---------------------------------------------------------------------------

_COLUMN = 280.0  # horizontal distance between node columns
_ROW = 150.0  # vertical distance between nodes of a column
_RADIUS = 30.0
_TOP = 78.0  # room above the top nodes for their slope boxes
_SIDE = 70.0  # margin left of the first column and right of the last
_STUB = 90.0  # room for the faded stubs of a hidden layer of weights
_FONT_SIZE = 15.0
_SMALL = 13.0
_CHAR = 0.6  # rough width of a character, in font sizes
_HALO = "#ffffff"  # fallback colour of the patch behind weight labels (CSS overrides it)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * _CHAR


def _edge_t(to_node: int, n_out: int) -> float:
    """Where along an edge (0 = source, 1 = target) its labels go.

    Edges into different nodes get different positions so that the labels of
    crossing edges do not land on top of each other.
    """
    return 0.5 if n_out == 1 else 0.3 + 0.32 * to_node / (n_out - 1)


_SHOW_KINDS = frozenset(
    {
        "values",
        "inputs",
        "weights",
        "slopes",
        "node_slopes",
        "weight_slopes",
        "activation_slopes",
        "target",
        "loss",
    }
)
_counter = itertools.count(1)


# -- SVG snippets -------------------------------------------------------------------------


def _attrs(**values: object) -> str:
    """``class_="a", data_layer=1`` -> ``class="a" data-layer="1"``; None is left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = repr(value)  # full precision, for scripts reading the drawing back
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return " ".join(parts)


def _text(
    content: str,
    x: float,
    y: float,
    *,
    size: float = _FONT_SIZE,
    anchor: str = "middle",
    **attrs: object,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'dominant-baseline="central" {_attrs(**attrs)}>{escape(content)}</text>'
    )


def _box(
    content: str,
    x: float,
    y: float,
    *,
    group_class: str,
    stroke: str = _LIGHT["slope-stroke"],
    stroke_width: float = 1.5,
    **attrs: object,
) -> str:
    """A rounded red box with italic text: how slopes are drawn."""
    width = _text_width(content, _SMALL) + 12
    height = _SMALL + 9
    return (
        f"<g {_attrs(class_=group_class, **attrs)}>"
        f'<rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" rx="{height / 2:.1f}" fill="{_LIGHT["slope-fill"]}" '
        f'stroke="{stroke}" stroke-width="{stroke_width:g}"/>'
        f"{_text(content, x, y, size=_SMALL, fill=_LIGHT['slope'], font_style='italic')}</g>"
    )


def _badge(label: str, x: float, y: float) -> str:
    """A small numbered disc marking one factor of the highlighted product."""
    return (
        f'<g class="bp-badge" aria-hidden="true"><circle cx="{x:.1f}" cy="{y:.1f}" r="9" '
        f'fill="{_LIGHT["hl"]}"/>'
        f"{_text(label, x, y + 0.5, size=11, fill=_LIGHT['hl-ink'], font_weight='bold')}</g>"
    )


def _and(items: Sequence[str]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


# -- what one drawing shows ---------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    """One item of the highlighted equation: a number, its caption and its badge."""

    value: float
    caption: str
    badge: str | None


@dataclass(frozen=True)
class _Figure:
    """The checked inputs of one drawing: which numbers to show and which to mark.

    ``factors`` maps a marked number to its badge: ``("value", layer, node)``,
    ``("node_slope", layer, node)``, ``("act_slope", layer, node)`` or
    ``("weight", layer, from_node, to_node)``. ``product`` is the number the
    equation under the drawing equals: ``("weight_slope", layer, i, j)`` or
    ``("node_slope", layer, node)``.
    """

    network: Network
    forward_pass: ForwardPass | None
    slopes: Slopes | None
    kinds: frozenset[str]
    hidden: frozenset[int]
    selected: frozenset[tuple[int, ...]] | None
    unseen: frozenset[tuple[int, int, int]] = frozenset()
    placeholder: str | None = None
    factors: dict[tuple[Any, ...], str] = field(default_factory=dict)
    marked_edges: frozenset[tuple[int, int, int]] = frozenset()
    marked_nodes: frozenset[tuple[int, int]] = frozenset()
    product: tuple[Any, ...] | None = None
    terms: tuple[_Term, ...] = ()
    equation_words: str = ""

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.network.layer_sizes

    @property
    def last(self) -> int:
        """Index of the output layer of nodes (= number of layers of weights)."""
        return len(self.sizes) - 1

    def column_visible(self, layer: int) -> bool:
        """A column of nodes is drawn when a layer of weights next to it is."""
        return any(
            k not in self.hidden for k in (layer, layer + 1) if 1 <= k <= self.last
        )

    def marked(self, *key: Any) -> bool:
        return key in self.factors or key == self.product

    # Each method returns the number to draw, or None when it is not shown.

    def value(self, layer: int, node: int) -> float | None:
        if self.forward_pass is None:
            return None
        if (
            "values" in self.kinds
            or ("inputs" in self.kinds and layer == 0)
            or self.marked("value", layer, node)
        ):
            return float(self.forward_pass.node_values[layer][node])
        return None

    @property
    def output_notes(self) -> bool:
        """Whether target, error or loss are written beside the output nodes."""
        return self.slopes is not None and bool(self.kinds & {"target", "loss"})

    def weight(self, k: int, i: int, j: int) -> float | None:
        if "weights" in self.kinds or self.marked("weight", k, i, j):
            return float(self.network.weights[k - 1][i, j])
        return None

    def node_slope(self, layer: int, node: int) -> float | None:
        if self.slopes is None or layer == 0:
            return None
        shown = "node_slopes" in self.kinds and (
            self.selected is None or (layer, node) in self.selected
        )
        if shown or self.marked("node_slope", layer, node):
            return float(self.slopes.node_slopes[layer - 1][node])
        return None

    def activation_slope(self, layer: int, node: int) -> float | None:
        if self.slopes is None or layer == 0:
            return None
        if "activation_slopes" in self.kinds or self.marked("act_slope", layer, node):
            return float(self.slopes.activation_slopes[layer - 1][node])
        return None

    def weight_slope(self, k: int, i: int, j: int) -> float | None:
        if self.slopes is None:
            return None
        shown = "weight_slopes" in self.kinds and (
            self.selected is None or (k, i, j) in self.selected
        )
        if shown or self.marked("weight_slope", k, i, j):
            return float(self.slopes.weight_slopes[k - 1][i, j])
        return None


def _check_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name}: expected an int, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name}: expected {low} to {high}, got {value}")
    return int(value)


def _check_show(show: Iterable[str]) -> frozenset[str]:
    kinds = set([show] if isinstance(show, str) else show)
    unknown = kinds - _SHOW_KINDS
    if unknown:
        raise ValueError(
            f"show: expected kinds from {sorted(_SHOW_KINDS)}, got unknown {sorted(unknown)}"
        )
    if "slopes" in kinds:
        kinds |= {"node_slopes", "weight_slopes"}
    return frozenset(kinds)


def _check_inputs(
    network: Network, forward_pass: ForwardPass | None, slopes: Slopes | None
) -> None:
    if not isinstance(network, Network):
        raise TypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    if forward_pass is not None:
        if not isinstance(forward_pass, ForwardPass):
            raise TypeError(
                "forward_pass: expected the ForwardPass returned by forward(), "
                f"got {type(forward_pass).__name__}"
            )
        if forward_pass.is_batch:
            raise ValueError(
                "forward_pass: expected a pass for one example (a drawing shows one), "
                f"got a batch of {forward_pass.node_values[0].shape[0]}"
            )
        if forward_pass.network != network:
            raise ValueError("forward_pass: expected a forward pass of this network")
    if slopes is not None:
        if not isinstance(slopes, Slopes):
            raise TypeError(
                f"slopes: expected the Slopes returned by backward(), got {type(slopes).__name__}"
            )
        if forward_pass is None:
            raise ValueError("slopes: drawing slopes needs the forward_pass they came from")
        if [s.shape for s in slopes.weight_slopes] != [w.shape for w in network.weights]:
            raise ValueError("slopes: expected the slopes of this network's weights")


def _mark_weight(fig: _Figure, highlight: Sequence[int]) -> _Figure:
    """Mark the three factors of one weight's slope (the three-factor rule)."""
    assert fig.forward_pass is not None and fig.slopes is not None
    if len(highlight) != 3:
        raise ValueError(f"highlight: expected (layer, from_node, to_node), got {highlight!r}")
    sizes = fig.sizes
    k = _check_int("highlight layer", highlight[0], 1, fig.last)
    i = _check_int("highlight from_node", highlight[1], 0, sizes[k - 1] - 1)
    j = _check_int("highlight to_node", highlight[2], 0, sizes[k] - 1)
    if k in fig.hidden:
        raise ValueError(f"highlight: layer {k} is in hide_layers")
    slopes = fig.slopes
    terms = (
        _Term(float(fig.forward_pass.node_values[k - 1][i]), "value in", "1"),
        _Term(float(slopes.node_slopes[k - 1][j]), "node slope", "2"),
        _Term(float(slopes.activation_slopes[k - 1][j]), "act. slope", "3"),
        _Term(float(slopes.weight_slopes[k - 1][i, j]), "weight slope", None),
    )
    words = (
        f"The slope of the weight from the {_node_name(sizes, k - 1, i)} to the "
        f"{_node_name(sizes, k, j)} is the value feeding in times the slope of the node "
        "fed into times the activation slope there"
    )
    return replace(
        fig,
        factors={("value", k - 1, i): "1", ("node_slope", k, j): "2", ("act_slope", k, j): "3"},
        marked_edges=frozenset({(k, i, j)}),
        marked_nodes=frozenset({(k - 1, i)}),
        product=("weight_slope", k, i, j),
        terms=terms,
        equation_words=words,
    )


def _mark_node(fig: _Figure, highlight_node: Sequence[int]) -> _Figure:
    """Mark how a hidden node's slope comes from the layer after it (the chain rule)."""
    assert fig.slopes is not None
    if len(highlight_node) != 2:
        raise ValueError(f"highlight_node: expected (layer, node), got {highlight_node!r}")
    if fig.last < 2:
        raise ValueError("highlight_node: this network has no hidden nodes")
    layer = _check_int("highlight_node layer", highlight_node[0], 1, fig.last - 1)
    node = _check_int("highlight_node node", highlight_node[1], 0, fig.sizes[layer] - 1)
    if layer + 1 in fig.hidden:
        raise ValueError(f"highlight_node: the weights of layer {layer + 1} are hidden")
    slopes = fig.slopes
    factors: dict[tuple[Any, ...], str] = {}
    terms: list[_Term] = []
    for m in range(fig.sizes[layer + 1]):
        b = 3 * m + 1
        factors[("weight", layer + 1, node, m)] = str(b)
        factors[("node_slope", layer + 1, m)] = str(b + 1)
        factors[("act_slope", layer + 1, m)] = str(b + 2)
        terms += [
            _Term(float(fig.network.weights[layer][node, m]), "weight", str(b)),
            _Term(float(slopes.node_slopes[layer][m]), "node slope", str(b + 1)),
            _Term(float(slopes.activation_slopes[layer][m]), "act. slope", str(b + 2)),
        ]
    terms.append(_Term(float(slopes.node_slopes[layer - 1][node]), "node slope", None))
    words = (
        f"The slope of the {_node_name(fig.sizes, layer, node)} is, summed over its outgoing "
        "weights, the weight times the slope of the node it feeds times the activation "
        "slope there"
    )
    return replace(
        fig,
        factors=factors,
        marked_edges=frozenset((layer + 1, node, m) for m in range(fig.sizes[layer + 1])),
        marked_nodes=frozenset({(layer, node)}),
        product=("node_slope", layer, node),
        terms=tuple(terms),
        equation_words=words,
    )


def _figure(
    network: Network,
    forward_pass: ForwardPass | None,
    slopes: Slopes | None,
    show: Iterable[str],
    hide_layers: Collection[int],
    highlight: Sequence[int] | None,
    highlight_node: Sequence[int] | None,
    only_slopes: Collection[Sequence[int]] | None,
    unseen_weights: Collection[Sequence[int]],
    placeholder: str | None,
) -> _Figure:
    """Check every argument of `network_svg` and decide what the drawing shows."""
    _check_inputs(network, forward_pass, slopes)
    sizes = network.layer_sizes
    n_layers = len(sizes) - 1
    hidden = frozenset(_check_int("hide_layers", k, 1, n_layers) for k in hide_layers)
    if len(hidden) == n_layers:
        raise ValueError("hide_layers: expected at least one layer of weights left to draw")
    selected = None
    if only_slopes is not None:
        selected = frozenset(tuple(int(i) for i in key) for key in only_slopes)
    unseen = set()
    for key in unseen_weights:
        if len(key) != 3:
            raise ValueError(f"unseen_weights: expected (layer, from_node, to_node), got {key!r}")
        k = _check_int("unseen_weights layer", key[0], 1, n_layers)
        unseen.add(
            (
                k,
                _check_int("unseen_weights from_node", key[1], 0, sizes[k - 1] - 1),
                _check_int("unseen_weights to_node", key[2], 0, sizes[k] - 1),
            )
        )
    kinds = _check_show(show)
    if kinds & {"target", "loss"} and slopes is None:
        raise ValueError("show: 'target' and 'loss' need slopes (they hold the error)")
    fig = _Figure(
        network,
        forward_pass,
        slopes,
        kinds,
        hidden,
        selected,
        unseen=frozenset(unseen),
        placeholder=placeholder,
    )
    if highlight is not None and highlight_node is not None:
        raise ValueError("highlight and highlight_node: give one or the other")
    if highlight is not None:
        if slopes is None:
            raise ValueError("highlight: needs slopes (and the forward pass) to show factors")
        fig = _mark_weight(fig, highlight)
    if highlight_node is not None:
        if slopes is None:
            raise ValueError("highlight_node: needs slopes (and the forward pass)")
        fig = _mark_node(fig, highlight_node)
    return fig


# -- layout -------------------------------------------------------------------------------

_TERM_WIDTH = 92.0  # one number of the equation under the drawing, with its caption
_OPERATOR_WIDTH = 26.0


def _equation_width(terms: Sequence[_Term]) -> float:
    if not terms:
        return 0.0
    return len(terms) * _TERM_WIDTH + (len(terms) - 1) * _OPERATOR_WIDTH + 24


@dataclass(frozen=True)
class _Layout:
    """Where the columns of nodes go, and how wide the drawing is."""

    x: dict[int, float]  # x of each drawn column of nodes
    sizes: tuple[int, ...]
    width: float

    def y(self, layer: int, node: int) -> float:
        """Columns are centred vertically; node 0 is at the top."""
        return _TOP + (max(self.sizes) - self.sizes[layer]) * _ROW / 2 + node * _ROW

    @property
    def nodes_bottom(self) -> float:
        return _TOP + (max(self.sizes) - 1) * _ROW + _RADIUS


def _layout(fig: _Figure) -> _Layout:
    columns = [c for c in range(fig.last + 1) if fig.column_visible(c)]
    x = _SIDE + (0.0 if fig.column_visible(0) else _STUB)
    xs: dict[int, float] = {}
    for c in columns:
        xs[c] = x
        x += _COLUMN
    net_width = x - _COLUMN + _SIDE + (0.0 if fig.column_visible(fig.last) else _STUB)
    if fig.output_notes and fig.column_visible(fig.last):
        net_width += 70.0  # room for "target 4", "error 3", "loss 9"
    width = max(net_width, _equation_width(fig.terms) + 32)
    shift = (width - net_width) / 2  # centre the network over a wider equation
    return _Layout({c: v + shift for c, v in xs.items()}, fig.sizes, width)


# -- the parts of the drawing ---------------------------------------------------------------


def _hidden_layer(fig: _Figure, layout: _Layout, k: int) -> tuple[list[str], str]:
    """Faded, dashed stubs and a note for a hidden layer of weights ``k``."""
    left, right = k - 1, k
    stub = f'stroke="{_LIGHT["faded"]}" stroke-width="1.5" stroke-dasharray="4 5"'
    lines = []
    if fig.column_visible(left) and fig.column_visible(right):
        xa, xb = layout.x[left] + _RADIUS, layout.x[right] - _RADIUS
        for i in range(fig.sizes[left]):
            for j in range(fig.sizes[right]):
                lines.append(
                    f'<line class="bp-stub" x1="{xa:.1f}" y1="{layout.y(left, i):.1f}" '
                    f'x2="{xb:.1f}" y2="{layout.y(right, j):.1f}" {stub}/>'
                )
        note_x, anchor = (xa + xb) / 2, "middle"
        rows = range(max(fig.sizes[left], fig.sizes[right]))
    else:
        side = left if fig.column_visible(left) else right
        direction = 1.0 if side == left else -1.0
        start = layout.x[side] + direction * _RADIUS
        end = start + direction * (_STUB - 14)
        for i in range(fig.sizes[side]):
            y = layout.y(side, i)
            lines.append(
                f'<line class="bp-stub" x1="{start:.1f}" y1="{y:.1f}" x2="{end:.1f}" '
                f'y2="{y:.1f}" {stub}/>'
            )
            lines.append(
                _text("⋯", end + direction * 10, y, size=18, class_="bp-muted",
                      fill=_LIGHT["muted"])
            )
        note_x, anchor = start + direction * 4, "start" if direction > 0 else "end"
        rows = range(fig.sizes[side])
    # The note goes between two rows of nodes, where no stub runs.
    mid = (max(fig.sizes) - 1) / 2
    note_y = layout.y(0, 0) - _RADIUS - 20 if len(rows) < 2 else (
        _TOP + (mid if max(fig.sizes) % 2 == 0 else mid - 0.5) * _ROW
    )
    shown = [m for m in range(1, fig.last + 1) if m not in fig.hidden]
    note = (
        "later layers hidden"
        if k > max(shown)
        else "earlier layers hidden"
        if k < min(shown)
        else f"layer {k} hidden"
    )
    group = (
        f'<g class="bp-hidden-layer" {_attrs(data_layer=k)}>'
        f"<title>The weights of layer {k} are hidden.</title>"
        + _text(
            note,
            note_x,
            note_y,
            size=_SMALL,
            anchor=anchor,
            class_="bp-muted",
            fill=_LIGHT["muted"],
            font_style="italic",
        )
        + "</g>"
    )
    return lines, group


def _edge(fig: _Figure, layout: _Layout, k: int, i: int, j: int) -> tuple[str, str, str | None]:
    """The line, the labelled group and the sentence (if any) of one weight."""
    x1, y1 = layout.x[k - 1], layout.y(k - 1, i)
    x2, y2 = layout.x[k], layout.y(k, j)
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    marked = (k, i, j) in fig.marked_edges
    unseen = (k, i, j) in fig.unseen
    line_class = "bp-line" + (" bp-hl" if marked else "") + (" bp-stub" if unseen else "")
    line = (
        f'<line class="{line_class}" '
        f"{_attrs(data_layer=k, data_from=i, data_to=j)} "
        f'x1="{x1 + ux * _RADIUS:.1f}" y1="{y1 + uy * _RADIUS:.1f}" '
        f'x2="{x2 - ux * _RADIUS:.1f}" y2="{y2 - uy * _RADIUS:.1f}" '
        f'stroke="{_LIGHT["hl"] if marked else _LIGHT["edge"]}" '
        f'stroke-width="{4 if marked else 1.6}"'
        + (' stroke-dasharray="5 5"' if unseen else "")
        + "/>"
    )
    weight = fig.weight(k, i, j)
    slope = fig.weight_slope(k, i, j)
    said = []
    if weight is not None and unseen:
        said.append(
            "is not given: any number gives the same node values and slopes here "
            f"(this drawing uses {format_number(weight)})"
        )
    elif weight is not None:
        said.append(f"is {format_number(weight)}")
    if slope is not None:
        said.append(f"its slope is {format_number(slope)}")
    name = (
        f"the weight from the {_node_name(fig.sizes, k - 1, i)} "
        f"to the {_node_name(fig.sizes, k, j)}"
    )
    sentence = _sentence(name) + (" " + "; ".join(said) if said else "") + "."

    t = _edge_t(j, fig.sizes[k])
    lx, ly = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
    parts = [
        f'<g class="bp-edge{" bp-highlighted" if marked else ""}" '
        + _attrs(data_layer=k, data_from=i, data_to=j, data_weight=weight, data_slope=slope)
        + f"><title>{escape(sentence)}</title>"
    ]
    if weight is not None:
        badge = fig.factors.get(("weight", k, i, j))
        label = "w=any" if unseen else f"w={format_number(weight)}"
        # A patch of background colour, so that no line runs through the label.
        patch = _text_width(label, _FONT_SIZE) + 8
        parts.append(
            f'<rect class="bp-label-bg" x="{lx - patch / 2:.1f}" y="{ly - 10:.1f}" '
            f'width="{patch:.1f}" height="20" rx="4" fill="{_HALO}"/>'
        )
        parts.append(
            _text(
                label,
                lx,
                ly,
                class_="bp-weight"
                + (" bp-factor" if badge else "")
                + (" bp-unseen" if unseen else ""),
                data_value=weight,
                data_factor=badge,
                fill=_LIGHT["ink"],
                font_weight="bold" if marked else None,
            )
        )
        if badge:
            parts.append(_badge(badge, lx - _text_width(label, _FONT_SIZE) / 2 - 12, ly))
    if slope is not None:
        product = fig.product == ("weight_slope", k, i, j)
        parts.append(
            _box(
                f"slope {format_number(slope)}",
                lx,
                ly + 22,
                group_class="bp-slope bp-weight-slope" + (" bp-product" if product else ""),
                data_value=slope,
                stroke=_LIGHT["hl"] if product else _LIGHT["slope-stroke"],
                stroke_width=3 if product else 1.5,
            )
        )
    parts.append("</g>")
    return line, "".join(parts), sentence if said else None


def _node(fig: _Figure, layout: _Layout, layer: int, node: int) -> tuple[str, str | None]:
    """The group and the sentence (if any) of one node."""
    cx, cy = layout.x[layer], layout.y(layer, node)
    value = fig.value(layer, node)
    slope = fig.node_slope(layer, node)
    act_slope = fig.activation_slope(layer, node)
    said = []
    if value is not None:
        said.append(f"value {format_number(value)}")
    elif fig.placeholder is not None:
        said.append(f"value {fig.placeholder}")
    if slope is not None:
        said.append(f"slope {format_number(slope)}")
    if act_slope is not None:
        said.append(f"activation slope {format_number(act_slope)}")
    notes = _output_notes(fig, node) if layer == fig.last else []
    said += [f"{label} {format_number(number)}" for label, number in notes]
    name = _node_name(fig.sizes, layer, node)
    sentence = _sentence(name) + (" has " + _and(said) if said else "") + "."
    parts = [
        '<g class="bp-node" '
        + _attrs(
            data_layer=layer,
            data_node=node,
            data_value=value,
            data_slope=slope,
            data_activation_slope=act_slope,
        )
        + f"><title>{escape(sentence)}</title>"
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{_RADIUS:g}" fill="{_LIGHT["node-fill"]}" '
        f'stroke="{_LIGHT["node-stroke"]}" stroke-width="2"/>'
    ]
    if (layer, node) in fig.marked_nodes:
        parts.append(
            f'<circle class="bp-ring" cx="{cx:.1f}" cy="{cy:.1f}" r="{_RADIUS + 6:g}" '
            f'fill="none" stroke="{_LIGHT["hl"]}" stroke-width="3"/>'
        )
    if value is not None:
        badge = fig.factors.get(("value", layer, node))
        label = f"v={format_number(value)}"
        size = min(_FONT_SIZE, 2 * _RADIUS * 0.9 / (_CHAR * len(label)))
        parts.append(
            _text(
                label,
                cx,
                cy,
                size=round(size, 1),
                class_="bp-value" + (" bp-factor" if badge else ""),
                data_value=value,
                data_factor=badge,
                fill=_LIGHT["node-ink"],
                font_weight="bold",
            )
        )
        if badge:
            parts.append(_badge(badge, cx - _RADIUS - 6, cy - _RADIUS))
    elif fig.placeholder is not None:
        label = f"v={fig.placeholder}"
        size = min(_FONT_SIZE, 2 * _RADIUS * 0.9 / (_CHAR * len(label)))
        parts.append(
            _text(label, cx, cy, size=round(size, 1), class_="bp-value bp-placeholder",
                  fill=_LIGHT["node-ink"], font_weight="bold")
        )
    if slope is not None:
        badge = fig.factors.get(("node_slope", layer, node))
        product = fig.product == ("node_slope", layer, node)
        label = f"slope {format_number(slope)}"
        parts.append(
            _box(
                label,
                cx,
                cy - _RADIUS - 20,
                group_class="bp-slope bp-node-slope"
                + (" bp-factor bp-marked" if badge else "")
                + (" bp-product" if product else ""),
                data_value=slope,
                data_factor=badge,
                stroke=_LIGHT["hl"] if badge or product else _LIGHT["slope-stroke"],
                stroke_width=3 if badge or product else 1.5,
            )
        )
        if badge:
            half = (_text_width(label, _SMALL) + 12) / 2
            parts.append(_badge(badge, cx - half - 12, cy - _RADIUS - 20))
    if act_slope is not None:
        badge = fig.factors.get(("act_slope", layer, node))
        label = f"act. slope {format_number(act_slope)}"
        parts.append(
            _text(
                label,
                cx,
                cy + _RADIUS + 16,
                size=_SMALL,
                class_="bp-act-slope" + (" bp-factor" if badge else ""),
                data_value=act_slope,
                data_factor=badge,
                fill=_LIGHT["ink"],
            )
        )
        if badge:
            parts.append(
                _badge(badge, cx - _text_width(label, _SMALL) / 2 - 12, cy + _RADIUS + 16)
            )
    for n, (label, number) in enumerate(notes):
        parts.append(
            _text(
                f"{label} {format_number(number)}",
                cx + _RADIUS + 10,
                cy + (n - (len(notes) - 1) / 2) * 19,
                size=_SMALL,
                anchor="start",
                class_=f"bp-{label}",
                data_value=number,
                fill=_LIGHT["ink"],
            )
        )
    parts.append("</g>")
    return "".join(parts), sentence if said else None


def _output_notes(fig: _Figure, node: int) -> list[tuple[str, float]]:
    """``target``, ``error`` and ``loss`` beside an output node, as asked by ``show``."""
    if not fig.output_notes or fig.slopes is None or fig.forward_pass is None:
        return []
    error = float(fig.slopes.error[node])
    notes = []
    if "target" in fig.kinds:
        notes.append(("target", float(fig.forward_pass.prediction[node]) - error))
    if "loss" in fig.kinds:
        notes.append(("error", error))
        if node == 0:
            notes.append(("loss", float(fig.slopes.loss)))
    return notes


def _operators(n_terms: int) -> list[str]:
    """Between the terms: ``×`` inside a product of three, ``+`` between products, ``=``."""
    return [
        "=" if n == n_terms - 2 else ("+" if (n + 1) % 3 == 0 else "×")
        for n in range(n_terms - 1)
    ]


def _equation(fig: _Figure, width: float, top: float) -> tuple[str, str]:
    """The callout under the drawing: e.g. ``3 × 6 × 1 = 18``, and its sentence."""
    total = _equation_width(fig.terms)
    left = (width - total) / 2
    parts = [
        f'<g class="bp-callout"><rect x="{left:.1f}" y="{top:.1f}" width="{total:.1f}" '
        f'height="52" rx="8" fill="{_LIGHT["hl-fill"]}" stroke="{_LIGHT["hl"]}" '
        'stroke-width="1.5"/>'
    ]
    operators = _operators(len(fig.terms))
    x = left + 12
    for n, term in enumerate(fig.terms):
        cx = x + _TERM_WIDTH / 2
        number = format_number(term.value)
        parts.append(
            _text(
                number,
                cx,
                top + 18,
                size=17,
                class_="bp-term" + ("" if term.badge else " bp-term-product"),
                data_value=term.value,
                data_badge=term.badge,
                font_weight="bold",
                fill=_LIGHT["ink"],
            )
        )
        if term.badge:
            parts.append(_badge(term.badge, cx - _text_width(number, 17) / 2 - 14, top + 18))
        parts.append(
            _text(term.caption, cx, top + 39, size=11.5, class_="bp-term-caption",
                  fill=_LIGHT["muted"])
        )
        x += _TERM_WIDTH
        if n < len(operators):
            parts.append(_text(operators[n], x + _OPERATOR_WIDTH / 2, top + 18, size=17))
            x += _OPERATOR_WIDTH
    numbers = [format_number(term.value) for term in fig.terms]
    formula = numbers[0] + "".join(
        f" {op} {number}" for op, number in zip(operators, numbers[1:], strict=True)
    )
    # The formula once more as plain text, for scripts and the page's search.
    parts.append(f'<text class="bp-formula" display="none">{escape(formula)}</text></g>')
    return "".join(parts), f"{fig.equation_words}: {formula}."


def _legend(fig: _Figure, width: float, top: float) -> tuple[str, float]:
    """A key to the labels, wrapped to the drawing's width; returns it and its height."""
    items: list[str] = []
    if fig.placeholder is not None or (
        fig.forward_pass is not None and (fig.kinds & {"values", "inputs"} or fig.terms)
    ):
        items.append("v = node value")
    if "weights" in fig.kinds or fig.terms:
        items.append("w = weight")
    has_slopes = fig.slopes is not None and bool(
        fig.kinds & {"node_slopes", "weight_slopes"} or fig.terms
    )
    if has_slopes:
        items.append("[slope] = slope of the loss")
    if fig.slopes is not None and ("activation_slopes" in fig.kinds or fig.terms):
        items.append("act. slope = slope of the activation")
    if not items:
        return "", 0.0
    parts = ['<g class="bp-legend" aria-hidden="true">']
    x, y = 16.0, top + 12
    for item in items:
        if item.startswith("[slope]"):
            sample = _text_width("slope", _SMALL) + 12
            rest = item[len("[slope] ") :]
            item_width = sample + 6 + _text_width(rest, _SMALL)
        else:
            item_width = _text_width(item, _SMALL)
        if x > 16 and x + item_width > width - 16:
            x, y = 16.0, y + 26
        if item.startswith("[slope]"):
            parts.append(_box("slope", x + sample / 2, y, group_class="bp-slope"))
            parts.append(_text(rest, x + sample + 6, y, size=_SMALL, anchor="start",
                               fill=_LIGHT["muted"]))
        else:
            parts.append(_text(item, x, y, size=_SMALL, anchor="start", fill=_LIGHT["muted"]))
        x += item_width + 24
    parts.append("</g>")
    return "".join(parts), y + 18 - top


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
    """Draw a network, left to right, with its node values, weights and slopes.

    Parameters
    ----------
    network : Network
    forward_pass : ForwardPass, optional
        `forward` of ``network`` on one example; gives
        the node values. Without it only the weights are drawn.
    slopes : Slopes, optional
        `backward` of ``forward_pass``; gives the slopes.
    show : iterable of str, default ("values", "weights", "slopes")
        Which kinds of numbers to write: ``"values"`` (or only the
        ``"inputs"``), ``"weights"``, ``"slopes"`` (short for
        ``"node_slopes"`` and ``"weight_slopes"``), ``"activation_slopes"``,
        and beside the output node its ``"target"`` and ``"loss"`` (error and
        loss; both need ``slopes``). Leave kinds out to show only what has been
        computed so far.
    hide_layers : collection of int
        Layers of weights (counting from 1, as in
        `three_factors`) to hide, as the lesson
        hides the earlier and later layers: their edges become faded dashed
        stubs with a note, and a column of nodes joined only by hidden
        weights is left out.
    highlight : (layer, from_node, to_node), optional
        Emphasise one weight and mark the three factors of its slope with
        numbered discs: (1) the value of the node feeding in, (2) the slope of
        the loss with respect to the node fed into, (3) the activation slope
        there; a callout below shows their product, e.g. ``3 × 6 × 1 = 18``.
        Needs ``slopes``.
    highlight_node : (layer, node), optional
        Emphasise how a hidden node's slope comes from the next layer (the
        chain rule): each outgoing weight × the slope of the node it feeds ×
        the activation slope there, summed, e.g. ``2 × 6 × 1 = 12``. Needs
        ``slopes``; ``layer`` counts layers of nodes (0 = the inputs).
    only_slopes : collection of tuples, optional
        Draw only these slopes: ``(layer, node)`` pairs for node slopes and
        ``(layer, from_node, to_node)`` triples for weight slopes. Default: all.
    unseen_weights : collection of (layer, from_node, to_node)
        Weights the lesson does not give (like those leaving its input node of
        value 0): drawn dashed and labelled ``w=any``.
    placeholder : str, optional
        Written as ``v=<placeholder>`` in nodes whose value is not shown, e.g.
        ``"?"`` for an exercise.
    title : str, optional
        Short title (the SVG ``<title>``); a default names the layer sizes.
    description : str, optional
        A sentence put before the numbers listed in the ``<desc>``.
    legend : bool, default True
        Add a key: ``v`` = node value, ``w`` = weight, red box = slope.
    id_prefix : str, optional
        Prefix of the ids inside the SVG; by default a fresh one per drawing,
        so several drawings can share a page.

    Returns
    -------
    SVG
        A ``str`` holding one ``<svg>`` element.

    Raises
    ------
    ValueError
        If the forward pass is for a batch or another network, slopes are
        given without a forward pass, a highlighted weight is hidden, or an
        index is out of range.

    Examples
    --------
    >>> import xml.etree.ElementTree as ET
    >>> from bpbook import backward, forward, lesson
    >>> from bpbook.drawing import network_svg
    >>> net = lesson.deeper_network()
    >>> fp = forward(net, lesson.DEEPER_INPUTS)
    >>> svg = network_svg(net, fp, backward(fp, lesson.DEEPER_TARGET), highlight=(2, 1, 0))
    >>> root = ET.fromstring(svg)
    >>> root.get("role")
    'img'
    >>> edges = [g for g in root.iter("{http://www.w3.org/2000/svg}g")
    ...          if "bp-edge" in g.get("class", "").split()]
    >>> [float(g.get("data-slope")) for g in edges]
    [0.0, 0.0, 6.0, 12.0, 6.0, 18.0]
    >>> "3 × 6 × 1 = 18" in svg
    True
    """
    fig = _figure(
        network,
        forward_pass,
        slopes,
        show,
        hide_layers,
        highlight,
        highlight_node,
        only_slopes,
        unseen_weights,
        placeholder,
    )
    layout = _layout(fig)
    sizes = fig.sizes
    lines: list[str] = []
    groups: list[str] = []
    sentences: list[str] = []
    # Column by column, so the description reads from the inputs to the output.
    for layer in range(fig.last + 1):
        if fig.column_visible(layer):
            for node in range(sizes[layer]):
                group, sentence = _node(fig, layout, layer, node)
                groups.append(group)
                sentences += [sentence] if sentence else []
        k = layer + 1
        if k > fig.last:
            break
        if k in fig.hidden:
            if not (fig.column_visible(k - 1) or fig.column_visible(k)):
                continue  # far from the drawn layers: nothing to draw
            stubs, group = _hidden_layer(fig, layout, k)
            lines += stubs
            groups.append(group)
            sentences.append(f"The weights of layer {k} are hidden.")
            continue
        for i in range(sizes[k - 1]):
            for j in range(sizes[k]):
                line, group, sentence = _edge(fig, layout, k, i, j)
                lines.append(line)
                groups.append(group)
                sentences += [sentence] if sentence else []

    width = layout.width
    y = layout.nodes_bottom + 34  # below the activation-slope labels
    extras: list[str] = []
    if fig.terms:
        callout, sentence = _equation(fig, width, y)
        extras.append(callout)
        sentences.append(sentence)
        y += 52 + 14
    if legend:
        key, height = _legend(fig, width, y)
        extras.append(key)
        y += height
    height = y + 8

    shown = []
    if forward_pass is not None and "values" in fig.kinds:
        shown.append("node values")
    if "weights" in fig.kinds:
        shown.append("weights")
    if slopes is not None and fig.kinds & {"node_slopes", "weight_slopes"}:
        shown.append("slopes")
    sizes_text = "-".join(str(s) for s in sizes)
    if title is None:
        title = f"A {sizes_text} network" + (" with its " + _and(shown) if shown else "")
    if description is None:
        counts = [f"{sizes[0]} input node{'s' if sizes[0] != 1 else ''}"]
        counts += [f"{n} hidden node{'s' if n != 1 else ''}" for n in sizes[1:-1]]
        counts += [f"{sizes[-1]} output node{'s' if sizes[-1] != 1 else ''}"]
        description = f"A network drawn from left to right: {_and(counts)}."
    prefix = id_prefix if id_prefix is not None else f"bp-net-{next(_counter)}"
    font = escape(_FONT, {'"': "&quot;"})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-fig bp-network" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="max-width:100%;height:auto" '
        f'font-family="{font}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(" ".join([description.strip(), *sentences]))}</desc>',
        f"<style>{STYLE}</style>",
        '<g class="bp-lines" aria-hidden="true">',
        *lines,
        "</g>",
        *groups,
        *extras,
        "</svg>",
    ]
    return SVG("\n".join(out))


# -- the lesson's step-through ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of working through backward propagation by hand.

    Attributes
    ----------
    title : str
        Short title, e.g. ``"Slope of the bottom weight into the output node"``.
    caption : str
        One line with the product being computed, e.g.
        ``"... = 3 × 6 × 1 = 18"``; its numbers come from bpbook.
    svg : SVG
        The network as it stands after this step.
    """

    title: str
    caption: str
    svg: SVG


def _product(numbers: Iterable[float]) -> str:
    return " × ".join(format_number(n) for n in numbers)


def backprop_steps(
    network: Network | None = None,
    inputs: Any = None,
    targets: Any = None,
    *,
    learning_rate: float | None = None,
    unseen_weights: Collection[Sequence[int]] | None = None,
) -> list[Step]:
    """Backward propagation by hand, one number at a time, as a list of drawings.

    The steps follow the lesson: the forward pass; the slope of the loss with
    respect to the output (``2 × error``); then, working back one layer of
    weights at a time, each node's slope (chain rule) and each weight's slope
    (three-factor rule). While a layer of weights before the last is being
    worked on, the other layers are hidden, as in the lesson's slides. A
    last step shows every slope at once, and with a ``learning_rate`` one
    more step shows the weights after the update.

    Parameters
    ----------
    network : Network, optional
        Default: `bpbook.lesson.deeper_network`.
    inputs : array-like of shape (n_inputs,), optional
        One example. Default: `bpbook.lesson.DEEPER_INPUTS`.
    targets : array-like or float, optional
        Default: `bpbook.lesson.DEEPER_TARGET`.
    learning_rate : float, optional
        If given, a last step subtracts ``learning_rate × slope`` from every
        weight (gradient descent).
    unseen_weights : collection of (layer, from_node, to_node), optional
        Weights drawn dashed as ``w=any`` (see `network_svg`). Default:
        for the lesson's network, the two weights leaving its input node of
        value 0, which the lesson does not give; otherwise none.

    Returns
    -------
    list of Step

    Examples
    --------
    >>> from bpbook.drawing import backprop_steps
    >>> steps = backprop_steps()
    >>> for step in steps:
    ...     print(step.caption)  # doctest: +NORMALIZE_WHITESPACE
    Forward pass: the hidden node values are 1 and 3; the output node value
      (the prediction) is 1 × 1 + 3 × 2 = 7.
    Slope of the loss with respect to the output node: 2 × error = 2 × (7 - 4) = 6.
    Slope of the weight from the top hidden node to the output node: 1 × 6 × 1 = 6.
    Slope of the weight from the bottom hidden node to the output node: 3 × 6 × 1 = 18.
    Slope of the top hidden node: outgoing weight × slope of the node it feeds
      × activation slope there = 1 × 6 × 1 = 6.
    Slope of the weight from the top input node to the top hidden node: 0 × 6 × 1 = 0.
    Slope of the weight from the bottom input node to the top hidden node: 1 × 6 × 1 = 6.
    Slope of the bottom hidden node: outgoing weight × slope of the node it feeds
      × activation slope there = 2 × 6 × 1 = 12.
    Slope of the weight from the top input node to the bottom hidden node: 0 × 12 × 1 = 0.
    Slope of the weight from the bottom input node to the bottom hidden node: 1 × 12 × 1 = 12.
    Every slope: the output weights have slopes 6 and 18; the weights of the first
      layer have slopes 0, 0, 6 and 12.
    >>> print(backprop_steps(learning_rate=0.01)[-1].caption)  # doctest: +NORMALIZE_WHITESPACE
    Update with learning rate 0.01: every weight minus 0.01 × its slope, e.g. 2 − 0.01 × 18 =
      1.82; the output weights become 0.94 and 1.82; the weights of the first layer become
      0.94 and 2.88; the weights drawn as w=any do not change (their slopes are 0).
    """
    from bpbook import lesson

    if network is None:
        network = lesson.deeper_network()
        if unseen_weights is None:
            unseen_weights = ((1, 0, 0), (1, 0, 1))
    unseen = () if unseen_weights is None else unseen_weights
    unseen_set = {tuple(int(n) for n in key) for key in unseen}
    if inputs is None:
        inputs = lesson.DEEPER_INPUTS
    if targets is None:
        targets = lesson.DEEPER_TARGET
    fp = forward(network, inputs)
    if fp.is_batch:
        raise ValueError(
            f"inputs: expected one example of shape ({network.n_inputs},), "
            f"got a batch of shape {fp.node_values[0].shape}"
        )
    slopes = backward(fp, targets)
    sizes = network.layer_sizes
    last = len(sizes) - 1
    steps: list[Step] = []
    known: set[tuple[int, ...]] = set()

    def draw(**options: Any) -> SVG:
        return network_svg(
            network, fp, slopes, only_slopes=set(known), unseen_weights=unseen, **options
        )

    # 1. Forward pass.
    hidden_values = [
        " and ".join(format_number(v) for v in fp.node_values[k]) for k in range(1, last)
    ]
    output_sums = []
    for j in range(sizes[-1]):
        terms = " + ".join(
            f"{format_number(fp.node_values[last - 1][i])} × "
            f"{format_number(network.weights[-1][i, j])}"
            for i in range(sizes[-2])
        )
        output_sums.append(f"{terms} = {format_number(fp.node_inputs[-1][j])}")
    bias_note = "" if network.biases[-1] is None else " (plus the bias)"
    identity_output = network.activations[-1].name == "identity"
    hidden_part = (
        f"the hidden node values are {'; then '.join(hidden_values)}; " if hidden_values else ""
    )
    if sizes[-1] == 1 and identity_output:
        caption = (
            f"Forward pass: {hidden_part}the output node value (the prediction) is "
            f"{output_sums[0]}{bias_note}."
        )
    else:
        caption = (
            f"Forward pass: {hidden_part}the output node inputs are "
            f"{'; '.join(output_sums)}{bias_note}; the predictions are "
            f"{', '.join(format_number(v) for v in fp.prediction)}."
        )
    steps.append(Step("Forward pass", caption, draw(show=("values", "weights"))))

    # 2. Slope of the loss with respect to each output node: 2 × error.
    target_values = np.broadcast_to(np.asarray(targets, dtype=float), fp.prediction.shape)
    for j in range(sizes[-1]):
        known.add((last, j))
        name = _node_name(sizes, last, j)
        prediction = format_number(fp.prediction[j])
        target = format_number(float(target_values[j]))
        caption = (
            f"Slope of the loss with respect to the {name}: 2 × error = "
            f"2 × ({prediction} - {target}) = {format_number(slopes.node_slopes[-1][j])}."
        )
        slope_step = draw(show=("values", "weights", "slopes"))
        steps.append(Step(f"Slope of the {name}", caption, slope_step))

    # 3. Back through the layers of weights, last first.
    for k in range(last, 0, -1):
        others = tuple(m for m in range(1, last + 1) if m != k)
        for j in range(sizes[k]):
            if k < last:
                # The slope of hidden node j of layer k: sum over its outgoing weights.
                known.add((k, j))
                products = [
                    _product(
                        (
                            network.weights[k][j, m],
                            slopes.node_slopes[k][m],
                            slopes.activation_slopes[k][m],
                        )
                    )
                    for m in range(sizes[k + 1])
                ]
                name = _node_name(sizes, k, j)
                caption = (
                    f"Slope of the {name}: "
                    + (
                        "outgoing weight × slope of the node it feeds × activation slope there"
                        if len(products) == 1
                        else "the sum, over its outgoing weights, of weight × slope of the "
                        "node it feeds × activation slope there"
                    )
                    + f" = {' + '.join(products)} = "
                    f"{format_number(slopes.node_slopes[k - 1][j])}."
                )
                hide = tuple(m for m in range(1, last + 1) if m not in (k, k + 1))
                steps.append(
                    Step(
                        f"Slope of the {name}",
                        caption,
                        draw(hide_layers=hide, highlight_node=(k, j)),
                    )
                )
            for i in range(sizes[k - 1]):
                known.add((k, i, j))
                factors = (
                    fp.node_values[k - 1][i],
                    slopes.node_slopes[k - 1][j],
                    slopes.activation_slopes[k - 1][j],
                )
                what = (
                    f"the weight from the {_node_name(sizes, k - 1, i)} to the "
                    f"{_node_name(sizes, k, j)}"
                )
                caption = (
                    f"Slope of {what}: {_product(factors)} = "
                    f"{format_number(slopes.weight_slopes[k - 1][i, j])}."
                )
                steps.append(
                    Step(
                        _sentence(f"slope of {what}"),
                        caption,
                        draw(hide_layers=others if k < last else (), highlight=(k, i, j)),
                    )
                )

    # 4. Everything at once.
    def listing(arrays: Sequence[Any], verb: str, skip_unseen: bool = False) -> str:
        parts = []
        for k in range(last, 0, -1):
            numbers = [
                format_number(arrays[k - 1][i, j])
                for i in range(sizes[k - 1])
                for j in range(sizes[k])
                if not (skip_unseen and (k, i, j) in still)
            ]
            if not numbers:
                continue
            which = "the output weights" if k == last else (
                "the weights of the first layer" if k == 1 else f"the weights of layer {k}"
            )
            parts.append(f"{which} {verb} {_and(numbers)}")
        return "; ".join(parts)

    steps.append(
        Step(
            "Every slope",
            f"Every slope: {listing(slopes.weight_slopes, 'have slopes')}.",
            network_svg(network, fp, slopes, unseen_weights=unseen),
        )
    )

    # 5. The update.
    # Unseen weights with slope 0 keep their value; the caption says so instead of listing them.
    still = {key for key in unseen_set if slopes.weight_slopes[key[0] - 1][key[1], key[2]] == 0}
    if learning_rate is not None:
        updated = update_weights(network, slopes, learning_rate)
        k, i, j = max(
            (
                (k, i, j)
                for k in range(1, last + 1)
                for i in range(sizes[k - 1])
                for j in range(sizes[k])
            ),
            key=lambda key: abs(float(slopes.weight_slopes[key[0] - 1][key[1], key[2]])),
        )
        rate = format_number(learning_rate)
        example = (
            f"{format_number(network.weights[k - 1][i, j])} − {rate} × "
            f"{format_number(slopes.weight_slopes[k - 1][i, j])} = "
            f"{format_number(updated.weights[k - 1][i, j])}"
        )
        caption = (
            f"Update with learning rate {rate}: every weight minus {rate} × its slope, "
            f"e.g. {example}; {listing(updated.weights, 'become', skip_unseen=True)}"
            + ("; the weights drawn as w=any do not change (their slopes are 0)." if still else ".")
        )
        steps.append(
            Step(
                "The update",
                caption,
                network_svg(
                    updated,
                    show=("weights",),
                    unseen_weights=unseen,
                    title="The network after one update",
                    description=f"The weights after one update with learning rate {rate}.",
                ),
            )
        )
    return steps


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def steps_markdown(steps: Sequence[Step]) -> str:
    """The steps as Material for MkDocs content tabs, in Markdown.

    For a markdown-exec block *without* ``html="true"`` (its printed output is
    then read as Markdown, so ``pymdownx.tabbed`` builds the ``=== "Step 1"``
    tabs), or for a page you write by hand. Each tab holds the drawing, on one
    line so that Markdown keeps it inline, and the caption (its part before
    the first colon in bold). Markdown still reads the text between the SVG's tags; the
    drawings contain nothing it would change, but `steps_html` (used by
    the book) leaves no such doubt.

    Examples
    --------
    >>> from bpbook.drawing import backprop_steps, steps_markdown
    >>> text = steps_markdown(backprop_steps())
    >>> text.splitlines()[0]
    '=== "Step 1"'
    >>> text.count('=== "Step ')
    11
    """
    blocks = []
    for n, step in enumerate(steps, start=1):
        head, rest = _split_caption(step)
        body = f"{_one_line(step.svg)}\n\n**{head}** {rest}"
        blocks.append(f'=== "Step {n}"\n\n{_indent(body, 4)}\n')
    return "\n".join(blocks)


def steps_html(steps: Sequence[Step], *, id_prefix: str | None = None) -> str:
    """The steps as Material for MkDocs content tabs, in HTML.

    The same tabs as `steps_markdown`, written out as the HTML that
    ``pymdownx.tabbed`` (``alternate_style: true``) makes, for a markdown-exec
    block with ``html="true"``. Material switches at most 20 tabs this way.

    Examples
    --------
    >>> from bpbook.drawing import backprop_steps, steps_html
    >>> html = steps_html(backprop_steps(), id_prefix="demo")
    >>> html.count('type="radio"'), html.count('class="tabbed-block"')
    (11, 11)
    """
    prefix = id_prefix if id_prefix is not None else f"bp-steps-{next(_counter)}"
    n = len(steps)
    inputs = "".join(
        f'<input {"checked " if i == 1 else ""}id="{prefix}_{i}" name="{prefix}" type="radio">'
        for i in range(1, n + 1)
    )
    labels = "".join(f'<label for="{prefix}_{i}">Step {i}</label>' for i in range(1, n + 1))
    blocks = "".join(
        f'<div class="tabbed-block"><div class="bp-figure bp-step">{_one_line(step.svg)}</div>'
        f"<p><strong>{escape(head)}</strong> {escape(rest)}</p></div>"
        for step in steps
        for head, rest in [_split_caption(step)]
    )
    return (
        f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{n}">{inputs}'
        # tabindex: the row of labels scrolls sideways when it is wider than the page,
        # and a scrolling region must be reachable from the keyboard.
        f'<div class="tabbed-labels" tabindex="0">{labels}</div>'
        f'<div class="tabbed-content">{blocks}</div></div>'
    )


def _split_caption(step: Step) -> tuple[str, str]:
    """``"Slope of X: 1 × 6 × 1 = 6."`` -> ``("Slope of X:", "1 × 6 × 1 = 6.")``."""
    head, colon, rest = step.caption.partition(": ")
    if not colon:
        return f"{step.title}.", step.caption
    return head + ":", rest


def _one_line(svg: str) -> str:
    """The SVG on one line: no blank lines or indentation for Markdown to misread."""
    return re.sub(r"\n\s*", "", svg)

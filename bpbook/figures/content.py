"""What one network diagram shows: the checked arguments of `network_svg`.

`decide_content` checks every argument and returns a `Content`: which numbers
are written, which are marked with numbered badges, and the equation under the
drawing. The numbers are read from the `Network`, `ForwardPass` and `Slopes` given;
nothing is computed here. Counting follows the package docstring.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from bpbook.backprop import ForwardPass, Slopes
from bpbook.checks import InputError, InputTypeError
from bpbook.figures.words import node_name, weight_name
from bpbook.network import Network

__all__ = [
    "SHOW_KINDS",
    "Content",
    "Term",
    "check_int",
    "check_slopes_match",
    "check_weight_keys",
    "decide_content",
]

SHOW_KINDS = frozenset(
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


@dataclass(frozen=True)
class Term:
    """One item of the highlighted equation: a number, its caption and its badge."""

    value: float
    caption: str
    badge: str | None


@dataclass(frozen=True)
class Content:
    """Which numbers one drawing shows, and which it marks.

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
    terms: tuple[Term, ...] = ()
    equation_words: str = ""

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.network.layer_sizes

    @property
    def last(self) -> int:
        """The output layer of nodes, L (= the number of layers of weights)."""
        return len(self.sizes) - 1

    def column_visible(self, layer: int) -> bool:
        """A column of nodes is drawn when a layer of weights next to it is."""
        return any(k not in self.hidden for k in (layer, layer + 1) if 1 <= k <= self.last)

    def marked(self, *key: Any) -> bool:
        return key in self.factors or key == self.product

    @property
    def output_notes(self) -> bool:
        """Whether target, error or loss are written beside the output nodes."""
        return self.slopes is not None and bool(self.kinds & {"target", "loss"})

    # Each method below returns the number to draw, or None when it is not shown.

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


def check_int(name: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int from ``low`` to ``high``, or an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputTypeError(f"{name}: expected an int, got {value!r:.60}")
    if not low <= value <= high:
        raise InputError(f"{name}: expected {low} to {high}, got {value}")
    return int(value)


def _check_show(show: Iterable[str]) -> frozenset[str]:
    kinds = set([show] if isinstance(show, str) else show)
    unknown = kinds - SHOW_KINDS
    if unknown:
        raise InputError(
            f"show: expected kinds from {sorted(SHOW_KINDS)}, got unknown {sorted(unknown)}"
        )
    if "slopes" in kinds:
        kinds |= {"node_slopes", "weight_slopes"}
    return frozenset(kinds)


def _check_forward_pass(network: Network, forward_pass: ForwardPass) -> None:
    if not isinstance(forward_pass, ForwardPass):
        raise InputTypeError(
            "forward_pass: expected the ForwardPass returned by forward(), "
            f"got {type(forward_pass).__name__}"
        )
    if forward_pass.is_batch:
        raise InputError(
            "forward_pass: expected a pass for one example (a drawing shows one), "
            f"got a batch of {forward_pass.node_values[0].shape[0]}"
        )
    if forward_pass.network != network:
        raise InputError("forward_pass: expected a forward pass of this network")


def _check_inputs(
    network: Network, forward_pass: ForwardPass | None, slopes: Slopes | None
) -> None:
    if not isinstance(network, Network):
        raise InputTypeError(f"network: expected a bpbook Network, got {type(network).__name__}")
    if forward_pass is not None:
        _check_forward_pass(network, forward_pass)
    if slopes is not None:
        if not isinstance(slopes, Slopes):
            raise InputTypeError(
                f"slopes: expected the Slopes returned by backward(), got {type(slopes).__name__}"
            )
        if forward_pass is None:
            raise InputError("slopes: drawing slopes needs the forward_pass they came from")
        if [s.shape for s in slopes.weight_slopes] != [w.shape for w in network.weights]:
            raise InputError("slopes: expected the slopes of this network's weights")
        check_slopes_match(forward_pass, slopes)


def check_slopes_match(forward_pass: ForwardPass, slopes: Slopes) -> None:
    """Refuse slopes that `backward` did not compute from ``forward_pass`` (one example).

    The slopes' own forward pass must be this one (or an equal one). The numbers
    must agree: every activation slope is the activation's slope at the pass's node
    input, and every weight slope is value feeding in x node slope x activation slope
    (the three-factor rule), so slopes of another example or network are caught.
    """
    sizes = forward_pass.network.layer_sizes
    if [s.shape for s in slopes.node_slopes] != [(n,) for n in sizes[1:]]:
        raise InputError(
            f"slopes: expected the slopes of one example of this {'-'.join(map(str, sizes))} "
            f"network, got node slopes of shapes {[s.shape for s in slopes.node_slopes]}"
        )
    if not same_pass(slopes.forward_pass, forward_pass):
        raise InputError(
            "slopes: expected the slopes of forward_pass's example, got slopes computed "
            "from another forward pass (see slopes.forward_pass); pass "
            "backward(forward_pass, targets)"
        )
    activations = forward_pass.network.activations
    for k, activation in enumerate(activations, start=1):
        expected_activation = activation.slope(forward_pass.node_inputs[k - 1])
        expected_weight = np.outer(
            forward_pass.node_values[k - 1],
            slopes.node_slopes[k - 1] * slopes.activation_slopes[k - 1],
        )
        if not (
            np.allclose(slopes.activation_slopes[k - 1], expected_activation, rtol=1e-12, atol=0)
            and np.allclose(slopes.weight_slopes[k - 1], expected_weight, rtol=1e-9, atol=1e-300)
        ):
            raise InputError(
                f"slopes: expected the slopes of forward_pass's example, got slopes whose layer "
                f"{k} does not match its node values (another example or network?); pass "
                "backward(forward_pass, targets)"
            )


def same_pass(first: ForwardPass, second: ForwardPass) -> bool:
    """Whether two forward passes are one: the same object, or equal network and values."""
    return first is second or (
        first.network == second.network
        and all(
            np.array_equal(a, b) for a, b in zip(first.node_values, second.node_values, strict=True)
        )
    )


def check_weight_keys(
    name: str, keys: Iterable[Sequence[int]], sizes: Sequence[int]
) -> frozenset[tuple[int, int, int]]:
    """``(layer, from_node, to_node)`` keys, each checked against the layer sizes."""
    checked = set()
    for key in keys:
        if len(key) != 3:
            raise InputError(f"{name}: expected (layer, from_node, to_node), got {key!r:.60}")
        k = check_int(f"{name} layer", key[0], 1, len(sizes) - 1)
        i = check_int(f"{name} from_node", key[1], 0, sizes[k - 1] - 1)
        j = check_int(f"{name} to_node", key[2], 0, sizes[k] - 1)
        checked.add((k, i, j))
    return frozenset(checked)


def _mark_weight(content: Content, highlight: Sequence[int]) -> Content:
    """Mark the three factors of one weight's slope (the three-factor rule)."""
    assert content.forward_pass is not None and content.slopes is not None
    if len(highlight) != 3:
        raise InputError(f"highlight: expected (layer, from_node, to_node), got {highlight!r:.60}")
    ((k, i, j),) = check_weight_keys("highlight", [highlight], content.sizes)
    if k in content.hidden:
        raise InputError(f"highlight: layer {k} is in hide_layers")
    slopes = content.slopes
    terms = (
        Term(float(content.forward_pass.node_values[k - 1][i]), "value in", "1"),
        Term(float(slopes.node_slopes[k - 1][j]), "node slope", "2"),
        Term(float(slopes.activation_slopes[k - 1][j]), "act. slope", "3"),
        Term(float(slopes.weight_slopes[k - 1][i, j]), "weight slope", None),
    )
    words = (
        f"The slope of {weight_name(content.sizes, k, i, j)} is the value feeding in "
        "times the slope of the node fed into times the activation slope there"
    )
    return replace(
        content,
        factors={("value", k - 1, i): "1", ("node_slope", k, j): "2", ("act_slope", k, j): "3"},
        marked_edges=frozenset({(k, i, j)}),
        marked_nodes=frozenset({(k - 1, i)}),
        product=("weight_slope", k, i, j),
        terms=terms,
        equation_words=words,
    )


def _mark_node(content: Content, highlight_node: Sequence[int]) -> Content:
    """Mark how a hidden node's slope comes from the layer after it (the chain rule)."""
    assert content.slopes is not None
    if len(highlight_node) != 2:
        raise InputError(f"highlight_node: expected (layer, node), got {highlight_node!r:.60}")
    if content.last < 2:
        raise InputError("highlight_node: this network has no hidden nodes")
    layer = check_int("highlight_node layer", highlight_node[0], 1, content.last - 1)
    node = check_int("highlight_node node", highlight_node[1], 0, content.sizes[layer] - 1)
    if layer + 1 in content.hidden:
        raise InputError(f"highlight_node: the weights of layer {layer + 1} are hidden")
    slopes, weights = content.slopes, content.network.weights
    factors: dict[tuple[Any, ...], str] = {}
    terms: list[Term] = []
    for m in range(content.sizes[layer + 1]):
        b = 3 * m + 1
        factors[("weight", layer + 1, node, m)] = str(b)
        factors[("node_slope", layer + 1, m)] = str(b + 1)
        factors[("act_slope", layer + 1, m)] = str(b + 2)
        terms += [
            Term(float(weights[layer][node, m]), "weight", str(b)),
            Term(float(slopes.node_slopes[layer][m]), "node slope", str(b + 1)),
            Term(float(slopes.activation_slopes[layer][m]), "act. slope", str(b + 2)),
        ]
    terms.append(Term(float(slopes.node_slopes[layer - 1][node]), "node slope", None))
    words = (
        f"The slope of the {node_name(content.sizes, layer, node)} is, summed over its "
        "outgoing weights, the weight times the slope of the node it feeds times the "
        "activation slope there"
    )
    return replace(
        content,
        factors=factors,
        marked_edges=frozenset((layer + 1, node, m) for m in range(content.sizes[layer + 1])),
        marked_nodes=frozenset({(layer, node)}),
        product=("node_slope", layer, node),
        terms=tuple(terms),
        equation_words=words,
    )


def decide_content(
    network: Network,
    forward_pass: ForwardPass | None,
    slopes: Slopes | None,
    *,
    show: Iterable[str],
    hide_layers: Collection[int],
    highlight: Sequence[int] | None,
    highlight_node: Sequence[int] | None,
    only_slopes: Collection[Sequence[int]] | None,
    unseen_weights: Collection[Sequence[int]],
    placeholder: str | None,
) -> Content:
    """Check every argument of `network_svg` and decide what the drawing shows."""
    _check_inputs(network, forward_pass, slopes)
    sizes = network.layer_sizes
    n_layers = len(sizes) - 1
    hidden = frozenset(check_int("hide_layers", k, 1, n_layers) for k in hide_layers)
    if len(hidden) == n_layers:
        raise InputError("hide_layers: expected at least one layer of weights left to draw")
    selected = None
    if only_slopes is not None:
        selected = frozenset(tuple(int(i) for i in key) for key in only_slopes)
    unseen = check_weight_keys("unseen_weights", unseen_weights, sizes)
    kinds = _check_show(show)
    if kinds & {"target", "loss"} and slopes is None:
        raise InputError("show: 'target' and 'loss' need slopes (they hold the error)")
    content = Content(network, forward_pass, slopes, kinds, hidden, selected, unseen, placeholder)
    if highlight is not None and highlight_node is not None:
        raise InputError("highlight and highlight_node: give one or the other")
    if highlight is not None:
        if slopes is None:
            raise InputError("highlight: needs slopes (and the forward pass) to show factors")
        content = _mark_weight(content, highlight)
    if highlight_node is not None:
        if slopes is None:
            raise InputError("highlight_node: needs slopes (and the forward pass)")
        content = _mark_node(content, highlight_node)
    return content

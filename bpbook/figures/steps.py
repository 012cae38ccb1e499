"""The backprop step-through: backward propagation by hand, one number per drawing.

The steps follow the lesson: the forward pass; the slope of the loss with respect to
each output node (``2 × error``); then, one layer of weights at a time from the last,
each hidden node's slope (the chain rule) and each weight's slope (the three-factor
rule, read from the rows of `bpbook.three_factor_table`). While a layer of weights
before the last is worked on, the other layers are hidden, as in the lesson's slides.
A step shows every slope at once, and, given the updated network, a last step shows
the update. Nothing is computed here: the caller passes what the engine computed.

Examples
--------
>>> from bpbook import backward, forward, lesson, three_factor_table, update_weights
>>> from bpbook.figures import backprop_steps
>>> network = lesson.deeper_network()
>>> fp = forward(network, lesson.DEEPER_INPUTS)
>>> slopes = backward(fp, lesson.DEEPER_TARGET)
>>> table = three_factor_table(network, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
>>> steps = backprop_steps(
...     fp, slopes, table,
...     learning_rate=0.01, updated=update_weights(network, slopes, 0.01),
...     unseen_weights=[(1, 0, 0), (1, 0, 1)],
... )
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
Update with learning rate 0.01: every weight minus 0.01 × its slope, e.g. 2 − 0.01 × 18 =
  1.82; the output weights become 0.94 and 1.82; the weights of the first layer become
  0.94 and 2.88; the weights drawn as w=any do not change (their slopes are 0).
"""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpbook.backprop import ForwardPass, Slopes
from bpbook.checks import InputError, InputTypeError, check_positive_finite
from bpbook.figures.content import check_slopes_match, check_weight_keys
from bpbook.figures.diagram import network_svg
from bpbook.figures.svg import SVG
from bpbook.figures.theme import format_number
from bpbook.figures.words import and_list, node_name, product, sentence, weight_name
from bpbook.network import Network
from bpbook.three_factor import ThreeFactorRow

__all__ = ["Step", "backprop_steps"]


@dataclass(frozen=True)
class Step:
    """One step of working through backward propagation by hand.

    Attributes
    ----------
    title : str
        Short title, e.g. ``"Slope of the output node"``.
    caption : str
        One line with the product being computed, e.g. ``"... = 3 × 6 × 1 = 18."``;
        its numbers come from bpbook.
    svg : SVG
        The network as it stands after this step.
    """

    title: str
    caption: str
    svg: SVG


@dataclass
class _Walk:
    """What the step-through draws from, and the slopes found so far."""

    forward_pass: ForwardPass
    slopes: Slopes
    rows: dict[tuple[int, int, int], ThreeFactorRow]
    unseen: frozenset[tuple[int, int, int]]
    known: set[tuple[int, ...]] = field(default_factory=set)

    @property
    def network(self) -> Network:
        return self.forward_pass.network

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.network.layer_sizes

    @property
    def last(self) -> int:
        return len(self.sizes) - 1

    def draw(self, **options: Any) -> SVG:
        """The network with the slopes found so far."""
        return network_svg(
            self.network,
            self.forward_pass,
            self.slopes,
            only_slopes=set(self.known),
            unseen_weights=self.unseen,
            **options,
        )

    def weight_keys(self, k: int) -> list[tuple[int, int, int]]:
        return [(k, i, j) for i in range(self.sizes[k - 1]) for j in range(self.sizes[k])]


def _rows_by_weight(
    table: Iterable[ThreeFactorRow], forward_pass: ForwardPass, slopes: Slopes
) -> dict[tuple[int, int, int], ThreeFactorRow]:
    """The table's rows by weight, checked to belong to this pass and these slopes."""
    rows = {(r.layer, r.from_node, r.to_node): r for r in table}
    sizes = forward_pass.network.layer_sizes
    expected = {(k, i, j) for k in range(1, len(sizes)) for i in range(sizes[k - 1])
                for j in range(sizes[k])}  # fmt: skip
    if set(rows) != expected or any(
        row.backprop_slope != slopes.weight_slopes[k - 1][i, j]
        or row.value_feeding_in != forward_pass.node_values[k - 1][i]
        for (k, i, j), row in rows.items()
    ):
        raise InputError(
            "table: expected the three_factor_table of the same network, example and "
            "targets as forward_pass and slopes"
        )
    return rows


def _check(forward_pass: ForwardPass, slopes: Slopes) -> None:
    if not isinstance(forward_pass, ForwardPass):
        raise InputTypeError(
            "forward_pass: expected the ForwardPass returned by forward(), "
            f"got {type(forward_pass).__name__}"
        )
    if forward_pass.is_batch:
        raise InputError(
            f"forward_pass: expected a pass for one example of shape "
            f"({forward_pass.network.n_inputs},), got a batch of shape "
            f"{forward_pass.node_values[0].shape}"
        )
    if not isinstance(slopes, Slopes):
        raise InputTypeError(
            f"slopes: expected the Slopes returned by backward(), got {type(slopes).__name__}"
        )
    check_slopes_match(forward_pass, slopes)


def _forward_step(walk: _Walk) -> Step:
    fp, sizes, last, network = walk.forward_pass, walk.sizes, walk.last, walk.network
    hidden_values = [" and ".join(format_number(v) for v in fp.node_values[k])
                     for k in range(1, last)]  # fmt: skip
    output_sums = []
    for j in range(sizes[-1]):
        terms = " + ".join(
            f"{format_number(fp.node_values[last - 1][i])} × "
            f"{format_number(network.weights[-1][i, j])}"
            for i in range(sizes[-2])
        )
        output_sums.append(f"{terms} = {format_number(fp.node_inputs[-1][j])}")
    bias_note = "" if network.biases[-1] is None else " (plus the bias)"
    hidden_part = (
        f"the hidden node values are {'; then '.join(hidden_values)}; " if hidden_values else ""
    )
    if sizes[-1] == 1 and network.activations[-1].name == "identity":
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
    return Step("Forward pass", caption, walk.draw(show=("values", "weights")))


def _output_slope_steps(walk: _Walk) -> Iterable[Step]:
    """The slope of the loss with respect to each output node: 2 × error."""
    prediction, error = walk.forward_pass.prediction, walk.slopes.error
    for j in range(walk.sizes[-1]):
        walk.known.add((walk.last, j))
        name = node_name(walk.sizes, walk.last, j)
        target = format_number(float(prediction[j]) - float(error[j]))
        caption = (
            f"Slope of the loss with respect to the {name}: 2 × error = "
            f"2 × ({format_number(prediction[j])} - {target}) = "
            f"{format_number(walk.slopes.node_slopes[-1][j])}."
        )
        if walk.network.is_classifier:  # softmax + cross-entropy: factors 2 and 3 merged
            caption = (
                f"Slope of the loss with respect to the {name}'s input (softmax with "
                f"cross-entropy): probability - target = {format_number(prediction[j])} - "
                f"{target} = {format_number(walk.slopes.node_slopes[-1][j])}."
            )
        yield Step(f"Slope of the {name}", caption, walk.draw(show=("values", "weights", "slopes")))


def _hidden_node_step(walk: _Walk, k: int, j: int) -> Step:
    """The slope of hidden node ``j`` of node layer ``k``: a sum over its outgoing weights."""
    walk.known.add((k, j))
    slopes, weights = walk.slopes, walk.network.weights
    products = [
        product((weights[k][j, m], slopes.node_slopes[k][m], slopes.activation_slopes[k][m]))
        for m in range(walk.sizes[k + 1])
    ]
    name = node_name(walk.sizes, k, j)
    rule = (
        "outgoing weight × slope of the node it feeds × activation slope there"
        if len(products) == 1
        else "the sum, over its outgoing weights, of weight × slope of the "
        "node it feeds × activation slope there"
    )
    caption = (
        f"Slope of the {name}: {rule} = {' + '.join(products)} = "
        f"{format_number(slopes.node_slopes[k - 1][j])}."
    )
    hide = tuple(m for m in range(1, walk.last + 1) if m not in (k, k + 1))
    return Step(f"Slope of the {name}", caption, walk.draw(hide_layers=hide, highlight_node=(k, j)))


def _weight_step(walk: _Walk, row: ThreeFactorRow) -> Step:
    """The slope of one weight: the three factors of its row, and their product."""
    k, i, j = row.layer, row.from_node, row.to_node
    walk.known.add((k, i, j))
    factors = (row.value_feeding_in, row.slope_of_node_fed, row.activation_slope)
    what = weight_name(walk.sizes, k, i, j)
    caption = f"Slope of {what}: {product(factors)} = {format_number(row.backprop_slope)}."
    others = tuple(m for m in range(1, walk.last + 1) if m != k) if k < walk.last else ()
    return Step(
        sentence(f"slope of {what}"), caption, walk.draw(hide_layers=others, highlight=(k, i, j))
    )


def _backward_steps(walk: _Walk) -> Iterable[Step]:
    """Back through the layers of weights, last first: nodes, then their weights."""
    for k in range(walk.last, 0, -1):
        for j in range(walk.sizes[k]):
            if k < walk.last:
                yield _hidden_node_step(walk, k, j)
            for i in range(walk.sizes[k - 1]):
                yield _weight_step(walk, walk.rows[(k, i, j)])


def _listing(
    walk: _Walk, numbers: Sequence[Any], verb: str, skip: Collection[tuple[int, ...]] = ()
) -> str:
    """E.g. ``"the output weights have slopes 6 and 18; the weights of the first ..."``."""
    parts = []
    for k in range(walk.last, 0, -1):
        said = [format_number(numbers[k - 1][i, j]) for (_, i, j) in walk.weight_keys(k)
                if (k, i, j) not in skip]  # fmt: skip
        if not said:
            continue
        which = (
            "the output weights"
            if k == walk.last
            else "the weights of the first layer"
            if k == 1
            else f"the weights of layer {k}"
        )
        parts.append(f"{which} {verb} {and_list(said)}")
    return "; ".join(parts)


def _every_slope_step(walk: _Walk) -> Step:
    listing = _listing(walk, walk.slopes.weight_slopes, "have slopes")
    svg = network_svg(walk.network, walk.forward_pass, walk.slopes, unseen_weights=walk.unseen)
    return Step("Every slope", f"Every slope: {listing}.", svg)


def _update_step(walk: _Walk, learning_rate: float, updated: Network) -> Step:
    """The weights after one update, with the biggest slope's update written out."""
    # Unseen weights with slope 0 keep their value; the caption says so instead.
    still = {key for key in walk.unseen if walk.rows[key].backprop_slope == 0}
    row = max(walk.rows.values(), key=lambda r: abs(r.backprop_slope))
    k, i, j = row.layer, row.from_node, row.to_node
    rate = format_number(learning_rate)
    example = (
        f"{format_number(row.weight)} − {rate} × {format_number(row.backprop_slope)} = "
        f"{format_number(updated.weights[k - 1][i, j])}"
    )
    caption = (
        f"Update with learning rate {rate}: every weight minus {rate} × its slope, "
        f"e.g. {example}; {_listing(walk, updated.weights, 'become', skip=still)}"
        + ("; the weights drawn as w=any do not change (their slopes are 0)." if still else ".")
    )
    svg = network_svg(
        updated,
        show=("weights",),
        unseen_weights=walk.unseen,
        title="The network after one update",
        description=f"The weights after one update with learning rate {rate}.",
    )
    return Step("The update", caption, svg)


def _check_update(walk: _Walk, learning_rate: float | None, updated: Network | None) -> None:
    """The updated network must be this network after the update its caption describes."""
    if (learning_rate is None) != (updated is None):
        raise InputError(
            "learning_rate and updated: give both (for the update step) or neither, "
            f"got learning_rate={learning_rate!r:.60} and updated={type(updated).__name__}"
        )
    if updated is None or learning_rate is None:
        return
    learning_rate = check_positive_finite(learning_rate, "learning_rate")
    if not isinstance(updated, Network) or updated.layer_sizes != walk.sizes:
        raise InputError(
            f"updated: expected the {'-'.join(map(str, walk.sizes))} network after the "
            f"update, got {updated!r:.80}"
        )
    for k, (before, after) in enumerate(zip(walk.network.weights, updated.weights, strict=True)):
        if not np.allclose(after, before - learning_rate * walk.slopes.weight_slopes[k]):
            raise InputError(
                f"updated: expected the weights minus learning_rate {learning_rate} times "
                f"their slopes; layer {k + 1} differs"
            )


def backprop_steps(
    forward_pass: ForwardPass,
    slopes: Slopes,
    table: Iterable[ThreeFactorRow],
    *,
    learning_rate: float | None = None,
    updated: Network | None = None,
    unseen_weights: Collection[Sequence[int]] = (),
) -> list[Step]:
    """Backward propagation by hand, one number at a time, as a list of drawings.

    Parameters
    ----------
    forward_pass : ForwardPass
        `forward` of the network on one example.
    slopes : Slopes
        `backward` of that forward pass.
    table : ThreeFactorTable or iterable of ThreeFactorRow
        `three_factor_table` of the same network, example and targets: the weight
        steps show its rows.
    learning_rate : float, optional
        With ``updated``: a last step shows the update with this learning rate.
    updated : Network, optional
        `update_weights` of the network with ``slopes`` and ``learning_rate``.
    unseen_weights : collection of (layer, from_node, to_node)
        Weights drawn dashed as ``w=any`` (see `network_svg`).

    Returns
    -------
    list of Step
        See the module's example for the lesson's steps.
    """
    _check(forward_pass, slopes)
    sizes = forward_pass.network.layer_sizes
    unseen = check_weight_keys("unseen_weights", unseen_weights, sizes)
    walk = _Walk(forward_pass, slopes, _rows_by_weight(table, forward_pass, slopes), unseen)
    _check_update(walk, learning_rate, updated)
    steps = [_forward_step(walk), *_output_slope_steps(walk), *_backward_steps(walk)]
    steps.append(_every_slope_step(walk))
    if learning_rate is not None and updated is not None:
        steps.append(_update_step(walk, learning_rate, updated))
    return steps

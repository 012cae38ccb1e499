"""The three-factor slope rule, as data.

For any weight, the slope of the loss with respect to that weight is the
product of three factors:

1. the value of the node that feeds into the weight;
2. the slope of the loss with respect to the node the weight feeds into;
3. the slope of the activation function at the node being fed into.

`three_factor_table` lists the three factors and their product for
every weight of a network on one example, next to the slope that backward
propagation found, so a learner can read the rule off real numbers and a
program can check it.

At a softmax output with cross-entropy (a classifier), factors 2 and 3 merge: the
slope of the loss w.r.t. an output node's *input* is ``p - t``, the node's
probability minus its target (1 for the right class, else 0). The rows of the
output layer then hold ``p - t`` as factor 2 and 1 as factor 3, and the table says
so under its numbers (`ThreeFactorTable.note`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from bpbook.backprop import ForwardPass, Slopes, backward, forward
from bpbook.checks import FloatArray, InputError, InputTypeError
from bpbook.network import Network

__all__ = ["ThreeFactorRow", "ThreeFactorTable", "three_factor_table", "three_factors"]


class ThreeFactorRow:
    """The three factors of one weight's slope.

    Two rows are equal when all nine numbers are; rows can be hashed (put in a set).

    Attributes
    ----------
    layer : int
        The weight's layer ``k``, 1 to L: its weights feed layer ``k`` from
        layer ``k - 1`` (layer 1 leaves the input layer 0).
    from_node, to_node : int
        The weight joins node ``from_node`` of layer ``layer - 1`` to node
        ``to_node`` of layer ``layer`` (counting from 0, top to bottom).
    weight : float
    value_feeding_in : float
        Factor 1: the node value of ``from_node``.
    slope_of_node_fed : float
        Factor 2: the slope of the loss w.r.t. the node value of ``to_node``. At a
        softmax output: ``p - t``, factors 2 and 3 merged (the slope w.r.t. the node
        input).
    activation_slope : float
        Factor 3: the activation's slope at ``to_node`` (1 at a softmax output).
    product : float
        Factor 1 x factor 2 x factor 3.
    backprop_slope : float
        The weight's slope as `backward` computed it.
    """

    __slots__ = (
        "_activation_slope",
        "_backprop_slope",
        "_from_node",
        "_layer",
        "_product",
        "_slope_of_node_fed",
        "_to_node",
        "_value_feeding_in",
        "_weight",
    )

    def __init__(
        self,
        layer: int,
        from_node: int,
        to_node: int,
        weight: float,
        value_feeding_in: float,
        slope_of_node_fed: float,
        activation_slope: float,
        product: float,
        backprop_slope: float,
    ) -> None:
        """Keep the nine numbers as given (`three_factor_table` makes these)."""
        self._layer = layer
        self._from_node = from_node
        self._to_node = to_node
        self._weight = weight
        self._value_feeding_in = value_feeding_in
        self._slope_of_node_fed = slope_of_node_fed
        self._activation_slope = activation_slope
        self._product = product
        self._backprop_slope = backprop_slope

    @property
    def layer(self) -> int:
        """The weight's layer ``k``, 1 to L: it feeds layer ``k`` from layer ``k - 1``."""
        return self._layer

    @property
    def from_node(self) -> int:
        """The node of layer ``layer - 1`` the weight leaves (counting from 0, top to bottom)."""
        return self._from_node

    @property
    def to_node(self) -> int:
        """The node of layer ``layer`` the weight feeds (counting from 0, top to bottom)."""
        return self._to_node

    @property
    def weight(self) -> float:
        """The weight itself."""
        return self._weight

    @property
    def value_feeding_in(self) -> float:
        """Factor 1: the node value of ``from_node``."""
        return self._value_feeding_in

    @property
    def slope_of_node_fed(self) -> float:
        """Factor 2: the slope of the loss w.r.t. the node value of ``to_node``."""
        return self._slope_of_node_fed

    @property
    def activation_slope(self) -> float:
        """Factor 3: the activation's slope at ``to_node``."""
        return self._activation_slope

    @property
    def product(self) -> float:
        """Factor 1 x factor 2 x factor 3."""
        return self._product

    @property
    def backprop_slope(self) -> float:
        """The weight's slope as `backward` computed it."""
        return self._backprop_slope

    def _values(self) -> tuple[float, ...]:
        """The nine numbers, in the order of the constructor's arguments."""
        return (
            self._layer,
            self._from_node,
            self._to_node,
            self._weight,
            self._value_feeding_in,
            self._slope_of_node_fed,
            self._activation_slope,
            self._product,
            self._backprop_slope,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ThreeFactorRow) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        named = (
            f"{name}={value!r}" for (name, _), value in zip(_COLUMNS, self._values(), strict=True)
        )
        return f"ThreeFactorRow({', '.join(named)})"


_COLUMNS = (
    ("layer", "layer"),
    ("from_node", "from"),
    ("to_node", "to"),
    ("weight", "weight"),
    ("value_feeding_in", "value in"),
    ("slope_of_node_fed", "node slope"),
    ("activation_slope", "act. slope"),
    ("product", "product"),
    ("backprop_slope", "backprop"),
)


def _number(x: float) -> str:
    text = f"{x:.6g}"
    return "0" if text == "-0" else text


class ThreeFactorTable:
    """Rows of `ThreeFactorRow`, one per weight; prints as a readable table.

    Iterate over it, index it, or call `as_array` for the numbers. Two tables are
    equal when their rows are; tables can be hashed.

    Attributes
    ----------
    rows : tuple of ThreeFactorRow
        One row per weight, by layer, then ``from_node``, then ``to_node``.
    note : str
        A line printed under the table ("" for none): for a classifier, how its output
        rows hold ``p - t``.
    """

    __slots__ = ("_note", "_rows")

    def __init__(self, rows: tuple[ThreeFactorRow, ...], note: str = "") -> None:
        """Keep the rows and the note as given (`three_factor_table` makes these)."""
        self._rows = rows
        self._note = note

    @property
    def note(self) -> str:
        """A line printed under the table ("" for none)."""
        return self._note

    @property
    def rows(self) -> tuple[ThreeFactorRow, ...]:
        """One row per weight, by layer, then ``from_node``, then ``to_node``."""
        return self._rows

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ThreeFactorTable) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._rows == other._rows

    def __hash__(self) -> int:
        return hash((self._rows,))

    def __repr__(self) -> str:
        layers = sorted({row.layer for row in self._rows})
        which = f" of layers {layers[0]} to {layers[-1]}" if layers else ""
        return f"ThreeFactorTable({len(self._rows)} rows, one per weight{which})"

    def __iter__(self) -> Iterator[ThreeFactorRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> ThreeFactorRow:
        return self.rows[index]

    def as_array(self) -> FloatArray:
        """The table as a float array, one row per weight, columns as in `columns`."""
        return np.array([[float(getattr(row, name)) for name, _ in _COLUMNS] for row in self.rows])

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the columns of `as_array`."""
        return tuple(name for name, _ in _COLUMNS)

    def __str__(self) -> str:
        header = [title for _, title in _COLUMNS]
        body = [
            [
                _number(getattr(row, name))
                if name not in ("layer", "from_node", "to_node")
                else str(getattr(row, name))
                for name, _ in _COLUMNS
            ]
            for row in self.rows
        ]
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
        lines = [
            "  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True))
            for r in [header, *body]
        ]
        return "\n".join([*lines, self._note] if self._note else lines)


def three_factor_table(network: Network, inputs: Any, targets: Any) -> ThreeFactorTable:
    """The three factors of every weight's slope, for one example.

    Parameters
    ----------
    network : Network
    inputs : array-like of shape (n_inputs,)
        One example. (For a batch, a weight's slope is the mean over the
        examples of these per-example products.)
    targets : array-like of shape (n_outputs,), or a number for one output

    Returns
    -------
    ThreeFactorTable
        Rows ordered by layer, then ``from_node``, then ``to_node``.

    Raises
    ------
    ValueError
        If ``inputs`` is a batch, or has the wrong width.

    Examples
    --------
    >>> from bpbook import lesson, three_factor_table
    >>> table = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    >>> print(table)
    layer  from  to  weight  value in  node slope  act. slope  product  backprop
        1     0   0       1         0           6           1        0         0
        1     0   1       1         0          12           1        0         0
        1     1   0       1         1           6           1        6         6
        1     1   1       3         1          12           1       12        12
        2     0   0       1         1           6           1        6         6
        2     1   0       2         3           6           1       18        18
    """
    fp = forward(network, inputs)
    if fp.is_batch:
        raise InputError(
            "inputs: expected one example of shape "
            f"({network.n_inputs},), got a batch of shape {fp.node_values[0].shape}"
        )
    slopes = backward(fp, targets)
    rows = [
        row
        for k in range(1, len(network.weights) + 1)
        for row in _rows_of_layer(k, network.weights[k - 1], fp, slopes)
    ]
    note = ""
    if network.is_classifier:
        note = (
            f"layer {len(network.weights)} (softmax + cross-entropy): node slope = p - t "
            "(probability minus target), factors 2 and 3 merged; act. slope = 1"
        )
    return ThreeFactorTable(tuple(rows), note)


def _rows_of_layer(
    k: int, weights: FloatArray, fp: ForwardPass, slopes: Slopes
) -> Iterator[ThreeFactorRow]:
    """The rows of the weights of layer ``k`` (from layer ``k - 1`` to layer ``k``)."""
    values_in = fp.node_values[k - 1]
    node_slopes = slopes.node_slopes[k - 1]
    activation_slopes = slopes.activation_slopes[k - 1]
    for i in range(weights.shape[0]):
        for j in range(weights.shape[1]):
            factors = (float(values_in[i]), float(node_slopes[j]), float(activation_slopes[j]))
            yield ThreeFactorRow(
                layer=k,
                from_node=i,
                to_node=j,
                weight=float(weights[i, j]),
                value_feeding_in=factors[0],
                slope_of_node_fed=factors[1],
                activation_slope=factors[2],
                # Grouped as backprop groups it, value x (node slope x activation
                # slope): an activation slope of 0 gives 0, even where value x node
                # slope alone would overflow (inf x 0 would be NaN).
                product=factors[0] * (factors[1] * factors[2]),
                backprop_slope=float(slopes.weight_slopes[k - 1][i, j]),
            )


def three_factors(
    network: Network, inputs: Any, targets: Any, *, layer: int, from_node: int, to_node: int
) -> ThreeFactorRow:
    """The three factors of one weight's slope (see `three_factor_table`).

    Examples
    --------
    >>> from bpbook import lesson, three_factors
    >>> row = three_factors(
    ...     lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0, layer=2, from_node=1, to_node=0
    ... )
    >>> row.value_feeding_in, row.slope_of_node_fed, row.activation_slope, row.product
    (3.0, 6.0, 1.0, 18.0)
    """
    sizes = network.layer_sizes
    for name, value, upper in (
        ("layer", layer, len(sizes) - 1),
        ("from_node", from_node, None),
        ("to_node", to_node, None),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputTypeError(f"{name}: expected an int, got {value!r:.60}")
        if upper is not None and not 1 <= value <= upper:
            raise InputError(f"layer: expected 1 to {upper} (layers of weights), got {value}")
    if not 0 <= from_node < sizes[layer - 1]:
        raise InputError(
            f"from_node: expected 0 to {sizes[layer - 1] - 1} (nodes of layer {layer - 1}), "
            f"got {from_node}"
        )
    if not 0 <= to_node < sizes[layer]:
        raise InputError(
            f"to_node: expected 0 to {sizes[layer] - 1} (nodes of layer {layer}), got {to_node}"
        )
    table = three_factor_table(network, inputs, targets)
    for row in table:
        if (row.layer, row.from_node, row.to_node) == (layer, from_node, to_node):
            return row
    raise AssertionError("unreachable: every weight has a row")  # pragma: no cover

"""The three-factor rule as data: product equals backprop's slope."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpbook import Network, backward, forward, lesson, three_factor_table, three_factors


@settings(max_examples=80, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    seed=st.integers(0, 2**32 - 1),
    hidden=st.sampled_from(["relu", "sigmoid", "tanh", "identity"]),
    output=st.sampled_from(["relu", "sigmoid", "tanh", "identity"]),
)
def test_three_factor_product_equals_backprop_slope_for_random_networks(
    sizes: list[int], seed: int, hidden: str, output: str
) -> None:
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, rng, hidden=hidden, output=output)
    x, t = rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])
    table = three_factor_table(net, x, t)
    slopes = backward(forward(net, x), t)
    assert len(table) == sum(w.size for w in net.weights)
    for row in table:
        expected = slopes.weight_slopes[row.layer - 1][row.from_node, row.to_node]
        assert row.backprop_slope == expected
        assert row.product == pytest.approx(expected, rel=1e-12, abs=1e-15), row


def test_table_prints_a_header_and_one_line_per_weight() -> None:
    table = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    lines = str(table).splitlines()
    assert lines[0].split() == [
        "layer",
        "from",
        "to",
        "weight",
        "value",
        "in",
        "node",
        "slope",
        "act.",
        "slope",
        "product",
        "backprop",
    ]
    assert len(lines) == 1 + 6


def test_table_as_array_has_named_columns() -> None:
    table = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    array = table.as_array()
    assert array.shape == (6, len(table.columns))
    product = array[:, table.columns.index("product")]
    assert product.tolist() == [0.0, 0.0, 6.0, 12.0, 6.0, 18.0]


def test_three_factor_table_refuses_a_batch() -> None:
    with pytest.raises(ValueError, match=r"inputs: expected one example of shape \(2,\)"):
        three_factor_table(lesson.deeper_network(), np.ones((3, 2)), np.ones(3))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"layer": 0, "from_node": 0, "to_node": 0}, r"layer: expected 1 to 2"),
        ({"layer": 3, "from_node": 0, "to_node": 0}, r"layer: expected 1 to 2"),
        ({"layer": 2, "from_node": 2, "to_node": 0}, r"from_node: expected 0 to 1"),
        ({"layer": 2, "from_node": 0, "to_node": 1}, r"to_node: expected 0 to 0"),
    ],
)
def test_three_factors_names_a_bad_weight_index(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        three_factors(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0, **kwargs)


def test_a_flat_activation_gives_a_zero_product_even_for_a_huge_value_feeding_in() -> None:
    """Found by the fuzz test: 1e308 x 8 overflows, and inf x 0 would be NaN."""
    network = Network([[[1.0]], [[2.0]]], activations=["sigmoid", "identity"])
    row = three_factors(network, [1e308], 0.0, layer=1, from_node=0, to_node=0)
    assert row.value_feeding_in == 1e308 and row.activation_slope == 0.0
    assert row.product == 0.0 == row.backprop_slope

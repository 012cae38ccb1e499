"""bpbook.figures.steps: the step-through shows the engine's numbers, in the lesson's order."""

# The multiplication sign × is the book's notation for products (3 × 6 × 1 = 18).
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re

import numpy as np
import pytest

from bpbook import (
    Network,
    ThreeFactorRow,
    backward,
    forward,
    lesson,
    three_factor_table,
    three_factors,
    update_weights,
)
from bpbook.figures import backprop_steps, format_number
from tests.bpbook.figures.reading import (
    edges,
    factors,
    lesson_steps,
    parse,
    random_case,
    with_class,
)

PRODUCT = re.compile(r"(-?[\d.]+) × (-?[\d.]+) × (-?[\d.]+) = (-?[\d.]+)\.$")


def test_backprop_steps_follow_the_lesson_and_take_their_numbers_from_bpbook() -> None:
    net = lesson.deeper_network()
    table = three_factor_table(net, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    rows = {(r.layer, r.from_node, r.to_node): r for r in table}
    steps = lesson_steps()
    assert len(steps) == 11
    assert steps[0].caption.endswith("1 × 1 + 3 × 2 = 7.")
    assert steps[1].caption.endswith("2 × error = 2 × (7 - 4) = 6.")
    weight_steps = 0
    for step in steps:
        root = parse(step.svg)
        highlighted = with_class(root, "bp-highlighted")
        if len(highlighted) != 1 or not with_class(root, "bp-weight-slope"):
            continue
        if not step.title.startswith("Slope of the weight"):
            continue
        (g,) = highlighted
        key = (int(g.get("data-layer", "")), int(g.get("data-from", "")), int(g.get("data-to", "")))
        row = rows[key]
        match = PRODUCT.search(step.caption)
        assert match, step.caption
        a, b, c, d = (float(n) for n in match.groups())
        assert (a, b, c, d) == (
            row.value_feeding_in,
            row.slope_of_node_fed,
            row.activation_slope,
            row.product,
        )
        assert factors(root) == {"1": a, "2": b, "3": c}
        weight_steps += 1
    assert weight_steps == 6
    # The lesson's order: last weights (6, 18), then one layer back (0, 6, 0, 12).
    products = [m[4] for s in steps if (m := PRODUCT.search(s.caption))]
    assert products == ["6", "18", "6", "0", "6", "12", "0", "12"]
    assert "2 × 6 × 1 = 12" in steps[7].caption, "the bottom hidden node's slope is 12"


def test_backprop_steps_hide_the_other_layers_one_layer_back() -> None:
    steps = lesson_steps()
    for step in steps[5:7] + steps[8:10]:
        root = parse(step.svg)
        assert {k[0] for k in edges(root)} == {1}, step.title


def test_backprop_steps_show_only_slopes_computed_so_far() -> None:
    steps = lesson_steps()
    assert "data-slope" not in steps[0].svg
    root = parse(steps[2].svg)  # the top output weight: 1 × 6 × 1 = 6
    assert [float(e.get("data-value", "nan")) for e in with_class(root, "bp-weight-slope")] == [6]


def test_update_step_uses_update_weights() -> None:
    steps = lesson_steps(learning_rate=0.01)
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    updated = update_weights(net, backward(fp, lesson.DEEPER_TARGET), 0.01)
    root = parse(steps[-1].svg)
    for (k, i, j), g in edges(root).items():
        assert float(g.get("data-weight", "nan")) == updated.weights[k - 1][i, j]
    assert "2 − 0.01 × 18 = 1.82" in steps[-1].caption


def test_backprop_steps_work_for_a_random_network() -> None:
    net, x, t, fp, slopes = random_case((3, 2, 2, 1), 7)
    steps = backprop_steps(fp, slopes, three_factor_table(net, x, t))
    for row in three_factors_all(net, x, t):
        assert any(
            f"{format_number(row.value_feeding_in)} × {format_number(row.slope_of_node_fed)} × "
            f"{format_number(row.activation_slope)} = {format_number(row.product)}" in s.caption
            for s in steps
        )
    assert len(steps) == 1 + 1 + (2 + 2 * (1 + 2) + 2 * (1 + 3)) + 1


def three_factors_all(net: Network, x: object, t: object) -> list[ThreeFactorRow]:
    sizes = net.layer_sizes
    return [
        three_factors(net, x, t, layer=k, from_node=i, to_node=j)
        for k in range(1, len(sizes))
        for i in range(sizes[k - 1])
        for j in range(sizes[k])
    ]


def test_the_caption_of_a_weight_step_is_its_three_factor_row() -> None:
    # Each weight's step writes out exactly the row of the table passed in.
    net, x, t, fp, slopes = random_case((2, 3, 2), 3)
    table = three_factor_table(net, x, t)
    captions = [s.caption for s in backprop_steps(fp, slopes, table)]
    for row in table:
        wanted = (
            f"{format_number(row.value_feeding_in)} × {format_number(row.slope_of_node_fed)} × "
            f"{format_number(row.activation_slope)} = {format_number(row.backprop_slope)}."
        )
        assert sum(c.endswith(wanted) for c in captions) >= 1, wanted


def test_a_table_of_another_example_is_refused() -> None:
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    slopes = backward(fp, lesson.DEEPER_TARGET)
    other = three_factor_table(net, [1.0, 1.0], lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match="table: expected the three_factor_table"):
        backprop_steps(fp, slopes, other)
    with pytest.raises(ValueError, match="table"):
        backprop_steps(fp, slopes, list(three_factor_table(net, lesson.DEEPER_INPUTS, 4.0))[:-1])


def test_an_update_needs_its_learning_rate_and_the_matching_network() -> None:
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    slopes = backward(fp, lesson.DEEPER_TARGET)
    table = three_factor_table(net, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match="learning_rate and updated: give both"):
        backprop_steps(fp, slopes, table, learning_rate=0.01)
    with pytest.raises(ValueError, match="learning_rate and updated: give both"):
        backprop_steps(fp, slopes, table, updated=update_weights(net, slopes, 0.01))
    with pytest.raises(ValueError, match="updated: expected the weights minus learning_rate"):
        backprop_steps(
            fp, slopes, table, learning_rate=0.02, updated=update_weights(net, slopes, 0.01)
        )
    with pytest.raises(ValueError, match="updated: expected the 2-2-1 network"):
        backprop_steps(
            fp,
            slopes,
            table,
            learning_rate=0.01,
            updated=Network.random((2, 1), np.random.default_rng(0)),
        )


def test_a_batch_forward_pass_is_refused() -> None:
    net = lesson.deeper_network()
    fp = forward(net, [[0.0, 1.0], [1.0, 0.0]])
    slopes = backward(fp, [[4.0], [4.0]])
    table = three_factor_table(net, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    with pytest.raises(ValueError, match="forward_pass: expected a pass for one example"):
        backprop_steps(fp, slopes, table)


def test_without_an_update_the_last_step_shows_every_slope() -> None:
    steps = lesson_steps()
    assert len(steps) == 11 and steps[-1].title == "Every slope"
    assert len(lesson_steps(learning_rate=0.01)) == 12
    root = parse(steps[-1].svg)
    assert {k: float(g.get("data-slope", "nan")) for k, g in edges(root).items()} == {
        (1, 0, 0): 0,
        (1, 0, 1): 0,
        (1, 1, 0): 6,
        (1, 1, 1): 12,
        (2, 0, 0): 6,
        (2, 1, 0): 18,
    }
    assert len(with_class(root, "bp-unseen")) == 2, "the weights the lesson leaves open"


def test_a_classifiers_output_step_says_probability_minus_target() -> None:
    """Issue 18: at a softmax output the slope is p - t, never 2 times the error."""
    from bpbook import Network, backward, forward, three_factor_table
    from bpbook.figures import backprop_steps

    net = Network([[[1.0, 0.0, -1.0]]], output="softmax")
    fp = forward(net, [1.0])
    steps = backprop_steps(fp, backward(fp, 0), three_factor_table(net, [1.0], 0))
    captions = [step.caption for step in steps[1:4]]
    assert all("2 × error" not in caption for caption in captions)
    assert "probability - target = 0.665 - 1 = -0.335." in captions[0], captions[0]

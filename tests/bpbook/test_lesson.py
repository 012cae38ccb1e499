"""The lesson's own numbers (../shared/SLIDES.md), computed by bpbook."""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import (
    backward,
    check_gradients,
    forward,
    gradient_descent_step,
    lesson,
    squared_error,
    three_factors,
    update_weights,
)


@pytest.fixture
def deeper():  # type: ignore[no-untyped-def]
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    return net, fp, backward(fp, lesson.DEEPER_TARGET)


def test_deeper_network_forward_values_are_the_lessons(deeper) -> None:  # type: ignore[no-untyped-def]
    _, fp, _ = deeper
    assert fp.node_values[0].tolist() == [0.0, 1.0], "inputs 0 (top) and 1 (bottom)"
    assert fp.node_values[1].tolist() == [1.0, 3.0], "hidden node values 1 and 3"
    assert fp.prediction.tolist() == [7.0], "prediction 1*1 + 3*2 = 7"


def test_deeper_network_error_and_loss(deeper) -> None:  # type: ignore[no-untyped-def]
    _, fp, slopes = deeper
    assert slopes.error.tolist() == [3.0], "error = 7 - 4"
    assert slopes.loss == 9.0
    assert squared_error(fp.prediction, [lesson.DEEPER_TARGET]) == 9.0


def test_output_node_slope_is_two_times_error_six(deeper) -> None:  # type: ignore[no-untyped-def]
    _, _, slopes = deeper
    assert slopes.node_slopes[-1].tolist() == [6.0]
    assert slopes.activation_slopes[-1].tolist() == [1.0]


def test_last_weights_slopes_are_6_and_18(deeper) -> None:  # type: ignore[no-untyped-def]
    _, _, slopes = deeper
    assert slopes.weight_slopes[1].ravel().tolist() == [6.0, 18.0]


def test_hidden_node_slopes_are_6_and_12_not_18(deeper) -> None:  # type: ignore[no-untyped-def]
    _, _, slopes = deeper
    assert slopes.node_slopes[0].tolist() == [6.0, 12.0]


def test_one_layer_back_slopes_are_0_6_0_12(deeper) -> None:  # type: ignore[no-untyped-def]
    _, _, slopes = deeper
    # rows: input node "0" then input node "1"; columns: top, bottom hidden node
    assert slopes.weight_slopes[0].tolist() == [[0.0, 0.0], [6.0, 12.0]]


@pytest.mark.parametrize(
    ("layer", "from_node", "to_node", "factors", "product"),
    [
        (2, 0, 0, (1, 6, 1), 6),
        (2, 1, 0, (3, 6, 1), 18),
        (1, 0, 0, (0, 6, 1), 0),
        (1, 1, 0, (1, 6, 1), 6),
        (1, 0, 1, (0, 12, 1), 0),
        (1, 1, 1, (1, 12, 1), 12),
    ],
)
def test_three_factor_products_of_the_lesson(
    layer: int, from_node: int, to_node: int, factors: tuple[int, int, int], product: int
) -> None:
    row = three_factors(
        lesson.deeper_network(),
        lesson.DEEPER_INPUTS,
        lesson.DEEPER_TARGET,
        layer=layer,
        from_node=from_node,
        to_node=to_node,
    )
    got = (row.value_feeding_in, row.slope_of_node_fed, row.activation_slope)
    assert got == factors, f"expected factors {factors}, got {got}"
    assert row.product == product == row.backprop_slope


def test_finite_differences_confirm_12_for_the_bottom_hidden_weight() -> None:
    check = check_gradients(lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    assert check.numerical_slopes[0][1, 1] == pytest.approx(12.0, rel=1e-8)
    assert check.numerical_slopes[0][1, 1] != pytest.approx(18.0, rel=0.1)
    assert check.passed(1e-8)


def test_unseen_weights_do_not_change_values_or_slopes() -> None:
    from bpbook import Network

    base = lesson.deeper_network()
    other = Network([[[-5.0, 42.0], [1.0, 3.0]], [[1.0], [2.0]]])
    a = backward(forward(base, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    b = backward(forward(other, lesson.DEEPER_INPUTS), lesson.DEEPER_TARGET)
    for sa, sb in zip(a.weight_slopes, b.weight_slopes, strict=True):
        np.testing.assert_array_equal(sa, sb)


def test_single_weight_gradient_descent_slide() -> None:
    net = lesson.single_weight_network()
    fp = forward(net, lesson.SINGLE_WEIGHT_INPUT)
    slopes = backward(fp, lesson.SINGLE_WEIGHT_TARGET)
    assert fp.prediction.tolist() == [6.0]
    assert slopes.error.tolist() == [-4.0]
    assert slopes.node_slopes[-1].tolist() == [-8.0]
    assert slopes.weight_slopes[0].tolist() == [[-24.0]]
    new = update_weights(net, slopes, lesson.SINGLE_WEIGHT_LEARNING_RATE)
    assert new.weights[0][0, 0] == pytest.approx(2.24, abs=1e-12)


def test_two_weight_code_slide() -> None:
    net = lesson.two_weight_network()
    slopes = backward(forward(net, lesson.TWO_WEIGHT_INPUTS), lesson.TWO_WEIGHT_TARGET)
    assert slopes.error.tolist() == [5.0]
    assert slopes.weight_slopes[0].ravel().tolist() == [30.0, 40.0]
    new = gradient_descent_step(
        net, lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET, lesson.TWO_WEIGHT_LEARNING_RATE
    )
    np.testing.assert_allclose(new.weights[0].ravel(), [0.7, 1.6], atol=1e-12)
    new_error = backward(forward(new, lesson.TWO_WEIGHT_INPUTS), lesson.TWO_WEIGHT_TARGET).error
    assert new_error[0] == pytest.approx(2.5, abs=1e-12)


def test_lesson_constants_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        lesson.DEEPER_INPUTS[0] = 5.0


@pytest.mark.parametrize(
    "constant", [lesson.DEEPER_INPUTS, lesson.SINGLE_WEIGHT_INPUT, lesson.TWO_WEIGHT_INPUTS]
)
def test_lesson_constants_can_never_be_made_writeable_again(constant: np.ndarray) -> None:
    before = constant.tolist()
    with pytest.raises(ValueError, match="WRITEABLE"):
        constant.flags.writeable = True
    assert constant.tolist() == before


def test_lesson_exports_only_its_own_names() -> None:
    public = {name for name in vars(lesson) if not name.startswith("_")}
    assert public - {"annotations"} == set(lesson.__all__)
    assert not {"np", "check_positive_int", "check_rng"} & public


def test_toy_data_takes_an_int_seed_like_a_generator() -> None:
    a = lesson.toy_regression_data(20, 3)
    b = lesson.toy_regression_data(20, np.random.default_rng(3))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))

"""The loss: squared error, mean squared error, slope 2 x error."""

from __future__ import annotations

import numpy as np
import pytest

from bpbook import (
    CROSS_ENTROPY,
    SQUARED_ERROR,
    Network,
    backward,
    error,
    forward,
    mean_squared_error,
    slope_of_loss_wrt_prediction,
    softmax,
    squared_error,
)
from bpbook.loss import batch_loss, batch_loss_slope


def test_error_is_prediction_minus_target() -> None:
    assert float(error(7.0, 4.0)) == 3.0
    assert float(error(6.0, 10.0)) == -4.0


def test_a_plain_number_is_the_target_of_a_single_output() -> None:
    assert error([7.0], 4.0).tolist() == [3.0]
    assert squared_error([7.0], 4.0) == 9.0
    assert slope_of_loss_wrt_prediction([7.0], 4.0).tolist() == [6.0]


def test_one_example_with_several_outputs_is_a_batch_of_one_summed_over_outputs() -> None:
    assert mean_squared_error([[1.0, 2.0]], [[0.0, 0.0]]) == 5.0


def test_squared_error_of_several_values_refuses_and_points_to_the_mean() -> None:
    # issue 13: squared_error(flat_predictions, flat_targets) used to return the sum
    with pytest.raises(ValueError, match=r"got shape \(4,\); for the mean over a batch use mean"):
        squared_error([7.0, 2.0, 5.0, 1.0], [4.0, 3.0, 5.0, 3.0])


def test_mean_squared_error_takes_flat_arrays_and_mixed_single_output_shapes() -> None:
    p, t = [7.0, 2.0, 5.0, 1.0], [4.0, 3.0, 5.0, 3.0]
    expected = (9.0 + 1.0 + 0.0 + 4.0) / 4
    column = np.array(p).reshape(-1, 1)
    assert mean_squared_error(p, t) == expected
    assert mean_squared_error(column, t) == expected  # (n, 1) predictions, (n,) targets
    assert mean_squared_error(p, np.array(t).reshape(-1, 1)) == expected
    assert mean_squared_error(predictions=p, targets=t) == expected


def test_a_shape_mismatch_names_the_argument_order() -> None:
    with pytest.raises(ValueError, match=r"order is prediction, then target"):
        error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_slope_is_two_times_error_for_one_example() -> None:
    assert slope_of_loss_wrt_prediction(7.0, 4.0).tolist() == 6.0
    assert slope_of_loss_wrt_prediction([6.0], [10.0]).tolist() == [-8.0]


def test_mean_squared_error_and_its_slope_for_a_batch() -> None:
    p, t = np.array([[7.0], [2.0]]), np.array([[4.0], [3.0]])
    assert mean_squared_error(p, t) == 5.0
    assert slope_of_loss_wrt_prediction(p, t).tolist() == [[3.0], [-1.0]]  # 2 x error / 2


def test_slope_matches_a_nudge_of_the_prediction() -> None:
    p, t = np.array([[0.3, -1.2], [2.0, 0.5], [1.0, 1.0]]), np.zeros((3, 2))
    h = 1e-6
    numerical = np.empty_like(p)
    for index in np.ndindex(p.shape):
        up, down = p.copy(), p.copy()
        up[index] += h
        down[index] -= h
        numerical[index] = (mean_squared_error(up, t) - mean_squared_error(down, t)) / (2 * h)
    np.testing.assert_allclose(slope_of_loss_wrt_prediction(p, t), numerical, rtol=1e-7)


def test_squared_error_refuses_a_batch() -> None:
    with pytest.raises(ValueError, match="for the mean over a batch use mean_squared_error"):
        squared_error([[1.0], [2.0]], [[1.0], [2.0]])


# -- the core the engine calls: batch_loss and batch_loss_slope on checked errors ----


def test_batch_loss_is_the_mean_over_rows_of_each_rows_squared_error() -> None:
    errors = np.array([[3.0, 1.0], [-1.0, 0.0]])
    assert batch_loss(errors) == ((9.0 + 1.0) + 1.0) / 2


def test_batch_loss_slope_is_two_times_error_over_n() -> None:
    errors = np.array([[3.0], [-1.0], [2.0], [0.0]])
    assert batch_loss_slope(errors).tolist() == [[1.5], [-0.5], [1.0], [0.0]]
    assert batch_loss_slope(np.array([[3.0, -4.0]])).tolist() == [[6.0, -8.0]]


def test_the_checked_functions_are_the_core_on_a_batch_of_one() -> None:
    rng = np.random.default_rng(3)
    prediction, target = rng.normal(size=3), rng.normal(size=3)
    errors = (prediction - target).reshape(1, 3)
    assert mean_squared_error([prediction], [target]) == batch_loss(errors)
    assert squared_error(prediction[:1], target[:1]) == batch_loss(errors[:, :1])
    assert np.array_equal(
        slope_of_loss_wrt_prediction(prediction, target), batch_loss_slope(errors)[0]
    )


def test_the_checked_functions_are_the_core_on_a_batch() -> None:
    rng = np.random.default_rng(4)
    predictions, targets = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    assert mean_squared_error(predictions, targets) == batch_loss(predictions - targets)
    assert np.array_equal(
        slope_of_loss_wrt_prediction(predictions, targets), batch_loss_slope(predictions - targets)
    )


def test_backward_reports_the_same_loss_and_slope_as_the_core() -> None:
    rng = np.random.default_rng(5)
    network = Network.random((3, 4, 2), rng)
    inputs, targets = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    slopes = backward(forward(network, inputs), targets)
    errors = network.predict(inputs) - targets
    assert slopes.loss == batch_loss(errors) == mean_squared_error(network.predict(inputs), targets)
    assert np.array_equal(slopes.node_slopes[-1], batch_loss_slope(errors))


def test_the_core_does_not_change_its_argument() -> None:
    errors = np.array([[3.0], [-1.0]])
    batch_loss(errors)
    batch_loss_slope(errors)
    assert errors.tolist() == [[3.0], [-1.0]]


def test_value_slope_and_error_is_value_and_slope_plus_the_error() -> None:
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 3)) * 50
    p = softmax(z)
    targets = np.eye(3)[rng.integers(0, 3, 6)]
    for loss, predictions in ((SQUARED_ERROR, z), (CROSS_ENTROPY, p)):
        value, slope, errors = loss.value_slope_and_error(z, predictions, targets)
        expected_value, expected_slope = loss.value_and_slope(z, predictions, targets)
        assert value == expected_value
        np.testing.assert_array_equal(slope, expected_slope)
        np.testing.assert_array_equal(errors, predictions - targets)

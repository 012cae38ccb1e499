"""The one-example <-> batch edge of bpbook.checks (the argument checks are in test_bad_input)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from bpbook.checks import (
    BpbookError,
    InputError,
    InputTypeError,
    all_finite,
    as_batch,
    as_float_array,
    check_class_targets,
    check_finite_number,
    check_positive_finite,
    check_positive_int,
    check_rng,
    check_sequence,
    describe,
    first_example,
    read_only,
)


def test_one_example_becomes_a_batch_of_one_row_without_a_copy() -> None:
    example = np.array([0.0, 1.0, 2.0])
    batch = as_batch(example)
    assert batch.shape == (1, 3)
    assert np.shares_memory(batch, example)
    assert first_example(batch).tolist() == [0.0, 1.0, 2.0]


def test_a_batch_passes_through_unchanged() -> None:
    batch = np.arange(6.0).reshape(3, 2)
    assert as_batch(batch) is batch
    assert first_example(batch).tolist() == [0.0, 1.0]


# -- errors and check_rng -----------------------------------------------------------------


def test_bpbook_errors_are_also_the_builtin_errors() -> None:
    assert issubclass(InputError, BpbookError) and issubclass(InputError, ValueError)
    assert issubclass(InputTypeError, BpbookError) and issubclass(InputTypeError, TypeError)


def test_check_rng_takes_none_an_int_seed_or_a_generator() -> None:
    generator = np.random.default_rng(1)
    assert check_rng(generator) is generator
    assert check_rng(3).random() == np.random.default_rng(3).random()
    assert check_rng(np.uint8(3)).random() == np.random.default_rng(3).random()
    assert isinstance(check_rng(None), np.random.Generator)
    assert check_rng(None).random() != check_rng(None).random()


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        (True, InputTypeError, r"seed: expected None, an int seed or a numpy.random.Generator"),
        (-1, InputError, r"seed: expected a seed >= 0, got -1"),
        (1.5, InputTypeError, r"got float 1.5"),
        ("0", InputTypeError, r"got str '0'"),
        (np.random.RandomState(0), InputTypeError, r"got RandomState"),
    ],
    ids=["bool", "negative", "float", "text", "legacy RandomState"],
)
def test_check_rng_refuses_everything_else_naming_the_argument(
    value: object, kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        check_rng(value, "seed")


def test_numbers_accept_numpy_scalars_and_refuse_bools_text_and_none() -> None:
    assert check_positive_finite(np.float32(0.5), "learning_rate") == 0.5
    assert check_positive_finite(np.int64(2), "learning_rate") == 2.0
    assert check_positive_int(np.int32(3), "epochs") == 3
    for bad in (True, np.bool_(True), "1", None):
        with pytest.raises(InputTypeError, match="learning_rate: expected a positive finite"):
            check_positive_finite(bad, "learning_rate")
        with pytest.raises(InputTypeError, match="epochs: expected a positive integer"):
            check_positive_int(bad, "epochs")
        with pytest.raises(InputTypeError, match="tolerance: expected a finite number >= 0"):
            check_finite_number(bad, "tolerance", minimum=0.0)


def test_a_sequence_check_never_splits_text_into_characters() -> None:
    with pytest.raises(InputTypeError, match=r"activations: expected a sequence .* got str 'tanh'"):
        check_sequence("tanh", "activations", "activation names")


def test_descriptions_of_big_values_stay_short() -> None:
    assert describe(np.zeros((1000, 1000))) == "an array of shape (1000, 1000) and dtype float64"
    assert describe(list(range(10_000))) == "a list of 10000 items"
    assert len(describe("x" * 10_000)) <= 60
    with pytest.raises(InputTypeError) as info:
        as_float_array("x" * 10_000, "inputs")
    assert len(str(info.value)) < 120


def test_read_only_arrays_cannot_be_made_writeable() -> None:
    frozen = read_only(np.arange(6.0).reshape(2, 3))
    assert frozen.shape == (2, 3) and frozen.dtype == np.float64
    with pytest.raises(ValueError, match="WRITEABLE"):
        frozen.flags.writeable = True


def test_float_conversion_overflow_is_a_clear_error() -> None:
    huge = np.array([1.0, np.finfo(np.longdouble).max], dtype=np.longdouble)
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("longdouble is float64 on this platform")
    with pytest.raises(
        InputError, match=r"inputs: expected finite numbers, got inf at index \(1,\)"
    ):
        as_float_array(huge, "inputs")


def test_all_finite_looks_at_each_number_only_when_a_sum_of_squares_is_not_finite() -> None:
    huge = np.full((2, 3), 1e200)  # every number finite, their squares are not
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # silent without np.errstate
        assert all_finite([np.ones(4), huge])
        assert all_finite([])
        for bad in (np.nan, np.inf, -np.inf):
            array = np.ones((3, 2))
            array[2, 1] = bad
            assert not all_finite([np.ones(2), array])
        both = np.array([np.inf, -np.inf])
        assert not all_finite([both])
        assert not all_finite([np.array([1e200, 1e200, np.nan])])


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.int64, np.uint64, np.float64])
def test_class_labels_of_every_number_type_give_the_same_one_hot_rows(dtype: type) -> None:
    labels = [2, 0, 1, 2]
    expected = np.eye(3)[labels]
    batch = check_class_targets(np.array(labels, dtype=dtype), np.zeros((4, 5)), 3)
    assert batch.dtype == np.float64 and batch.flags.writeable
    np.testing.assert_array_equal(batch, expected)
    one = check_class_targets(np.array(1, dtype=dtype), np.zeros(5), 3)
    np.testing.assert_array_equal(one, [0.0, 1.0, 0.0])
    given: np.ndarray = np.array(labels, dtype=dtype)
    batch[...] = 7.0  # the rows are a copy: the caller's labels are untouched
    assert given.tolist() == labels


@pytest.mark.parametrize(
    ("dtype", "bad"),
    [(t, bad) for t in (np.int8, np.int16, np.int32, np.int64) for bad in (-1, -128, 3, 127)]
    + [(t, bad) for t in (np.uint8, np.uint64) for bad in (3, 127)],
)
def test_a_label_out_of_range_of_every_integer_type_is_refused(dtype: type, bad: int) -> None:
    """Negative labels read as huge unsigned ones: one comparison refuses both kinds."""
    labels: np.ndarray = np.array([0, bad, 1], dtype=dtype)
    with pytest.raises(InputError, match=rf"got {bad} at index 1$"):
        check_class_targets(labels, np.zeros((3, 5)), 3)
    with pytest.raises(InputError, match=rf"got {bad}$"):
        check_class_targets(labels[1], np.zeros(5), 3)

"""Network construction, shapes and immutability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpbook import (
    IDENTITY,
    RELU,
    SIGMOID,
    Activation,
    InputError,
    Network,
    Slopes,
    backward,
    forward,
    lesson,
)


def test_nested_lists_build_a_network_with_the_default_activations() -> None:
    net = Network([[[1, 2, 3], [4, 5, 6]], [[1], [1], [1]]])
    assert net.layer_sizes == (2, 3, 1)
    assert net.activations == (RELU, IDENTITY)
    assert net.biases == (None, None)
    assert net.weights[0].dtype == np.float64


def test_random_networks_are_reproducible_from_the_seed() -> None:
    a = Network.random((4, 8, 2), np.random.default_rng(7))
    b = Network.random((4, 8, 2), np.random.default_rng(7))
    c = Network.random((4, 8, 2), np.random.default_rng(8))
    assert a == b
    assert a != c


def test_random_network_uses_he_scale_for_relu_layers() -> None:
    net = Network.random((400, 300, 1), np.random.default_rng(0))
    assert abs(net.weights[0].std() - np.sqrt(2 / 400)) < 0.005


def test_random_network_with_bias_starts_biases_at_zero() -> None:
    net = Network.random((2, 3, 1), np.random.default_rng(0), biases=True, output="sigmoid")
    assert [b.tolist() for b in net.biases if b is not None] == [[0, 0, 0], [0]]
    assert net.activations[-1] is SIGMOID


def test_with_weights_keeps_activations_and_returns_a_new_network() -> None:
    net = lesson.deeper_network()
    new = net.with_weights([w * 2 for w in net.weights])
    assert new is not net
    assert new.activations == net.activations
    assert new.weights[1].ravel().tolist() == [2.0, 4.0]
    assert net.weights[1].ravel().tolist() == [1.0, 2.0]


def test_bias_is_added_to_the_node_inputs() -> None:
    net = Network([[[1.0], [1.0]]], biases=[[0.5]])
    assert net.predict([1.0, 2.0]).tolist() == [3.5]


def test_repr_names_sizes_and_activations() -> None:
    assert repr(lesson.deeper_network()) == (
        "Network(2-2-1, activations=[relu, identity], biases=False)"
    )


# -- issue 9: real immutability ---------------------------------------------------------


def test_weights_and_biases_can_never_be_made_writeable_again() -> None:
    net = Network([[[1.0], [2.0]]], biases=[[0.5]])
    for array in (net.weights[0], net.biases[0]):
        assert array is not None
        with pytest.raises(ValueError, match="WRITEABLE"):
            array.flags.writeable = True
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 99.0
    assert net.predict([1.0, 1.0]).tolist() == [3.5]


def test_network_copies_numpy_arrays_it_is_given() -> None:
    weights = np.array([[1.0], [2.0]])
    biases = np.array([0.5])
    net = Network([weights], biases=[biases])
    weights[0, 0], biases[0] = 99.0, 99.0
    assert net.predict([1.0, 1.0]).tolist() == [3.5]


# -- issue 13: initialisation, seeds, one spelling ----------------------------------------


def test_random_network_scales_by_activation_he_for_relu_glorot_otherwise() -> None:
    net = Network.random((400, 300, 200), rng=0, output="tanh")
    assert abs(net.weights[0].std() - np.sqrt(2 / 400)) < 0.005  # He: ReLU hidden layer
    assert abs(net.weights[1].std() - np.sqrt(2 / (300 + 200))) < 0.005  # Glorot: tanh
    for activation in ("identity", "sigmoid", "tanh"):
        layer = Network.random((300, 500), rng=1, output=activation).weights[0]
        assert abs(layer.std() - np.sqrt(2 / 800)) < 0.005, activation


def test_scale_overrides_the_initialisation() -> None:
    net = Network.random((300, 400, 100), rng=0, scale=0.1)
    assert all(abs(w.std() - 0.1) < 0.005 for w in net.weights)


def test_rng_takes_none_an_int_seed_or_a_generator() -> None:
    by_seed = Network.random((3, 4, 1), rng=5)
    assert by_seed == Network.random((3, 4, 1), np.random.default_rng(5))
    assert by_seed == Network.random((3, 4, 1), np.int64(5))
    assert Network.random((3, 4, 1)) != Network.random((3, 4, 1))  # None: fresh each call


def test_bias_keyword_still_works_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match="use biases="):
        net = Network.random((2, 3, 1), rng=0, bias=True)
    assert net == Network.random((2, 3, 1), rng=0, biases=True)


def test_numpy_integer_layer_sizes_are_accepted() -> None:
    sizes = np.array([2, 3, 1])
    assert Network.random(sizes, rng=0).layer_sizes == (2, 3, 1)
    assert Network.random(tuple(sizes), rng=0).layer_sizes == (2, 3, 1)


# -- issue 13: predict and predict_one --------------------------------------------------


def test_predict_one_gives_a_float_for_one_example() -> None:
    net = lesson.deeper_network()
    value = net.predict_one(lesson.DEEPER_INPUTS)
    assert type(value) is float
    assert value == 7.0 == float(net.predict(lesson.DEEPER_INPUTS)[0])


def test_predict_one_refuses_batches_and_several_outputs() -> None:
    with pytest.raises(ValueError, match=r"got a batch of shape \(2, 2\); use predict"):
        lesson.deeper_network().predict_one([[0.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=r"one output node, got 2 outputs; use predict"):
        Network.random((2, 2), rng=0).predict_one([0.0, 1.0])


def test_one_input_network_given_a_flat_batch_says_reshape() -> None:
    net = Network([[[2.0]]])
    assert net.predict([3.0]).tolist() == [6.0]  # one example of one input
    assert net.predict(np.array([1.0, 2.0, 3.0]).reshape(-1, 1)).ravel().tolist() == [2, 4, 6]
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        net.predict([1.0, 2.0, 3.0])


def test_predict_refuses_overflow_naming_inputs_and_weights() -> None:
    net = Network([[[1e200]], [[1e200]]], hidden="identity")
    with pytest.raises(
        ValueError, match=r"inputs: .*layer 2 that overflowed.*largest \|weight\| 1e\+200"
    ):
        net.predict([1.0])


# -- issue 13: save and load ------------------------------------------------------------


def test_save_and_load_round_trip_exactly(tmp_path: Path) -> None:
    net = Network.random((3, 5, 4, 2), rng=3, hidden="tanh", output="sigmoid", biases=True)
    net = net.with_weights(net.weights, [b + 0.25 for b in net.biases if b is not None])
    path = tmp_path / "net.npz"
    net.save(path)
    loaded = Network.load(path)
    assert loaded == net
    assert loaded.activations == net.activations
    assert all(np.array_equal(a, b) for a, b in zip(loaded.biases, net.biases, strict=True))  # type: ignore[arg-type]
    for w in loaded.weights:
        with pytest.raises(ValueError):
            w.flags.writeable = True


def test_save_writes_the_documented_layout(tmp_path: Path) -> None:
    path = tmp_path / "exact-name.bin"
    Network([[[1.0, 2.0]], [[3.0], [4.0]]], biases=[None, [0.5]]).save(path)
    assert path.exists()
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == [
            "activations",
            "biases_2",
            "format",
            "version",
            "weights_1",
            "weights_2",
        ]
        assert str(archive["format"]) == "bpbook-network"
        assert int(archive["version"]) == 1
        assert archive["activations"].tolist() == ["relu", "identity"]
        assert archive["weights_2"].tolist() == [[3.0], [4.0]]


def _write(path: Path, **arrays: object) -> Path:
    with open(path, "wb") as file:
        np.savez(file, **arrays)  # type: ignore[arg-type]
    return path


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"weights": np.ones((2, 1))}, r"expected format 'bpbook-network', got no 'format' key"),
        ({"format": np.array("other")}, r"expected format 'bpbook-network', got 'other'"),
        (
            {"format": np.array("bpbook-network"), "version": np.array(2)},
            r"expected version 1 of the bpbook-network layout, got version 2",
        ),
        (
            {
                "format": np.array("bpbook-network"),
                "version": np.array(1),
                "activations": np.array(["relu", "identity"]),
                "weights_1": np.ones((2, 2)),
            },
            r"missing \['weights_2'\]",
        ),
        (
            {
                "format": np.array("bpbook-network"),
                "version": np.array(1),
                "activations": np.array(["identity"]),
                "weights_1": np.ones((2, 2)),
                "extra": np.ones(1),
            },
            r"unexpected \['extra'\]",
        ),
    ],
    ids=["no format", "wrong format", "wrong version", "missing layer", "unexpected key"],
)
def test_load_refuses_files_that_are_not_bpbook_networks(
    tmp_path: Path, arrays: dict[str, object], message: str
) -> None:
    path = _write(tmp_path / "x.npz", **arrays)
    with pytest.raises(InputError, match=message):
        Network.load(path)


def test_load_never_unpickles_and_refuses_other_files(tmp_path: Path) -> None:
    pickled = tmp_path / "pickled.npz"
    _write(pickled, format=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(InputError, match=r"cannot read as one"):
        Network.load(pickled)
    text = tmp_path / "notes.txt"
    text.write_text("not a network")
    with pytest.raises(InputError, match=r"path: expected a bpbook network saved by Network.save"):
        Network.load(text)
    with pytest.raises(FileNotFoundError):
        Network.load(tmp_path / "missing.npz")


def test_save_refuses_custom_activations(tmp_path: Path) -> None:
    custom = Activation("double", lambda z: 2 * z, lambda z: 2 + 0 * z)
    with pytest.raises(InputError, match=r"custom Activation\('double'\) in layer 1"):
        Network([[[1.0]]], activations=[custom]).save(tmp_path / "x.npz")
    assert not (tmp_path / "x.npz").exists()


# -- issue 18: every weight and bias in one read-only vector ------------------------------


def test_flat_weights_lay_out_each_layers_weights_then_its_biases() -> None:
    net = Network([[[1.0, 2.0], [3.0, 4.0]], [[5.0], [6.0]]], biases=[[0.5, 0.25], None])
    assert net.flat_weights.tolist() == [1.0, 2.0, 3.0, 4.0, 0.5, 0.25, 5.0, 6.0]
    for array in (*net.weights, net.biases[0]):
        assert array is not None and np.shares_memory(array, net.flat_weights)
    with pytest.raises(ValueError):
        net.flat_weights.flags.writeable = True
    for w in net.weights:
        with pytest.raises(ValueError):
            w.flags.writeable = True
    same = net.with_flat_weights(net.flat_weights.copy())
    assert same == net and same.flat_weights is not net.flat_weights
    given = net.flat_weights * 2
    doubled = net.with_flat_weights(given)
    given[...] = 99.0  # copied: later changes to the caller's vector do not matter
    assert doubled.weights[1].ravel().tolist() == [10.0, 12.0]
    assert doubled.biases[0] is not None and doubled.biases[0].tolist() == [1.0, 0.5]
    assert doubled.biases[1] is None and doubled.activations == net.activations


def test_flat_slopes_are_the_slopes_in_the_networks_layout() -> None:
    net = Network.random((3, 4, 2), 0, output="softmax", biases=True)
    slopes = backward(forward(net, np.ones((5, 3))), [0, 1, 1, 0, 1])
    biases = [b for b in slopes.bias_slopes if b is not None]
    parts = [slopes.weight_slopes[0], biases[0], slopes.weight_slopes[1], biases[1]]
    expected = np.concatenate([np.ravel(p) for p in parts])
    np.testing.assert_array_equal(slopes.flat_slopes, expected)
    assert slopes.flat_slopes.shape == net.flat_weights.shape
    for part in parts:
        assert np.shares_memory(part, slopes.flat_slopes)
    one = backward(forward(net, np.ones(3)), 1)  # one example: the same layout
    assert one.flat_slopes.shape == net.flat_weights.shape


def test_only_backwards_slopes_of_this_very_network_take_the_one_vector_update() -> None:
    net = Network.random((3, 4, 2), 0, biases=True)
    slopes = backward(forward(net, np.ones((5, 3))), np.zeros((5, 2)))
    assert slopes.are_slopes_of(net)
    assert not slopes.are_slopes_of(net.with_flat_weights(net.flat_weights))  # equal, not it
    made = Slopes(None, None, slopes.node_slopes, None, slopes.weight_slopes,
                  slopes.bias_slopes, slopes.forward_pass)  # fmt: skip
    assert not made.are_slopes_of(net)
    np.testing.assert_array_equal(made.flat_slopes, slopes.flat_slopes)
    assert not np.shares_memory(made.flat_slopes, slopes.flat_slopes)

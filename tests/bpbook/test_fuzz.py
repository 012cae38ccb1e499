"""Fuzzing the public API (issue 9 item 3): garbage in, a clear bpbook error or right numbers out.

Every argument of every public function gets random garbage (NaN, inf, huge and
tiny numbers, empty and ragged lists, wrong dtypes and shapes, text, None, bools,
other objects), mixed with valid values so that the deeper checks are reached too.
The only allowed outcomes are

* a `BpbookError` (`InputError`, `InputTypeError`, `TrainingDivergedError`) whose
  message is at most 400 characters, or
* finite output that agrees with an independent numpy computation.

Example counts: the ``ci`` profile (the default) runs ``CI_EXAMPLES`` = 300 examples
per test, 3,000 in all (ten tests; the last, classifiers, is issue 18), about 8 s for the
whole file on the 2-core project machine;
``make fuzz`` sets ``HYPOTHESIS_PROFILE=fuzz`` and runs ``FUZZ_EXAMPLES`` = 5,000 per
test, 50,000 in all (a few minutes).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpbook
from bpbook import BpbookError, Network, lesson
from bpbook.checks import MAX_MESSAGE_LENGTH

CI_EXAMPLES = 300
FUZZ_EXAMPLES = 5000
settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
fuzz = settings(PROFILE)

# The other phase-2 helper's modules: until its branch is merged their own checks may
# still raise plain ValueError/TypeError/FloatingPointError (short, named). Anything
# raised elsewhere (harden's modules, numpy) must be a BpbookError.
API_MODULES = ("bpbook/training.py", "bpbook/gradient_check.py", "bpbook/three_factor.py")

# -- garbage ---------------------------------------------------------------------------

SPECIAL = [np.nan, np.inf, -np.inf, 1e308, -1e308, 5e-324, 1e-300, 0.0, -0.0]
numbers = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.floats(-10, 10, allow_nan=False),
)
scalars = st.one_of(
    numbers,
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.complex_numbers(max_magnitude=10),
    st.builds(object),
    st.sampled_from([np.float32(2.5), np.int64(3), np.bool_(True), np.float64("nan")]),
)


@st.composite
def arrays(draw: st.DrawFn, max_dims: int = 3) -> Any:
    """A numpy array of any small shape (empty too) and a random dtype, or its list."""
    shape = tuple(draw(st.lists(st.integers(0, 4), max_size=max_dims)))
    size = int(np.prod(shape)) if shape else 1
    dtype = draw(
        st.sampled_from(["float64", "float32", "int64", "bool", "complex", "object", "U3"])
    )
    values = draw(st.lists(st.one_of(numbers, st.floats(-3, 3)), min_size=size, max_size=size))
    with np.errstate(all="ignore"):
        try:
            array = np.array(values, dtype=np.float64).reshape(shape).astype(dtype)
        except (ValueError, OverflowError):
            array = np.zeros(shape, dtype=dtype)
    return array.tolist() if draw(st.booleans()) else array


ragged = st.just([[1.0, 2.0], [3.0]]) | st.just([[1.0], [[2.0]]]) | st.just([[], [1.0]])
garbage = st.one_of(
    scalars,
    arrays(),
    ragged,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=2), numbers, max_size=2),
)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """A small valid network (the thing most arguments are checked against)."""
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    hidden = draw(st.sampled_from(["relu", "identity", "sigmoid", "tanh"]))
    biases = draw(st.booleans())
    net = Network.random(sizes, rng=draw(st.integers(0, 2**32 - 1)), hidden=hidden, biases=biases)
    if draw(st.booleans()):
        big = draw(st.sampled_from([1e100, 1e200, 1e-200]))
        net = net.with_weights([w * big for w in net.weights])
    return net


@st.composite
def inputs_for(draw: st.DrawFn, width: int) -> Any:
    """Mostly right-shaped inputs with wild values; sometimes plain garbage."""
    if draw(st.integers(0, 3)) == 0:
        return draw(garbage)
    n = draw(st.integers(1, 4))
    shape = draw(st.sampled_from([(width,), (n, width)]))
    values = draw(st.lists(numbers, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return np.array(values, dtype=np.float64).reshape(shape)


def _targets_like(draw: Callable[..., Any], inputs: Any, width: int) -> Any:
    if draw(st.integers(0, 3)) == 0 or not isinstance(inputs, np.ndarray) or inputs.ndim == 0:
        return draw(garbage)
    shape = (width,) if inputs.ndim == 1 else (inputs.shape[0], width)
    values = draw(st.lists(numbers, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    return np.array(values, dtype=np.float64).reshape(shape)


# -- the allowed outcomes --------------------------------------------------------------


def _outcome(call: Callable[[], Any]) -> Any:
    """Run ``call``; return its result, or None after checking the error is an allowed one."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            return call()
    except BpbookError as error:
        assert len(str(error)) <= MAX_MESSAGE_LENGTH, str(error)[:500]
        return None
    except (ValueError, TypeError, FloatingPointError) as error:
        origin = error.__traceback__
        while origin is not None and origin.tb_next is not None:
            origin = origin.tb_next
        where = "" if origin is None else Path(origin.tb_frame.f_code.co_filename).as_posix()
        if not where.endswith(API_MODULES):
            raise
        assert len(str(error)) <= MAX_MESSAGE_LENGTH, str(error)[:500]
        return None


def _finite(*arrays: Any) -> bool:
    return all(
        a is None or bool(np.isfinite(np.asarray(a, dtype=np.float64)).all()) for a in arrays
    )


def _reference_prediction(network: Network, inputs: np.ndarray) -> np.ndarray:
    """Forward propagation written out again with numpy, independently of bpbook."""
    functions: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "relu": lambda z: np.maximum(z, 0.0),
        "identity": lambda z: z,
        "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
        "tanh": np.tanh,
    }
    values = np.atleast_2d(inputs)
    with np.errstate(all="ignore"):
        for w, b, a in zip(network.weights, network.biases, network.activations, strict=True):
            values = functions[a.name](values @ w + (0.0 if b is None else b))
    return values


# -- the network ------------------------------------------------------------------------


@fuzz
@given(
    weights=st.one_of(
        garbage,
        st.lists(arrays(), max_size=3),
        st.lists(st.lists(st.lists(numbers, max_size=3), max_size=3), max_size=2),
    ),
    activations=st.one_of(
        st.none(), garbage, st.lists(st.sampled_from(["relu", "tanh", "softplus", 3]), max_size=3)
    ),
    biases=st.one_of(st.none(), garbage, st.lists(st.one_of(st.none(), arrays(1)), max_size=3)),
)
def test_fuzz_network_constructor(weights: Any, activations: Any, biases: Any) -> None:
    net = _outcome(lambda: Network(weights, activations=activations, biases=biases))
    if net is not None:
        assert all(_finite(w) and not w.flags.writeable for w in net.weights)
        assert all(b is None or (_finite(b) and not b.flags.writeable) for b in net.biases)


@fuzz
@given(
    sizes=st.one_of(garbage, st.lists(st.one_of(st.integers(-2, 5), scalars), max_size=4)),
    rng=st.one_of(garbage, st.integers(-5, 2**40)),
    biases=st.one_of(st.booleans(), garbage),
    scale=st.one_of(st.none(), garbage),
    hidden=st.one_of(st.sampled_from(["relu", "tanh", "sigmoid", "identity"]), garbage),
)
def test_fuzz_network_random(sizes: Any, rng: Any, biases: Any, scale: Any, hidden: Any) -> None:
    net = _outcome(lambda: Network.random(sizes, rng, biases=biases, scale=scale, hidden=hidden))
    if net is not None:
        assert net.layer_sizes == tuple(int(s) for s in sizes)
        assert all(_finite(w) for w in net.weights)


@fuzz
@given(data=st.data())
def test_fuzz_forward_backward_and_predict(data: st.DataObject) -> None:
    net = data.draw(st.one_of(networks(), garbage))
    width = net.n_inputs if isinstance(net, Network) else 2
    inputs = data.draw(inputs_for(width))
    fp = _outcome(lambda: bpbook.forward(net, inputs))
    if fp is None:
        return
    expected = _reference_prediction(net, inputs)
    assert _finite(*fp.node_values, *fp.node_inputs)
    np.testing.assert_allclose(np.atleast_2d(fp.prediction), expected, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(net.predict(inputs), fp.prediction)
    targets = _targets_like(data.draw, inputs, net.n_outputs)
    slopes = _outcome(lambda: bpbook.backward(fp, targets))
    if slopes is not None:
        assert slopes.forward_pass is fp
        assert _finite(slopes.loss, slopes.error, *slopes.weight_slopes, *slopes.node_slopes)
        errors = np.atleast_2d(fp.prediction) - np.asarray(targets, dtype=np.float64).reshape(
            expected.shape
        )
        np.testing.assert_allclose(slopes.loss, (errors**2).sum() / errors.shape[0], rtol=1e-12)
    if net.n_outputs == 1:
        one = _outcome(lambda: net.predict_one(inputs))
        if one is not None:
            assert isinstance(one, float) and one == float(fp.prediction[0])


@fuzz
@given(
    which=st.sampled_from(
        ["error", "squared_error", "mean_squared_error", "slope_of_loss_wrt_prediction"]
    ),
    prediction=st.one_of(garbage, arrays(2)),
    target=st.one_of(garbage, arrays(2)),
)
def test_fuzz_loss_functions(which: str, prediction: Any, target: Any) -> None:
    result = _outcome(lambda: getattr(bpbook, which)(prediction, target))
    if result is None:
        return
    assert _finite(result)
    p = np.asarray(prediction, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    if which == "mean_squared_error":
        e = p.reshape(len(p), -1) - t.reshape(len(p), -1)
        np.testing.assert_allclose(result, (e**2).sum() / len(e), rtol=1e-12)
    elif which == "squared_error":
        np.testing.assert_allclose(result, float((p - t).sum()) ** 2, rtol=1e-12)
    elif which == "error":
        np.testing.assert_array_equal(result, p - t)


@fuzz
@given(
    net=networks(),
    weights=st.one_of(garbage, st.lists(arrays(), max_size=3)),
    biases=st.one_of(st.none(), garbage),
)
def test_fuzz_with_weights(net: Network, weights: Any, biases: Any) -> None:
    new = _outcome(lambda: net.with_weights(weights, biases))
    if new is not None:
        assert new.layer_sizes == net.layer_sizes and new.activations == net.activations


@fuzz
@given(net=networks())
def test_fuzz_save_and_load_round_trip(
    net: Network, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "net.npz"
    net.save(path)
    assert Network.load(path) == net


@fuzz
@given(
    n=st.one_of(st.integers(-2, 50), garbage),
    rng=st.one_of(st.integers(0, 10), garbage),
    noise=st.one_of(st.floats(0, 1), garbage),
)
def test_fuzz_lesson_data_rng_and_activations(n: Any, rng: Any, noise: Any) -> None:
    data = _outcome(lambda: lesson.toy_regression_data(n, rng, noise=noise))
    if data is not None:
        assert data[0].shape == (n, 2) and data[1].shape == (n, 1) and _finite(*data)
    generator = _outcome(lambda: bpbook.check_rng(rng))
    assert generator is None or isinstance(generator, np.random.Generator)
    activation = _outcome(lambda: bpbook.get_activation(noise))
    assert activation is None or isinstance(activation, bpbook.Activation)


# -- training, gradient checks and the three-factor table ------------------------------


@fuzz
@given(data=st.data())
def test_fuzz_training(data: st.DataObject) -> None:
    net = data.draw(networks())
    inputs = data.draw(inputs_for(net.n_inputs))
    targets = _targets_like(data.draw, inputs, net.n_outputs)
    rate = data.draw(st.one_of(st.floats(1e-3, 0.5), garbage))
    which = data.draw(st.sampled_from(["step", "train", "sgd", "update"]))
    if which == "step":
        result = _outcome(lambda: bpbook.gradient_descent_step(net, inputs, targets, rate))
    elif which == "train":
        steps = data.draw(st.one_of(st.integers(1, 20), garbage))
        result = _outcome(lambda: bpbook.train(net, inputs, targets, rate, max_steps=steps))
    elif which == "sgd":
        batch = data.draw(st.one_of(st.integers(1, 4), garbage))
        epochs = data.draw(st.one_of(st.integers(1, 3), garbage))
        rng = data.draw(st.one_of(st.integers(0, 9), garbage))
        result = _outcome(
            lambda: bpbook.sgd(
                net,
                inputs,
                targets,
                rate,
                batch_size=batch,
                epochs=epochs,
                rng=rng,
            )
        )
    else:
        slopes = data.draw(st.one_of(garbage, st.just(None)))
        result = _outcome(lambda: bpbook.update_weights(net, slopes, rate))  # type: ignore[arg-type]
    if result is not None:
        trained = result if isinstance(result, Network) else result.network
        assert all(_finite(w) for w in trained.weights)
        assert all(_finite(b) for b in trained.biases)
        if not isinstance(result, Network):
            assert _finite(result.history.loss_per_update, result.final_loss)


@fuzz
@given(data=st.data())
def test_fuzz_gradient_check_and_three_factors(data: st.DataObject) -> None:
    net = data.draw(networks())
    inputs = data.draw(inputs_for(net.n_inputs))
    targets = _targets_like(data.draw, inputs, net.n_outputs)
    epsilon = data.draw(st.one_of(st.sampled_from([1e-6, 1e-4]), garbage))
    check = _outcome(lambda: bpbook.check_gradients(net, inputs, targets, epsilon=epsilon))
    if check is not None:
        assert all(_finite(s) for s in check.backprop_slopes)
    table = _outcome(lambda: bpbook.three_factor_table(net, inputs, targets))
    if table is not None:
        assert all(_finite(row.product, row.backprop_slope) for row in table)
    a, b = data.draw(garbage), data.draw(garbage)
    _outcome(lambda: bpbook.relative_error(a, b))


# -- the computational graph (issue 19) -------------------------------------------------


def _ran(call: Callable[[], Any]) -> bool:
    """True if ``call`` returned, False after an allowed bpbook error."""
    return _outcome(lambda: call() or True) is not None


@fuzz
@given(network=networks(), data=st.data())
def test_fuzz_network_graph_agrees_with_backward(network: Network, data: st.DataObject) -> None:
    width_in, width_out = network.layer_sizes[0], network.layer_sizes[-1]
    inputs = data.draw(inputs_for(width_in))
    targets = _targets_like(data.draw, inputs, width_out)
    graph = _outcome(lambda: bpbook.network_graph(network, inputs, targets))
    if graph is None or not _ran(graph.loss.backward):
        return
    slopes = _outcome(lambda: bpbook.backward(bpbook.forward(network, inputs), targets))
    if slopes is None:
        return
    for by_graph, by_layers in zip(graph.weight_slopes(), slopes.weight_slopes, strict=True):
        assert _finite(by_graph)
        scale = float(np.abs(by_layers).max())
        assert np.allclose(by_graph, by_layers, rtol=1e-9, atol=1e-9 * scale)


GATES = ["__add__", "__sub__", "__mul__", "__radd__", "__rsub__", "__rmul__", "maximum", "__pow__"]
UNARY = ["relu", "sigmoid", "tanh", "__neg__"]


@fuzz
@given(
    a=st.one_of(numbers, garbage),
    b=st.one_of(numbers, garbage, st.sampled_from(["relu", "tanh", "softplus"])),
    gate=st.sampled_from([*GATES, *UNARY, "activate"]),
)
def test_fuzz_value_gates(a: Any, b: Any, gate: str) -> None:
    def make() -> Any:
        value = bpbook.Value(a)
        method = getattr(value, gate)
        return method() if gate in UNARY else method(b)

    result = _outcome(make)
    if result is None:
        return
    assert isinstance(result, bpbook.Value) and _finite(result.value, *result.local_slopes)
    if _ran(result.backward):
        assert result.slope == 1.0
        assert all(_finite(p.slope) for p in result.parents)


# -- issue 18: classifiers (softmax output, cross-entropy, class targets) -----------------


HIDDEN_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda v: np.maximum(v, 0.0),
    "identity": lambda v: v,
    "sigmoid": lambda v: 1.0 / (1.0 + np.exp(-v)),
    "tanh": np.tanh,
}


@st.composite
def classifiers(draw: st.DrawFn) -> Network:
    """A small valid classifier: 2-4 classes, sometimes huge weights (huge node inputs)."""
    sizes = [*draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)), draw(st.integers(2, 4))]
    hidden = draw(st.sampled_from(["relu", "identity", "sigmoid", "tanh"]))
    seed = draw(st.integers(0, 2**32 - 1))
    net = Network.random(
        sizes, rng=seed, hidden=hidden, output="softmax", biases=draw(st.booleans())
    )
    if draw(st.booleans()):
        big = draw(st.sampled_from([1e100, 1e200, 1e-200]))
        net = net.with_weights([w * big for w in net.weights])
    return net


@st.composite
def class_targets(draw: st.DrawFn, inputs: Any, n_classes: int) -> Any:
    """Labels (some out of range, some fractional), one-hot or broken rows, or garbage."""
    if draw(st.integers(0, 4)) == 0 or not isinstance(inputs, np.ndarray) or inputs.ndim == 0:
        return draw(garbage)
    n = None if inputs.ndim == 1 else inputs.shape[0]
    label = st.one_of(st.integers(-1, n_classes), st.sampled_from([0.5, np.nan, 1e300, 2.0]))
    if draw(st.booleans()):
        labels = draw(st.lists(label, min_size=n or 1, max_size=n or 1))
        return labels[0] if n is None else np.array(labels, dtype=np.float64)
    rows = np.eye(n_classes)[
        draw(st.lists(st.integers(0, n_classes - 1), min_size=n or 1, max_size=n or 1))
    ]
    if draw(st.booleans()):
        rows = rows * draw(st.sampled_from([2.0, -1.0, 0.5, np.nan]))
    return rows[0] if n is None else rows


def _reference_cross_entropy(net: Network, inputs: np.ndarray, rows: np.ndarray) -> float:
    values = np.atleast_2d(inputs)
    with np.errstate(all="ignore"):
        for w, b, a in zip(net.weights, net.biases, net.activations, strict=True):
            z = values @ w + (0.0 if b is None else b)
            if a.name != "softmax":
                values = HIDDEN_FUNCTIONS[a.name](z)
        top = z.max(axis=1, keepdims=True)
        log_p = (z - top) - np.log(np.exp(z - top).sum(axis=1, keepdims=True))
        terms = np.where(np.atleast_2d(rows) > 0, np.atleast_2d(rows) * log_p, 0.0)
        return float(-terms.sum(axis=1).mean())


@fuzz
@given(data=st.data())
def test_fuzz_classifiers(data: st.DataObject) -> None:
    net = data.draw(classifiers())
    inputs = data.draw(inputs_for(net.n_inputs))
    targets = data.draw(class_targets(inputs, net.n_outputs))
    fp = _outcome(lambda: bpbook.forward(net, inputs))
    if fp is not None:
        assert _finite(*fp.node_values)
        np.testing.assert_allclose(np.atleast_2d(fp.prediction).sum(axis=1), 1.0, rtol=1e-12)
        slopes = _outcome(lambda: bpbook.backward(fp, targets))
        if slopes is not None:
            assert _finite(slopes.loss, slopes.error, *slopes.weight_slopes)
            rows = np.asarray(fp.prediction) - np.asarray(slopes.error)  # the checked targets
            np.testing.assert_allclose(np.atleast_2d(rows).sum(axis=1), 1.0, rtol=1e-6)
            expected = _reference_cross_entropy(net, inputs, rows)
            np.testing.assert_allclose(slopes.loss, expected, rtol=1e-9, atol=1e-12)
    which = data.draw(st.sampled_from(["sgd", "check", "table", "accuracy", "classes", "ce"]))
    if which == "sgd":
        result = _outcome(
            lambda: bpbook.sgd(net, inputs, targets, 0.1, batch_size=1, epochs=2, rng=0)
        )
        if result is not None:
            assert result.network.is_classifier and _finite(result.final_loss)
    elif which == "check":
        check = _outcome(lambda: bpbook.check_gradients(net, inputs, targets))
        assert check is None or all(_finite(s) for s in check.backprop_slopes)
    elif which == "table":
        table = _outcome(lambda: bpbook.three_factor_table(net, inputs, targets))
        assert table is None or all(_finite(row.product) for row in table)
    elif which == "accuracy":
        value = _outcome(lambda: bpbook.accuracy(net, inputs, targets))
        assert value is None or 0.0 <= value <= 1.0
    elif which == "classes":
        classes = _outcome(lambda: bpbook.predict_class(net, inputs))
        assert classes is None or ((classes >= 0) & (classes < net.n_outputs)).all()
    else:
        z = data.draw(st.one_of(garbage, arrays(2)))
        loss = _outcome(lambda: bpbook.cross_entropy(z, targets))
        assert loss is None or (_finite(loss) and loss >= 0)

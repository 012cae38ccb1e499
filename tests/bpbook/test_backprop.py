"""Forward and backward propagation: shapes, batches, and agreement with finite differences."""

from __future__ import annotations

import itertools
import pydoc

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bpbook import (
    Activation,
    ForwardPass,
    InputError,
    Layer,
    Network,
    Slopes,
    backward,
    check_gradients,
    forward,
    lesson,
    update_weights,
)
from tests.bpbook.kinks import near_relu_kink

ACTIVATIONS = ["relu", "identity", "sigmoid", "tanh"]


@st.composite
def random_problems(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray]:
    """A random network (depth, widths, activations, bias) with a random batch and targets."""
    depth = draw(st.integers(1, 4))
    sizes = [draw(st.integers(1, 5)) for _ in range(depth + 1)]
    activations = [draw(st.sampled_from(ACTIVATIONS)) for _ in range(depth)]
    use_bias = draw(st.booleans())
    batch = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weights = [rng.normal(0, 1 / np.sqrt(n), size=(n, m)) for n, m in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.5, size=m) for m in sizes[1:]] if use_bias else None
    net = Network(weights, activations=activations, biases=biases)
    inputs = rng.normal(size=(batch, sizes[0]))
    targets = rng.normal(size=(batch, sizes[-1]))
    return net, inputs, targets


def _loss(net: Network, inputs: np.ndarray, targets: np.ndarray) -> float:
    return float(((forward(net, inputs).prediction - targets) ** 2).sum(axis=1).mean())


def _five_point_slopes(
    net: Network, inputs: np.ndarray, targets: np.ndarray, h: float
) -> list[np.ndarray]:
    """Finite differences of the loss with a fourth-order centred stencil.

    (-L(w+2h) + 8 L(w+h) - 8 L(w-h) + L(w-2h)) / 12h has truncation error of order h**4,
    so h can be large enough (1e-3) for rounding to stay near 1e-13: accurate enough to
    test backprop to a relative error of 1e-6. Only forward propagation is used.
    """
    weights = [w.copy() for w in net.weights]
    slopes = []
    for k, w in enumerate(weights):
        estimate = np.empty_like(w)
        for index in np.ndindex(w.shape):
            losses = []
            for step in (2 * h, h, -h, -2 * h):
                nudged = [x.copy() for x in weights]
                nudged[k][index] += step
                losses.append(_loss(net.with_weights(nudged), inputs, targets))
            estimate[index] = (8 * (losses[1] - losses[2]) - (losses[0] - losses[3])) / (12 * h)
        slopes.append(estimate)
    return slopes


@settings(max_examples=150, deadline=None)
@given(random_problems())
def test_backprop_equals_finite_differences(
    problem: tuple[Network, np.ndarray, np.ndarray],
) -> None:
    """Relative error < 1e-6 in float64, for every weight of random networks.

    The error of a weight's slope is measured relative to the larger of the two estimates, or
    to 1e-3 x the largest slope of the network when both are tinier than that: finite
    differences cannot resolve a slope a million times smaller than its neighbours.
    """
    net, inputs, targets = problem
    h = 1e-3
    assume(not near_relu_kink(net, inputs, h))  # finite differences are invalid across a kink
    backprop = backward(forward(net, inputs), targets).weight_slopes
    numerical = _five_point_slopes(net, inputs, targets, h)
    scale = max(np.abs(s).max() for s in backprop)
    for k, (b, n) in enumerate(zip(backprop, numerical, strict=True)):
        denominator = np.maximum(np.maximum(np.abs(b), np.abs(n)), 1e-3 * scale)
        with np.errstate(invalid="ignore"):
            rel = np.where(denominator > 0, np.abs(b - n) / denominator, 0.0)
        assert rel.max() < 1e-6, (
            f"layer {k + 1}: backprop {b.tolist()} vs finite differences {n.tolist()}: "
            f"relative error {rel.max():.3g} for {net}"
        )


def test_check_gradients_passes_on_smooth_random_networks() -> None:
    for seed in range(5):
        rng = np.random.default_rng(seed)
        net = Network.random((3, 4, 2), rng, hidden="tanh")
        check = check_gradients(net, rng.normal(size=(4, 3)), rng.normal(size=(4, 2)))
        assert check.max_relative_error < 1e-6, (seed, check.max_relative_error)


@settings(max_examples=60, deadline=None)
@given(random_problems())
def test_batch_slopes_are_the_mean_of_per_example_slopes(
    problem: tuple[Network, np.ndarray, np.ndarray],
) -> None:
    net, inputs, targets = problem
    batch = backward(forward(net, inputs), targets)
    singles = [backward(forward(net, x), t) for x, t in zip(inputs, targets, strict=True)]
    for k, slope in enumerate(batch.weight_slopes):
        mean = np.mean([s.weight_slopes[k] for s in singles], axis=0)
        np.testing.assert_allclose(slope, mean, rtol=1e-10, atol=1e-12)
    assert batch.loss == pytest.approx(np.mean([s.loss for s in singles]), rel=1e-12)


def test_forward_keeps_every_layer_for_one_example_and_for_a_batch() -> None:
    net = Network.random((3, 4, 5, 2), np.random.default_rng(1))
    one = forward(net, np.ones(3))
    assert [v.shape for v in one.node_values] == [(3,), (4,), (5,), (2,)]
    assert [z.shape for z in one.node_inputs] == [(4,), (5,), (2,)]
    batch = forward(net, np.ones((7, 3)))
    assert [v.shape for v in batch.node_values] == [(7, 3), (7, 4), (7, 5), (7, 2)]
    assert batch.is_batch and not one.is_batch


def test_node_values_are_the_activation_of_node_inputs() -> None:
    net = Network.random((2, 3, 1), np.random.default_rng(2), hidden="tanh")
    fp = forward(net, [0.5, -1.0])
    np.testing.assert_allclose(fp.node_values[1], np.tanh(fp.node_inputs[0]))
    np.testing.assert_allclose(fp.node_inputs[0], fp.node_values[0] @ net.weights[0])


def test_backward_shapes_match_weights_and_nodes() -> None:
    net = Network.random((3, 4, 2), np.random.default_rng(3), biases=True)
    slopes = backward(forward(net, np.ones((5, 3))), np.zeros((5, 2)))
    assert [s.shape for s in slopes.weight_slopes] == [w.shape for w in net.weights]
    assert [s.shape for s in slopes.node_slopes] == [(5, 4), (5, 2)]
    assert [None if s is None else s.shape for s in slopes.bias_slopes] == [(4,), (2,)]


def test_node_input_slopes_are_node_slope_times_activation_slope() -> None:
    fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    slopes = backward(fp, lesson.DEEPER_TARGET)
    assert [s.tolist() for s in slopes.node_input_slopes] == [[6.0, 12.0], [6.0]]


def test_one_output_batch_accepts_flat_targets() -> None:
    net = lesson.deeper_network()
    x = np.array([[0.0, 1.0], [1.0, 1.0]])
    a = backward(forward(net, x), [4.0, 5.0])
    b = backward(forward(net, x), [[4.0], [5.0]])
    for sa, sb in zip(a.weight_slopes, b.weight_slopes, strict=True):
        np.testing.assert_array_equal(sa, sb)


# -- issue 9: results do not depend on the caller's arrays; overflow is refused ---------


def test_changing_the_inputs_after_forward_changes_nothing() -> None:
    net = lesson.deeper_network()
    inputs = np.array([[0.0, 1.0], [1.0, 1.0]])
    fp = forward(net, inputs)
    before = backward(fp, [4.0, 9.0])
    inputs[:] = 100.0
    after = backward(fp, [4.0, 9.0])
    assert fp.node_values[0].tolist() == [[0.0, 1.0], [1.0, 1.0]]
    for a, b in zip(before.weight_slopes, after.weight_slopes, strict=True):
        np.testing.assert_array_equal(a, b)


def test_changing_the_targets_after_backward_changes_nothing() -> None:
    targets = np.array([4.0])
    slopes = backward(forward(lesson.deeper_network(), lesson.DEEPER_INPUTS), targets)
    targets[0] = 100.0
    assert slopes.error.tolist() == [3.0]


def test_slopes_remember_the_forward_pass_they_came_from() -> None:
    fp = forward(lesson.deeper_network(), lesson.DEEPER_INPUTS)
    assert backward(fp, lesson.DEEPER_TARGET).forward_pass is fp
    batch = forward(lesson.deeper_network(), [[0.0, 1.0], [1.0, 0.0]])
    assert backward(batch, [4.0, 1.0]).forward_pass is batch


def test_forward_refuses_node_inputs_that_overflow() -> None:
    net = Network([[[1e300, 1e300]], [[1e300], [1.0]]], hidden="identity")
    with pytest.raises(InputError, match=r"inputs: .*node inputs of layer 2 that overflowed"):
        forward(net, [10.0])
    # sigmoid would hide the overflow (sigmoid(inf) = 1): still refused
    squashed = Network([[[1e300]], [[1.0]]], hidden="sigmoid")
    with pytest.raises(InputError, match=r"layer 1 that overflowed.*largest \|input\| 1e\+10"):
        forward(squashed, [1e10])


def test_numbers_near_the_float64_limit_are_kept_where_only_their_sum_overflows() -> None:
    # every number finite, their sum not: the one-sum check looks closer instead of refusing
    net = Network([[[1.0, 1.0]]])
    fp = forward(net, [1e308])
    assert fp.prediction.tolist() == [1e308, 1e308]
    slopes = backward(fp, prediction_slopes=[1.0, 1.0])
    assert slopes.weight_slopes[0].tolist() == [[1e308, 1e308]]
    assert update_weights(net, slopes, 1e-300).weights[0].tolist() == [[1.0 - 1e8, 1.0 - 1e8]]
    assert net.with_weights([[[1e308, 1e308]]]).weights[0].tolist() == [[1e308, 1e308]]


def test_backward_refuses_a_loss_that_overflows_naming_the_targets() -> None:
    fp = forward(lesson.single_weight_network(), [3.0])
    with pytest.raises(InputError, match=r"targets: .*loss inf, largest \|target\| 1e\+300"):
        backward(fp, 1e300)


def test_results_read_cleanly_in_help_and_repr() -> None:
    # issue 13: help(bpbook) was mostly dataclass boilerplate; a repr printed whole arrays
    for cls in (ForwardPass, Slopes, Layer, Activation):
        text = pydoc.render_doc(cls, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
        for noise in ("__dataclass_fields__", "__match_args__", "__setattr__", "__dict__"):
            assert noise not in text, (cls.__name__, noise)
    fp = forward(lesson.deeper_network(), np.zeros((500, 2)))
    slopes = backward(fp, np.zeros(500))
    assert (
        repr(fp)
        == "ForwardPass(Network(2-2-1, activations=[relu, identity], biases=False), a batch of 500)"
    )
    assert len(repr(slopes)) < 150
    with pytest.raises(AttributeError):
        fp.network = lesson.deeper_network()  # type: ignore[misc]


# -- issue 18 item 5c: backward starts from the slope of any loss ---------------------------


def test_backward_from_prediction_slopes_equals_backward_from_targets() -> None:
    rng = np.random.default_rng(0)
    net = Network.random((3, 5, 2), rng, biases=True)
    x, t = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    fp = forward(net, x)
    from_targets = backward(fp, t)
    own = backward(fp, prediction_slopes=2 * (fp.prediction - t) / 6)
    for a, b in zip(own.weight_slopes, from_targets.weight_slopes, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=0)
    for c, d in zip(own.bias_slopes, from_targets.bias_slopes, strict=True):
        assert c is not None and d is not None
        np.testing.assert_allclose(c, d, rtol=1e-13, atol=0)
    assert "loss=unknown" in repr(own)
    with pytest.raises(InputError, match=r"^loss: expected slopes computed from targets"):
        _ = own.loss
    with pytest.raises(InputError, match=r"^error: expected slopes computed from targets"):
        _ = own.error
    one = backward(forward(net, x[0]), prediction_slopes=[0.5, -1.0])
    assert one.node_slopes[-1].tolist() == [0.5, -1.0]


def test_a_readers_own_loss_needs_no_trick() -> None:
    """Mean absolute error, slope sign(error) / n: backprop matches its finite differences."""
    rng = np.random.default_rng(1)
    net = Network.random((2, 4, 3), rng, hidden="tanh")
    x, t = rng.normal(size=(5, 2)), rng.normal(size=(5, 3))

    def mean_absolute_error(network: Network) -> float:
        return float(np.abs(network.predict(x) - t).sum(axis=1).mean())

    fp = forward(net, x)
    slopes = backward(fp, prediction_slopes=np.sign(fp.prediction - t) / 5)
    h = 1e-6
    for k, w in enumerate(net.weights):
        for index in np.ndindex(w.shape):
            up, down = [v.copy() for v in net.weights], [v.copy() for v in net.weights]
            up[k][index] += h
            down[k][index] -= h
            numerical = (
                mean_absolute_error(net.with_weights(up))
                - mean_absolute_error(net.with_weights(down))
            ) / (2 * h)
            assert slopes.weight_slopes[k][index] == pytest.approx(numerical, rel=1e-6, abs=1e-9)


def test_prediction_slopes_are_checked() -> None:
    net = lesson.deeper_network()
    fp = forward(net, lesson.DEEPER_INPUTS)
    with pytest.raises(InputError, match=r"^targets: expected targets or prediction_slopes, not"):
        backward(fp, 4.0, prediction_slopes=[6.0])
    with pytest.raises(InputError, match=r"^prediction_slopes: expected shape \(1,\) like the"):
        backward(fp, prediction_slopes=[6.0, 1.0])
    with pytest.raises(InputError, match=r"^prediction_slopes: expected finite numbers"):
        backward(fp, prediction_slopes=[np.nan])
    assert backward(fp, prediction_slopes=6.0).weight_slopes[1].ravel().tolist() == [6.0, 18.0]
    classifier = Network.random((2, 3), rng=0, output="softmax")
    with pytest.raises(InputError, match=r"^prediction_slopes: expected a network without a"):
        backward(forward(classifier, [1.0, 2.0]), prediction_slopes=[0.1, 0.2, 0.3])

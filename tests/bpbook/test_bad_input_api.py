"""Bad input to training, gradient checks, the three-factor table and the figures.

The same table format as test_bad_input.py (harden's): each case raises the exception
type given, with a message that names the argument, says what was expected and what was
given (the regex), is at most 400 characters, and changes none of the arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bpbook import (
    GradientCheck,
    Network,
    backward,
    check_gradients,
    forward,
    gradient_descent_step,
    lesson,
    relative_error,
    sgd,
    three_factor_table,
    three_factors,
    train,
    update_weights,
)
from bpbook.checks import BpbookError
from bpbook.figures import (
    Step,
    backprop_steps,
    learning_rate_svg,
    loss_curves_svg,
    network_svg,
    steps_html,
)
from bpbook.figures.svg import SVG
from bpbook.history import TrainingDivergedError
from tests.bpbook.bad_input import assert_clear_error

NET = lesson.deeper_network()
BIASED = NET.with_weights(NET.weights, [np.zeros(2), np.zeros(1)])
X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[4.0], [1.0], [2.0]])
ONE = np.array([0.0, 1.0])
FP = forward(NET, ONE)
SLOPES = backward(FP, 4.0)
OTHER_SLOPES = backward(forward(NET, [1.0, 2.0]), 3.0)
TABLE = three_factor_table(NET, ONE, 4.0)
CHECK = check_gradients(NET, ONE, 4.0)
RESULT = sgd(NET, X, Y, 0.01, batch_size=3, epochs=2, rng=0)


def _sgd(**changes: Any) -> Callable[[], object]:
    kwargs: dict[str, Any] = {
        "network": NET,
        "inputs": X,
        "targets": Y,
        "learning_rate": 0.01,
        "batch_size": 2,
        "epochs": 1,
        "rng": 0,
    }
    kwargs.update(changes)
    return lambda: sgd(**kwargs)


def _train(**changes: Any) -> Callable[[], object]:
    kwargs: dict[str, Any] = {
        "network": NET,
        "inputs": X,
        "targets": Y,
        "learning_rate": 0.01,
        "max_steps": 5,
    }
    kwargs.update(changes)
    return lambda: train(**kwargs)


def _svg(**changes: Any) -> Callable[[], object]:
    kwargs: dict[str, Any] = {"network": NET, "forward_pass": FP, "slopes": SLOPES}
    kwargs.update(changes)
    return lambda: network_svg(**kwargs)


def _factors(**changes: Any) -> Callable[[], object]:
    kwargs: dict[str, Any] = {"layer": 2, "from_node": 1, "to_node": 0}
    kwargs.update(changes)
    return lambda: three_factors(NET, ONE, 4.0, **kwargs)


V, T = ValueError, TypeError
NUMBER = r"expected a (positive )?finite number"
# (case id, call, exception type, regex the message must match)
CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    # -- update_weights, gradient_descent_step ---------------------------------------------
    ("update: network not a Network", lambda: update_weights("net", SLOPES, 0.1), T,  # type: ignore[arg-type]
     r"^network: expected a bpbook Network, got str"),
    ("update: slopes not Slopes", lambda: update_weights(NET, FP, 0.1), T,  # type: ignore[arg-type]
     r"^slopes: expected the Slopes returned by backward\(\), got ForwardPass"),
    ("update: slopes of a network without biases", lambda: update_weights(BIASED, SLOPES, 0.1),
     V, r"^slopes: expected bias slopes for layers \[1, 2\].*got them for layers \[\]"),
    ("update: slopes of a network with biases",
     lambda: update_weights(NET, backward(forward(BIASED, ONE), 4.0), 0.1), V,
     r"^slopes: expected bias slopes for layers \[\].*got them for layers \[1, 2\]"),
    ("update: slopes of another shape",
     lambda: update_weights(Network([[[1.0]], [[1.0]]]), SLOPES, 0.1), V,
     r"^slopes: expected weight slopes of shapes \[\(1, 1\), \(1, 1\)\]"
     r".*got \[\(2, 2\), \(2, 1\)\]"),
    ("update: learning rate zero", lambda: update_weights(NET, SLOPES, 0), V,
     rf"^learning_rate: {NUMBER}.*got 0"),
    ("update: learning rate text", lambda: update_weights(NET, SLOPES, "0.1"), T,  # type: ignore[arg-type]
     rf"^learning_rate: {NUMBER}.*got '0.1'"),
    ("update: learning rate None", lambda: update_weights(NET, SLOPES, None), T,  # type: ignore[arg-type]
     rf"^learning_rate: {NUMBER}.*got None"),
    ("update: learning rate a bool", lambda: update_weights(NET, SLOPES, True), T,
     rf"^learning_rate: {NUMBER}.*got True"),
    ("update: overflows a weight", lambda: update_weights(NET, SLOPES, 1e308),
     TrainingDivergedError,
     r"^the update made a weight of layer 1 non-finite; try a smaller learning_rate than 1e\+308"),
    ("step: learning rate infinite",
     lambda: gradient_descent_step(NET, ONE, 4.0, float("inf")), V,
     rf"^learning_rate: {NUMBER}.*got inf"),
    # -- train --------------------------------------------------------------------------
    ("train: network a list", _train(network=[NET]), T,
     r"^network: expected a bpbook Network, got list"),
    ("train: tolerance text", _train(tolerance="1e-9"), T,
     r"^tolerance: expected a finite number >= 0, got str"),
    ("train: tolerance a bool", _train(tolerance=True), T,
     r"^tolerance: expected a finite number >= 0, got bool"),
    ("train: tolerance None", _train(tolerance=None), T,
     r"^tolerance: expected a finite number >= 0, got NoneType"),
    ("train: tolerance NaN", _train(tolerance=float("nan")), V,
     r"^tolerance: expected a finite number >= 0, got nan"),
    ("train: max_steps a float", _train(max_steps=5.0), T,
     r"^max_steps: expected a positive integer, got 5.0"),
    ("train: target_loss negative", _train(target_loss=-1), V,
     r"^target_loss: expected a finite number >= 0, got -1.0"),
    ("train: target_loss text", _train(target_loss="0.1"), T,
     r"^target_loss: expected a finite number >= 0, got str"),
    ("train: on_epoch not callable", _train(on_epoch=3), T,
     r"^on_epoch: expected a function taking an EpochReport \(or None\), got int"),
    # -- issue 18: validation data, early stopping, momentum, weight decay ------------------
    ("sgd: validation not a pair", _sgd(validation=X), T,
     r"^validation: expected a pair \(inputs, targets\), got ndarray"),
    ("sgd: validation of three", _sgd(validation=(X, Y, Y)), T,
     r"^validation: expected a pair \(inputs, targets\), got tuple"),
    ("sgd: validation inputs too wide", _sgd(validation=(np.ones((2, 3)), Y)), V,
     r"^validation inputs: expected 2 input node value\(s\) per example, got shape \(2, 3\)"),
    ("sgd: validation inputs NaN", _sgd(validation=([[np.nan, 0.0]], [[1.0]])), V,
     r"^validation inputs: expected finite numbers, got nan at index \(0, 0\)"),
    ("sgd: validation targets short", _sgd(validation=(X, Y[:2])), V,
     r"^validation targets: expected shape \(3, 1\) or \(3,\) to match inputs"),
    ("sgd: validation targets text", _sgd(validation=(X, "y")), T,
     r"^validation targets: expected numbers, got str"),
    ("train: patience without validation", _train(patience=3), V,
     r"^patience: expected validation=\(inputs, targets\) to watch, got no validation data"),
    ("sgd: patience 0", _sgd(validation=(X, Y), patience=0), V,
     r"^patience: expected a positive integer, got 0"),
    ("sgd: patience a float", _sgd(validation=(X, Y), patience=2.5), T,
     r"^patience: expected a positive integer, got 2.5"),
    ("sgd: momentum 1", _sgd(momentum=1.0), V,
     r"^momentum: expected a number from 0 up to \(not including\) 1, got 1.0"),
    ("sgd: momentum text", _sgd(momentum="0.9"), T,
     r"^momentum: expected a finite number >= 0, got str"),
    ("sgd: weight_decay negative", _sgd(weight_decay=-0.1), V,
     r"^weight_decay: expected a finite number >= 0, got -0.1"),
    ("sgd: weight_decay infinite", _sgd(weight_decay=float("inf")), V,
     r"^weight_decay: expected a finite number >= 0, got inf"),
    ("train: diverge_factor 1", _train(diverge_factor=1), V,
     r"^diverge_factor: expected a number > 1 \(or None\), got 1.0"),
    ("train: diverge_factor text", _train(diverge_factor="big"), T,
     rf"^diverge_factor: {NUMBER}.*got 'big'"),
    ("train: targets of the wrong shape", _train(targets=np.ones((2, 1))), V,
     r"^targets: expected shape \(3, 1\) or \(3,\).*got shape \(2, 1\)"),
    ("train: data that overflows", _train(inputs=X * 1e200), TrainingDivergedError,
     r"^inputs/targets: the loss became inf at update 1 \(epoch 1\) because the data "
     r"overflows.*largest \|input\| 1e\+200"),
    # -- sgd --------------------------------------------------------------------------------
    ("sgd: rng text", _sgd(rng="0"), T, r"^rng: expected None, an int seed or a numpy"),
    ("sgd: rng a float", _sgd(rng=0.5), T, r"^rng: expected None, an int seed or a numpy"),
    ("sgd: rng a bool", _sgd(rng=True), T, r"^rng: expected None, an int seed or a numpy"),
    ("sgd: rng negative", _sgd(rng=-3), V, r"^rng: expected (an int )?(a )?seed >= 0, got -3"),
    ("sgd: rng a RandomState", _sgd(rng=np.random.RandomState(0)), T,
     r"^rng: expected None, an int seed or a numpy.random.Generator.*RandomState"),
    ("sgd: shuffle text", _sgd(shuffle="yes"), T,
     r"^shuffle: expected True or False, got str"),
    ("sgd: batch size larger than the data", _sgd(batch_size=4), V,
     r"^batch_size: expected at most the number of examples \(3\), got 4"),
    ("sgd: batch size text", _sgd(batch_size="2"), T,
     r"^batch_size: expected a positive integer, got '2'"),
    ("sgd: epochs negative", _sgd(epochs=-1), V, r"^epochs: expected a positive integer, got -1"),
    ("sgd: target_loss infinite", _sgd(target_loss=float("inf")), V,
     r"^target_loss: expected a finite number >= 0, got inf"),
    ("sgd: on_epoch a list", _sgd(on_epoch=[]), T,
     r"^on_epoch: expected a function taking an EpochReport \(or None\), got list"),
    ("sgd: diverge_factor 0.5", _sgd(diverge_factor=0.5), V,
     r"^diverge_factor: expected a number > 1 \(or None\), got 0.5"),
    ("sgd: learning rate NaN", _sgd(learning_rate=float("nan")), V,
     rf"^learning_rate: {NUMBER}.*got nan"),
    # -- check_gradients, relative_error, GradientCheck -----------------------------------
    ("check: epsilon negative", lambda: check_gradients(NET, ONE, 4.0, epsilon=-1e-6), V,
     rf"^epsilon: {NUMBER}.*got -1e-06"),
    ("check: epsilon text", lambda: check_gradients(NET, ONE, 4.0, epsilon="tiny"), T,  # type: ignore[arg-type]
     rf"^epsilon: {NUMBER}.*got 'tiny'"),
    ("check: inputs of the wrong width", lambda: check_gradients(NET, [1.0], 4.0), V,
     r"^inputs: expected 2 input node value\(s\) per example.*got shape \(1,\)"),
    ("relative error: shapes differ", lambda: relative_error([1.0, 2.0], [1.0]), V,
     r"^b: expected the same shape as a \(2,\), got shape \(1,\)"),
    ("relative error: text", lambda: relative_error("1.0", [1.0]), T,
     r"^a: expected numbers, got str"),
    ("relative error: None", lambda: relative_error([1.0], None), T,
     r"^b: expected numbers, got None"),
    ("relative error: ragged", lambda: relative_error([[1.0], [1.0, 2.0]], [1.0]), T,
     r"^a: expected a rectangular array of numbers, got rows of different lengths"),
    ("relative error: booleans", lambda: relative_error([True], [1.0]), T,
     r"^a: expected real numbers \(int or float\), got an array of dtype bool"),
    ("passed: tolerance text", lambda: CHECK.passed("1e-6"), T,  # type: ignore[arg-type]
     r"^tolerance: expected a finite number >= 0, got str"),
    ("passed: tolerance None", lambda: CHECK.passed(None), T,  # type: ignore[arg-type]
     r"^tolerance: expected a finite number >= 0, got NoneType"),
    ("passed: tolerance a bool", lambda: CHECK.passed(True), T,
     r"^tolerance: expected a finite number >= 0, got bool"),
    ("report: tolerance negative", lambda: CHECK.report(-1e-6), V,
     r"^tolerance: expected a finite number >= 0, got -1e-06"),
    ("layer check: tolerance infinite", lambda: CHECK.layers()[0].passed(float("inf")), V,
     r"^tolerance: expected a finite number >= 0, got inf"),
    # -- three_factor_table, three_factors -----------------------------------------------
    ("table: a batch", lambda: three_factor_table(NET, X, Y), V,
     r"^inputs: expected one example of shape \(2,\), got a batch of shape \(3, 2\)"),
    ("factors: layer 3", _factors(layer=3), V,
     r"^layer: expected 1 to 2 \(layers of weights\), got 3"),
    ("factors: layer text", _factors(layer="2"), T, r"^layer: expected an int, got '2'"),
    ("factors: from_node out of range", _factors(from_node=2), V,
     r"^from_node: expected 0 to 1 \(nodes of layer 1\), got 2"),
    ("factors: to_node negative", _factors(to_node=-1), V,
     r"^to_node: expected 0 to 0 \(nodes of layer 2\), got -1"),
    # -- network_svg, backprop_steps, steps_html -----------------------------------------
    ("diagram: slopes of another example", _svg(slopes=OTHER_SLOPES), V,
     r"^slopes: expected the slopes of forward_pass's example, got slopes computed from another"),
    ("diagram: slopes without a pass", _svg(forward_pass=None), V,
     r"^slopes: drawing slopes needs the forward_pass they came from"),
    ("diagram: a batch pass", _svg(forward_pass=forward(NET, X), slopes=None), V,
     r"^forward_pass: expected a pass for one example.*got a batch of 3"),
    ("diagram: pass of another network", _svg(forward_pass=forward(BIASED, ONE), slopes=None),
     V, r"^forward_pass: expected a forward pass of this network"),
    ("diagram: unknown show kind", _svg(show=("values", "colour")), V,
     r"^show: expected kinds from \[.*\], got unknown \['colour'\]"),
    ("diagram: highlight of 2 numbers", _svg(highlight=(2, 1)), V,
     r"^highlight: expected \(layer, from_node, to_node\), got \(2, 1\)"),
    ("diagram: highlight layer 5", _svg(highlight=(5, 0, 0)), V,
     r"^highlight layer: expected 1 to 2, got 5"),
    ("diagram: hide_layers text", _svg(hide_layers=["1"]), T,
     r"^hide_layers: expected an int, got '1'"),
    ("diagram: id_prefix with a space", _svg(id_prefix="my plot"), V,
     r"^id_prefix: expected a non-empty str without spaces, got 'my plot'"),
    ("diagram: id_prefix a number", _svg(id_prefix=7), T,
     r"^id_prefix: expected a str \(or None\), got int"),
    ("steps: slopes of another example", lambda: backprop_steps(FP, OTHER_SLOPES, TABLE), V,
     r"^slopes: expected the slopes of forward_pass's example"),
    ("steps: learning rate without updated",
     lambda: backprop_steps(FP, SLOPES, TABLE, learning_rate=0.01), V,
     r"^learning_rate and updated: give both .* or neither, got learning_rate=0.01"),
    ("steps: learning rate text",
     lambda: backprop_steps(FP, SLOPES, TABLE, learning_rate="0.01",  # type: ignore[arg-type]
                            updated=update_weights(NET, SLOPES, 0.01)), T,
     rf"^learning_rate: {NUMBER}.*got '0.01'"),
    ("tabs: id_prefix empty",
     lambda: steps_html([Step("Step 1", "Step 1: x.", SVG("<svg/>"))], id_prefix=""), V,
     r"^id_prefix: expected a non-empty str without spaces, got ''"),
    # -- plots -------------------------------------------------------------------------
    ("loss curves: a result, not a mapping", lambda: loss_curves_svg(RESULT), T,  # type: ignore[arg-type]
     r"^histories: expected a mapping from a label to a TrainingResult or TrainingHistory, "
     r"got one TrainingResult; wrap it in a dict"),
    ("loss curves: a list", lambda: loss_curves_svg([RESULT]), T,  # type: ignore[arg-type]
     r"^histories: expected a mapping from a label to .*, got list"),
    ("loss curves: empty", lambda: loss_curves_svg({}), V,
     r"^histories: expected at least one curve, got an empty mapping"),
    ("loss curves: five runs", lambda: loss_curves_svg({str(i): RESULT for i in range(5)}), V,
     r"^histories: expected at most 4 curves, got 5"),
    ("loss curves: numbers as a run", lambda: loss_curves_svg({"a": [1.0, 2.0]}), T,  # type: ignore[dict-item]
     r"^histories: expected TrainingHistory or TrainingResult values, got list for 'a'"),
    ("rates: a history, not a mapping", lambda: learning_rate_svg(RESULT.history), T,  # type: ignore[arg-type]
     r"^losses: expected a mapping from a label to losses.*got one TrainingHistory"),
    ("rates: text losses", lambda: learning_rate_svg({0.1: "1, 2"}), T,  # type: ignore[dict-item]
     r"^losses: expected numbers for learning rate 0.1, got a str"),
    ("rates: a 2-D array", lambda: learning_rate_svg({0.1: np.ones((2, 2))}), V,  # type: ignore[dict-item]
     r"^losses: expected one loss per update for learning rate 0.1, "
     r"got an array of shape \(2, 2\)"),
    ("rates: a text key", lambda: learning_rate_svg({"fast": [1.0, 2.0]}), T,  # type: ignore[dict-item]
     r"^losses: expected learning rates \(numbers\) as keys, got str"),
    ("rates: no finite loss", lambda: learning_rate_svg({0.1: [float("inf")]}), V,
     r"^losses: no finite loss for learning rate 0.1"),
]  # fmt: skip


def _snapshot() -> list[np.ndarray]:
    arrays = [*NET.weights, X, Y, ONE, *FP.node_values, *SLOPES.weight_slopes]
    arrays += [*RESULT.history.loss_per_update, *CHECK.relative_errors]
    return [np.array(a, copy=True) for a in arrays]


@pytest.mark.parametrize(
    ("call", "kind", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_raises_a_clear_error_and_changes_nothing(
    call: Callable[[], object], kind: type[Exception], message: str
) -> None:
    assert_clear_error(call, kind, message, _snapshot)


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert len({c[0] for c in CASES}) == len(CASES), "case ids are unique"


def _checks_raise_bpbook_errors() -> bool:
    try:
        update_weights(NET, SLOPES, 0)
    except BpbookError:
        return True
    except ValueError:
        return False
    return False


@pytest.mark.skipif(
    not _checks_raise_bpbook_errors(),
    reason="bpbook.checks raises plain ValueError/TypeError until harden's branch is merged",
)
@pytest.mark.parametrize("call", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_every_error_is_a_bpbook_error(call: Callable[[], object]) -> None:
    with pytest.raises(BpbookError):
        call()


def test_errors_raised_here_are_bpbook_errors_already() -> None:
    """The errors this branch's modules raise themselves (not via bpbook.checks)."""
    via_checks = ("^learning_rate", "^epsilon", "^max_steps", "^batch_size", "^epochs",
                  "^inputs: exp", "^targets", "^diverge_factor: exp")  # fmt: skip
    own = [c for c in CASES if not c[3].startswith(via_checks)]
    for name, call, _, _ in own:
        with pytest.raises(BpbookError):
            call()
        assert name


def test_a_gradient_check_of_nan_is_not_an_input_error() -> None:
    errors = (np.array([[np.nan]]),)
    assert not GradientCheck(errors, errors, errors, 1e-6).passed()

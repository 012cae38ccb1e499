"""cookbook.md: the nine tasks are there, every fence runs (the PyTorch one in ``make
test-torch``, tests/torch/test_cookbook_page.py), only task 9 uses scikit-learn and no
fence of ``make test`` needs PyTorch, and the prose claims hold."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np

from bpbook import (
    GradientCheck,
    Network,
    TrainingDivergedError,
    accuracy,
    backward,
    check_gradients,
    forward,
    sgd,
)
from bpbook.figures import loss_curves_svg
from tests.book.prose import assert_prose_says, page_text
from tests.book.test_pytorch import on_page_markdown
from tests.torch.page import COOKBOOK, python_fences

PAGE = "cookbook.md"
TASKS = [
    "Reproduce a forward pass",
    "Score predictions",
    "Fit XOR",
    "Fit sin(x), and watch the loss",
    "Check gradients, biases included",
    "Print a three-factor table",
    "Save a trained network and load it again",
    "Train a classifier and save it",
    "Compare with PyTorch and scikit-learn",
]


def _fences() -> list[tuple[str, str]]:
    return re.findall(r"(?ms)^```(python[^\n]*)\n(.*?)^```", page_text(PAGE))


def test_the_nine_tasks_in_order() -> None:
    headings = re.findall(r"(?m)^## (\d)\. (.+)$", page_text(PAGE))
    assert headings == [(str(n), title) for n, title in enumerate(TASKS, start=1)]


def test_every_task_has_a_fence_that_runs() -> None:
    sections = re.split(r"(?m)^## \d\. ", page_text(PAGE))[1:]
    runs = [re.search(r"(?m)^```python(?! notest)", section) is not None for section in sections]
    assert runs == [True] * 9


def test_only_the_pytorch_fence_is_notest_and_only_task_9_uses_other_libraries() -> None:
    fences = python_fences(page=COOKBOOK)
    assert len(fences) == len(_fences())  # every python fence is top-level, none missed
    torch_fences = [f for f in fences if f.is_torch]
    assert len(torch_fences) == 1
    for fence in fences:
        assert fence.is_torch == ("torch" in fence.code) == ("notest" in fence.options)
    task_9 = page_text(PAGE).split("## 9. ")[1]
    sklearn_fences = [f for f in fences if "sklearn" in f.code]
    assert len(sklearn_fences) == 1 and "title=scikit-learn" in sklearn_fences[0].options
    for fence in (*torch_fences, *sklearn_fences):
        assert fence.code in task_9
    rendered = on_page_markdown(page_text(PAGE))
    assert "notest" not in rendered
    assert rendered.count('```python title="PyTorch"\n') == 1
    assert rendered.count('```python title="scikit-learn"\n') == 1
    assert_prose_says(PAGE, "the scikit-learn block with this page's other tests")
    assert_prose_says(PAGE, "the PyTorch block in `make test-torch`, in its own environment")


def test_task_9s_blocks_train_task_4s_network_and_end_below_its_loss() -> None:
    _, result = _sin_run()
    assert result.final_loss < 0.01  # type: ignore[attr-defined]
    sklearn_code = next(f.code for f in python_fences(page=COOKBOOK) if "sklearn" in f.code)
    for needed in (
        "hidden_layer_sizes=(16,)",
        'activation="tanh"',
        "batch_size=20",
        "max_iter=500",
        "momentum=0.0",
        "alpha=0.0",
        "assert final_loss < 0.01",
    ):
        assert needed in sklearn_code, needed  # fmt: skip
    assert_prose_says(PAGE, "each ends, like task 4, with a final loss below 0.01")


def test_a_network_without_biases_predicts_exactly_zero_at_the_origin() -> None:
    for seed in range(5):
        network = Network.random((2, 8, 1), np.random.default_rng(seed))
        assert network.predict([0.0, 0.0]).item() == 0.0
    assert_prose_says(PAGE, "a network without biases gives exactly 0 there")


def _sin_run() -> tuple[Network, object]:
    x = np.linspace(-np.pi, np.pi, 200)
    start = Network.random((1, 16, 1), np.random.default_rng(0), hidden="tanh")
    result = sgd(
        start, x.reshape(-1, 1), np.sin(x), learning_rate=0.05, batch_size=20, epochs=500, rng=0
    )
    return start, result


def test_the_sin_loss_falls_fast_then_creeps_down_with_marks_at_round_epochs() -> None:
    _, result = _sin_run()
    losses = result.history.loss_per_epoch  # type: ignore[attr-defined]
    assert f"{losses[0] / losses[10]:.0f}" == "3"
    assert_prose_says(PAGE, "it falls to a third in the first 10 epochs")
    means = [losses[start : start + 100].mean() for start in range(0, 500, 100)]
    assert all(b < a for a, b in pairwise(means)), "creeps down"
    assert np.sum(np.diff(losses[20:]) > 0) > 50, "wobbling from one epoch to the next"
    assert_prose_says(PAGE, "then creeps down for the rest of the 500, wobbling")
    svg = loss_curves_svg({"batch size 20": result}, per_epoch=True)  # type: ignore[dict-item]
    assert "Vertical lines mark every 50 epochs." in svg
    assert_prose_says(PAGE, "its vertical lines mark round numbers of epochs")


def test_report_has_a_line_per_layer_for_weights_and_biases_and_nan_fails() -> None:
    rng = np.random.default_rng(0)
    network = Network.random((3, 5, 2), rng)
    network = network.with_weights(network.weights, [rng.normal(size=5), rng.normal(size=2)])
    check = check_gradients(network, rng.normal(size=(8, 3)), rng.normal(size=(8, 2)))
    lines = check.report().splitlines()[1:]
    assert [line.split()[:2] for line in lines] == [
        ["1", "weights"],
        ["1", "biases"],
        ["2", "weights"],
        ["2", "biases"],
    ]
    assert_prose_says(PAGE, "one line per layer for its weights and one for its biases")
    for bad in (np.nan, np.inf):
        errors = (np.array([[bad]]),)
        assert not GradientCheck(errors, errors, errors, 1e-6).passed()
    assert_prose_says(PAGE, "A slope that overflowed to infinity, or came out as NaN, fails")


def test_the_diverging_example_diverges_at_ten_times_the_learning_rate() -> None:
    """The run under "ten times the one above" really raises (it did not at 0.3)."""
    text = page_text(PAGE)
    assert "learning_rate=0.5" in text and "learning_rate=0.05" in text
    assert round(0.5 / 0.05) == 10
    assert_prose_says(PAGE, "Here the learning rate is ten times the one above")
    x = np.linspace(-np.pi, np.pi, 200)
    start = Network.random((1, 16, 1), np.random.default_rng(0), hidden="tanh")
    try:
        sgd(start, x.reshape(-1, 1), np.sin(x), 0.5, batch_size=20, epochs=500, rng=0)
    except TrainingDivergedError as problem:
        assert problem.history is not None and len(problem.history.loss_per_update) > 0
    else:
        raise AssertionError("learning_rate=0.5 should diverge")


def test_the_scikit_learn_lines_take_the_same_steps_as_bpbook() -> None:
    """Issue 20: scikit-learn's loss is MSE / 2, so its slopes are half; its rate is doubled.

    Half the loss has half the slope: a step of 0.1 x (slope / 2) is bpbook's 0.05 x slope.
    """
    network = Network([[[2.0]]], output="identity")
    slope = float(backward(forward(network, [3.0]), 10.0).weight_slopes[0][0, 0])
    nudge = 1e-6
    half_mse = [0.5 * (3 * (2.0 + d) - 10.0) ** 2 for d in (nudge, -nudge)]
    half_slope = (half_mse[0] - half_mse[1]) / (2 * nudge)
    assert abs(half_slope - slope / 2) < 1e-6
    assert abs(0.1 * half_slope - 0.05 * slope) < 1e-6
    text = page_text(PAGE)
    assert "learning_rate_init=0.1," in text and "learning_rate_init=0.05" not in text
    assert_prose_says(PAGE, "use `learning_rate_init=0.1`, twice bpbook's 0.05, for the same steps")


def test_the_classifier_task_stops_early_and_keeps_its_accuracy() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=210)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    points = centres[labels] + rng.normal(size=(210, 2))
    start = Network.random((2, 16, 3), rng=1, output="softmax", biases=True)
    held_out = (points[150:], labels[150:])
    result = sgd(start, points[:150], labels[:150], learning_rate=0.1, batch_size=10,
                 epochs=200, rng=2, validation=held_out, patience=10)  # fmt: skip
    assert result.stopped_because == "patience", "patience stops it before 200 epochs"
    assert accuracy(result.network, points[150:], labels[150:]) > 0.9
    assert_prose_says(PAGE, "with `patience` it stops once the validation loss has not improved")
    assert_prose_says(PAGE, "other way round: nine everyday tasks")

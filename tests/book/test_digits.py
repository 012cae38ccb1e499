# The prose uses typographic signs (×, −); the snippets must match it exactly.
# ruff: noqa: RUF001, RUF003
"""The digits chapter (docs/digits.nb.py): it runs, its asserts hold, its prose is bpbook's.

mkdocs-jupyter executes the notebook at build time; the ``chapter`` fixture runs the
same code cells in order, in a fresh namespace, once per test session, and the tests
below read the numbers it computed and check that the prose quotes them. The
notebook's own ``assert`` statements check what its code cells print (the 97 % test
accuracy among them, which fails the build).
"""

from __future__ import annotations

from typing import Any

import jupytext  # from the [docs] extra, which `make test` installs
import numpy as np
import pytest

from tests.book.notebooks import run_notebook
from tests.book.prose import DOCS, assert_prose_says

PAGE = "digits.nb.py"
NOTEBOOK = DOCS / PAGE


@pytest.fixture(scope="module")
def chapter() -> dict[str, Any]:
    """The namespace of the notebook after running all its code cells, as the build does."""
    return run_notebook(NOTEBOOK, "__digits_notebook__")


def test_digits_notebook_has_code_and_markdown_cells() -> None:
    cells = jupytext.read(NOTEBOOK).cells
    kinds = [cell.cell_type for cell in cells]
    assert kinds.count("code") >= 10 and kinds.count("markdown") >= 10, kinds
    assert cells[0].cell_type == "markdown"
    assert cells[0].source.startswith("# Backpropagation in practice: handwritten digits")


def test_the_data_and_its_split(chapter: dict[str, Any]) -> None:
    images, order = chapter["images"], chapter["order"]
    assert len(images) == 1797 and images.shape[1] == 64
    assert_prose_says(PAGE, "we take 1,797 real handwritten digits, small grey images of 8 × 8")
    assert_prose_says(PAGE, "the grey level of each pixel from 0 (white) to 16 (black)")
    assert (images.min(), images.max()) == (0, 16)
    sizes = [len(chapter[name]) for name in ("train_rows", "valid_rows", "test_rows")]
    assert sizes == [1077, 360, 360] and sorted(order.tolist()) == list(range(1797))
    assert [round(100 * s / 1797) for s in sizes] == [60, 20, 20]
    assert_prose_says(PAGE, "**training data**, 1,077 images (60 %)")
    assert_prose_says(PAGE, "**validation data**, 360 images (20 %)")
    assert_prose_says(PAGE, "**test data**, 360 images (20 %)")
    # The split is disjoint: no test image was trained on.
    train, test = set(chapter["train_rows"].tolist()), set(chapter["test_rows"].tolist())
    assert not train & test


def test_standardised_with_the_training_data_only(chapter: dict[str, Any]) -> None:
    images, rows = chapter["images"], chapter["train_rows"]
    assert np.array_equal(chapter["mean"], images[rows].mean(axis=0))
    blank = chapter["always_blank"]
    assert blank.any() and np.all(images[rows][:, blank] == 0)
    assert np.all(chapter["x_train"][:, blank] == 0)
    assert_prose_says(PAGE, "we divide them by 1 instead, which leaves them at 0")


def test_the_first_ten_digits(chapter: dict[str, Any]) -> None:
    picture = chapter["digits_svg"](
        chapter["images"][:10], [[f"label {d}"] for d in chapter["labels"][:10]], title="t"
    )
    assert picture.count("<text") == 10 and picture.count("stroke-opacity") == 10
    assert_prose_says(PAGE, "Here are the first ten images, each with its label")


def test_the_network_and_its_training(chapter: dict[str, Any]) -> None:
    network, history = chapter["network"], chapter["history"]
    assert network.layer_sizes == (64, 64, 10) and network.is_classifier
    assert all(b is not None for b in network.biases)
    assert_prose_says(PAGE, "The network is 64-64-10: 64 inputs, a hidden layer of 64 ReLU nodes")
    assert history.batch_size == 32 and len(history.loss_per_epoch) == 30
    assert_prose_says(PAGE, "learning rate 0.1, batches of 32, 30 epochs")
    assert chapter["test_accuracy"] >= 0.97
    assert_prose_says(PAGE, "At least 97 % of the test images")
    assert_prose_says(PAGE, "right on at least 97 % of 360 images it never saw")
    assert_prose_says(PAGE, "a 64-64-10 network on 1,077 handwritten digits")


def test_the_curves_say_what_the_captions_say(chapter: dict[str, Any]) -> None:
    history, train_acc = chapter["history"], chapter["train_accuracy"]
    loss, valid_loss = history.loss_per_epoch, history.validation_loss_per_epoch
    assert loss[-1] < loss[0] and valid_loss[-1] < valid_loss[0]
    assert np.all(np.diff(loss) < 0), "the caption says the training loss keeps falling"
    assert_prose_says(PAGE, "the training loss keeps falling, while the validation loss levels off")
    # Levels off: over the last 10 epochs it moves by less than a tenth of its whole fall.
    assert np.ptp(valid_loss[-10:]) < 0.1 * (valid_loss[0] - valid_loss.min())
    assert history.validation_accuracy_per_epoch[0] > 0.5 and train_acc[0] > 0.5
    assert_prose_says(PAGE, "After the first epoch the network is already right on most images")
    valid_acc = history.validation_accuracy_per_epoch
    assert valid_acc[4] - valid_acc[0] > valid_acc[-1] - valid_acc[4]
    assert_prose_says(PAGE, "the first 5 epochs gain more than the 25 after them")
    assert train_acc[-1] > history.validation_accuracy_per_epoch[-1]
    assert valid_loss[-1] > loss[-1]


def test_confusion_matrix_and_mistakes(chapter: dict[str, Any]) -> None:
    confusion, wrong = chapter["confusion"], chapter["wrong"]
    assert confusion.shape == (10, 10) and confusion.sum() == 360
    assert np.trace(confusion) == chapter["test_correct"] == 360 - len(wrong)
    svg = chapter["confusion_svg"](confusion)
    assert svg.count("<rect") == np.count_nonzero(confusion)  # one cell per non-zero count
    shown = chapter["digits_svg"](chapter["images"][:3], [["a"], ["b"], ["c"]], title="t")
    assert shown.count("<text") == 3 and 'class="bp-fig"' in shown
    assert_prose_says(PAGE, "here are all the test images the network got wrong")


def test_three_factors_of_a_real_weight(chapter: dict[str, Any]) -> None:
    row, label = chapter["row"], chapter["label"]
    assert (row.layer, row.from_node, row.to_node) == (2, chapter["busiest"], label)
    assert row.product == pytest.approx(row.backprop_slope, rel=1e-12)
    assert row.slope_of_node_fed == pytest.approx(chapter["probability"] - 1.0)
    assert 64 * 64 + 64 * 10 == 4736 == len(chapter["table"].rows)
    assert_prose_says(PAGE, "64 × 64 + 64 × 10 = 4,736 weights")
    assert_prose_says(PAGE, "(a weight of layer 2)")
    # "small and negative ... an update would raise this weight a little"
    assert -0.05 < row.backprop_slope < 0
    assert_prose_says(PAGE, "It is small and negative")
    assert chapter["probability"] > 0.99
    assert_prose_says(PAGE, "the network is already confident on this image")


def test_gradient_check_of_the_real_network(chapter: dict[str, Any]) -> None:
    assert chapter["check"].passed() and chapter["n_parameters"] == 4810
    assert_prose_says(PAGE, "on the first 10 test images: 4,810 weights and biases")
    assert "x_test[:10]" in jupytext.writes(jupytext.read(NOTEBOOK), fmt="py:percent")


def test_comparison_with_scikit_learn(chapter: dict[str, Any]) -> None:
    theirs, plain = chapter["theirs"], chapter["plain"]
    assert theirs.solver == "sgd" and theirs.momentum == 0.0 and theirs.alpha == 0.0
    assert theirs.nesterovs_momentum is False and theirs.learning_rate == "constant"
    # What the page says scikit-learn does by default, and the chapter turns off.
    from sklearn.neural_network import MLPClassifier

    defaults = MLPClassifier()
    assert (defaults.solver, defaults.momentum, defaults.alpha) == ("adam", 0.9, 0.0001)
    assert defaults.nesterovs_momentum is True
    # It stops once the training loss has not improved by tol for n_iter_no_change epochs.
    assert (defaults.tol, defaults.n_iter_no_change) == (1e-4, 10)
    assert (theirs.tol, theirs.n_iter_no_change) == (0.0, 30)
    assert theirs.learning_rate_init == 0.1 and theirs.batch_size == 32
    assert theirs.n_iter_ == 30 == len(plain.history.loss_per_epoch)
    assert_prose_says(PAGE, "learning rate 0.1, batches of 32, 30 epochs, the data shuffled")
    assert_prose_says(PAGE, "it adds momentum 0.9 (set to 0, and Nesterov's variant off)")
    assert abs(chapter["bpbook_accuracy"] - chapter["sklearn_accuracy"]) < 0.03
    assert_prose_says(PAGE, "within 3 percentage points of each other")
    assert chapter["bpbook_seconds"] > 0 and chapter["sklearn_seconds"] > 0  # measured
    assert_prose_says(PAGE, "the printout gives this build's, and the book draws no conclusion")


def test_momentum_and_weight_decay(chapter: dict[str, Any]) -> None:
    runs = chapter["runs"]
    slow = runs["plain, rate 0.01"].history.validation_loss_per_epoch
    fast = runs["momentum 0.9, rate 0.01"].history.validation_loss_per_epoch
    assert fast[4] < slow[4] and fast[-1] < slow[-1]
    assert_prose_says(
        PAGE, "its validation loss is lower than plain SGD's after 5 epochs and after 30"
    )
    # A steady slope s: the velocity tends to s / (1 - momentum), 10 times s at 0.9.
    velocity = 0.0
    for _ in range(500):
        velocity = 0.9 * velocity + 1.0
    assert velocity == pytest.approx(10.0)
    assert_prose_says(PAGE, "moves a weight up to 10 times as far per update")
    plain = chapter["run"].history.validation_loss_per_epoch
    assert abs(fast[-1] - plain[-1]) < 0.05 * plain[-1]
    assert_prose_says(PAGE, "it ends within 5 % of the validation loss of plain SGD at 0.1")
    size = chapter["weight_size"]
    assert size(runs["weight decay 0.001, rate 0.1"].network) < size(chapter["run"].network)
    assert_prose_says(PAGE, "Weight decay ends with smaller weights than the same run without it")
    decayed = runs["weight decay 0.001, rate 0.1"].history.validation_accuracy_per_epoch[-1]
    plain_accuracy = chapter["run"].history.validation_accuracy_per_epoch[-1]
    assert abs(decayed - plain_accuracy) <= 0.01
    assert_prose_says(PAGE, "with a validation accuracy within 1 percentage point of it")
    assert_prose_says(PAGE, "plain SGD at 0.1 (the run above), and that with weight decay 0.001")


def test_scikit_learn_computes_the_same_network(chapter: dict[str, Any]) -> None:
    """The comparison is of the same network: bpbook's weights in scikit-learn's
    MLPClassifier give the same probabilities and the same cross-entropy (log-loss)."""
    import copy

    from sklearn.metrics import log_loss

    from bpbook import cross_entropy, forward

    network, x_test, y_test = chapter["network"], chapter["x_test"], chapter["y_test"]
    same = copy.deepcopy(chapter["theirs"])
    same.coefs_ = [np.array(w) for w in network.weights]
    same.intercepts_ = [np.array(b) for b in network.biases]
    forward_pass = forward(network, x_test)
    theirs = same.predict_proba(x_test)
    np.testing.assert_allclose(theirs, forward_pass.prediction, rtol=1e-12, atol=1e-15)
    ours = cross_entropy(forward_pass.node_inputs[-1], y_test)
    assert log_loss(y_test, theirs) == pytest.approx(ours, rel=1e-12)
    assert_prose_says(PAGE, "the same loss (the book's tests check this to 12 digits)")
    assert_prose_says(PAGE, "(scikit-learn calls it log-loss)")

# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Backpropagation in practice: handwritten digits
#
# This chapter answers: **does the backpropagation of this book train a network on
# real data, and how do we tell how well it did?**
#
# Until now every network in the book had a handful of nodes and made up its data.
# Here we take 1,797 real handwritten digits, small grey images of 8 × 8 pixels,
# and train a network to say which digit, 0 to 9, each image shows. The network has
# 64 input nodes (one per pixel), one hidden layer of ReLU nodes and 10 output
# nodes (one per digit). Nothing new happens inside it: forward propagation, the
# three-factor rule, one update per [batch](../glossary/#batch), as in
# [the SGD chapter](../sgd.nb/). What is new is what a practitioner does around
# it: keep some data back, turn outputs into answers, and measure.
#
# This page is a notebook: every cell below ran when the site was built, and you
# can download it (buttons at the top) and run it yourself (it needs
# scikit-learn, which ships the digits). Each number the text quotes is checked by
# an `assert` in a code cell.

# %%
import time
import warnings

import numpy as np
from numpy.random import default_rng
from sklearn.datasets import load_digits

from bpbook import (
    Network,
    accuracy,
    check_gradients,
    forward,
    predict_class,
    sgd,
    three_factor_table,
)

# %% [markdown]
# The pictures on this page are drawn by three small functions, `digits_svg`,
# `accuracy_svg` and `confusion_svg`: they only turn numbers into SVG, and nothing
# in them is about backpropagation, so the web page does not show their code. It is
# in the next cell of the downloadable notebook.

# %% tags=["hide-input"]
# isort: split
from bpbook.figures import SVG
from bpbook.figures.plot_svg import SERIES, STAND_INS, figure_svg, matplotlib_module, plot_rc
from bpbook.figures.theme import STYLE

INK = "var(--bp-ink, #1a1a1a)"


def svg_picture(width, height, title, body):
    """An inline SVG in the book's theme: it follows the page's light or dark scheme."""
    return SVG(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bp-fig" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto"><title>{title}</title>'
        f'<style>{STYLE}</style><g fill="{INK}">{body}</g></svg>'
    )


def digits_svg(rows, captions, *, title, per_row=5, pixel=6):
    """Images of 8 × 8 pixels side by side, one or two caption lines under each.

    A pixel's darkness (its opacity) is its grey level / 16; the pixels of one grey
    level are one path.
    """
    cell, line = 8 * pixel, 15
    box_w, box_h = cell + 24, cell + 12 + line * max(len(c) for c in captions)
    n_rows = -(-len(rows) // per_row)
    parts = []
    for k, (row, caption) in enumerate(zip(rows, captions)):
        x0, y0 = (k % per_row) * box_w + 12, (k // per_row) * box_h + 1
        parts.append(
            f'<rect x="{x0 - 1}" y="{y0 - 1}" width="{cell + 2}" height="{cell + 2}" '
            f'fill="none" stroke="{INK}" stroke-opacity="0.3"/>'
        )
        for level in sorted(set(row.tolist()) - {0.0}):
            squares = "".join(
                f"M{x0 + p % 8 * pixel} {y0 + p // 8 * pixel}h{pixel}v{pixel}h-{pixel}z"
                for p in np.flatnonzero(row == level)
            )
            parts.append(f'<path d="{squares}" fill-opacity="{level / 16:.3g}"/>')
        for i, words in enumerate(caption):
            parts.append(
                f'<text x="{x0 + cell / 2}" y="{y0 + cell + 4 + line * (i + 1)}" '
                f'font-size="13" text-anchor="middle">{words}</text>'
            )
    width = box_w * min(per_row, len(rows))
    return svg_picture(width, box_h * n_rows, title, "".join(parts))


def accuracy_svg(training, validation):
    """Accuracy per epoch on the training and validation data (matplotlib, themed)."""
    matplotlib = matplotlib_module()
    from matplotlib.figure import Figure

    epochs = np.arange(1, len(training) + 1)
    with matplotlib.rc_context(plot_rc()):
        figure = Figure(figsize=(7.2, 4.4), layout="constrained")
        axes = figure.add_subplot()
        for n, (values, label, style) in enumerate(
            ((training, "training data", "-"), (validation, "validation data", "--"))
        ):
            axes.plot(epochs, 100 * np.asarray(values), color=STAND_INS[SERIES[n]],
                      linestyle=style, label=f"{label} (after the epoch)")
        axes.set_xlabel("epoch")
        axes.set_ylabel("accuracy (%)")
        figure.legend(loc="outside lower center", ncols=1)
    description = (
        f"Line chart of the accuracy after each of {len(epochs)} epochs. Training "
        f"data: from {100 * training[0]:.1f} % to {100 * training[-1]:.1f} %. "
        f"Validation data: from {100 * validation[0]:.1f} % to "
        f"{100 * validation[-1]:.1f} %."
    )
    return figure_svg(figure, title="Accuracy per epoch, training and validation data",
                      description=description, id_prefix="digits-accuracy")


def confusion_svg(counts):
    """The confusion matrix: true digit down, answer across, the non-zero counts."""
    size, left, top = 26, 64, 46
    highest = counts.max()
    lines = "".join(f"M{left} {top + i * size}h{10 * size}M{left + i * size} {top}v{10 * size}"
                    for i in range(11))
    parts = [
        f'<path d="{lines}" stroke="{INK}" stroke-opacity="0.2" fill="none"/>',
        f'<text x="{left + 5 * size}" y="16" font-size="13" text-anchor="middle">'
        "answer of the network</text>",
        f'<text x="16" y="{top + 5 * size}" font-size="13" text-anchor="middle" '
        f'transform="rotate(-90 16 {top + 5 * size})">true digit</text>',
    ]
    for d in range(10):
        parts.append(f'<text x="{left + d * size + size / 2}" y="{top - 8}" '
                     f'font-size="13" text-anchor="middle">{d}</text>')
        parts.append(f'<text x="{left - 8}" y="{top + d * size + size / 2 + 5}" '
                     f'font-size="13" text-anchor="end">{d}</text>')
    for (true, said), count in np.ndenumerate(counts):
        if count == 0:
            continue
        x, y = left + said * size, top + true * size
        colour = "var(--bp-hl, #0072b2)" if true == said else "var(--bp-slope, #a33b00)"
        # Pale fills, so the count on them stays readable; a mistake gets a frame too.
        frame = "" if true == said else f' stroke="{colour}" stroke-width="2"'
        parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{size - 2}" height="{size - 2}" '
                     f'fill="{colour}" fill-opacity="{0.1 + 0.2 * count / highest:.2f}"{frame}/>'
                     f'<text x="{x + size / 2}" y="{y + size / 2 + 5}" font-size="13" '
                     f'text-anchor="middle">{count}</text>')
    title = "Confusion matrix of the test images"
    return svg_picture(left + 10 * size + 8, top + 10 * size + 8, title, "".join(parts))


# %% [markdown]
# ## The data
#
# scikit-learn comes with the digits: `load_digits` reads them from its own files,
# nothing is downloaded. Each image is a row of 64 numbers, the grey level of each
# pixel from 0 (white) to 16 (black), and each has its label, the digit it shows.

# %%
digits = load_digits()
images, labels = digits.data, digits.target
print("images:", images.shape, " labels:", labels.shape)
print("grey levels from", images.min(), "to", images.max())
print("images of each digit:", np.bincount(labels))
assert images.shape == (1797, 64) and labels.shape == (1797,)
assert images.min() == 0 and images.max() == 16
assert sorted(set(labels.tolist())) == list(range(10))

# %% [markdown]
# Here are the first ten images, each with its label. The pictures below are
# drawn from the same 64 numbers the network gets.

# %%
digits_svg(
    images[:10],
    [[f"label {d}"] for d in labels[:10]],
    title="The first ten digits of the data set, with their labels",
)

# %% [markdown]
# *The first ten images, 8 × 8 pixels each, the darker the higher the grey
# level, and under each its label.*
#
# ## Training, validation and test data
#
# A network that has seen an image during training may simply remember it, so we
# measure it on images it has never seen. The images are shuffled once, with a fixed
# seed so that every build gets the same split, and cut in three:
#
# - **training data**, 1,077 images (60 %): the only images `sgd` learns from;
# - **validation data**, 360 images (20 %): measured after every epoch, to watch
#   for overfitting and to compare settings;
# - **test data**, 360 images (20 %): measured once, at the end, for the final
#   score. Choosing settings by the test score would make it a second validation
#   set, and the score would flatter the network.

# %%
order = default_rng(0).permutation(len(images))
train_rows, valid_rows, test_rows = order[:1077], order[1077:1437], order[1437:]
print("training", len(train_rows), " validation", len(valid_rows),
      " test", len(test_rows))
assert len(set(order.tolist())) == len(images) == 1797  # each image once

# %% [markdown]
# ## Standardising the inputs
#
# The grey levels run from 0 to 16, and some pixels (at the edges) are almost
# always 0. Networks train better when every input is on the same scale: each
# pixel is *standardised*, its mean subtracted and the result divided by its
# standard deviation, so that on the training data it has mean 0 and standard
# deviation 1. The mean and standard deviation are those of the training data
# only, and the same numbers are applied to the validation and test images: the
# held-out images must not leak into training, not even through their mean. A few
# pixels are 0 in every training image; their standard deviation is 0, and we
# divide them by 1 instead, which leaves them at 0.

# %%
mean = images[train_rows].mean(axis=0)
spread = images[train_rows].std(axis=0)
always_blank = spread == 0
spread[always_blank] = 1.0
inputs = (images - mean) / spread
x_train, y_train = inputs[train_rows], labels[train_rows]
x_valid, y_valid = inputs[valid_rows], labels[valid_rows]
x_test, y_test = inputs[test_rows], labels[test_rows]

print("pixels that are 0 in every training image:", int(always_blank.sum()))
assert np.allclose(x_train.mean(axis=0), 0.0)
assert np.allclose(x_train.std(axis=0)[~always_blank], 1.0)

# %% [markdown]
# ## The network, softmax and cross-entropy
#
# The network is 64-64-10: 64 inputs, a hidden layer of 64 ReLU nodes, and 10
# output nodes, all with biases. Its output layer is a
# softmax: it turns the 10 node inputs into 10 probabilities
# that add up to 1, one per digit. The network's answer is the digit with the
# highest probability (`predict_class`), and `accuracy` is the share of images
# whose answer is their label.
#
# A softmax output is trained with the cross-entropy loss, $-\log p$ of the
# probability $p$ given to the right digit: near 0 when the network is sure and
# right, large when it is sure and wrong. bpbook chooses it by itself for a
# softmax output, and the targets are simply the labels. The slope of this loss
# with respect to each output node's input is $p - t$: the probability minus 1
# for the right digit, minus 0 for the others (see
# [the three-factor rule](../three-factor/)).
#
# We train with `sgd`: learning rate 0.1, batches of 32, 30 epochs, the
# validation data measured after each epoch. The `on_epoch` function also
# measures the accuracy on the training data after each epoch.

# %%
start = Network.random((64, 64, 10), rng=1, output="softmax", biases=True)
train_accuracy = []


def measure_training_accuracy(report):
    train_accuracy.append(accuracy(report.network, x_train, y_train))


run = sgd(
    start, x_train, y_train, learning_rate=0.1, batch_size=32, epochs=30,
    rng=2, validation=(x_valid, y_valid), on_epoch=measure_training_accuracy,
)
network, history = run.network, run.history
test_accuracy = accuracy(network, x_test, y_test)
test_correct = int(np.sum(predict_class(network, x_test) == y_test))

print(f"loss on the training data, epoch 1: {history.loss_per_epoch[0]:.3f}, "
      f"epoch 30: {history.loss_per_epoch[-1]:.3f}")
print(f"validation accuracy after epoch 30: "
      f"{history.validation_accuracy_per_epoch[-1]:.3f}")
print(f"test accuracy: {test_accuracy:.3f} ({test_correct} of {len(y_test)})")
assert network.layer_sizes == (64, 64, 10) and network.is_classifier
assert len(history.loss_per_epoch) == 30
assert test_accuracy >= 0.97  # the chapter's promise; the build fails below it

# %% [markdown]
# At least 97 % of the test images, which the network never saw, get the right
# digit. The printout above gives the exact score.
#
# ## Loss and accuracy, epoch by epoch
#
# The first plot shows the loss on the training data (the mean over each epoch's
# batches) and on the validation data (after each epoch); the second the accuracy
# on both after each epoch.

# %%
from bpbook.figures import validation_svg

validation_svg(run, title="Cross-entropy per epoch, training and validation data",
               id_prefix="digits-loss")

# %% [markdown]
# *The cross-entropy loss per epoch (logarithmic axis). Both curves fall quickly in
# the first epochs; the training loss keeps falling, while the validation loss
# levels off.*

# %%
valid_accuracy = history.validation_accuracy_per_epoch
assert len(train_accuracy) == len(valid_accuracy) == 30
accuracy_svg(train_accuracy, valid_accuracy)

# %% [markdown]
# *The accuracy after each epoch, in percent. After the first epoch the network is
# already right on most images; on the validation data the first 5 epochs gain more
# than the 25 after them.*
#
# The gap between the two curves is the network's advantage on images it learned
# from: its training accuracy ends higher than its validation accuracy, and its
# training loss lower than its validation loss.

# %%
gap = history.validation_loss_per_epoch[-1] - history.loss_per_epoch[-1]
print(f"after epoch 30: training accuracy {train_accuracy[-1]:.3f}, "
      f"validation accuracy {valid_accuracy[-1]:.3f}")
print(f"validation loss minus training loss: {gap:.3f}")
assert train_accuracy[-1] > valid_accuracy[-1]
assert gap > 0

# %% [markdown]
# ## Which digits it gets wrong
#
# A single accuracy hides *which* mistakes are made. The confusion matrix counts,
# for every true digit (row) and every answer (column), how many test images had
# that label and got that answer. The diagonal holds the right answers; every
# number off the diagonal is a mistake.

# %%
answers = predict_class(network, x_test)
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, answers), 1)
assert confusion.sum() == len(y_test)
assert np.trace(confusion) == test_correct


confusion_svg(confusion)

# %% [markdown]
# *The confusion matrix of the test images: the row is the true digit, the column
# the network's answer, the number how many images. Blue cells (the diagonal) are
# right answers, framed orange cells mistakes; empty cells are 0.*
#
# And here are all the test images the network got wrong, each with its label and
# the network's answer.

# %%
wrong = np.flatnonzero(answers != y_test)
assert len(wrong) == len(y_test) - test_correct
digits_svg(
    images[test_rows][wrong],
    [[f"is {y_test[i]}", f"said {answers[i]}"] for i in wrong],
    title="The misclassified test digits, with label and answer",
)

# %% [markdown]
# *Every misclassified test image: under each, its label ("is") and the network's
# answer ("said").*
#
# ## The three-factor rule on a real weight
#
# The trained network is large, 64 × 64 + 64 × 10 = 4,736 weights, but every one
# of its slopes is still the product of the lesson's three factors. Take the first
# test image, and the weight from the hidden node with the largest node value on
# it to the output node of its true digit (a weight of layer 2). `three_factor_table`
# lists the three factors of every weight's slope on this one example; the row of
# our weight:

# %%
example, label = x_test[0], int(y_test[0])
hidden_values = forward(network, example).node_values[1]
busiest = int(np.argmax(hidden_values))
table = three_factor_table(network, example, label)
assert len(table.rows) == 64 * 64 + 64 * 10 == 4736
row = next(r for r in table.rows
           if (r.layer, r.from_node, r.to_node) == (2, busiest, label))
probability = float(forward(network, example).prediction[label])

print(f"first test image: label {label}; busiest hidden node {busiest}")
print(f"weight (2, {busiest}, {label}): {row.weight:.4f}; p = {probability:.6f}")
print(f"factors: {row.value_feeding_in:.4f} × {row.slope_of_node_fed:.6f} (p - t)"
      f" × {row.activation_slope:g} = {row.product:.4e}")
print(f"backprop's slope: {row.backprop_slope:.4e}")
assert np.isclose(row.value_feeding_in, hidden_values[busiest])
assert np.isclose(row.slope_of_node_fed, probability - 1.0)
assert row.activation_slope == 1.0
assert np.isclose(row.product, row.backprop_slope, rtol=1e-12, atol=0.0)

# %% [markdown]
# Factor 1 is the hidden node's value. At a softmax output with cross-entropy,
# factors 2 and 3 merge into one number, $p - t$, here the probability the network
# gives the right digit minus 1; the table shows it as factor 2 and a factor 3 of 1.
# The product is the slope backpropagation computed. It is small and negative: the
# network is already confident on this image, and an update would raise this weight
# a little, to make it more confident still.
#
# ## Checking the slopes of the real network
#
# `check_gradients` nudges every weight and bias up and down and compares the change
# in loss with backpropagation's slopes (see [checking your slopes](../checking/)).
# Here it runs on the trained network, on the first 10 test images: 4,810 weights
# and biases, each nudged twice.

# %%
check = check_gradients(network, x_test[:10], y_test[:10])
print(check.report())
assert check.passed()
n_parameters = sum(w.size for w in network.weights) + sum(
    b.size for b in network.biases if b is not None)
assert n_parameters == 4810

# %% [markdown]
# Every layer passes: on real data, in a network of this size, backpropagation's
# slopes agree with the finite differences.
#
# ## Against scikit-learn
#
# scikit-learn's `MLPClassifier` trains the same kind of network. Below, both train
# a 64-64-10 network with ReLU hidden nodes, a softmax output and cross-entropy
# (scikit-learn calls it log-loss), with plain SGD: learning rate 0.1, batches of
# 32, 30 epochs, the data shuffled every epoch. To make the settings match, the
# scikit-learn side turns off what it adds by default: its default solver is Adam
# (we ask for `solver="sgd"`), it adds momentum 0.9 (set to 0, and Nesterov's
# variant off) and an L2 penalty (`alpha`, set to 0), and it stops early when the
# loss stops improving (we make it run all 30 epochs). What still differs: the
# starting weights (scikit-learn draws them uniformly, Glorot style, and its biases
# too; bpbook draws normal weights, He style, and starts the biases at 0) and the
# shuffling (each library its own random generator). The arithmetic itself is the
# same: given bpbook's trained weights, scikit-learn computes the same probabilities
# and the same loss (the book's tests check this to 12 digits). Both are timed in
# this same run, on the machine that built the page, without the validation
# measurements.

# %%
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

began = time.perf_counter()
plain = sgd(start, x_train, y_train, 0.1, batch_size=32, epochs=30, rng=2)
bpbook_seconds = time.perf_counter() - began
bpbook_accuracy = accuracy(plain.network, x_test, y_test)

theirs = MLPClassifier(
    hidden_layer_sizes=(64,), activation="relu", solver="sgd",
    learning_rate="constant", learning_rate_init=0.1, batch_size=32,
    momentum=0.0, nesterovs_momentum=False, alpha=0.0, max_iter=30,
    shuffle=True, tol=0.0, n_iter_no_change=30, random_state=1,
)
began = time.perf_counter()
with warnings.catch_warnings():
    # Stopping after max_iter epochs is what we asked for, not a failure to converge.
    warnings.simplefilter("ignore", ConvergenceWarning)
    theirs.fit(x_train, y_train)
sklearn_seconds = time.perf_counter() - began
sklearn_accuracy = theirs.score(x_test, y_test)

print("               training time  test accuracy")
print(f"bpbook sgd     {1000 * bpbook_seconds:10.0f} ms  {bpbook_accuracy:13.3f}")
print(f"scikit-learn   {1000 * sklearn_seconds:10.0f} ms  {sklearn_accuracy:13.3f}")
assert theirs.n_iter_ == 30 and theirs.out_activation_ == "softmax"
assert [w.shape for w in theirs.coefs_] == [w.shape for w in plain.network.weights]
assert plain.network == network  # validation data does not change the training
assert abs(bpbook_accuracy - sklearn_accuracy) < 0.03

# %% [markdown]
# The two test accuracies are within 3 percentage points of each other: the same
# network trained the same way learns about as well, whichever library computes
# the slopes. The times are one measurement each, on a shared build machine, and
# change from build to build: the printout gives this build's, and the book draws no
# conclusion from them. (bpbook's speed is measured with repeated runs by `make bench`.)
#
# ## Momentum and weight decay
#
# Two additions to plain SGD are in almost every practitioner's toolbox, and `sgd`
# has both (off by default, so the lesson's SGD is unchanged):
#
# - **Momentum** keeps a running *velocity* for each weight: each update adds the
#   new slope to the velocity times `momentum` (0.9 is usual), and moves the weight
#   by the learning rate times the velocity. Slopes that keep the same sign add up,
#   so the weights move faster along a steady slope, and zig-zags cancel out. With
#   momentum 0.9 a steady slope moves a weight up to 10 times as far per update, so
#   it is used with a smaller learning rate.
# - **Weight decay** adds `weight_decay` × weight to every weight's slope (not to
#   the biases), as if the loss had a penalty for large weights: each update also
#   shrinks the weights a little towards 0. Networks with smaller weights tend to overfit less.
#
# A measured comparison, from the same starting network and the same shuffles, 30
# epochs each: plain SGD at learning rate 0.01, the same with momentum 0.9, plain
# SGD at 0.1 (the run above), and that with weight decay 0.001. The last column is
# the size of all the weights, the square root of the sum of their squares.

# %%
def weight_size(net):
    return float(np.sqrt(sum(np.sum(w**2) for w in net.weights)))


same = dict(batch_size=32, epochs=30, rng=2, validation=(x_valid, y_valid))
runs = {
    "plain, rate 0.01": sgd(start, x_train, y_train, 0.01, **same),
    "momentum 0.9, rate 0.01": sgd(start, x_train, y_train, 0.01, momentum=0.9, **same),
    "plain, rate 0.1": run,  # trained above
    "weight decay 0.001, rate 0.1": sgd(
        start, x_train, y_train, 0.1, weight_decay=0.001, **same),
}
print("validation loss after epoch 5 and 30, accuracy, size of the weights:")
for name, result in runs.items():
    h = result.history
    print(f"{name:28s} {h.validation_loss_per_epoch[4]:.3f} "
          f"{h.validation_loss_per_epoch[-1]:.3f} "
          f"{h.validation_accuracy_per_epoch[-1]:.3f} {weight_size(result.network):5.1f}")

slow, fast = runs["plain, rate 0.01"], runs["momentum 0.9, rate 0.01"]
decayed = runs["weight decay 0.001, rate 0.1"]
# Momentum at rate 0.01 is ahead of plain SGD at 0.01, at epoch 5 and at epoch 30.
assert (fast.history.validation_loss_per_epoch[[4, -1]]
        < slow.history.validation_loss_per_epoch[[4, -1]]).all()
# ... and ends near plain SGD at ten times the learning rate.
plain_end = run.history.validation_loss_per_epoch[-1]
assert abs(fast.history.validation_loss_per_epoch[-1] - plain_end) < 0.05 * plain_end
# Weight decay keeps the weights smaller.
assert weight_size(decayed.network) < weight_size(run.network)
decayed_accuracy = decayed.history.validation_accuracy_per_epoch[-1]
assert abs(decayed_accuracy - valid_accuracy[-1]) <= 0.01

# %% [markdown]
# At learning rate 0.01, momentum gets further in the same epochs: its validation
# loss is lower than plain SGD's after 5 epochs and after 30, and it ends within 5 %
# of the validation loss of plain SGD at 0.1, ten times the learning rate, as the
# factor of up to 10 above suggests. Weight decay ends with smaller weights than
# the same run without it, and here with a validation accuracy within 1 percentage
# point of it: on a network this small, trained this briefly, there is little
# overfitting for it to prevent. Both are common settings to try after the learning
# rate and the batch size.
#
# ## What this chapter showed
#
# - The same backpropagation that the lesson does by hand trains a real
#   classifier: a 64-64-10 network on 1,077 handwritten digits, right on at least
#   97 % of 360 images it never saw.
# - Practice adds measurement around it: training, validation and test data, the
#   inputs standardised with the training data's numbers, the loss and accuracy on
#   held-out data after every epoch, and a confusion matrix to see which mistakes
#   are made.
# - A softmax output with cross-entropy fits the three-factor rule: factors 2 and
#   3 merge into $p - t$.
# - A library like scikit-learn, set up the same way, learns about as well.

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
# # Stochastic gradient descent: batches and epochs
#
# This chapter answers: **what changes when each update looks at only part of
# the data, and how do we keep track of where we are in the data?**
#
# In [the recap loop](../recap-loop/) every update used all the training
# examples: forward propagation on all of them, the mean of all their slopes,
# one update. That is full-batch [gradient descent](../glossary/#gradient-descent).
# With a few hundred examples that is fine. With a few million, a single update
# would take a long time, and we would wait that long for every small step.
#
# [Stochastic gradient descent](../glossary/#stochastic-gradient-descent) (SGD)
# takes a different deal: compute the slopes on a small
# [batch](../glossary/#batch) of examples, update the weights, and move on to
# the next batch for the next update. Each update is cheaper and a little less
# accurate, and there are many more of them.
#
# This page is a notebook: every cell below ran when the site was built, and
# you can download it (buttons at the top) and run it yourself. Each number the
# text quotes is checked by an `assert` in the code cell that follows it.

# %%
import math

import numpy as np
from numpy.random import default_rng

from bpbook import (
    Network,
    backward,
    forward,
    gradient_descent_step,
    lesson,
    sgd,
    train,
)

# %% [markdown]
# ## What one update uses
#
# For a batch, the [loss](../glossary/#loss) is the
# [mean squared error](../glossary/#mean-squared-error) of its examples, so the
# [slope](../glossary/#slope) of a weight is the mean of the slopes each
# example would give on its own. Below, a network with random (but seeded)
# weights looks at the first 4 examples of the toy data set: the slopes of the
# batch of 4 are the average of the 4 single-example slopes.

# %%
inputs, targets = lesson.toy_regression_data(10, default_rng(0))
network = Network.random((2, 4, 1), default_rng(1))

def weight_slopes(x, t):
    return backward(forward(network, x), t).weight_slopes

batch_slopes = weight_slopes(inputs[:4], targets[:4])
one_at_a_time = [
    weight_slopes(inputs[i], targets[i]) for i in range(4)
]

for layer, slope in enumerate(batch_slopes):
    each = [slopes[layer] for slopes in one_at_a_time]
    assert np.allclose(slope, np.mean(each, axis=0))
print("first-layer weight slopes of the batch of 4:")
print(batch_slopes[0].round(4))

# %% [markdown]
# One update uses one batch's slopes, and only those. The other examples do not
# take part in that update at all; they get their turn in later updates.
#
# ## Epochs: one pass over all the data
#
# SGD walks through the training data batch by batch. When every example has
# been used once, that pass is over and the next one starts. One full pass
# through the training data is an [epoch](../glossary/#epoch): the first time
# through is the 1st epoch, the third time through is the 3rd epoch.
#
# Before each epoch the examples are shuffled, so that every pass cuts the data
# into different batches. Take the 10 examples above in batches of 4: an epoch
# has 3 updates, two batches of 4 and a last batch of 2. `sgd` draws each
# epoch's order from the random generator you give it, with
# `rng.permutation(n)`; here are the same orders, drawn by hand from a
# generator with the same seed:

# %%
n_examples, batch_size = len(inputs), 4
starts = range(0, n_examples, batch_size)

order_rng = default_rng(2)
for epoch in range(3):
    order = order_rng.permutation(n_examples)
    batches = [order[i : i + batch_size] for i in starts]
    shown = "  ".join(str(b.tolist()) for b in batches)
    print(f"epoch {epoch + 1}: {shown}")
    assert [len(b) for b in batches] == [4, 4, 2]
    # every example exactly once per epoch
    used = sorted(np.concatenate(batches).tolist())
    assert used == list(range(n_examples))

# %% [markdown]
# Each example appears exactly once per epoch, and the order changes from one
# epoch to the next.
#
# `sgd` runs exactly this schedule. Its history says which epoch every update
# belongs to. bpbook counts updates and epochs from 1, as this book does, so the
# 3rd epoch is epoch 3 and holds updates 7, 8 and 9. (Python's lists still start
# at 0: update $u$'s epoch is `epoch_of_update[u - 1]`.)

# %%
result = sgd(
    network, inputs, targets, learning_rate=0.05,
    batch_size=4, epochs=3, rng=default_rng(2),
)
history = result.history
third = np.flatnonzero(history.epoch_of_update == 3) + 1  # updates from 1
print("updates per epoch:", history.updates_per_epoch)
print("epoch of each update:", history.epoch_of_update)
print("updates in the 3rd epoch:", third)

assert history.updates_per_epoch == 3
assert history.epoch_of_update.tolist() == [
    1, 1, 1, 2, 2, 2, 3, 3, 3,
]
assert third.tolist() == [7, 8, 9]

# %% [markdown]
# To see that nothing else is going on, here is the same training written by
# hand: the same shuffles, and one `gradient_descent_step` (forward, backward,
# update) per batch. It ends with the same weights as `sgd`.

# %%
by_hand = network
order_rng = default_rng(2)
for epoch in range(3):
    order = order_rng.permutation(n_examples)
    for i in starts:
        rows = order[i : i + batch_size]
        by_hand = gradient_descent_step(
            by_hand, inputs[rows], targets[rows], 0.05
        )

pairs = zip(by_hand.weights, result.network.weights)
for mine, theirs in pairs:
    assert np.allclose(mine, theirs, rtol=0.0, atol=1e-12)
print("same weights as sgd()")

# %% [markdown]
# The lesson describes the plainest schedule: take the batches in the order
# the data comes in and, when the data is used up, start over at the
# beginning. That is `sgd(..., shuffle=False)`: every epoch then cuts the data
# into the same batches, examples 0 to 3, 4 to 7 and 8 to 9, and needs no
# random generator. Shuffling, `sgd`'s default, is an addition the lesson does
# not make; it is common in practice because a fixed order can make every
# epoch repeat the same zig-zag.

# %%
in_order = sgd(
    network, inputs, targets, learning_rate=0.05,
    batch_size=4, epochs=3, rng=None, shuffle=False,
)
by_hand = network
for epoch in range(3):
    for i in starts:  # 0, 4, 8: the same batches every epoch
        rows = np.arange(i, min(i + batch_size, n_examples))
        by_hand = gradient_descent_step(
            by_hand, inputs[rows], targets[rows], 0.05
        )
for mine, theirs in zip(by_hand.weights, in_order.network.weights):
    assert np.allclose(mine, theirs, rtol=0.0, atol=1e-12)
print("shuffle=False: batches in order, same weights as by hand")

# %% [markdown]
# Because the shuffling comes from a seeded generator, a run can be repeated
# exactly: the same seed gives the same batches and the same weights. A
# different seed gives different batches, and slightly different weights.

# %%
def train_with_seed(seed):
    return sgd(
        network, inputs, targets, 0.05,
        batch_size=4, epochs=3, rng=default_rng(seed),
    ).network


assert train_with_seed(2) == train_with_seed(2)
assert train_with_seed(2) != train_with_seed(3)

# %% [markdown]
# ## Batch size and the number of updates per epoch
#
# From here on we use 200 examples of the toy data set and a network with 16
# hidden nodes. With $n$ examples and a [batch size](../glossary/#batch-size)
# of $b$, an epoch has
# $\lceil n / b \rceil$ updates: $n / b$ rounded up. When $b$ does not divide
# $n$, the last batch of each epoch is smaller; no example is left out. For
# instance, batches of 32 give 7 updates per epoch: six batches of 32 and a
# last batch of 8.
#
# The table is computed, then checked against what `sgd` reports after one
# epoch.

# %%
inputs, targets = lesson.toy_regression_data(200, default_rng(0))
start = Network.random((2, 16, 1), default_rng(1))
n = len(inputs)

print("batch size  updates/epoch  batch sizes")
for b in (1, 8, 32, 64, 100, 150, 200):
    updates = math.ceil(n / b)
    sizes = [min(b, n - k * b) for k in range(updates)]
    if sizes[-1] == b:
        shown = f"{b} × {updates}"
    else:
        shown = f"{b} × {updates - 1} + {sizes[-1]}"
    print(f"{b:10d}  {updates:13d}  {shown}")
    assert sum(sizes) == n  # no example dropped

    one_epoch = sgd(start, inputs, targets, 0.05,
                    batch_size=b, epochs=1, rng=default_rng(2))
    h = one_epoch.history
    assert h.updates_per_epoch == updates
    assert len(h.loss_per_update) == updates

assert math.ceil(200 / 32) == 7
assert 200 - 6 * 32 == 8

# %% [markdown]
# The two ends of the table are the two classic methods:
#
# - **batch size 1**: one example per update, 200 updates per epoch. This is
#   SGD in its original, noisiest form.
# - **batch size 200 = n**: all the data in every update, 1 update per epoch.
#   This is full-batch gradient descent, the recap loop of the previous chapter.
#
# Everything in between is usually called mini-batch SGD; in practice "SGD"
# means any of them.
#
# ## Full-batch gradient descent is SGD with one batch
#
# With the batch size equal to the number of examples, every epoch is one
# update on all the data, whatever the shuffling (the mean over all examples
# does not depend on their order). So `sgd` with `batch_size=n` makes the same
# updates as `train`, the recap loop:

# %%
full = sgd(start, inputs, targets, 0.05,
           batch_size=n, epochs=30, rng=default_rng(2))
recap = train(start, inputs, targets, 0.05,
              tolerance=0.0, max_steps=30)

assert full.history.updates_per_epoch == 1
for mine, theirs in zip(full.network.weights,
                        recap.network.weights):
    assert np.allclose(mine, theirs, rtol=0.0, atol=1e-12)
print("full batch, 30 epochs: same weights as train()")
print(f"loss after 30 updates: {full.final_loss:.4f}")

# %% [markdown]
# ## Same number of epochs, different batch sizes
#
# Now train the same starting network for 30 epochs with the same learning
# rate and several batch sizes. Each run sees every example 30 times, but
# smaller batches make many more updates in those 30 epochs.
#
# `result.history` holds two views of the loss:
#
# - `loss_per_update`: the loss of the batch each update used, measured just
#   before that update (one entry per update);
# - `loss_per_epoch`: the mean loss over all examples during each epoch (each
#   batch's loss weighted by its size; one entry per epoch).

# %%
runs = {}
for b in (1, 8, 32, 200):
    runs[b] = sgd(start, inputs, targets, 0.05,
                  batch_size=b, epochs=30, rng=default_rng(2))

print("                   loss in epoch   final")
print("batch  updates        1       30    loss")
for b, run in runs.items():
    h = run.history
    first, last = h.loss_per_epoch[0], h.loss_per_epoch[-1]
    updates = len(h.loss_per_update)
    print(f"{b:5d}  {updates:7d}  {first:7.4f}  {last:7.4f}"
          f"  {run.final_loss:6.4f}")
    assert updates == 30 * h.updates_per_epoch
    assert len(h.loss_per_epoch) == 30

# loss_per_epoch: that epoch's batch losses, averaged
# with the batch sizes as weights.
h = runs[32].history
sizes = [32] * 6 + [8]
for epoch in range(1, 31):
    losses = h.loss_per_update[h.epoch_of_update == epoch]
    mean = np.average(losses, weights=sizes)
    assert np.isclose(h.loss_per_epoch[epoch - 1], mean)

# After 30 epochs, small batches are ahead of full batch.
assert runs[8].final_loss < runs[200].final_loss
assert runs[32].final_loss < runs[200].final_loss

# %% [markdown]
# After the same 30 epochs, the runs with small batches have a clearly lower
# loss than full-batch gradient descent: they made more updates for the same
# amount of data. Each of their updates was based on fewer examples, so each
# was a rougher guess of the direction downhill, but many rough steps beat a
# few careful ones here. (Batch size 1 pays for its roughness: its loss keeps
# jumping around instead of settling; see the next section.)
#
# ## Smaller batches, noisier loss curves
#
# The loss of one update is the loss of one batch. A batch is a small random
# sample of the data, and some samples happen to be easier than others, so
# with small batches the per-update loss jumps up and down even when the
# weights barely change. With the whole data set in every batch there is no
# such luck of the draw, and the curve is smooth.
#

# %%
from bpbook.figures import loss_curves_svg

# The runs from above, all starting from the same weights. Batch size 1 is left
# out: its curve jumps so much that it would hide the others.
loss_curves_svg({
    ("full batch" if b == len(inputs) else f"batch size {b}"): run
    for b, run in runs.items()
    if b != 1
})

# %% [markdown]
# *The loss of each update's batch, for three batch sizes, against the epoch
# (a vertical line marks the start of each epoch; the loss axis is
# logarithmic). Full-batch gradient descent makes one update per epoch and
# its curve is smooth; the smaller the batches, the more updates per epoch,
# the faster the loss falls at first, and the more it jumps from one update
# to the next.*
#
# One way to put a number on the noise: take the change in loss from one
# update to the next, over the last 10 epochs (when training has nearly
# settled), and measure how much it spreads out (its standard deviation). The
# smaller the batch, the bigger the spread.

# %%
print("batch size  spread (last 10 epochs)")
spreads = []
for b, run in runs.items():
    h = run.history
    late = h.loss_per_update[h.epoch_of_update > 20]
    spread = float(np.std(np.diff(late)))
    spreads.append(spread)
    print(f"{b:10d}  {spread:.6f}")

# The spread shrinks as the batch size grows.
assert spreads == sorted(spreads, reverse=True)
assert len(set(spreads)) == len(spreads)

# %% [markdown] tags=["site-only"]
# ## Try it: run SGD yourself
#
# Below is a small laboratory (it needs JavaScript): choose a batch size and a
# learning rate, run epochs on the 200 examples above from the same starting
# network, and watch the loss of every update, with a line where each epoch starts.
# The page does bpbook's arithmetic in the browser, without shuffling: each epoch
# takes the examples in the same order, as `sgd(..., shuffle=False)` does.

# %% tags=["site-only", "hide-input"]
# Page plumbing, not part of the lesson: the site hides this cell's code and shows its
# output (the laboratory); the downloaded notebook leaves the cell out.
import json

from IPython.display import HTML

explorable = {
    "kind": "sgd", "label": "Try it: run SGD on this chapter's data",
    "weights": [w.tolist() for w in start.weights],
    "biases": [None if b is None else b.tolist() for b in start.biases],
    "activations": [a.name for a in start.activations],
    "inputs": inputs.tolist(), "targets": targets.tolist(),
    "learningRate": 0.05, "batchSize": 32, "repeat": 5,
}
island = json.dumps(explorable).replace("<", "\\u003c")
HTML(
    f'<div class="bp-explorable"><script type="application/json">{island}</script></div>'
    '<script type="module" src="../javascripts/explorable/explorable.js"></script>'
)

# %% [markdown]
# So the batch size is a trade-off:
#
# - **small batches**: cheap updates, many per epoch, fast early progress, and
#   a noisy loss curve; a single update's loss says little, so judge progress
#   by `loss_per_epoch` instead.
# - **large batches**: each update is expensive and accurate, with few
#   updates per epoch and a smooth curve.
#
# The learning rate and the batch size work together: noisy small-batch slopes
# usually want a smaller learning rate than full-batch ones.
#
# ## Summary
#
# - SGD makes each update with the slopes of one batch of examples (the mean
#   of their slopes), then moves on to the next batch.
# - An epoch is one pass over all the training data; the 3rd pass is the 3rd
#   epoch (`epoch_of_update == 3`: bpbook counts epochs and updates from 1).
# - `sgd` shuffles the examples at the start of every epoch with the generator
#   you pass, so a fixed seed repeats a run exactly.
# - An epoch has $\lceil n / b \rceil$ updates; the last batch is smaller when
#   $b$ does not divide $n$, and no example is dropped.
# - Batch size $n$ is full-batch gradient descent (the recap loop); small
#   batches make more, cheaper, noisier updates.
# - `history.loss_per_update` shows the noise of individual batches;
#   `history.loss_per_epoch` shows the trend.

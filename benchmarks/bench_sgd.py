"""How fast is bpbook's stochastic gradient descent, against a bare numpy loop?

For a few MLP sizes, this script times a short SGD run (each epoch: shuffle,
then one update per batch) with ``bpbook.sgd`` and with the shortest honest
numpy loop that does the same arithmetic, and prints the time of one update
for each (median run time / number of updates; bpbook's one-off input checks
are included, spread over the run's updates), their ratio, and the ratio of
forward+backward to forward alone (bpbook's public ``forward`` and
``backward`` on one batch), and the ratio of a hand-written loop over the public
``forward``, ``backward`` and ``update_weights`` (what the practice chapter teaches,
the same shuffles and updates) to ``sgd``.

Ratios come from a single run on the same machine, so they travel better than
absolute times; the two sides of each ratio are timed in alternation, so a
busy machine slows both alike. Targets: bpbook within 1.25x of the bare loop at batch 32 and
within 1.05x at batch 128; forward+backward within 3.5x of forward; the hand-written
loop within 1.5x of ``sgd`` per update.

Last, the digits-size classifier of the practice trial (issue 18): 64-64-10 with
biases, ReLU hidden nodes, softmax and cross-entropy, batch 32, one epoch over 1,347
examples of 64 inputs in [0, 1] (scikit-learn's digits, 75 % of 1,797, in shape;
random here, so no download), ``sgd`` against the bare numpy loop of the same
arithmetic. Target: within 1.15x.

Run: ``make bench`` (or ``python benchmarks/bench_sgd.py [--quick]``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

import bpbook
from bpbook import Network, backward, forward, sgd, update_weights

CASES = [  # (layer sizes, batch size)
    ((2, 16, 1), 8),
    ((64, 128, 10), 32),
    ((784, 128, 64, 10), 128),
]
UPDATES_PER_EPOCH = 40
EPOCHS = 5
LEARNING_RATE = 1e-3


def bare_numpy_sgd(
    weights: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
) -> None:
    """SGD for a bias-free ReLU MLP with identity output, weights updated in place."""
    n_layers = len(weights)
    for _ in range(EPOCHS):
        _bare_epoch(weights, x, y, batch_size, rng, n_layers)


def _bare_epoch(
    weights: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
    n_layers: int,
) -> None:
    order = rng.permutation(x.shape[0])
    for start in range(0, x.shape[0], batch_size):
        rows = order[start : start + batch_size]
        xb, yb = x[rows], y[rows]
        values, inputs = [xb], []
        a = xb
        for k, w in enumerate(weights):
            z = a @ w
            a = np.maximum(z, 0.0) if k < n_layers - 1 else z
            inputs.append(z)
            values.append(a)
        slope = (2.0 / xb.shape[0]) * (a - yb)
        for k in range(n_layers - 1, -1, -1):
            if k < n_layers - 1:
                slope = slope * (inputs[k] > 0)
            grad = values[k].T @ slope
            if k > 0:
                slope = slope @ weights[k].T
            weights[k] -= LEARNING_RATE * grad


def hand_written_sgd(
    start: Network, x: np.ndarray, y: np.ndarray, batch_size: int, rng: np.random.Generator
) -> Network:
    """SGD as a reader writes it with the public API: forward, backward, update_weights."""
    network = start
    for _ in range(EPOCHS):
        order = rng.permutation(x.shape[0])
        for begin in range(0, x.shape[0], batch_size):
            rows = order[begin : begin + batch_size]
            slopes = backward(forward(network, x[rows]), y[rows])
            network = update_weights(network, slopes, LEARNING_RATE)
    return network


def bare_numpy_classifier_epoch(
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    x: np.ndarray,
    labels: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
) -> None:
    """One SGD epoch of a ReLU MLP with biases and a softmax + cross-entropy output."""
    one_hot = np.eye(weights[-1].shape[1])[labels]
    last = len(weights) - 1
    order = rng.permutation(x.shape[0])
    for start in range(0, x.shape[0], batch_size):
        rows = order[start : start + batch_size]
        a, values, inputs = x[rows], [x[rows]], []
        for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
            z = a @ w + b
            inputs.append(z)
            if k < last:
                a = np.maximum(z, 0.0)
            else:
                e = np.exp(z - z.max(axis=1, keepdims=True))
                a = e / e.sum(axis=1, keepdims=True)
            values.append(a)
        slope = (a - one_hot[rows]) / len(rows)  # softmax + cross-entropy: (p - t) / n
        for k in range(last, -1, -1):
            if k < last:
                slope = slope * (inputs[k] > 0)
            grad, bias_grad = values[k].T @ slope, slope.sum(axis=0)
            if k > 0:
                slope = slope @ weights[k].T
            weights[k] -= DIGITS_LEARNING_RATE * grad
            biases[k] -= DIGITS_LEARNING_RATE * bias_grad


DIGITS_LEARNING_RATE = 0.1


def digits_case(repeats: int) -> None:
    """The digits-size classifier, one epoch: bpbook's sgd against the bare numpy loop."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(1347, 64)) * (rng.uniform(size=(1347, 64)) < 0.5)
    labels = rng.integers(0, 10, size=1347)
    start = Network.random((64, 64, 10), rng, output="softmax", biases=True)

    def with_bpbook() -> object:
        return sgd(start, x, labels, DIGITS_LEARNING_RATE, batch_size=32, epochs=1,
                   rng=np.random.default_rng(1))  # fmt: skip

    def with_numpy() -> tuple[list[np.ndarray], list[np.ndarray]]:
        weights = [w.copy() for w in start.weights]
        biases = [np.array(b) for b in start.biases]
        bare_numpy_classifier_epoch(weights, biases, x, labels, 32, np.random.default_rng(1))
        return weights, biases

    trained = with_bpbook()
    assert isinstance(trained, bpbook.TrainingResult)
    weights, biases = with_numpy()
    ours = [*trained.network.weights, *trained.network.biases]
    for a, b in zip(ours, [*weights, *biases], strict=True):
        assert a is not None
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    t_bpbook, t_numpy = paired_medians(with_bpbook, with_numpy, repeats)
    print(
        f"\ndigits-size classifier 64-64-10 (softmax, biases), batch 32, one epoch of 1347: "
        f"bpbook {t_bpbook * 1e3:.2f} ms, bare numpy {t_numpy * 1e3:.2f} ms, "
        f"ratio {t_bpbook / t_numpy:.2f}x (target 1.15x)"
    )


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median seconds of each callable, timed in alternation after one warm-up call each."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for run, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            run()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 25

    print(f"bpbook {bpbook.__version__}, numpy {np.__version__}; median of {repeats} runs")
    print(
        f"one SGD update = one batch; each run is {EPOCHS} epochs of {UPDATES_PER_EPOCH} updates\n"
    )
    header = (
        f"{'network':<16}{'batch':>6}{'bpbook':>12}{'bare numpy':>12}"
        f"{'ratio':>8}{'fwd+bwd / fwd':>15}{'by hand / sgd':>15}"
    )
    print(header)
    print("-" * len(header))
    for sizes, batch in CASES:
        rng = np.random.default_rng(0)
        n = batch * UPDATES_PER_EPOCH
        x = rng.normal(size=(n, sizes[0]))
        y = rng.normal(size=(n, sizes[-1]))
        start = Network.random(sizes, rng)

        def with_bpbook(
            start: Network = start, x: np.ndarray = x, y: np.ndarray = y, batch: int = batch
        ) -> object:
            return sgd(
                start,
                x,
                y,
                LEARNING_RATE,
                batch_size=batch,
                epochs=EPOCHS,
                rng=np.random.default_rng(1),
            )

        def with_numpy(
            start: Network = start, x: np.ndarray = x, y: np.ndarray = y, batch: int = batch
        ) -> None:
            weights = [w.copy() for w in start.weights]
            bare_numpy_sgd(weights, x, y, batch, np.random.default_rng(1))

        # Same shuffles, same arithmetic: the two must end at the same weights.
        weights = [w.copy() for w in start.weights]
        bare_numpy_sgd(weights, x, y, batch, np.random.default_rng(1))
        trained = with_bpbook()
        assert isinstance(trained, bpbook.TrainingResult)
        for a, b in zip(trained.network.weights, weights, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)

        updates = EPOCHS * UPDATES_PER_EPOCH
        t_bpbook, t_numpy = (t / updates for t in paired_medians(with_bpbook, with_numpy, repeats))

        xb, yb = x[:batch], y[:batch]

        def forward_only(start: Network = start, xb: np.ndarray = xb) -> object:
            return forward(start, xb)

        def forward_backward(
            start: Network = start, xb: np.ndarray = xb, yb: np.ndarray = yb
        ) -> object:
            return backward(forward(start, xb), yb)

        t_forward, t_both = paired_medians(forward_only, forward_backward, repeats * 20)

        def by_hand(
            start: Network = start, x: np.ndarray = x, y: np.ndarray = y, batch: int = batch
        ) -> Network:
            return hand_written_sgd(start, x, y, batch, np.random.default_rng(1))

        for a, b in zip(by_hand().weights, trained.network.weights, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
        t_hand, t_sgd = paired_medians(by_hand, with_bpbook, repeats)

        name = "-".join(str(s) for s in sizes)
        print(
            f"{name:<16}{batch:>6}{t_bpbook * 1e6:>10.1f}us{t_numpy * 1e6:>10.1f}us"
            f"{t_bpbook / t_numpy:>7.2f}x{t_both / t_forward:>14.2f}x{t_hand / t_sgd:>14.2f}x"
        )
    digits_case(repeats)


if __name__ == "__main__":
    main()

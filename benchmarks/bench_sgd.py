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


if __name__ == "__main__":
    main()

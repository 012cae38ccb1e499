"""How fast is bpbook's stochastic gradient descent, against a bare numpy loop?

For a few MLP sizes, this script times a short SGD run (each epoch: shuffle,
then one update per batch) with ``bpbook.sgd`` and with the shortest honest
numpy loop that does the same arithmetic, and prints the time of one update
for each (median run time / number of updates; bpbook's one-off input checks
are included, spread over the run's updates), their ratio, the ratio of
forward+backward to forward alone (bpbook's public ``forward`` and
``backward`` on one batch), and the ratio of a hand-written loop over the public
``forward``, ``backward`` and ``update_weights`` (what the practice chapter teaches,
the same shuffles and updates) to ``sgd``.

Ratios come from a single run on the same machine, so they travel better than
absolute times; the two sides of each ratio are timed in alternation, so a busy
machine slows both alike. Every side runs on ``--threads`` threads (default 1):
NumPy's BLAS through threadpoolctl (it comes with scikit-learn; without it, the BLAS's
default), PyTorch through ``torch.set_num_threads``. At batch 32 a matrix product is
too small to gain from more, and on a shared machine extra BLAS threads mostly wait
for each other. Targets, printed with each ratio:
bpbook within 1.25x of the bare loop at batch 32 and within 1.05x at batch 128;
forward+backward within 3x of forward; the hand-written loop within 1.5x of
``sgd`` per update. The public functions check every argument on every call (a
fixed cost of some tens of microseconds per update), so on the small networks, whose
whole ``sgd`` update costs about as much, the hand-written loop stays above 1.5x (well
above on the tiny 2-16-1); the large one meets it.

Last, the digits-size classifier of the practice trial (issue 18): 64-64-10 with
biases, ReLU hidden nodes, softmax and cross-entropy, batch 32, one epoch over 1,347
examples of 64 inputs in [0, 1] (scikit-learn's digits, 75 % of 1,797, in shape;
random here, so no download), ``sgd`` against the bare numpy loop of the same
updates (target: within 1.15x), against that loop when it also computes what ``sgd``
reports besides the weights (each batch's loss for the history, and the loss on all
the data at the end, ``final_loss``, which takes a forward pass over all of it and which
``sgd`` computes only when it is read, so this side reads it; no target: it shows how
much of the first ratio is that work rather than bpbook's overhead), and against the
hand-written loop (1.5x). When
PyTorch is installed (``make bench-torch`` runs this script in the PyTorch venv), also
against a plain PyTorch CPU loop (``nn.Sequential`` of ``nn.Linear`` and ``nn.ReLU``,
``F.cross_entropy``, ``optim.SGD``) on the same network in float64, bpbook's number
type, from bpbook's starting weights and with the same shuffles (target: bpbook
within 0.5x of PyTorch's time); when scikit-learn is installed, against
``MLPClassifier`` of the same shape for one epoch (``solver="sgd"``, the same batch
and learning rate, no momentum, no weight decay, no early or tolerance stopping; its
own starting weights and shuffles). Each comparison first checks that the two sides
end at the same weights (scikit-learn excepted).

Run: ``make bench`` (or ``python benchmarks/bench_sgd.py [--quick]``), ``make
bench-torch`` for the PyTorch line.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import statistics
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

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
# Targets (see the docstring): bpbook / bare numpy by batch size, and the other ratios.
NUMPY_TARGET = {32: 1.25, 128: 1.05}
FORWARD_BACKWARD_TARGET = 3.0
BY_HAND_TARGET = 1.5
DIGITS_NUMPY_TARGET = 1.15
DIGITS_TORCH_TARGET = 0.5


def verdict(ratio: float, target: float | None) -> str:
    """``ratio`` with its target, marked when it misses."""
    if target is None:
        return f"{ratio:.2f}x"
    return f"{ratio:.2f}x (target {target:g}x{'' if ratio <= target else ', MISSED'})"


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
    start: Network,
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
    epochs: int = EPOCHS,
    learning_rate: float = LEARNING_RATE,
) -> Network:
    """SGD as a reader writes it with the public API: forward, backward, update_weights."""
    network = start
    for _ in range(epochs):
        order = rng.permutation(x.shape[0])
        for begin in range(0, x.shape[0], batch_size):
            rows = order[begin : begin + batch_size]
            slopes = backward(forward(network, x[rows]), y[rows])
            network = update_weights(network, slopes, learning_rate)
    return network


def bare_numpy_classifier_epoch(
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    x: np.ndarray,
    labels: np.ndarray,
    batch_size: int,
    rng: np.random.Generator,
    losses: list[float] | None = None,
) -> None:
    """One SGD epoch of a ReLU MLP with biases and a softmax + cross-entropy output.

    With ``losses``, each batch's cross-entropy (log-sum-exp) is appended to it, and,
    after the epoch, the loss on all the data: what ``sgd`` reports besides the weights.
    """
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
                largest = z.max(axis=1, keepdims=True)
                e = np.exp(z - largest)
                sums = e.sum(axis=1, keepdims=True)
                a = e / sums
                if losses is not None:
                    per_row = (largest[:, 0] - (z * one_hot[rows]).sum(axis=1)) + np.log(sums[:, 0])
                    losses.append(float(per_row.sum()) / len(rows))
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
    if losses is not None:  # the loss on all the data, as sgd's final_loss
        a = x
        for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
            z = a @ w + b
            a = np.maximum(z, 0.0) if k < last else z
        largest = z.max(axis=1, keepdims=True)
        log_sums = np.log(np.exp(z - largest).sum(axis=1))
        losses.append(float(((largest[:, 0] - (z * one_hot).sum(axis=1)) + log_sums).mean()))


DIGITS_LEARNING_RATE = 0.1
DIGITS_SIZES = (64, 64, 10)
DIGITS_BATCH = 32


def digits_data() -> tuple[np.ndarray, np.ndarray, Network]:
    """Inputs, labels and the starting network of the digits-size case."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(1347, 64)) * (rng.uniform(size=(1347, 64)) < 0.5)
    labels = rng.integers(0, 10, size=1347)
    start = Network.random(DIGITS_SIZES, rng, output="softmax", biases=True)
    return x, labels, start


def assert_same_arrays(ours: list[Any], theirs: list[Any]) -> None:
    """Both sides of a comparison ended at the same weights (float64 round-off apart)."""
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def digits_case(repeats: int, threads: int) -> None:
    """The digits-size classifier, one epoch: sgd against numpy, by hand, PyTorch, sklearn."""
    x, labels, start = digits_data()

    def with_bpbook() -> bpbook.TrainingResult:
        return sgd(start, x, labels, DIGITS_LEARNING_RATE, batch_size=DIGITS_BATCH, epochs=1,
                   rng=np.random.default_rng(1))  # fmt: skip

    def with_numpy() -> list[np.ndarray]:
        weights = [w.copy() for w in start.weights]
        biases = [np.array(b) for b in start.biases]
        bare_numpy_classifier_epoch(weights, biases, x, labels, DIGITS_BATCH,
                                    np.random.default_rng(1))  # fmt: skip
        return [*weights, *biases]

    def by_hand() -> Network:
        return hand_written_sgd(start, x, labels, DIGITS_BATCH, np.random.default_rng(1),
                                epochs=1, learning_rate=DIGITS_LEARNING_RATE)  # fmt: skip

    def with_numpy_and_losses() -> list[float]:
        losses: list[float] = []
        bare_numpy_classifier_epoch([w.copy() for w in start.weights],
                                    [np.array(b) for b in start.biases], x, labels,
                                    DIGITS_BATCH, np.random.default_rng(1), losses)  # fmt: skip
        return losses

    result = with_bpbook()
    ours = [*result.network.weights, *result.network.biases]
    assert_same_arrays(ours, with_numpy())
    assert_same_arrays(ours, [*by_hand().weights, *by_hand().biases])
    reported = [*result.history.loss_per_update, result.final_loss]
    np.testing.assert_allclose(with_numpy_and_losses(), reported, rtol=1e-9)
    t_bpbook, t_numpy = paired_medians(with_bpbook, with_numpy, repeats)
    t_losses_bpbook, t_losses = paired_medians(
        lambda: with_bpbook().final_loss, with_numpy_and_losses, repeats
    )
    t_hand, t_sgd = paired_medians(by_hand, with_bpbook, repeats)
    print(
        f"\ndigits-size classifier 64-64-10 (softmax, biases), batch 32, one epoch of 1347 "
        f"({-(-1347 // DIGITS_BATCH)} updates):\n"
        f"  bpbook sgd {t_bpbook * 1e3:.2f} ms, bare numpy {t_numpy * 1e3:.2f} ms: "
        f"{verdict(t_bpbook / t_numpy, DIGITS_NUMPY_TARGET)}\n"
        f"  bare numpy that also computes the losses sgd reports (each batch's, then the "
        f"final one on all the data) {t_losses * 1e3:.2f} ms, bpbook {t_losses_bpbook * 1e3:.2f}"
        f" ms: {verdict(t_losses_bpbook / t_losses, None)}\n"
        f"  hand-written loop {t_hand * 1e3:.2f} ms, sgd {t_sgd * 1e3:.2f} ms: "
        f"{verdict(t_hand / t_sgd, BY_HAND_TARGET)}"
    )
    if importlib.util.find_spec("torch") is not None:
        torch_comparison(with_bpbook, ours, repeats, threads)
    else:
        print("  PyTorch: not installed here (make bench-torch runs this in .venv-torch)")
    if importlib.util.find_spec("sklearn") is not None:
        sklearn_comparison(with_bpbook, repeats)
    else:
        print("  scikit-learn: not installed here")


def torch_comparison(
    with_bpbook: Callable[[], object], ours: list[Any], repeats: int, threads: int
) -> None:
    """A plain PyTorch CPU loop, float64, bpbook's starting weights and shuffles."""
    import torch  # only here: torch is no dependency of bpbook or of make bench

    torch.set_num_threads(threads)
    x, labels, start = digits_data()
    inputs, targets = torch.from_numpy(x), torch.from_numpy(labels)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 64, dtype=torch.float64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10, dtype=torch.float64),
    )
    linears = [model[0], model[2]]

    def with_torch() -> list[np.ndarray]:
        with torch.no_grad():  # bpbook's starting weights: (n_in, n_out) -> (n_out, n_in)
            for layer, w, b in zip(linears, start.weights, start.biases, strict=True):
                layer.weight.copy_(torch.tensor(w.T))
                layer.bias.copy_(torch.tensor(b))
        optimiser = torch.optim.SGD(model.parameters(), lr=DIGITS_LEARNING_RATE)
        order = torch.from_numpy(np.random.default_rng(1).permutation(1347))
        for begin in range(0, 1347, DIGITS_BATCH):
            rows = order[begin : begin + DIGITS_BATCH]
            optimiser.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(inputs[rows]), targets[rows])
            loss.backward()
            optimiser.step()
        return [layer.weight.detach().numpy().T for layer in linears] + [
            layer.bias.detach().numpy() for layer in linears
        ]

    assert_same_arrays(ours, with_torch())
    t_bpbook, t_torch = paired_medians(with_bpbook, with_torch, repeats)
    print(
        f"  PyTorch {torch.__version__} (float64, {torch.get_num_threads()} thread) "
        f"{t_torch * 1e3:.2f} ms, bpbook {t_bpbook * 1e3:.2f} ms: bpbook / PyTorch "
        f"{verdict(t_bpbook / t_torch, DIGITS_TORCH_TARGET)}"
    )


def sklearn_comparison(with_bpbook: Callable[[], object], repeats: int) -> None:
    """scikit-learn's MLPClassifier, the same shape, batch, rate and one epoch."""
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    x, labels, _ = digits_data()

    def with_sklearn() -> object:
        model = MLPClassifier(
            hidden_layer_sizes=(64,), activation="relu", solver="sgd",
            learning_rate="constant", learning_rate_init=DIGITS_LEARNING_RATE,
            batch_size=DIGITS_BATCH, max_iter=1, momentum=0.0, nesterovs_momentum=False,
            alpha=0.0, shuffle=True, tol=0.0, n_iter_no_change=1, early_stopping=False,
            random_state=1,
        )  # fmt: skip
        with warnings.catch_warnings():  # one epoch is what we asked for
            warnings.simplefilter("ignore", ConvergenceWarning)
            return model.fit(x, labels)

    t_bpbook, t_sklearn = paired_medians(with_bpbook, with_sklearn, repeats)
    print(
        f"  scikit-learn {sklearn.__version__} MLPClassifier {t_sklearn * 1e3:.2f} ms, bpbook "
        f"{t_bpbook * 1e3:.2f} ms: bpbook / scikit-learn {verdict(t_bpbook / t_sklearn, None)}"
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


@contextlib.contextmanager
def blas_threads(threads: int) -> Iterator[str]:
    """NumPy's BLAS limited to ``threads`` (threadpoolctl), and how many it uses."""
    if importlib.util.find_spec("threadpoolctl") is None:
        yield "NumPy: its BLAS's default threads (threadpoolctl not installed)"
        return
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(limits=threads, user_api="blas"):
        yield f"NumPy: {threads} BLAS thread{'s' if threads > 1 else ''}"


def regression_case(sizes: tuple[int, ...], batch: int, repeats: int) -> str:
    """One row of the table: bpbook sgd against numpy, forward+backward, by hand."""
    rng = np.random.default_rng(0)
    n = batch * UPDATES_PER_EPOCH
    x = rng.normal(size=(n, sizes[0]))
    y = rng.normal(size=(n, sizes[-1]))
    start = Network.random(sizes, rng)

    def with_bpbook() -> bpbook.TrainingResult:
        return sgd(start, x, y, LEARNING_RATE, batch_size=batch, epochs=EPOCHS,
                   rng=np.random.default_rng(1))  # fmt: skip

    def with_numpy() -> list[np.ndarray]:
        weights = [w.copy() for w in start.weights]
        bare_numpy_sgd(weights, x, y, batch, np.random.default_rng(1))
        return weights

    def by_hand() -> Network:
        return hand_written_sgd(start, x, y, batch, np.random.default_rng(1))

    # Same shuffles, same arithmetic: the three must end at the same weights.
    trained = with_bpbook()
    assert_same_arrays(list(trained.network.weights), with_numpy())
    assert_same_arrays(list(trained.network.weights), list(by_hand().weights))
    updates = EPOCHS * UPDATES_PER_EPOCH
    t_bpbook, t_numpy = (t / updates for t in paired_medians(with_bpbook, with_numpy, repeats))
    xb, yb = x[:batch], y[:batch]
    t_forward, t_both = paired_medians(
        lambda: forward(start, xb), lambda: backward(forward(start, xb), yb), repeats * 20
    )
    t_hand, t_sgd = paired_medians(by_hand, with_bpbook, repeats)
    name = "-".join(str(s) for s in sizes)
    return (
        f"{name:<15}{batch:>6}{t_bpbook * 1e6:>10.1f}us{t_numpy * 1e6:>10.1f}us  "
        f"{verdict(t_bpbook / t_numpy, NUMPY_TARGET.get(batch)):<30}"
        f"{verdict(t_both / t_forward, FORWARD_BACKWARD_TARGET):<30}"
        f"{verdict(t_hand / t_sgd, BY_HAND_TARGET)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--threads", type=int, default=1, help="BLAS and PyTorch threads")
    args = parser.parse_args()
    repeats = 3 if args.quick else 25
    with blas_threads(args.threads) as threads:
        print(f"bpbook {bpbook.__version__}, numpy {np.__version__}; median of {repeats} runs")
        print(threads)
        print(f"one SGD update = one batch; each run is {EPOCHS} epochs of "
              f"{UPDATES_PER_EPOCH} updates\n")  # fmt: skip
        header = (
            f"{'network':<15}{'batch':>6}{'bpbook':>12}{'bare numpy':>12}  "
            f"{'bpbook / numpy':<30}{'fwd+bwd / fwd':<30}{'by hand / sgd'}"
        )
        print(header)
        print("-" * (len(header) + 16))
        for sizes, batch in CASES:
            print(regression_case(sizes, batch, repeats))
        digits_case(repeats, args.threads)


if __name__ == "__main__":
    main()

"""The explorables' engine (docs/javascripts/explorable/engine.js) computes what bpbook computes.

The served module is imported into a real page (``import()`` of its URL) and run on
the same networks as bpbook, in this process:

* 300 random networks (seeded numpy): 1 to 4 layers of weights, widths 1 to 6, a
  random activation per layer, batches of 1 to 8, biases or none; node inputs, node
  values, every slope, the loss, the three factors and the weights after one update;
* 300 random classifiers (a softmax output of 2 to 6 classes, cross-entropy, one-hot
  targets; some with node inputs in the thousands, where a naive softmax overflows),
  with ``classifier.js`` imported (it adds softmax to the engine);
* the lesson's networks, with the lesson's numbers;
* SGD without shuffling on the SGD chapter's data, against ``bpbook.sgd(..., shuffle=False)``;
* the loss surface (``surface.js``, loss-slope chapter): gradient-descent paths from many
  starts and learning rates, every point's weights and loss and where the run stops,
  against ``bpbook.gradient_descent_step`` and ``bpbook.train``; the map's losses and
  contour lines against bpbook's losses and matplotlib's contour generator;
* the page's number formatting and step captions against ``bpbook.figures``.

Relative error of an array: ``max |js - bpbook| / max |bpbook|`` over the array (one
layer's node values, one layer's weight slopes, ...). A near-zero entry is thus judged
against the largest entry of the same array (its scale), not against itself: a slope
that is zero up to rounding, like 1e-17 from ``a*b - a*b``, cannot blow the ratio up.
An all-zero array must be matched exactly.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest
from numpy.random import default_rng

from bpbook import (
    Network,
    TrainingDivergedError,
    backward,
    forward,
    gradient_descent_step,
    lesson,
    sgd,
    squared_error,
    three_factors,
    train,
    update_weights,
)
from bpbook.figures import contour_levels, format_number
from tests.browser.step_captions import step_captions

pytestmark = pytest.mark.browser

TOLERANCE = 1e-12
ACTIVATIONS = ("relu", "identity", "sigmoid", "tanh")
EXPLORABLE = "javascripts/explorable/"

RUN_CASES = """async ([url, cases, modules = []]) => {
  const e = await import(url + "engine.js");
  for (const name of modules) await import(url + name);
  return cases.map((c) => {
    const net = { weights: c.weights, biases: c.biases, activations: c.activations };
    const fp = e.forward(net, c.inputs);
    const s = e.backward(net, fp, c.targets);
    const one = e.forward(net, [c.inputs[0]]);
    const [k, i, j] = c.pick;
    return {
      nodeInputs: fp.nodeInputs, nodeValues: fp.nodeValues, loss: s.loss, error: s.error,
      nodeSlopes: s.nodeSlopes, activationSlopes: s.activationSlopes,
      inputSlopes: s.inputSlopes, weightSlopes: s.weightSlopes, biasSlopes: s.biasSlopes,
      updated: e.update(net, s, c.learningRate),
      factors: e.threeFactors(net, one, e.backward(net, one, [c.targets[0]]), k, i, j),
    };
  });
}"""


def relative_error(js: Any, py: Any) -> float:
    """``max |js - py| / max |py|`` over the array; an all-zero ``py`` must be matched exactly."""
    a, b = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert a.shape == b.shape, f"shapes differ: {a.shape} (page) vs {b.shape} (bpbook)"
    scale = float(np.max(np.abs(b), initial=0.0))
    difference = float(np.max(np.abs(a - b), initial=0.0))
    if scale == 0.0:
        return 0.0 if difference == 0.0 else float("inf")
    return difference / scale


def random_case(rng: np.random.Generator) -> dict[str, Any]:
    depth = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(1, 7, size=depth + 1)]
    with_biases = bool(rng.random() < 0.5)
    batch = int(rng.integers(1, 9))
    weights = [
        rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)).tolist()
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    biases = [rng.normal(0.0, 0.5, size=n).tolist() if with_biases else None for n in sizes[1:]]
    k = int(rng.integers(1, depth + 1))
    return {
        "weights": weights,
        "biases": biases,
        "activations": [str(a) for a in rng.choice(ACTIVATIONS, size=depth)],
        "inputs": rng.normal(size=(batch, sizes[0])).tolist(),
        "targets": rng.normal(size=(batch, sizes[-1])).tolist(),
        "learningRate": float(rng.uniform(0.001, 0.5)),
        "pick": [k, int(rng.integers(sizes[k - 1])), int(rng.integers(sizes[k]))],
    }


def random_classifier_case(rng: np.random.Generator) -> dict[str, Any]:
    """A `random_case` with a softmax output of 2 to 6 classes and one-hot targets."""
    case = random_case(rng)
    n_in = len(case["weights"][-1])
    classes = int(rng.integers(2, 7))
    case["weights"][-1] = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, classes)).tolist()
    if case["biases"][-1] is not None:
        case["biases"][-1] = rng.normal(0.0, 0.5, size=classes).tolist()
    case["activations"][-1] = "softmax"
    if rng.random() < 0.2:  # node inputs in the thousands: exp(z) alone would overflow
        case["weights"][-1] = (np.asarray(case["weights"][-1]) * 400.0).tolist()
    labels = rng.integers(classes, size=len(case["inputs"]))
    case["targets"] = np.eye(classes)[labels].tolist()
    case["pick"][2] = int(rng.integers(len(case["weights"][case["pick"][0] - 1][0])))
    return case


def lesson_cases() -> list[dict[str, Any]]:
    cases = []
    for network, x, t, rate in (
        (lesson.deeper_network(), lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET, 0.01),
        (
            lesson.single_weight_network(),
            lesson.SINGLE_WEIGHT_INPUT,
            lesson.SINGLE_WEIGHT_TARGET,
            lesson.SINGLE_WEIGHT_LEARNING_RATE,
        ),
        (
            lesson.two_weight_network(),
            lesson.TWO_WEIGHT_INPUTS,
            lesson.TWO_WEIGHT_TARGET,
            lesson.TWO_WEIGHT_LEARNING_RATE,
        ),
    ):
        cases.append(
            {
                "weights": [w.tolist() for w in network.weights],
                "biases": [None for _ in network.weights],
                "activations": [a.name for a in network.activations],
                "inputs": [np.asarray(x).tolist()],
                "targets": [[float(t)]],
                "learningRate": rate,
                "pick": [len(network.weights), 0, 0],
            }
        )
    return cases


def compare(case: dict[str, Any], js: dict[str, Any]) -> dict[str, float]:
    """Every quantity's relative error, page against bpbook."""
    network = Network(case["weights"], activations=case["activations"], biases=case["biases"])
    fp = forward(network, case["inputs"])
    slopes = backward(fp, case["targets"])
    updated = update_weights(network, slopes, case["learningRate"])
    errors: dict[str, float] = {"loss": relative_error(js["loss"], slopes.loss)}
    errors["error"] = relative_error(js["error"], slopes.error)
    pairs = {
        "node inputs": (js["nodeInputs"], fp.node_inputs),
        "node values": (js["nodeValues"], fp.node_values),
        "node slopes": (js["nodeSlopes"], slopes.node_slopes),
        "activation slopes": (js["activationSlopes"], slopes.activation_slopes),
        "node-input slopes": (js["inputSlopes"], slopes.node_input_slopes),
        "weight slopes": (js["weightSlopes"], slopes.weight_slopes),
        "updated weights": (js["updated"]["weights"], updated.weights),
    }
    for name, (mine, theirs) in pairs.items():
        assert len(mine) == len(theirs), name
        errors[name] = max(relative_error(m, t) for m, t in zip(mine, theirs, strict=True))
    for page_bias, bias, new, old in zip(
        js["biasSlopes"], slopes.bias_slopes, js["updated"]["biases"], updated.biases, strict=True
    ):
        assert (page_bias is None) == (bias is None) == (new is None) == (old is None)
        if bias is not None:
            errors["bias slopes"] = max(
                errors.get("bias slopes", 0.0), relative_error(page_bias, bias)
            )
            errors["updated biases"] = max(
                errors.get("updated biases", 0.0), relative_error(new, old)
            )
    k, i, j = case["pick"]
    row = three_factors(
        network, case["inputs"][0], case["targets"][0], layer=k, from_node=i, to_node=j
    )
    shown = js["factors"]
    factors = [row.value_feeding_in, row.slope_of_node_fed, row.activation_slope]
    errors["three factors"] = relative_error(
        [*shown["factors"], shown["product"], shown["slope"], shown["weight"]],
        [*factors, row.product, row.backprop_slope, row.weight],
    )
    return errors


def test_engine_matches_bpbook_on_300_random_networks_and_the_lessons(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "three-factor/")
    rng = default_rng(20261130)
    cases = [random_case(rng) for _ in range(300)] + lesson_cases()
    results = page.evaluate(RUN_CASES, [site_url + EXPLORABLE, cases])
    worst: dict[str, float] = {}
    numbers = 0
    for case, js in zip(cases, results, strict=True):
        for name, error in compare(case, js).items():
            worst[name] = max(worst.get(name, 0.0), error)
        numbers += len(json.dumps(js).split(","))
    summary = ", ".join(f"{name} {error:.1e}" for name, error in sorted(worst.items()))
    print(f"\nengine vs bpbook: {len(cases)} networks, about {numbers} numbers; worst: {summary}")
    assert max(worst.values()) <= TOLERANCE, summary
    shapes = {(len(c["weights"]), len(c["inputs"]), c["biases"][0] is None) for c in cases}
    assert len(shapes) >= 40, "the random networks should vary in depth, batch and biases"
    # The lesson's numbers, exactly as the book states them.
    deeper, single, two = results[-3:]
    assert deeper["weightSlopes"] == [[[0, 0], [6, 12]], [[6], [18]]]
    assert single["weightSlopes"] == [[[-24]]]
    assert np.allclose(two["updated"]["weights"], [[[0.7], [1.6]]], rtol=0, atol=1e-12)


def test_engine_matches_bpbook_on_300_random_classifiers(page: Any, site_url: str) -> None:
    page.goto(site_url + "three-factor/")
    rng = default_rng(20261207)
    cases = [random_classifier_case(rng) for _ in range(300)]
    results = page.evaluate(RUN_CASES, [site_url + EXPLORABLE, cases, ["classifier.js"]])
    worst: dict[str, float] = {}
    for case, js in zip(cases, results, strict=True):
        network = Network(case["weights"], activations=case["activations"], biases=case["biases"])
        assert network.is_classifier
        for name, error in compare(case, js).items():
            worst[name] = max(worst.get(name, 0.0), error)
    summary = ", ".join(f"{name} {error:.1e}" for name, error in sorted(worst.items()))
    print(f"\nengine vs bpbook: {len(cases)} classifiers; worst: {summary}")
    assert max(worst.values()) <= TOLERANCE, summary
    assert {len(c["weights"][-1][0]) for c in cases} == {2, 3, 4, 5, 6}
    # Some node inputs are far beyond where exp overflows (about 709).
    largest = max(float(np.abs(np.asarray(js["nodeInputs"][-1])).max()) for js in results)
    assert largest > 1000.0, largest


def test_softmax_is_refused_in_a_hidden_layer_and_unknown_without_classifier_js(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "three-factor/")
    script = """async ([url, load]) => {
      const e = await import(url + "engine.js");
      if (load) await import(url + "classifier.js");
      const run = (activations) => { try { e.forward({ weights: [[[1, 2]], [[1, 2], [3, 4]]],
        biases: null, activations }, [[1]]); return "ran"; } catch (err) { return err.message; } };
      return [run(["softmax", "softmax"]), run(["relu", "softmax"])];
    }"""
    # A fresh page: the module registry is per page, so classifier.js is not loaded yet.
    without = page.evaluate(script, [site_url + EXPLORABLE, False])
    assert without[0].startswith("activation: expected one of") and "softmax" in without[0]
    assert page.evaluate(script, [site_url + EXPLORABLE, True]) == [
        "softmax: output layer only",
        "ran",
    ]


SGD_RUN = """async ([url, d]) => {
  const e = await import(url + "training.js");
  const net = { weights: d.weights, biases: d.biases, activations: d.activations };
  return d.runs.map(([batch, epochs]) => e.sgd(net, d.inputs, d.targets, d.rate, batch, epochs));
}"""


def test_sgd_without_shuffling_matches_bpbook_on_the_chapter_data(page: Any, site_url: str) -> None:
    # The SGD chapter's data and starting network (docs/sgd.nb.py).
    inputs, targets = lesson.toy_regression_data(200, default_rng(0))
    start = Network.random((2, 16, 1), default_rng(1))
    runs = [(1, 3), (8, 30), (32, 30), (200, 30)]
    data = {
        "weights": [w.tolist() for w in start.weights],
        "biases": [None, None],
        "activations": [a.name for a in start.activations],
        "inputs": inputs.tolist(),
        "targets": targets.tolist(),
        "rate": 0.05,
        "runs": runs,
    }
    page.goto(site_url + "sgd.nb/")
    results = page.evaluate(SGD_RUN, [site_url + EXPLORABLE, data])
    worst = 0.0
    for (batch, epochs), js in zip(runs, results, strict=True):
        result = sgd(
            start, inputs, targets, 0.05, batch_size=batch, epochs=epochs, rng=None, shuffle=False
        )
        history = result.history
        assert js["epochOfUpdate"] == history.epoch_of_update.tolist()
        for mine, theirs in (
            (js["lossPerUpdate"], history.loss_per_update),
            (js["lossPerEpoch"], history.loss_per_epoch),
            *zip(js["network"]["weights"], result.network.weights, strict=True),
        ):
            worst = max(worst, relative_error(mine, theirs))
    print(f"\nSGD (shuffle=False) vs bpbook.sgd: runs {runs}; worst relative error {worst:.1e}")
    assert worst <= TOLERANCE


FORMAT = """async ([url, values]) => {
  const { formatNumber } = await import(url + "format.js");
  return values.map((v) => formatNumber(v));
}"""


def test_numbers_are_written_as_bpbook_writes_them(page: Any, site_url: str) -> None:
    rng = default_rng(7)
    values = [
        0.0,
        -0.0,
        6.0,
        18.000000000001,
        2.24,
        -0.5,
        0.12345,
        123456.7,
        0.00012345,
        1.125,
        12.25,
        100.5,
        999.7,
        1000.5,
        2500.5,
        -2500.5,
        0.0625,
        1e-9,
        -3.3e-7,
        0.99999,
        9.9995e-5,
        1e20,
        2.5,
        3.5,
        1e9 + 0.5,
        0.000999,
        0.0001,
    ]
    values += [float(v) for v in rng.normal(size=200) * 10.0 ** rng.integers(-7, 7, size=200)]
    values += [round(float(v), 3) for v in rng.normal(size=100) * 50]
    page.goto(site_url + "three-factor/")
    written = page.evaluate(FORMAT, [site_url + EXPLORABLE, values])
    expected = [format_number(v) for v in values]
    wrong = [(v, w, e) for v, w, e in zip(values, written, expected, strict=True) if w != e]
    assert not wrong, wrong[:10]


STEPS = """async ([url, cases]) => {
  const { model } = await import(url + "network.js");
  const { backpropSteps } = await import(url + "steps.js");
  return cases.map((c) => backpropSteps(model(c, c.inputs, c.target), 0.01).map((s) => s.caption));
}"""


def test_step_captions_are_bpbooks_with_the_readers_numbers(page: Any, site_url: str) -> None:
    rng = default_rng(3)
    cases = []
    # Unrounded random numbers: with round ones, a product like 1.45 x 0.7 = 1.015 sits
    # exactly on a rounding tie, and which way its last bit falls depends on the order
    # of floating-point operations, not on the arithmetic being right.
    for n in range(40):
        depth = 2 if n < 20 else int(rng.integers(1, 4))
        sizes = [2, 2, 1] if n < 20 else [int(s) for s in rng.integers(1, 5, size=depth + 1)]
        cases.append(
            {
                "weights": [rng.normal(size=(a, b)).tolist() for a, b in itertools.pairwise(sizes)],
                "biases": [None] * (len(sizes) - 1),
                "activations": ["relu"] * (len(sizes) - 2) + ["identity"],
                "inputs": rng.normal(size=sizes[0]).tolist(),
                "target": rng.normal(size=sizes[-1]).tolist(),
            }
        )
    network = lesson.deeper_network()
    cases.append(
        {
            "weights": [w.tolist() for w in network.weights],
            "biases": [None, None],
            "activations": ["relu", "identity"],
            "inputs": lesson.DEEPER_INPUTS.tolist(),
            "target": [lesson.DEEPER_TARGET],
        }
    )
    page.goto(site_url + "layer-back/")
    captions = page.evaluate(STEPS, [site_url + EXPLORABLE, cases])
    for case, mine in zip(cases, captions, strict=True):
        net = Network(case["weights"], activations=case["activations"])
        assert mine == step_captions(net, case["inputs"], case["target"], learning_rate=0.01)


# -- the loss surface (loss-slope chapter) ---------------------------------------------

SURFACE_RUNS = """async ([url, d]) => {
  const s = await import(url + "surface.js");
  return d.runs.map(([start, rate, most]) => s.descentPath({ weights: [[[start[0]], [start[1]]]],
    biases: d.biases, activations: d.activations }, d.inputs, d.targets, rate, most));
}"""

SURFACE_MAP = """async ([url, d]) => {
  const s = await import(url + "surface.js");
  const grid = s.gridLosses(d, d.inputs, d.targets, d.weights1, d.weights2);
  const roots = grid.map((row) => row.map(Math.sqrt));
  return { grid, lines: d.levels.map((level) => s.contourSegments(d.weights1, d.weights2, roots,
    Math.sqrt(level))) };
}"""


def surface_island(page: Any, site_url: str) -> dict[str, Any]:
    """The loss-slope page's explorable data, as the page hands it to its script."""
    page.goto(site_url + "loss-slope/")
    islands = page.locator('.bp-explorable script[type="application/json"]').all_text_contents()
    data: list[dict[str, Any]] = [json.loads(text) for text in islands]
    assert [d["kind"] for d in data] == ["surface"]
    return data[0]


def bpbook_descent(start: list[float], rate: float, most: int) -> dict[str, Any]:
    """bpbook's gradient descent on the two-weight example: each update, and train's verdict."""
    network = lesson.two_weight_network().with_weights([[[start[0]], [start[1]]]])
    x, t = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
    try:
        result = train(network, x, t, rate, max_steps=most)
    except TrainingDivergedError as raised:
        assert raised.history is not None and raised.update is not None
        recorded, stopped, update = raised.history.loss_per_update, "diverged", raised.update
    else:
        recorded, stopped = result.history.loss_per_update, result.stopped_because
        update = len(recorded)
    updates = update - 1 if stopped == "diverged" else update
    weights, losses = [], []
    for _ in range(updates + 1):
        weights.append(network.weights[0].ravel())
        losses.append(backward(forward(network, x), t).loss)
        network = gradient_descent_step(network, x, t, rate)
    return {
        "weights": weights,
        "losses": losses,
        "recorded": recorded,
        "stopped": stopped,
        "update": update,
    }


def test_surface_paths_are_bpbooks_gradient_descent(page: Any, site_url: str) -> None:
    """Every point of every path (weights, loss) and where it stops, against bpbook.

    The starts: the lesson's weights, the map's corners and random points on it; the
    learning rates: the figure's three, 0.04 (where the weights cycle), larger ones that
    diverge, random ones; a few runs cut short by the number of updates (max_steps).
    """
    data = surface_island(page, site_url)
    lo = [data["weights1"][0], data["weights2"][0]]
    hi = [data["weights1"][-1], data["weights2"][-1]]
    rng = default_rng(19)
    starts = [data["weights"][0][0] + data["weights"][0][1], lo, hi, [lo[0], hi[1]]]
    starts += [rng.uniform(lo, hi).round(2).tolist() for _ in range(6)]
    rates = [rate for _, rate in data["rates"]] + [0.04, 0.05, 0.2, 1.0, 0.001]
    rates += [float(r) for r in rng.uniform(0.001, 0.06, size=3)]
    most = data["maxUpdates"]
    runs = [[start, rate, most] for start in starts for rate in rates]
    runs += [[starts[0], 0.002, 5], [starts[1], 0.01, 3], [starts[2], 0.041, 40]]
    results = page.evaluate(SURFACE_RUNS, [site_url + EXPLORABLE, {**data, "runs": runs}])
    worst: dict[str, float] = {}
    stops: dict[str, int] = {}
    for (start, rate, limit), js in zip(runs, results, strict=True):
        py = bpbook_descent(start, rate, limit)
        where = f"start {start}, learning rate {rate}, max_steps {limit}"
        assert js["stopped"]["reason"] == py["stopped"], where
        assert js["stopped"]["update"] == py["update"], where
        assert len(js["weights"]) == len(py["weights"]), where
        for name, error in (
            ("weights", relative_error(js["weights"], py["weights"])),
            ("losses", relative_error(js["losses"], py["losses"])),
            ("recorded", relative_error(js["recorded"], py["recorded"])),
        ):
            worst[name] = max(worst.get(name, 0.0), error)
        stops[py["stopped"]] = stops.get(py["stopped"], 0) + 1
    summary = ", ".join(f"{name} {error:.1e}" for name, error in sorted(worst.items()))
    print(f"\nsurface paths vs bpbook: {len(runs)} runs, stops {stops}; worst: {summary}")
    assert max(worst.values()) <= TOLERANCE, summary
    # Every way of stopping is exercised, and divergence often.
    assert set(stops) == {"flat", "cycling", "diverged", "max_steps"}, stops
    assert stops["diverged"] >= 20, stops


def test_surface_map_is_bpbooks_losses_and_the_figures_contour_lines(
    page: Any, site_url: str
) -> None:
    """The map's grid of losses is bpbook's; its lines are matplotlib's at the figure's levels."""
    import contourpy

    data = surface_island(page, site_url)
    js = page.evaluate(SURFACE_MAP, [site_url + EXPLORABLE, data])
    network = lesson.two_weight_network()
    x, t = lesson.TWO_WEIGHT_INPUTS, lesson.TWO_WEIGHT_TARGET
    w1, w2 = np.array(data["weights1"]), np.array(data["weights2"])
    grid = np.array(
        [[squared_error(network.with_weights([[[a], [b]]]).predict(x), t) for a in w1] for b in w2]
    )
    assert relative_error(js["grid"], grid) <= TOLERANCE
    assert data["levels"] == contour_levels(grid).tolist()
    # The static figure draws sqrt(loss) at sqrt(level) with matplotlib's contour, whose
    # generator is contourpy; the page's lines must cross the same grid edges at the same
    # points.
    lines = contourpy.contour_generator(w1, w2, np.sqrt(grid), name="mpl2014")
    scale = float(max(np.abs(w1).max(), np.abs(w2).max()))
    for level, segments in zip(data["levels"], js["lines"], strict=True):
        points = lines.lines(np.sqrt(level))[0]  # matplotlib's (points, codes) per line
        theirs = np.unique(np.concatenate(list(points)).round(12), axis=0)
        mine = np.unique(np.array(segments).reshape(-1, 2).round(12), axis=0)
        assert len(segments) >= 3, level
        assert mine.shape == theirs.shape, f"level {level}: {len(mine)} vs {len(theirs)} points"
        assert np.abs(mine - theirs).max() <= TOLERANCE * scale, level

"""help(bpbook) reads cleanly: no dataclass noise, and the result classes stay read-only.

The result classes (`GradientCheck`, `LayerCheck`, `TrainingHistory`, `TrainingResult`,
`EpochReport`, `ThreeFactorRow`, `ThreeFactorTable`) were frozen dataclasses; as plain
slotted classes they keep the dataclasses' behaviour: attributes readable and not
settable, value equality for the three-factor rows and tables and for `LayerCheck`,
identity equality for the rest.
"""

from __future__ import annotations

import inspect
import pydoc
import re
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import bpbook
from bpbook import (
    GradientCheck,
    Network,
    ThreeFactorRow,
    ThreeFactorTable,
    TrainingHistory,
    TrainingResult,
    check_gradients,
    lesson,
    three_factor_table,
    train,
)
from bpbook.gradient_check import LayerCheck
from bpbook.history import EpochReport

NOISE = (
    "__dataclass_fields__",
    "__dataclass_params__",
    "__match_args__",
    "Initialize self.  See help(type(self))",
    "__weakref__",
    "__dict__",
    "__setattr__",
    "__delattr__",
)
# Exceptions inherit the builtins' noise (__weakref__, __dict__, ...): it cannot be removed.
EXCEPTIONS = {"BpbookError", "InputError", "InputTypeError", "TrainingDivergedError"}
CLASS_LINE = re.compile(r"^    class (\w+)\(")


def _help(module: ModuleType) -> str:
    return pydoc.render_doc(module, renderer=pydoc.plaintext)  # type: ignore[attr-defined]


def _class_sections(text: str) -> tuple[dict[str, str], str]:
    """The help text of each class by name, and everything outside the classes."""
    sections: dict[str, list[str]] = {}
    outside: list[str] = []
    name: str | None = None
    for line in text.splitlines():
        found = CLASS_LINE.match(line)
        if found:
            name = found.group(1)
            sections[name] = []
        elif line and not line.startswith(" "):  # the next heading: FUNCTIONS, DATA, ...
            name = None
        (sections[name] if name is not None else outside).append(line)
    return {key: "\n".join(lines) for key, lines in sections.items()}, "\n".join(outside)


def _fields(cls: type) -> list[str]:
    """The constructor's parameters: the dataclass's fields, now read-only properties."""
    return list(inspect.signature(cls).parameters)


def test_the_splitter_finds_every_class_of_help_bpbook() -> None:
    sections, outside = _class_sections(_help(bpbook))
    classes = {name for name in bpbook.__all__ if isinstance(getattr(bpbook, name), type)}
    assert set(sections) == classes
    assert EXCEPTIONS <= set(sections)
    assert "FUNCTIONS" in outside
    assert not any("\nFUNCTIONS" in text or "\nDATA" in text for text in sections.values())


@pytest.mark.parametrize(
    "module",
    [
        bpbook,
        bpbook.gradient_check,
        bpbook.history,
        bpbook.three_factor,
        bpbook.backprop,
        bpbook.network,
        bpbook.activations,
    ],
    ids=lambda module: module.__name__,
)
def test_help_has_no_dataclass_or_builtin_noise_outside_the_exceptions(
    module: ModuleType,
) -> None:
    sections, outside = _class_sections(_help(module))
    texts = {name: text for name, text in sections.items() if name not in EXCEPTIONS}
    texts["(outside the classes)"] = outside
    found = [(name, noise) for name, text in texts.items() for noise in NOISE if noise in text]
    assert found == []
    # nor private members (pydoc lists them all for a class with a ``_fields`` attribute,
    # taking it for a namedtuple)
    private = [name for name, text in texts.items() if re.search(r"^     \|  _[a-z]", text, re.M)]
    assert private == []


def test_help_bpbook_documents_each_attribute_of_the_result_classes() -> None:
    sections, _ = _class_sections(_help(bpbook))
    for cls in (GradientCheck, ThreeFactorRow, ThreeFactorTable, TrainingHistory, TrainingResult):
        text = sections[cls.__name__]
        assert "Readonly properties defined here:" in text, cls.__name__
        for name in _fields(cls):
            # each property is listed with its one-line docstring under it
            assert re.search(rf"^     \|  {name}\n     \|      \S", text, re.M), (cls, name)


# -- the result classes, as the code makes them -------------------------------------------


def _results() -> dict[type, Any]:
    """One instance of each converted class, made as bpbook makes them."""
    net = Network.random((2, 3, 1), np.random.default_rng(0), biases=True)
    check = check_gradients(net, [[0.5, -1.0], [1.0, 2.0]], [1.0, 0.0])
    reports: list[EpochReport] = []

    def keep(report: EpochReport) -> bool:
        reports.append(report)
        return report.epoch == 2  # stop after two epochs

    result = train(lesson.single_weight_network(), [3.0], 10.0, 0.05, on_epoch=keep)
    table = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    return {
        GradientCheck: check,
        LayerCheck: check.layers()[0],
        TrainingHistory: result.history,
        TrainingResult: result,
        EpochReport: reports[0],
        ThreeFactorRow: table[0],
        ThreeFactorTable: table,
    }


RESULTS = _results()


@pytest.mark.parametrize("cls", list(RESULTS), ids=lambda cls: cls.__name__)
def test_attributes_are_readable_but_not_settable(cls: type) -> None:
    obj = RESULTS[cls]
    names = _fields(cls)
    assert names, cls
    for name in names:
        before = getattr(obj, name)
        with pytest.raises(AttributeError):
            setattr(obj, name, before)
        with pytest.raises(AttributeError):
            delattr(obj, name)
        assert getattr(obj, name) is before
    with pytest.raises(AttributeError):
        obj.not_an_attribute = 1
    assert not hasattr(obj, "__dict__")


def test_three_factor_rows_and_tables_compare_and_hash_by_value() -> None:
    first = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    again = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 4.0)
    other = three_factor_table(lesson.deeper_network(), lesson.DEEPER_INPUTS, 5.0)
    assert first is not again and first == again and hash(first) == hash(again)
    assert first != other
    assert first[2] == again[2] and hash(first[2]) == hash(again[2])
    assert first[2] != first[3] and first[2] != other[2]
    assert len({*first, *again}) == len(first)
    row = first[0]
    values = (1, 0, 0, 1.0, 0.0, 6.0, 1.0, 0.0, 0.0)
    assert row == ThreeFactorRow(*values) and ThreeFactorTable((row,)) == ThreeFactorTable((row,))
    assert row != values and first != first.rows  # another type is never equal
    assert ThreeFactorRow(*values[:3], 1, *values[4:]) == row  # 1 == 1.0, as a dataclass
    nan = float("nan")
    odd = ThreeFactorRow(1, 0, 0, nan, 0.0, 6.0, 1.0, 0.0, 0.0)
    assert odd == odd  # the same NaN object: equal, as the dataclass's tuple comparison
    assert odd != ThreeFactorRow(1, 0, 0, float("nan"), 0.0, 6.0, 1.0, 0.0, 0.0)


def test_layer_checks_compare_and_hash_by_value() -> None:
    a = LayerCheck(1, "weights", 6, 1e-10)
    assert a == LayerCheck(layer=1, parameters="weights", count=6, max_relative_error=1e-10)
    assert hash(a) == hash(LayerCheck(1, "weights", 6, 1e-10))
    assert a != LayerCheck(1, "biases", 6, 1e-10) and a != (1, "weights", 6, 1e-10)


@pytest.mark.parametrize(
    "cls", [GradientCheck, TrainingHistory, TrainingResult, EpochReport], ids=lambda c: c.__name__
)
def test_the_other_results_compare_by_identity(cls: type) -> None:
    obj = RESULTS[cls]
    twin = cls(*(getattr(obj, name) for name in _fields(cls)))  # the same fields
    assert obj == obj and obj != twin
    assert len({obj, twin}) == 2  # hashed by identity


def test_the_constructors_keep_the_dataclasses_signatures() -> None:
    errors = (np.array([[0.5]]),)
    check = GradientCheck(errors, (np.array([[1.0]]),), errors, 1e-6)  # 0.5 against 1.0
    assert check.bias_relative_errors == () and not check.passed()
    named = GradientCheck(
        backprop_slopes=errors,
        numerical_slopes=errors,
        relative_errors=errors,
        epsilon=1e-6,
        bias_backprop_slopes=(None,),
        bias_numerical_slopes=(None,),
        bias_relative_errors=(None,),
    )
    assert [row.parameters for row in named.layers()] == ["weights"]
    history = RESULTS[TrainingHistory]
    result = TrainingResult(
        network=lesson.single_weight_network(), history=history, converged=False, final_loss=1.0
    )
    assert result.stopped_because == "epochs"


def test_reprs_are_one_short_line_without_arrays() -> None:
    big = Network.random((30, 40, 5), 0)
    table = three_factor_table(big, np.zeros(30), np.zeros(5))
    check = RESULTS[GradientCheck]
    assert repr(table) == "ThreeFactorTable(1400 rows, one per weight of layers 1 to 2)"
    assert repr(check) == (
        "GradientCheck(2 layers, 9 weights, 4 biases, "
        f"max_relative_error={check.max_relative_error:.1e}, epsilon=1e-06)"
    )
    assert repr(table[0]).startswith("ThreeFactorRow(layer=1, from_node=0, to_node=0, weight=")
    assert repr(RESULTS[LayerCheck]).startswith(
        "LayerCheck(layer=1, parameters='weights', count=6, max_relative_error="
    )
    assert repr(RESULTS[EpochReport]) == (
        "EpochReport(epoch=1, loss=16.0, network=Network(1-1, activations=[identity], "
        "biases=False), history=TrainingHistory(1 updates, 1 epochs, batch_size=1))"
    )
    for obj in RESULTS.values():
        text = repr(obj)
        assert "\n" not in text and "array(" not in text and len(text) < 250, text

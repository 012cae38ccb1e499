"""bpbook.figures as a whole: draws what it is given, states its counting, stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import bpbook.figures
from tests.bpbook.test_layout import code_lines

PACKAGE = Path(bpbook.figures.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))

# Engine functions that compute; a figure is given their results and never calls them.
COMPUTING = {
    "forward",
    "backward",
    "update_weights",
    "gradient_descent_step",
    "train",
    "sgd",
    "three_factor_table",
    "three_factors",
    "check_gradients",
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_figure_module_imports_or_calls_an_engine_computation() -> None:
    found = []
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bpbook"):
                found += [
                    f"{path.name} imports {a.name}" for a in node.names if a.name in COMPUTING
                ]
            elif isinstance(node, ast.Attribute) and node.attr in COMPUTING:
                found.append(f"{path.name} uses .{node.attr}")
            elif isinstance(node, ast.Name) and node.id in COMPUTING:
                found.append(f"{path.name} uses {node.id}")
    assert not found, found


def test_no_private_name_is_imported_from_another_module() -> None:
    found = [
        f"{path.name}: from {node.module} import {alias.name}"
        for path in MODULES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bpbook")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert not found, found


def test_the_package_docstring_states_the_counting_convention() -> None:
    doc = " ".join((bpbook.figures.__doc__ or "").split())
    assert "numbered 0 (the inputs) to L (the output)" in doc
    assert "``(k, node)``, k = 0..L" in doc
    assert "``(k, from_node, to_node)``" in doc and "(k = 1..L)" in doc
    assert "``hide_layers``" in doc and "from 1" in doc


def test_modules_under_500_lines_and_functions_under_60() -> None:
    too_long = []
    for path in MODULES:
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines >= 500:
            too_long.append(f"{path.name}: {lines} lines")
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = code_lines(node)  # the docstring not counted, as test_layout
                if length >= 60:
                    too_long.append(f"{path.name}: {node.name} is {length} lines")
    assert not too_long, too_long


def test_matplotlib_is_imported_only_inside_the_plot_functions() -> None:
    for path in MODULES:
        for node in _tree(path).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [node.module]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                assert not any((n or "").startswith("matplotlib") for n in names), path.name

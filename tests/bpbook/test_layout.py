"""The package's shape: no import circles, only public names across modules, short code.

Read from the source with `ast`, so imports inside functions (the kind that
hides a circle) count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "bpbook"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 500


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))


def _imports(name: str) -> list[tuple[str, str | None]]:
    """Every ``(module, imported name)`` of bpbook a module imports, anywhere in it."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(_tree(name)):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{module}" if module else base
            found += [(module, alias.name) for alias in node.names]
    return [(m, n) for m, n in found if m == "bpbook" or m.startswith("bpbook.")]


def _dependencies(name: str) -> set[str]:
    """The bpbook modules ``name`` imports (``from bpbook import lesson`` -> bpbook.lesson)."""
    deps = set()
    for module, imported in _imports(name):
        submodule = f"{module}.{imported}"
        deps.add(submodule if submodule in MODULES else module)
    deps.discard(name)
    return deps


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path start -> ... -> start in ``graph``, or None."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, set())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_the_walk_sees_every_engine_module() -> None:
    for name in ("bpbook", "bpbook.loss", "bpbook.propagation", "bpbook.backprop"):
        assert name in MODULES
    assert ("bpbook.propagation", "forward_batch") in _imports("bpbook.network")


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle_from("a", graph) == ["a", "b", "c", "a"]
    assert _cycle_from("d", graph) is None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_circle(name: str) -> None:
    graph = {module: _dependencies(module) for module in MODULES}
    # The package __init__ imports every module for the book; a module that imports
    # ``from bpbook import name`` of a non-module would close a circle through it.
    assert _cycle_from(name, graph) is None, " -> ".join(_cycle_from(name, graph) or [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_public_names_across_modules(name: str) -> None:
    private = [
        f"from {module} import {imported}"
        for module, imported in _imports(name)
        if module != name
        and (
            (imported is not None and imported.startswith("_"))
            or any(part.startswith("_") for part in module.split("."))
        )
    ]
    assert private == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_functions_are_short(name: str) -> None:
    long = [
        f"{node.name}: {code_lines(node)} lines of code"
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and code_lines(node) > MAX_FUNCTION_LINES
    ]
    assert long == []


def code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function from ``def`` to its end, its docstring not counted."""
    assert function.end_lineno is not None
    lines = function.end_lineno - function.lineno + 1
    first = function.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
        and first.end_lineno is not None
    ):
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_a_docstring_is_not_counted_as_code() -> None:
    source = 'def f(x):\n    """One.\n\n    Three.\n    """\n    y = x\n    return y\n'
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    assert code_lines(function) == 3  # def, y = x, return y


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_short(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES

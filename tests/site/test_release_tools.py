"""The release tools: the lock's input check and the MkDocs/ProperDocs site comparison."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"bpbook_tool_{name}", ROOT / "tools" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock_inputs = _tool("lock_inputs")
compare_sites = _tool("compare_sites")


def test_committed_lock_matches_its_inputs() -> None:
    assert lock_inputs.check(ROOT / "requirements" / "lock.txt") is None


def test_lock_check_names_the_fix_when_inputs_change(tmp_path: Path) -> None:
    (tmp_path / "requirements").mkdir()
    for name in ("pyproject.toml", "requirements/constraints.txt", "requirements/build.in"):
        shutil.copy(ROOT / name, tmp_path / name)
    lock = tmp_path / "requirements" / "lock.txt"
    lock.write_text("numpy==2.4.6 \\\n    --hash=sha256:00\n", encoding="utf-8")
    assert "Run `make lock`" in lock_inputs.check(lock, tmp_path)
    lock_inputs.stamp(lock, tmp_path)
    assert lock_inputs.check(lock, tmp_path) is None
    constraints = tmp_path / "requirements" / "constraints.txt"
    constraints.write_text(constraints.read_text() + "pypdf==6.0.0\n", encoding="utf-8")
    assert "out of date" in lock_inputs.check(lock, tmp_path)
    # Only the dependency tables of pyproject.toml count, not e.g. the ruff settings.
    lock_inputs.stamp(lock, tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.extra]\nx = 1\n", encoding="utf-8")
    assert lock_inputs.check(lock, tmp_path) is None


PAGE = """<html><head><meta name="generator" content="{generator}"><title>T</title></head>
<body><nav>menu</nav><article class="md-content__inner"><h1>Slope</h1>
<div class="jp-Cell" id="cell-id={cell}"><p>{text}</p></div></article></body></html>"""


def _site(root: Path, generator: str, cell: str, text: str = "six") -> Path:
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(PAGE.format(generator=generator, cell=cell, text="home"))
    (root / "a" / "index.html").write_text(PAGE.format(generator=generator, cell=cell, text=text))
    (root / "a" / "x.ipynb").write_text(f'{{"cells": [{{"id": "{cell}", "source": "1"}}]}}')
    return root


def test_same_pages_modulo_generator_and_cell_ids(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", "mkdocs-1.6.1", "235156fa")
    b = _site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7", "ebd5ea30")
    problems, counts = compare_sites.compare_sites(a, b)
    assert problems == []
    assert counts == {"html": 2, "whole_page_equal": 2, "other": 1}
    assert compare_sites.main([str(a), str(b)]) == 0


@pytest.mark.parametrize("change", ["content", "missing page"])
def test_different_pages_are_reported(tmp_path: Path, change: str) -> None:
    a = _site(tmp_path / "a", "mkdocs-1.6.1", "1")
    b = _site(tmp_path / "b", "mkdocs-1.6.1", "1", text="seven" if change == "content" else "six")
    if change == "missing page":
        (b / "a" / "index.html").unlink()
    problems, _ = compare_sites.compare_sites(a, b)
    expected = "a/index.html: main content differs" if change == "content" else "only in"
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert compare_sites.main([str(a), str(b)]) == 1


def test_measured_times_do_not_count_as_different_pages() -> None:
    """The Asides table times finite differences and backprop at each build."""
    one = "     4       36              72       6.38 ms   0.066 ms      96"
    other = "     4       36              72       6.66 ms   0.067 ms     100"
    assert compare_sites.without_timings(one) == compare_sites.without_timings(other)
    # The counts beside the times are still compared.
    changed = "     4       37              72       6.38 ms   0.066 ms      96"
    assert compare_sites.without_timings(one) != compare_sites.without_timings(changed)

"""The release tools: the lock's input check and the MkDocs/ProperDocs site comparison."""

from __future__ import annotations

import importlib.util
import re
import shutil
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

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


check_dist = _tool("check_dist")
WORKFLOWS = ROOT / ".github" / "workflows"
_PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _workflow(name: str) -> dict[Any, Any]:
    loaded = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_every_workflow_action_is_pinned_to_a_commit() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = re.search(r"\buses:\s*(\S+)(.*)$", line)
            if not found or found[1].startswith("./"):
                continue
            assert _PINNED.match(found[1]), f"{path.name}: {found[1]} is not pinned to a commit"
            assert re.search(r"# v\d", found[2]), f"{path.name}: {found[1]} needs a # vX comment"


def test_the_release_workflow_publishes_a_checked_build_with_trusted_publishing() -> None:
    """Issue 20 item 9: it cannot run here, so its shape is checked and its build step run."""
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    workflow = _workflow("release.yml")
    trigger = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as True
    assert trigger == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/ci.yml"
    assert jobs["build"]["needs"] == "test" and jobs["publish"]["needs"] == "build"
    build_steps = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert "make dist-check" in build_steps
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert any("pypa/gh-action-pypi-publish@" in s.get("uses", "") for s in publish["steps"])
    # Trusted publishing: no token or password anywhere.
    assert "password" not in text and "secrets." not in text
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_runs_the_dist_check() -> None:
    jobs = _workflow("ci.yml")["jobs"]
    assert any(step.get("run") == "make dist-check" for step in jobs["dist"]["steps"])
    assert "make dist-check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "dist-check:" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_cookbook_examples_are_found() -> None:
    text = (ROOT / "docs" / "cookbook.md").read_text(encoding="utf-8")
    examples = check_dist.cookbook_examples(text)
    assert len(examples) == text.count('```python exec="on"') >= 8
    assert all("import" in code for code in examples)


def test_the_release_build_step_makes_a_checked_sdist_and_wheel(tmp_path: Path) -> None:
    """The build step of release.yml / make dist-check: python -m build and twine check."""
    files = check_dist.build(tmp_path / "dist")
    names = sorted(f.name for f in files)
    assert names == ["bpbook-0.1.0-py3-none-any.whl", "bpbook-0.1.0.tar.gz"]
    with zipfile.ZipFile(tmp_path / "dist" / names[0]) as wheel:
        inside = set(wheel.namelist())
    assert {"bpbook/__init__.py", "bpbook/py.typed", "bpbook/figures/plots.py"} <= inside
    assert not any(name.startswith(("tests/", "docs/", "tools/")) for name in inside)

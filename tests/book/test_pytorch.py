"""docs/pytorch.md without PyTorch: how its fences are marked, and the numbers its prose says.

The PyTorch fences themselves run in ``make test-torch`` (tests/torch/), never here:
torch is no dependency of the book. This test (part of ``make test``) checks that every
PyTorch fence is ``notest`` and titled, that nothing else on the page is skipped, that
the build hook hides ``notest`` but keeps the title, that ``make test`` does not collect
tests/torch, and that the prose's numbers are those of the bpbook fence and of
tests/torch.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from tests.book.prose import assert_prose_says, page_text
from tests.site.pages import mkdocs_config
from tests.torch.page import TOLERANCE, python_fences

ROOT = Path(__file__).resolve().parents[2]


def on_page_markdown(markdown: str) -> str:
    """hooks/fence_test_options.py's hook (hooks/ is not a package: loaded from its file)."""
    spec = importlib.util.spec_from_file_location(
        "fence_test_options", ROOT / "hooks/fence_test_options.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: str = module.on_page_markdown(markdown)
    return result


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


def test_the_page_comes_after_the_sgd_chapter_in_the_nav() -> None:
    pages = _nav_pages(mkdocs_config()["nav"])
    assert pages.index("pytorch.md") > pages.index("sgd.nb.py")


def test_pytorch_fences_are_notest_and_titled_and_nothing_else_is_skipped() -> None:
    fences = python_fences()
    torch_fences = [f for f in fences if f.is_torch]
    assert len(torch_fences) == 4
    for fence in fences:
        uses_torch = "torch" in fence.code
        assert fence.is_torch == uses_torch == ("notest" in fence.options), fence.line
        if not fence.is_torch:
            assert "exec=on" in fence.options and "session=torch" in fence.options, fence.line


def test_the_build_hides_notest_and_keeps_the_title() -> None:
    rendered = on_page_markdown(page_text("pytorch.md"))
    assert "notest" not in rendered
    assert rendered.count('```python title="PyTorch"\n') == 4


def test_make_test_does_not_collect_the_torch_tests() -> None:
    env = {k: v for k, v in os.environ.items() if k != "BPBOOK_TORCH_TESTS"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "tests/book/test_pytorch.py::" in proc.stdout  # the collection did run
    assert "tests/torch" not in proc.stdout
    assert "torch" not in sys.modules, "make test imported torch"


def _run_bpbook_fence() -> tuple[dict[str, Any], str]:
    namespace: dict[str, Any] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(python_fences()[0].code, namespace)
    return namespace, out.getvalue()


def test_prose_describes_the_bpbook_network_and_batch() -> None:
    ns, printed = _run_bpbook_fence()
    network = ns["network"]
    assert network.layer_sizes == (3, 4, 3)
    assert [a.name for a in network.activations] == ["relu", "softmax"]
    assert all(b is not None for b in network.biases)
    assert_prose_says(
        "pytorch.md",
        "The network has 3 input nodes, a hidden layer of 4 ReLU nodes and an output layer "
        "of 3 softmax nodes, one per class, each layer with biases.",
    )
    assert ns["inputs"].shape[0] == len(ns["labels"]) == 5
    assert_prose_says("pytorch.md", "a batch of 5 examples")
    assert printed.startswith(f"loss: {ns['slopes'].loss:.6f}\n")


def test_prose_tolerance_and_digits_are_the_tests() -> None:
    assert TOLERANCE == 1e-12
    assert_prose_says("pytorch.md", "hold every one of these differences below $10^{-12}$")
    # tests/torch/test_pytorch_page.py asserts "at least a hundred times below" it.
    source = (ROOT / "tests/torch/test_pytorch_page.py").read_text(encoding="utf-8")
    assert "< TOLERANCE / 100" in source
    assert_prose_says("pytorch.md", "at least a hundred times below the $10^{-12}$")
    assert round((np.finfo(np.float64).nmant + 1) * math.log10(2)) == 16
    assert_prose_says("pytorch.md", "float64 keeps about 16 significant digits")


def test_prose_names_the_torch_version_the_tests_use() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^TORCH_VERSION \?= (\S+)$", makefile, re.M)
    assert version is not None
    assert_prose_says("pytorch.md", f"the book's tests use version {version[1]}")

"""Fixtures shared by every test directory.

``built_site``: the built book, for tests/site/ (read as files) and tests/browser/
(served). `make test` builds it first (``mkdocs build --strict`` into ``site/``) and
passes ``BPBOOK_SITE_DIR``; without that variable the first test that needs the site
builds it once, strictly, into a temporary directory. A ``site/`` left over from an
earlier build is never picked up by itself: it may be stale.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# tests/torch/ needs PyTorch, which is no dependency of the book: only `make test-torch`
# (its own venv, with torch) collects it, by setting BPBOOK_TORCH_TESTS=1.
collect_ignore = [] if os.environ.get("BPBOOK_TORCH_TESTS") == "1" else ["torch"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of the built book (contains index.html)."""
    given = os.environ.get("BPBOOK_SITE_DIR")
    if given:
        site = Path(given)
        if not (site / "index.html").is_file():
            pytest.fail(
                f"BPBOOK_SITE_DIR={given} has no index.html: build it first "
                "(make build) or unset BPBOOK_SITE_DIR to build into a temporary directory",
                pytrace=False,
            )
        return site
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return out

"""Fixtures and hooks shared by every test directory.

``built_site``: the built book, for tests/site/ (read as files) and tests/browser/
(served). `make test` builds it first (``make site``: the site and its PDF, one strict
build, into ``site/``) and passes ``BPBOOK_SITE_DIR``; without that variable the first
test that needs the site builds it once, strictly, into a temporary directory shared by
every pytest-xdist worker (a file lock makes the others wait for it). A ``site/`` left
over from an earlier build is never picked up by itself: it may be stale.

Running in parallel (``pytest -n auto --dist loadscope``, as the Makefile does): tests that
share work stay on one worker (tests/xdist_scopes.py): the browser tests of one page, so
each page is loaded once in the whole run, and otherwise the tests of one module, so a
module's fixtures are made once.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Hypothesis' default 200 ms deadline per example is a timed test: on a busy machine
# (two pytest-xdist workers, a browser) a correct example can take longer and fail.
# Speed is measured by the benchmarks, never by a test.
settings.register_profile("bpbook", deadline=None)
settings.load_profile("bpbook")

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
                "(make site) or unset BPBOOK_SITE_DIR to build into a temporary directory",
                pytrace=False,
            )
        return site
    # Under pytest-xdist every worker has its own basetemp; their parent is shared.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    out = shared / "built-site"
    with _locked(shared / "built-site.lock"):
        if not (out / "index.html").is_file():
            _build(out)
    return out


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (the other workers wait for it)."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(out: Path) -> None:
    """A strict build into `out`, with its PDF when there is a Chromium to print it."""
    chromium = os.environ.get("BPBOOK_CHROMIUM") or DEFAULT_CHROMIUM
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    if Path(chromium).is_file():
        env["BPBOOK_PDF"] = "true"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)


# tryfirst: pytest-xdist's own implementation would answer first otherwise.
@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadscope``: the browser tests of one page share a scope (tests/xdist_scopes.py)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from tests.xdist_scopes import PageScopeScheduling

    return PageScopeScheduling(config, log)

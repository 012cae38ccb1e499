"""Fixtures for the browser tests, on top of pytest-playwright's.

* The site: the ``built_site`` fixture (tests/conftest.py), served by ``site_url``:
  ``http.server`` in a thread on 127.0.0.1, on a free port, with ``404.html`` for a
  missing path (like GitHub Pages).
* The browser: pytest-playwright's ``browser``, ``context`` and ``page`` fixtures,
  launched (``browser_type_launch_args``) with Debian's Chromium (``/usr/bin/chromium``
  or ``$BPBOOK_CHROMIUM``), headless; never ``playwright install``. If it is missing the
  browser tests are skipped -- but under ``CI=true`` they fail.
* Offline: every context (``new_context``, so also ``context`` and ``page``) routes all
  requests; a request to another host than the local server is aborted and recorded,
  and the test fails if there was one. ``offline.guard_of(page)`` gives a test what
  its page loads did. The session's requests, pages, axe results and external links
  are printed at the end of the run and written to ``screenshots/summary.json``.
* ``visit(page, scheme)``: each page loaded once per colour scheme (light and dark,
  through the ``prefers-color-scheme`` Material follows), measured in that one visit
  (``harness.Visitor``); the tests assert on it, one test per check and page.
  Screenshots go to ``screenshots/<scheme>/<page>.png``.

Tests that take a ``site_page`` argument run once per page of the site, tests that
take ``scheme`` once per colour scheme.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext
from pytest_playwright.pytest_playwright import CreateContextCallback

from tests.browser.harness import (
    CHROMIUM_ARGS,
    SCHEMES,
    VIEWPORT,
    Visitor,
    chromium_executable,
    clear_screenshots,
)
from tests.browser.offline import guard, release
from tests.browser.stats import SCREENSHOTS, STATS, write_summary
from tests.site.pages import REPO_ROOT, site_pages
from tests.site.site_address import configured_site_url
from tools.site_server import serve


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_page" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("site_page", pages, ids=[p.name for p in pages])
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", SCHEMES)


# --------------------------------------------------------------------------------------
# The site and the server
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """URL of the built site served on 127.0.0.1 (free port) under its site_url's path."""
    prefix = urlsplit(configured_site_url()).path or "/"  # /bpbook/, like GitHub Pages
    with serve(built_site, prefix) as url:
        STATS.site_dir = str(built_site)
        STATS.base_url = url
        try:
            yield url
        finally:
            if not _is_worker():  # a worker's totals go to the controller instead
                write_summary()


# --------------------------------------------------------------------------------------
# The browser (pytest-playwright's fixtures, configured)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, headless (unless --headed), with quiet, offline-friendly flags."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": chromium_executable(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], site_url: str) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": site_url,
        "color_scheme": "light",
        "viewport": VIEWPORT,
        "service_workers": "block",
        "reduced_motion": "reduce",
    }


@pytest.fixture
def new_context(
    new_context: CreateContextCallback, site_url: str
) -> Iterator[Callable[..., BrowserContext]]:
    """pytest-playwright's ``new_context``, every context behind the offline guard."""
    made: list[BrowserContext] = []

    def make(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        guard(context, site_url)
        made.append(context)
        return context

    yield make
    external = [url for context in made for url in release(context).all_external]
    assert not external, "requests to another host (aborted):\n  " + "\n  ".join(external)


@pytest.fixture(scope="session")
def visit(
    browser: Browser, browser_context_args: dict[str, Any], site_url: str, built_site: Path
) -> Iterator[Visitor]:
    """``visit(page, scheme)``: the page loaded once in that scheme and measured (cached)."""
    visitor = Visitor(browser, browser_context_args, site_url, built_site)
    yield visitor
    visitor.close()


# --------------------------------------------------------------------------------------
# The summary at the end of the run
# --------------------------------------------------------------------------------------


# Under pytest-xdist (`make test` runs the browser tests as ``pytest tests/browser -n auto``,
# so the controller loads this file too): the controller clears the screenshots of an
# earlier run before any worker starts, each worker sends its totals back when it is done,
# and the controller adds them up, prints them and writes summary.json.


def _is_worker(config: pytest.Config | None = None) -> bool:
    if config is not None:
        return hasattr(config, "workerinput")
    return bool(os.environ.get("PYTEST_XDIST_WORKER"))


def pytest_sessionstart(session: pytest.Session) -> None:
    if not _is_worker(session.config) and session.config.pluginmanager.hasplugin("dsession"):
        clear_screenshots()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _is_worker(session.config):
        session.config.workeroutput[_WORKER_STATS] = asdict(STATS)  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    totals = getattr(node, "workeroutput", {}).get(_WORKER_STATS)
    if totals and totals["base_url"]:
        STATS.merge(totals)


_WORKER_STATS = "bpbook_browser_stats"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not STATS.base_url:
        return  # no browser test ran
    if terminalreporter.config.pluginmanager.hasplugin("dsession"):
        write_summary()  # the workers' totals, added up
    terminalreporter.write_sep("-", "browser tests")
    for line in _summary_lines():
        terminalreporter.write_line(line)


def _summary_lines() -> list[str]:
    visits = sum(len(v) for v in STATS.pages.values())
    failing = sum(e.get("axe_failing", 0) for v in STATS.pages.values() for e in v.values())
    lines = [
        f"site: {STATS.site_dir} served at {STATS.base_url}",
        f"requests: {STATS.local_requests} stayed local, "
        f"{len(STATS.external_requests)} attempted to another host (aborted)",
    ]
    if visits:
        lines.append(f"pages: {len(STATS.pages)}, each visited in light and dark ({visits} visits)")
        rules = sorted(
            {
                rule
                for v in STATS.pages.values()
                for e in v.values()
                for rule, impact in e.get("axe_violations", {}).items()
                if impact in ("serious", "critical")
            }
        )
        lines.append(
            f"axe: {failing} serious/critical violations (rule x page x scheme)"
            + (f": {', '.join(rules)}" if rules else "")
        )
    if STATS.internal_links_checked:
        lines.append(
            f"links: {STATS.internal_links_checked} internal links checked; "
            f"{len(set(STATS.external_links))} external links listed (not fetched)"
        )
    lines.append(f"screenshots and summary.json: {SCREENSHOTS}")
    stale = _newer_sources(Path(STATS.site_dir))
    if stale:
        lines.append(f"WARNING: {STATS.site_dir} is older than {stale}: rebuild it (make build)")
    return lines


def _newer_sources(site: Path) -> str:
    """A source file changed after `site` was built, if any (a stale $BPBOOK_SITE_DIR)."""
    built = site / "index.html"
    if not built.is_file():
        return ""
    stamp = built.stat().st_mtime
    for top in ("docs", "bpbook", "overrides", "hooks", "mkdocs.yml"):
        path = REPO_ROOT / top
        for file in [path] if path.is_file() else path.rglob("*"):
            if "__pycache__" in file.parts or not file.is_file():
                continue
            if file.stat().st_mtime > stamp + 1:
                return str(file.relative_to(REPO_ROOT))
    return ""

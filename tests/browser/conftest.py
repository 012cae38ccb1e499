"""Fixtures for the browser tests: the built site, a local HTTP server, one Chromium.

* The site: ``$BPBOOK_SITE_DIR`` (set by ``make test`` after ``mkdocs build --strict``),
  else ``site/`` at the repo root, else the repo conftest's ``built_site`` (a strict
  build into a temporary directory).
* The server: ``http.server`` in a thread on 127.0.0.1, on a free port. Like GitHub
  Pages, a missing path answers 404 with the site's ``404.html``.
* The browser: Debian's Chromium (``/usr/bin/chromium`` or ``$BPBOOK_CHROMIUM``),
  headless, launched once per session by Playwright (never ``playwright install``).
  If it is missing the browser tests are skipped -- but under ``CI=true`` they fail.
* Offline: every browser context routes all requests; a request to any host other
  than the local server is aborted and recorded, and the tests assert there was none.
  Requests that stayed local are counted; the count, the pages, the axe results and
  the external links are printed at the end of the run and written to
  ``screenshots/summary.json``.
* Each page is loaded once per colour scheme (light and dark, through the
  ``prefers-color-scheme`` Material follows) and measured in that one visit
  (``harness.Visitor``); the tests assert on it, one test per check and page.
  Screenshots go to ``screenshots/<scheme>/<page>.png``.

Tests that take a ``site_page`` argument run once per page of the site, tests that
take ``scheme`` once per colour scheme.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import (
    CHROMIUM_ARGS,
    DEFAULT_CHROMIUM,
    SCHEMES,
    SCREENSHOTS,
    STATS,
    SiteHandler,
    SiteServer,
    Tab,
    Visitor,
    unavailable,
    write_summary,
)
from tests.browser.pages import REPO_ROOT, site_pages
from tests.site.site_address import configured_site_url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_page" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("site_page", pages, ids=[p.name for p in pages])
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", SCHEMES)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not STATS.base_url:
        return  # no browser test ran
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
    terminalreporter.write_sep("-", "browser tests")
    for line in lines:
        terminalreporter.write_line(line)


def _newer_sources(site: Path) -> str:
    """A source file changed after `site` was built, if any (a stale site/ misleads)."""
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


# --------------------------------------------------------------------------------------
# The site and the server
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: $BPBOOK_SITE_DIR, else site/, else a fresh strict build."""
    for candidate in (os.environ.get("BPBOOK_SITE_DIR"), str(REPO_ROOT / "site")):
        if candidate and (Path(candidate) / "index.html").is_file():
            return Path(candidate)
    try:
        return Path(request.getfixturevalue("built_site"))  # the repo conftest's build
    except pytest.FixtureLookupError:
        pass
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}")
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """URL of the built site served on 127.0.0.1 (free port) under its site_url's path."""
    prefix = urlsplit(configured_site_url()).path or "/"  # /bpbook/, like GitHub Pages
    handler = type("PrefixedSiteHandler", (SiteHandler,), {"prefix": prefix})
    server = SiteServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    STATS.site_dir = str(site_dir)
    STATS.base_url = url
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        write_summary()


# --------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = os.environ.get("BPBOOK_CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        unavailable(f"Chromium not found at {path}", "apt-get install chromium to run them")
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright (Python) is not installed", "pip install -e '.[test]' to run them")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def new_tab(browser: Any, base_url: str) -> Iterator[Callable[..., Tab]]:
    """Factory for fresh tabs (own context, so own localStorage), closed at session end."""
    tabs: list[Tab] = []

    def make(scheme: str = "light", **context_options: Any) -> Tab:
        tab = Tab(browser, base_url, scheme, **context_options)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="session")
def visit(new_tab: Callable[..., Tab], site_dir: Path) -> Visitor:
    """``visit(page, scheme)``: the page loaded once in that scheme and measured (cached)."""
    for sub in SCHEMES:
        shutil.rmtree(SCREENSHOTS / sub, ignore_errors=True)
    return Visitor({scheme: new_tab(scheme) for scheme in SCHEMES}, site_dir)

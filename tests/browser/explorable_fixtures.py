"""Stand-ins for the fixtures of the COMMON.md contract, for the explorable tests only.

``site_url`` (session): base URL, ending in ``/``, of the built site served on 127.0.0.1;
``page`` (function): a Playwright page in a fresh context of Debian's Chromium, every
request to another host aborted (and recorded in ``page.external_requests``).

The tests helper's tests/browser/conftest.py provides the real ones (pytest-playwright);
at merge, delete this module, and in test_explorable_engine.py and
test_explorable_controls.py the import of it and the ``ruff: noqa: F811`` line.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import CHROMIUM_ARGS, DEFAULT_CHROMIUM, unavailable

REPO_ROOT = Path(__file__).resolve().parents[2]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _site_dir(request: pytest.FixtureRequest) -> Path:
    for candidate in (os.environ.get("BPBOOK_SITE_DIR"), str(REPO_ROOT / "site")):
        if candidate and (Path(candidate) / "index.html").is_file():
            return Path(candidate)
    return Path(request.getfixturevalue("built_site"))


@pytest.fixture(scope="session")
def site_url(request: pytest.FixtureRequest) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(_site_dir(request)))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Each test module imports the fixtures, so pytest sees one session fixture per module;
# they share one Playwright and one Chromium (two sync Playwrights cannot run at once).
_SHARED: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def explorable_browser() -> Iterator[Any]:
    path = os.environ.get("BPBOOK_CHROMIUM") or DEFAULT_CHROMIUM
    if not Path(path).is_file():
        unavailable(f"Chromium not found at {path}", "apt-get install chromium to run them")
    if not _SHARED["users"]:
        from playwright.sync_api import sync_playwright

        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
    _SHARED["users"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] -= 1
        if not _SHARED["users"]:
            _SHARED["browser"].close()
            _SHARED["playwright"].stop()


@pytest.fixture
def page(explorable_browser: Any, site_url: str) -> Iterator[Any]:
    context = explorable_browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.external_requests = external
    try:
        yield tab
    finally:
        context.close()

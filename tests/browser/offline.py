"""Every request a browser context makes goes through an offline guard.

``OfflineGuard`` routes all requests of one context: a request to the local server is
counted and let through, any other is aborted and recorded (the tests assert there
was none). Per page load it also records console errors, uncaught exceptions, failed
requests and HTTP errors (``Recorder``). ``open_page`` loads a page of the site and
waits until Material and KaTeX have finished and the network is quiet.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.stats import STATS

DEFAULT_TIMEOUT_MS = 15_000

# Material mounts its components from its `document$` observable, and the site's KaTeX
# script renders math from there too: before measuring, wait (at most a few seconds)
# until the palette has been applied (Material then stores it in localStorage as
# "<scope>.__palette") and every arithmatex element holds KaTeX output
# (docs/javascripts/katex-init.js also marks <html data-bp-math="rendered">).
MATERIAL_READY = """() => {
  const palette = !document.querySelector("[data-md-component=palette]") ||
    Object.keys(localStorage).some((k) => k.endsWith("__palette"));
  const math = document.documentElement.dataset.bpMath === "rendered" ||
    [...document.querySelectorAll(".arithmatex")].every((e) =>
      e.querySelector(".katex, .katex-error"));
  return palette && math;
}"""


@dataclass
class Recorder:
    """What one page load did on the network and in the console."""

    local_requests: int = 0
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    in_flight: int = 0
    last_activity: float = field(default_factory=time.monotonic)


class OfflineGuard:
    """The offline guard of one browser context (see the module docstring)."""

    def __init__(self, context: BrowserContext, site_url: str) -> None:
        self.site_url = site_url
        self.netloc = urlsplit(site_url).netloc
        self.rec = Recorder()
        self.all_external: list[str] = []  # over every load, for the final assertion
        self._watched: set[int] = set()
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.route("**/*", self._route)
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page: Page) -> None:
        """Record `page`'s console, errors and requests (once per page)."""
        if id(page) in self._watched:
            return
        self._watched.add(id(page))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.rec.page_errors.append(str(exc)))
        page.on("request", self._request)
        page.on("requestfinished", self._request_done)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("websocket", lambda ws: self._external(ws.url))

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.netloc

    def _external(self, url: str) -> None:
        self.rec.external.append(url)
        self.all_external.append(url)
        STATS.count_request(url, local=False)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if self.is_local(url):
            self.rec.local_requests += 1
            STATS.count_request(url, local=True)
            route.continue_()
        else:
            self._external(url)
            route.abort("blockedbyclient")

    def _request(self, request: Request) -> None:
        self.rec.in_flight += 1
        self.rec.last_activity = time.monotonic()

    def _request_done(self, request: Request) -> None:
        self.rec.in_flight = max(0, self.rec.in_flight - 1)
        self.rec.last_activity = time.monotonic()

    def _request_failed(self, request: Request) -> None:
        self._request_done(request)
        if self.is_local(request.url):  # external ones are already recorded as such
            self.rec.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.rec.bad_status.append(f"{response.status} {response.url}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            loc = message.location or {}
            where = f" [{loc.get('url', '')}:{loc.get('lineNumber', '')}]" if loc else ""
            self.rec.console_errors.append(message.text + where)


_GUARDS: dict[int, OfflineGuard] = {}


def guard(context: BrowserContext, site_url: str) -> OfflineGuard:
    """Put `context` behind an offline guard (see ``guard_of``)."""
    _GUARDS[id(context)] = OfflineGuard(context, site_url)
    return _GUARDS[id(context)]


def guard_of(page: Page) -> OfflineGuard:
    """The offline guard of `page`'s context (every context of the browser tests has one)."""
    found = _GUARDS.get(id(page.context))
    assert found is not None, "this page's context has no offline guard"
    found.watch(page)
    return found


def release(context: BrowserContext) -> OfflineGuard:
    """Forget `context`'s guard (the context is being closed); return it."""
    return _GUARDS.pop(id(context))


def _settle(page: Page, rec: Recorder, quiet: float = 0.25, limit: float = 10.0) -> None:
    """Wait until no request has been in flight for `quiet` seconds (and fonts are in)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        idle = time.monotonic() - rec.last_activity
        if rec.in_flight == 0 and idle >= quiet:
            return
        page.wait_for_timeout(50)


def open_page(page: Page, path: str) -> Recorder:
    """Load `path` (relative to the site root) on a fresh recorder and let it settle."""
    offline = guard_of(page)
    offline.rec = rec = Recorder()
    page.goto(offline.site_url + path, wait_until="load")
    try:
        page.wait_for_function(MATERIAL_READY, timeout=5_000)
    except PlaywrightTimeoutError:
        pass  # measured as it is: the tests then report what is missing
    _settle(page, rec)
    return rec

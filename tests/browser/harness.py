"""The machinery behind the browser tests (fixtures live in conftest.py).

``Tab``: a browser context and page whose every request goes through an offline guard
(local server: counted and let through; anything else: aborted and recorded), with
console errors, failed requests and HTTP errors recorded per page load.
``Visitor``: loads each page once per colour scheme, takes the screenshot, measures the
page with ``js/inspect.js`` and runs axe-core, and caches the result for the tests.
``STATS``: the session's totals, printed at the end and written to
``screenshots/summary.json``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import REPO_ROOT, SitePage

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Containers often have a tiny /dev/shm; full-page screenshots need more.
    "--disable-dev-shm-usage",
]
SCHEMES = ("light", "dark")
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
OTHER_SCHEME = {"light": "dark", "dark": "light"}
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = REPO_ROOT / "screenshots"
JS_DIR = Path(__file__).resolve().parent / "js"
# axe impacts that fail a test; the others are counted in the summary only.
AXE_FAILING_IMPACTS = ("serious", "critical")


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def fail_if(problems: list[str], heading: str) -> None:
    """Fail with `heading` and one problem per line (no assert-rewrite noise), if any."""
    if problems:
        pytest.fail(f"{heading}\n  " + "\n  ".join(problems), pytrace=False)


def unavailable(problem: str, remedy: str) -> None:
    """Skip locally; fail under CI=true, where the browser tests must run."""
    if on_ci():
        pytest.fail(
            f"{problem}: CI=true, so the browser tests fail instead of being skipped; {remedy}",
            pytrace=False,
        )
    pytest.skip(f"{problem}: browser tests skipped; {remedy}")


@dataclass
class Stats:
    site_dir: str = ""
    base_url: str = ""
    local_requests: int = 0
    external_requests: list[str] = field(default_factory=list)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    external_links: list[str] = field(default_factory=list)
    internal_links_checked: int = 0

    def page_entry(self, page: SitePage, scheme: str) -> dict[str, Any]:
        return self.pages.setdefault(page.name, {}).setdefault(scheme, {})


STATS = Stats()
_STATS_LOCK = threading.Lock()


def write_summary() -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    data = asdict(STATS)
    data["external_requests"] = sorted(set(STATS.external_requests))
    data["external_links"] = sorted(set(STATS.external_links))
    (SCREENSHOTS / "summary.json").write_text(json.dumps(data, indent=2) + "\n")


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".svg": "image/svg+xml",
        ".ipynb": "application/x-ipynb+json",
        ".py": "text/x-python",
        ".xml": "application/xml",
    }

    # The site is served under the path of its site_url (/bpbook/), as GitHub Pages does;
    # a request outside it is a miss.
    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside-the-site")  # never exists
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    """The local server; a browser dropping a connection mid-response is not an error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


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


class Tab:
    """A browser context with one page; every request routed through the offline guard."""

    def __init__(self, browser: Any, base_url: str, scheme: str, **context_options: Any) -> None:
        self.base_url = base_url
        self.netloc = urlsplit(base_url).netloc
        self.scheme = scheme
        self.context = browser.new_context(
            color_scheme=scheme,
            viewport=VIEWPORT,
            base_url=base_url,
            service_workers="block",
            reduced_motion="reduce",
            **context_options,
        )
        self.context.set_default_timeout(15_000)
        self.rec = Recorder()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.rec.page_errors.append(str(exc)))
        self.page.on("request", self._request)
        self.page.on("requestfinished", self._request_done)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)
        self.page.on("websocket", lambda ws: self._external(ws.url))

    # -- network ---------------------------------------------------------------------
    def _is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.netloc

    def _external(self, url: str) -> None:
        self.rec.external.append(url)
        with _STATS_LOCK:
            STATS.external_requests.append(url)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if self._is_local(url):
            self.rec.local_requests += 1
            with _STATS_LOCK:
                STATS.local_requests += 1
            route.continue_()
        else:
            self._external(url)
            route.abort("blockedbyclient")

    def _request(self, request: Any) -> None:
        self.rec.in_flight += 1
        self.rec.last_activity = time.monotonic()

    def _request_done(self, request: Any) -> None:
        self.rec.in_flight = max(0, self.rec.in_flight - 1)
        self.rec.last_activity = time.monotonic()

    def _request_failed(self, request: Any) -> None:
        self._request_done(request)
        if self._is_local(request.url):  # external ones are already recorded as such
            self.rec.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.rec.bad_status.append(f"{response.status} {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            loc = message.location or {}
            where = f" [{loc.get('url', '')}:{loc.get('lineNumber', '')}]" if loc else ""
            self.rec.console_errors.append(message.text + where)

    # -- navigation --------------------------------------------------------------------
    def settle(self, quiet: float = 0.25, limit: float = 10.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds (and fonts are in)."""
        self.page.evaluate("document.fonts.ready.then(() => true)")
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            idle = time.monotonic() - self.rec.last_activity
            if self.rec.in_flight == 0 and idle >= quiet:
                return
            self.page.wait_for_timeout(50)

    def open(self, path: str) -> Recorder:
        """Load `path` (relative to the site root) on a fresh recorder and let it settle."""
        self.rec = Recorder()
        self.page.goto(self.base_url + path, wait_until="load")
        try:
            self.page.wait_for_function(MATERIAL_READY, timeout=5_000)
        except Exception as exc:  # playwright's TimeoutError (playwright is imported lazily)
            if type(exc).__name__ != "TimeoutError":
                raise
            # Measured as it is: the tests then report what is missing.
        self.settle()
        return self.rec

    def close(self) -> None:
        self.context.close()


@dataclass
class Visit:
    page: SitePage
    scheme: str
    url: str
    network: Recorder
    data: dict[str, Any]  # from js/inspect.js
    axe_violations: list[dict[str, Any]]  # all impacts
    screenshot: Path
    # The page's figures measured again after the palette toggle switched the page to the
    # other scheme (against the system setting); None when the page has no figure.
    toggled_figures: list[dict[str, Any]] | None = None

    @property
    def axe_failing(self) -> list[dict[str, Any]]:
        return [v for v in self.axe_violations if v.get("impact") in AXE_FAILING_IMPACTS]


# Starts axe-core without waiting for it, so that the light and the dark tab (separate
# renderer processes) run it at the same time; AXE_RESULT collects the violations.
AXE_START = """() => {
  window.__bpAxe = axe.run(document, {resultTypes: ["violations"]}).then((r) =>
    r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target,
        html: (n.html || "").slice(0, 160),
        summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
      })),
    })));
  return true;
}"""
AXE_RESULT = "async () => await window.__bpAxe"
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"


class Visitor:
    """Loads a page in every scheme at once (one tab per scheme) and caches the visits."""

    def __init__(self, tabs: dict[str, Tab], site_dir: Path) -> None:
        self.tabs = tabs
        for tab in tabs.values():
            # Every page starts as a reader who never touched the palette toggle: the
            # scheme follows the system. (Material stores a toggled choice in
            # localStorage, also while a page unloads, so it is cleared before each page.)
            tab.context.add_init_script("try { localStorage.clear(); } catch (e) {}")
        self.site_dir = site_dir
        self.cache: dict[tuple[str, str], Visit] = {}
        self.inspect_js = (JS_DIR / "inspect.js").read_text(encoding="utf-8")
        self.axe_js = _axe_source()

    def __call__(self, page: SitePage, scheme: str) -> Visit:
        if (page.name, scheme) not in self.cache:
            self._visit(page)
        return self.cache[(page.name, scheme)]

    def _visit(self, site_page: SitePage) -> None:
        if not (self.site_dir / site_page.html_file).is_file():
            pytest.fail(
                f"{site_page.name}: {site_page.html_file} is not in the built site "
                f"{self.site_dir} (rebuild it: make build)",
                pytrace=False,
            )
        tabs = self.tabs
        network = {scheme: tab.open(site_page.path) for scheme, tab in tabs.items()}
        shots: dict[str, Path] = {}
        data: dict[str, dict[str, Any]] = {}
        for scheme, tab in tabs.items():
            shots[scheme] = shot = SCREENSHOTS / scheme / f"{site_page.slug}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            tab.page.screenshot(path=str(shot), full_page=True, animations="disabled", caret="hide")
            # Solutions and other collapsed blocks are opened, so they are measured
            # and checked by axe too (the screenshot shows the page as it loads).
            tab.page.evaluate(OPEN_DETAILS)
            data[scheme] = tab.page.evaluate(self.inspect_js)
            tab.page.evaluate(self.axe_js)
            tab.page.evaluate(AXE_START)
        for scheme, tab in tabs.items():
            violations = tab.page.evaluate(AXE_RESULT)
            toggled = None
            if data[scheme]["figures"]:
                toggled = self._toggle_and_measure(tab, OTHER_SCHEME[scheme])
            visit = Visit(
                site_page,
                scheme,
                tab.base_url + site_page.path,
                network[scheme],
                data[scheme],
                violations,
                shots[scheme],
                toggled,
            )
            self.cache[(site_page.name, scheme)] = visit
            with _STATS_LOCK:
                STATS.page_entry(site_page, scheme).update(
                    url=visit.url,
                    local_requests=visit.network.local_requests,
                    external_requests=len(visit.network.external),
                    axe_failing=len(visit.axe_failing),
                    axe_violations={v["id"]: v["impact"] for v in violations},
                    figures=len(visit.data["figures"]),
                    katex=visit.data["math"]["katex"],
                    screenshot=str(visit.screenshot.relative_to(REPO_ROOT)),
                )

    def _toggle_and_measure(self, tab: Tab, want: str) -> list[dict[str, Any]]:
        """Switch the page to `want` with Material's toggle and measure its figures."""
        set_scheme(tab, want)
        return list(tab.page.evaluate(self.inspect_js)["figures"])


def set_scheme(tab: Tab, scheme: str) -> None:
    """Click Material's palette toggle until the page shows `scheme` (light/dark)."""
    want = MATERIAL_SCHEME[scheme]
    for _ in range(3):
        if tab.page.evaluate("document.body.dataset.mdColorScheme") == want:
            tab.page.wait_for_timeout(100)  # let colour transitions finish
            return
        tab.page.locator("form[data-md-component='palette'] label:not([hidden])").click()
        tab.page.wait_for_function(
            "w => document.body.dataset.mdColorScheme === w", arg=want, timeout=5_000
        )
    raise AssertionError(f"the palette toggle never switched the page to {want!r}")


def _axe_source() -> str:
    """axe-core as shipped by axe-playwright-python (axe.min.js inside the package)."""
    try:
        import axe_playwright_python
    except ImportError:
        unavailable("axe-playwright-python is not installed", "pip install -e '.[test]'")
    path = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
    if not path.is_file():
        pytest.fail(f"axe-playwright-python no longer ships axe.min.js ({path})")
    return path.read_text(encoding="utf-8")

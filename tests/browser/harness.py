"""The machinery behind the browser tests (fixtures live in conftest.py).

``Visitor``: loads each page once per colour scheme, takes the screenshot, measures the
page with ``js/inspect.js`` and runs axe-core through axe-playwright-python, and caches
the result, so that the many checks of one page cost one visit. Also: where Chromium
is (``chromium_executable``), how it is launched (``CHROMIUM_ARGS``), and switching
Material's palette (``set_scheme``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.offline import Recorder, guard, open_page, release
from tests.browser.stats import SCREENSHOTS, STATS
from tests.site.pages import REPO_ROOT, SitePage

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
JS_DIR = Path(__file__).resolve().parent / "js"
# axe impacts that fail a test; the others are counted in the summary only.
AXE_FAILING_IMPACTS = ("serious", "critical")
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
# Material sets a code block up (copy button, tabindex) when it scrolls into view
# (content.lazy, mkdocs.yml): read the page through, as a reader would, first, every tab
# of a tabbed block included; then leave each tabbed block on its first tab again.
READ_THROUGH = """async () => {
  const frame = () =>
    new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const look = async (root) => {
    for (const pre of root.querySelectorAll("pre")) {
      if (!pre.checkVisibility()) continue;
      pre.scrollIntoView({ block: "center" });
      await frame();
    }
  };
  for (const set of document.querySelectorAll(".md-content .tabbed-set")) {
    const tabs = [...set.querySelectorAll(":scope > input")];
    for (const tab of tabs) { tab.click(); await frame(); await look(set); }
    if (tabs.length) tabs[0].click();
  }
  await look(document.querySelector(".md-content"));
  window.scrollTo(0, 0);
  await frame();
}"""


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def fail_if(problems: list[str], heading: str) -> None:
    """Fail with `heading` and one problem per line (no assert-rewrite noise), if any."""
    if problems:
        pytest.fail(f"{heading}\n  " + "\n  ".join(problems), pytrace=False)


def unavailable(problem: str, remedy: str) -> NoReturn:
    """Skip locally; fail under CI=true, where the browser tests must run."""
    if on_ci():
        pytest.fail(
            f"{problem}: CI=true, so the browser tests fail instead of being skipped; {remedy}",
            pytrace=False,
        )
    pytest.skip(f"{problem}: browser tests skipped; {remedy}")


def chromium_executable() -> str:
    """Debian's Chromium (or ``$BPBOOK_CHROMIUM``); never a browser Playwright downloads."""
    path = os.environ.get("BPBOOK_CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        unavailable(f"Chromium not found at {path}", "apt-get install chromium to run them")
    return path


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


def clear_screenshots() -> None:
    """Remove the screenshots of an earlier run."""
    for scheme in SCHEMES:
        shutil.rmtree(SCREENSHOTS / scheme, ignore_errors=True)


class Visitor:
    """Loads a page in every scheme (one context per scheme) and caches the visits."""

    def __init__(
        self, browser: Browser, context_args: dict[str, Any], site_url: str, site_dir: Path
    ) -> None:
        self.site_url = site_url
        self.site_dir = site_dir
        self.contexts: dict[str, BrowserContext] = {}
        self.tabs: dict[str, Page] = {}
        for scheme in SCHEMES:
            context = browser.new_context(**{**context_args, "color_scheme": scheme})
            guard(context, site_url)
            # Every page starts as a reader who never touched the palette toggle: the
            # scheme follows the system. (Material stores a toggled choice in
            # localStorage, also while a page unloads, so it is cleared before each page.)
            context.add_init_script("try { localStorage.clear(); } catch (e) {}")
            self.contexts[scheme] = context
            self.tabs[scheme] = context.new_page()
        self.cache: dict[tuple[str, str], Visit] = {}
        self.inspect_js = (JS_DIR / "inspect.js").read_text(encoding="utf-8")
        self.axe = Axe()
        if not os.environ.get("PYTEST_XDIST_WORKER"):  # else the controller cleared them
            clear_screenshots()

    def __call__(self, page: SitePage, scheme: str) -> Visit:
        if (page.name, scheme) not in self.cache:
            self._visit(page)
        return self.cache[(page.name, scheme)]

    def close(self) -> None:
        for context in self.contexts.values():
            release(context)
            context.close()

    def _visit(self, site_page: SitePage) -> None:
        if not (self.site_dir / site_page.html_file).is_file():
            pytest.fail(
                f"{site_page.name}: {site_page.html_file} is not in the built site "
                f"{self.site_dir} (rebuild it: make build)",
                pytrace=False,
            )
        for scheme, tab in self.tabs.items():
            network = open_page(tab, site_page.path)
            shot = SCREENSHOTS / scheme / f"{site_page.slug}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(shot), full_page=True, animations="disabled", caret="hide")
            # Solutions and other collapsed blocks are opened, so they are measured
            # and checked by axe too (the screenshot shows the page as it loads).
            tab.evaluate(OPEN_DETAILS)
            tab.evaluate(READ_THROUGH)
            data: dict[str, Any] = tab.evaluate(self.inspect_js)
            violations: list[dict[str, Any]] = self.axe.run(tab).response["violations"]
            toggled = None
            if data["figures"]:
                set_scheme(tab, OTHER_SCHEME[scheme])
                toggled = list(tab.evaluate(self.inspect_js)["figures"])
            url = self.site_url + site_page.path
            visit = Visit(site_page, scheme, url, network, data, violations, shot, toggled)
            self.cache[(site_page.name, scheme)] = visit
            _record(visit)


def _record(visit: Visit) -> None:
    """Add `visit` to the session summary."""
    STATS.page_entry(visit.page.name, visit.scheme).update(
        url=visit.url,
        local_requests=visit.network.local_requests,
        external_requests=len(visit.network.external),
        axe_failing=len(visit.axe_failing),
        axe_violations={v["id"]: v["impact"] for v in visit.axe_violations},
        figures=len(visit.data["figures"]),
        katex=visit.data["math"]["katex"],
        screenshot=str(visit.screenshot.relative_to(REPO_ROOT)),
    )


def set_scheme(page: Page, scheme: str) -> None:
    """Click Material's palette toggle until the page shows `scheme` (light/dark)."""
    want = MATERIAL_SCHEME[scheme]
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == want:
            page.wait_for_timeout(100)  # let colour transitions finish
            return
        page.locator("form[data-md-component='palette'] label:not([hidden])").click()
        page.wait_for_function(
            "w => document.body.dataset.mdColorScheme === w", arg=want, timeout=5_000
        )
    raise AssertionError(f"the palette toggle never switched the page to {want!r}")

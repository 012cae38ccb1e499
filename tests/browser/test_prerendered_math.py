"""Math typeset at build time (issue 10) works in a real browser, also after instant navigation.

The KaTeX stylesheet is linked only by pages with math, in their ``<head>``; Material's
instant navigation swaps the ``<head>`` elements, so arriving at a chapter from a page
without math must still style its formulas. No page may request a math script.

Fixtures: ``site_url`` (base URL of the built site on 127.0.0.1, trailing slash) and
``browser`` (Playwright Chromium); on branches without ``site_url`` the old conftest's
``base_url`` is used.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

MATH_SCRIPT = re.compile(r"katex[^/]*\.js|auto-render|mathjax", re.I)

# Rendered math uses KaTeX's fonts, hides the MathML copy visually (it is for screen
# readers) and lays out a display formula wider than a few pixels.
MATH_STYLED = """() => {
  const k = document.querySelector(".md-content .katex");
  if (!k) return {found: false};
  const mathml = k.querySelector(".katex-mathml");
  const shown = k.querySelector(".katex-html");
  return {
    found: true,
    font: getComputedStyle(k).fontFamily,
    mathmlClip: getComputedStyle(mathml).clip,
    mathmlPosition: getComputedStyle(mathml).position,
    htmlWidth: shown.getBoundingClientRect().width,
    stylesheets: [...document.querySelectorAll("head link[rel=stylesheet]")].map((l) => l.href),
  };
}"""


@pytest.fixture(scope="module")
def url(request: pytest.FixtureRequest) -> str:
    for name in ("site_url", "base_url"):
        try:
            return str(request.getfixturevalue(name))
        except pytest.FixtureLookupError:
            continue
    raise pytest.UsageError("needs a site_url (or base_url) fixture")


def _assert_styled(state: dict[str, Any], where: str) -> None:
    assert state["found"], f"{where}: no .katex element in the content"
    assert "KaTeX_Main" in state["font"], f"{where}: math not in KaTeX's font: {state}"
    assert state["mathmlPosition"] == "absolute", f"{where}: MathML copy shown: {state}"
    assert state["htmlWidth"] > 5, f"{where}: rendered math has no width: {state}"


def test_math_styled_on_load_and_after_instant_navigation(browser: Any, url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    # Material's instant navigation follows only links listed in sitemap.xml, matched by
    # host *and port*; the built sitemap names the public site_url (or nothing when it is
    # unset), so the test serves one naming the two local pages it navigates between.
    locs = "".join(f"<url><loc>{url}{path}</loc></url>" for path in ("", "three-factor/"))
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset>{locs}</urlset>'
    context.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(body=sitemap, content_type="application/xml"),
    )
    try:
        page = context.new_page()
        page.goto(url + "three-factor/", wait_until="networkidle")
        _assert_styled(page.evaluate(MATH_STYLED), "three-factor/ on load")

        # From a page without math (no KaTeX CSS) into a chapter, by Material's instant
        # navigation (the address changes without a full page load).
        page.goto(url, wait_until="networkidle")
        assert page.evaluate(MATH_STYLED) == {"found": False}
        page.evaluate("() => { window.__samePageLoad = true; }")
        page.locator(".md-nav--primary a[href$='three-factor/']").first.click()
        page.wait_for_url(re.compile(r"three-factor/$"))
        page.wait_for_function("() => !!document.querySelector('.md-content .katex')")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__samePageLoad === true"), "not an instant navigation"
        _assert_styled(page.evaluate(MATH_STYLED), "three-factor/ after instant navigation")
    finally:
        context.close()
    math_js = [u for u in requested if MATH_SCRIPT.search(u)]
    assert not math_js, f"math scripts requested: {math_js}"

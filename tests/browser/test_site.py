"""Site-wide behaviour: a bad URL lands on a working 404 page (the page list is checked in
tests/site/); a scrollbar coming or going moves nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserType, Page

from tests.browser.harness import CHROMIUM_ARGS, chromium_executable
from tests.browser.offline import open_page

pytestmark = pytest.mark.browser


def test_missing_page_shows_the_404_page(page: Page, site_url: str) -> None:
    """Like GitHub Pages, the server answers a missing URL with 404.html: it must work there.

    The URL is nested, so that only root-relative or absolute asset links survive.
    """
    rec = open_page(page, "no/such/chapter/")
    main = f"404 {site_url}no/such/chapter/"
    assert main in rec.bad_status, rec.bad_status
    others = [s for s in rec.bad_status if s != main]
    assert not others and not rec.failed and not rec.external, (others, rec.failed, rec.external)
    console = [m for m in rec.console_errors if "no/such/chapter" not in m]  # the 404 itself
    assert not console and not rec.page_errors, (console, rec.page_errors)
    styled = page.evaluate(
        "getComputedStyle(document.querySelector('.md-header') || document.body).position"
    )
    assert styled in ("sticky", "fixed"), "the 404 page is shown without Material's stylesheet"
    assert "404" in page.inner_text(".md-content")


# Where a short page's content starts, and how wide a scrollbar is in this browser.
_LAYOUT = """() => ({
  left: document.querySelector(".md-main__inner").getBoundingClientRect().left,
  scrollbar: (() => {
    const box = document.createElement("div");
    box.style.cssText = "position:absolute;width:100px;height:100px;overflow:scroll";
    document.body.append(box);
    const width = box.offsetWidth - box.clientWidth;
    box.remove();
    return width;
  })(),
})"""


def test_a_scrollbar_coming_or_going_moves_nothing(
    browser_type: BrowserType, site_url: str
) -> None:
    """On a desktop, a short page is centred in the same place with or without a vertical
    scrollbar (extra.css reserves its gutter): before Material's script ran, Contributing
    was a little taller than Lighthouse's 1350 x 940 window, then not, and jumped 7 px."""
    # Playwright hides scrollbars in headless Chromium unless told not to.
    browser = browser_type.launch(
        executable_path=chromium_executable(),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--hide-scrollbars"],
    )
    try:
        page = browser.new_page(viewport={"width": 1350, "height": 940})
        page.goto(site_url + "contributing/", wait_until="load")
        short = page.evaluate(_LAYOUT)
        assert short["scrollbar"] > 0, "this Chromium draws no scrollbars: nothing to check"
        page.evaluate("document.body.style.minHeight = '300vh'")
        tall = page.evaluate(_LAYOUT)
        assert page.evaluate("document.documentElement.scrollHeight > innerHeight")
        assert tall["left"] == short["left"], (
            f"the page moved {tall['left'] - short['left']:+.1f} px sideways when a "
            f"{short['scrollbar']} px scrollbar appeared"
        )
    finally:
        browser.close()

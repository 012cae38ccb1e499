"""A bad URL lands on a working 404 page (the page list is checked in tests/site/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

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

"""The site as a whole: the page list the tests use is the site's, and a bad URL lands well."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.harness import Tab
from tests.browser.pages import site_pages

pytestmark = pytest.mark.browser

_NOT_PAGES = ("assets/", "search/", "javascripts/", "stylesheets/")


def test_every_built_page_is_tested(site_dir: Path) -> None:
    """The pages found from docs/ (which the tests are parametrized with) are the site's."""
    built = {
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if (p.name == "index.html" or p.parent == site_dir)
        and not p.relative_to(site_dir).as_posix().startswith(_NOT_PAGES)
    }
    expected = {page.html_file for page in site_pages()}
    assert built == expected, (
        f"built but not tested: {sorted(built - expected)}; "
        f"expected but not built: {sorted(expected - built)} (site: {site_dir})"
    )


def test_missing_page_shows_the_404_page(new_tab: Callable[..., Tab]) -> None:
    """Like GitHub Pages, the server answers a missing URL with 404.html: it must work there.

    The URL is nested, so that only root-relative or absolute asset links survive.
    """
    tab = new_tab("light")
    rec = tab.open("no/such/chapter/")
    main = f"404 {tab.base_url}no/such/chapter/"
    assert main in rec.bad_status, rec.bad_status
    others = [s for s in rec.bad_status if s != main]
    assert not others and not rec.failed and not rec.external, (others, rec.failed, rec.external)
    console = [m for m in rec.console_errors if "no/such/chapter" not in m]  # the 404 itself
    assert not console and not rec.page_errors, (console, rec.page_errors)
    styled = tab.page.evaluate(
        "getComputedStyle(document.querySelector('.md-header') || document.body).position"
    )
    assert styled in ("sticky", "fixed"), "the 404 page is shown without Material's stylesheet"
    assert "404" in tab.page.inner_text(".md-content")

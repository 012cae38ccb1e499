"""The site has exactly the pages the tests are parametrized with, and a 404 page."""

from __future__ import annotations

from pathlib import Path

from tests.site.pages import site_pages

_NOT_PAGES = ("assets/", "search/", "javascripts/", "stylesheets/")


def test_every_built_page_is_tested(built_site: Path) -> None:
    """The pages found from docs/ (which the browser tests are parametrized with) are the site's."""
    built = {
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if (p.name == "index.html" or p.parent == built_site)
        and not p.relative_to(built_site).as_posix().startswith(_NOT_PAGES)
    }
    expected = {page.html_file for page in site_pages()}
    assert built == expected, (
        f"built but not tested: {sorted(built - expected)}; "
        f"expected but not built: {sorted(expected - built)} (site: {built_site})"
    )


def test_404_page(built_site: Path) -> None:
    assert (built_site / "404.html").is_file()

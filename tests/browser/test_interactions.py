"""What a reader does on the site: search, switch light/dark, open solutions, copy code."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser.harness import Tab, set_scheme
from tests.browser.pages import SitePage, find_page, site_pages

pytestmark = pytest.mark.browser


def _page(stem: str) -> SitePage:
    page = find_page(stem)
    if page is None:
        pytest.fail(f"no page docs/{stem}.md or docs/{stem}.nb.py in the book", pytrace=False)
    return page


def _scheme(tab: Tab) -> str | None:
    value = tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    return str(value) if value is not None else None


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "stem"),
    [("epoch", "sgd"), ("slope", "three-factor")],
    ids=["epoch-finds-sgd", "slope-finds-three-factor"],
)
def test_search_finds_chapter(new_tab: Callable[..., Tab], query: str, stem: str) -> None:
    target = _page(stem)
    tab = new_tab("light")
    tab.open("")
    box = tab.page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=30)
    results = tab.page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for(state="attached", timeout=15_000)
    # Material renders results as the worker answers; let the list settle.
    tab.page.wait_for_timeout(300)
    hrefs: list[str] = results.evaluate_all("els => els.map(e => e.href)")
    want = tab.base_url + target.path
    pages_found = [urlunsplit((*urlsplit(h)[:3], "", "")) for h in hrefs]  # drop ?h= and #
    assert want in pages_found, (
        f"searching {query!r} does not list {target.name} ({want}); results:\n  "
        + "\n  ".join(hrefs)
    )
    assert not tab.rec.external and not tab.rec.console_errors, (
        tab.rec.external,
        tab.rec.console_errors,
    )


# --------------------------------------------------------------------------------------
# Light / dark toggle
# --------------------------------------------------------------------------------------


def _body_background(tab: Tab) -> str:
    return str(tab.page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_palette_toggle_switches_scheme(new_tab: Callable[..., Tab]) -> None:
    tab = new_tab("light")
    tab.open("")
    assert _scheme(tab) == "default"
    light_bg = _body_background(tab)

    set_scheme(tab, "dark")
    assert _body_background(tab) != light_bg, "the page background did not change"

    tab.open(site_pages()[1].path)  # the choice is remembered on the next page
    assert _scheme(tab) == "slate"

    set_scheme(tab, "light")
    assert _body_background(tab) == light_bg
    assert not tab.rec.console_errors, tab.rec.console_errors


# --------------------------------------------------------------------------------------
# Collapsible solutions
# --------------------------------------------------------------------------------------


def test_solutions_open_and_close_on_click(new_tab: Callable[..., Tab]) -> None:
    practice = _page("practice")
    tab = new_tab("light")
    tab.open(practice.path)
    details = tab.page.locator(".md-content details")
    count = details.count()
    assert count > 0, f"{practice.name}: no collapsible solution (??? blocks) found"
    closed_at_start = 0
    for i in range(count):
        block = details.nth(i)
        summary = block.locator(":scope > summary")
        body = block.locator(":scope > :not(summary)").first
        title = summary.inner_text().strip()
        was_open = block.evaluate("d => d.open")
        closed_at_start += not was_open
        summary.scroll_into_view_if_needed()
        summary.click()
        tab.page.wait_for_timeout(50)
        assert block.evaluate("d => d.open") != was_open, f"{title!r}: click did not toggle it"
        if not was_open:
            assert body.is_visible(), f"{title!r}: opened, but its content is not visible"
        summary.click()
        tab.page.wait_for_timeout(50)
        assert block.evaluate("d => d.open") == was_open, f"{title!r}: second click did not"
        if not was_open:
            assert not body.is_visible(), f"{title!r}: closed, but its content still shows"
    assert closed_at_start > 0, f"{practice.name}: every solution is open when the page loads"


# --------------------------------------------------------------------------------------
# Copying code
# --------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _first_page_with(tab: Tab, selector: str, notebook: bool) -> SitePage | None:
    for page in site_pages():
        if page.source is None or page.is_notebook != notebook:
            continue
        tab.open(page.path)
        if tab.page.locator(selector).count():
            return page
    return None


@pytest.mark.parametrize("kind", ["markdown", "notebook"])
def test_copy_button_copies_the_code(new_tab: Callable[..., Tab], kind: str) -> None:
    tab = new_tab("light", permissions=["clipboard-read", "clipboard-write"])
    if kind == "markdown":
        selector = ".md-content pre:has(> code)"
        button_in_block = ":scope > .md-clipboard, :scope > .md-code__nav > [data-md-type='copy']"
        code_in_block = ":scope > code"
    else:
        selector = ".md-content .jp-InputArea-editor:has(pre)"
        button_in_block = "clipboard-copy"
        code_in_block = "pre"
    page = _first_page_with(tab, selector, notebook=kind == "notebook")
    if page is None:
        pytest.fail(f"no {kind} page with a code block to copy from", pytrace=False)
    block = tab.page.locator(selector).first
    block.scroll_into_view_if_needed()
    block.hover()
    expected = _normalise(block.locator(code_in_block).first.inner_text())
    tab.page.evaluate("navigator.clipboard.writeText('')")
    block.locator(button_in_block).first.click()
    tab.page.wait_for_function(
        "async () => (await navigator.clipboard.readText()).length > 0", timeout=5_000
    )
    copied = _normalise(tab.page.evaluate("navigator.clipboard.readText()"))
    assert copied == expected, (
        f"{page.name}: the copy button copied\n  {copied[:200]!r}\nnot the code\n  "
        f"{expected[:200]!r}"
    )

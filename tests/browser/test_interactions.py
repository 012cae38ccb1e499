"""What a reader does on the site: search, switch light/dark, open solutions, copy code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page

from tests.browser.harness import set_scheme
from tests.browser.offline import open_page
from tests.browser.stats import SCREENSHOTS
from tests.site.pages import SitePage, find_page, site_pages

pytestmark = pytest.mark.browser


def _page(stem: str) -> SitePage:
    page = find_page(stem)
    if page is None:
        pytest.fail(f"no page docs/{stem}.md or docs/{stem}.nb.py in the book", pytrace=False)
    return page


def _scheme(page: Page) -> str | None:
    value = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    return str(value) if value is not None else None


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "stem"),
    [("epoch", "sgd"), ("slope", "three-factor")],
    ids=["epoch-finds-sgd", "slope-finds-three-factor"],
)
def test_search_finds_chapter(page: Page, site_url: str, query: str, stem: str) -> None:
    target = _page(stem)
    rec = open_page(page, "")
    box = page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=30)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for(state="attached", timeout=15_000)
    # Material renders results as the worker answers; let the list settle.
    page.wait_for_timeout(300)
    hrefs: list[str] = results.evaluate_all("els => els.map(e => e.href)")
    want = site_url + target.path
    pages_found = [urlunsplit((*urlsplit(h)[:3], "", "")) for h in hrefs]  # drop ?h= and #
    assert want in pages_found, (
        f"searching {query!r} does not list {target.name} ({want}); results:\n  "
        + "\n  ".join(hrefs)
    )
    assert not rec.external and not rec.console_errors, (rec.external, rec.console_errors)


SEARCH_INDEX = "search/search_index.json"


def _index_requests(page: Page) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


@pytest.mark.parametrize("reach", ["click", "keyboard"])
def test_the_search_index_loads_when_the_reader_reaches_for_search(page: Page, reach: str) -> None:
    # overrides/partials/search-on-demand.html (issue 21): not with the page, but as soon
    # as the reader clicks into search or presses Material's "/" key; search then works.
    requested = _index_requests(page)
    rec = open_page(page, _page("three-factor").path)
    page.wait_for_timeout(500)
    assert not [u for u in requested if u.endswith(SEARCH_INDEX)], "index fetched with the page"
    box = page.locator("input[data-md-component='search-query']")
    if reach == "click":
        box.click()
    else:
        page.keyboard.press("/")
        assert box.evaluate("el => el === document.activeElement"), "'/' did not focus search"
    box.press_sequentially("epoch", delay=30)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    results.first.wait_for(state="attached", timeout=15_000)
    assert [u for u in requested if u.endswith(SEARCH_INDEX)], "no index request"
    assert not rec.failed and not rec.console_errors, (rec.failed, rec.console_errors)


def test_a_page_opened_from_a_search_result_highlights_the_query(page: Page) -> None:
    # search.highlight reads ?h= and needs the index: it is fetched at once there.
    requested = _index_requests(page)
    open_page(page, _page("three-factor").path + "?h=slope")
    marks = page.locator("mark[data-md-highlight]")
    marks.first.wait_for(state="attached", timeout=15_000)
    assert [u for u in requested if u.endswith(SEARCH_INDEX)], "no index request"
    assert "slope" in marks.first.inner_text().lower()


# --------------------------------------------------------------------------------------
# Light / dark toggle
# --------------------------------------------------------------------------------------


def _body_background(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_the_marks_set_before_materials_script_are_materials_own(page: Page) -> None:
    """overrides/main.html sets <html class="js js-focus-visible"> and the body's
    data-md-color-switching while the page is parsed (issue 21); once Material has run,
    the page must be as Material leaves it: switching removed (else colour transitions
    stay off), no "no-js"."""
    open_page(page, _page("four-equations").path)
    state = page.evaluate(
        """() => ({html: [...document.documentElement.classList].sort().join(' '),
                   switching: document.body.hasAttribute('data-md-color-switching'),
                   focusVisible: document.documentElement.hasAttribute('data-js-focus-visible')})"""
    )
    assert state == {"html": "js js-focus-visible", "switching": False, "focusVisible": True}


def test_stylesheets_are_resolved_before_material_starts_and_fetched_once(page: Page) -> None:
    """overrides/main.html resolves the stylesheet hrefs while the page is parsed (issue
    21), so Material's instant navigation leaves them alone as it starts: resolving one
    then re-applies the sheet, a restyle and re-layout of the whole page. Each sheet is
    still fetched once and styles the page."""
    page.add_init_script(
        """window.__bpSheetHrefs = [];
        new MutationObserver(list => { for (const m of list)
          if (m.target.rel === 'stylesheet') window.__bpSheetHrefs.push(
            {bundleParsed: !!document.querySelector('script[src*="bundle."]'), old: m.oldValue});
        }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                              attributeFilter: ['href']});"""
    )
    open_page(page, _page("four-equations").path)
    changes = page.evaluate("window.__bpSheetHrefs")
    assert changes, "the early script no longer resolves the stylesheet hrefs"
    assert not [c for c in changes if c["bundleParsed"]], changes
    fetched = page.evaluate(
        """() => performance.getEntriesByType('resource').map(e => e.name)
                 .filter(n => n.endsWith('.css'))"""
    )
    sheets = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
    )
    assert sorted(fetched) == sorted(sheets), (fetched, sheets)
    assert page.evaluate("() => [...document.styleSheets].every(s => s.cssRules.length > 0)")


def test_palette_toggle_switches_scheme(page: Page) -> None:
    open_page(page, "")
    assert _scheme(page) == "default"
    light_bg = _body_background(page)

    set_scheme(page, "dark")
    assert _body_background(page) != light_bg, "the page background did not change"

    rec = open_page(page, site_pages()[1].path)  # the choice is remembered on the next page
    assert _scheme(page) == "slate"

    set_scheme(page, "light")
    assert _body_background(page) == light_bg
    assert not rec.console_errors, rec.console_errors


# --------------------------------------------------------------------------------------
# Collapsible solutions
# --------------------------------------------------------------------------------------


def test_solutions_open_and_close_on_click(page: Page) -> None:
    practice = _page("practice")
    open_page(page, practice.path)
    details = page.locator(".md-content details")
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
        page.wait_for_timeout(50)
        assert block.evaluate("d => d.open") != was_open, f"{title!r}: click did not toggle it"
        if not was_open:
            assert body.is_visible(), f"{title!r}: opened, but its content is not visible"
        summary.click()
        page.wait_for_timeout(50)
        assert block.evaluate("d => d.open") == was_open, f"{title!r}: second click did not"
        if not was_open:
            assert not body.is_visible(), f"{title!r}: closed, but its content still shows"
    assert closed_at_start > 0, f"{practice.name}: every solution is open when the page loads"


# --------------------------------------------------------------------------------------
# Copying code
# --------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _first_page_with(page: Page, selector: str, notebook: bool) -> SitePage | None:
    for site_page in site_pages():
        if site_page.source is None or site_page.is_notebook != notebook:
            continue
        open_page(page, site_page.path)
        if page.locator(selector).count():
            return site_page
    return None


@pytest.mark.parametrize("kind", ["markdown", "notebook"])
@pytest.mark.browser_context_args(permissions=["clipboard-read", "clipboard-write"])
def test_copy_button_copies_the_code(page: Page, kind: str) -> None:
    if kind == "markdown":
        selector = ".md-content pre:has(> code)"
        button_in_block = ":scope > .md-clipboard, :scope > .md-code__nav > [data-md-type='copy']"
        code_in_block = ":scope > code"
    else:
        selector = ".md-content .jp-InputArea-editor:has(pre)"
        button_in_block = "clipboard-copy"
        code_in_block = "pre"
    found = _first_page_with(page, selector, notebook=kind == "notebook")
    if found is None:
        pytest.fail(f"no {kind} page with a code block to copy from", pytrace=False)
    block = page.locator(selector).first
    block.scroll_into_view_if_needed()
    block.hover()
    expected = _normalise(block.locator(code_in_block).first.inner_text())
    page.evaluate("navigator.clipboard.writeText('')")
    block.locator(button_in_block).first.click()
    page.wait_for_function(
        "async () => (await navigator.clipboard.readText()).length > 0", timeout=5_000
    )
    copied = _normalise(page.evaluate("navigator.clipboard.readText()"))
    assert copied == expected, (
        f"{found.name}: the copy button copied\n  {copied[:200]!r}\nnot the code\n  "
        f"{expected[:200]!r}"
    )


# --------------------------------------------------------------------------------------
# Scrolling
# --------------------------------------------------------------------------------------

# Layout shifts from now on (not those of the load, which Lighthouse measures).
_WATCH_SHIFTS = """() => {
  window.bpShifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      const nodes = e.sources.map((s) => s.node ? `${s.node.nodeName}.${s.node.className}` : "?");
      window.bpShifts.push({ value: e.value, scrollY: Math.round(scrollY), nodes });
    }
  }).observe({ type: "layout-shift" });
}"""


@pytest.mark.parametrize("stem", ["sgd", "layer-back", "figures"])
def test_scrolling_through_a_chapter_moves_nothing_in_view(page: Page, stem: str) -> None:
    """Blocks skipped until they near the screen (content-visibility) get their real
    height without moving what the reader is looking at. Skipping the blocks inside the
    notebook's markdown cells one by one did move the code cells below them (CLS 0.05-0.13
    over this scroll); skipping whole cells does not (extra.css). ``figures`` is the
    longest API reference page, where function bodies are skipped (issue 21)."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, _page(stem).path)
    page.evaluate(_WATCH_SHIFTS)
    page.mouse.move(195, 420)
    for _ in range(200):  # a reader's wheel: 300 px at a time
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(60)
        if page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 2"):
            break
    else:
        pytest.fail(f"{stem}: never reached the end of the page scrolling down")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.bpShifts")
    total = sum(s["value"] for s in shifts)
    assert total < 0.01, f"{stem}: layout shifts while scrolling, CLS {total:.3f}: {shifts[:6]}"


# --------------------------------------------------------------------------------------
# The navigation drawer on a phone
# --------------------------------------------------------------------------------------


def _link_shown(page: Page, href_end: str) -> bool:
    return bool(
        page.evaluate(
            """(end) => [...document.querySelectorAll('.md-sidebar--primary a')]
                 .some((a) => a.href.endsWith(end) && a.checkVisibility())""",
            href_end,
        )
    )


def test_on_a_phone_the_closed_drawer_is_skipped_and_opens_whole(page: Page) -> None:
    """extra.css skips the closed drawer's contents (issue 21); opening it brings every
    link back, and one can be followed."""
    target = _page("sgd")
    page.set_viewport_size({"width": 390, "height": 844})
    rec = open_page(page, _page("three-factor").path)
    assert not _link_shown(page, target.path), "the closed drawer's links are rendered"
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(400)  # Material's slide-in: 0.25 s
    assert _link_shown(page, target.path), "the open drawer does not show its links"
    page.screenshot(path=str(SCREENSHOTS / "drawer-open-390.png"))
    page.locator(f".md-sidebar--primary a[href$='{target.path}']").first.click()
    page.wait_for_url(f"**/{target.path}")
    assert not rec.console_errors and not rec.page_errors, (rec.console_errors, rec.page_errors)


# --------------------------------------------------------------------------------------
# mkdocstrings' stylesheet only on API pages (hooks/api_styles.py)
# --------------------------------------------------------------------------------------


def test_an_api_page_reached_from_a_chapter_by_instant_navigation_is_styled(
    page: Page, site_url: str
) -> None:
    """Chapters do not link _mkdocstrings.css (issue 21); Material's instant navigation
    must bring it in with an API page's <head>, as for KaTeX's stylesheet."""
    chapter, api = _page("three-factor"), _page("network")
    locs = "".join(f"<url><loc>{site_url}{p.path}</loc></url>" for p in (chapter, api))
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(
            body=f'<?xml version="1.0" encoding="UTF-8"?><urlset>{locs}</urlset>',
            content_type="application/xml",
        ),
    )
    sheets = "() => [...document.querySelectorAll('head link[rel=stylesheet]')].map(l => l.href)"
    open_page(page, chapter.path)
    assert not [s for s in page.evaluate(sheets) if "_mkdocstrings" in s]
    page.evaluate("() => { window.__samePageLoad = true; }")
    page.locator(f".md-nav--primary a[href$='{api.path}']").first.click()
    page.wait_for_url(f"**/{api.path}")
    page.wait_for_function("() => !!document.querySelector('.md-content .doc-section-title')")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__samePageLoad === true"), "not an instant navigation"
    assert [s for s in page.evaluate(sheets) if "_mkdocstrings" in s]
    title = page.locator(".md-content .doc-section-title").first
    weight = title.evaluate("(el) => getComputedStyle(el).fontWeight")
    assert weight == "700", f"mkdocstrings' rule (section titles in bold) not applied: {weight}"

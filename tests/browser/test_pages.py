"""Every page, as a reader's browser meets it, in the light and the dark scheme.

Each page is loaded once per scheme (see ``Visitor`` in harness.py); these tests
assert on what that visit recorded.
"""

from __future__ import annotations

import struct

import pytest

from tests.browser.harness import MATERIAL_SCHEME, Visitor, fail_if
from tests.site.pages import SitePage, source_has_math

pytestmark = pytest.mark.browser


def _lines(items: list[str]) -> str:
    return "\n    ".join(items)


def test_page_loads_offline_without_errors(
    visit: Visitor, site_page: SitePage, scheme: str
) -> None:
    v = visit(site_page, scheme)
    rec = v.network
    problems: list[str] = []
    if rec.external:
        problems.append("requests to another host (aborted):\n    " + _lines(rec.external))
    if rec.failed:
        problems.append("failed requests:\n    " + _lines(rec.failed))
    if rec.bad_status:
        problems.append("HTTP errors:\n    " + _lines(rec.bad_status))
    if rec.console_errors:
        problems.append("console errors:\n    " + _lines(rec.console_errors))
    if rec.page_errors:
        problems.append("uncaught exceptions:\n    " + _lines(rec.page_errors))
    fail_if(problems, f"{v.url} ({scheme}):")
    assert rec.local_requests > 0, f"{v.url}: no request reached the local server"


def test_page_follows_colour_scheme(visit: Visitor, site_page: SitePage, scheme: str) -> None:
    v = visit(site_page, scheme)
    got = v.data["scheme"]["attribute"]
    assert got == MATERIAL_SCHEME[scheme], (
        f"{v.url}: with prefers-color-scheme {scheme}, data-md-color-scheme is {got!r}, "
        f"expected {MATERIAL_SCHEME[scheme]!r}"
    )


def test_headings_are_never_skipped(visit: Visitor, site_page: SitePage) -> None:
    """Every heading of the table of contents exists and is outside skipped blocks.

    Material measures each of them on load; one inside a ``content-visibility: auto``
    block forces that block's layout, which cost the notebook chapter 90 ms of main
    thread per load (x4 on Lighthouse's phone) before extra.css left headings out.
    """
    v = visit(site_page, "light")
    headings = v.data["headings"]
    fail_if(headings["missing"], f"{v.url}: table-of-contents links to no element:")
    fail_if(
        headings["insideSkippable"],
        f"{v.url}: headings inside a content-visibility: auto block "
        "(docs/stylesheets/extra.css must leave them out):",
    )


def test_math_is_typeset(visit: Visitor, site_page: SitePage) -> None:
    v = visit(site_page, "light")
    math = v.data["math"]
    if source_has_math(site_page):
        assert math["katex"] > 0, (
            f"docs/{site_page.source} writes math, but {v.url} shows no rendered KaTeX "
            "(.katex) -- is docs/javascripts/katex-init.js running?"
        )
    fail_if(math["errors"], f"{v.url}: KaTeX could not render:")
    raw = [f"{r['delimiter']!r} in: {r['snippet']}" for r in math["raw"]]
    fail_if(raw, f"{v.url}: math left untypeset in the visible text (code excluded):")


def test_no_raw_markup_in_the_text(visit: Visitor, site_page: SitePage) -> None:
    """Nothing the reader sees is unrendered source: reST roles, Markdown, block markers."""
    v = visit(site_page, "light")
    found = [f"{m['kind']} in: {m['snippet']}" for m in v.data["markup"]]
    fail_if(found, f"{v.url}: source markup shown as text (code excluded):")


def test_no_serious_accessibility_violations(
    visit: Visitor, site_page: SitePage, scheme: str
) -> None:
    v = visit(site_page, scheme)
    report: list[str] = []
    for violation in v.axe_failing:
        report.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())[:300]
            report.append(f"  page {v.url}, target {node['target']}: {summary}")
        if len(violation["nodes"]) > 8:
            report.append(f"  ... and {len(violation['nodes']) - 8} more")
    fail_if(report, f"axe-core on {v.url} ({scheme} scheme, solutions opened):")


def test_full_page_screenshot(visit: Visitor, site_page: SitePage, scheme: str) -> None:
    v = visit(site_page, scheme)
    head = v.screenshot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{v.screenshot} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 1000 and height >= 300, f"{v.screenshot}: {width}x{height}"


def test_code_blocks_have_copy_buttons(visit: Visitor, site_page: SitePage) -> None:
    code = visit(site_page, "light").data["code"]
    if not code["blocks"]:
        return
    assert code["copyButtons"] > 0, (
        f"{site_page.name}: {code['blocks']} code blocks and no copy button"
    )
    missing = [f"{m['where']}: {m['snippet']}" for m in code["withoutButton"]]
    fail_if(missing, f"{site_page.name}: code blocks without a copy button:")

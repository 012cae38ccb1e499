"""The test suite's own tools: the xdist scopes (tests/xdist_scopes.py) and the phase
times `make test` prints (tools/timed.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.site.pages import site_pages
from tests.xdist_scopes import scope_of
from tools import timed


def test_every_browser_test_of_a_page_shares_the_pages_scope() -> None:
    for page in site_pages():
        by_name = f"tests/browser/test_pages.py::test_math_is_typeset[chromium-{page.name}-light]"
        assert scope_of(by_name) == f"page:{page.name}", by_name
    assert scope_of("tests/browser/test_figures.py::test_chapter_has_figures[chromium-sgd]") == (
        "page:sgd.nb.py"
    )


def test_pages_whose_names_end_alike_get_scopes_of_their_own() -> None:
    ids = [
        f"tests/browser/test_pages.py::test_x[chromium-{p}-dark]"
        for p in ("index.md", "reference/index.md")
    ]
    assert [scope_of(i) for i in ids] == ["page:index.md", "page:reference/index.md"]


def test_other_tests_are_scoped_by_module() -> None:
    assert scope_of("tests/site/test_pdf.py::test_pages_are_numbered") == (
        "module:tests/site/test_pdf.py"
    )
    # A page-like parameter outside the browser tests does not make a page scope.
    fence = "tests/book/test_fences.py::test_page_fences_are_collected[chromium-index.md-7]"
    assert scope_of(fence) == "module:tests/book/test_fences.py"
    assert scope_of("tests/browser/test_site.py::test_missing_page_shows_the_404_page") == (
        "module:tests/browser/test_site.py"
    )


def test_phase_times_are_reported_in_order_with_the_whole_run(tmp_path: Path) -> None:
    log = tmp_path / "timing.tsv"
    assert timed.run(log, "second", [sys.executable, "-c", "pass"]) == 0
    assert timed.run(log, "failing", [sys.executable, "-c", "raise SystemExit(3)"]) == 3
    lines = timed.report(log).splitlines()
    assert lines[0] == "phase times (wall clock):"
    assert lines[1].split()[0] == "second" and lines[1].endswith(" s")
    assert lines[2].split()[0] == "failing" and lines[2].endswith("(failed, exit 3)")
    assert lines[3].lstrip().startswith("whole run")


def test_no_phase_log_says_so(tmp_path: Path) -> None:
    assert timed.report(tmp_path / "missing.tsv") == "phase times: no phase ran"

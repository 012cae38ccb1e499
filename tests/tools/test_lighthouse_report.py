"""The report of ``make lighthouse``: each page against the book-theme reference (issue 21).

The benchmark itself is never run by a test (its scores depend on the machine); these tests
hold the arithmetic of its report: the difference to the reference, the rule's verdict and
the summary line naming the worst page.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lh() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lighthouse", ROOT / "benchmarks/lighthouse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lighthouse", module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def page(lh: ModuleType, mobile: float, desktop: float, lcp_s: float) -> dict[str, object]:
    return {
        "mobile": lh.Run(score=mobile, lcp_ms=1000 * lcp_s, tbt_ms=50.0, dom_nodes=300.0),
        "desktop": lh.Run(score=desktop, lcp_ms=600.0, tbt_ms=0.0, dom_nodes=300.0),
    }


def test_a_page_within_every_bound_meets_the_rule(lh: ModuleType) -> None:
    reference = page(lh, 99, 100, 1.8)
    assert lh.verdict(page(lh, 94, 98, 2.3), reference) == []


@pytest.mark.parametrize(
    ("mobile", "desktop", "lcp_s", "miss"),
    [
        (93, 100, 1.8, "mobile 6 points behind"),
        (99, 97, 1.8, "desktop 97 < 98"),
        (99, 100, 2.4, "LCP 0.6 s later"),
    ],
)
def test_each_bound_is_judged_on_its_own(
    lh: ModuleType, mobile: float, desktop: float, lcp_s: float, miss: str
) -> None:
    reference = page(lh, 99, 100, 1.8)
    assert lh.verdict(page(lh, mobile, desktop, lcp_s), reference) == [miss]


def test_the_table_shows_the_difference_and_the_summary_names_the_worst_page(
    lh: ModuleType,
) -> None:
    reference = page(lh, 99, 100, 1.8)
    rows = {"Start here": page(lh, 98, 100, 1.9), "Four equations": page(lh, 88, 99, 2.9)}
    table = lh.table(rows | {lh.BOOK_THEME_TITLE: reference}, reference)
    assert "| Start here | 98 | -1 | 100 | 1.9 | 50 | 300 | +0.1 | meets |" in table
    assert "| Four equations | 88 | -11 | 99 | 2.9 | 50 | 300 | +1.1 | " in table
    assert "mobile 11 points behind; LCP 1.1 s later |" in table
    line = lh.summary(rows, reference)
    assert line.startswith("Worst page: Four equations, mobile 88, 11 points behind")
    assert "1 of 2 pages miss" in line
    assert line.endswith(": Four equations")


def test_a_mobile_only_table_has_no_desktop_column(lh: ModuleType) -> None:
    reference = {"mobile": page(lh, 99, 100, 1.8)["mobile"]}
    rows = {"Start here": {"mobile": page(lh, 97, 100, 1.8)["mobile"]}}
    table = lh.table(rows, reference)
    assert table.splitlines()[0].startswith("| page | mobile | mobile vs ref | mobile LCP")
    assert lh.verdict(rows["Start here"], reference) == []


def test_the_reference_runs_again_after_every_four_pages(
    lh: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a 45-minute run the reference is measured among the pages, not only before them."""
    seen: list[str] = []

    def one_run(url: str, preset: str) -> object:
        seen.append(url)
        return lh.Run(score=99.0, lcp_ms=1500.0, tbt_ms=0.0, dom_nodes=300.0)

    monkeypatch.setattr(lh, "lighthouse", one_run)
    pages = [(f"page {i}", f"p{i}/") for i in range(1, 10)]
    lh.measure("http://book/", pages, 1, ("mobile",), lambda: seen.append("reference"))
    assert lh.REFERENCE_EVERY == 4
    assert seen.index("reference") == 4 and seen[9] == "reference"
    assert seen.count("reference") == 2 and seen[-1] == "http://book/p9/"


def test_the_reference_row_is_the_median_of_all_its_runs(lh: ModuleType) -> None:
    runs = [lh.Run(score=s, lcp_ms=ms, tbt_ms=0.0, dom_nodes=273.0) for s, ms in
            [(100, 1300.0), (99, 1700.0), (99, 1600.0), (98, 1900.0), (100, 1500.0)]]  # fmt: skip
    median = lh.median_of(runs)
    assert (median.score, median.lcp_ms) == (99, 1600.0)

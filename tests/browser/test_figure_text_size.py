"""Every label of every figure is legible on a phone (390 px) and on a desktop (1280 px).

Figures are bpbook's inline SVGs (``svg.bp-fig``: network diagrams, the step-through,
the training plots). On each page that has any, at each width, every step of every
step-through is shown in turn (its tab clicked, as a reader would), and for every
visible ``<text>`` the rendered height of its text box is measured in Chromium (its
``getBBox()`` height times the scale the page draws it at, so rotated axis labels
count by their glyph height too). Checked:

* every text box is at least ``MIN_TEXT_PX`` high;
* no text box sticks out of its drawing (nothing cut off);
* a drawing wider than its container can be scrolled to (the container scrolls
  sideways, hooks/legible_figures.py), and the page itself never scrolls sideways.

The measurements are printed (``-s``) so that changes to the figures can be compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.site.pages import site_pages

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 11.0
WIDTHS = (390, 1280)

# Measures the figures visible inside the element `root`.
_MEASURE = """(root) => {
  const figures = [];
  const inside = root.matches(".md-content, .md-content *");
  const content = inside ? root : root.querySelector(".md-content");
  for (const svg of content.querySelectorAll("svg.bp-fig")) {
    const box = svg.getBoundingClientRect();
    if (!box.width || !svg.checkVisibility()) continue;
    const scroller = svg.closest(".bp-fig-scroll");
    const texts = [];
    for (const t of svg.querySelectorAll("text")) {
      const words = t.textContent.trim();
      if (!words || !t.checkVisibility({ checkVisibilityCSS: true })) continue;
      const m = t.getScreenCTM();
      const r = t.getBoundingClientRect();
      if (!m || !r.width) continue;
      const label = { text: words.slice(0, 40), left: r.left, right: r.right, top: r.top,
                      bottom: r.bottom, height: t.getBBox().height * Math.hypot(m.c, m.d) };
      texts.push(label);
      // A part set smaller (the exponent of a log-axis tick, 10^-1) counts on its own.
      for (const part of t.querySelectorAll("tspan")) {
        const p = part.getBoundingClientRect();
        if (p.height && p.height < label.height) {
          texts.push({ ...label, text: `${label.text} (part ${part.textContent})`,
                       height: p.height });
        }
      }
    }
    figures.push({
      name: (svg.querySelector("title")?.textContent || svg.getAttribute("class")).slice(0, 60),
      width: box.width, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
      scroller: scroller && {
        clientWidth: scroller.clientWidth,
        scrollWidth: scroller.scrollWidth,
        overflowX: getComputedStyle(scroller).overflowX,
      },
      parentWidth: (scroller || svg.parentElement).clientWidth,
      texts,
    });
  }
  return figures;
}"""
_PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _figure_pages(site: Path) -> list[str]:
    """URL paths of the pages whose HTML holds a bpbook figure."""
    return [
        page.path
        for page in site_pages()
        if page.source is not None
        and 'class="bp-fig' in (site / page.html_file).read_text(encoding="utf-8")
    ]


def _visit(page: Any, url: str) -> list[dict[str, Any]]:
    """Every figure of the page, each step of each step-through shown once."""
    page.goto(url, wait_until="load")
    figures: list[dict[str, Any]] = page.locator("body").evaluate(_MEASURE)
    tab_sets = page.locator(
        ".md-content .tabbed-set:has(svg.bp-fig), .md-content .tabbed-set:has(template)"
    )
    for s in range(tab_sets.count()):
        labels = tab_sets.nth(s).locator(":scope > .tabbed-labels > label")
        for i in range(1, labels.count()):  # the first tab was measured with the page
            labels.nth(i).click()
            figures += tab_sets.nth(s).evaluate(_MEASURE)
    return figures


def _problems(url: str, figures: list[dict[str, Any]]) -> list[str]:
    problems = []
    for fig in figures:
        where = f"{url} {fig['name']!r}"
        for t in fig["texts"]:
            if t["height"] < MIN_TEXT_PX:
                problems.append(f"{where}: {t['text']!r} is {t['height']:.1f} px high")
            if (
                t["left"] < fig["left"] - 1
                or t["right"] > fig["right"] + 1
                or t["top"] < fig["top"] - 1
                or t["bottom"] > fig["bottom"] + 1
            ):
                problems.append(f"{where}: {t['text']!r} sticks out of its drawing")
        scroller = fig["scroller"]
        if fig["width"] > fig["parentWidth"] + 1:
            if scroller is None or scroller["overflowX"] not in ("auto", "scroll"):
                problems.append(
                    f"{where}: {fig['width']:.0f} px wide in a {fig['parentWidth']} px column "
                    "that does not scroll sideways"
                )
            elif scroller["scrollWidth"] < fig["width"] - 1:
                problems.append(f"{where}: the scroll area is narrower than the drawing")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_figure_labels_are_legible(page: Any, site_url: str, built_site: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    paths = _figure_pages(built_site)
    assert len(paths) >= 4, f"expected figures on several pages, found them on {paths}"
    problems: list[str] = []
    report: list[str] = []
    for path in paths:
        url = site_url + path
        figures = _visit(page, url)
        assert figures, f"{url}: its HTML has figures but none was measured"
        heights = [t["height"] for f in figures for t in f["texts"]]
        report.append(
            f"{width} px {path}: {len(figures)} figures, {len(heights)} labels, "
            f"text boxes {min(heights):.1f} to {max(heights):.1f} px"
        )
        problems += _problems(url, figures)
        scroll_width, inner_width = page.evaluate(_PAGE_WIDTH)
        if scroll_width > inner_width:
            problems.append(f"{url}: the page scrolls sideways ({scroll_width} > {inner_width} px)")
    print("\n" + "\n".join(report))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])

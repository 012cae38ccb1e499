"""Diagrams and plots: present where the book needs them, legible in light and dark.

A figure is an inline ``<svg>`` in the page content (bpbook.figures'
figures carry ``class="bp-fig ..."`` and ``role="img"``; any other sizeable
inline SVG counts too) or an image. For every piece of SVG text, ``js/inspect.js``
computes the contrast between its fill and what is painted behind it (the SVG shapes
under it, a halo stroke, then the page background) -- WCAG: 4.5:1, or 3:1 for large
text (24 px, or 18.66 px bold). A raster image must either be opaque or have ink that
stands out 4.5:1 from the page behind it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.harness import OTHER_SCHEME, Visitor, fail_if
from tests.site.pages import SitePage, find_page

pytestmark = pytest.mark.browser

# Pages that must show at least one figure. The figures are being written now
# (bpbook.figures); ADJUST THIS LIST when the book's plan changes.
PAGES_WITH_FIGURES = ("three-factor", "layer-back", "recap-loop", "sgd", "digits")


def legibility_problems(figures: list[dict[str, Any]]) -> list[str]:
    """Every figure text below its contrast threshold, every unreadable image."""
    problems: list[str] = []
    for fig in figures:
        name = f"figure {fig['index'] + 1} ({fig['kind']} {fig.get('classes') or fig.get('src')})"
        if fig.get("problem"):
            problems.append(f"{name}: {fig['problem']}")
        for text in fig["texts"]:
            if "problem" in text:
                problems.append(f"{name}: {text['text']!r}: {text['problem']}")
            elif text["ratio"] < text["required"]:
                problems.append(
                    f"{name}: text {text['text']!r} ({text['fontPx']} px): {text['fg']} on "
                    f"{text['bg']} has contrast {text['ratio']}:1, needs {text['required']}:1"
                )
        if fig["kind"] == "img":
            if not fig["loaded"]:
                problems.append(f"{name}: the image did not load")
            elif fig.get("transparentFraction", 0) > 0.01 and fig.get("inkContrast", 21) < 4.5:
                problems.append(
                    f"{name}: transparent image whose strongest ink reaches only "
                    f"{fig['inkContrast']}:1 against the page ({fig['backdrop']})"
                )
    return problems


@pytest.mark.parametrize("stem", PAGES_WITH_FIGURES)
def test_chapter_has_figures(visit: Visitor, stem: str) -> None:
    page = find_page(stem)
    assert page is not None, f"the chapter docs/{stem}.md (or .nb.py) does not exist yet"
    figures = visit(page, "light").data["figures"]
    assert figures, (
        f"{page.name} should show at least one diagram or plot (inline SVG from "
        "bpbook.figures) and shows none -- still a '<!-- figure: -->' "
        "marker? (expected list: PAGES_WITH_FIGURES in tests/browser/test_figures.py)"
    )


def test_figure_text_is_legible(visit: Visitor, site_page: SitePage, scheme: str) -> None:
    v = visit(site_page, scheme)
    problems = legibility_problems(v.data["figures"])
    fail_if(problems, f"{v.url} ({scheme}): figure text below WCAG contrast:")


def test_figures_have_a_text_alternative(visit: Visitor, site_page: SitePage) -> None:
    v = visit(site_page, "light")
    missing: list[str] = []
    for fig in v.data["figures"]:
        if fig["kind"] == "svg" and not fig["ariaHidden"]:
            if fig["role"] != "img" or not fig["name"]:
                missing.append(
                    f"svg {fig['index'] + 1} ({fig['classes']!r}): role={fig['role']!r}, "
                    f'accessible name={fig["name"]!r} (want role="img" and a <title> or '
                    "aria-label)"
                )
        elif fig["kind"] == "img" and not (fig["alt"] or "").strip():
            missing.append(f"img {fig['src']!r}: no alt text")
    fail_if(missing, f"{v.url}: figures a screen reader cannot describe:")


def test_figure_text_is_legible_after_toggle(
    visit: Visitor, site_page: SitePage, scheme: str
) -> None:
    """The reader's choice beats the system's: system `scheme`, page toggled to the other.

    (``test_figure_text_is_legible`` covers the matching cases.) A figure styled only by
    ``prefers-color-scheme`` fails here.
    """
    v = visit(site_page, scheme)
    if v.toggled_figures is None:
        return  # no figure on this page
    fail_if(
        legibility_problems(v.toggled_figures),
        f"{v.url}: system {scheme}, toggled to {OTHER_SCHEME[scheme]}: figure text below "
        "WCAG contrast:",
    )

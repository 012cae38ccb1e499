"""bpbook.figures.theme: colours readable in light and dark, compact numbers."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bpbook.figures import format_number
from bpbook.figures.theme import (
    DARK,
    LIGHT,
    PLOT_DARK,
    PLOT_LIGHT,
    PLOT_STYLE,
    STYLE,
    css_variables,
    font_stack,
)


def test_format_number_is_compact() -> None:
    assert [format_number(x) for x in (6, 18.0, 2.24, -0.5, -0.0, 0.123456, 1 / 3)] == [
        "6",
        "18",
        "2.24",
        "-0.5",
        "0",
        "0.123",
        "0.333",
    ]
    assert format_number(2.9999999999996) == "3"


def test_stylesheet_survives_markdown() -> None:
    # Markdown escapes <, > and & in text it reads; the SVG's <style> must not need them.
    assert not set("<>&") & set(STYLE)


def _luminance(colour: str) -> float:
    colour = colour.split("#")[-1][:6]
    channels = [int(colour[n : n + 2], 16) / 255 for n in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("scheme", "page"), [(LIGHT, "#ffffff"), (DARK, "#1e2129")])
@pytest.mark.parametrize(
    ("ink", "background"),
    [
        ("ink", "page"),
        ("muted", "page"),
        ("slope", "slope-fill"),
        ("node-ink", "node-fill"),
        ("hl-ink", "hl"),
        ("ink", "hl-fill"),
        ("muted", "hl-fill"),
    ],
)
def test_text_contrast_is_at_least_4_5_in_light_and_dark_mode(
    scheme: Mapping[str, str], page: str, ink: str, background: str
) -> None:
    back = page if background == "page" else scheme[background]
    ratio = _contrast(scheme[ink], back)
    assert ratio >= 4.5, f"{ink} on {background}: contrast {ratio:.2f}, expected >= 4.5"


@pytest.mark.parametrize(("scheme", "page"), [(PLOT_LIGHT, "#ffffff"), (PLOT_DARK, "#1e2129")])
def test_plot_curves_and_grid_stand_out_from_the_page(scheme: Mapping[str, str], page: str) -> None:
    # Curves are lines, not text: 3:1 against the page (WCAG non-text contrast).
    for name in ("c0", "c1", "c2", "c3"):
        assert _contrast(scheme[name], page) >= 3, name
    assert _contrast(scheme["grid"], page) > 1.2, "the grid is faint but visible"


def test_light_and_dark_each_apply_by_system_scheme_and_by_materials_toggle() -> None:
    for light, dark, style in ((LIGHT, DARK, STYLE), (PLOT_LIGHT, PLOT_DARK, PLOT_STYLE)):
        assert set(light) == set(dark), "every colour has a light and a dark value"
        on, off = css_variables(light), css_variables(dark)
        assert style.count(f"{{{on}}}") == 2 and style.count(f"{{{off}}}") == 2
        assert "@media (prefers-color-scheme: dark){.bp-" in style
        assert "[data-md-color-scheme=slate] .bp-" in style
        assert "[data-md-color-scheme=default] .bp-" in style


def test_font_stack_starts_with_the_pages_font_and_quotes_names_with_spaces() -> None:
    assert font_stack('"').startswith("var(--md-text-font-family, system-ui), system-ui,")
    assert '"Segoe UI"' in font_stack('"') and "'Helvetica Neue'" in font_stack("'")
    assert font_stack("'").endswith("Arial, sans-serif")

"""The look shared by every figure: colours for light and dark, fonts, numbers.

Both kinds of figure use it: the SVG diagrams drawn by hand (`bpbook.figures.diagram`,
`bpbook.figures.steps`) and the matplotlib plots (`bpbook.figures.plots`).

Colours are CSS variables (``--bp-ink``, ``--bp-slope``, ...) set on ``.bp-fig``:
the light colours are the default, ``prefers-color-scheme: dark`` switches to the dark
ones, and Material for MkDocs' palette toggle (``data-md-color-scheme`` on ``<body>``)
overrides both, so a figure follows the reader's choice. Every drawn element also
carries its light colour as an attribute, so an SVG saved on its own still shows.
Slopes are a vermillion that colour-blind readers can tell from the other colours.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

__all__ = [
    "DARK",
    "LIGHT",
    "PLOT_DARK",
    "PLOT_LIGHT",
    "PLOT_STYLE",
    "STYLE",
    "css_variables",
    "font_stack",
    "format_number",
    "scheme_css",
]

# The diagrams' colours. "bg" is the page background, behind weight labels.
LIGHT: Mapping[str, str] = {
    "ink": "#1a1a1a",
    "muted": "#5c5c5c",
    "edge": "#8a8a8a",
    "faded": "#c4c4c4",
    "node-fill": "#2f3b63",
    "node-stroke": "#1b2340",
    "node-ink": "#ffffff",
    "slope": "#a33b00",
    "slope-fill": "#fff1e8",
    "slope-stroke": "#d55e00",
    "hl": "#0072b2",
    "hl-ink": "#ffffff",
    "hl-fill": "#e3f1fa",
    "bg": "var(--md-default-bg-color, #ffffff)",
}
DARK: Mapping[str, str] = {
    "ink": "#e8e8e8",
    "muted": "#a9adb6",
    "edge": "#7c8190",
    "faded": "#4a4e5a",
    "node-fill": "#4a5a8a",
    "node-stroke": "#8a9bd0",
    "node-ink": "#ffffff",
    "slope": "#ff9a5c",
    "slope-fill": "#3b2519",
    "slope-stroke": "#ff8c4a",
    "hl": "#56b4e9",
    "hl-ink": "#10141c",
    "hl-fill": "#17303f",
    "bg": "var(--md-default-bg-color, #1e2129)",
}
# The plots' extra colours: grid lines and up to four curves (c0..c3).
PLOT_LIGHT: Mapping[str, str] = {
    "grid": "#d4d4d4",
    "c0": "#0072b2",
    "c1": "#b84a00",
    "c2": "#007a5a",
    "c3": "#a8528a",
}
PLOT_DARK: Mapping[str, str] = {
    "grid": "#3d424e",
    "c0": "#56b4e9",
    "c1": "#f08a4b",
    "c2": "#2cc09a",
    "c3": "#e39fcb",
}

_FONTS = (
    "var(--md-text-font-family, system-ui)",
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "sans-serif",
)


def font_stack(quote: str) -> str:
    """The page's text font, then system fonts; names with spaces in ``quote`` marks.

    Examples
    --------
    >>> font_stack("'")[-55:]
    "'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
    """
    return ", ".join(
        f"{quote}{name}{quote}" if " " in name and "(" not in name else name for name in _FONTS
    )


def css_variables(colours: Mapping[str, str]) -> str:
    """``{"ink": "#1a1a1a"}`` -> ``--bp-ink:#1a1a1a``, semicolon-separated."""
    return ";".join(f"--bp-{name}:{value}" for name, value in colours.items())


def scheme_css(selector: str, light: Mapping[str, str], dark: Mapping[str, str]) -> str:
    """CSS giving ``selector`` the light or the dark colours, as the reader chose."""
    on, off = css_variables(light), css_variables(dark)
    return (
        f"{selector}{{{on}}}"
        f"@media (prefers-color-scheme: dark){{{selector}{{{off}}}}}"
        f"[data-md-color-scheme=default] {selector}{{{on}}}"
        f"[data-md-color-scheme=slate] {selector}{{{off}}}"
    )


_TEXT_FONT = font_stack('"')

# One stylesheet shared by every figure (plots add PLOT_STYLE). It contains no <, >
# or &, so Markdown leaves it alone.
STYLE = scheme_css(".bp-fig", LIGHT, DARK) + (
    f".bp-fig text{{font-family:{_TEXT_FONT};fill:var(--bp-ink)}}"
    ".bp-fig .bp-line{stroke:var(--bp-edge)}"
    ".bp-fig .bp-line.bp-hl{stroke:var(--bp-hl)}"
    ".bp-fig .bp-stub{stroke:var(--bp-faded)}"
    ".bp-fig .bp-node circle{fill:var(--bp-node-fill);stroke:var(--bp-node-stroke)}"
    ".bp-fig .bp-node text.bp-value{fill:var(--bp-node-ink)}"
    ".bp-fig .bp-ring{fill:none;stroke:var(--bp-hl)}"
    ".bp-fig text.bp-weight{fill:var(--bp-ink)}"
    ".bp-fig .bp-label-bg{fill:var(--bp-bg)}"
    ".bp-fig .bp-slope rect{fill:var(--bp-slope-fill);stroke:var(--bp-slope-stroke)}"
    ".bp-fig .bp-slope text{fill:var(--bp-slope)}"
    ".bp-fig .bp-slope.bp-marked rect,.bp-fig .bp-product rect{stroke:var(--bp-hl)}"
    ".bp-fig text.bp-act-slope{fill:var(--bp-ink)}"
    ".bp-fig .bp-badge circle{fill:var(--bp-hl)}"
    ".bp-fig .bp-badge text{fill:var(--bp-hl-ink)}"
    ".bp-fig .bp-callout rect{fill:var(--bp-hl-fill);stroke:var(--bp-hl)}"
    ".bp-fig .bp-muted,.bp-fig .bp-legend text,.bp-fig .bp-term-caption{fill:var(--bp-muted)}"
)
PLOT_STYLE = scheme_css(".bp-plot", PLOT_LIGHT, PLOT_DARK)


def format_number(x: float) -> str:
    """A number written compactly: ``6``, ``18``, ``2.24``, ``-0.5``, ``0.123``.

    Whole numbers (up to rounding noise) lose their decimals; other numbers
    keep at most three significant digits (but never lose integer digits).

    Examples
    --------
    >>> from bpbook.figures import format_number
    >>> [format_number(x) for x in (6.0, 18.000000000001, 2.24, -0.5, 0.12345, -0.0)]
    ['6', '18', '2.24', '-0.5', '0.123', '0']
    >>> format_number(123456.7), format_number(0.00012345)
    ('123457', '0.000123')
    """
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    nearest = round(x)
    if abs(x - nearest) <= 1e-9 * max(1.0, abs(x)):
        text = str(int(nearest))
    elif abs(x) >= 1e-4:
        text = np.format_float_positional(x, precision=3, unique=False, fractional=False, trim="-")
        if abs(x) >= 1000:  # no more than 3 significant digits, but keep the integer part
            text = str(round(x))
    else:
        text = f"{x:.3g}"
    return "0" if text == "-0" else text

"""Matplotlib figures as the book's SVG: themable colours, real text, fixed ids.

Plots are drawn with stand-in colours (`STAND_INS`); `figure_svg` saves the figure
as SVG and replaces each stand-in with a CSS variable of `bpbook.figures.theme`
(the light colour as fallback), so the plot follows the page's light or dark
scheme. Matplotlib is imported only when a plot is drawn (the ``bpbook[plot]`` extra).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Mapping
from typing import Any

from bpbook.figures.svg import SVG, checked_id_prefix, escape
from bpbook.figures.theme import LIGHT, PLOT_LIGHT, PLOT_STYLE, STYLE, font_stack

__all__ = ["LIGHT_COLOURS", "SERIES", "STAND_INS", "figure_svg", "matplotlib_module", "plot_rc"]

# Matplotlib draws with these stand-in colours; afterwards each is replaced by a CSS
# variable, so the colours follow the page's light or dark scheme.
SERIES = ("c0", "c1", "c2", "c3")
STAND_INS: Mapping[str, str] = {
    "ink": "#0a0b0c",
    "grid": "#0a0b0d",
    **{name: f"#0a0b{n + 1:02x}" for n, name in enumerate(SERIES)},
}
LIGHT_COLOURS: Mapping[str, str] = {**PLOT_LIGHT, "ink": LIGHT["ink"]}
_plot_ids = itertools.count(1)


def matplotlib_module() -> Any:
    """The matplotlib package, or an ImportError saying how to install it."""
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(
            "bpbook.figures.plots needs matplotlib: install bpbook with its plot extra, "
            "bpbook[plot] (see the book's Start here), or pip install matplotlib"
        ) from error
    return matplotlib


def plot_rc(ink: str = STAND_INS["ink"]) -> dict[str, Any]:
    """Matplotlib settings of every plot: real SVG text, fixed hashes, ``ink`` for text."""
    return {
        "svg.hashsalt": "bpbook",
        "svg.fonttype": "none",  # real <text>: selectable, searchable, read aloud
        "font.family": "sans-serif",
        "font.size": 12,
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "lines.linewidth": 2.2,
    }


def _save(figure: Any) -> str:
    """The figure as matplotlib's SVG text, without its XML declaration or DOCTYPE."""
    buffer = io.StringIO()
    # The SVG writer reads svg.fonttype and svg.hashsalt when saving, so save inside
    # the same settings the figure was drawn with (text stays real <text>).
    with matplotlib_module().rc_context(plot_rc()):
        figure.savefig(
            buffer,
            format="svg",
            transparent=True,
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _themed(svg: str) -> str:
    """Stand-in colours -> CSS variables (light colour as fallback); the page's font."""
    for name, stand_in in STAND_INS.items():
        svg = svg.replace(stand_in, f"var(--bp-{name}, {LIGHT_COLOURS[name]})")
    font = font_stack("'")  # inside style="..." attributes: single quotes
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {font}", svg)
    # Matplotlib's own stylesheet would apply to the whole page: keep it inside the plot.
    return svg.replace("*{stroke-linejoin", ".bp-plot *{stroke-linejoin")


def _prefixed_ids(svg: str, prefix: str) -> str:
    """Ids numbered in order of appearance, then prefixed, so plots can share a page.

    Matplotlib's hashed ids (clip paths, markers) can depend on object ids.
    """
    hashed: dict[str, str] = {}
    for name in re.findall(r"\b([a-z][0-9a-f]{10})\b", svg):
        hashed.setdefault(name, f"{name[0]}{len(hashed)}")
    for name, short in hashed.items():
        svg = re.sub(rf"\b{name}\b", short, svg)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = re.sub(r"#([\w.-]+)\)", lambda m: f"#{prefix}-{m[1]})" if m[1] in ids else m[0], svg)
    return re.sub(
        r'href="#([^"]+)"',
        lambda m: f'href="#{prefix}-{m[1]}"' if m[1] in ids else m[0],
        svg,
    )


def figure_svg(figure: Any, *, title: str, description: str, id_prefix: str | None) -> SVG:
    """Save a matplotlib figure as themable, accessible, reproducible SVG."""
    svg = _themed(_save(figure))
    prefix = checked_id_prefix(id_prefix, "plot", _plot_ids)
    svg = _prefixed_ids(svg, prefix)
    match = re.match(r'<svg([^>]*) width="([\d.]+)pt" height="([\d.]+)pt"([^>]*)>', svg)
    if match is None:  # pragma: no cover - matplotlib's output format changed
        raise RuntimeError("unexpected SVG header from matplotlib")
    width, height = float(match[2]) * 4 / 3, float(match[3]) * 4 / 3
    root = (
        f'<svg{match[1]} width="{width:.0f}" height="{height:.0f}"{match[4]} '
        f'class="bp-fig bp-plot" role="img" aria-labelledby="{prefix}-title {prefix}-desc" '
        'style="max-width:100%;height:auto">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
        f"<style>{STYLE}{PLOT_STYLE}</style>"
    )
    return SVG(root + svg[match.end() :].strip())

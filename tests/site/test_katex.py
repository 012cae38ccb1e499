"""The book's math is typeset by the KaTeX copy the site ships, never by a CDN's."""

from __future__ import annotations

from pathlib import Path

from tests.site.assets import CSS_URL


def test_pages_reference_local_katex(built_site: Path) -> None:
    katex = built_site / "assets" / "katex"
    for name in ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js"):
        assert (katex / name).is_file(), name
    fonts = list((katex / "fonts").glob("*.woff2"))
    assert fonts, "KaTeX fonts missing"
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    for ref in CSS_URL.findall(css):
        assert (katex / ref).is_file(), f"katex.min.css references missing {ref}"
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for needle in (
        "assets/katex/katex.min.js",
        "assets/katex/contrib/auto-render.min.js",
        "assets/katex/katex.min.css",
        "javascripts/katex-init.js",
    ):
        assert needle in index, needle
    assert "mathjax" not in index.lower()

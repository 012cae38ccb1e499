"""The book's math is typeset at build time by the KaTeX copy the site ships, never by a CDN's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.site.assets import CSS_URL


def test_pages_reference_local_katex(built_site: Path) -> None:
    """Pages with math load the local KaTeX CSS and fonts; no page loads a math script."""
    katex = built_site / "assets" / "katex"
    assert (katex / "katex.min.css").is_file()
    fonts = list((katex / "fonts").glob("*.woff2"))
    assert fonts, "KaTeX fonts missing"
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    for ref in CSS_URL.findall(css):
        assert (katex / ref).is_file(), f"katex.min.css references missing {ref}"
    three_factor = (built_site / "three-factor" / "index.html").read_text(encoding="utf-8")
    assert 'class="katex"' in three_factor and "<math" in three_factor
    assert "assets/katex/katex.min.css" in three_factor
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for page in (index, three_factor):
        assert "katex.min.js" not in page and "auto-render" not in page
        assert "mathjax" not in page.lower()
    assert not (katex / "katex.min.js").exists(), "KaTeX's script runs at build time only"


def test_search_index_holds_each_formula_once(built_site: Path) -> None:
    """The search index has the drawn text of each formula, not its MathML and TeX too.

    KaTeX's MathML carries the TeX source as an annotation; without the exclusion every
    formula was in the index three times ("δk\\delta_kδk"), in the results' previews too.
    """
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    tex = re.compile(r"\\(?:frac|partial|delta|odot|mathsf|qquad|cdot|times|sum)\b")
    found = {
        doc["location"]: hits
        for doc in index["docs"]
        if (hits := tex.findall(doc["title"] + doc["text"]))
    }
    assert not found, f"TeX source in the search index: {found}"
    layer_back = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("layer-back/")
    )
    assert "⊙" in layer_back, "the formulas' drawn text should still be searchable"

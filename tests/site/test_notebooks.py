"""Notebook chapters (docs/**/*.nb.py) are built offline and offer their downloads."""

from __future__ import annotations

import re
from pathlib import Path


def test_notebook_pages_offline_with_downloads(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("index.html") if p.parent.name.endswith(".nb")]
    assert pages, "no notebook chapter (docs/**/*.nb.py) was built"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "jupyter-wrapper" in html
        assert not re.search(r"<script[^>]*mathjax|x-mathjax-config", html, re.I)
        stem = page.parent.name
        assert (page.parent / f"{stem}.ipynb").is_file()
        assert (page.parent / f"{stem}.py").is_file()
        assert f'href="{stem}.ipynb"' in html


def test_hide_input_cells_run_but_their_code_is_not_on_the_page(built_site: Path) -> None:
    """A code cell tagged ``hide-input`` (mkdocs.yml: remove_tag_config) is in the downloads,
    and its code is not on the page (the digits chapter's drawing helpers)."""
    import json

    import jupytext
    from bs4 import BeautifulSoup

    docs = Path(__file__).resolve().parents[2] / "docs"
    hidden = 0
    for source in sorted(docs.rglob("*.nb.py")):
        stem = source.name.removesuffix(".py")
        folder = built_site / source.parent.relative_to(docs) / stem
        page_text = BeautifulSoup(
            (folder / "index.html").read_text(encoding="utf-8"), "html.parser"
        ).get_text()
        download = json.loads((folder / f"{stem}.ipynb").read_text(encoding="utf-8"))
        shipped = "".join("".join(c["source"]) for c in download["cells"])
        for cell in jupytext.read(source).cells:
            if "hide-input" not in cell.metadata.get("tags", []):
                continue
            hidden += 1
            for line in cell.source.splitlines():
                if line.startswith("def "):
                    assert line not in page_text, f"{source.name}: {line!r} is on the page"
                    assert line in shipped, f"{source.name}: {line!r} not in {stem}.ipynb"
    assert hidden, "no notebook chapter has a hide-input cell (the digits chapter had one)"

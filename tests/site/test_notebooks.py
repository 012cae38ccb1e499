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

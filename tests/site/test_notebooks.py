"""Notebook chapters (docs/**/*.nb.py) are built offline and offer their downloads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


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


def test_no_cell_shows_its_printed_text_in_two_blocks(built_site: Path) -> None:
    """hooks/notebook_streams.py: a cell's stdout is one block, as in Jupyter."""
    seam = (
        '</pre>\n</div>\n</div>\n<div class="jp-OutputArea-child">\n'
        '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"'
    )
    pages = [p for p in built_site.rglob("index.html") if p.parent.name.endswith(".nb")]
    assert pages
    for page in pages:
        assert seam not in page.read_text(encoding="utf-8"), page


def _code_cells_that_build_an_explorable(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code" and "bp-explorable" in c.source]


def test_explorable_plumbing_is_hidden_on_the_page_and_left_out_of_downloads(
    built_site: Path,
) -> None:
    """Issue 20 item 5: the cell that builds an explorable is page plumbing.

    On the page its code (``import json``, ``IPython.display.HTML``, the JSON island) is
    not shown, only its output; the downloaded ``.ipynb`` and ``.py`` leave it out, since
    in Jupyter it does nothing.
    """
    import jupytext

    docs = Path(__file__).resolve().parents[2] / "docs"
    sources = sorted(docs.rglob("*.nb.py"))
    checked = 0
    for source in sources:
        nb = jupytext.read(source)
        plumbing = _code_cells_that_build_an_explorable(nb)
        for cell in plumbing:
            assert {"site-only", "hide-input"} <= set(cell.metadata.get("tags", [])), (
                f"{source.name}: the explorable's cell needs tags site-only and hide-input"
            )
        if not plumbing:
            continue
        checked += 1
        folder = built_site / source.name[: -len(".py")]
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert "bp-explorable" in html, "the explorable (the cell's output) is on the page"
        assert "celltag_hide-input" in html
        css = (built_site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
        assert ".celltag_hide-input .jp-OutputPrompt { display: none; }" in css
        for code in ("import json", "IPython.display", "json.dumps"):
            assert code not in html, f"{folder.name}: the page shows the plumbing {code!r}"
        stem = folder.name
        downloaded = jupytext.read(folder / f"{stem}.ipynb")
        py = jupytext.read(folder / f"{stem}.py")
        for name, book in ((".ipynb", downloaded), (".py", py)):
            assert not _code_cells_that_build_an_explorable(book), f"{stem}{name} has it"
            assert not any("site-only" in c.metadata.get("tags", []) for c in book.cells)
            assert len(book.cells) > 10, f"{stem}{name}: the rest of the chapter is there"
    assert checked >= 1, "the SGD chapter builds an explorable in a notebook cell"


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

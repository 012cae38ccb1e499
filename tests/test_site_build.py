"""The built site loads nothing from another host and serves its own math assets.

Uses the ``built_site`` fixture from the repo's conftest.py (site/ from `make test`,
or a fresh strict build into a temp dir).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# Attributes that make the browser fetch something. <a href> is a hyperlink: allowed.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", re.I)
JS_IMPORT = re.compile(
    r"""(?:\bimport\s*\(\s*|\bimport\s[^'"]*?from\s*|\bimportScripts\s*\(\s*)['"]([^'"]+)['"]"""
)


class _AssetFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in FETCHING.get(tag, ()):
            value = values.get(name)
            if value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
        style = values.get("style")
        if style:
            self.urls.extend(CSS_URL.findall(style))
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.urls.extend(CSS_URL.findall(data) + CSS_IMPORT.findall(data))
        elif self._in == "script":
            self.urls.extend(JS_IMPORT.findall(data))


def _external(urls: list[str]) -> list[str]:
    return [u for u in urls if EXTERNAL.match(u)]


def test_no_external_assets(built_site: Path) -> None:
    problems: list[str] = []
    for path in sorted(built_site.rglob("*")):
        rel = path.relative_to(built_site).as_posix()
        if path.suffix == ".html":
            finder = _AssetFinder()
            finder.feed(path.read_text(encoding="utf-8", errors="replace"))
            urls = finder.urls
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
            urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        elif path.suffix in (".js", ".mjs"):
            urls = JS_IMPORT.findall(path.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        problems += [f"{rel}: {u}" for u in _external(urls)]
    assert not problems, "assets loaded from another host:\n" + "\n".join(problems)


def test_pages_reference_local_katex(built_site: Path) -> None:
    """Math is typeset at build time: pages with math load the local KaTeX CSS, none a script."""
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


def test_404_page(built_site: Path) -> None:
    assert (built_site / "404.html").is_file()


def test_scanner_catches_external_assets() -> None:
    finder = _AssetFinder()
    finder.feed(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/a.css">'
        '<img src="local.png"><a href="https://example.org/">a link is fine</a>'
        "<style>@import 'https://x.example/y.css'; .a{background:url(http://e.example/i.png)}"
        "</style>"
    )
    assert sorted(_external(finder.urls)) == sorted(
        [
            "https://cdn.example.org/x.js",
            "//fonts.example.com/a.css",
            "https://x.example/y.css",
            "http://e.example/i.png",
        ]
    )

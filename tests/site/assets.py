"""What a built page makes a browser fetch, found without a browser.

``asset_urls`` lists the URLs an HTML, CSS or JavaScript file of the site would load
(scripts, stylesheets, images, fonts, CSS ``url()`` and ``@import``, JS ``import``);
``external`` keeps those that point to another host. A hyperlink (``<a href>``) is
not an asset.
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


class AssetFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "").lower() == "canonical":
            return  # names the page's published address; nothing is fetched
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


def external(urls: list[str]) -> list[str]:
    """The URLs that point to another host (``https://...``, ``//host/...``)."""
    return [u for u in urls if EXTERNAL.match(u)]


def asset_urls(path: Path) -> list[str]:
    """The URLs `path` (an .html, .css, .js or .mjs file) makes a browser fetch."""
    if path.suffix not in (".html", ".css", ".js", ".mjs"):
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        finder = AssetFinder()
        finder.feed(text)
        return finder.urls
    if path.suffix == ".css":
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return CSS_URL.findall(text) + CSS_IMPORT.findall(text)
    return JS_IMPORT.findall(text)

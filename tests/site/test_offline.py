"""The built site loads nothing from another host.

Every HTML, CSS and JavaScript file of the site (``built_site``) is scanned for the
URLs a browser would fetch; none may point to another host. The browser tests check
the same from the other side: every request a page makes is routed, and any request
to another host fails them.
"""

from __future__ import annotations

from pathlib import Path

from tests.site.assets import AssetFinder, asset_urls, external


def test_no_external_assets(built_site: Path) -> None:
    problems: list[str] = []
    for path in sorted(built_site.rglob("*")):
        rel = path.relative_to(built_site).as_posix()
        problems += [f"{rel}: {u}" for u in external(asset_urls(path))]
    assert not problems, "assets loaded from another host:\n" + "\n".join(problems)


def test_scanner_catches_external_assets() -> None:
    finder = AssetFinder()
    finder.feed(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/a.css">'
        '<img src="local.png"><a href="https://example.org/">a link is fine</a>'
        "<style>@import 'https://x.example/y.css'; .a{background:url(http://e.example/i.png)}"
        "</style>"
    )
    assert sorted(external(finder.urls)) == sorted(
        [
            "https://cdn.example.org/x.js",
            "//fonts.example.com/a.css",
            "https://x.example/y.css",
            "http://e.example/i.png",
        ]
    )

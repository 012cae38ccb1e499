"""Where the built site says it lives, and which pages it has (shared by tests/site/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
# Directories of the built site that hold assets, not pages.
_NOT_PAGES = ("assets/", "search/", "javascripts/", "stylesheets/", "js/", "css/")


def configured_site_url() -> str:
    """mkdocs.yml's ``site_url``, with ``!ENV [SITE_URL, ...]`` resolved as mkdocs does."""
    url = _config()["site_url"]
    assert url, "site_url is not set in mkdocs.yml"
    return str(url)


def page_urls(site: Path) -> list[str]:
    """URL path (relative to the site root) of every HTML page: "", "forward/", "404.html"."""
    urls = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith(_NOT_PAGES):
            continue
        if html.name == "index.html":
            urls.append(rel.removesuffix("index.html"))
        elif html.parent == site:
            urls.append(rel)
    return urls


@cache
def _config() -> dict[str, Any]:
    from mkdocs.config import load_config

    return dict(load_config(str(REPO_ROOT / "mkdocs.yml")))


def configured_site_name() -> str:
    return str(_config()["site_name"])


def nav_titles() -> list[str]:
    """Every title of mkdocs.yml's nav, sections and pages, in reading order."""
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    titles.append(str(title))
                    if isinstance(value, list):
                        walk(value)

    walk(_config()["nav"])
    return titles

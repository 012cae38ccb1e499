"""Where the built site says it lives, and which pages it has (shared by tests/site/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Directories of the built site that hold assets, not pages.
_NOT_PAGES = ("assets/", "search/", "javascripts/", "stylesheets/", "js/", "css/")


@cache
def configured_site_url() -> str:
    """mkdocs.yml's ``site_url``, with ``!ENV [SITE_URL, ...]`` resolved as mkdocs does."""
    from mkdocs.config import load_config

    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    url = config["site_url"]
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

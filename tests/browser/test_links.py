"""Every link inside the served site resolves, anchors included; external links are listed.

A small crawler (urllib + html.parser, no browser needed): it starts from every page
of the site, follows each ``<a href>`` that stays on the local server, fetches the
target once, and checks that a ``#fragment`` names an ``id`` (or ``<a name>``) on the
target page. Links to other hosts are not fetched; they are listed in the session
summary (``screenshots/summary.json``).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from tests.browser.harness import fail_if
from tests.browser.stats import STATS
from tests.site.pages import site_pages

pytestmark = pytest.mark.browser

# No proxy, whatever the environment says: the server is on 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.anchors.add(values[name] or "")
        if tag in ("a", "area"):
            href = values.get("href") or values.get("xlink:href")
            if href is not None:
                self.links.append(href)


@dataclass
class _Target:
    status: int
    content_type: str = ""
    anchors: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    error: str = ""


def _fetch(url: str) -> _Target:
    try:
        with _OPENER.open(url, timeout=10) as response:
            body = response.read()
            target = _Target(response.status, response.headers.get_content_type())
    except urllib.error.HTTPError as exc:
        return _Target(exc.code, error=str(exc))
    except (urllib.error.URLError, OSError) as exc:
        return _Target(0, error=str(exc))
    if target.content_type == "text/html":
        parser = _PageParser()
        parser.feed(body.decode("utf-8", errors="replace"))
        target.anchors, target.links = parser.anchors, parser.links
    return target


def test_internal_links_and_anchors_resolve(site_url: str) -> None:
    netloc = urlsplit(site_url).netloc
    fetched: dict[str, _Target] = {}
    queue = [site_url + page.path for page in site_pages()]
    crawled: set[str] = set()
    broken: list[str] = []
    external: set[str] = set()
    checked = 0

    def get(url: str) -> _Target:
        if url not in fetched:
            fetched[url] = _fetch(url)
        return fetched[url]

    while queue:
        page_url = queue.pop(0)
        if page_url in crawled:
            continue
        crawled.add(page_url)
        page = get(page_url)
        if page.status != 200:
            broken.append(f"{page_url}: HTTP {page.status} {page.error}")
            continue
        for href in page.links:
            absolute = urljoin(page_url, href.strip())
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or parts.netloc != netloc:
                external.add(absolute)
                continue
            checked += 1
            target_url, fragment = urldefrag(absolute)
            target_url = urlsplit(target_url)._replace(query="").geturl()
            target = get(target_url)
            where = f"{page_url} -> {href}"
            if target.status != 200:
                broken.append(f"{where}: HTTP {target.status} {target.error}".rstrip())
                continue
            if target.content_type == "text/html" and target_url not in crawled:
                queue.append(target_url)
            if fragment and unquote(fragment) not in target.anchors:
                if target.content_type != "text/html":
                    broken.append(f"{where}: #{fragment} on a {target.content_type} file")
                else:
                    broken.append(f"{where}: no id {unquote(fragment)!r} on {target_url}")

    STATS.internal_links_checked = checked
    STATS.external_links = sorted(external)
    assert checked > 0, "no internal link found: is the site empty?"
    fail_if(sorted(set(broken)), f"{len(broken)} broken links (of {checked} checked):")

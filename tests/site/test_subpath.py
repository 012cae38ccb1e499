"""The built site works at its real address: under a sub-path, like a GitHub Pages project.

GitHub Pages serves the book under ``/<repository>/`` and answers every missing URL,
at any depth, with ``404.html``. The site is built for the path of its ``site_url``
(mkdocs.yml; ``/bpbook/`` unless ``SITE_URL`` says otherwise). Here it is served the
same way -- under that path only, with ``404.html`` for misses -- and every page,
the 404 page fetched at a missing URL deep in the tree included, is parsed: each
``href``/``src`` (stylesheets, scripts, icons, images, links) is resolved against the
page's URL and requested, each ``#fragment`` must name an id on its target page, and
each ``url(...)`` in a fetched stylesheet (KaTeX's fonts) is requested too. A link
that leaves the sub-path (``/assets/...``) lands outside the site and fails.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.site.site_address import configured_site_url, page_urls
from tools.site_server import serve

# No proxy, whatever the environment says: the server is on 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_MISSING = "chapters/no-such-chapter/deeper/"  # a miss deep in the tree
# Attributes that name something the page loads or links to.
_URL_ATTRIBUTES = ("href", "src", "xlink:href", "poster", "data")


@dataclass
class _Fetched:
    status: int
    content_type: str
    body: bytes = b""
    ids: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def sub_path() -> str:
    path = urlsplit(configured_site_url()).path
    assert path.startswith("/") and path.endswith("/"), f"site_url path {path!r}"
    return path


@pytest.fixture(scope="module")
def served(built_site: Path, sub_path: str) -> Iterator[str]:
    """Base URL (ending in the sub-path) of the built site served under its sub-path."""
    with serve(built_site, sub_path) as url:
        yield url


class _Fetcher:
    """GETs each URL once; remembers status, content type and, for HTML, the ids."""

    def __init__(self) -> None:
        self.cache: dict[str, _Fetched] = {}

    def __call__(self, url: str) -> _Fetched:
        if url not in self.cache:
            self.cache[url] = self._get(url)
        return self.cache[url]

    @staticmethod
    def _get(url: str) -> _Fetched:
        try:
            with _OPENER.open(url, timeout=10) as response:
                fetched = _Fetched(response.status, response.headers.get_content_type())
                fetched.body = response.read()
        except urllib.error.HTTPError as exc:
            fetched = _Fetched(exc.code, exc.headers.get_content_type(), exc.read())
        if fetched.content_type == "text/html":
            soup = BeautifulSoup(fetched.body, "html.parser")
            fetched.ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
            fetched.ids |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
        return fetched


def _references(html: bytes) -> Iterator[tuple[str, str]]:
    """(tag, URL) for every URL-bearing attribute of the page (srcset split up)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                if tag.name == "link" and "canonical" in (tag.get("rel") or []):
                    continue  # the published address, checked in test_sitemap.py
                if tag.name == "object" and attribute != "data":
                    continue
                yield tag.name, value.strip()
        srcset = tag.get("srcset")
        if isinstance(srcset, str):
            for candidate in srcset.split(","):
                if candidate.strip():
                    yield tag.name, candidate.split()[0]


def _problems_of(page_url: str, fetch: _Fetcher, base: str) -> tuple[list[str], int]:
    """What does not resolve among the page's references, and how many were checked."""
    page = fetch(page_url)
    problems: list[str] = []
    checked = 0
    for tag, raw in _references(page.body):
        if raw.startswith(("mailto:", "tel:", "javascript:", "data:", "blob:")):
            continue
        absolute = urljoin(page_url, raw)
        if urlsplit(absolute).netloc != urlsplit(base).netloc:
            continue  # another host: not fetched (tests/browser/test_links.py lists them)
        target, fragment = urldefrag(absolute)
        checked += 1
        if not target.startswith(base):
            problems.append(f"<{tag}> {raw!r} leaves the sub-path: {target}")
            continue
        got = fetch(target)
        if got.status != 200:
            problems.append(f"<{tag}> {raw!r} -> {target}: HTTP {got.status}")
        elif fragment and got.content_type == "text/html" and unquote(fragment) not in got.ids:
            problems.append(f"<{tag}> {raw!r}: no id {unquote(fragment)!r} on {target}")
        elif got.content_type == "text/css":
            problems += _css_problems(target, got.body.decode("utf-8", "replace"), fetch)
    return problems, checked


def _css_problems(css_url: str, css: str, fetch: _Fetcher) -> list[str]:
    problems = []
    for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
        ref = match.group(1)
        if ref.startswith(("data:", "#")):
            continue
        target = urldefrag(urljoin(css_url, ref))[0]
        if fetch(target).status != 200:
            problems.append(f"{css_url}: url({ref}) -> HTTP {fetch(target).status}")
    return problems


def test_site_is_built_for_a_sub_path(sub_path: str) -> None:
    """The default address is a project-site path, so every local build is checked there."""
    assert sub_path != "/", (
        "site_url has no sub-path: this test could not tell root-absolute links from good "
        "ones (the default in mkdocs.yml is http://127.0.0.1:8000/bpbook/)"
    )


def test_every_page_resolves_under_the_sub_path(built_site: Path, served: str) -> None:
    fetch = _Fetcher()
    problems: list[str] = []
    pages = [served + path for path in page_urls(built_site)]
    assert len(pages) >= 10, pages
    total = 0
    for url in pages:
        assert fetch(url).status == 200, f"{url}: HTTP {fetch(url).status}"
        found, checked = _problems_of(url, fetch, served)
        problems += [f"{url}: {p}" for p in found]
        total += checked
    # Each page has Material's stylesheets, scripts, icons and nav links (dozens).
    assert total >= 20 * len(pages), f"only {total} references found on {len(pages)} pages"
    assert not problems, "\n".join(sorted(set(problems)))


def test_404_page_works_at_a_missing_url_deep_in_the_tree(served: str) -> None:
    fetch = _Fetcher()
    url = served + _MISSING
    page = fetch(url)
    assert page.status == 404 and b"404" in page.body, (page.status, page.body[:200])
    problems, checked = _problems_of(url, fetch, served)
    assert checked >= 15, f"the 404 page references only {checked} things"
    assert not problems, "\n".join(problems)
    # The home link and the stylesheets are among them, and they resolved above.
    soup = BeautifulSoup(page.body, "html.parser")
    sheets = [urljoin(url, str(link["href"])) for link in soup.select("link[rel=stylesheet]")]
    assert any("/assets/stylesheets/main" in s for s in sheets), sheets
    home = soup.select_one("a.md-header__button.md-logo")
    assert home is not None and urljoin(url, str(home["href"])).rstrip(".") == served


def test_a_link_that_leaves_the_sub_path_is_caught(built_site: Path, served: str) -> None:
    """The check itself: a root-absolute asset link (the bug it guards against) fails."""
    fetch = _Fetcher()
    fake = served + "index.html"
    body = fetch(fake).body.replace(b'href="assets/', b'href="/assets/', 1)
    assert body != fetch(fake).body
    fetch.cache[fake + "?broken"] = _Fetched(200, "text/html", body)
    problems, _ = _problems_of(fake + "?broken", fetch, served)
    assert any("leaves the sub-path" in p for p in problems), problems

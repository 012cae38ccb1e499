"""The sitemap lists every page of the book at its published address, and nothing else."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from tests.site.site_address import configured_site_url, page_urls

_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Pages that are not documents of the book: the error page and the combined print page.
_NOT_IN_SITEMAP = ("404.html", "print_page/")


def _locations(xml: bytes) -> list[str]:
    return [str(loc.text).strip() for loc in ET.fromstring(xml).findall("s:url/s:loc", _NS)]


def test_sitemap_lists_every_page(built_site: Path) -> None:
    site_url = configured_site_url()
    listed = _locations((built_site / "sitemap.xml").read_bytes())
    expected = [site_url + p for p in page_urls(built_site) if p not in _NOT_IN_SITEMAP]
    assert len(expected) >= 10, expected
    assert sorted(listed) == sorted(expected), (
        f"missing from sitemap.xml: {sorted(set(expected) - set(listed))}; "
        f"listed but not built: {sorted(set(listed) - set(expected))}"
    )
    assert len(listed) == len(set(listed)), "a page is listed twice"


def test_compressed_sitemap_matches(built_site: Path) -> None:
    plain = _locations((built_site / "sitemap.xml").read_bytes())
    packed = _locations(gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()))
    assert plain == packed


def test_canonical_links_name_the_published_address(built_site: Path) -> None:
    site_url = configured_site_url()
    wrong = []
    for path in page_urls(built_site):
        if path in _NOT_IN_SITEMAP:
            continue
        html = built_site / (path + "index.html" if not path.endswith(".html") else path)
        soup = BeautifulSoup(html.read_bytes(), "html.parser")
        link = soup.select_one("link[rel=canonical]")
        href = None if link is None else link.get("href")
        if href != site_url + path:
            wrong.append(f"{path or 'index'}: canonical {href!r}, expected {site_url + path!r}")
    assert not wrong, "\n".join(wrong)

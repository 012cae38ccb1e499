"""Every internal link and asset reference of the built site resolves, anchors included.

No browser and no server: each HTML page of ``built_site`` is parsed with the standard
library, and every reference it makes (``<a href>``, ``<area href>``, ``<link href>``,
``<script src>``, ``<img src/srcset>``, ``<source src/srcset>``, ``<iframe src>``,
media, ``<object data>``, SVG ``<a href|xlink:href>``, ``<use>``, ``<image>`` and
``url(...)`` in ``style`` attributes) is resolved against the page's own location to a
file of the built site. A ``#fragment`` must name an ``id`` (or ``<a name>``) of the
target page. ``url(...)`` references of the site's own CSS files are checked too.

Because the built HTML is what is checked, it does not matter where a link came from:
Markdown, raw HTML in a chapter, a notebook cell rendered by mkdocs-jupyter, a
markdown-exec block, a figure or a template. (``mkdocs build --strict`` validates only
Markdown links of Markdown pages.) Links to other hosts are not followed.

Each page is taken to be served at the path of ``site_url`` from mkdocs.yml (``/`` when
unset) plus its file path, and references are resolved from there as a browser does; so
a root-absolute reference (``/assets/...``, as in the 404 page) must start with that path.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

# tag -> attributes holding one URL (srcset: a list of "url descriptor" entries).
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href", "xlink:href"),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
NOT_FOLLOWED = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, mailto:, data:, //
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)


@dataclass
class ParsedPage:
    """Ids a page defines and the references it makes."""

    ids: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value is None:
                continue
            if name == "srcset":
                entries = (entry.strip().split()[0] for entry in value.split(",") if entry.strip())
                self.page.references.extend(entries)
            else:
                self.page.references.append(value)
        if "style" in values:
            self.page.references.extend(CSS_URL.findall(values["style"]))

    handle_startendtag = handle_starttag


def parse_page(html: str) -> ParsedPage:
    parser = _ReferenceParser()
    parser.feed(html)
    parser.close()
    return parser.page


def site_base_path() -> str:
    """Path part of mkdocs.yml's ``site_url`` (``/`` when unset), ending in ``/``."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


class SiteChecker:
    """Resolves references inside one built site; parses each HTML target once."""

    def __init__(self, site: Path, base_path: str = "/") -> None:
        self.site = site
        self.base_path = base_path
        self._parsed: dict[Path, ParsedPage] = {}
        self.checked = 0
        self.fragments_checked = 0

    def parsed(self, path: Path) -> ParsedPage:
        if path not in self._parsed:
            self._parsed[path] = parse_page(path.read_text(encoding="utf-8", errors="replace"))
        return self._parsed[path]

    def _target_file(self, source: Path, url_path: str) -> tuple[Path | None, str]:
        """File a reference's path names, or None and the reason it does not resolve.

        The path is resolved as a browser would, from the URL the source is served at.
        """
        served_at = self.base_path + source.relative_to(self.site).as_posix()
        resolved = urljoin(served_at, url_path)
        if not resolved.startswith(self.base_path):
            return None, f"outside the site's base path {self.base_path}"
        relative = resolved[len(self.base_path) :]
        target = self.site / relative
        if target.is_dir():
            if relative and not relative.endswith("/"):
                return None, "directory without a trailing slash"
            target = target / "index.html"
        if not target.is_file():
            return None, "no such file in the built site"
        return target, ""

    def problem(self, source: Path, reference: str) -> str | None:
        """Why ``reference`` made by page ``source`` is broken, or None if it resolves."""
        if NOT_FOLLOWED.match(reference):
            return None
        self.checked += 1
        parts = urlsplit(reference.strip())
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        target = source
        if path:
            found, reason = self._target_file(source, path)
            if found is None:
                return reason
            target = found
        if fragment and target.suffix == ".html":
            self.fragments_checked += 1
            if fragment not in self.parsed(target).ids:
                return f"no id {fragment!r} in {target.relative_to(self.site).as_posix()}"
        return None


def html_problems(checker: SiteChecker) -> Iterator[str]:
    for page in sorted(checker.site.rglob("*.html")):
        rel = page.relative_to(checker.site).as_posix()
        for reference in checker.parsed(page).references:
            reason = checker.problem(page, reference)
            if reason:
                yield f"{rel} -> {reference}  ({reason})"


def css_problems(checker: SiteChecker) -> Iterator[str]:
    for sheet in sorted(checker.site.rglob("*.css")):
        rel = sheet.relative_to(checker.site).as_posix()
        text = re.sub(
            r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8", errors="replace"), flags=re.S
        )
        for reference in CSS_URL.findall(text):
            if reference.startswith("#"):  # SVG filter/marker references inside CSS
                continue
            reason = checker.problem(sheet, reference)
            if reason:
                yield f"{rel} -> {reference}  ({reason})"


def broken_references(site: Path, base_path: str = "/") -> tuple[list[str], SiteChecker]:
    checker = SiteChecker(site, base_path)
    return [*html_problems(checker), *css_problems(checker)], checker


def _report(problems: list[str]) -> str:
    by_page: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        page, _, rest = problem.partition(" -> ")
        by_page[page].append(rest)
    lines = [f"{len(problems)} broken internal reference(s), page -> broken target:"]
    for page, targets in by_page.items():
        lines += [f"  {page} -> {target}" for target in targets]
    return "\n".join(lines)


@cache
def _base_path() -> str:
    return site_base_path()


def test_every_internal_link_resolves(built_site: Path) -> None:
    problems, checker = broken_references(built_site, _base_path())
    assert not problems, _report(problems)
    # Not vacuous: the book has hundreds of internal references and many anchors.
    assert checker.checked >= 500, checker.checked
    assert checker.fragments_checked >= 50, checker.fragments_checked


# ---------------------------------------------------------------------------------------
# The checker itself, on a small site with one fault of each kind.
# ---------------------------------------------------------------------------------------

GOOD_PAGE = """<html><head><link rel="stylesheet" href="../s.css"></head><body>
<h2 id="epoch">Epoch</h2><a name="old"></a>
<a href="../">home</a> <a href="#epoch">self</a> <a href="../b/#b1">b</a>
<a href="https://example.org/nowhere">external, not followed</a>
<a href="mailto:x@example.org">mail</a> <img src="data:image/png;base64,AAAA">
<img srcset="../i.png 1x, ../i.png 2x"> <a href="#old">named anchor</a>
<svg><a href="../b/">svg link</a><use href="#epoch"/></svg>
</body></html>"""


@pytest.fixture
def mini_site(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">a</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "b" / "index.html").write_text('<p id="b1">b</p>', encoding="utf-8")
    (tmp_path / "i.png").write_bytes(b"")
    (tmp_path / "s.css").write_text("a{background:url(i.png)}", encoding="utf-8")
    (tmp_path / "404.html").write_text('<link href="/s.css"><a href="/a/">a</a>', encoding="utf-8")
    return tmp_path


def test_checker_passes_a_good_site(mini_site: Path) -> None:
    problems, checker = broken_references(mini_site)
    assert problems == []
    assert checker.checked == 13
    assert checker.fragments_checked == 4


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="../c/">raw html</a>', "a/index.html -> ../c/  (no such file in the built site)"),
        (
            '<a href="../b/#nope">anchor</a>',
            "a/index.html -> ../b/#nope  (no id 'nope' in b/index.html)",
        ),
        ('<a href="#gone">same page</a>', "a/index.html -> #gone  (no id 'gone' in a/index.html)"),
        ('<svg><a xlink:href="../x.svg">s</a></svg>', "a/index.html -> ../x.svg  (no such file"),
        ('<img srcset="../i.png 1x, ../j.png 2x">', "a/index.html -> ../j.png  (no such file"),
        ('<script src="../app.js"></script>', "a/index.html -> ../app.js  (no such file"),
        ('<a href="../b">b</a>', "a/index.html -> ../b  (directory without a trailing slash)"),
        (
            '<a href="../../up/">up</a>',
            "a/index.html -> ../../up/  (outside the site's base path /)",
        ),
        ('<div style="background:url(../k.png)"></div>', "a/index.html -> ../k.png  (no such"),
    ],
)
def test_checker_reports_page_and_target(mini_site: Path, html: str, expected: str) -> None:
    page = mini_site / "a" / "index.html"
    page.write_text(GOOD_PAGE.replace("</body>", html + "</body>"), encoding="utf-8")
    problems, _ = broken_references(mini_site)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems


def test_root_absolute_references_live_under_the_base_path(mini_site: Path) -> None:
    problems, _ = broken_references(mini_site, "/bpbook/")
    assert problems == [
        "404.html -> /s.css  (outside the site's base path /bpbook/)",
        "404.html -> /a/  (outside the site's base path /bpbook/)",
    ]
    (mini_site / "404.html").write_text('<a href="/bpbook/a/#epoch">a</a>', encoding="utf-8")
    assert broken_references(mini_site, "/bpbook/")[0] == []

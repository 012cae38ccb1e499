"""The book's pages, found from docs/ without building the site.

The browser tests are parametrized per page at collection time, before any site is
built, so the list of pages comes from the sources: every Markdown file and every
notebook chapter mkdocs-jupyter renders, mapped to the URL MkDocs gives it
(``use_directory_urls``), plus ``404.html``. ``tests/site/test_pages.py`` checks that this list is
exactly the set of HTML pages in the built site, so the two cannot drift apart.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class SitePage:
    """One HTML page of the built site."""

    source: str | None  # path under docs/ ("three-factor.md", "sgd.nb.py"); None for 404
    path: str  # URL path from the site root: "", "three-factor/", "sgd.nb/", "404.html"

    @property
    def name(self) -> str:
        """Test id and screenshot name: the source path, or ``404.html``."""
        return self.source or self.path

    @property
    def slug(self) -> str:
        """File-name-safe name: ``three-factor``, ``chapters-notebook-demo.nb``, ``404``."""
        if self.source is None:
            return "404"
        stem = re.sub(r"\.(md|py|ipynb)$", "", self.source)
        return stem.replace("/", "-")

    @property
    def stem(self) -> str:
        """Last path component without extensions: ``three-factor``, ``sgd``."""
        base = (self.source or self.path).rsplit("/", 1)[-1]
        return base.split(".", 1)[0]

    @property
    def is_notebook(self) -> bool:
        return self.source is not None and not self.source.endswith(".md")

    @property
    def html_file(self) -> str:
        """The page's file inside the site directory."""
        return self.path if self.path.endswith(".html") else self.path + "index.html"


@cache
def mkdocs_config() -> dict[str, Any]:
    """mkdocs.yml as a dict, Python-specific tags (``!!python/name:``, ``!ENV``) as None."""
    try:
        import yaml  # PyYAML comes with mkdocs (the docs extra)
    except ImportError:  # collecting without the docs toolchain: defaults
        return {}

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    data = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=Loader)
    return data if isinstance(data, dict) else {}


def _docs_dir() -> Path:
    return REPO_ROOT / str(mkdocs_config().get("docs_dir", "docs"))


def _plugin_options(name: str) -> dict[str, Any] | None:
    for entry in mkdocs_config().get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return None


def _excluded(rel: str) -> bool:
    import pathspec

    if any(part.startswith(".") for part in rel.split("/")) or rel.startswith("templates/"):
        return True  # MkDocs' own defaults
    patterns = (mkdocs_config().get("exclude_docs") or "").splitlines()
    return bool(pathspec.GitIgnoreSpec.from_lines(patterns).match_file(rel))


def _is_notebook_source(rel: str) -> bool:
    options = _plugin_options("mkdocs-jupyter")
    if options is None:
        return False
    include = options.get("include") or ["*.py", "*.ipynb"]
    ignore = options.get("ignore") or []
    name = rel.rsplit("/", 1)[-1]

    def matches(patterns: list[str]) -> bool:
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)

    return matches(include) and not matches(ignore)


def _url_path(rel: str) -> str:
    directory, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = directory + "/" if directory else ""
    if stem in ("index", "README"):
        return prefix
    return f"{prefix}{stem}/"


@cache
def site_pages() -> tuple[SitePage, ...]:
    """Every page the built site should contain, in a stable order (404 last)."""
    docs = _docs_dir()
    pages: list[SitePage] = []
    for file in sorted(docs.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(docs).as_posix()
        if _excluded(rel):
            continue
        if rel.endswith(".md") or _is_notebook_source(rel):
            pages.append(SitePage(rel, _url_path(rel)))
    pages.sort(key=lambda p: (p.path != "", p.path))  # the home page first
    pages.append(SitePage(None, "404.html"))
    return tuple(pages)


def find_page(stem: str) -> SitePage | None:
    """The page whose file name starts with ``stem`` (``"sgd"`` finds ``sgd.nb.py``)."""
    for page in site_pages():
        if page.source and page.stem == stem:
            return page
    return None


# --------------------------------------------------------------------------------------
# Does a page's source contain math?
# --------------------------------------------------------------------------------------

_FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_MATH = re.compile(
    r"\$\$"  # display math
    r"|(?<![\\$\w])\$(?=[^\s$])(?:[^$\n]*?[^\s$\\])?\$(?![\w$])"  # $...$ inline
    r"|\\\(|\\\["  # \( and \[
)


def _notebook_markdown(text: str) -> str:
    """The markdown cells of a Jupytext percent-format file, comment marks removed."""
    out: list[str] = []
    in_markdown = False
    for line in text.splitlines():
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line or "[md]" in line
            continue
        if in_markdown and line.startswith("#"):
            out.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(out)


def source_has_math(page: SitePage) -> bool:
    """True if the page's source writes math outside code (so KaTeX must render some)."""
    if page.source is None:
        return False
    text = (_docs_dir() / page.source).read_text(encoding="utf-8")
    if page.source.endswith(".py"):
        text = _notebook_markdown(text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = _FENCE.sub("", text)
    text = _INLINE_CODE.sub("", text)
    return bool(_MATH.search(text))

"""MkDocs hook for the notebook chapters rendered by mkdocs-jupyter.

1. Offline: nbconvert's page template always emits a MathJax <script src> (CDN by
   default, empty with mkdocs-jupyter's default ``custom_mathjax_url: ""``), a
   ``text/x-mathjax-config`` block and a mermaid ``<script type="module">`` that imports
   from a CDN. The book renders math with the vendored KaTeX instead, so those
   scripts are removed from every notebook page. Any other <script> in a notebook page
   that points to another host fails the build.
   mkdocs-jupyter 0.27 (Python 3.12) instead appends to *every* page a
   ``<script data-mkdocs-jupyter-mathjax>`` loader that fetches MathJax from a CDN when
   a notebook is shown; it is removed from every page.
2. Download: besides the Jupytext source (mkdocs-jupyter ``include_source``), an
   ``.ipynb`` built with jupytext is written next to the page, and ``page.ipynb_url``
   is set for the download button in ``overrides/main.html``. The page's relative
   links (``../glossary/#epoch``) mean nothing inside Jupyter, so when ``site_url`` is
   set the downloaded ``.ipynb`` gets them as absolute links to the published site.
   Cells tagged ``site-only`` (an explorable's plumbing, which does nothing in Jupyter)
   are left out of both downloads, the ``.ipynb`` and the ``.py``; on the page, the
   tag ``hide-input`` (mkdocs-jupyter's ``remove_tag_config``) hides such a cell's code.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.offline_notebooks")

SITE_ONLY = "site-only"  # a notebook cell tag: on the site only, not in the downloads
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_MATHJAX_LOADER = re.compile(r"<script\b[^>]*\bdata-mkdocs-jupyter-mathjax\b.*?</script>\s*", re.S)
_EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.I)
# A Markdown link or image target that is relative: not a scheme, not //host, not #anchor.
_RELATIVE_LINK = re.compile(r"(\]\()(?![a-z][a-z0-9+.-]*:|//|#)([^)\s]+)(\))", re.I)


def absolute_links(markdown: str, page_url: str) -> str:
    """Rewrite the relative link targets of ``markdown`` against ``page_url``.

    >>> absolute_links("an [epoch](../glossary/#epoch)", "https://b.example/sgd.nb/")
    'an [epoch](https://b.example/glossary/#epoch)'
    """
    return _RELATIVE_LINK.sub(lambda m: m[1] + urljoin(page_url, m[2]) + m[3], markdown)


def _is_notebook(page: Any) -> bool:
    return hasattr(page, "nb_url") and page.file.src_uri.endswith(".nb.py")


def _strip_script(match: re.Match[str]) -> str:
    attrs, body = match["attrs"], match["body"]
    if "x-mathjax-config" in attrs or "mathjax" in attrs.lower():
        return ""
    if re.search(r"""\bsrc\s*=\s*(["'])\s*\1""", attrs):  # <script src=""> (empty MathJax url)
        return ""
    if "mermaid" in body and "import" in body:
        return ""
    if _EXTERNAL.search(attrs) or ("import" in body and _EXTERNAL.search(body)):
        raise PluginError(f"notebook page loads an external script: {match.group(0)[:200]}")
    return match.group(0)


# Code cells scroll sideways when a line is wider than the column: focusable, so a keyboard
# user can scroll them (as Material does for the code blocks of Markdown pages).
_CODE_CELL = re.compile(r'<div class="highlight-ipynb(?=[ "])')


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    if not _is_notebook(page):
        return html
    html = _CODE_CELL.sub('<div tabindex="0" class="highlight-ipynb', html)
    return _SCRIPT.sub(_strip_script, html)


def on_page_context(context: dict[str, Any], page: Any, **kwargs: Any) -> dict[str, Any]:
    if _is_notebook(page):
        name = os.path.basename(page.file.abs_src_path)
        # Both files sit next to the page (NAME.nb/NAME.nb.py): relative links, which work
        # at any address. mkdocs-jupyter's nb_url is root-absolute once site_url is set.
        page.nb_url = name
        page.ipynb_url = name[: -len(".py")] + ".ipynb"
        page.source_name = name
    return context


@event_priority(-100)  # after mkdocs-jupyter's on_post_page, which adds the loader
def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    output = _MATHJAX_LOADER.sub("", output)
    if _is_notebook(page):
        import jupytext

        src = page.file.abs_src_path
        nb = jupytext.read(src)
        nb.cells = [c for c in nb.cells if SITE_ONLY not in c.metadata.get("tags", [])]
        site_url = config.get("site_url")
        if site_url:
            page_url = urljoin(site_url.rstrip("/") + "/", page.url)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = absolute_links(cell.source, page_url)
        target = os.path.join(
            os.path.dirname(page.file.abs_dest_path),
            os.path.basename(src)[: -len(".py")] + ".ipynb",
        )
        os.makedirs(os.path.dirname(target), exist_ok=True)
        jupytext.write(nb, target, fmt="ipynb")
        # mkdocs-jupyter copied the source next to the page (include_source); replace it
        # with the same cells as the .ipynb.
        jupytext.write(nb, target[: -len(".ipynb")] + ".py", fmt="py:percent")
        log.debug("wrote %s", target)
    return output

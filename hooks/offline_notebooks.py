"""MkDocs hook for the notebook chapters rendered by mkdocs-jupyter.

1. Offline: nbconvert's page template always emits a MathJax <script src> (CDN by
   default, empty with mkdocs-jupyter's default ``custom_mathjax_url: ""``), a
   ``text/x-mathjax-config`` block and a mermaid ``<script type="module">`` that imports
   from a CDN. The book renders math with the vendored KaTeX instead, so those
   scripts are removed from every notebook page. Any other <script> in a notebook page
   that points to another host fails the build.
2. Download: besides the Jupytext source (mkdocs-jupyter ``include_source``), an
   ``.ipynb`` built with jupytext is written next to the page, and ``page.ipynb_url``
   is set for the download button in ``overrides/main.html``.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.offline_notebooks")

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.I)


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
        page.ipynb_url = page.nb_url[: -len(name)] + name[: -len(".py")] + ".ipynb"
        page.source_name = name
    return context


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    if _is_notebook(page):
        import jupytext

        src = page.file.abs_src_path
        nb = jupytext.read(src)
        target = os.path.join(
            os.path.dirname(page.file.abs_dest_path),
            os.path.basename(src)[: -len(".py")] + ".ipynb",
        )
        os.makedirs(os.path.dirname(target), exist_ok=True)
        jupytext.write(nb, target, fmt="ipynb")
        log.debug("wrote %s", target)
    return output

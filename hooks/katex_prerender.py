"""MkDocs hook: typeset every formula at build time with the vendored KaTeX.

The pages ship finished KaTeX HTML (with MathML for screen readers, KaTeX's
``htmlAndMathml`` output), so no math JavaScript runs in the reader's browser: no
``katex.min.js`` (273 KB) to download and no re-layout of the page after load.

KaTeX itself runs here, in V8 embedded in Python by ``mini-racer`` (no Node.js needed;
the vendored ``docs/assets/katex/katex.min.js`` is the same code the browser used to run),
so the output is exactly what client-side KaTeX produced, plus one attribute that keeps
the MathML out of the search index (``searchable_once``).

Where the math is:

* Markdown pages: pymdownx.arithmatex (``generic: true``) leaves ``\\( .. \\)`` and
  ``\\[ .. \\]`` in ``<span class="arithmatex">`` / ``<div class="arithmatex">``.
* Notebook chapters (mkdocs-jupyter): markdown cells keep ``$ .. $`` and ``$$ .. $$`` in
  their text (``<div class="... jp-MarkdownOutput ...">``); code and outputs are left alone.

A formula KaTeX cannot parse, or one it warns about (strict mode "warn"), fails the
build (a KaTeX parse error or an mkdocs warning under ``--strict``).

Pages with math get KaTeX's stylesheet (which loads only the fonts a page uses) in their
``<head>``; pages without math load no KaTeX at all. Material's instant navigation adds
and removes that ``<link>`` as it swaps pages, since it syncs the ``<head>`` elements.
"""

from __future__ import annotations

import html
import json
import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.katex_prerender")

KATEX_DIR = "assets/katex"
KATEX_CSS = f"{KATEX_DIR}/katex.min.css"

# Called once per distinct formula; returns JSON so errors come back as data.
_RENDER_JS = """
var console = {warn: function (m) { bpWarnings.push(String(m)); }, log: function () {},
               error: function (m) { bpWarnings.push(String(m)); }};
var bpWarnings = [];
function bpRender(tex, display) {
  bpWarnings = [];
  try {
    var out = katex.renderToString(tex, {displayMode: display, output: "htmlAndMathml",
                                         throwOnError: true, strict: "warn"});
    return JSON.stringify({html: out, warnings: bpWarnings});
  } catch (e) {
    return JSON.stringify({error: String(e && e.message || e)});
  }
}
"""

_ARITHMATEX = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.S)
_NB_MARKDOWN = re.compile(
    r'(?P<open><div class="[^"]*\bjp-MarkdownOutput\b[^"]*"[^>]*>)(?P<body>.*?)(?P<close></div>)',
    re.S,
)
# Inside a notebook markdown cell: tags and code are kept as they are, math is in the text.
_NB_SKIP = re.compile(r"(<code\b.*?</code>|<pre\b.*?</pre>|<[^>]+>)", re.S)
_NB_DISPLAY = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
_NB_INLINE = re.compile(r"(?<![\\$])\$(?!\s)(?P<tex>[^$]+?)(?<![\s\\])\$(?!\d)")

_math_pages: set[str] = set()


@cache
def _engine(katex_js: Path) -> Any:
    from py_mini_racer import MiniRacer

    ctx = MiniRacer()
    ctx.eval(_RENDER_JS)
    ctx.eval(katex_js.read_text(encoding="utf-8"))
    return ctx


@cache
def render(katex_js: Path, tex: str, display: bool) -> str:
    """KaTeX HTML+MathML of one formula (cached: the book repeats many formulas)."""
    result = json.loads(_engine(katex_js).call("bpRender", tex, display))
    if "error" in result:
        raise PluginError(f"KaTeX cannot typeset {tex!r}: {result['error']}")
    for warning in result["warnings"]:
        log.warning("KaTeX, in %r: %s", tex, warning)
    out = searchable_once(str(result["html"]))
    if display:  # a wide formula scrolls sideways: focusable, so the keyboard can scroll it
        out = out.replace(
            '<span class="katex-display">', '<span class="katex-display" tabindex="0">', 1
        )
    return out


def searchable_once(katex_html: str) -> str:
    """KaTeX output of which only the drawing goes into the site's search index.

    KaTeX writes each formula three times: the HTML drawing, MathML for screen readers,
    and the TeX source as a MathML annotation. Material's search plugin skips an element
    marked ``data-search-exclude``, so the index (which every page fetches) gets a formula
    once, as the drawing's text. (The MathML would read better, but the plugin ends an
    exclusion at the first closing tag of the same name, and the drawing is nested spans.)
    """
    return katex_html.replace(
        '<span class="katex-mathml">', '<span class="katex-mathml" data-search-exclude>', 1
    )


def _strip_delimiters(tex: str) -> tuple[str, bool]:
    tex = html.unescape(tex).strip()
    for left, right, display in (("\\(", "\\)", False), ("\\[", "\\]", True)):
        if tex.startswith(left) and tex.endswith(right):
            return tex[len(left) : -len(right)].strip(), display
    raise PluginError(f"arithmatex output without \\( \\) or \\[ \\] delimiters: {tex[:80]!r}")


def typeset_arithmatex(content: str, katex_js: Path) -> str:
    """Replace the TeX inside arithmatex's spans and divs by KaTeX output."""

    def one(match: re.Match[str]) -> str:
        tex, display = _strip_delimiters(match["tex"])
        tag = match["tag"]
        return f'<{tag} class="arithmatex">{render(katex_js, tex, display)}</{tag}>'

    return _ARITHMATEX.sub(one, content)


def _typeset_dollars(text: str, katex_js: Path) -> str:
    def inline(match: re.Match[str]) -> str:
        return render(katex_js, html.unescape(match["tex"]).strip(), False)

    # $$ first, and never let the inline pass see the HTML the display pass produced.
    parts = _NB_DISPLAY.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _NB_INLINE.sub(inline, parts[i])
    for i in range(1, len(parts), 2):
        parts[i] = render(katex_js, html.unescape(parts[i]).strip(), True)
    return "".join(parts)


def typeset_notebook_markdown(content: str, katex_js: Path) -> str:
    """Typeset ``$``/``$$`` math in the markdown cells of an nbconvert page."""

    def cell(match: re.Match[str]) -> str:
        body = match["body"]
        if "<div" in body:
            raise PluginError("a notebook markdown cell holds a <div>; cannot find its end")
        pieces = _NB_SKIP.split(body)
        for i in range(0, len(pieces), 2):  # even pieces: text between tags and code
            pieces[i] = _typeset_dollars(pieces[i], katex_js)
        return match["open"] + "".join(pieces) + match["close"]

    return _NB_MARKDOWN.sub(cell, content)


def has_math(content: str) -> bool:
    return 'class="katex"' in content


# Before the plugins (default priority 0): mkdocs-print-site-plugin copies each page's
# content for the combined print page of `make pdf`, and must copy it typeset.
@event_priority(50)
def on_page_content(html_: str, page: Any, config: Any, **kwargs: Any) -> str:
    katex_js = Path(config["docs_dir"]) / KATEX_DIR / "katex.min.js"
    out = typeset_arithmatex(html_, katex_js)
    if page.file.src_uri.endswith(".nb.py"):
        out = typeset_notebook_markdown(out, katex_js)
    if has_math(out):
        _math_pages.add(page.file.src_uri)
    else:
        _math_pages.discard(page.file.src_uri)
    return out


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    if page.file.src_uri not in _math_pages:
        return output
    href = get_relative_url(KATEX_CSS, page.url or ".")
    link = f'<link rel="stylesheet" href="{href}">'
    head_end = output.find("</head>")
    if head_end < 0:
        raise PluginError(f"{page.file.src_uri}: no </head> to add the KaTeX stylesheet to")
    return output[:head_end] + link + output[head_end:]


# After the plugins: mkdocs-print-site-plugin writes the combined print page of `make pdf`
# in its own on_post_build, without on_post_page; it gets the KaTeX stylesheet here.
@event_priority(-50)
def on_post_build(config: Any, **kwargs: Any) -> None:
    site = Path(config["site_dir"])
    for printed in (site / "print_page" / "index.html", site / "print_page.html"):
        if not printed.is_file():
            continue
        text = printed.read_text(encoding="utf-8")
        if not has_math(text) or KATEX_CSS in text:
            continue
        href = get_relative_url(KATEX_CSS, printed.relative_to(site).as_posix())
        head_end = text.find("</head>")
        if head_end < 0:
            raise PluginError(f"{printed}: no </head> to add the KaTeX stylesheet to")
        link = f'<link rel="stylesheet" href="{href}">'
        printed.write_text(text[:head_end] + link + text[head_end:], encoding="utf-8")

"""MkDocs hook: keep only the CSS a notebook chapter uses.

mkdocs-jupyter inlines all of JupyterLab's stylesheets (about 580 KB) into every notebook
page, for the whole JupyterLab UI; a chapter uses a few percent of it. This hook drops,
from each inlined ``<style>`` block, every rule whose selector names a class that no
element of the page has (the idea of PurgeCSS), and ``@font-face`` / ``@keyframes`` rules
nothing references. Rules without class names (element selectors, custom properties on
``.jupyter-wrapper``, attribute selectors) are kept, so the cut is conservative: a rule is
only removed if it cannot match this page's static HTML. Classes inside ``:not(...)`` do
not count, as such a selector can match without them.

``tinycss2`` parses the CSS (it is the CSS tokenizer nbconvert's sanitizer already uses)
so nested ``@media``/``@supports`` blocks and strings are handled as CSS, not by regex.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import tinycss2  # type: ignore[import-untyped]
from tinycss2.ast import (  # type: ignore[import-untyped]
    AtRule,
    Declaration,
    LiteralToken,
    QualifiedRule,
)

log = logging.getLogger("mkdocs.hooks.notebook_css")

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_NOT = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_DEFINED = re.compile(r"(?<![\w-])(--[\w-]+)\s*:")
_USED = re.compile(r"var\(\s*(--[\w-]+)")
_GROUPING = {"media", "supports", "layer", "container"}


def page_classes(page_html: str) -> set[str]:
    """Every class name an element of the page carries in the HTML."""
    return {name for match in _CLASS_ATTR.finditer(page_html) for name in match[2].split()}


def selector_can_match(selector: str, classes: set[str]) -> bool:
    """False only if every comma-separated part names a class the page lacks."""
    for part in selector.split(","):
        needed = _CLASS_IN_SELECTOR.findall(_NOT.sub("", part))
        if all(name in classes for name in needed):
            return True
    return False


def _purge(rules: list[Any], classes: set[str]) -> list[Any]:
    kept: list[Any] = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            if selector_can_match(tinycss2.serialize(rule.prelude), classes):
                kept.append(rule)
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in _GROUPING:
            if rule.content is None:
                continue
            inner = _purge(tinycss2.parse_rule_list(rule.content, True, True), classes)
            if inner:
                rule.content = inner
                kept.append(rule)
        elif isinstance(rule, AtRule):
            kept.append(rule)  # @font-face, @keyframes, @charset...: filtered below
    return kept


def _drop_unused_named(css: str) -> str:
    """Drop @font-face and @keyframes rules whose name the remaining CSS never uses."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    out = []
    for rule in rules:
        if isinstance(rule, AtRule) and rule.lower_at_keyword in {"keyframes", "font-face"}:
            text = tinycss2.serialize([rule])
            if rule.lower_at_keyword == "keyframes":
                name = tinycss2.serialize(rule.prelude).strip()
            else:
                found = re.search(r"font-family\s*:\s*([^;}]+)", text)
                name = found[1].strip().strip("\"'") if found else ""
            rest = css.replace(text, "")
            if not name or name not in rest:
                continue
        out.append(rule)
    return str(tinycss2.serialize(out))


def purge_css(css: str, classes: set[str]) -> str:
    """``css`` without the rules that cannot match an element with these classes."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _drop_unused_named(tinycss2.serialize(_purge(rules, classes)))


def _declarations(rule: QualifiedRule) -> list[Any]:
    return [
        d
        for d in tinycss2.parse_blocks_contents(rule.content, True, True)
        if isinstance(d, Declaration)
    ]


def _drop_properties(css: str, unused: set[str]) -> str:
    """``css`` without the declarations of the custom properties in ``unused``."""

    def walk(rules: list[Any]) -> list[Any]:
        out = []
        for rule in rules:
            if isinstance(rule, QualifiedRule):
                decls = [d for d in _declarations(rule) if d.name not in unused]
                if not decls:
                    continue
                rule.content = [tok for d in decls for tok in (d, LiteralToken(0, 0, ";"))]
            elif isinstance(rule, AtRule) and rule.lower_at_keyword in _GROUPING:
                inner = walk(tinycss2.parse_rule_list(rule.content or [], True, True))
                if not inner:
                    continue
                rule.content = inner
            out.append(rule)
        return out

    return str(tinycss2.serialize(walk(tinycss2.parse_stylesheet(css, True, True))))


def drop_unused_custom_properties(blocks: list[str], page_html: str) -> list[str]:
    """Remove ``--name: ...`` declarations that no ``var(--name)`` uses, until none is left.

    The references are looked for in all the blocks together and in the page's HTML
    (inline ``style`` attributes), so a property one block defines and another uses stays.
    """
    while True:
        text = "\n".join(blocks)
        defined = set(_DEFINED.findall(text))
        used = set(_USED.findall(text)) | set(_USED.findall(page_html))
        unused = defined - used
        if not unused:
            return blocks
        blocks = [_drop_properties(css, unused) for css in blocks]


def purge_page_styles(page_html: str) -> str:
    """The page with its JupyterLab ``<style>`` blocks cut to the rules it can use."""
    classes = page_classes(page_html)
    matches = [m for m in _STYLE.finditer(page_html) if ".jupyter-wrapper" in m[2]]
    blocks = [purge_css(m[2], classes) for m in matches]
    cuts = [0, *(i for m in matches for i in (m.start(2), m.end(2))), len(page_html)]
    outside = "".join(page_html[a:b] for a, b in zip(cuts[::2], cuts[1::2], strict=True))
    blocks = drop_unused_custom_properties(blocks, outside)
    out, last = [], 0
    for match, css in zip(matches, blocks, strict=True):
        out += [page_html[last : match.start(2)], css]
        last = match.end(2)
    return "".join([*out, page_html[last:]])


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    if not (hasattr(page, "nb_url") and page.file.src_uri.endswith(".nb.py")):
        return output
    purged = purge_page_styles(output)
    log.debug("%s: %d -> %d bytes", page.file.src_uri, len(output), len(purged))
    return purged

"""The speed hooks on small inputs: math typeset at build time, notebook CSS cut (issue 10),
focusable code blocks, mkdocstrings' stylesheet only where it is used (issue 21); and a
notebook cell's printed text in one block, whatever the kernel's timing."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
KATEX_JS = ROOT / "docs" / "assets" / "katex" / "katex.min.js"


def _hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


katex = _hook("katex_prerender")
notebook_css = _hook("notebook_css")
focusable_code = _hook("focusable_code")
api_styles = _hook("api_styles")
notebook_streams = _hook("notebook_streams")


def test_every_code_block_is_focusable_from_the_start() -> None:
    html = (
        '<div class="language-python highlight"><pre><span></span><code>x = 1</code></pre>'
        "</div><pre><code>plain</code></pre><p>inline <code>x</code></p>"
    )
    out = focusable_code.focusable_code_blocks(html)
    assert out.count('<code tabindex="0">') == 2
    assert "<p>inline <code>x</code></p>" in out, "inline code is not a scroll box"


def test_only_pages_with_api_output_keep_mkdocstrings_stylesheet() -> None:
    link = '<link rel="stylesheet" href="../assets/_mkdocstrings.css">'
    chapter = f"<head>{link}</head><body><p>A chapter.</p></body>"
    api = f'<head>{link}</head><body><div class="doc doc-object doc-module"></div></body>'
    assert link not in api_styles.without_unused_api_styles(chapter)
    assert api_styles.without_unused_api_styles(api) == api


def test_arithmatex_inline_and_display_become_katex_with_mathml() -> None:
    html = (
        '<p>a <span class="arithmatex">\\(w_{ij}\\)</span> b</p>'
        '<div class="arithmatex">\\[\n\\frac{\\partial L}{\\partial a_j} &lt; 1\n\\]</div>'
    )
    out = katex.typeset_arithmatex(html, KATEX_JS)
    assert out.count('class="katex"') == 2
    assert out.count('class="katex-display"') == 1
    assert "<math" in out and 'encoding="application/x-tex">w_{ij}</annotation>' in out
    assert "&lt; 1</annotation>" in out  # the TeX was unescaped before typesetting
    assert "\\(" not in out and "\\[" not in out
    # Search indexes each formula once: the MathML (with its TeX annotation) is excluded.
    assert out.count('<span class="katex-mathml" data-search-exclude>') == 2
    assert out.count("data-search-exclude") == 2


def test_notebook_markdown_dollars_typeset_but_not_code() -> None:
    cell = (
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" '
        'data-mime-type="text/markdown"><p>With $n$ examples, $$\\lceil n / b \\rceil$$ '
        "updates; <code>$HOME</code> costs $5 and $6.</p></div>"
    )
    out = katex.typeset_notebook_markdown(cell, KATEX_JS)
    assert out.count('class="katex"') == 2
    assert out.count('class="katex-display"') == 1
    assert "<code>$HOME</code>" in out


def test_bad_tex_fails_the_build() -> None:
    with pytest.raises(PluginError, match=r"KaTeX cannot typeset '\\\\frac\{'"):
        katex.typeset_arithmatex('<span class="arithmatex">\\(\\frac{\\)</span>', KATEX_JS)


def test_css_rules_for_classes_the_page_lacks_are_dropped() -> None:
    css = (
        ".jupyter-wrapper .jp-Cell{margin:0}"
        ".jupyter-wrapper .jp-Toolbar{color:red}"
        ".jupyter-wrapper .jp-Cell:not(.jp-mod-active) .jp-InputPrompt{opacity:.5}"
        "@media (max-width:760px){.jp-Toolbar{x:1}.jp-Cell{y:2}}"
        ".jupyter-wrapper pre{tab-size:4}"
    )
    out = notebook_css.purge_css(css, {"jupyter-wrapper", "jp-Cell", "jp-InputPrompt"})
    assert ".jp-Toolbar" not in out
    assert ".jp-Cell{margin:0}" in out.replace(" ", "")
    assert ":not(.jp-mod-active)" in out  # a class under :not() need not be present
    assert "@media" in out and "y:2" in out
    assert "tab-size:4" in out


def test_custom_properties_nothing_uses_are_dropped() -> None:
    blocks = [
        ".jupyter-wrapper{--used:1px;--chain:var(--used);--unused:url(data:x);}",
        ".jupyter-wrapper .jp-Cell{padding:var(--chain)}",
    ]
    out = notebook_css.drop_unused_custom_properties(blocks, '<div style="">')
    assert "--unused" not in out[0]
    assert "--used" in out[0] and "--chain" in out[0]


def _output(mime: str, text: str) -> str:
    return (
        '<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt">'
        f'</div>\n<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="{mime}" '
        f'tabindex="0">\n<pre>{text}</pre>\n</div>\n</div>\n'
    )


def test_a_cells_stdout_split_by_the_kernel_is_one_block_again() -> None:
    """The CI build where a flush fell between a table and its newline (stop 25)."""
    table = "layer  passed\n    2  yes"
    split = _output("text/plain", table) + _output("text/plain", "\n")
    merged = notebook_streams.merge_stdout_blocks(split)
    assert merged == _output("text/plain", table + "\n")
    three = _output("text/plain", "a\n") + _output("text/plain", "b\n") + _output("text/plain", "c")
    assert notebook_streams.merge_stdout_blocks(three) == _output("text/plain", "a\nb\nc")


def test_error_output_stays_its_own_block() -> None:
    stderr = "application/vnd.jupyter.stderr"
    html = _output("text/plain", "loss 0.25\n") + _output(stderr, "UserWarning: careful\n")
    assert notebook_streams.merge_stdout_blocks(html) == html

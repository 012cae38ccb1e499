"""bpbook.figures.tabs: a step-through as Material content tabs, light on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bpbook.figures import SVG, Step, steps_html, steps_markdown
from bpbook.figures.svg import one_line
from bpbook.figures.tabs import PENDING_CLASS
from tests.bpbook.figures.reading import lesson_steps


def test_steps_markdown_makes_one_content_tab_per_step() -> None:
    steps = lesson_steps()
    text = steps_markdown(steps)
    assert re.findall(r'^=== "Step (\d+)"$', text, re.M) == [str(n) for n in range(1, 12)]
    body = [line for line in text.splitlines() if line and not line.startswith("===")]
    assert all(line.startswith("    ") for line in body), "tab bodies are indented 4 spaces"
    svg_lines = [line for line in body if "<svg" in line]
    assert len(svg_lines) == 11 and all(line.strip().endswith("</svg>") for line in svg_lines)
    for step in steps:
        head, _, rest = step.caption.partition(": ")
        assert f"**{head}:** {rest}" in text


def test_steps_html_has_material_tabbed_structure() -> None:
    html = steps_html(lesson_steps(), id_prefix="t")
    assert html.startswith('<div class="tabbed-set tabbed-alternate" data-tabs="1:11">')
    assert html.count('name="t" type="radio"') == 11
    assert html.count("<label for=") == 11
    assert '<div class="tabbed-labels" tabindex="0">' in html
    assert html.count('<div class="tabbed-block">') == 11


class _Blocks(HTMLParser):
    """Per tab block: its live drawings, its template contents (raw), its caption."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.blocks: list[dict[str, list[str]]] = []
        self._template_start: int | None = None
        self._in: list[str] = []
        self.feed(html)

    def _offset(self) -> int:
        line, column = self.getpos()
        return sum(len(text) for text in self.html.splitlines(True)[: line - 1]) + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "tabbed-block" in classes:
            self.blocks.append({"live": [], "templates": [], "classes": [], "caption": []})
        if tag == "div" and "bp-step" in classes:
            self.blocks[-1]["classes"] = classes
        if tag == "template":
            self._template_start = self._offset() + len(self.get_starttag_text() or "")
        elif tag == "svg" and self._template_start is None:
            self.blocks[-1]["live"].append("svg")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag == "template" and self._template_start is not None:
            self.blocks[-1]["templates"].append(self.html[self._template_start : self._offset()])
            self._template_start = None

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] in ("p", "strong") and self._template_start is None:
            self.blocks[-1]["caption"].append(data)


def test_only_the_first_drawing_is_live_and_each_template_holds_its_steps_exact_svg() -> None:
    steps = lesson_steps(learning_rate=0.01)
    html = steps_html(steps, id_prefix="t")
    blocks = _Blocks(html).blocks
    assert len(blocks) == len(steps) == 12
    first, *rest = blocks
    assert first["live"] == ["svg"] and first["templates"] == []
    assert PENDING_CLASS not in first["classes"]
    assert html.count("<svg") == len(steps), "every step's drawing is in the HTML once"
    for step, block in zip(steps[1:], rest, strict=True):
        assert block["live"] == [], "a later step's drawing is not rendered at load"
        assert block["templates"] == [one_line(step.svg)], step.title
        assert PENDING_CLASS in block["classes"]
    # Every caption is outside the templates, so it shows without JavaScript.
    for step, block in zip(steps, blocks, strict=True):
        head, _, rest_of_caption = step.caption.partition(": ")
        assert "".join(block["caption"]).strip() == f"{head}: {rest_of_caption}"


def test_without_javascript_a_hidden_step_says_its_drawing_needs_it() -> None:
    html = steps_html(lesson_steps(), id_prefix="t")
    notes = re.findall(r"<noscript>(.*?)</noscript>", html)
    assert len(notes) == 10 and all("needs JavaScript" in note for note in notes)


def test_not_lazy_puts_every_drawing_in_the_page() -> None:
    steps = lesson_steps()
    html = steps_html(steps, id_prefix="t", lazy=False)
    assert "<template>" not in html and PENDING_CLASS not in html and "<noscript>" not in html
    for step in steps:
        assert f'<div class="bp-figure bp-step">{one_line(step.svg)}</div>' in html


def test_captions_are_escaped_and_a_caption_without_colon_gets_its_title() -> None:
    steps = [Step("First", "1 < 2 & 3 > 2", SVG("<svg></svg>")), Step("Two", "A: b", SVG("<svg/>"))]
    html = steps_html(steps, id_prefix="e")
    assert "<p><strong>First.</strong> 1 &lt; 2 &amp; 3 &gt; 2</p>" in html
    assert "<p><strong>A:</strong> b</p>" in html
    assert steps_html(steps).count('type="radio"') == 2

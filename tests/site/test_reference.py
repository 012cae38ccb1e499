"""The API reference renders the docstrings' code as code (issue 20 item 2).

mkdocstrings renders docstrings as Markdown. Code written outside backticks loses
characters there (``1*1 + 3*2 = 7`` reads "11 + 32 = 7", ``type(error).__name__``
reads "type(error).name" in bold), a ``>>>`` line outside an Examples section becomes a
quote, and a grouped parameter entry ("network, inputs, targets, learning_rate") gives
every name the first one's type. These tests read the docstrings with griffe (the parser
mkdocstrings uses) and compare them with the built reference pages:

* every code span and every ``>>>`` / ``...`` example line of a docstring is on its page,
  character for character;
* no docstring has a ``*``, ``__`` or ``_name_`` outside code, which Markdown would turn
  into emphasis;
* every parameter entry names one parameter, with the signature's default;
* every module the book or the docstrings name (``bpbook.loop``) has a reference page,
  and every public constant has a docstring.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import griffe
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"
_DIRECTIVE = re.compile(r"^::: (bpbook[\w.]*)\n((?:[ \t]+.*\n?|\n)*)", re.M)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_INDENTED_BLOCK = re.compile(r"(?<=\n\n)(?:(?: {4}|\t).*\n?)+")
_CODE_LIKE = re.compile(r"\w\*+\w|__\w+__|(?<![\w`])_\w+_(?![\w`])")
_EXAMPLE_LINE = re.compile(r"^\s*(>>>|\.\.\.)( .*)?$", re.M)


@cache
def package() -> griffe.Module:
    loaded = griffe.load("bpbook", search_paths=[str(ROOT)], docstring_parser="numpy")
    assert isinstance(loaded, griffe.Module)
    return loaded


def _directives() -> list[tuple[str, str, list[str] | bool | None]]:
    """(page, object path, members option) of every ``:::`` in docs/reference/."""
    found = []
    for page in sorted(REFERENCE.glob("*.md")):
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            options = yaml.safe_load(match[2]) if match[2].strip() else None
            members = (options or {}).get("options", {}).get("members")
            found.append((page.stem, match[1], members))
    return found


def _public(obj: Any) -> Iterator[Any]:
    """``obj`` and its public members that mkdocstrings shows (not imported, not _private)."""
    yield obj
    for name, member in obj.members.items():
        if member.is_alias or name.startswith("_"):
            continue
        if member.is_module:
            continue  # a submodule has its own ::: entry
        yield from _public(member)


def documented() -> list[tuple[str, Any]]:
    """(page, griffe object) of everything the reference pages render."""
    out = []
    for page, path, members in _directives():
        obj = package()[path.removeprefix("bpbook.")] if path != "bpbook" else package()
        out.append((page, obj))
        if members is False:
            continue
        for name, member in obj.members.items():
            if member.is_alias or name.startswith("_") or member.is_module:
                continue
            if isinstance(members, list) and name not in members:
                continue
            out.extend((page, m) for m in _public(member))
    return out


def _docstring(obj: Any) -> str:
    return obj.docstring.value if obj.docstring else ""


def code_spans(text: str) -> list[str]:
    """The code spans of a docstring (double or single backticks), outside examples."""
    text = _EXAMPLE_LINE.sub("", text)
    return [" ".join(m[2].split()) for m in _CODE_SPAN.finditer(text)]


def example_lines(text: str) -> list[str]:
    # griffe drops doctest flags (trim_doctest_flags), so the page has the line without.
    lines = (re.sub(r"\s*# doctest:.*$", "", m[0]) for m in _EXAMPLE_LINE.finditer(text))
    return [" ".join(line.split()) for line in lines]


def bare_markup(text: str) -> list[str]:
    """Words outside code spans and examples that Markdown would read as emphasis."""
    prose = _CODE_SPAN.sub(" ", _EXAMPLE_LINE.sub("", text))
    prose = re.sub(r"(?m)^\s*[*-] ", " ", prose)  # bullet markers
    # Emphasis is meant when * wraps words (*epoch*, **bold**); code is a * between
    # two characters (1*1), a * on its own (a * b) or a dunder (type(e).__name__).
    return [w for w in prose.split() if _CODE_LIKE.search(w) or w.strip("*") == ""]


def test_the_helpers_find_code_examples_and_bare_markup() -> None:
    doc = "Prediction 1*1 + 3*2 = 7, ``type(error).__name__``.\n\n>>> f(1)\n2\n* a bullet"
    assert code_spans(doc) == ["type(error).__name__"]
    assert example_lines(doc) == [">>> f(1)"]
    assert bare_markup(doc) == ["1*1", "3*2"]
    assert bare_markup("See `a*b` and type(e).__name__.") == ["type(e).__name__."]
    assert bare_markup("An *epoch* is **one** pass; 2 * 3.") == ["*"]
    assert bare_markup("the _private_ name, loss_per_update") == ["_private_"]


def test_the_reference_documents_many_objects() -> None:
    objects = documented()
    assert len(objects) > 80
    assert sum(len(code_spans(_docstring(o))) for _, o in objects) > 150


def _prose_parts(obj: Any) -> Iterator[str]:
    """The Markdown prose of a docstring: text sections without their indented code
    blocks, and the descriptions of parameters, returns, attributes and so on."""
    if obj.docstring is None:
        return
    for section in obj.docstring.parse("numpy"):
        kind = section.kind.value
        if kind == "examples":
            continue
        if kind == "text":
            yield _INDENTED_BLOCK.sub("\n", "\n" + section.value)
        elif isinstance(section.value, list):
            yield from (getattr(item, "description", "") or "" for item in section.value)


@pytest.mark.parametrize("page", sorted({p for p, _, _ in _directives()}))
def test_no_docstring_code_outside_backticks(page: str) -> None:
    bad = {
        o.path: words
        for p, o in documented()
        if p == page and (words := [w for part in _prose_parts(o) for w in bare_markup(part)])
    }
    assert not bad, f"reference/{page}: put this code in backticks: {bad}"


def _rendered(site: Path, page: str) -> tuple[str, set[str]]:
    """The text of a built reference page and the texts of its <code> elements."""
    text = (site / "reference" / page / "index.html").read_text(encoding="utf-8")
    main = text[text.find("<article") : text.rfind("</article>")]
    codes = {
        " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", c)).split())
        for c in re.findall(r"<code[^>]*>(.*?)</code>", main, re.S)
    }
    plain = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", main)).split())
    return plain, codes


@pytest.mark.parametrize("page", sorted({p for p, _, _ in _directives()}))
def test_rendered_pages_keep_every_code_span_and_example_line(built_site: Path, page: str) -> None:
    plain, codes = _rendered(built_site, page)
    lost_spans, lost_lines = [], []
    for p, obj in documented():
        if p != page:
            continue
        doc = _docstring(obj)
        lost_spans += [(obj.path, s) for s in code_spans(doc) if s not in codes and s not in plain]
        lost_lines += [(obj.path, line) for line in example_lines(doc) if line not in plain]
    assert not lost_spans, f"reference/{page}: code spans not rendered as written: {lost_spans}"
    assert not lost_lines, f"reference/{page}: example lines not rendered as written: {lost_lines}"


def _parameter_sections(obj: Any) -> Iterator[Any]:
    if obj.docstring is None:
        return
    for section in obj.docstring.parse("numpy"):
        if section.kind.value in ("parameters", "other parameters"):
            yield from section.value


_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}\n(.*?)(?=^\w[\w ]*\n-{3,}\n|\Z)", re.M | re.S)
_GROUPED = re.compile(r"^\w+(?:\s*,\s*\w+)+(?:\s*:.*)?$", re.M)


def grouped_entries(doc: str) -> list[str]:
    """Entries of the Parameters sections that name several parameters at once."""
    return [
        m[0]
        for name, body in _SECTION.findall(doc)
        if name in ("Parameters", "Other Parameters")
        for m in _GROUPED.finditer(body)
    ]


def test_grouped_entries_are_found() -> None:
    doc = "Run.\n\nParameters\n----------\nnetwork, inputs\n    As for x.\nrate : float\n"
    assert grouped_entries(doc) == ["network, inputs"]
    assert grouped_entries("Parameters\n----------\nrate : float\n    1, 2 or 3.\n") == []


def _same_default(documented: str, actual: str) -> bool:
    """``1e-9`` is ``1e-09``; ```DIVERGE_FACTOR` (1e6)`` is ``DIVERGE_FACTOR``."""
    documented = re.sub(r"(?<=\S)\s+\(.*\)$", "", documented).strip("`")
    try:
        return float(documented) == float(actual)
    except ValueError:
        return documented.strip("'\"") == actual.strip("'\"")


def test_every_parameter_entry_names_one_parameter_with_its_default() -> None:
    grouped, wrong_default, tuples = [], [], []
    for _, obj in documented():
        if not obj.is_function or obj.docstring is None:
            continue
        grouped += [(obj.path, entry) for entry in grouped_entries(obj.docstring.value)]
        signature = {p.name: p for p in obj.parameters}
        for entry in _parameter_sections(obj):
            if str(entry.annotation).startswith("("):
                tuples.append((obj.path, entry.name, str(entry.annotation)))
            # The type and default columns are shown as written, not as Markdown.
            for field in (str(entry.annotation or ""), str(entry.default or "")):
                if "`" in field:
                    tuples.append((obj.path, entry.name, field))
            given = signature.get(entry.name)
            if given is None or entry.default is None:
                continue
            if not _same_default(str(entry.default), str(given.default)):
                wrong_default.append((obj.path, entry.name, str(entry.default), str(given.default)))
    assert not grouped, f"one parameter per entry, not grouped: {grouped}"
    assert not wrong_default, f"documented defaults differ from the signature: {wrong_default}"
    assert not tuples, (
        f"types read as tuples ('int or None', not 'None, int') or with backticks: {tuples}"
    )


def _nav_pages() -> set[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return set(re.findall(r"reference/(\w+)\.md", text))


def test_every_module_the_docs_name_has_a_reference_page() -> None:
    """A module named in the book or a docstring (``bpbook.loop``) has a page in the nav."""
    named: set[str] = set()
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "bpbook").rglob("*.py")]
    for text in texts:
        named.update(re.findall(r"bpbook\.(\w+)", text))
    modules = {name for name, m in package().members.items() if m.is_module and name in named}
    on_pages = {path.split(".")[1] for _, path, _ in _directives() if path.count(".") >= 1}
    missing = sorted(m for m in modules if m not in on_pages)
    assert not missing, f"modules the docs name without a reference page: {missing}"
    for page, _, _ in _directives():
        assert page in _nav_pages(), f"reference/{page}.md is not in the nav"


def test_every_public_constant_has_a_docstring() -> None:
    missing = [
        obj.path
        for _, obj in documented()
        if obj.is_attribute
        and not obj.name.startswith("_")
        and not obj.docstring
        and obj.parent is not None
        and obj.parent.is_module
    ]
    assert not missing, f"public constants without a docstring: {missing}"

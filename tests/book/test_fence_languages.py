"""Every code fence of the book names a known language, and python fences known options.

A misspelled language (```pyhton) is rendered as plain code and silently not run by
pytest-markdown-docs nor executed by markdown-exec; a misspelled option
(```python exce="on") is silently ignored. This test reads the sources themselves:
docs/**/*.md, README.md and the markdown cells of the notebook chapters docs/**/*.nb.py,
and fails with ``file:line`` and the offending word for:

* a fence without a language or with one outside ``ALLOWED_LANGUAGES``;
* a python fence spelled ``py``/``python3`` (markdown-exec only runs ``python``);
* a python fence with an option that neither pytest-markdown-docs, markdown-exec nor
  the highlighter knows, or a known option with a value it does not accept;
* an ``exec=...`` option on a fence that is not python (only python is executed).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]

# Languages the book may use. Add one here (deliberately) when a chapter needs it.
ALLOWED_LANGUAGES = frozenset(
    {
        "python",
        "pycon",
        "text",
        "console",
        "bash",
        "sh",
        "toml",
        "yaml",
        "json",
        "html",
        "markdown",
    }
)
# Spellings that other tools accept but that markdown-exec (configured with
# `languages: [python]`) does not execute: the book writes ```python only.
PYTHON_ALIASES = frozenset({"py", "python3"})

# pytest-markdown-docs: bare words and prefixed words.
TEST_FLAGS = frozenset({"notest", "continuation"})
TEST_PREFIXES = ("fixture:", "runner:", "retry:")
# markdown-exec (markdown_exec validator) and pymdownx.highlight key="value" options;
# None: any value.
_BOOL = frozenset({"on", "off", "yes", "no", "true", "false", "1", "0"})
VALUED_OPTIONS: dict[str, frozenset[str] | None] = {
    "exec": _BOOL,
    "html": _BOOL,
    "updatetoc": _BOOL,
    "source": frozenset({"above", "below", "block", "tabbed-left", "tabbed-right", "console"}),
    "result": ALLOWED_LANGUAGES,
    "session": None,
    "id": None,
    "idprefix": None,
    "returncode": None,
    "tabs": None,
    "workdir": None,
    "width": None,
    "title": None,
    "linenums": None,
    "hl_lines": None,
}

_FENCE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    """An opening code fence: where it is and its info string."""

    path: str
    line: int
    info: str


def find_fences(text: str, path: str, first_line: int = 1) -> list[Fence]:
    """Opening fences of a Markdown text, at any indentation (admonitions, tabs, lists).

    Fences inside another fence (e.g. a ````markdown example) are content, not fences.
    """
    fences: list[Fence] = []
    open_fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=first_line):
        m = _FENCE.match(line)
        if open_fence is not None:
            if (
                m
                and m["fence"][0] == open_fence[0]
                and len(m["fence"]) >= len(open_fence)
                and not m["info"].strip()
            ):
                open_fence = None
            continue
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            continue  # no fence, or inline code such as ``` `x` ```
        open_fence = m["fence"]
        fences.append(Fence(path, number, m["info"].strip()))
    return fences


def _split_info(info: str) -> tuple[str, list[str]]:
    """Language and option words of an info string (plain or ``{.lang opt}`` form)."""
    if info.startswith("{") and info.endswith("}"):
        words = shlex.split(info[1:-1])
        first_dotted = next((w for w in words if w.startswith(".")), None)
        if first_dotted is None:
            return "", words
        words.remove(first_dotted)
        return first_dotted[1:], words
    words = shlex.split(info)
    return (words[0], words[1:]) if words else ("", [])


def _option_problem(word: str) -> str | None:
    if word in TEST_FLAGS or word.startswith(TEST_PREFIXES):
        return None
    key, sep, value = word.partition("=")
    if not sep:
        return f"unknown python fence option {word!r}"
    if key not in VALUED_OPTIONS:
        return f"unknown python fence option {key!r} (in {word!r})"
    allowed = VALUED_OPTIONS[key]
    if allowed is not None and value not in allowed:
        return f"python fence option {key}={value!r} not one of {sorted(allowed)}"
    return None


def fence_problems(fence: Fence) -> list[str]:
    """Messages (``file:line: ...``) for one fence; empty when it is fine."""
    where = f"{fence.path}:{fence.line}"
    try:
        lang, options = _split_info(fence.info)
    except ValueError as exc:  # unbalanced quotes
        return [f"{where}: unreadable fence info {fence.info!r} ({exc})"]
    if not lang:
        return [f"{where}: fence without a language (write ```text for plain text)"]
    if lang in PYTHON_ALIASES:
        return [f"{where}: fence language {lang!r}: write ```python (only it is executed)"]
    if lang not in ALLOWED_LANGUAGES:
        return [
            f"{where}: unknown fence language {lang!r} "
            f"(allowed: {', '.join(sorted(ALLOWED_LANGUAGES))})"
        ]
    if lang != "python":
        if any(w.partition("=")[0] == "exec" for w in options):
            return [f"{where}: exec= on a {lang!r} fence: only python fences are executed"]
        return []
    return [f"{where}: {p}" for w in options if (p := _option_problem(w)) is not None]


_CELL = re.compile(r"^# %%(?P<rest>.*)$")


def notebook_markdown_cells(path: Path) -> list[tuple[int, str]]:
    """(first line of the text, text) of each markdown cell of a Jupytext percent file.

    The text is the cell with its ``# `` comment prefixes removed, so line numbers
    map one to one onto the file. Cross-checked against jupytext's own reading.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    cells: list[tuple[int, str]] = []
    start: int | None = None
    body: list[str] = []

    def close() -> None:
        if start is not None:
            while body and not body[-1].strip():
                body.pop()
            cells.append((start, "\n".join(body)))

    for number, line in enumerate(lines, start=1):
        m = _CELL.match(line)
        if m:
            close()
            start, body = (number + 1, []) if "[markdown]" in m["rest"] else (None, [])
        elif start is not None:
            body.append(re.sub(r"^# ?", "", line))
    close()
    return cells


def book_sources() -> list[Path]:
    files = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.nb.py"))
    return [*files, ROOT / "README.md"]


def source_fences(path: Path) -> list[Fence]:
    rel = path.relative_to(ROOT).as_posix()
    if path.name.endswith(".nb.py"):
        cells = notebook_markdown_cells(path)
        by_jupytext = [
            c.source.rstrip() for c in jupytext.read(path).cells if c.cell_type == "markdown"
        ]
        assert [text.rstrip() for _, text in cells] == by_jupytext, (
            f"{rel}: markdown cells read here differ from jupytext's reading; "
            "update notebook_markdown_cells for the new cell format"
        )
        return [f for line, text in cells for f in find_fences(text, rel, line)]
    return find_fences(path.read_text(encoding="utf-8"), rel)


def test_every_fence_has_a_known_language_and_options() -> None:
    fences = [f for path in book_sources() for f in source_fences(path)]
    assert len(fences) >= 60, f"only {len(fences)} fences found: is the scanner broken?"
    problems = [p for fence in fences for p in fence_problems(fence)]
    assert not problems, "code fences the book cannot run or render as meant:\n" + "\n".join(
        problems
    )


def test_notebook_markdown_cells_are_read() -> None:
    notebooks = sorted((ROOT / "docs").rglob("*.nb.py"))
    assert notebooks, "no notebook chapter found"
    for path in notebooks:
        assert notebook_markdown_cells(path), path


SAMPLE = """# Sample

```pyhton
x = 1
```

!!! note

    ```python exce="on"
    print(1)
    ```

```python exec="of" source="above" notest retry:2
```

````markdown
```nonsense
inside an example block: content, not a fence
```
````

```
bare
```

```py
y = 2
```

```bash exec="on"
ls
```

```{.python continuation title="t"}
z = 3
```

```text
fine
```
"""


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        (3, "sample.md:3: unknown fence language 'pyhton'"),
        (9, "sample.md:9: unknown python fence option 'exce' (in 'exce=on')"),
        (13, "sample.md:13: python fence option exec='of' not one of"),
        (22, "sample.md:22: fence without a language"),
        (26, "sample.md:26: fence language 'py': write ```python"),
        (30, "sample.md:30: exec= on a 'bash' fence"),
    ],
)
def test_checker_reports_file_line_and_word(line: int, needle: str) -> None:
    problems = [p for f in find_fences(SAMPLE, "sample.md") for p in fence_problems(f)]
    assert len(problems) == 6, problems
    assert any(p.startswith(needle) for p in problems), (needle, problems)
    assert sum(p.startswith(f"sample.md:{line}:") for p in problems) == 1


def test_notebook_cells_map_to_file_lines(tmp_path: Path) -> None:
    notebook = tmp_path / "x.nb.py"
    notebook.write_text(
        "# %% [markdown]\n# Title\n#\n# ```pyhton\n# 1\n# ```\n\n# %%\nx = 1\n",
        encoding="utf-8",
    )
    ((cell_line, text),) = notebook_markdown_cells(notebook)
    assert [c.source for c in jupytext.read(notebook).cells if c.cell_type == "markdown"] == [text]
    (fence,) = find_fences(text, "x.nb.py", cell_line)
    assert fence_problems(fence) == [
        "x.nb.py:4: unknown fence language 'pyhton' (allowed: "
        + ", ".join(sorted(ALLOWED_LANGUAGES))
        + ")"
    ]

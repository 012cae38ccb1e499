"""Every python fence of the book is run by `make test`.

An independent scanner counts the python fences in docs/**/*.md and README.md
(indented ones inside admonitions, ??? details, === tabs and lists too), and the tests
check, page by page, that pytest-markdown-docs (with the parser of the repo's
conftest.py) collects exactly the fences not marked ``notest``. The test ids name the
pages and the expected counts, e.g. ``test_page_fences_are_collected[docs/forward.md-8]``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON_LANGS = {"py", "python", "python3"}
_OPEN = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*)$")


def scan_fences(text: str) -> tuple[int, int]:
    """Return (python fences to run, python fences marked notest) in a Markdown text."""
    run = skipped = 0
    open_fence: str | None = None
    for line in text.splitlines():
        m = _OPEN.match(line)
        if open_fence is not None:
            if m and m["fence"][0] == open_fence[0] and len(m["fence"]) >= len(open_fence):
                if not m["info"].strip():
                    open_fence = None
            continue
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            continue
        open_fence = m["fence"]
        info = m["info"].strip()
        if info.startswith("{"):
            words = info.strip("{}").split()
            dotted = [w[1:] for w in words if w.startswith(".")]
            lang = dotted[0] if dotted else ""
        else:
            words = info.split()
            lang = words[0] if words else ""
        if lang in PYTHON_LANGS:
            if "notest" in words:
                skipped += 1
            else:
                run += 1
    return run, skipped


def book_markdown_files() -> list[Path]:
    files = sorted((ROOT / "docs").rglob("*.md"))
    readme = ROOT / "README.md"
    if readme.is_file():
        files.append(readme)
    return files


def collected_per_file(cwd: Path, args: list[str]) -> Counter[str]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--markdown-docs",
            "--markdown-docs-syntax=superfences",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 5):  # 5: nothing collected
        pytest.fail(f"collection failed:\n{proc.stdout}\n{proc.stderr}")
    counts: Counter[str] = Counter()
    for line in proc.stdout.splitlines():
        if "::" in line and "[CodeFence#" in line:
            path = line.split("::", 1)[0]
            if path.endswith(".md"):
                counts[Path(path).as_posix()] += 1
    return counts


SAMPLE = """# Sample

```python
x = 1
```

!!! note "Inside an admonition"

    ```python continuation
    assert x == 1
    ```

??? tip "Collapsed"
    Text.

    ```python
    y = 2
    ```

???+ example

    === "Tab A"

        ```python
        z = 3
        ```

    === "Tab B"

        ```python notest
        raise SystemExit("not run")
        ```

```python exec="on" source="above" session="s"
a = 40
print(a)
```

```{.python notest}
raise SystemExit
```

````markdown
```python
this is an example of Markdown, not code
```
````

Heading
===

1. A list item

    ```py
    w = 5
    ```
"""


def test_scanner_counts_sample() -> None:
    assert scan_fences(SAMPLE) == (6, 2)


def test_nested_fences_are_collected_and_run(tmp_path: Path) -> None:
    """The repo's conftest parser sees fences in admonitions, details, tabs and lists.

    One pytest run over the sample: each of its 6 fences is collected and passes.
    """
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "sample.md").write_text(SAMPLE, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rA",  # one "PASSED <test id>" line per test in the short summary
            "-p",
            "no:cacheprovider",
            "--markdown-docs",
            "--markdown-docs-syntax=superfences",
            "sample.md",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    passed = [line for line in proc.stdout.splitlines() if line.startswith("PASSED sample.md::")]
    assert len(passed) == 6, proc.stdout
    assert re.search(r"\b6 passed\b", proc.stdout), proc.stdout


def expected_per_file() -> dict[str, int]:
    """Python fences to run, per Markdown file of the book that has any (the scanner's count)."""
    expected: dict[str, int] = {}
    for f in book_markdown_files():
        run, _skipped = scan_fences(f.read_text(encoding="utf-8"))
        if run:
            expected[f.relative_to(ROOT).as_posix()] = run
    return expected


@pytest.fixture(scope="module")
def collected() -> Counter[str]:
    """What pytest-markdown-docs collects from the book, per file (one collection run)."""
    args = [f.relative_to(ROOT).as_posix() for f in book_markdown_files()]
    return collected_per_file(ROOT, args)


@pytest.mark.parametrize(("page", "fences"), sorted(expected_per_file().items()))
def test_page_fences_are_collected(collected: Counter[str], page: str, fences: int) -> None:
    assert collected[page] == fences, (
        f"{page}: the scanner finds {fences} python fences to run, pytest-markdown-docs "
        f"collects {collected[page]}; mark fences that must not run with `notest`"
    )


def test_every_book_fence_is_collected(collected: Counter[str]) -> None:
    expected = expected_per_file()
    assert dict(collected) == expected, (
        "python fences found by the scanner (expected) differ from those collected by "
        "pytest-markdown-docs; mark fences that must not run with `notest`"
    )

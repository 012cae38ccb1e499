"""One install line, the same wherever the book says how to install bpbook (issue 20 item 9).

Pages write ``@install@``; hooks/install_line.py fills it in from ``extra.repository``:
``pip install "bpbook[plot] @ git+<repository>"`` on the hosted book (no clone needed),
``pip install -e ".[plot]"`` with a sentence saying to run it in the clone on a local
build, which has no repository address. No page types a bpbook install line by hand.
"""

from __future__ import annotations

import html as html_lib
import importlib.util
import os
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "install_line", ROOT / "hooks" / "install_line.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _hook()
COMMAND_MARK, WHERE_MARK = hook.COMMAND_MARK, hook.WHERE_MARK
fill, install_command = hook.fill, hook.install_command
REPOSITORY = "https://github.com/someone/bpbook"


def _sources() -> list[Path]:
    docs = ROOT / "docs"
    return sorted([*docs.rglob("*.md"), *docs.rglob("*.nb.py"), *(ROOT / "bpbook").rglob("*.py")])


def test_the_hosted_line_installs_from_the_repository_without_a_clone() -> None:
    assert install_command(REPOSITORY) == f'pip install "bpbook[plot] @ git+{REPOSITORY}"'
    assert install_command(REPOSITORY + "/") == install_command(REPOSITORY)
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    hosted = fill(page, REPOSITORY)
    assert f'pip install "bpbook[plot] @ git+{REPOSITORY}"' in hosted
    assert "you need no copy of it" in hosted
    assert COMMAND_MARK not in hosted and WHERE_MARK not in hosted


def test_a_local_build_says_to_install_from_the_clone() -> None:
    local = fill((ROOT / "docs" / "index.md").read_text(encoding="utf-8"), None)
    assert 'pip install -e ".[plot]"' in local
    assert "run it in the clone's folder" in local
    assert "REPO_URL" not in local and "without a repository address" not in local


def test_no_page_types_an_install_line_by_hand() -> None:
    by_hand = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"pip install\b(?!\s+(jupyterlab|matplotlib|torch|scikit-learn))", line):
                by_hand.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not by_hand, f"write {COMMAND_MARK} instead: {by_hand}"
    uses = [p.name for p in _sources() if COMMAND_MARK in p.read_text(encoding="utf-8")]
    assert {"index.md", "cookbook.md"} <= set(uses)


def test_the_built_pages_carry_the_line_and_no_mark(built_site: Path) -> None:
    start = (built_site / "index.html").read_text(encoding="utf-8")
    cookbook = (built_site / "cookbook" / "index.html").read_text(encoding="utf-8")
    # The site is built with REPO_URL as the address when given (the deploy workflow).
    line = install_command(os.environ.get("REPO_URL") or None)
    for page in (start, cookbook):
        assert line in html_lib.unescape(re.sub(r"<[^>]+>", "", page))
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert COMMAND_MARK not in text and WHERE_MARK not in text, html

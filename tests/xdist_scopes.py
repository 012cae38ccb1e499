"""Which tests share a pytest-xdist worker (``pytest -n auto --dist loadscope``).

pytest-xdist sends each *scope* whole to one worker. Its own ``loadscope`` takes a test's
module (or class) as its scope; this scheduler changes one thing: a browser test whose
parameters name a page of the site (``test_x[chromium-three-factor.md-light]``, or the
stem ``layer-back`` of ``test_chapter_has_figures``) has that page as its scope. So every
test of a page runs on the worker that loaded it, and each page is loaded once in the
whole run (the ``visit`` fixture caches a page's visit per worker); every other test runs
with the rest of its module, so a module's fixtures (the parsed PDF, the served site,
the collected fences) are made once.

The scope comes from the node id alone: the controller that schedules never collects.
(pytest-xdist's ``loadgroup`` marks, which would do the same, are lost with pytest 9.2:
pytest-xdist issue 1386.)
"""

from __future__ import annotations

from functools import cache

from xdist.scheduler import LoadScopeScheduling

from tests.site.pages import site_pages

BROWSER_TESTS = "tests/browser/"


class PageScopeScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """``loadscope`` with the browser tests of one page in one scope."""

    def _split_scope(self, nodeid: str) -> str:
        return scope_of(nodeid)


def scope_of(nodeid: str) -> str:
    """``page:<name>`` for a browser test of one page, else ``module:<path>``."""
    module = nodeid.split("::", 1)[0]
    if module.startswith(BROWSER_TESTS) and nodeid.endswith("]") and "[" in nodeid:
        tokens = "-" + nodeid[nodeid.index("[") + 1 : -1] + "-"
        named = [name for name in _page_tokens() if f"-{name}-" in tokens]
        if named:
            return "page:" + _page_tokens()[max(named, key=len)]
    return "module:" + module


@cache
def _page_tokens() -> dict[str, str]:
    """Every way a test id names a page (its source path, or its stem) -> the page."""
    tokens: dict[str, str] = {}
    for page in site_pages():
        tokens.setdefault(page.stem, page.name)
        tokens[page.name] = page.name
    return tokens

"""MkDocs hook: the one line that installs bpbook, written the same on every page.

A page writes ``@install@`` where the install command goes (in a fence or in inline
code) and ``@install-where@`` for the sentence that says where it installs from. Both
are filled in from ``extra.repository`` in mkdocs.yml (``REPO_URL``, which the deploy
workflow passes):

* a hosted book: ``pip install "bpbook[plot] @ git+<repository>"``, which needs no
  clone (pip fetches the repository and builds the wheel);
* a local build without a repository address: ``pip install -e ".[plot]"``, run in the
  clone the book was built from, and a sentence that says so.
"""

from __future__ import annotations

from typing import Any

COMMAND_MARK = "@install@"
WHERE_MARK = "@install-where@"
LOCAL_COMMAND = 'pip install -e ".[plot]"'


def install_command(repository: str | None) -> str:
    """The install line for a book built from ``repository`` (None: a local build).

    >>> install_command("https://github.com/someone/bpbook")
    'pip install "bpbook[plot] @ git+https://github.com/someone/bpbook"'
    >>> install_command(None)
    'pip install -e ".[plot]"'
    """
    if not repository:
        return LOCAL_COMMAND
    return f'pip install "bpbook[plot] @ git+{repository.rstrip("/")}"'


def install_where(repository: str | None) -> str:
    """The sentence that says where the line installs from."""
    if not repository:
        return (
            "This copy of the book was built from a clone of its repository, without the "
            "repository's address, so the line installs bpbook from that clone: run it in "
            "the clone's folder."
        )
    return (
        f"It installs straight from the book's repository, {repository.rstrip('/')}, "
        "so you need no copy of it: pip fetches it and builds bpbook."
    )


def fill(markdown: str, repository: str | None) -> str:
    """``markdown`` with both marks replaced."""
    return markdown.replace(COMMAND_MARK, install_command(repository)).replace(
        WHERE_MARK, install_where(repository)
    )


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    repository = (config.get("extra") or {}).get("repository")
    return fill(markdown, repository)

"""MkDocs hook: the PDF of the book (``make pdf``) ships with the site, if it was made.

``make pdf`` (tools/pdf/build.py) writes ``bpbook.pdf`` at the repository root. When it
exists, every build copies it to the site root, so the link on Start here
(``[bpbook.pdf](bpbook.pdf)``) works on the published site (the deploy workflow runs
``make pdf`` before ``make build``) and is checked like any other link. When it does
not, the build says so instead of linking to nothing: the link becomes plain text
saying how to make it. (A placeholder file would pretend to be the book.)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

PDF_NAME = "bpbook.pdf"
REPO_ROOT = Path(__file__).resolve().parents[1]
LINK = f"[{PDF_NAME}]({PDF_NAME})"
NOT_MADE = f"`{PDF_NAME}`, made by `make pdf` (this build of the site was made without it)"

log = logging.getLogger("mkdocs.hooks.book_pdf")


def _pdf() -> Path:
    return REPO_ROOT / PDF_NAME


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    if _pdf().is_file():
        files.append(
            File(
                PDF_NAME,
                src_dir=str(REPO_ROOT),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    else:
        log.info("%s not found (run `make pdf`): Start here says so instead of linking", PDF_NAME)
    return files


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if LINK in markdown and not _pdf().is_file():
        return markdown.replace(LINK, NOT_MADE)
    return markdown

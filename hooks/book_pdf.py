"""MkDocs hook: the PDF of the book, printed from the very build that publishes it.

With ``BPBOOK_PDF=true`` (``make site``, which ``make test`` and the deploy workflow run,
and ``make pdf``) one build writes the site *and* its PDF:

1. mkdocs-print-site-plugin adds the combined print page (``print_page/``) and puts its
   script and stylesheets on every page;
2. this hook takes those tags off every published page as it is written (they are for the
   print page only), and lists ``bpbook.pdf`` among the site's files, so the link on
   Start here (``[bpbook.pdf](bpbook.pdf)``) is checked like any other link;
3. after every other plugin and hook (the KaTeX stylesheet of the print page included), it
   prints the print page with Chromium (tools/pdf/build.py) into ``<site>/bpbook.pdf`` and
   takes the print page and the plugin's files out of the site. If printing fails, the
   build fails and no ``bpbook.pdf`` is left behind.

Without it (``make build``, ``make serve``), a ``bpbook.pdf`` that ``make pdf`` left at the
repository root ships with the site. With none, the build says so instead of linking to
nothing: the link becomes plain text saying how to make it. (A placeholder file would
pretend to be the book.)
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

PDF_NAME = "bpbook.pdf"
REPO_ROOT = Path(__file__).resolve().parents[1]
LINK = f"[{PDF_NAME}]({PDF_NAME})"
NOT_MADE = f"`{PDF_NAME}`, made by `make pdf` (this build of the site was made without it)"
# What mkdocs-print-site-plugin adds to the site besides the print page: its files, and
# the tags that load them on every page.
PRINT_PAGE_DIR = "print_page"
PLUGIN_FILES = ("css/print-site*.css", "js/print-site*.js")
# A tag with its line and the blank line after it (Material's loop over extra_css and
# extra_javascript), so that the page is the one a build without the plugin writes.
_PLUGIN_TAG = re.compile(
    r'[ \t]*(?:<link rel="stylesheet" href="[^"]*css/print-site[^"/]*\.css">'
    r'|<script\b[^>]*\bsrc="[^"]*js/print-site[^"/]*\.js"[^>]*>\s*</script>)(?:\n[ \t]*\n)?'
)

log = logging.getLogger("mkdocs.hooks.book_pdf")


def printing() -> bool:
    """This build prints the PDF (``BPBOOK_PDF=true``, as the print-site plugin reads it)."""
    return os.environ.get("BPBOOK_PDF", "").lower() in ("1", "true", "yes")


def _root_pdf() -> Path:
    return REPO_ROOT / PDF_NAME


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    if printing():
        # Written for real in on_post_build; listed now so the link to it is checked.
        files.append(File.generated(config, PDF_NAME, content=b""))
    elif _root_pdf().is_file():
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
    if LINK in markdown and not printing() and not _root_pdf().is_file():
        return markdown.replace(LINK, NOT_MADE)
    return markdown


def without_print_site_tags(html: str, where: str) -> str:
    """`html` without the print-site plugin's script and stylesheet tags."""
    out = _PLUGIN_TAG.sub("", html)
    if "print-site" in out:
        raise PluginError(f"{where}: a print-site tag this hook does not know is left in the page")
    return out


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    return without_print_site_tags(output, page.file.src_uri) if printing() else output


def on_post_template(output_content: str, template_name: str, config: Any, **kwargs: Any) -> str:
    if printing() and template_name.endswith(".html"):
        return without_print_site_tags(output_content, template_name)
    return output_content


# Last of all: the print-site plugin writes the print page in its own on_post_build, and
# hooks/katex_prerender.py (priority -50) gives it the KaTeX stylesheet after that.
@event_priority(-100)
def on_post_build(config: Any, **kwargs: Any) -> None:
    if not printing():
        return
    site = Path(config["site_dir"])
    pdf = site / PDF_NAME
    start = time.monotonic()
    try:
        done = _print(site, pdf)
    except Exception as exc:
        pdf.unlink(missing_ok=True)
        raise PluginError(f"{PDF_NAME} could not be printed: {exc}") from exc
    finally:
        shutil.rmtree(site / PRINT_PAGE_DIR, ignore_errors=True)
        for pattern in PLUGIN_FILES:
            for path in site.glob(pattern):
                path.unlink()
        for folder in {site / pattern.split("/")[0] for pattern in PLUGIN_FILES}:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    log.info(
        "printed %s: %d pages, %.1f MB, %d page references numbered, %d tabs shown, "
        "%d solutions at the end, in %.0f s",
        PDF_NAME,
        done["pages"],
        pdf.stat().st_size / 1e6,
        done["page_references"],
        done["tabs"],
        done["solutions"],
        time.monotonic() - start,
    )


def _print(site: Path, pdf: Path) -> dict[str, Any]:
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))  # tools/ is the repository's, not installed
    from tools.pdf.build import chromium_path, print_site

    return print_site(site, pdf, chromium_path())

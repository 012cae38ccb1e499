"""Print bpbook.pdf: the whole book, printed by Chromium from one combined page.

The PDF is printed by the site build itself: ``mkdocs build`` with ``BPBOOK_PDF=true``
(``make site``, ``make test``, the deploy workflow) writes the site and ``<site>/bpbook.pdf``
in one go, through hooks/book_pdf.py, which calls `print_site` here. ``make pdf``
(``python -m tools.pdf.build [--out bpbook.pdf]``) runs that build in a scratch directory
and keeps the PDF only. What happens:

1. mkdocs-print-site-plugin (turned on by ``BPBOOK_PDF=true``) adds ``print_page/``,
   every page of the nav on one page with the links between pages turned into links
   within it, a title page (tools/pdf/cover_page.tpl) and a table of contents.
   hooks/book_pdf.py keeps its script and styles off the published pages, and takes the
   print page out of the site once the book is printed.
2. The built site is served on 127.0.0.1 and the print page opened in Debian's Chromium
   through Playwright (requests to any other host are aborted). Once its math is typeset,
   tools/pdf/prepare.js rearranges the page for print (every step of the step-through,
   solutions at the end, ...) and tools/pdf/print.css lays it out on A4.
3. Chromium does not number the table of contents, so the book is printed twice: the
   first print's named destinations (Chromium names one per element id that a link
   points to) give the page of every entry, the numbers are written into the contents
   (and into the pointers to the solutions), and the book is printed again. The numbers
   take the room of the "000" placeholders
   of the first print, so nothing moves; the second print is checked the same way.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tools.site_server import serve

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
PRINT_PAGE = "print_page/"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
# Typeset math: the site's KaTeX marks <html data-bp-math="rendered">; a page whose math
# was typeset at build time has no .arithmatex left without KaTeX output.
MATH_READY = """() => document.documentElement.dataset.bpMath === "rendered" ||
  [...document.querySelectorAll(".arithmatex")].every((e) => e.querySelector(".katex"))"""
MAX_PRINTS = 3
COLUMN_PX = round((210 - 2 * 16) / 25.4 * 96)  # 673


class BookError(RuntimeError):
    """The PDF could not be built as promised (the message says why)."""


def chromium_path() -> str:
    """Debian's Chromium, or the browser named by ``$BPBOOK_CHROMIUM``."""
    chromium = os.environ.get("BPBOOK_CHROMIUM") or DEFAULT_CHROMIUM
    if not Path(chromium).is_file():
        raise BookError(
            f"no browser at {chromium} to print with (apt-get install chromium, "
            "or BPBOOK_CHROMIUM=/path/to/chromium)"
        )
    return chromium


def build_print_site(site_dir: Path) -> None:
    """The site and its PDF (``<site_dir>/bpbook.pdf``), built strictly into `site_dir`."""
    env = {**os.environ, "BPBOOK_PDF": "true", "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    proc = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0 or not (site_dir / "bpbook.pdf").is_file():
        raise BookError(f"the site and its PDF did not build:\n{proc.stdout}\n{proc.stderr}")


def print_site(site_dir: Path, out: Path, chromium: str) -> dict[str, Any]:
    """Print the print page of the site built in `site_dir` to `out` (hooks/book_pdf.py)."""
    site_url = published_address(site_dir)
    with serve(site_dir, urlsplit(site_url).path or "/") as base_url:
        return print_book(base_url, site_url, out, chromium)


def published_address(site_dir: Path) -> str:
    """The site's own address (site_url), from the first entry of its sitemap."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    loc = ET.parse(site_dir / "sitemap.xml").find("s:url/s:loc", ns)
    if loc is None or not loc.text:
        raise BookError(f"{site_dir}/sitemap.xml lists no page: is site_url set?")
    return loc.text.strip()


def toc_pages(pdf: bytes, targets: list[str]) -> dict[str, int]:
    """1-based page of each named destination in `targets` (ids without '#')."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    destinations = reader.named_destinations
    pages: dict[str, int] = {}
    missing = []
    for target in targets:
        dest = destinations.get("/" + target) or destinations.get(target)
        if dest is None:
            missing.append(target)
            continue
        number = reader.get_destination_page_number(dest)
        if number is None:
            missing.append(target)
            continue
        pages[target] = number + 1
    if missing:
        raise BookError(f"no destination in the PDF for contents entries {missing}")
    return pages


def _guard_requests(page: Any, base_url: str, problems: list[str]) -> None:
    """Abort requests to other hosts and record every failed local request."""

    def route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))


def _print(page: Any) -> bytes:
    pdf: bytes = page.pdf(print_background=True, prefer_css_page_size=True, outline=False)
    return pdf


def print_book(base_url: str, site_url: str, out: Path, chromium: str) -> dict[str, Any]:
    """Print the combined page to `out`, contents numbered; returns what was done."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(color_scheme="light")
            _guard_requests(page, base_url, problems)
            page.goto(base_url + PRINT_PAGE, wait_until="load", timeout=60_000)
            page.wait_for_function(MATH_READY, timeout=60_000)
            page.evaluate("document.fonts.ready")
            # Content kept out of the page until it is printed (the step-through's hidden
            # steps) is filled in on `beforeprint`: every step must hold its drawing.
            page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
            try:
                page.wait_for_function(_ALL_STEPS_DRAWN, timeout=15_000)
            except PlaywrightTimeout as exc:
                raise BookError(
                    "a step of a step-through has no drawing after beforeprint"
                ) from exc
            done = page.evaluate(
                (HERE / "prepare.js").read_text(encoding="utf-8"),
                {"siteUrl": site_url, "baseUrl": base_url},
            )
            page.add_style_tag(path=str(HERE / "print.css"))
            # The printed column: A4 less the margins of print.css (210 - 2 x 16 mm).
            page.set_viewport_size({"width": COLUMN_PX, "height": 1000})
            page.emulate_media(media="print")
            page.evaluate("document.fonts.ready")
            overflowing = page.evaluate(_OVERFLOWING)
            if overflowing:
                problems.append("wider than the page: " + "; ".join(overflowing))
            if problems:
                raise BookError("the print page is not ready to print:\n  " + "\n  ".join(problems))
            targets: list[str] = page.eval_on_selector_all(
                "[data-bp-page-of]", "es => [...new Set(es.map(e => e.dataset.bpPageOf))]"
            )
            if not page.query_selector("#print-page-toc [data-bp-page-of]"):
                raise BookError("the print page has no table of contents")
            pdf = _print(page)
            for _ in range(MAX_PRINTS - 1):
                numbers = toc_pages(pdf, targets)
                page.evaluate(_SET_NUMBERS, numbers)
                pdf = _print(page)
                if toc_pages(pdf, targets) == numbers:
                    break
            else:
                raise BookError(f"contents page numbers still moving after {MAX_PRINTS} prints")
        finally:
            browser.close()
    out.write_bytes(pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {**done, "page_references": len(targets), "pages": pages}


# Every tab of a content-tab set that holds figures (the step-through) holds one.
_ALL_STEPS_DRAWN = """() => [...document.querySelectorAll("#print-site-page .tabbed-set")]
  .filter((set) => set.querySelector("svg.bp-fig, template"))
  .every((set) => [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")]
    .every((block) => block.querySelector("svg.bp-fig")))"""
# Code, tables, math and figures wider than the printed column (they would be cut off).
_OVERFLOWING = """() => {
  const column = document.getElementById("print-site-page").getBoundingClientRect();
  const wide = [];
  for (const e of document.querySelectorAll(
      "#print-site-page :is(pre, table, .katex-display, svg.bp-fig, img)")) {
    const box = e.getBoundingClientRect();
    if (!box.width) continue;
    if (box.right > column.right + 1 || e.scrollWidth > e.clientWidth + 1) {
      const text = (e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
      const need = Math.max(box.right - column.left, e.scrollWidth);
      const sizes = `${Math.round(need)} px, column ${Math.round(column.width)} px`;
      wide.push(`${e.tagName.toLowerCase()} "${text}" (${sizes})`);
    }
  }
  return wide;
}"""
_SET_NUMBERS = """(numbers) => {
  for (const slot of document.querySelectorAll("[data-bp-page-of]")) {
    slot.textContent = numbers[slot.dataset.bpPageOf];
  }
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bpbook.pdf")
    parser.add_argument(
        "--keep-site", type=Path, default=None, help="build the site here and keep it"
    )
    args = parser.parse_args(argv)
    start = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="bpbook-pdf-"))
    site_dir = args.keep_site or scratch / "site"
    try:
        chromium_path()
        build_print_site(site_dir)
        shutil.copyfile(site_dir / "bpbook.pdf", args.out)
    except BookError as exc:
        print(f"make pdf: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    from pypdf import PdfReader

    pages = len(PdfReader(args.out).pages)
    size = args.out.stat().st_size
    print(
        f"wrote {args.out}: {pages} pages, {size / 1e6:.1f} MB "
        f"(site build and printing {time.monotonic() - start:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

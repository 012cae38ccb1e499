"""Lighthouse performance scores of every page of the built book, and of a plain Material page.

Runs the pinned Lighthouse (``tools/lighthouse``, installed with ``npm ci``) with Debian's
Chromium against the built site served on 127.0.0.1, ``--runs`` times per page and preset
(mobile, desktop), and prints the median score (and median largest contentful paint, total
blocking time and DOM size) per page as a Markdown table, with each page's difference to
the book-theme reference (below) measured in the same run, and a last line naming the page
furthest behind it and the pages that miss issue 21's rule: mobile within 5 points of the
reference, desktop >= 98, mobile largest contentful paint within 0.5 s of the reference.

The last two rows are references (measured first, before the book's pages), tiny
separate MkDocs projects built into a temporary directory by this script with the same
Material version, each one page holding the prose of the three-factor chapter without
math, figures or code:

* plain: Material's defaults with ``font: false`` (no palette, no features but instant
  navigation). Issue 10 asks that no book page be slower than this one.
* book theme: the ``theme``, ``extra_css`` and ``extra_javascript`` of the book's
  ``mkdocs.yml`` (palette with its light/dark toggle, code copy, ``overrides/``,
  ``extra.css``...). The gap between the two is what the book's theme costs before any
  chapter content; the gap between this row and a chapter is what the content costs.
  Each page is judged against this row, so it runs on mobile ``--runs`` times first and
  then once more after every four pages and after the last: over a run of 45 minutes the
  machine changes, and the reference meets it as the pages do. Its mobile row is the
  median of all those runs (their LCPs are printed), not of the first three alone.

This is a benchmark, never part of ``make test``: scores depend on the machine's load.

Run: ``make lighthouse`` (builds the site first), or
``python benchmarks/lighthouse.py --site site [--runs 3] [--only three-factor] [--gzip]
[--mobile-only] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
PRESETS = ("mobile", "desktop")
REFERENCE_PROSE = ROOT / "docs" / "three-factor.md"
REFERENCE_TITLE = "plain Material page, three-factor prose (no math, no figures)"
BOOK_THEME_TITLE = "the book's theme settings, same prose"
# The book-theme reference runs on mobile once more after every this many pages (and after
# the last), so that it meets the machine as the pages do over a run of 45 minutes; its
# mobile row is the median of all those runs.
REFERENCE_EVERY = 4


@dataclass(frozen=True)
class Run:
    """One Lighthouse run: the score out of 100 and the metrics the table shows."""

    score: float
    lcp_ms: float
    tbt_ms: float
    dom_nodes: float


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Compresses text responses, as GitHub Pages and most static hosts do."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in {".html", ".css", ".js", ".json", ".xml", ".svg"}
        if not (compressible and path.is_file()) or "gzip" not in self.headers.get(
            "Accept-Encoding", ""
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(
        _GzipHandler if compress else _QuietHandler, directory=str(directory)
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages_of(site: Path) -> list[tuple[str, str]]:
    """(title, path relative to the site root) of every page, in build order of paths."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        text = index.read_text(encoding="utf-8")
        match = re.search(r"<title>(.*?)</title>", text, re.S)
        title = html.unescape(match[1]).split(" - ")[0].strip() if match else rel
        pages.append((title, "" if rel == "." else rel + "/"))
    return pages


def reference_markdown(source: Path) -> str:
    """The chapter's prose: headings, paragraphs and lists; no fences, math or raw HTML."""
    out: list[str] = []
    in_fence = False
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or line.lstrip().startswith(("<", "$$", "!!!", "???", "===")):
            continue
        line = re.sub(r"\$[^$]+\$", "x", line)  # inline math -> a plain letter
        line = re.sub(r"\]\([^)]*\)", "]()", line)  # links -> empty targets
        line = re.sub(r"\[([^\]]*)\]\(\)", r"\1", line)
        out.append(line.removeprefix("    "))
    return "\n".join(out) + "\n"


def book_theme_settings(workdir: Path) -> dict[str, Any]:
    """The book's theme settings from its mkdocs.yml, with the files they name copied in."""
    import yaml  # PyYAML comes with MkDocs

    class Loader(yaml.SafeLoader):
        """Reads mkdocs.yml's ``!ENV`` values (site_url, extra.repository) as null."""

    Loader.add_constructor("!ENV", lambda _loader, _node: None)
    book = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    settings = {key: book[key] for key in ("theme", "extra_css", "extra_javascript")}
    if custom_dir := settings["theme"].get("custom_dir"):
        shutil.copytree(ROOT / custom_dir, workdir / custom_dir)
    docs = ROOT / book.get("docs_dir", "docs")
    for asset in settings["extra_css"] + settings["extra_javascript"]:
        (workdir / "docs" / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(docs / asset, workdir / "docs" / asset)
    return settings


def build_reference(workdir: Path, book_theme: bool = False) -> Path:
    """Build a reference page (plain Material, or the book's theme); return its site dir."""
    (workdir / "docs").mkdir(parents=True)
    (workdir / "docs" / "index.md").write_text(reference_markdown(REFERENCE_PROSE))
    plain = {"theme": {"name": "material", "font": False, "features": ["navigation.instant"]}}
    settings = book_theme_settings(workdir) if book_theme else plain
    config = {"site_name": "reference", **settings, "markdown_extensions": ["admonition", "toc"]}
    (workdir / "mkdocs.yml").write_text(json.dumps(config, indent=1))  # JSON is YAML
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--quiet", "--site-dir", str(workdir / "site")],
        cwd=workdir,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return workdir / "site"


def lighthouse(url: str, preset: str) -> Run:
    """One Lighthouse run of ``url`` with the given preset."""
    cmd = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--only-categories=performance",
        "--output=json",
        "--output-path=stdout",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    for _attempt in range(3):  # a loaded machine sometimes makes a run time out
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=300)
        report = json.loads(done.stdout)
        if report["categories"]["performance"]["score"] is not None:
            break
        print(f"  retrying {url} ({preset}): {report.get('runtimeError')}", file=sys.stderr)
    else:
        raise RuntimeError(f"Lighthouse could not score {url}: {report.get('runtimeError')}")
    audits = report["audits"]
    return Run(
        score=100 * report["categories"]["performance"]["score"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        dom_nodes=audits["dom-size"].get("numericValue", 0.0),
    )


def median_of(results: list[Run]) -> Run:
    """Median of each field over ``results``."""
    return Run(
        score=statistics.median(r.score for r in results),
        lcp_ms=statistics.median(r.lcp_ms for r in results),
        tbt_ms=statistics.median(r.tbt_ms for r in results),
        dom_nodes=statistics.median(r.dom_nodes for r in results),
    )


def median_run(url: str, preset: str, runs: int) -> Run:
    """Median of each field over ``runs`` Lighthouse runs."""
    return median_of([lighthouse(url, preset) for _ in range(runs)])


def measure(
    base: str,
    pages: list[tuple[str, str]],
    runs: int,
    presets: tuple[str, ...] = PRESETS,
    between: Callable[[], object] | None = None,
) -> dict[str, dict[str, Run]]:
    """Median runs of each page (title, path under ``base``) for each preset.

    ``between`` is called after every `REFERENCE_EVERY` pages (the reference, once more).
    """
    rows: dict[str, dict[str, Run]] = {}
    for done, (title, path) in enumerate(pages, start=1):
        rows[title] = {preset: median_run(base + path, preset, runs) for preset in presets}
        scores = ", ".join(f"{p} {r.score:.0f}" for p, r in rows[title].items())
        print(f"  {title}: {scores}", file=sys.stderr)
        if between is not None and done % REFERENCE_EVERY == 0:
            between()
    return rows


# Issue 21's rule, judged against the book-theme reference of the same run.
MOBILE_POINTS_BEHIND = 5  # mobile score at most this many points below the reference
DESKTOP_FLOOR = 98  # desktop score at least this
LCP_SECONDS_BEHIND = 0.5  # mobile largest contentful paint at most this much later


def gaps(run: dict[str, Run], reference: dict[str, Run]) -> tuple[float, float]:
    """Mobile points behind ``reference``, and seconds of mobile LCP later than it."""
    behind = reference["mobile"].score - run["mobile"].score
    later = (run["mobile"].lcp_ms - reference["mobile"].lcp_ms) / 1000
    return behind, later


def verdict(run: dict[str, Run], reference: dict[str, Run]) -> list[str]:
    """What keeps a page from issue 21's rule against ``reference``; empty if it meets it."""
    misses = []
    behind, later = gaps(run, reference)
    if behind > MOBILE_POINTS_BEHIND:
        misses.append(f"mobile {behind:.0f} points behind")
    if "desktop" in run and run["desktop"].score < DESKTOP_FLOOR:
        misses.append(f"desktop {run['desktop'].score:.0f} < {DESKTOP_FLOOR}")
    if later > LCP_SECONDS_BEHIND:
        misses.append(f"LCP {later:.1f} s later")
    return misses


def table(rows: dict[str, dict[str, Run]], reference: dict[str, Run] | None = None) -> str:
    """The medians as a Markdown table; with ``reference``, each page's difference to it."""
    presets = [p for p in PRESETS if all(p in by_preset for by_preset in rows.values())]
    head = ["page", *presets, "mobile LCP (s)", "mobile TBT (ms)", "DOM nodes"]
    if reference is not None:
        head[2:2] = ["mobile vs ref"]
        head += ["LCP vs ref (s)", "issue 21"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for title, by_preset in rows.items():
        m = by_preset["mobile"]
        cells = [title, *(f"{by_preset[p].score:.0f}" for p in presets)]
        cells += [f"{m.lcp_ms / 1000:.1f}", f"{m.tbt_ms:.0f}", f"{m.dom_nodes:.0f}"]
        if reference is not None:
            _, later = gaps(by_preset, reference)
            cells[2:2] = [f"{m.score - reference['mobile'].score:+.0f}"]
            cells += [f"{later:+.1f}", "; ".join(verdict(by_preset, reference)) or "meets"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(rows: dict[str, dict[str, Run]], reference: dict[str, Run]) -> str:
    """One line: the page furthest behind the reference on mobile, and how many miss the rule."""
    worst = min(rows, key=lambda title: rows[title]["mobile"].score)
    behind, _ = gaps(rows[worst], reference)
    missing = [title for title, run in rows.items() if verdict(run, reference)]
    return (
        f"Worst page: {worst}, mobile {rows[worst]['mobile'].score:.0f}, "
        f"{behind:.0f} points behind the book-theme reference "
        f"({reference['mobile'].score:.0f}); {len(missing)} of {len(rows)} pages miss issue 21's "
        f"rule (mobile within {MOBILE_POINTS_BEHIND} points, desktop >= {DESKTOP_FLOOR}, "
        f"LCP within {LCP_SECONDS_BEHIND} s)" + (": " + ", ".join(missing) if missing else ".")
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site directory")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset")
    parser.add_argument(
        "--only",
        default="",
        help="only pages whose path contains one of these (comma-separated; / is the home page)",
    )
    parser.add_argument(
        "--skip",
        default="",
        help="leave out pages whose path contains one of these (comma-separated)",
    )
    parser.add_argument("--no-reference", action="store_true", help="skip the reference pages")
    parser.add_argument(
        "--mobile-only", action="store_true", help="mobile preset only (a quicker look)"
    )
    parser.add_argument("--json", type=Path, help="also write the medians to this file")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="serve text gzip-compressed, like GitHub Pages (off: as the issue 10 baseline)",
    )
    return parser.parse_args()


def selected_pages(site: Path, only: str, skip: str) -> list[tuple[str, str]]:
    """The site's pages whose path matches ``only`` and not ``skip`` (comma-separated)."""
    wanted = only.split(",")
    unwanted = [s for s in skip.split(",") if s]
    return [
        p
        for p in pages_of(site)
        if any(p[1] == "" if o == "/" else o in p[1] for o in wanted)
        and not any(s in p[1] for s in unwanted)
    ]


def serve_references(servers: ExitStack, compress: bool) -> dict[str, str]:
    """Build both reference pages and serve them until ``servers`` closes: title -> URL."""
    bases = {}
    for title, book_theme in ((REFERENCE_TITLE, False), (BOOK_THEME_TITLE, True)):
        workdir = Path(servers.enter_context(tempfile.TemporaryDirectory()))
        bases[title] = servers.enter_context(serve(build_reference(workdir, book_theme), compress))
    return bases


def main() -> None:
    args = parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse not installed: run `npm ci --prefix {LIGHTHOUSE.parents[3]}`")
    if shutil.which("node") is None:
        sys.exit("node not found: Lighthouse needs Node.js (benchmark only)")
    if not (args.site / "index.html").exists():
        sys.exit(f"--site {args.site}: no index.html there; build the site first")
    presets = ("mobile",) if args.mobile_only else PRESETS
    pages = selected_pages(args.site, args.only, args.skip)
    references: dict[str, dict[str, Run]] = {}
    with ExitStack() as servers:
        book_theme_runs: list[Run] = []  # mobile, spread through the run
        between: Callable[[], None] | None = None  # the book-theme reference once more
        if not args.no_reference:  # measured first and between pages; the table lists them last
            bases = serve_references(servers, args.gzip)
            references |= measure(
                bases[REFERENCE_TITLE], [(REFERENCE_TITLE, "")], args.runs, presets
            )

            def book_theme_on_mobile() -> None:
                book_theme_runs.append(lighthouse(bases[BOOK_THEME_TITLE], "mobile"))

            between = book_theme_on_mobile
            for _ in range(args.runs):
                between()
            references[BOOK_THEME_TITLE] = {
                preset: median_run(bases[BOOK_THEME_TITLE], preset, args.runs)
                for preset in presets
                if preset != "mobile"
            }
        base = servers.enter_context(serve(args.site, args.gzip))
        rows = measure(base, pages, args.runs, presets, between)
        if between is not None:
            between()  # once more after the last page
            references[BOOK_THEME_TITLE]["mobile"] = median_of(book_theme_runs)
            lcps = sorted(f"{r.lcp_ms / 1000:.2f}" for r in book_theme_runs)
            print(
                f"  book-theme reference, mobile: median of {len(book_theme_runs)} runs spread "
                f"through the run (LCP {', '.join(lcps)} s)",
                file=sys.stderr,
            )
    reference = references.get(BOOK_THEME_TITLE)
    print(table(rows | references, reference))
    if reference is not None and rows:
        print()
        print(summary(rows, reference))
    if args.json:
        medians = {t: {p: vars(r) for p, r in v.items()} for t, v in (rows | references).items()}
        args.json.write_text(json.dumps(medians, indent=1))


if __name__ == "__main__":
    main()

"""Do two builds of the book hold the same pages? (MkDocs against ProperDocs.)

    python tools/compare_sites.py site site-properdocs

Checks that both directories have the same files, that every HTML page has the same
``<title>`` and the same main content (Material's ``<article>``), and that every other
file is identical. Differences that say nothing about the pages are normalised first:
the generator ``<meta>`` tag, the random cell ids jupytext gives a notebook at each
read (in the HTML and the downloadable ``.ipynb``), sitemap dates, gzip headers, and the
times measured at build time (``6.38 ms``, and a ratio right after a time: the Asides
table of finite differences against backprop times both, so it differs between any two
builds).
Prints a summary; exits 1 and lists the differences if there are any.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

_GENERATOR = re.compile(r'<meta name="generator"[^>]*>')
_CELL_ID = re.compile(r'id="cell-id=[0-9a-f-]+"')
_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
# A time in milliseconds, and a number right after one (the ratio column of a table).
# Spaces before are dropped too: a table right-aligns numbers of different widths.
_TIME = re.compile(r"[ \t]*\d+(?:\.\d+)? ms\b")
_AFTER_TIME = re.compile(r"(# ms)[ \t]+\d+")


def without_timings(text: str) -> str:
    """``text`` with measured times (and a ratio just after one) replaced by #.

    >>> without_timings("    16      336   61.52 ms   0.099 ms     623")
    '    16      336 # ms # ms #'
    """
    return _AFTER_TIME.sub(r"\1 #", _TIME.sub(" # ms", text))


def normalise_html(html: str) -> str:
    return without_timings(_CELL_ID.sub('id="cell-id=*"', _GENERATOR.sub("", html)))


def _without_cell_ids(notebook: Any) -> Any:
    for cell in notebook.get("cells", []):
        cell.pop("id", None)
    return notebook


def comparable_bytes(path: Path) -> bytes:
    """A non-HTML file's content with build-specific details removed."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)  # the gzip header holds a timestamp
    if path.name.startswith("sitemap.xml"):
        return _LASTMOD.sub("<lastmod/>", data.decode("utf-8")).encode()
    if path.name == "search_index.json":
        return without_timings(data.decode("utf-8")).encode()
    if path.suffix == ".ipynb":
        notebook = _without_cell_ids(json.loads(data))
        return json.dumps(notebook, sort_keys=True).encode()
    return data


def _first_difference(a: str, b: str, name: str) -> str:
    diff = difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"a/{name}", f"b/{name}", n=1, lineterm=""
    )
    lines = [line[:160] for line in diff]
    return "\n".join(lines[:12] + (["    ..."] if len(lines) > 12 else []))


def compare_page(a: Path, b: Path, name: str) -> list[str]:
    """Differences in the title or main content of one HTML page."""
    html_a = normalise_html(a.read_text(encoding="utf-8"))
    html_b = normalise_html(b.read_text(encoding="utf-8"))
    problems: list[str] = []
    title_a, title_b = _TITLE.search(html_a), _TITLE.search(html_b)
    if (title_a and title_a[1]) != (title_b and title_b[1]):
        problems.append(f"{name}: titles differ")
    main_a, main_b = _ARTICLE.search(html_a), _ARTICLE.search(html_b)
    if (main_a is None) != (main_b is None):
        problems.append(f"{name}: main content (<article>) in one build only")
    elif main_a and main_b and main_a[0] != main_b[0]:
        problems.append(
            f"{name}: main content differs\n{_first_difference(main_a[0], main_b[0], name)}"
        )
    return problems


def compare_sites(a: Path, b: Path) -> tuple[list[str], dict[str, int]]:
    """(differences, counts) between the sites built into ``a`` and ``b``."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    problems = [f"only in {a}: {name}" for name in sorted(files_a - files_b)]
    problems += [f"only in {b}: {name}" for name in sorted(files_b - files_a)]
    counts = {"html": 0, "whole_page_equal": 0, "other": 0}
    for name in sorted(files_a & files_b):
        pa, pb = a / name, b / name
        if name.endswith(".html"):
            counts["html"] += 1
            problems += compare_page(pa, pb, name)
            same = normalise_html(pa.read_text(encoding="utf-8")) == normalise_html(
                pb.read_text(encoding="utf-8")
            )
            counts["whole_page_equal"] += same
        else:
            counts["other"] += 1
            if comparable_bytes(pa) != comparable_bytes(pb):
                problems.append(f"{name}: content differs")
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site_a", type=Path, help="e.g. site (MkDocs)")
    parser.add_argument("site_b", type=Path, help="e.g. site-properdocs (ProperDocs)")
    args = parser.parse_args(argv)
    for site in (args.site_a, args.site_b):
        if not (site / "index.html").is_file():
            print(f"error: {site} is not a built site (no index.html)", file=sys.stderr)
            return 2
    problems, counts = compare_sites(args.site_a, args.site_b)
    summary = (
        f"{counts['html']} HTML pages ({counts['whole_page_equal']} identical as a whole, "
        f"generator tag and notebook cell ids aside) and {counts['other']} other files"
    )
    if problems:
        print(f"{args.site_a} and {args.site_b} differ: {summary}", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"same pages in {args.site_a} and {args.site_b}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

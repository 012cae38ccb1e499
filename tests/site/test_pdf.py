"""bpbook.pdf (``make pdf``): the whole book, numbered, linked, and drawn in vectors.

The PDF is the one shipped with the built site (``<site>/bpbook.pdf``), else the one
``make pdf`` left at the repository root; with neither, it is made here (about 40 s).
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from bpbook import backward, forward, lesson, three_factor_table, update_weights
from tests.site.site_address import REPO_ROOT, nav_titles

TIMES = "\N{MULTIPLICATION SIGN}"
# Largest raster image allowed anywhere (pixels): icons at most, never a figure.
MAX_IMAGE_PIXELS = 64 * 64
# Path construction operators in a page's content stream (re, m, l, c, v, y).
_PATH_OPS = re.compile(rb"(?<![A-Za-z])(?:re|m|l|c|v|y)(?![A-Za-z])")


class Book:
    """The PDF, read once: text per page, the contents, link annotations, images."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)

    @cached_property
    def texts(self) -> list[str]:
        """Text of each page; ligatures (the "fi" of "first") as plain letters."""
        return [
            unicodedata.normalize("NFKC", page.extract_text() or "") for page in self.reader.pages
        ]

    @cached_property
    def words(self) -> str:
        """All the text, whitespace collapsed (lines broken inside a phrase rejoin)."""
        return " ".join(" ".join(t.split()) for t in self.texts)

    def contents(self) -> dict[str, int]:
        """Title -> page number, as printed in the table of contents (page 2)."""
        lines: dict[float, list[tuple[float, str]]] = defaultdict(list)

        def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
            if text.strip():
                y = round(tm[5] * cm[3] + cm[5], 0)
                lines[y].append((tm[4] * cm[0] + cm[4], text.strip()))

        self.reader.pages[1].extract_text(visitor_text=visit)
        entries = {}
        for _, parts in sorted(lines.items(), reverse=True):
            # Ligatures as plain letters, as in `texts` ("bpbook.ﬁgures" is "bpbook.figures").
            line = unicodedata.normalize("NFKC", " ".join(text for _, text in sorted(parts)))
            match = re.fullmatch(r"(.+?)\s+(\d+)", line)
            if match:
                entries[match[1]] = int(match[2])
        return entries

    def links(self) -> Iterator[tuple[int, Any]]:
        """(page index, annotation) of every link annotation."""
        for index, page in enumerate(self.reader.pages):
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/Link":
                    yield index, annotation

    def images(self, index: int) -> Iterator[tuple[int, int]]:
        """(width, height) of every raster image drawn on page `index` (form XObjects too)."""
        yield from _images(self.reader.pages[index].get("/Resources"), set())

    def path_operators(self, index: int) -> int:
        contents = self.reader.pages[index].get_contents()
        return 0 if contents is None else len(_PATH_OPS.findall(contents.get_data()))


def _images(resources: Any, seen: set[int]) -> Iterator[tuple[int, int]]:
    if resources is None:
        return
    xobjects = resources.get_object().get("/XObject") or {}
    for ref in xobjects.values():
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key in seen:
            continue
        seen.add(key)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            yield int(xobject["/Width"]), int(xobject["/Height"])
        elif xobject.get("/Subtype") == "/Form":
            yield from _images(xobject.get("/Resources"), seen)


@pytest.fixture(scope="module")
def book(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Book:
    for candidate in (built_site / "bpbook.pdf", REPO_ROOT / "bpbook.pdf"):
        if candidate.is_file():
            return Book(candidate)
    out = tmp_path_factory.mktemp("pdf") / "bpbook.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.pdf.build", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"make pdf failed:\n{proc.stdout}\n{proc.stderr}")
    return Book(out)


def test_page_count_is_sane(book: Book) -> None:
    chapters = len(nav_titles())
    assert 4 * chapters <= len(book.reader.pages) <= 400, len(book.reader.pages)


def test_title_page_and_contents(book: Book) -> None:
    from tests.site.site_address import configured_site_name

    assert configured_site_name() in " ".join(book.texts[0].split())
    assert book.texts[1].lstrip("0123456789\n ").startswith("Contents")


def test_every_chapter_is_in_the_contents_at_its_page(book: Book) -> None:
    """Each nav title is listed with a page number, and that page opens with the title."""
    contents = book.contents()
    problems = []
    for title in [*nav_titles(), "Solutions"]:
        if title not in contents:
            problems.append(f"{title!r} is not in the contents {sorted(contents)}")
            continue
        page = contents[title]
        top = " ".join(book.texts[page - 1].split())[: len(title) + 12]
        if title not in top:
            problems.append(f"{title!r}: contents says page {page}, which begins {top!r}")
    assert not problems, "\n".join(problems)
    numbers = list(contents.values())
    assert numbers == sorted(numbers), f"contents out of order: {contents}"


def test_pages_are_numbered(book: Book) -> None:
    """Every page but the title page carries its number (the contents rely on it)."""
    for index, text in enumerate(book.texts[1:], start=2):
        assert re.search(rf"(^|\n){index}(\n|$)", text), f"page {index} shows no number"


def test_the_lessons_key_numbers_are_in_the_text(book: Book) -> None:
    network = lesson.deeper_network()
    table = three_factor_table(network, lesson.DEEPER_INPUTS, lesson.DEEPER_TARGET)
    last = [row for row in table if row.layer == len(network.weights)]
    products = [
        f"{row.value_feeding_in:g} {TIMES} {row.slope_of_node_fed:g} {TIMES} "
        f"{row.activation_slope:g} = {row.product:g}"
        for row in last
    ]
    assert len(products) == 2 and products[1].endswith("= 18"), products  # the slopes 6, 18
    for product in products:
        assert product in book.words, f"the three-factor product {product!r} is missing"

    one = lesson.single_weight_network()
    slopes = backward(forward(one, lesson.SINGLE_WEIGHT_INPUT), lesson.SINGLE_WEIGHT_TARGET)
    updated = update_weights(one, slopes, lesson.SINGLE_WEIGHT_LEARNING_RATE)
    before, after = float(one.weights[0][0, 0]), float(updated.weights[0][0, 0])
    assert f"from {before:g} to {after:g}" in book.words, "the first weight update is missing"
    assert f"weight = {after:.4f}" in book.words, "the update loop's output is missing"


def test_solutions_are_printed_at_the_end(book: Book) -> None:
    contents = book.contents()
    solutions = contents["Solutions"]
    assert solutions == max(contents.values()), "Solutions is not the last chapter"
    end = " ".join(" ".join(t.split()) for t in book.texts[solutions - 1 :])
    exercises = re.findall(
        r"## (Exercise \d+: [^\n]+)", (REPO_ROOT / "docs/practice.md").read_text()
    )
    assert len(exercises) >= 5, exercises
    for exercise in exercises:
        assert f"Solution to {exercise}" in end, f"no solution for {exercise!r} at the end"
    pointers = [int(n) for n in re.findall(r"Solution: page (\d+)", book.words)]
    assert len(pointers) == len(exercises), pointers
    for page, exercise in zip(pointers, exercises, strict=True):
        text = " ".join(book.texts[page - 1].split())
        assert f"Solution to {exercise}" in text, f"{exercise}: pointer to page {page} is wrong"


def test_internal_links_lead_somewhere(book: Book) -> None:
    destinations = book.reader.named_destinations
    internal = dangling = 0
    for _, link in book.links():
        dest = link.get("/Dest")
        if dest is None and link.get("/A") is not None:
            dest = link["/A"].get("/D")
        if dest is None:
            continue
        internal += 1
        if isinstance(dest, str) and dest not in destinations and "/" + dest not in destinations:
            dangling += 1
    assert internal >= 100, f"only {internal} internal links"
    assert dangling == 0, f"{dangling} internal links to no destination"
    toc_links = [a for i, a in book.links() if i == 1]
    assert len(toc_links) >= len(nav_titles()), "the contents entries are not links"


def test_figures_are_vector_drawings(book: Book) -> None:
    """Pages with a network diagram (labels like v=3, w=1) are drawn with paths; no page
    holds a raster image bigger than an icon (math is text, figures are paths)."""
    figure_pages = [i for i, t in enumerate(book.texts) if re.search(r"\bv=\d.*\bw=", t, re.S)]
    assert len(figure_pages) >= 5, f"figures found on pages {[i + 1 for i in figure_pages]}"
    for index in figure_pages:
        assert book.path_operators(index) >= 20, f"page {index + 1}: figure without paths"
    large = [
        (index + 1, size)
        for index in range(len(book.reader.pages))
        for size in book.images(index)
        if size[0] * size[1] > MAX_IMAGE_PIXELS
    ]
    assert not large, f"raster images (page, (w, h)): {large}"


def test_every_step_of_every_step_through_is_printed(book: Book, built_site: Path) -> None:
    """Each tab of a content-tab set with figures (the step-through) is printed, under its
    label: the PDF shows every step, not only the one a reader of the site sees first."""
    from bs4 import BeautifulSoup

    labels: Counter[str] = Counter()
    for html in built_site.rglob("index.html"):
        soup = BeautifulSoup(html.read_bytes(), "html.parser")
        for tabs in soup.select(".md-content .tabbed-set"):
            if tabs.select_one("svg.bp-fig, template"):
                labels.update(label.get_text(strip=True) for label in tabs.select("label"))
    assert sum(labels.values()) >= 5, f"no step-through found in the site: {labels}"
    for label, count in labels.items():
        printed = len(re.findall(rf"(?<!\w){re.escape(label)}(?!\w)", book.words))
        assert printed >= count, f"{label!r}: {count} in the site, {printed} in the PDF"

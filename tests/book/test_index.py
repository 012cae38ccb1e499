# The prose uses typographic signs (×, −, →, ², ≈); the snippets must match it exactly.
# ruff: noqa: RUF003
# ruff: noqa: RUF001
"""The numbers the start page (docs/index.md) quotes are the ones bpbook computes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from markdown.extensions.toc import slugify  # type: ignore[import-untyped]

from bpbook import RELU, lesson
from tests.book.prose import DOCS, assert_prose_says, num, page_text


class TestStartHerePage:
    def test_quotes_the_deeper_network_prediction(self) -> None:
        prediction = lesson.deeper_network().predict(lesson.DEEPER_INPUTS)
        assert prediction.tolist() == [7.0], f"expected prediction [7.0], got {prediction}"
        assert_prose_says("index.md", f"Its prediction is {num(prediction[0])}")

    def test_states_relu_slope_at_zero(self) -> None:
        slope_at_zero = RELU.slope(np.array([0.0]))[0]
        assert slope_at_zero == 0, f"expected ReLU slope 0 at exactly 0, got {slope_at_zero}"
        assert_prose_says("index.md", f"bpbook uses {num(slope_at_zero)} there")


# The lesson's slide groups, as headed in SLIDES.md (the lesson's slide map).
SLIDE_GROUPS = ["1–5", "5–6", "7–12", "12", "13", "14"]


SLIDES_MD = Path("/work/shared/SLIDES.md")


def slide_table() -> list[tuple[str, str]]:
    """(slides cell, links cell) of each row of the slide table on Start here."""
    section = page_text("index.md").split("## The lesson, slide by slide", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    return [(r.split("|")[1].strip(), r.split("|")[3].strip()) for r in rows]


def anchors_of(page: str) -> set[str]:
    """Heading anchors of a docs page, as MkDocs' toc extension makes them."""
    text = page_text(page)
    if page.endswith(".nb.py"):
        heads = re.findall(r"(?m)^# #{1,6} (.+)$", text)
    else:
        text = re.sub(r"(?ms)^```.*?^```", "", text)
        heads = re.findall(r"(?m)^#{1,6} (.+?)(?: \{#[\w-]+\})?$", text)
    return {slugify(re.sub(r"[`*]", "", h), "-") for h in heads}


def test_every_slide_group_is_mapped() -> None:
    if SLIDES_MD.is_file():  # keep the list in step with the lesson's slide map
        headed = re.findall(r"(?m)^## Slides? ([\d–]+):", SLIDES_MD.read_text())
        assert headed == SLIDE_GROUPS, f"SLIDES.md heads {headed}, the test knows {SLIDE_GROUPS}"
    mapped = [slides for slides, _ in slide_table()]
    missing = [g for g in SLIDE_GROUPS if g not in mapped]
    assert not missing, f"slides {missing} have no row in the slide table of index.md"


def test_every_link_in_the_slide_table_has_its_anchor() -> None:
    for slides, links in slide_table():
        targets = re.findall(r"\]\(([^)#]+)#([^)]+)\)", links)
        assert targets, f"slides {slides}: no link with an anchor"
        for page, anchor in targets:
            assert (DOCS / page).is_file(), f"slides {slides}: no page {page}"
            assert anchor in anchors_of(page), f"slides {slides}: {page} has no #{anchor}"


# A page needs matplotlib when it calls the figures package's plot functions or
# imports matplotlib itself.
PLOT_USE = r"loss_curves_svg|learning_rate_svg|import matplotlib|from matplotlib"


def test_pages_that_need_matplotlib_are_the_ones_named() -> None:
    needs_plot = sorted(
        p.name
        for p in list(DOCS.glob("*.md")) + list(DOCS.glob("*.nb.py"))
        if re.search(
            r"loss_curves_svg|learning_rate_svg|import matplotlib|from matplotlib", p.read_text()
        )
        and p.name != "reference.md"  # the API reference only documents the module
    )
    assert needs_plot == ["cookbook.md", "digits.nb.py", "recap-loop.md", "sgd.nb.py"], needs_plot
    text = page_text("index.md")
    assert "the training plots in [the recap loop](recap-loop.md)" in text
    assert (
        "[the SGD chapter](sgd.nb.py), [the digits chapter](digits.nb.py) and "
        "[the cookbook](cookbook.md), which need matplotlib" in (" ".join(text.split()))
    )
    assert "@install@" in text  # hooks/install_line.py writes the line
    assert "The digits chapter also needs scikit-learn" in " ".join(text.split())

"""The step-through on the one-layer-back page: one live drawing, the rest on demand.

bpbook.figures.tabs.steps_html puts only step 1's SVG in the page and the others in
<template>s; docs/javascripts/bp-steps.js moves a drawing in when its tab is shown
(by any means) and all of them before printing.

Uses the session's ``browser`` fixture (Debian's Chromium) and serves the repo's
``built_site`` itself; at merge, ``steps_site_url`` can give way to the shared
``site_url``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

STEPS = "layer-back/"
# Per tab block, in order: live SVGs, templates left, shown, rendered drawing height.
STATE = """() => {
  const set = [...document.querySelectorAll('.tabbed-set')].find(s => s.querySelector('.bp-step'));
  return [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')].map(b => {
    const svg = b.querySelector('svg');
    return {live: b.querySelectorAll('svg').length,
            templates: b.querySelectorAll('template').length,
            shown: b.offsetParent !== null,
            height: svg ? svg.getBoundingClientRect().height : 0};
  });
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def steps_site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


def _open(browser: Any, url: str, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.goto(url + STEPS)
    page.wait_for_load_state("networkidle")
    return page


def _choose(page: Any, step: int) -> None:
    page.locator(f"label[for^='bp-steps'][for$='_{step}']").click()
    page.wait_for_timeout(100)


def test_only_the_first_drawing_is_in_the_page_at_load(browser: Any, steps_site_url: str) -> None:
    page = _open(browser, steps_site_url)
    blocks = page.evaluate(STATE)
    assert len(blocks) == 12
    assert [(b["live"], b["templates"]) for b in blocks] == [(1, 0)] + [(0, 1)] * 11
    assert blocks[0]["shown"] and blocks[0]["height"] > 100
    page.context.close()


def test_every_tab_shows_its_drawing_when_chosen(browser: Any, steps_site_url: str) -> None:
    page = _open(browser, steps_site_url)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for step in range(2, 13):
        _choose(page, step)
        block = page.evaluate(STATE)[step - 1]
        assert block["shown"] and block["live"] == 1 and block["templates"] == 0, step
        assert block["height"] > 100, f"step {step}: the drawing is not rendered"
    assert not errors
    page.context.close()


def test_arrow_keys_change_the_step_and_show_its_drawing(browser: Any, steps_site_url: str) -> None:
    page = _open(browser, steps_site_url)
    page.focus("input[name^='bp-steps'][id$='_1']")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    blocks = page.evaluate(STATE)
    assert [n for n, b in enumerate(blocks, start=1) if b["shown"]] == [3]
    assert blocks[2]["live"] == 1 and blocks[2]["height"] > 100
    page.context.close()


def test_a_step_restored_by_material_after_reload_shows_its_drawing(
    browser: Any, steps_site_url: str
) -> None:
    # content.tabs.link remembers the chosen label and re-checks it on load without
    # any event; the drawing must still appear.
    page = _open(browser, steps_site_url)
    _choose(page, 5)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)
    blocks = page.evaluate(STATE)
    assert [n for n, b in enumerate(blocks, start=1) if b["shown"]] == [5]
    assert blocks[4]["live"] == 1 and blocks[4]["height"] > 100
    page.context.close()


def test_printing_shows_every_drawing(browser: Any, steps_site_url: str) -> None:
    page = _open(browser, steps_site_url)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert [(b["live"], b["templates"]) for b in page.evaluate(STATE)] == [(1, 0)] * 12
    page.context.close()


def test_without_javascript_each_step_keeps_its_caption_and_says_why_no_drawing(
    browser: Any, steps_site_url: str
) -> None:
    page = _open(browser, steps_site_url, java_script_enabled=False)
    _choose(page, 3)
    block = page.locator(".tabbed-set:has(.bp-step) > .tabbed-content > .tabbed-block").nth(2)
    text = block.inner_text()
    assert "needs JavaScript" in text
    assert "Slope of the weight from the top hidden node to the output node" in text
    page.context.close()

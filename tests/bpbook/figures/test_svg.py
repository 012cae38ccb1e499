"""bpbook.figures.svg: the SVG string type and the primitives every figure is made of."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from bpbook import lesson
from bpbook.figures import SVG, network_svg
from bpbook.figures.svg import attrs, badge, fresh_id_prefix, one_line, slope_box, text
from bpbook.figures.theme import LIGHT


def test_svg_displays_in_notebooks() -> None:
    svg = network_svg(lesson.deeper_network())
    assert isinstance(svg, SVG) and isinstance(svg, str)
    assert svg._repr_svg_() == str(svg) == svg._repr_html_()


def test_attributes_are_quoted_and_escaped_and_floats_keep_full_precision() -> None:
    assert attrs(class_="a b", data_from=1, data_value=0.1 + 0.2, data_none=None) == (
        'class="a b" data-from="1" data-value="0.30000000000000004"'
    )
    tricky = "say \"<hi>\" & 'go'"
    assert ET.fromstring(f"<a {attrs(title=tricky)}/>").get("title") == tricky


def test_text_is_escaped_and_centred_on_its_point() -> None:
    element = ET.fromstring(
        f'<svg xmlns="http://www.w3.org/2000/svg">{text("a < b & c", 10, 20.25)}</svg>'
    )[0]
    assert element.text == "a < b & c"
    assert (element.get("x"), element.get("y")) == ("10.0", "20.2")
    assert element.get("dominant-baseline") == "central"
    assert element.get("text-anchor") == "middle"


def test_slope_box_and_badge_carry_their_light_colours_as_a_fallback() -> None:
    box = slope_box("slope 6", 50, 40, group_class="bp-slope", data_value=6.0)
    assert f'fill="{LIGHT["slope-fill"]}"' in box and f'stroke="{LIGHT["slope-stroke"]}"' in box
    assert 'font-style="italic"' in box and 'data-value="6.0"' in box
    disc = badge("2", 10, 10)
    assert 'aria-hidden="true"' in disc and f'fill="{LIGHT["hl"]}"' in disc


def test_fresh_id_prefixes_never_repeat() -> None:
    own = itertools.count(1)
    assert [fresh_id_prefix("plot", own) for _ in range(2)] == ["bp-plot-1", "bp-plot-2"]
    shared = [fresh_id_prefix("net"), fresh_id_prefix("steps")]
    assert len(set(shared)) == 2 and shared[0].startswith("bp-net-")


def test_one_line_drops_line_breaks_and_indentation() -> None:
    assert one_line("<svg>\n  <g>\n\n    <text>a b</text>\n  </g>\n</svg>") == (
        "<svg><g><text>a b</text></g></svg>"
    )

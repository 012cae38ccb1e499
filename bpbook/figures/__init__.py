"""Figures drawn from bpbook's own numbers: network diagrams, the step-through, plots.

Figures draw what they are given: the caller (a book page, a notebook) runs
`bpbook.forward`, `bpbook.backward`, `bpbook.three_factor_table`,
`bpbook.update_weights` or `bpbook.sgd`, and passes the results in. No figure
computes a value, a slope or an update itself.

Counting, as in the lesson and the rest of bpbook:

* node layers are numbered 0 (the inputs) to L (the output); nodes are numbered
  from 0 within their layer, top to bottom; a node is named ``(k, node)``, k = 0..L,
  e.g. ``highlight_node=(1, 1)`` is the bottom hidden node of the lesson's network;
* "the weights of layer k" (k = 1..L) feed node layer k; a weight is named
  ``(k, from_node, to_node)``, e.g. ``highlight=(2, 1, 0)`` is the weight from the
  bottom hidden node to the output node; ``hide_layers`` and ``unseen_weights``
  count layers of weights the same way, from 1.

Modules, one per idea (each uses only the ones above it):

* `bpbook.figures.theme` -- colours for light and dark, fonts, `format_number`
* `bpbook.figures.svg` -- SVG primitives: the `SVG` string, text, slope boxes, ids
* `bpbook.figures.words` -- the names of nodes and weights in words
* `bpbook.figures.content`, `~.layout`, `~.parts`, `~.callout`, `~.diagram` -- the
  network diagram: what it shows, where things go, nodes and edges, the equation
  and key under it, and `network_svg` putting it together
* `bpbook.figures.steps` -- the backprop step-through, `backprop_steps`
* `bpbook.figures.tabs` -- a step-through as content tabs, `steps_html`
* `bpbook.figures.graph_svg` -- a computational graph (`bpbook.graph`) with every
  value, slope and slope sent back along each edge, `graph_svg`, and in words, `graph_words`
* `bpbook.figures.plot_svg` -- a matplotlib figure as themable, reproducible SVG
* `bpbook.figures.surface` -- the loss over two weights as contours, with
  gradient-descent paths, `loss_surface_svg` (matplotlib too), and the levels of
  its lines, `contour_levels`
* `bpbook.figures.plots` -- training plots as SVG or a matplotlib ``Figure``
  (matplotlib, the ``bpbook[plot]`` extra, imported only when a plot is drawn)
* `bpbook.figures.validation` -- training against validation loss per epoch

Every function returns `SVG` (or HTML text): a ``str`` that Jupyter displays as a
picture; in a Markdown page built with markdown-exec, ``print()`` it. The plots
also come as matplotlib figures (`loss_curves_figure`, `learning_rate_figure`,
`validation_figure`).
"""

from bpbook.figures.diagram import network_svg
from bpbook.figures.graph_svg import graph_svg, graph_words
from bpbook.figures.plots import (
    learning_rate_figure,
    learning_rate_svg,
    loss_curves_figure,
    loss_curves_svg,
)
from bpbook.figures.steps import Step, backprop_steps
from bpbook.figures.surface import contour_levels, loss_surface_svg
from bpbook.figures.svg import SVG
from bpbook.figures.tabs import steps_html, steps_markdown
from bpbook.figures.theme import format_number
from bpbook.figures.validation import validation_figure, validation_svg

__all__ = [
    "SVG",
    "Step",
    "backprop_steps",
    "contour_levels",
    "format_number",
    "graph_svg",
    "graph_words",
    "learning_rate_figure",
    "learning_rate_svg",
    "loss_curves_figure",
    "loss_curves_svg",
    "loss_surface_svg",
    "network_svg",
    "steps_html",
    "steps_markdown",
    "validation_figure",
    "validation_svg",
]

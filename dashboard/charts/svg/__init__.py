"""A static SVG of a screen figure, drawn without a browser the way plotly.js draws it at the same size.

The page inlines it so that the chart shows as soon as the HTML arrives (and without JavaScript, for crawlers,
the static site and print); plotly.js then draws the interactive chart in the same box, and nothing should
jump. So this package repeats plotly.js's own layout rules (the vendored bundle, `charts/bundle.py`; the version
they follow is `PLOTLY_JS`, the one place it is written) for the subset of figures the builders in
`charts/figures.py` make:

- margins grown by `automargin` to fit the tick labels, iterated to plotly's fixed point (`Plots.doAutoMargin`,
  its 8-pixel pushes, and its stop at changes of one pixel or less);
- ticks: explicit `tickvals`/`ticktext` on value axes, every n-th category on category axes (n from the axis
  length and font size), nice month/year/day ticks on date axes; x labels turned by `autotickangles` when they
  would touch, with plotly's choice of angle;
- bars (stacked or grouped, vertical or horizontal, log value axes), lines (linear or step, broken at gaps),
  markers (circle, square, diamond, filled or open), rect shapes, and annotations anchored as plotly anchors them.

Text is measured with the glyph advances of NanumGothic, the first family of the chart font (`style.FONT`),
read with fontTools from Debian's fonts-nanum; where that file is missing, a table of its advances for ASCII
(svg/text.py) and one em for wide characters stand in. Line boxes are the font's ascent and descent, rounded as
Chromium rounds them.

Anything outside the subset raises ValueError naming the property, so that a change to a builder shows up in the
tests rather than as a wrong picture. Hover text, `meta`, `customdata` and names are ignored. The output is
deterministic: the same figure and size give the same bytes (ids inside are a hash of the drawing).

Its modules are named after the plotly.js parts they reproduce: `text` (svg_text_utils and `Drawing.bBox`: the one
owner of text measurement, also for charts/sizes.py), `checks` (the attribute subset), `axes` (cartesian axes,
ticks, autorange), `chart` (supplyDefaults for one figure at one size), `margins` (tick labels and
`doAutoMargin`) and `drawing` (the markup).
"""

from __future__ import annotations

import hashlib

from dashboard.charts.svg.chart import Chart
from dashboard.charts.svg.drawing import Drawing
from dashboard.charts.svg.margins import lay_out

PLOTLY_JS = "4.1.1"  # the plotly.js these rules were checked against: a test fails when the bundle moves on
ID = "\x00"  # stands for the chart's id in the markup until the markup is complete: text never contains it


def render(figure: dict, width: int, height: int, *, title: str = "") -> str:
    """A standalone <svg> of `figure` (a dict, as `figures.screen` returns) drawn in a width × height box as
    plotly.js would draw it there; `title` names it for assistive technology. Ids inside (title, clip,
    patterns) are derived from a hash of the drawing, so the same figure gives the same bytes."""
    if hasattr(figure, "to_plotly_json"):
        figure = figure.to_plotly_json()
    chart = Chart(figure, width, height)
    labels = lay_out(chart)
    markup = Drawing(chart, labels, title, ID).svg()
    return markup.replace(ID, "s" + hashlib.sha1(markup.encode("utf-8")).hexdigest()[:10])


def render_set(figure: dict, sizes, *, title: str = "") -> str:
    """One render per (width, height), each `<svg class="w{width}">`, for the page's CSS to show the one that
    fits its width class."""
    out = []
    for width, height in sizes:
        svg = render(figure, width, height, title=title)
        out.append(svg.replace("<svg ", f'<svg class="w{width}" ', 1))
    return "".join(out)

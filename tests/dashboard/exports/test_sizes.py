"""charts/sizes.py's pure parts: wrapping and a clear error. Whether every image size keeps its texts inside the
image and apart is measured in headless Chromium from the exported SVG itself, with every other chart surface,
in tests/dashboard/charts/test_chart_text_browser.py."""

import pytest

from dashboard.charts import sizes
from dashboard.data import View
from dashboard.exports import pack


def test_wrap_breaks_at_spaces_and_keeps_every_word():
    line = "Source: Ministry of Unification (MOU), Republic of Korea (통일부), Recent status of North Korean defectors"
    lines = sizes.wrap(line, 11, 200)
    assert len(lines) > 1 and " ".join(lines) == line
    assert all(sizes.text_width(part, 11) <= 200 for part in lines)


def test_an_unknown_size_is_a_clear_error(arrivals):
    with pytest.raises(ValueError, match="unknown size 'huge'"):
        sizes.fit(pack.figures.main_chart(arrivals, View()), "huge")


def test_the_export_legend_reads_men_then_women_as_the_page_key(arrivals):
    """Stacked bars get plotly's reversed legend by default (Women, Men); the export says it in the chart's order."""
    view = View(sex="both")
    fig = sizes.fit(pack.figures.main_chart(arrivals, view), "default")
    assert fig.layout.legend.traceorder == "normal"
    assert [t.name for t in fig.data] == [k["name"] for k in pack.figures.main_chart(arrivals, view).layout.meta["key"]]


@pytest.mark.parametrize("size", ["print", "default"])
def test_the_last_marker_is_drawn_whole(arrivals, size):
    """At the print size half a category is narrower than a marker: markers are not clipped at the plot's edge,
    and the right margin holds the largest one with its outline."""
    fig = sizes.fit(pack.figures.main_chart(arrivals, View(sex="both", chart="line")), size)
    lines = [t for t in fig.data if t.type == "scatter"]
    assert lines and all(t.cliponaxis is False for t in lines)
    reach = max(max(t.marker.size) / 2 + (t.marker.line.width or 0) for t in lines)
    assert fig.layout.margin.r >= reach

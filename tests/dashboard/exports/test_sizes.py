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

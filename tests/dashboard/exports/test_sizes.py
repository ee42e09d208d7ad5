"""Every image size in English and Korean for a spread of views: measured in headless Chromium from the exported
SVG itself, no text lies outside the image and no two texts overlap (plotly's own tick labels against each other
excepted: plotly thins them itself)."""

import pytest

from dashboard.charts import sizes
from dashboard.charts.style import SIZES
from dashboard.data import View
from dashboard.exports import pack

VIEWS = [
    View(start=2002, end=2025),
    View(sex="both", start=2002, end=2025),
    View(metric="share", chart="line", start=2002, end=2025),
    View(metric="yoy", sex="both", chart="grouped", start=1998, end=2025, buckets=True),
    View(metric="cumulative", sex="both", chart="line", log=True, start=1998, end=2025, buckets=True, events=False),
]

MEASURE = """() => {
  const svg = document.querySelector('svg');
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, tick: !!t.closest('.xtick, .ytick'),
            x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top};
  });
}"""


def measure(browser, svg: bytes) -> list[dict]:
    def run(page):
        page.set_content("<!DOCTYPE html><html><body style='margin:0'>" + svg.decode("utf-8") + "</body></html>")
        return page.evaluate(MEASURE)
    return browser.page(run)


def overlap(a: dict, b: dict) -> float:
    return max(0.0, min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])) * max(0.0, min(a["y1"], b["y1"]) - max(a["y0"],
                                                                                                       b["y0"]))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_text_outside_the_image_or_over_another(arrivals, browser, size, lang):
    width, height = SIZES[size]
    for view in VIEWS:
        view = View(**{**view.__dict__, "lang": lang})
        texts = measure(browser, pack.take_away(arrivals, view, "svg", size)[1])
        assert texts, view
        for t in texts:
            assert -0.5 <= t["x0"] and t["x1"] <= width + 0.5 and -0.5 <= t["y0"] and t["y1"] <= height + 0.5, \
                (size, view, t)
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if a["tick"] and b["tick"]:
                    continue
                assert overlap(a, b) < 1.0, (size, view, a, b)


def test_wrap_breaks_at_spaces_and_keeps_every_word():
    line = "Source: Ministry of Unification (MOU), Republic of Korea (통일부), Recent status of North Korean defectors"
    lines = sizes.wrap(line, 11, 200)
    assert len(lines) > 1 and " ".join(lines) == line
    assert all(sizes.text_width(part, 11) <= 200 for part in lines)


def test_an_unknown_size_is_a_clear_error(arrivals):
    with pytest.raises(ValueError, match="unknown size 'huge'"):
        sizes.fit(pack.figures.main_chart(arrivals, View()), "huge")

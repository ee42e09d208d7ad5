"""The charts below the card stay legible at every width: where their box is narrow, the image drawn for the 360 px
width class replaces the 760 px one (whose text would shrink to half its size), in the static first paint and once
Dash has taken over, and the image's box has its ratio before the image arrives, so nothing moves.

Headless Debian chromium on the app at 127.0.0.1 (fixtures `browser`, `app_url`).
"""

import re
from pathlib import Path

import pytest

from dashboard.data import BREAKDOWN_DIMENSIONS, PLACES
from dashboard.page import ids, layout
from support.browser import open_page

STYLE = (Path(layout.__file__).parents[1] / "assets" / "style.css").read_text(encoding="utf-8")
# Each lower chart: the width class of the image it shows, the box's ratio, its displayed text scale
CHARTS = """() => Array.from(document.querySelectorAll('img.static-chart')).map(img => {
  const r = img.getBoundingClientRect();
  return {id: img.id, src: img.currentSrc, complete: img.complete, ratio: r.width / r.height, width: r.width,
          natural: img.naturalWidth};
})"""
# viewport width -> the width class each kind should show there (layout.NARROW_MEDIA)
EXPECTED = {375: {"breakdown": "360", "revisions": "360"}, 900: {"breakdown": "360", "revisions": "760"},
            1280: {"breakdown": "760", "revisions": "760"}}


def test_the_stylesheet_gives_each_narrow_media_the_narrow_ratio():
    for kind, media in layout.NARROW_MEDIA.items():
        rule = re.search(rf"@media {re.escape(media)} {{ \.static-chart\.{kind} {{ aspect-ratio: 360 / 340; }} }}",
                         STYLE)
        assert rule, f"assets/style.css has no rule for {kind} under {media}"


def _kind(image_id: str) -> str:
    return "revisions" if image_id == ids.REV_CHART else "breakdown"


@pytest.fixture(scope="module")
def seen(browser, app_url):
    def look(page):
        page.goto(f"{app_url}/")
        before = page.evaluate(CHARTS)  # the boxes as laid out, images perhaps not yet arrived
        page.wait_for_function("() => Array.from(document.querySelectorAll('img.static-chart')).every(i => i.complete)")
        static = page.evaluate(CHARTS)
        open_page(page, f"{app_url}/")
        page.wait_for_function("() => Array.from(document.querySelectorAll('img.static-chart')).every(i => i.complete)")
        return {"before": before, "static": static, "live": page.evaluate(CHARTS)}
    return {width: browser.page(look, viewport={"width": width, "height": 900}) for width in EXPECTED}


@pytest.mark.parametrize("width", EXPECTED)
@pytest.mark.parametrize("paint", ["static", "live"])
def test_each_lower_chart_shows_the_width_class_that_fits_its_box(seen, width, paint):
    charts = seen[width][paint]
    assert len(charts) == len(BREAKDOWN_DIMENSIONS) + len(PLACES) + 1, charts  # the breakdowns, maps, revisions
    for chart in charts:
        shown = re.search(r"[?&]w=(\d+)", chart["src"]).group(1)
        assert shown == EXPECTED[width][_kind(chart["id"])], chart
        assert chart["width"] / int(shown) >= 0.7, chart  # text drawn at 70 % of its size or more


@pytest.mark.parametrize("width", EXPECTED)
def test_no_lower_chart_moves_when_its_image_arrives(seen, width):
    before = {c["id"]: c["ratio"] for c in seen[width]["before"]}
    for paint in ("static", "live"):
        for chart in seen[width][paint]:
            assert chart["ratio"] == pytest.approx(before[chart["id"]], rel=0.01), (paint, chart)
            shown = 360 / 340 if "w=360" in chart["src"] else 760 / 440
            assert chart["ratio"] == pytest.approx(shown, rel=0.01), (paint, chart)

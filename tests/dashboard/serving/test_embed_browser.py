"""The embed snippet in a story on another origin, as a newsroom pastes it: at iframe widths 340, 640 and 900 the
figure fits the snippet's height, its source line is whole and in sight on first load, and the iframe's title
names the chart.

The snippets are read from the page's Share & embed tab (its static first paint), the story is a second local
server, and everything is measured inside the frame in headless Debian chromium.
"""

import pytest

from support.live_server import story_page

WIDTHS = (340, 640, 900)
VIEWS = {"default, English": "?lang=en", "default, Korean": "?lang=ko",
         "men and women, multi-year totals, archived vintage, Korean": "?sex=both&b=1&vintage=mou-en-2012&lang=ko"}
# Inside the frame: its size, how tall its document is, and the boxes of the chart and of every word around it.
FRAME = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const source = document.querySelector('.source');
  return {screen: [innerWidth, innerHeight], scroll: [document.documentElement.scrollWidth,
          document.documentElement.scrollHeight], title: document.querySelector('h1').textContent,
          chart: box(document.querySelector('#chart')), plot: box(document.querySelector('#chart .main-svg')),
          source: box(source), source_text: source.textContent,
          source_overflow: [source.scrollWidth - source.clientWidth, source.scrollHeight - source.clientHeight],
          words: Array.from(document.querySelectorAll('.notice, h1, .subtitle, .key, #chart, .source, .notes'))
    .map(box)};
}"""


def embed_in_stories(browser, base: str, serve) -> dict:
    seen = {}
    reader = browser.new_context(viewport={"width": 1000, "height": 800})
    try:
        page = reader.new_page()
        for name, query in VIEWS.items():
            page.goto(f"{base}/{query}&tab=share")
            snippet = page.inner_text("#ssr #embed-snippet")
            for width in WIDTHS:
                story = f"<div style='width: {width}px'>{snippet}</div>"
                with serve(story_page(story)) as story_url:
                    page.goto(story_url)
                    frame = page.frame_locator("iframe")
                    frame.locator("#chart.drawn .main-svg").first.wait_for()
                    iframe = page.locator("iframe")
                    inside = next(f for f in page.frames if f != page.main_frame)
                    seen[name, width] = {"iframe": {"title": iframe.get_attribute("title"),
                                                    "height": int(iframe.get_attribute("height")),
                                                    "box": iframe.bounding_box()},
                                         **inside.evaluate(FRAME)}
    finally:
        reader.close()
    return seen


@pytest.fixture(scope="module")
def framed(browser, app_url, serve):
    return browser.session(lambda chromium: embed_in_stories(chromium, app_url, serve))


CASES = [(name, width) for name in VIEWS for width in WIDTHS]


@pytest.mark.parametrize(("name", "width"), CASES)
def test_the_figure_fits_the_snippets_height(framed, name, width):
    seen = framed[name, width]
    assert seen["screen"] == [width, seen["iframe"]["height"]] == [round(seen["iframe"]["box"]["width"]),
                                                                    round(seen["iframe"]["box"]["height"])]
    assert seen["scroll"] == seen["screen"]  # nothing below the frame's bottom or past its side
    for left, top, right, bottom in seen["words"]:
        assert 0 <= left and 0 <= top and right <= width and bottom <= seen["iframe"]["height"]
    _, chart_top, _, chart_bottom = seen["chart"]
    assert chart_bottom - chart_top >= 200  # the template's least chart height
    assert all(abs(p - c) <= 1 for p, c in zip(seen["plot"], seen["chart"]))  # plotly fills the chart's box


@pytest.mark.parametrize(("name", "width"), CASES)
def test_the_source_line_is_whole_and_in_sight(framed, name, width):
    seen = framed[name, width]
    left, top, right, bottom = seen["source"]
    assert 0 <= left and right <= width and 0 <= top and bottom <= seen["iframe"]["height"]
    assert seen["source_overflow"] == [0, 0]
    assert seen["source_text"].startswith(("Source: Ministry of Unification", "출처: 통일부"))
    assert seen["source_text"].rstrip().endswith("nk-arrivals")  # the link back, after the whole line


@pytest.mark.parametrize("name", VIEWS)
def test_the_iframe_title_names_the_chart(framed, name):
    seen = framed[name, WIDTHS[0]]
    assert seen["iframe"]["title"] == seen["title"]

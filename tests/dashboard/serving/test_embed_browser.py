"""The embed snippet in a story on another origin, as a newsroom pastes it (the iframe and its resize script): at
iframe widths 340, 640 and 900, also with a notice shown, and inside an about:blank frame and a srcdoc frame of the
story (as CMS previews put it), the iframe takes the height of its content (no inner scrollbar, no empty band), the
figure and the source line are whole and in sight, and the iframe's title names the chart.

The snippets are read from the page's Share & embed tab (its static first paint), the story is a second local
server, and everything is measured inside the frame in headless Debian chromium.
"""

import html
import json
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from support.live_server import story_page

WIDTHS = (340, 640, 900)
VIEWS = {"default, English": "?lang=en", "default, Korean": "?lang=ko",
         "men and women, multi-year totals, archived vintage, Korean": "?sex=both&b=1&vintage=mou-en-2012&lang=ko",
         "a notice shown": "?lang=en&sex=nobody",
         "dark and plain (embed options), Korean": "?lang=ko&theme=dark&plain=1"}
PARENTS = ("story", "about:blank", "srcdoc")
# Inside the frame: its size, how tall its document and its content are, and the boxes of the chart and of every
# word around it.
FRAME = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const source = document.querySelector('.source');
  return {screen: [innerWidth, innerHeight], scroll: [document.documentElement.scrollWidth,
          document.documentElement.scrollHeight],
          content: Math.ceil(document.getElementById('content').getBoundingClientRect().height),
          title: document.querySelector('h1').textContent, notice: !!document.querySelector('.notice'),
          chart: box(document.querySelector('#chart')), plot: box(document.querySelector('#chart .main-svg')),
          source: box(source), source_text: source.textContent,
          source_overflow: [source.scrollWidth - source.clientWidth, source.scrollHeight - source.clientHeight],
          words: Array.from(document.querySelectorAll('.notice, h1, .subtitle, .key, #chart, .source, .notes'))
    .map(box)};
}"""


def story(snippet: str, width: int, parent: str) -> str:
    """The story's body: the snippet in a column of `width`, pasted straight in, or written into an about:blank
    frame, or given as a frame's srcdoc (the two ways CMS previews show a story)."""
    if parent == "story":
        return f"<div style='width: {width}px'>{snippet}</div>"
    inner = f"<!DOCTYPE html><html><body style='margin:0'>{snippet}</body></html>"
    frame = f"style='border:0; width: {width}px; height: 1400px'"
    if parent == "srcdoc":
        return f"<iframe {frame} srcdoc=\"{html.escape(inner)}\"></iframe>"
    literal = json.dumps(inner).replace("</", "<\\/")  # a JS string that cannot close the story's own <script>
    return (f"<iframe id='blank' {frame}></iframe><script>var d = document.getElementById('blank').contentDocument;"
            f"d.open(); d.write({literal}); d.close();</script>")


def fitted(page, embed) -> dict:
    """The embed's measures once the story's script has fitted its iframe (bounded wait: 10 s)."""
    element = embed.frame_element()
    deadline = time.monotonic() + 10
    while True:
        seen = embed.evaluate(FRAME)
        box = element.bounding_box()
        if abs(box["height"] - seen["content"]) <= 1 or time.monotonic() > deadline:
            return {"iframe": {"title": element.get_attribute("title"), "box": box}, **seen}
        time.sleep(0.1)


def embed_in_stories(browser, base: str, serve) -> dict:
    seen = {}
    reader = browser.new_context(viewport={"width": 1000, "height": 800})
    try:
        page = reader.new_page()
        for name, query in VIEWS.items():
            page.goto(f"{base}/{query}&tab=share")
            snippet = page.inner_text("#ssr #embed-snippet")
            if name == "a notice shown":  # the page shows its default view; the pasted link keeps the bad value
                snippet = snippet.replace("/embed?", "/embed?sex=nobody&amp;")
            for width in WIDTHS:
                for parent in PARENTS if width == WIDTHS[0] else PARENTS[:1]:
                    with serve(story_page(story(snippet, width, parent))) as story_url:
                        page.goto(story_url)
                        page.locator("iframe").first.scroll_into_view_if_needed()  # a lazy frame starts in sight
                        embed = None
                        deadline = time.monotonic() + 60  # a lazy frame, on a machine under load
                        while embed is None and time.monotonic() < deadline:
                            embed = next((f for f in page.frames if "/embed?" in f.url), None)
                            time.sleep(0.05)
                        assert embed, (name, width, parent, [f.url for f in page.frames])
                        embed.locator("#chart.drawn .main-svg").first.wait_for()
                        seen[name, width, parent] = fitted(page, embed)
    finally:
        reader.close()
    return seen


@pytest.fixture(scope="module")
def framed(browser, app_url, serve):
    return browser.session(lambda chromium: embed_in_stories(chromium, app_url, serve))


CASES = [(name, width, parent) for name in VIEWS for width in WIDTHS
         for parent in (PARENTS if width == WIDTHS[0] else PARENTS[:1])]


@pytest.mark.parametrize(("name", "width", "parent"), CASES)
def test_the_iframe_takes_the_height_of_its_content(framed, name, width, parent):
    seen = framed[name, width, parent]
    height = round(seen["iframe"]["box"]["height"])
    assert seen["screen"] == [width, height] and round(seen["iframe"]["box"]["width"]) == width
    assert abs(height - seen["content"]) <= 1  # sized by its content: no empty band below it
    assert seen["scroll"] == seen["screen"]  # no inner scrollbar: nothing below the frame's bottom or past its side
    assert seen["notice"] == (name == "a notice shown")
    for left, top, right, bottom in seen["words"]:
        assert 0 <= left and 0 <= top and right <= width and bottom <= height
    _, chart_top, _, chart_bottom = seen["chart"]
    assert chart_bottom - chart_top >= 200  # the template's least chart height
    assert all(abs(p - c) <= 1 for p, c in zip(seen["plot"], seen["chart"]))  # plotly fills the chart's box


@pytest.mark.parametrize(("name", "width", "parent"), CASES)
def test_the_source_line_is_whole_and_in_sight(framed, name, width, parent):
    seen = framed[name, width, parent]
    left, top, right, bottom = seen["source"]
    assert 0 <= left and right <= width and 0 <= top and bottom <= seen["iframe"]["box"]["height"] + 1
    assert seen["source_overflow"] == [0, 0]
    assert seen["source_text"].startswith(("Source: Ministry of Unification", "출처: 통일부"))
    assert seen["source_text"].rstrip().endswith("nk-arrivals")  # the link back, after the whole line


@pytest.mark.parametrize("name", VIEWS)
def test_the_iframe_title_names_the_chart(framed, name):
    seen = framed[name, WIDTHS[0], PARENTS[0]]
    assert seen["iframe"]["title"] == seen["title"]


@pytest.mark.parametrize("query, scheme, dark", [("theme=light", "dark", False), ("theme=dark&from=abc", "light", True),
                                                  ("theme=auto", "dark", True), ("theme=auto", "light", False)])
def test_the_embed_themes_are_legible(browser, app_url, query, scheme, dark):
    """theme= wins over the reader's setting, auto follows it; axe finds no contrast or other serious problem in
    either, before and after plotly.js draws (the chart keeps its light card), a notice shown in the dark one."""
    def scenario(page):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{app_url}/embed?lang=ko&{query}")
        found = Axe().run(page).response["violations"]
        page.wait_for_selector("#chart.drawn")
        found += Axe().run(page).response["violations"]
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert ("from=abc" not in query) or page.locator(".notice").is_visible()
        return found, background

    violations, background = browser.page(scenario)
    assert (background == "rgb(18, 18, 18)") is dark, background
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations
            if v["impact"] in ("serious", "critical")] == []

"""The embed page: nothing from data or URL can become markup or close the figure's data block early."""

import json
import re

import lxml.html
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import requests

from dashboard import urls
from dashboard.app import create_app
from dashboard.serving import embed
from dashboard.templates import embed_snippet

HOSTILE = '</script><script>alert(1)</script>&"'


def test_hostile_text_stays_text():
    fig = go.Figure(layout={"title": {"text": HOSTILE}})
    page = embed.html_page(figure_json=pio.to_json(fig), plotly_src="/assets/plotly.js", title=HOSTILE,
                           subtitle=HOSTILE, key=[{"name": HOSTILE, "colour": 'red"><script>'}], summary=HOSTILE,
                           svg="", source=HOSTILE, notes=[HOSTILE], link='/?x="><script>', lang='en"><script>',
                           notices=[HOSTILE], notice_title=HOSTILE)
    assert "<script>alert" not in page and '"><script>' not in page
    block = re.search(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["layout"]["title"]["text"] == HOSTILE
    assert page.count("<script") == 3  # the data block, plotly.js and embed.js: nothing else


def test_snippet_escapes_its_url_and_title():
    snippet = embed_snippet('https://x/embed?a=1&b="2"', 'a "title"')
    iframe, script = lxml.html.fragments_fromstring(snippet)  # two elements: no quote broke out of an attribute
    assert iframe.get("src") == 'https://x/embed?a=1&b="2"' and iframe.get("title") == 'a "title"'
    assert script.tag == "script" and script.get("src") == "https://x/embed/resize.js"
    assert '"2"' not in snippet and '"title"' not in snippet


def test_notices_are_text_above_the_chart():
    words = {"figure_json": "{}", "plotly_src": "/p.js", "title": "t", "subtitle": "", "key": [], "summary": "",
             "svg": "", "source": "s", "notes": [], "link": "/", "lang": "en", "notice_title": "Not understood"}
    page = embed.html_page(**words, notices=('“sex” = “<script>” is not valid',))
    (notice,) = lxml.html.fromstring(page).find_class("notice")
    assert "<script>" in notice.text_content() and "<script>" not in page.split('class="notice"')[1][:200]
    assert not lxml.html.fromstring(embed.html_page(**words, notices=())).find_class("notice")


@pytest.fixture(scope="module")
def live_embed(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
        yield base + "/embed"


def test_embed_options_in_the_url(live_embed):
    """theme= sets the page's colours (auto follows the reader), plain= draws a picture, static= has no script;
    a value it cannot honour is a notice, as on the page."""
    def page(query):
        answer = requests.get(live_embed + query, timeout=60)
        assert answer.status_code == 200
        return lxml.html.fromstring(answer.content)

    default = page("?lang=en")
    assert default.get("data-theme") == "auto" and default.get("data-plain") is None
    assert len(default.xpath("//script[@src]")) == 2
    dark = page("?lang=en&theme=dark&plain=1")
    assert dark.get("data-theme") == "dark" and dark.get("data-plain") is not None
    still = page("?lang=en&static=1&theme=light")
    assert still.get("data-theme") == "light" and still.xpath("//script") == []
    assert still.xpath("//div[@id='chart']/svg")  # the server-drawn chart is the chart
    odd = page("?lang=en&theme=purple")
    assert odd.get("data-theme") == "auto" and "theme" in odd.xpath("string(//p[@class='notice'])")
    assert "theme=dark" in dark.find_class("source")[0].find("a").get("href")  # the link back keeps the theme
    assert "theme=" not in default.find_class("source")[0].find("a").get("href")


def test_oembed_keeps_the_theme_and_the_embed_options_of_the_address(arrivals):
    base = "https://news.example/charts/"
    item = embed.oembed(arrivals, base + "embed?sex=female&theme=dark&plain=1&static=1", base)
    iframe = lxml.html.fragments_fromstring(item["html"])[0]
    assert iframe.get("src").endswith("&theme=dark&plain=1&static=1")
    page = embed.oembed(arrivals, base + "?sex=female", base)  # a page's address: the reader's theme, options off
    src = lxml.html.fragments_fromstring(page["html"])[0].get("src")
    assert not [option for option in ("theme=", "plain=", "static=") if option in src]


@pytest.mark.parametrize("lang, against", [("en", "against"), ("ko", "비교")])
def test_a_compare_embed_draws_both_vintages_and_the_revision_per_period(live_embed, arrivals, lang, against):
    query = f"?lang={lang}&sex=both&from=2002&to=2011&asof=2016-06-30&vs=mou-en-2012"
    tree = lxml.html.fromstring(requests.get(live_embed + query, timeout=60).content)
    assert against in tree.xpath("string(//p[@class='subtitle'])")
    assert len(tree.xpath("//p[@class='key']/span")) == 4  # men and women, in each of the two vintages
    assert len(tree.xpath("//div[@id='revision']/svg")) == 3  # the revision chart, server-drawn at each width
    figure = json.loads(tree.xpath("string(//script[@id='revision-figure'])"))
    view = urls.parse(query, arrivals).view
    changes = arrivals.revision_by_period(view)
    assert {trace["meta"]["sex"]: trace["y"] for trace in figure["data"]} == {
        sex: [int(c) for c in rows["change"]] for sex, rows in changes.groupby("sex", sort=False)}
    main = json.loads(tree.xpath("string(//script[@id='figure'])"))
    assert [t["meta"].get("vs", False) for t in main["data"]] == [False, False, True, True]
    plain = lxml.html.fromstring(requests.get(live_embed + "?lang=en", timeout=60).content)
    assert not plain.xpath("//div[@id='revision']") and not plain.xpath("//script[@id='revision-figure']")

"""No chart text is clipped, covers another or is Hangul turned on its side, wherever a chart is drawn: plotly.js
drawing every figure, the live page (main chart after the takeover, the lower charts), the embed, and the exported
SVG at every image size; at 375, 800 and 1280 px, in English and Korean.

Headless Debian chromium measures every text element's box (tick labels, the unit, event markers, annotations,
titles, source lines); `text_problems` (support/chart_geometry.py) finds texts outside their chart's box and pairs
that overlap by more than 1 px. Two tick labels of one axis are excepted: plotly thins or turns them itself.
An exported image also keeps every text off its edges (title and source line at its padding); on the page and
the embed the title, key and source line are HTML around the chart.
Many charts per page load, and one page load per view at every width, keep the run short."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

from dashboard import urls
from dashboard.charts import figures, regions
from dashboard.charts.style import EMBED_HEIGHT, SIZES
from dashboard.data import BREAKDOWN_DIMENSIONS, CHARTS, FREQS, METRICS, PLACES, SEXES, View
from dashboard.exports import pack
from dashboard.text.catalogue import LANGS
from support.browser import open_page
from support.chart_geometry import drawn_texts, plotly_geometry, svg_geometry, text_problems

SLACK = 1.0  # px: glyph boxes are rounded to whole pixels
EDGE = 8  # px: an image's texts keep off its edges (its title, subtitle and source line start at its padding)
WIDTHS = {375: 340, 800: 440, 1280: 520}  # a chart's width -> the height the page gives it (urls.WIDTHS' ratios)
# A spread of views: the default (events on), a log scale, multi-year totals of an older publication, a narrow year
# range, two compare views (stacked men and women against a publication; a line as known on a day against
# another day), these six also on the page and the embed; stacked men and women, a share line.
SPREAD = [
    View(),
    View(metric="cumulative", log=True, chart="line"),
    View(vintage="mou-cn-2020", sex="both", buckets=True, chart="grouped"),
    View(start=2019, end=2021, sex="female"),
    View(sex="both", start=2002, end=2011, vs="mou-en-2012"),
    View(asof="2016-06-30", vs="2012-06-01", chart="line"),
    View(freq="quarter", sex="both"),  # quarters and half-years, with their gaps (these two also drawn live)
    View(freq="half", chart="line"),
    View(sex="both", start=2005, end=2025),
    View(metric="share", chart="line", events=False),
    View(freq="quarter", metric="share", chart="grouped"),
]
LIVE = 6  # views of SPREAD drawn on the live surfaces


def named(view: View) -> str:
    """A view by what differs from the default, for messages."""
    return ",".join(f"{f.name}={getattr(view, f.name)}" for f in dataclasses.fields(view)
                    if getattr(view, f.name) != f.default) or "default"


def problems(name: str, geometry: dict) -> list[str]:
    w, h = geometry["size"]
    assert any(t[0].strip() for t in geometry["texts"]), f"{name}: no text measured"
    return [f"{name} {w:.0f}×{h:.0f}: {p}" for p in sorted(text_problems(geometry, SLACK))]


def screen_figures(arrivals) -> dict[str, dict]:
    """Every distinct screen figure: each measure × sex × chart type, each sub-year frequency × sex × chart type,
    the spread's views, every breakdown (its latest table and all tables compared), the tile map of every table of
    a place breakdown and the newest revisions, in both languages."""
    out: dict[str, dict] = {}
    seen: set[str] = set()

    def add(name: str, figure) -> None:
        fig = figures.screen(figure)
        key = json.dumps({**fig, "layout": {**fig["layout"], "meta": None}}, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out[name] = fig

    for lang in LANGS:
        for metric, sex, chart in itertools.product(METRICS, SEXES, CHARTS):
            add(f"{metric}-{sex}-{chart}-{lang}", figures.main_chart(
                arrivals, View(metric=metric, sex=sex, chart=chart, lang=lang)))
        for freq, sex, chart in itertools.product(FREQS[1:], SEXES, CHARTS):
            add(f"{freq}-{sex}-{chart}-{lang}", figures.main_chart(
                arrivals, View(freq=freq, sex=sex, chart=chart, lang=lang)))
        for view in (dataclasses.replace(v, lang=lang) for v in SPREAD):
            add(named(view), figures.main_chart(arrivals, view))
            if view.vs:
                add(f"revision per period {named(view)}", figures.compare_figure(arrivals, view)[0])
        for metric, sex in itertools.product(METRICS, SEXES):  # every measure and sex against a publication
            view = View(metric=metric, sex=sex, vs="mou-en-2012", lang=lang)
            add(named(view), figures.main_chart(arrivals, view))
            add(f"revision per period {named(view)}", figures.compare_figure(arrivals, view)[0])
        for dimension in BREAKDOWN_DIMENSIONS:
            for vintage in ("latest", figures.COMPARE):
                add(f"{dimension}-{vintage}-{lang}", figures.breakdown_figure(arrivals, dimension, lang, vintage)[0])
        for dimension in PLACES:  # the tile map of every table of a place breakdown
            for vintage in arrivals.breakdown_vintages(dimension)["vintage"]:
                add(f"map-{dimension}-{vintage}-{lang}", regions.map_figure(arrivals, dimension, lang, vintage)[0])
        add(f"revisions-{lang}", figures.revision_figure(arrivals, None, lang)[0])
    return out


def test_every_figure_drawn_by_plotly_at_every_width(browser, arrivals):
    drawings = screen_figures(arrivals)
    jobs = [(name, w, h) for name in drawings for w, h in WIDTHS.items()]

    def draw(page):
        page.set_content("<!doctype html><html><body style='margin:0'></body></html>")
        return plotly_geometry(page, [(drawings[name], w, h) for name, w, h in jobs], texts_only=True)

    found = [p for (name, _, _), g in zip(jobs, browser.page(draw, timeout=300)) for p in problems(name, g)]
    assert not found, "\n".join(found)


# plotly.js has drawn the chart in `selector` at its box's present size
FITTED = """selector => { const gd = document.querySelector(selector);
  return !!gd && !!gd._fullLayout && !!gd.querySelector('.xtick text') &&
    Math.abs(gd._fullLayout.width - gd.clientWidth) < 1 && Math.abs(gd._fullLayout.height - gd.clientHeight) < 1; }"""


def at_every_width(page, name: str, selector: str, height: int) -> list[tuple[str, dict]]:
    """The texts of the chart in `selector` at each width of the window, as a reader turning a phone or
    widening the window sees it redrawn (responsive plotly.js)."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(FITTED, arg=selector)
        found += [(f"{name} at {width}", g) for g in drawn_texts(page, selector)]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_and_the_embed(browser, app_url, lang):
    """The page's main chart as plotly.js draws it after the takeover and its lower charts (server-drawn SVG,
    measured at their own size); the embed in a box of the snippet's height."""
    views = [dataclasses.replace(v, lang=lang) for v in SPREAD[:LIVE]]

    def page_charts(page):
        found, lower = [], {}
        for view in views:
            open_page(page, urls.page_url(view, base=app_url))
            found += at_every_width(page, f"page {named(view)}", "#main-chart .js-plotly-plot", 900)
            if view.vs:  # the revision per period under it, drawn by plotly.js too
                found += at_every_width(page, f"page revision {named(view)}", "#vs-chart .js-plotly-plot", 900)
            lower.update(dict.fromkeys(page.eval_on_selector_all("img.static-chart", "imgs => imgs.map(i => i.src)")))
        markup = [page.evaluate("src => fetch(src).then(r => r.text())", src) for src in lower]
        return found + [(f"lower chart {src}", g) for src, g in zip(lower, svg_geometry(page, markup, True))]

    def embed_charts(page):
        found = []
        for view in views:
            page.goto(urls.embed_url(view, base=app_url))
            page.wait_for_selector("#chart.drawn", state="attached")
            found += at_every_width(page, f"embed {named(view)}", "#chart .js-plotly-plot", EMBED_HEIGHT)
            if view.vs:
                found += at_every_width(page, f"embed revision {named(view)}", "#revision .js-plotly-plot",
                                        EMBED_HEIGHT)
        return found

    drawn = browser.page(page_charts, timeout=300) + browser.page(embed_charts, timeout=300)
    compared = sum(1 for v in views if v.vs)
    # the main charts at every width, a compare view's revision chart too, each breakdown, each map
    assert len(drawn) >= 2 * (len(views) + compared) * len(WIDTHS) + len(BREAKDOWN_DIMENSIONS) + len(PLACES)
    found = [p for name, g in drawn for p in problems(name, g)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_exported_svg_at_every_image_size(browser, arrivals, lang):
    """Images carry their title, subtitle, legend, source line and notes inside the figure: each size of
    charts/style.py as the exports make it (`pack.render`, the road of buttons, CLI and API), for the spread of
    views, a breakdown and a breakdown's tables compared."""
    views = [dataclasses.replace(v, lang=lang) for v in SPREAD]
    charts = {named(v): figures.main_chart(arrivals, v) for v in views}
    charts.update({f"revision per period {named(v)}": figures.compare_figure(arrivals, v)[0] for v in views if v.vs})
    charts["occupation"] = figures.breakdown_figure(arrivals, "occupation", lang)[0]
    charts["age compared"] = figures.breakdown_figure(arrivals, "age", lang, figures.COMPARE)[0]
    jobs = [(name, size) for name in charts for size in SIZES]
    markup = [pack.render(arrivals, View(lang=lang), "svg", size, fig=charts[name]).decode("utf-8")
              for name, size in jobs]

    def measure(page):
        page.set_content("<!doctype html><html><body style='margin:0'></body></html>")
        return svg_geometry(page, markup, texts_only=True)

    found = []
    for (name, size), geometry in zip(jobs, browser.page(measure)):
        found += problems(f"{name} {size}", geometry)
        w, h = geometry["size"]
        found += [f"{name} {size}: {t[0]!r} within {EDGE} px of the image's edge" for t in geometry["texts"]
                  if t[0].strip() and min(t[1], t[2], w - t[3], h - t[4]) < EDGE]
    assert not found, "\n".join(found)

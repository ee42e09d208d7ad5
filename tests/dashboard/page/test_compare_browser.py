"""asof= and vs= on the page, in headless Debian chromium, in English and Korean: the server's first paint (no
scripts) draws the series as known on the day, both vintages and the revision per period as static SVG, with a key
naming both, and the Table tab the compared value and the revision; after the takeover plotly.js draws the same, and
the controls move both parameters (a typed day, a publication chosen to compare with), the revision chart and the
Table's two columns appearing with the comparison."""

import pandas as pd
import pytest

from dashboard import urls
from dashboard.data import View
from dashboard.text.catalogue import t
from support.browser import open_page
from support.dash_page import more_options, wait_view

KEY = {"en": ("Men (latest)", "Men (published 11 Jan 2012)"), "ko": ("남성(최신)", "남성(2012년 1월 11일 공표)")}


TABLE = """() => { const table = document.querySelector('#main-table table');
    return {head: [...table.querySelectorAll('thead th')].map(th => th.textContent),
            rows: [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(td => td.textContent))}; }"""


def compared_cells(table: dict, lang: str) -> list[list[str]]:
    """The Table's compared value and revision in each row, found by their headers in the page's language."""
    at = [table["head"].index(t(f"col_{c}", lang)) for c in ("vs_value", "change")]
    return [[row[i] for i in at] for row in table["rows"]]


def expected_cells(arrivals, view: View) -> list[list[str]]:
    """The compared value and revision the data layer gives each row of `view`, as its data files carry them."""
    rows = arrivals.rows(view)
    return [["" if pd.isna(v) else str(v) for v in pair] for pair in zip(rows["vs_value"], rows["change"])]


def revisions(arrivals, view: View) -> dict[str, list]:
    """The revision per period the data layer gives for `view`, by sex: what the revision chart must draw."""
    frame = arrivals.revision_by_period(view)
    return {sex: [int(c) for c in rows["change"]] for sex, rows in frame.groupby("sex", sort=False)}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_first_paint_draws_both_vintages_and_the_revision_chart(browser, app_url, arrivals, lang):
    view = View(sex="both", start=2002, end=2011, vs="mou-en-2012", lang=lang)

    def first_paint(page):
        page.goto(urls.page_url(view, base=app_url))
        return page.evaluate("""() => ({
            hidden: document.querySelector('#vs-figure').hidden,
            svgs: document.querySelectorAll('#vs-figure .ssr-chart svg').length,
            bars: document.querySelectorAll('#vs-figure .ssr-chart svg.w760 .trace.bars > *').length,
            main: document.querySelectorAll('#chart .main-figure .ssr-chart svg.w760 .points > *').length,
            key: document.querySelector('#chart-key').textContent,
            subtitle: document.querySelector('#chart-subtitle').textContent,
            summary: document.querySelector('#vs-summary').textContent,
            table: (""" + TABLE + """)()})""")

    seen = browser.page(first_paint, java_script_enabled=False)
    changes = revisions(arrivals, view)
    assert not seen["hidden"] and seen["svgs"] == len(urls.WIDTHS)
    assert seen["bars"] == sum(len(c) for c in changes.values())  # a bar per period and sex both hold
    assert seen["main"] == sum(len(c) for c in changes.values())  # the other vintage's markers over the bars
    assert all(name in seen["key"] for name in KEY[lang])
    assert ("against" if lang == "en" else "비교") in seen["subtitle"] and seen["summary"]
    assert compared_cells(seen["table"], lang) == expected_cells(arrivals, view)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_after_the_takeover_the_controls_move_asof_and_vs(browser, app_url, arrivals, lang):
    def scenario(page):
        seen = {}
        open_page(page, urls.page_url(View(sex="both", start=2002, end=2011, lang=lang), base=app_url))
        seen["hidden"] = page.evaluate("document.querySelector('#vs-figure').hidden")
        seen["plain"] = page.evaluate(TABLE)["head"]
        more_options(page)
        page.click("#vs")
        page.click(".dash-dropdown-options label:has(input[value='mou-en-2012'])")
        drawn = wait_view(page, vs="mou-en-2012")
        page.wait_for_function("() => !document.querySelector('#vs-figure').hidden")
        page.wait_for_selector("#vs-chart .js-plotly-plot .point")
        seen["vs"] = drawn
        seen["table"] = page.evaluate(TABLE)
        seen["bars"] = page.evaluate("""() => document.querySelector('#vs-chart .js-plotly-plot').data
            .map(t => [t.meta.sex, t.y])""")
        page.fill("#asof", "2016-06-30")
        page.press("#asof", "Enter")
        seen["asof"] = wait_view(page, asof="2016-06-30", vs="mou-en-2012")
        page.go_back()
        seen["back"] = wait_view(page, asof="", vs="mou-en-2012")
        seen["box"] = page.evaluate("document.querySelector('#asof').value")
        return seen

    seen = browser.page(scenario)
    assert seen["hidden"] is True
    assert t("col_vs_value", lang) not in seen["plain"] and t("col_change", lang) not in seen["plain"]
    compared = View(sex="both", start=2002, end=2011, vs="mou-en-2012", lang=lang)
    assert dict(seen["bars"]) == revisions(arrivals, compared)
    assert compared_cells(seen["table"], lang) == expected_cells(arrivals, compared)
    overlay = [t for t in seen["vs"]["traces"] if t["type"] == "scatter"]
    assert [t["sex"] for t in overlay] == ["male", "female"]
    expected = arrivals.vs_series(compared)
    assert overlay[0]["y"] == [int(v) for v in expected[expected["sex"] == "male"]["value"]]
    assert "vs=mou-en-2012" in seen["vs"]["search"] and "asof=2016-06-30" in seen["asof"]["search"]
    known = arrivals.series(View(sex="both", start=2002, end=2011, asof="2016-06-30"))
    bars = [t for t in seen["asof"]["traces"] if t["type"] == "bar" and t["sex"] == "female"]
    assert bars[0]["y"] == [int(v) for v in known[known["sex"] == "female"]["value"]]
    assert "asof" not in seen["back"]["search"] and seen["box"] == ""

"""The URL is the page's state: a typed year commits whole, on a pause, Enter or leaving the box; every form sends
exactly the view's parameters (the language and the open tab included); Back and Forward restore the chart and
every control. Headless Debian chromium on the app at 127.0.0.1, in English and Korean, before the interactive
layer has arrived (the static page, with and without JavaScript) and after it.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest

from dashboard.urls import PAGE_PARAMS
from support.browser import open_page
from support.dash_page import controls, wait_view

LANGS = ("en", "ko")
TYPING_DELAY_MS = 400  # between two keys: a reader who looks at the keyboard


def pairs(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def assert_whole_view(url: str, **wanted: str) -> None:
    """The query names each page parameter at most once, none that the page does not know, and these values."""
    names = [name for name, _ in pairs(url)]
    assert len(names) == len(set(names)) and set(names) <= set(PAGE_PARAMS), names
    given = dict(pairs(url))
    assert {k: given.get(k) for k in wanted} == wanted, url


def notices(page) -> int:
    return page.locator("#notice li").count()


def type_year(page, selector: str, year: str) -> None:
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(year, delay=TYPING_DELAY_MS)


@pytest.mark.parametrize("lang", LANGS)
def test_a_year_typed_with_pauses_commits_whole(browser, app_url, lang):
    def scenario(page):
        seen = {}
        page.goto(f"{app_url}/?lang={lang}")  # typed into the static page: Dash arrives while the reader types
        type_year(page, "#year-from", "2010")
        page.wait_for_selector("#takeover.live")
        wait_view(page, start=2010, lang=lang)
        seen["static"] = page.evaluate("[document.querySelector('#year-from').value, location.search]"), notices(page)
        open_page(page, f"{app_url}/?lang={lang}")  # typed into Dash's page
        wait_view(page, lang=lang)
        entries = page.evaluate("history.length")
        type_year(page, "#year-to", "2019")
        drawn = wait_view(page, end=2019)
        seen["live"] = page.evaluate("[document.querySelector('#year-to').value, location.search]"), notices(page)
        seen["entries"] = page.evaluate("history.length") - entries
        seen["drawn"] = drawn["traces"][0]["x"][-1]
        type_year(page, "#year-to", "20")  # a part of a year, left to pause: nothing moves
        page.wait_for_timeout(2 * 800)
        seen["part"] = page.evaluate("[document.querySelector('#year-to').value, location.search]"), notices(page)
        seen["errors"] = page.errors
        return seen

    seen = browser.page(scenario)
    (box, search), shown = seen["static"]
    assert box == "2010" and "from=2010" in search and shown == 0
    (box, search), shown = seen["live"]
    assert box == "2019" and "to=2019" in search and shown == 0 and seen["drawn"] == "2019"
    assert seen["entries"] == 1  # one history entry for the typed year: no from=2, from=20, from=201
    (box, search), shown = seen["part"]
    assert box == "20" and "to=2019" in search and shown == 0
    assert seen["errors"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_enter_in_a_year_box_keeps_every_parameter(browser, app_url, lang):
    start = f"{app_url}/?lang={lang}&sex=female&ev=0&tab=table"
    wanted = {"lang": lang, "sex": "female", "ev": "0", "tab": "table", "from": "2010"}

    def by_enter(page, live: bool):
        if live:
            open_page(page, start)
        else:
            page.goto(start)
        page.fill("#year-from", "2010")
        page.press("#year-from", "Enter")
        page.wait_for_function("() => location.search.includes('from=2010')")
        page.wait_for_load_state()
        page.wait_for_selector("#chart-title")
        return page.url, notices(page)

    def no_script(page):
        seen = {"enter": by_enter(page, live=False)}
        page.select_option("#revision-period", "2009")  # the revisions form keeps the view too
        page.click("#revisions button[type=submit]")
        page.wait_for_function("() => location.search.includes('rev=2009')")
        seen["rev"] = page.url, notices(page)
        page.goto(start)
        assert page.locator("#chart .more[open]").count() == 1  # open: the view hides events
        page.select_option("select[name=ev]", "1")  # a flag without scripts: a yes/no choice, sent once
        page.click("#chart button[type=submit]")
        page.wait_for_function("() => location.search.includes('ev=1')")
        seen["flag"] = page.url, notices(page)
        return seen

    static = browser.page(lambda page: by_enter(page, live=False))
    live = browser.page(lambda page: by_enter(page, live=True))
    without = browser.page(no_script, java_script_enabled=False)
    for url, shown in (static, live, without["enter"]):
        assert_whole_view(url, **wanted)
        assert shown == 0
    assert_whole_view(without["rev"][0], **{**wanted, "rev": "2009"})
    assert_whole_view(without["flag"][0], **{**wanted, "from": "2002", "ev": "1"})
    assert without["rev"][1] == without["flag"][1] == 0


@pytest.mark.parametrize("lang", LANGS)
def test_back_and_forward_restore_the_chart_and_every_control(browser, app_url, lang):
    def scenario(page):
        open_page(page, f"{app_url}/?lang={lang}")
        states = [(wait_view(page, lang=lang), controls(page))]
        page.click("#metric label:has(input[value=share])")
        states.append((wait_view(page, metric="share"), controls(page)))
        page.fill("#year-from", "2010")
        page.press("#year-from", "Enter")
        states.append((wait_view(page, metric="share", start=2010), controls(page)))
        page.click("#chart-type label:has(input[value=line])")
        states.append((wait_view(page, metric="share", start=2010, chart="line"), controls(page)))
        walked = []
        for step, index in [("back", 2), ("back", 1), ("back", 0), ("forward", 1), ("forward", 2), ("forward", 3)]:
            page.go_back() if step == "back" else page.go_forward()
            search = states[index][0]["search"]
            page.wait_for_function("s => location.search === s", arg=search)
            view = {"metric": "count", "chart": "bar", "from": "1998", **dict(parse_qsl(search.lstrip("?")))}
            drawn = wait_view(page, metric=view["metric"], chart=view["chart"], start=int(view["from"]))
            page.wait_for_function("""wanted => {
                const v = document.querySelector('#metric input:checked').value;
                return v === wanted.metric && document.querySelector('#year-from').value === wanted.from &&
                       document.querySelector('#chart-type input:checked').value === wanted.chart; }""",
                                   arg=states[index][1])
            walked.append((index, drawn, controls(page)))
        return states, walked, page.errors

    states, walked, errors = browser.page(scenario)
    assert [s[1]["from"] for s in states] == ["2002", "2002", "2010", "2010"]  # the years the chart draws
    for index, drawn, shown in walked:
        assert drawn["traces"] == states[index][0]["traces"] and drawn["search"] == states[index][0]["search"]
        assert shown == states[index][1], index
    assert errors == []

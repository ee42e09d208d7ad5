"""The dashboard in headless Debian chromium: every control, the chart's drawn data against datasets/, the URL
round trip, the language switch, the keyboard walk, bad URL parameters, an axe-core audit, a phone-sized screen,
the screenshot.

Every wait is on a condition in the page (the figure's `layout.meta.view` says what is drawn), never a sleep.
Each scenario opens the page as a reader does and makes it interactive (`open_page`: the first interaction
loads Dash, whose page then replaces the static first paint).
"""


import pandas as pd
import pytest
from axe_playwright_python.sync_playwright import Axe

from support.browser import open_page
from support.dash_page import controls, more_options, tab_to, wait_view
from support.paths import ARRIVALS as DATASETS
from support.screenshot import capture

# axe rules that fire only inside Dash's own components, with the class that marks the component's own markup;
# the upstream reasons are in docs/accessibility.md.
DASH_OWN = {
    "aria-hidden-focus": "dash-dropdown-focus-target",  # dcc.Dropdown: aria-hidden focus target input
}


def oracle(name: str) -> pd.DataFrame:
    """A committed dataset file read directly with pandas: the figures the chart must show."""
    return pd.read_csv(DATASETS / f"{name}.csv", dtype={"period_start": str}, keep_default_na=False)


def whole_years(frame: pd.DataFrame) -> pd.DataFrame:
    single = (frame["period_start"].str[:4] == frame["period_end"].str[:4]) & \
        frame["period_start"].str.endswith("-01-01") & frame["period_end"].str.endswith("-12-31")
    return frame[single].assign(year=frame["period_end"].str[:4].astype(int))


def expected(vintage: str | None, sex: str, first: int, last: int) -> list[int]:
    rows = whole_years(oracle("latest") if vintage is None else oracle("vintages").query("vintage == @vintage"))
    rows = rows[(rows["sex"] == sex) & rows["year"].between(first, last) & (rows["year"] > 2001)]
    return [int(c) for c in rows.sort_values("year")["count"]]


def table_rows(page, vintage: str) -> int:
    """Rows of the table in the chart card's Table tab, once every row comes from `vintage` (named as the Table
    names it: its title)."""
    page.click("#tabs a[data-tab=table]")
    page.wait_for_selector("#main-table", state="visible")
    page.wait_for_function("""vintage => {
        const rows = Array.from(document.querySelectorAll('#main-table tbody tr'));
        return rows.length > 0 && rows.every(r => r.textContent.includes(vintage));
    }""", arg=vintage)
    return page.locator("#main-table tbody tr").count()


def by_sex(drawn, sex):
    return next(t for t in drawn["traces"] if t["sex"] == sex)


def test_every_control_changes_the_chart_and_the_url_restores_it(browser, app_url):
    def scenario(page):
        open_page(page, app_url + "/")
        drawn = wait_view(page, metric="count", sex="total")
        (total,) = drawn["traces"]
        assert total["y"] == expected(None, "total", 1998, 2025) and total["x"][0] == "2002"
        assert drawn["title"] == "North Koreans arriving in South Korea"

        page.click("#metric label:has-text('Women')")
        drawn = wait_view(page, metric="share")
        female, all_ = expected(None, "female", 2002, 2025), expected(None, "total", 2002, 2025)
        assert drawn["traces"][0]["y"] == [round(f / t * 100, 1) for f, t in zip(female, all_)]
        assert "metric=share" in drawn["search"]

        page.focus("#metric input[value=share]")  # keyboard: arrow keys move within the radio group
        page.keyboard.press("ArrowUp")
        wait_view(page, metric="count")

        page.click("#sex label:has-text('Men and women')")
        drawn = wait_view(page, sex="both")
        assert by_sex(drawn, "male")["y"] == expected(None, "male", 2002, 2025)
        assert by_sex(drawn, "female")["y"] == expected(None, "female", 2002, 2025)
        assert drawn["barmode"] == "stack"

        page.click("#chart-type label:has-text('side by side')")
        assert wait_view(page, chart="grouped")["barmode"] == "group"
        page.click("#chart-type label:has-text('Line')")
        drawn = wait_view(page, chart="line")
        assert {t["type"] for t in drawn["traces"]} == {"scatter"}

        more_options(page)
        page.click("#options label:has-text('multi-year')")
        drawn = wait_view(page, buckets=True)
        assert by_sex(drawn, "male")["x"][:2] == ["up to 1998", "1999–2001"]  # buckets marked as ranges
        page.click("#options label:has-text('Log scale')")
        assert wait_view(page, log=True)["yaxis"] == "log"
        assert any(s.startswith("event-") for s in drawn["shapes"])
        page.click("#options label:has-text('Show events')")
        assert not any(s.startswith("event-") for s in wait_view(page, events=False)["shapes"])

        page.fill("#year-from", "2005")
        page.press("#year-from", "Enter")
        page.fill("#year-to", "2011")
        page.press("#year-to", "Enter")
        drawn = wait_view(page, start=2005, end=2011)
        assert by_sex(drawn, "female")["x"] == [str(y) for y in range(2005, 2012)]

        page.click("#vintage")
        page.click(".dash-dropdown-options label:has(input[value='mou-en-2012'])")
        drawn = wait_view(page, vintage="mou-en-2012")
        assert by_sex(drawn, "male")["y"] == expected("mou-en-2012", "male", 2005, 2011)
        assert by_sex(drawn, "female")["y"] == expected("mou-en-2012", "female", 2005, 2011)
        page.go_back()  # the browser's history moves the controls too (the URL side of the one callback)
        wait_view(page, vintage="latest", start=2005, end=2011)
        assert controls(page)["vintage"] == "Latest figures"
        page.go_forward()
        drawn = wait_view(page, vintage="mou-en-2012")
        before = controls(page)
        title = "Number of North Korean Refugees in South Korea in 2011"   # mou-en-2012, as the Table names it
        assert table_rows(page, title) == 2 * 7  # the table holds exactly the drawn rows

        search = drawn["search"]
        for name in ("from=2005", "to=2011", "sex=both", "metric=count", "vintage=mou-en-2012", "chart=line",
                     "log=1", "b=1", "ev=0"):
            assert name in search
        open_page(page, app_url + "/" + search)  # a fresh load of the shared link gives the identical view
        again = wait_view(page, vintage="mou-en-2012", start=2005, end=2011, chart="line")
        assert again["traces"] == drawn["traces"] and controls(page) == before
        assert page.errors == []

    browser.page(scenario)


def test_keyboard_then_language_switch_keeps_the_view(browser, app_url):
    def scenario(page):
        open_page(page, app_url + "/?sex=female&from=2010")
        wait_view(page, sex="female", start=2010, lang="en")
        more_options(page)
        assert page.evaluate("document.documentElement.lang") == "en"
        page.wait_for_selector("#vintage-value")
        page.focus("#chart .more summary")  # keyboard only: Tab into the dropdown, open, pick, confirm
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest('[role=listbox]') !== null")  # list is open
        page.keyboard.press("ArrowDown")
        listed = page.eval_on_selector_all(".dash-dropdown-options label input", "els => els.map(e => e.value)")
        assert listed[0] == "latest" and set(listed[1:]) <= set(oracle("publications")["publication"])
        first_archived = listed[1]  # the newest MOU table, the one after "latest" (tables come first)
        page.wait_for_function(f"() => document.activeElement.value === '{first_archived}'")
        page.keyboard.press("Enter")
        wait_view(page, vintage=first_archived)
        page.focus("#options input[value=buckets]")
        page.keyboard.press("Space")
        wait_view(page, buckets=True)
        page.click("#lang-link")
        page.wait_for_function("() => document.documentElement.lang === 'ko'")
        open_page(page, page.url)
        drawn = wait_view(page, sex="female", start=2010, lang="ko", vintage=first_archived, buckets=True)
        page.click("#vintage")
        page.click(".dash-dropdown-options label:has(input[value='latest'])")
        drawn = wait_view(page, sex="female", start=2010, lang="ko", vintage="latest")
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert drawn["title"] == "북한이탈주민 입국 인원" and drawn["lang"] == "ko"
        assert drawn["traces"][0]["y"] == expected(None, "female", 2010, 2025)
        assert "여성" in page.inner_text("#sex") and "북향민" in page.inner_text("main")
        assert "34,537명" in page.inner_text("#headlines")  # numbers formatted for the locale
        page.click("#lang-link")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        open_page(page, page.url)
        wait_view(page, sex="female", lang="en")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.errors == []

    browser.page(scenario)


def test_bad_url_parameters_show_a_notice_and_defaults(browser, app_url):
    def scenario(page):
        url = app_url + "/?from=abc&sex=<script>window.pwned=1</script>&vintage=nope&zzz=1&to=2015"
        page.goto(url)  # the static first paint says so too, before any script has run
        assert page.locator("#ssr #notice li").count() == 4
        open_page(page, url)
        drawn = wait_view(page, sex="total", vintage="latest", end=2015)
        page.wait_for_selector("#notice li")
        notice = page.inner_text("#notice")
        assert "“from” = “abc”" in notice and "<script>window.pwned=1</script>" in notice and "zzz" in notice
        assert page.locator("#notice li").count() == 4
        assert page.evaluate("window.pwned") is None  # shown as text, never run or parsed as HTML
        assert page.locator("#notice script").count() == 0
        assert drawn["traces"][0]["y"] == expected(None, "total", 2002, 2015)
        assert page.errors == []

    browser.page(scenario)


@pytest.mark.parametrize("scheme, query", [("light", ""), ("dark", ""), ("light", "theme=dark"),
                                           ("dark", "theme=light")])
def test_axe_finds_nothing_serious_outside_dash_components(browser, app_url, scheme, query):
    """In the reader's system theme (prefers-color-scheme) and in the one the URL sets over it, on the static
    first paint and on Dash's page (its own components too: style.css gives them both themes)."""
    def scenario(page):
        page.goto(f"{app_url}/?{query}")
        static = Axe().run(page).response["violations"]  # the static first paint, before any script
        open_page(page, f"{app_url}/?{query}")
        wait_view(page)
        more_options(page)  # the vintage menu (Dash's dropdown) in view, for axe to read
        seen = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
            getComputedStyle(document.querySelector('#takeover .chart-card')).backgroundColor,
            getComputedStyle(document.querySelector('#takeover .years input')).backgroundColor]""")
        return static + Axe().run(page).response["violations"], seen

    violations, (page_bg, card_bg, field_bg) = browser.page(scenario, color_scheme=scheme)
    dark = (query.removeprefix("theme=") or scheme) == "dark"  # the URL's theme, else the reader's
    assert (page_bg, card_bg, field_bg) == (("rgb(18, 18, 18)", "rgb(26, 26, 26)", "rgb(26, 26, 26)") if dark else
                                            ("rgb(250, 250, 250)", "rgb(255, 255, 255)", "rgb(255, 255, 255)"))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    ours = [(v["id"], node["target"]) for v in serious for node in v["nodes"]
            if DASH_OWN.get(v["id"], "\0") not in node["html"]]
    assert ours == []
    # assets/a11y.js: the radio and checkbox groups are native inputs named by their fieldset, no listbox roles
    assert not {v["id"] for v in violations} & {"aria-input-field-name", "nested-interactive", "aria-allowed-role"}


def test_charts_below_the_card_are_there_at_once_and_follow_their_controls(browser, app_url):
    def scenario(page):
        page.goto(app_url + "/?rev=2011")
        loaded = "id => { const img = document.querySelector('#ssr #' + id); return img && img.complete && " \
                 "img.naturalWidth > 0 }"
        before = {i: page.evaluate(loaded, i) for i in ("breakdown-age-chart", "revision-chart")}  # no scrolling
        keys = {"static": [page.inner_text(f"#ssr #{k}") for k in ("revision-key", "breakdown-education-key")]}
        open_page(page, app_url + "/?rev=2011")
        title = page.inner_text("#revision-title")
        keys["live"] = [page.inner_text(f"#takeover #{k}") for k in ("revision-key", "breakdown-education-key")]
        src = page.get_attribute("#breakdown-age-chart", "src")
        page.click("#breakdown-age-vintage")
        page.click(".dash-dropdown-options label:has(input[value='compare'])")
        page.wait_for_function("() => document.querySelector('#breakdown-age-chart').src.includes('bv=compare')")
        compared = page.get_attribute("#breakdown-age-chart", "src"), page.inner_text("#breakdown-age-key")
        return before, title, src, compared, keys

    before, title, src, (compared, key), keys = browser.page(scenario)
    for revision_key, education_key in keys.values():  # a legend on both, on the server's paint and after
        assert all(f"{sex} (first published: {n})" in revision_key
                   for sex, n in (("Men", "819"), ("Women", "1,918"), ("Total", "2,737"))), revision_key
        assert education_key.strip() == "Men"
    assert keys["static"] == keys["live"]
    assert before == {"breakdown-age-chart": True, "revision-chart": True}  # drawn before any scroll or script
    assert title.startswith("2011")  # the period the URL asked for, not the default
    assert src.startswith("/charts/breakdown.svg?") and "dimension=age" in src
    assert "bv=compare" in compared and "to September 2020" in key and "to December 2022" in key


def test_phone_width_has_no_sideways_scroll(browser, app_url):
    def scenario(page):
        open_page(page, app_url + "/?sex=both")
        wait_view(page, sex="both")
        return page.evaluate("""() => ({page: document.documentElement.scrollWidth,
                                        chart: document.querySelector('#main-chart').getBoundingClientRect().width})""")

    widths = browser.page(scenario, viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    assert widths["page"] <= 375 and 300 <= widths["chart"] <= 375


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_phone_width_sources_tab_shows_what_other_figures_count_without_sideways_scroll(browser, app_url, lang):
    """The 'Not MOU figures' table has a column saying what each figure counts (Hanawon admissions, not arrivals);
    it wraps on a phone instead of pushing the page sideways."""
    def scenario(page):
        open_page(page, app_url + f"/?tab=sources&from=2020&to=2021&lang={lang}")
        page.wait_for_selector("#other-figures", state="visible")
        return page.evaluate("""() => ({page: document.documentElement.scrollWidth,
            table: document.querySelector('.other-figures table').getBoundingClientRect().right,
            counted: [...document.querySelectorAll('.other-figures td[data-counted]')].map(
                td => [td.dataset.counted, td.innerText])})""")

    seen = browser.page(scenario, viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    admissions = {"en": "Hanawon admissions (not arrivals)", "ko": "하나원 입소 인원(입국 인원 아님)"}[lang]
    assert sorted(seen["counted"]) == [["admissions", admissions]] * 2 + [["arrivals", {"en": "arrivals",
                                                                                        "ko": "입국 인원"}[lang]]]
    assert seen["page"] <= 375 and seen["table"] <= 375, seen


def test_screenshot_script_draws_the_running_app(browser, app_url, tmp_path):
    path = browser.page(lambda page: capture(page, app_url, tmp_path / "shot.png"))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1280


def typed(page, text: str) -> None:
    """Replace a field's text from the keyboard and confirm it."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_every_control_and_tab_is_reached_by_tab_and_works_from_the_keyboard(browser, app_url):
    """Walks the page in Tab order from its top; the vintage dropdown and the multi-year box are operated from the
    keyboard in test_keyboard_then_language_switch_keeps_the_view, so here they only need to be reached."""
    def scenario(page):
        open_page(page, app_url + "/")
        wait_view(page, metric="count", sex="total")
        page.evaluate("document.activeElement.blur()")
        passed = tab_to(page, "#metric")
        page.keyboard.press("ArrowRight")
        assert "metric=share" in wait_view(page, metric="share")["search"]
        page.keyboard.press("ArrowLeft")
        wait_view(page, metric="count")
        passed += tab_to(page, "#sex")
        page.keyboard.press("ArrowRight")
        assert by_sex(wait_view(page, sex="male"), "male")["y"] == expected(None, "male", 2002, 2025)
        passed += tab_to(page, "#year-from")
        typed(page, "2005")
        wait_view(page, start=2005)
        passed += tab_to(page, "#year-to")
        typed(page, "2011")
        drawn = wait_view(page, start=2005, end=2011)
        assert by_sex(drawn, "male")["x"] == [str(y) for y in range(2005, 2012)] and "to=2011" in drawn["search"]
        passed += tab_to(page, "#chart-type")
        page.keyboard.press("ArrowRight")
        assert "chart=grouped" in wait_view(page, chart="grouped")["search"]
        passed += tab_to(page, "#chart .more summary")
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('#chart .more').open")
        passed += tab_to(page, "#options input[value=log]")
        page.keyboard.press("Space")
        assert wait_view(page, log=True)["yaxis"] == "log"
        passed += tab_to(page, "#options input[value=events]")
        page.keyboard.press("Space")
        drawn = wait_view(page, log=True, events=False)
        assert not any(s.startswith("event-") for s in drawn["shapes"]) and "ev=0" in drawn["search"]
        panels = {"table": "#main-table", "sources": "#main-citation", "download": "#quote-0",
                  "share": "#embed-snippet"}
        for tab, shown in panels.items():
            passed += tab_to(page, f"#tabs a[data-tab={tab}]")
            page.keyboard.press("Enter")
            page.wait_for_selector(shown, state="visible")
            assert f"tab={tab}" in page.evaluate("window.location.search")
        tab_to(page, "#tabs a[data-tab=chart]", back=True)
        page.keyboard.press("Enter")
        page.wait_for_selector("#main-table", state="hidden")
        search = page.evaluate("window.location.search")
        assert "tab=chart" in search or "tab=" not in search
        wait_view(page, sex="male", start=2005, end=2011, chart="grouped", log=True, events=False)  # view kept
        return passed, page.errors

    passed, errors = browser.page(scenario)
    assert "vintage" in passed and "options:buckets" in passed  # the dropdown and the multi-year box, on the way
    assert errors == []


MODEBAR = "() => document.querySelectorAll('.modebar-btn, .modebar a[href]').length"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_modebar_button_saves_an_image_or_leaves_the_site(browser, app_url, lang):
    """plotly's camera saves a PNG without the source line our exports carry; its cloud buttons open plotly's site."""
    def scenario(page):
        open_page(page, f"{app_url}/?lang={lang}")
        wait_view(page, lang=lang)
        page.hover("#main-chart .main-svg")  # where plotly shows its mode bar
        seen = [page.evaluate(MODEBAR)]
        page.goto(f"{app_url}/embed?lang={lang}")
        page.wait_for_selector("#chart.drawn .main-svg", state="attached")
        page.hover("#chart.drawn .main-svg")
        return [*seen, page.evaluate(MODEBAR)]

    assert browser.page(scenario) == [0, 0]

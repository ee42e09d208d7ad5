"""The one URL <-> controls callback, called directly: a control writes only its own parameters into the URL and
keeps every other one; the URL moves every control; the year boxes show the years the chart draws."""

import re

from dash import no_update
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import View
from dashboard.page import callbacks, ids
from dashboard.urls import PAGE_PARAMS, default_revision, default_view, encode, parse


def controls(view: View, arrivals, revision=None):
    return list(callbacks.controls_from_view(view, revision or default_revision(arrivals), arrivals))


def test_sync_control_moves_the_url(arrivals):
    view = default_view(arrivals)
    values = controls(view, arrivals)
    values[1] = "both"  # sex
    search, *rest = callbacks.sync(ids.SEX, "", values, "en", arrivals)
    assert parse(search, arrivals).view == View(**{**view.__dict__, "sex": "both"})
    assert all(v is no_update for v in rest[:len(callbacks.CONTROLS)])
    notices, lang_link, reload, tabs, _ = rest[len(callbacks.CONTROLS):]
    assert notices == [] and "lang=ko" in lang_link and "sex=both" in lang_link and reload is no_update
    assert all("sex=both" in tab.href for tab in tabs)  # the tabs follow the view


def test_a_control_keeps_every_other_parameter_of_the_url(arrivals):
    search = encode(View(start=1998, end=2025, lang="ko", events=False), 2011, "table")
    values = controls(parse(search, arrivals).view, arrivals, 2011)
    values[callbacks.CONTROLS.index(ids.CHART)] = "line"
    moved = parse(callbacks.sync(ids.CHART, search, values, "ko", arrivals)[0], arrivals)
    assert moved.view == View(start=1998, end=2025, lang="ko", events=False, chart="line")
    assert moved.tab == "table" and moved.revision == 2011  # the boxes said 2002 (drawn): the URL keeps 1998


def test_a_year_box_out_of_range_leaves_the_url_and_shows_the_years_drawn(arrivals):
    view = default_view(arrivals)
    values = controls(view, arrivals)
    values[2] = 1800  # from
    search, *rest = callbacks.sync(ids.YEAR_FROM, "?sex=male", values, "en", arrivals)
    moved = dict(zip(callbacks.CONTROLS, rest))
    assert search is no_update and moved[ids.YEAR_FROM] == 2002 and moved[ids.SEX] == "male"


def test_year_boxes_show_the_years_the_chart_draws(arrivals):
    assert controls(View(start=1998, end=2025), arrivals)[2:4] == [2002, 2025]  # no multi-year totals: from 2002
    assert controls(View(start=1998, end=2025, buckets=True), arrivals)[2:4] == [1998, 2025]
    assert controls(View(start=1998, end=2025, vintage="mou-en-2012"), arrivals)[2:4] == [2002, 2011]


def test_sync_url_moves_the_controls(arrivals):
    old = default_view(arrivals)
    search = encode(View(**{**old.__dict__, "metric": "yoy", "start": 2010}), 2011)
    out = callbacks.sync(ids.URL, search, controls(old, arrivals), "en", arrivals)
    assert out[0] is no_update
    moved = dict(zip(callbacks.CONTROLS, out[1:1 + len(callbacks.CONTROLS)]))
    assert moved[ids.METRIC] == "yoy" and moved[ids.YEAR_FROM] == 2010 and moved[ids.REV_PERIOD] == 2011
    assert moved[ids.SEX] is no_update  # unchanged controls are left alone


def test_sync_url_in_another_language_reloads(arrivals):
    out = callbacks.sync(ids.URL, "?lang=ko", controls(default_view(arrivals), arrivals), "en", arrivals)
    reload = 1 + len(callbacks.CONTROLS) + 2
    assert out[reload] == "?lang=ko" and all(v is no_update for i, v in enumerate(out) if i != reload)


def test_sync_url_opens_the_tab_it_names(arrivals):
    view = default_view(arrivals)
    out = callbacks.sync(ids.URL, encode(view, 2011, "sources"), controls(view, arrivals, 2011), "en", arrivals)
    tabs, panels = out[-2:]
    assert panels == "panels tab-sources"
    assert [tab.children for tab in tabs if getattr(tab, "aria-current", None) == "page"] == ["Sources"]
    search = callbacks.sync(ids.SEX, encode(view, 2011, "table"), controls(view, arrivals, 2011), "en", arrivals)[0]
    assert search is no_update or "tab=table" in search  # a control keeps the open tab


@settings(max_examples=60, deadline=None)
@given(trigger=st.sampled_from(callbacks.CONTROLS),
       value=st.one_of(st.none(), st.integers(-5, 10_000), st.text(max_size=12),
                       st.lists(st.sampled_from(["log", "buckets", "events", "x"]), max_size=4)),
       tab=st.sampled_from(["chart", "table", "download"]), lang=st.sampled_from(["en", "ko"]))
def test_any_control_value_gives_a_url_of_the_page_parameters_each_once(arrivals, trigger, value, tab, lang):
    search = encode(View(start=2005, end=2015, lang=lang, sex="female"), 2009, tab)
    values = controls(parse(search, arrivals).view, arrivals, 2009)
    values[callbacks.CONTROLS.index(trigger)] = value
    out = callbacks.sync(trigger, search, values, lang, arrivals)[0]
    state = parse(search if out is no_update else out, arrivals)
    assert not state.notices and state.tab == tab and state.view.lang == lang
    names = [pair.split("=")[0] for pair in (search if out is no_update else out).lstrip("?").split("&")]
    assert len(names) == len(set(names)) and set(names) <= set(PAGE_PARAMS)


def test_a_control_and_the_url_keep_the_theme_the_url_set(arrivals):
    """theme=dark stays through a control's move, and the language link and the tabs the callback writes keep it."""
    view = default_view(arrivals)
    search = encode(view, None, theme="dark")
    values = controls(view, arrivals)
    values[1] = "female"  # sex
    new, *rest = callbacks.sync(ids.SEX, search, values, "en", arrivals)
    assert parse(new, arrivals).theme == "dark" and parse(new, arrivals).view.sex == "female"
    for trigger, url in ((ids.SEX, search), (ids.URL, search)):
        out = callbacks.sync(trigger, url, values, "en", arrivals)
        _, lang_link, _, tabs, _ = out[1 + len(callbacks.CONTROLS):]
        assert "theme=dark" in lang_link and all("theme=dark" in tab.href for tab in tabs)

def vintage_menu(view: View, arrivals) -> list[dict]:
    return callbacks.main_answer(view, arrivals)[[k for k, *_ in callbacks.MAIN_OUTPUTS].index("vintage_options")]


def test_the_vintage_menu_names_mou_publications_by_kind_and_date_never_by_id_or_host(arrivals):
    menu = vintage_menu(View(start=1998, end=2025), arrivals)
    assert menu[0] == {"label": "Latest figures", "value": "latest"}
    published = arrivals.publication_list().set_index("publication")
    assert {o["value"] for o in menu[1:]} <= set(published.index)  # MOU publications only: no press page
    kinds = [published.at[o["value"], "kind"] for o in menu[1:]]
    assert kinds == sorted(kinds, key=lambda k: k != "table")  # tables first, then announcements
    assert menu[1]["label"].startswith("MOU table “Recent status of North Korean defectors")
    assert "published on or after 4 Feb 2026 (date not stated): figures to December 2025" in menu[1]["label"]
    feb = next(o["label"] for o in menu if o["value"] == "mou-announcement-2026-02-04")
    assert feb == "MOU announcement, published 4 Feb 2026: figures to December 2025 (reported by Newsis; Segye Ilbo)"
    host = re.compile(r"\b[a-z0-9-]+\.(com|co\.kr|net|org|kr|info)\b|\b(press|mou)-[a-z0-9-]*\d{4}|bafy", re.I)
    for lang in ("en", "ko"):
        labels = [o["label"] for o in vintage_menu(View(start=1998, end=2025, lang=lang), arrivals)]
        assert [label for label in labels if host.search(label)] == []


def test_the_vintage_menu_holds_only_publications_drawing_figures_for_the_years_shown(arrivals):
    recent = {o["value"] for o in vintage_menu(View(start=2024, end=2025), arrivals)}
    assert "mou-kr-2025" in recent and "mou-cn-2020" not in recent and "mou-en-2012" not in recent
    for value in recent - {"latest"}:  # each draws something: no entry answers "No figures in this view"
        assert len(arrivals.series(View(start=2024, end=2025, vintage=value, buckets=True)))
    korean = vintage_menu(View(start=2024, end=2025, lang="ko"), arrivals)
    assert any(o["label"].startswith("통일부 발표, 2026년 2월 4일 공표") for o in korean)

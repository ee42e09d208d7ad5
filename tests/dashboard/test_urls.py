"""URL state, the page layout, citations and the index page (the URL<->controls callback: page/test_state.py)."""

import ast
from urllib.parse import urlencode

import lxml.html
import pytest
from dash import html
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import Arrivals, View
from dashboard.page import ids, layout, outputs
from dashboard.text import citations, locale
from dashboard.text.catalogue import t
from dashboard.urls import SHOWN_VALUE, TABS, THEMES, BadParameter, default_view, encode, parse, parse_strict
from support.paths import ARRIVALS as DATASETS


@pytest.fixture(scope="module")
def arrivals() -> Arrivals:
    return Arrivals.load(DATASETS)


def test_round_trip(arrivals):
    view = View(metric="share", sex="female", start=2005, end=2020, vintage="mou-cn-2020", chart="line", log=True,
                buckets=True, events=False, lang="ko")
    state = parse(encode(view, 2009), arrivals)
    assert state.view == view and state.revision == 2009 and not state.notices
    assert encode(view, None).startswith("?from=2005&to=2020&sex=female&metric=share&vintage=mou-cn-2020&lang=ko")


def test_empty_url_is_the_default_view(arrivals):
    state = parse("", arrivals)
    first, last = arrivals.years()
    assert state.view == default_view(arrivals) == View(start=first, end=last) and not state.notices


@pytest.mark.parametrize("query, name", [
    ("from=abc", "from"), ("to=1800", "to"), ("sex=<script>alert(1)</script>", "sex"), ("metric=rate", "metric"),
    ("vintage=nope", "vintage"), ("lang=fr", "lang"), ("chart=pie", "chart"), ("log=yes", "log"), ("b=2", "b"),
    ("rev=1950", "rev"), ("zzz=1", "zzz"),
])
def test_bad_parameters_fall_back_with_a_notice(arrivals, query, name):
    state = parse("?" + query, arrivals)
    assert state.view == default_view(arrivals)
    (notice,) = state.notices
    assert notice.name == name
    text = notice.text("en")
    assert name in text and ("default" in text or "ignored" in text)
    assert parse("?" + query + "&sex=female", arrivals).view.sex == "female"  # the good ones still apply


def test_swapped_years_are_put_in_order(arrivals):
    state = parse("?from=2020&to=2010", arrivals)
    assert (state.view.start, state.view.end) == (2010, 2020) and state.notices[0].kind == "order"


def test_long_bad_values_are_shortened(arrivals):
    (notice,) = parse("?sex=" + "x" * 500, arrivals).notices
    assert len(notice.value) < 50


@pytest.mark.parametrize("value", ["x" * 500, "\x00" * 50, "\U0001342f" * 40, "'\"" * 30, "가" * 100])
def test_a_refused_value_is_quoted_at_most_shown_value_characters_written_out(arrivals, value):
    with pytest.raises(BadParameter) as refused:
        parse_strict([("sex", value)], arrivals, ("sex",))
    quoted = str(refused.value).removeprefix("sex=").split(" is not valid")[0]
    assert len(quoted) <= SHOWN_VALUE + 3 and quoted.endswith("…" + quoted[0])  # its quotes and the ellipsis
    shown = ast.literal_eval(quoted.replace("…", ""))
    assert value.startswith(shown) and len(shown) < len(value) and quoted.isprintable()


def cells(table: html.Table) -> tuple[list[str], list[list[str]]]:
    """(header texts, body rows of cell texts) of a outputs.data_table (the first of the main table's children:
    the Table, then for hl= the highlighted figure's citation)."""
    head, body = (table[0] if isinstance(table, list) else table).children
    return [th.children for th in head.children.children], [[td.children for td in tr.children] for tr in body.children]


def test_main_outputs_table_is_the_chart(arrivals):
    view = View(sex="both", start=2015, end=2025)
    out = outputs.main_outputs(view, arrivals)
    figure, summary, note, citation, table = (out[k] for k in ("figure", "summary", "note", "sources", "table"))
    frame = arrivals.series(view)
    header, rows = cells(table)
    assert header[:2] == ["Period", "Period (as published)"] and {"Value", "Count", "Status", "Source"} <= set(header)
    value, sex, status = (header.index(name) for name in ("Value", "Sex", "Status"))
    assert [r[value] for r in rows] == [str(v) for v in frame["value"]]
    assert [r[sex] for r in rows] == [{"male": "Men", "female": "Women"}[s] for s in frame["sex"]]  # in words
    assert rows[-1][0] == "2025" and rows[-1][status] == "provisional (MOU may revise it)"  # labelled in the table
    drawn = [y for trace in figure["data"] for y in trace["y"]]
    assert sorted(drawn) == sorted(frame["value"])
    assert "2015" in summary and note == " ".join(outputs.unavailable_reasons(view))  # stacked bars: no log scale
    text = str(citation)
    assert "통일부" in text and "status_lately" in text and "2025: provisional" in text
    assert "Log scale" in outputs.main_outputs(View(log=True, sex="both"), arrivals)["note"]
    ko_header, _ = cells(outputs.main_outputs(View(lang="ko"), arrivals)["table"])
    assert "인원" in ko_header and "Count" not in ko_header


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_compare_views_table_has_the_compared_value_and_the_revision(arrivals, lang):
    view = View(sex="both", start=2009, end=2013, vs="mou-en-2012", lang=lang)
    header, rows = cells(outputs.main_outputs(view, arrivals)["table"])
    sex, value, then, revision = (header.index(t(f"col_{c}", lang)) for c in ("sex", "value", "vs_value", "change"))
    shown = {(r[0], r[sex]): (r[value], r[then], r[revision]) for r in rows}
    latest = arrivals.series(View(sex="both", start=2009, end=2013)).set_index(["year", "sex"])["value"]
    release = arrivals.series(View(sex="both", start=2009, end=2013, vintage="mou-en-2012")).set_index(
        ["year", "sex"])["value"]  # the 2012 release's own figures, read as a vintage of their own
    for year in (2009, 2011):
        for s in ("male", "female"):
            now, before = int(latest[(year, s)]), int(release[(year, s)])
            assert shown[(str(year), t(f"sex_{s}", lang))] == (str(now), str(before), str(now - before))
    assert shown[("2011", t("sex_male", lang))] == ("795", "819", "-24")  # latest.csv; vintages.csv mou-en-2012
    for year in ("2012", "2013"):  # the release printed no figure for them: empty, never 0
        assert all(shown[(year, t(f"sex_{s}", lang))][1:] == ("", "") for s in ("male", "female"))
    plain, _ = cells(outputs.main_outputs(View(sex="both", start=2009, end=2013, lang=lang), arrivals)["table"])
    assert plain == [h for h in header if h not in (t("col_vs_value", lang), t("col_change", lang))]


def test_table_cells_show_missing_values_as_blank_and_flags_as_words(arrivals):
    frame = arrivals.series(View(metric="yoy", start=1998, end=2003, buckets=True))
    header, rows = cells(outputs.data_table(frame, ["period", "value"], "en"))
    assert header == ["Period (as published)", "Value"] and "" in [r[1] for r in rows]  # no year before the first
    _, rows = cells(outputs.revision_outputs(2009, "ko", arrivals)["table"])
    assert {r[3] for r in rows} == {"예", "아니요"}  # provisional: yes / no


def test_revision_outputs(arrivals):
    out = outputs.revision_outputs(2009, "en", arrivals)
    header, rows = cells(out["table"])
    assert [r[header.index("Count")] for r in rows] == [str(c) for c in arrivals.publications(2009)["count"]]
    sources = str(out["sources"])   # named, never by id: MOU's 2012 release by its title, a press report by its outlet
    assert "2,952" in out["summary"] and "Number of North Korean Refugees" in sources and "mou-en-2012" not in sources
    assert out["title"].startswith("2009") and "Daily NK" in [r[header.index("Publisher")] for r in rows]
    assert out["src"].startswith("/charts/revisions.svg?") and "rev=2009" in out["src"]
    steady = outputs.revision_outputs(2019, "en", arrivals)["summary"]
    assert "every vintage gives the same figures" in steady  # a year never revised is shown too
    options = layout.revision_options(arrivals, "en")
    assert {"label": "2009 — revised", "value": 2009} in options and {"label": "2019", "value": 2019} in options


def test_page_arrives_whole(arrivals):
    """The page carries its figures, tables and citations, so nothing waits for a callback on load."""
    state = parse("?sex=both&from=2010", arrivals)
    page = layout.page(arrivals, state)
    out = outputs.main_outputs(state.view, arrivals)
    assert page[ids.MAIN_CHART].figure is out["figure"] and page[ids.MAIN_SUMMARY].children == out["summary"]
    assert page[ids.MAIN_CITATION].children is out["sources"] and page[ids.MAIN_TABLE].children is out["table"]
    revision = outputs.revision_outputs(state.revision, "en", arrivals)
    assert page[f"{ids.REV_CHART}-summary"].children == revision["summary"]
    # below the card: charts drawn on the server, as images that are there at once and print
    assert page[ids.REV_CHART].src == revision["src"]
    age = outputs.breakdown_outputs("age", "en", "latest", arrivals)
    assert page[ids.breakdown("age", "chart")].src == age["src"] and age["src"].startswith("/charts/breakdown.svg")


def test_page_in_both_languages(arrivals):
    for lang, title in (("en", "North Koreans arriving in South Korea"), ("ko", "북한이탈주민 입국 현황")):
        page = layout.page(arrivals, parse(f"?lang={lang}&sex=<b>x</b>", arrivals))
        assert page.lang == lang
        text = str(page)
        assert title in text and "<b>x</b>" in text  # the bad value is quoted back as a plain string child
        assert "탈북민" in text and "북향민" in text  # the terminology note


def test_citation_block_has_every_field(arrivals):
    (citation,) = arrivals.citations(["mou-cn-2020"])
    block = dict(citations.block(citation, "en"))
    assert block["Publisher"] == "Ministry of Unification (MOU), Republic of Korea (통일부)"
    assert block["Table"] == f"{citation.title_ko} / {citation.title_en}"
    assert block["URL"] == citation.url and block["Licence"] == citation.licence
    # three dates kept apart: what the figures cover, when published (here: not before 30 Sep 2020), copy seen
    assert block["Figures to"] == "September 2020 (provisional)"
    assert block["Table label"] == citation.as_of_label
    assert block["Published"] == "not stated in the source; on or after 30 Sep 2020"
    assert block["Copy of the source seen"] == locale.date_text(citation.retrieved_at[:10], "en")
    # the same rows, word for word, are the dates in the notes of the view's data files
    assert list(block.items())[3:4] + list(block.items())[5:7] == citations.date_rows(citation, "en")
    children = outputs.sources_children([citation], ["a caveat"], "en")
    assert isinstance(children[-1], html.Ul) and "a caveat" in str(children[-1])


def test_index_page_says_its_language():
    from dashboard.app import app

    client = app.server.test_client()
    assert b'<html lang="ko" data-theme="auto">' in client.get("/?lang=ko").data
    assert b'<html lang="en" data-theme="auto">' in client.get("/?lang=<script>").data
    assert b'<html lang="en" data-theme="dark">' in client.get("/?theme=dark").data
    assert "북한이탈주민".encode() in client.get("/?lang=ko").data


@settings(max_examples=60, deadline=None)
@given(theme=st.sampled_from(THEMES), tab=st.sampled_from(TABS), rev=st.sampled_from([None, 2009, 2011]))
def test_the_theme_round_trips_with_the_page(arrivals, theme, tab, rev):
    view = default_view(arrivals)
    page = parse(encode(view, rev, tab, theme=theme), arrivals)
    assert (page.theme, page.tab, page.notices) == (theme, tab, ())
    assert ("theme=" in encode(view, rev, tab, theme=theme)) == (theme != "auto")  # the reader's own: left out


@settings(max_examples=200, deadline=None)
@given(theme=st.text(max_size=80))
def test_a_theme_it_cannot_honour_is_a_notice_and_the_readers_own(arrivals, theme):
    state = parse("?" + urlencode({"theme": theme}), arrivals)
    assert state.theme == (theme if theme in THEMES else "auto")
    assert [n.name for n in state.notices if n.kind == "bad"] == ([] if theme in THEMES else ["theme"])


def test_the_theme_of_the_url_stays_through_tabs_language_and_forms():
    from dashboard.app import app

    page = lxml.html.fromstring(app.server.test_client().get("/?theme=dark&lang=ko").data)
    ssr = page.get_element_by_id("ssr")
    tabs = [a.get("href") for a in ssr.find_class("card-tab")]
    switch = [a.get("href") for a in ssr.iter("a") if "lang=en" in a.get("href", "")]  # the language switch
    assert len(tabs) == len(TABS) and switch and all("theme=dark" in href for href in tabs + switch)
    kept = [i.get("value") for i in ssr.iter("input") if i.get("type") == "hidden" and i.get("name") == "theme"]
    assert kept and set(kept) == {"dark"}  # the static page's forms (no scripts) keep it too

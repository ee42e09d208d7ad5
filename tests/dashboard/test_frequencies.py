"""Half-years and quarters (issue 21): the `freq` parameter in the URL grammar, the figures a sub-year view holds
(only those published, gaps left as gaps), and the chart drawn on every slot of its axis."""

import dataclasses
import re
from urllib.parse import urlencode

import pandas as pd
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.charts import figures
from dashboard.data import FREQS, METRICS, SEXES, SLOTS, SUBYEAR_METRICS, View, slots
from dashboard.exports import pack
from dashboard.page import callbacks, ids
from dashboard.text import quotes
from dashboard.urls import BadParameter, default_view, encode, parse, parse_strict
from support.paths import ARRIVALS as DATASETS

SUBYEAR = FREQS[1:]
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@QUICK
@given(value=st.text(max_size=80))
def test_a_freq_the_grammar_does_not_know_falls_back_to_years(arrivals, value):
    state = parse("?" + urlencode({"freq": value}), arrivals)
    if value in FREQS:
        assert state.view.freq == value and not state.notices
    else:
        assert state.view.freq == "year" and [n.name for n in state.notices] == ["freq"]
        with pytest.raises(BadParameter) as refused:
            parse_strict([("freq", value)], arrivals, ("freq",))
        assert refused.value.name == "freq" and "year" in refused.value.allowed


@QUICK
@given(freq=st.sampled_from(FREQS), metric=st.sampled_from(METRICS), sex=st.sampled_from(SEXES),
       start=st.integers(2015, 2025), span=st.integers(0, 10))
def test_freq_round_trips_with_every_measure_it_has(arrivals, freq, metric, sex, start, span):
    view = dataclasses.replace(default_view(arrivals), freq=freq, metric=metric, sex=sex, start=start,
                               end=min(start + span, 2025))
    state = parse(encode(view, None), arrivals)
    pairs = [("freq", freq), ("metric", metric)]
    if freq == "year" or metric in SUBYEAR_METRICS:
        assert state.view == view and not state.notices
        assert parse_strict(pairs, arrivals, ("freq", "metric")).view.freq == freq
    else:  # a running total or a yearly change of quarters is a figure no one published
        assert state.view == dataclasses.replace(view, freq="year")
        assert [(n.kind, n.name) for n in state.notices] == [("bad", "freq")]
        with pytest.raises(BadParameter, match="freq"):
            parse_strict(pairs, arrivals, ("freq", "metric"))


@pytest.mark.parametrize("trigger, value, search, metric, freq", [
    (ids.FREQ, "quarter", "?metric=cumulative", "count", "quarter"),  # the control moved wins, the other gives way
    (ids.METRIC, "yoy", "?freq=half", "yoy", "year"),
    (ids.METRIC, "share", "?freq=half", "share", "half"),
])
def test_the_control_moved_wins(arrivals, trigger, value, search, metric, freq):
    state = callbacks.moved(trigger, value, search, arrivals)
    assert (state.view.metric, state.view.freq) == (metric, freq) and not state.notices


@pytest.mark.parametrize("freq", SUBYEAR)
@pytest.mark.parametrize("sex", SEXES)
def test_a_subyear_view_holds_only_published_figures_of_its_slots(arrivals, freq, sex):
    series = arrivals.series(View(freq=freq, sex=sex, start=2000, end=2025))
    latest = pd.read_csv(DATASETS / "latest.csv", dtype=str, keep_default_na=False)
    held = {(r.period_start, r.period_end, r.sex): int(r.count) for r in latest.itertuples()
            if r.approximate == "false"}
    assert len(series) and series["year"].min() >= 2015  # from the first year all four quarters were published
    slots = {(s, e) for s, e in SLOTS[freq]}
    for row in series.itertuples():
        assert (row.period_start[5:], row.period_end[5:]) in slots
        assert held[(row.period_start, row.period_end, row.sex)] == row.count  # never summed, split or guessed
    assert set(series["status"]) <= {"final", "provisional"}


def test_shares_of_a_quarter_need_both_published_figures(arrivals):
    series = arrivals.series(View(freq="quarter", metric="share", start=2015, end=2025))
    q1 = series.set_index("period_start").loc["2020-01-01"]
    assert q1["value"] == round(96 / 135 * 100, 1)  # 2020 Q1: 96 women of 135 (Yonhap, The Korea Herald)
    assert "2015-04-01" not in set(series["period_start"])  # 2015 Q2: a total, no women's figure


@pytest.mark.parametrize("freq, chart", [("half", "bar"), ("quarter", "line"), ("quarter", "grouped")])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chart_leaves_a_gap_where_no_figure_was_published(arrivals, freq, chart, lang):
    view = View(freq=freq, chart=chart, sex="both", lang=lang, start=2015, end=2025)
    series = arrivals.series(view)
    fig = figures.main_chart(arrivals, view)
    axis = list(fig.layout.xaxis.categoryarray)
    grid = [start for start, _ in slots(freq, 2015, 2025)]
    expected = grid.index(series["period_start"].max()) - grid.index(series["period_start"].min()) + 1
    assert len(axis) == expected == len(set(axis))
    for trace in fig.data:
        assert list(trace.x) == axis and len(trace.y) == len(axis)
        drawn = [y for y in trace.y if y is not None]
        assert len(drawn) == (series["sex"] == trace.meta["sex"]).sum()  # one mark per published figure, no more
    if chart == "line":
        assert all(trace.connectgaps is False for trace in fig.data)
    first = {("quarter", "en"): "2020 Q1", ("quarter", "ko"): "2020.1Q", ("half", "en"): "2017 H1",
             ("half", "ko"): "2017.1H"}  # the first published figure of men or women: 2020 Q1, 2017 H1
    assert axis[0] == first[freq, lang]


@pytest.mark.parametrize("freq", SUBYEAR)
def test_the_empty_places_are_said_and_no_change_is_read_across_them(arrivals, freq):
    view = View(freq=freq, start=2015, end=2025)
    series = arrivals.series(view)
    (gaps,) = [c for c in arrivals.caveats(series, view) if c.kind == "subyear_gaps"]
    held = set(zip(series["period_start"], series["period_end"]))
    grid = [p for p in slots(freq, 2015, 2025) if series["period_start"].min() <= p[0] <= series["period_start"].max()]
    assert [(s, e) for s, e, _ in gaps.periods] == [p for p in grid if p not in held] and gaps.count
    assert not [c for c in arrivals.caveats(series, view) if c.kind.startswith("buckets")]
    said = figures.summary(series, view, "en")
    before, after = said.split("Largest change: ")[1].split(" (")[0].split(" to ")
    names = dict(zip(figures.labels(series, "en"), zip(series["period_start"], series["period_end"])))
    assert grid.index(names[after]) == grid.index(names[before]) + 1  # adjacent slots, never across a gap


def test_the_ready_to_paste_sentences_of_a_subyear_view_are_of_its_years(arrivals):
    """A quarter's count is no year's total: the sentences of a chart of quarters are those of its years."""
    for lang in ("en", "ko"):
        yearly = quotes.quotes(arrivals, View(start=2019, end=2024, lang=lang), lang)
        for freq in SUBYEAR:
            assert quotes.quotes(arrivals, View(freq=freq, start=2019, end=2024, lang=lang), lang) == yearly
    assert "196" in quotes.quotes(arrivals, View(freq="quarter", start=2023, end=2023), "en").sentences[0]


def test_the_api_and_the_exports_serve_the_published_quarters_only(api_url, arrivals):
    answer = requests.get(f"{api_url}/arrivals.json", params={"freq": "quarter", "from": "2019", "to": "2020"},
                          timeout=30)
    assert answer.status_code == 200
    rows = answer.json()["data"]
    quarters = [(f"{y}-{s}", f"{y}-{e}") for y in (2019, 2020) for s, e in SLOTS["quarter"]]
    assert [(r["period_start"], r["period_end"]) for r in rows] == quarters  # 2019 and 2020: all eight published
    assert [r["label"] for r in rows] == [f"{y} Q{q}" for y in (2019, 2020) for q in range(1, 5)]
    refused = requests.get(f"{api_url}/arrivals.csv", params={"freq": "quarter", "metric": "yoy"}, timeout=30)
    assert refused.status_code == 400 and refused.json()["error"]["parameter"] == "freq"
    view = View(freq="quarter", start=2019, end=2020)
    name, body = pack.take_away(arrivals, view, "csv")
    assert name == "nk-arrivals_count_total_quarter_2019-2020_latest_en.csv"
    assert body.decode("utf-8-sig").count(" Q") >= 8
    assert body == requests.get(f"{api_url}/arrivals.csv", params={"freq": "quarter", "from": "2019", "to": "2020"},
                                timeout=30).content  # one exporter: the page's download is the API's answer


@pytest.mark.parametrize("lang, first", [("en", "2020 Q1"), ("ko", "2020.1Q")])
def test_the_first_paint_draws_the_quarters_and_its_form_can_ask_for_them(lang, first):
    """The server's page of ?freq=quarter, before any script: the main chart is an SVG of quarters whose ticks
    name them in the page's language, and the no-JS form offers the three frequencies, quarters chosen."""
    from dashboard.app import app

    page = app.server.test_client().get(f"/?freq=quarter&sex=both&lang={lang}").get_data(as_text=True)
    chart = page[page.index('class="ssr-chart"'):]
    chart = chart[chart.index("<svg"):chart.index("</svg>")]
    assert f">{first}<" in chart and ">2020<" not in chart
    radios = re.findall(r"<input type=\"radio\" name=\"freq\" value=\"(\w+)\"[^>]*?( checked)?>", page)
    assert radios == [("year", ""), ("half", ""), ("quarter", " checked")]


@pytest.mark.parametrize("freq", SUBYEAR)
def test_an_mou_publication_draws_its_own_quarters_and_half_years(arrivals, freq):
    """A publication chosen in the vintage menu is a vintage of its own figures, by quarter as by year: each one
    with a sub-year figure draws exactly the sub-year figures its witnesses printed (the first witness's)."""
    rows = pd.read_csv(DATASETS / "vintages.csv", dtype=str, keep_default_na=False)
    wanted = {(s, e) for s, e in SLOTS[freq]}
    printed = rows[[(a[5:], b[5:]) in wanted and a[:4] == b[:4] and ap == "false"
                    for a, b, ap in zip(rows["period_start"], rows["period_end"], rows["approximate"])]]
    printed = printed[printed["period_end"].str[:4].astype(int) >= 2015]
    assert printed["publication"].nunique() > 1
    for publication, own in printed.groupby("publication"):
        first = own.sort_values("vintage", kind="stable").drop_duplicates(["period_start", "period_end", "sex"])
        drawn = arrivals.series(View(vintage=publication, freq=freq, sex="total", start=2015, end=2025))
        expected = first[first["sex"] == "total"]
        assert sorted(zip(drawn["period_end"], drawn["value"])) == sorted(
            zip(expected["period_end"], expected["count"].astype(int))), publication

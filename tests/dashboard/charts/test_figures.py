"""Every figure builder: valid plotly (re-validated here), the data it draws, and what an image must carry."""


import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import figures
from dashboard.data import Arrivals, Status, View
from dashboard.text import citations
from support.paths import ARRIVALS as DATASETS


@pytest.fixture(scope="module")
def arrivals() -> Arrivals:
    return Arrivals.load(DATASETS)


def main(arrivals, view, lang="en"):
    frame = arrivals.series(view)
    fig = figures.arrivals_chart(frame, view, arrivals.citations(frame["source"]), arrivals.events(), lang)
    go.Figure(fig.to_dict())  # the builders skip validation for speed; this raises on any invalid property
    return frame, fig


def annotation_texts(fig) -> str:
    """The figure's annotation text with its line breaks read as spaces."""
    return "\n".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)


@pytest.mark.parametrize("view", [
    View(), View(sex="both"), View(sex="both", chart="grouped"), View(sex="female", chart="line"),
    View(metric="share", chart="line"), View(metric="cumulative", log=True), View(metric="yoy", sex="male"),
    View(vintage="mou-cn-2020", sex="both", buckets=True), View(events=False, start=2018, end=2022),
])
def test_main_chart_draws_exactly_the_series(arrivals, view):
    frame, fig = main(arrivals, view)
    assert len(fig.data) == frame["sex"].nunique()
    for trace in fig.data:
        rows = frame[frame["sex"] == trace.meta["sex"]]
        assert list(trace.y) == [None if pd.isna(v) else v for v in rows["value"]]
        assert list(trace.x) == figures.labels(rows, "en")
        assert trace.type == ("scatter" if view.chart == "line" else "bar")
    assert fig.layout.barmode == ("stack" if view.stacked else "group")
    assert fig.layout.yaxis.type == ("log" if view.log_applies else "linear")


def test_image_text_travels_inside_the_figure(arrivals):
    frame, fig = main(arrivals, View())
    (citation,) = arrivals.citations(frame["source"])
    assert fig.layout.title.text == "North Koreans arriving in South Korea"
    assert "Total" in fig.layout.title.subtitle.text
    assert citations.short(citation, "en") in annotation_texts(fig)  # the source line
    assert "provisional" in annotation_texts(fig)  # 2025 is provisional: the style note is in the image
    _, ko = main(arrivals, View(lang="ko"), "ko")
    assert "출처: 통일부" in annotation_texts(ko) and ko.layout.title.text == "북한이탈주민 입국 인원"


def test_provisional_and_bucket_periods_look_different_and_say_so(arrivals):
    frame, fig = main(arrivals, View(buckets=True))
    (trace,) = fig.data
    status = list(frame["status"])
    final, provisional, bucket = (status.index(s) for s in (Status.FINAL, Status.PROVISIONAL, Status.BUCKET))
    assert trace.marker.opacity[provisional] < trace.marker.opacity[final]
    assert trace.marker.line.width[provisional] > trace.marker.line.width[final]
    assert trace.marker.opacity[bucket] < trace.marker.opacity[final]
    assert "provisional" in trace.customdata[provisional][1] and "final" in trace.customdata[final][1]
    assert "multi-year" in trace.customdata[bucket][1]
    # a bucket is labelled as a range, never as a single year
    assert trace.x[:2] == ("up to 1998", "1999–2001")
    _, line = main(arrivals, View(chart="line"))
    assert line.data[0].marker.symbol[-1].endswith("-open") and not line.data[0].marker.symbol[0].endswith("-open")


def test_men_and_women_differ_without_colour(arrivals):
    _, bars = main(arrivals, View(sex="both"))
    men, women = bars.data
    assert men.marker.pattern.shape != women.marker.pattern.shape
    _, lines = main(arrivals, View(sex="both", chart="line"))
    men, women = lines.data
    assert men.line.dash != women.line.dash and men.marker.symbol[0] != women.marker.symbol[0]


def test_events_are_cited_and_only_where_shown(arrivals):
    events = arrivals.events()
    _, fig = main(arrivals, View())
    shown = {s.name for s in fig.layout.shapes}
    assert "event-succession" in shown and "event-border-closure" in shown
    assert "event-famine" not in shown  # 1994-2000 lies inside the buckets, hidden by default
    famine = events[events["event"] == "famine"].iloc[0]
    _, with_buckets = main(arrivals, View(buckets=True))
    note = next(a for a in with_buckets.layout.annotations if a.name == "event-famine")
    assert famine["url"] in note.hovertext and famine["publisher"] in note.hovertext
    _, off = main(arrivals, View(events=False))
    assert not off.layout.shapes


def test_empty_view_says_so(arrivals):
    frame, fig = main(arrivals, View(end=2001))  # only buckets end by 2001, and they are hidden
    assert frame.empty and not fig.data and "No figures" in annotation_texts(fig)


def test_markup_in_data_is_shown_as_text():
    assert figures._escape("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"


@pytest.mark.parametrize("dimension", ["age", "occupation", "education"])
def test_breakdown_chart(arrivals, dimension):
    frame = arrivals.breakdown(dimension)
    fig = figures.breakdown_chart(frame, dimension, arrivals.citations(frame["source"]), "footnote", "en")
    go.Figure(fig.to_dict())
    assert {t.meta["sex"] for t in fig.data} == set(frame["sex"]) - {"total"}
    for trace in fig.data:
        rows = frame[frame["sex"] == trace.meta["sex"]]
        # horizontal bars: the long category names read on the left, the counts along the bottom
        assert list(trace.x) == list(rows["count"]) and list(trace.y) == list(rows["category_en"])
    assert fig.layout.title.subtitle.text == "footnote"
    assert "Ministry of Unification" in annotation_texts(fig)
    summary = figures.breakdown_summary(frame, dimension, "en")
    top = frame[frame["sex"] == "male"].sort_values("count").iloc[-1]
    assert f"Men: most in {top['category_en']}" in summary


def test_revisions_chart(arrivals):
    frame = arrivals.revisions(2025)
    fig = figures.revisions_chart(frame, "2025", arrivals.citations(frame["source"]), "en")
    go.Figure(fig.to_dict())
    total = next(t for t in fig.data if t.meta["sex"] == "total")
    rows = frame[frame["sex"] == "total"]
    cited = {c.source: c for c in arrivals.citations(rows["source"])}
    published = [cited[s].published or cited[s].published_after or a for s, a in zip(rows["source"], rows["as_of"])]
    assert list(total.x) == published  # when each was published
    first = int(rows["count"].iloc[0])
    assert list(total.y) == [int(c) - first for c in rows["count"]]  # the revision itself, from the first figure
    assert total.name == f"Total (first published: {first:,})"
    summary = figures.revisions_summary(frame, "2025", arrivals.citations(frame["source"]), "en")
    assert "224" in summary and "223" in summary  # announced 224, corrected to 223


def test_summary_names_extremes_and_provisional(arrivals):
    view = View()
    frame = arrivals.series(view)
    text = figures.summary(frame, view, "en")
    peak = frame.loc[frame["value"].idxmax()]
    assert f"Highest {peak['year']} ({int(peak['value']):,})" in text
    assert "Provisional: 2025" in text
    ko = figures.summary(frame, View(lang="ko"), "ko")
    assert "최고" in ko and "잠정" in ko


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_revision_of_31_is_seen_beside_795_men(arrivals, lang):
    """2011's total went 2,737 -> 2,706 while men were 819 -> 795: on one axis of levels the change is a flat
    line; as changes from the first figure it spans most of the axis, zero drawn, every sex in the key."""
    fig, _ = figures.revision_figure(arrivals, 2011, lang)
    total = next(t for t in fig.data if t.meta["sex"] == "total")
    assert min(total.y) == -31 and max(total.y) == 0
    low, high = fig.layout.yaxis.range
    assert low <= -31 and high >= 0 and (high - low) <= 4 * 31  # the revision is at least a quarter of the axis
    assert fig.layout.yaxis.zeroline and "0" in fig.layout.yaxis.ticktext
    assert [k["sex"] for k in fig.layout.meta["key"]] == [t.meta["sex"] for t in fig.data] and len(fig.data) == 3


@pytest.mark.parametrize("lang, men", [("en", "men only"), ("ko", "남성만")])
def test_a_breakdown_of_men_only_says_so_and_keys_them(arrivals, lang, men):
    """The education table of '20.09 reaches us for men only (the women's row is cut off in the stored copy):
    its title does not say all arrivals, and its key names the one series."""
    frame = arrivals.breakdown("education", "mou-cn-2020")
    assert set(frame["sex"]) == {"male"}
    fig = figures.breakdown_chart(frame, "education", arrivals.citations(frame["source"]), "", lang)
    assert men in fig.layout.title.text and "all arrivals" not in fig.layout.title.text
    assert [k["sex"] for k in fig.layout.meta["key"]] == ["male"]
    both = arrivals.breakdown("age", "mou-cn-2020")
    fig = figures.breakdown_chart(both, "age", arrivals.citations(both["source"]), "", lang)
    assert [k["sex"] for k in fig.layout.meta["key"]] == ["male", "female"] and men not in fig.layout.title.text

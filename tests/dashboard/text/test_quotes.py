"""Quote sentences checked against the committed dataset files, including a provisional and a revised year."""

import dataclasses

import pandas as pd
import pytest

from dashboard.data import View
from dashboard.text import locale
from dashboard.text.quotes import quotes


def latest_year(raw, year: int) -> dict[str, dict]:
    """The whole-year rows of latest.csv for one year, by sex."""
    rows = raw("latest")
    rows = rows[(rows["period_start"] == f"{year}-01-01") & (rows["period_end"] == f"{year}-12-31")]
    return {r["sex"]: r for _, r in rows.iterrows()}


def first_report(raw, year: int) -> int:
    """The oldest published total for the year in revisions.csv (the year's own total if never revised)."""
    rows = raw("revisions")
    rows = rows[(rows["period_start"] == f"{year}-01-01") & (rows["period_end"] == f"{year}-12-31")
                & (rows["sex"] == "total")]
    if rows.empty:
        return int(latest_year(raw, year)["total"]["count"])
    return int(rows.sort_values("as_of", kind="stable").iloc[0]["count"])


@pytest.mark.parametrize("year", [2024, 2025, 2009, 2011, 2015])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_year_sentence_matches_the_data(arrivals, raw, year, lang):
    rows = latest_year(raw, year)
    total, women = int(rows["total"]["count"]), int(rows["female"]["count"])
    sentence = quotes(arrivals, View(start=year, end=year, lang=lang), lang).sentences[0]
    assert sentence.startswith(f"In {year}, " if lang == "en" else f"{year}년 ")
    assert locale.number(total, lang) in sentence
    assert f"{round(women / total * 100)}%" in sentence
    marker = "South Korea (provisional figure)" if lang == "en" else f"{locale.number(total, lang)}명(잠정)"
    assert (marker in sentence) == (rows["total"]["provisional"] == "true")
    first = first_report(raw, year)
    if first != total:
        expected = f"first reported as {locale.number(first, 'en')}" if lang == "en" \
            else f"처음 {locale.number(first, 'ko')}명"
        assert expected in sentence
    else:
        assert "first reported" not in sentence and "처음" not in sentence


def test_the_provisional_and_revised_years_are_the_ones_the_issue_names(raw):
    """Guards the test data itself: 2025 is provisional and was revised; 2009 and 2011 were revised."""
    assert latest_year(raw, 2025)["total"]["provisional"] == "true"
    for year in (2025, 2009, 2011):
        assert first_report(raw, year) != int(latest_year(raw, year)["total"]["count"])


def test_sex_split_is_given_when_the_view_splits_by_sex(arrivals, raw):
    rows = latest_year(raw, 2024)
    sentence = quotes(arrivals, View(start=2024, end=2024, sex="both"), "en").sentences[0]
    assert f"({rows['male']['count']} men and {rows['female']['count']} women)" in sentence


@pytest.mark.parametrize("start,end", [(2002, 2025), (2010, 2019)])
def test_range_sentence_sums_the_shown_years(arrivals, raw, start, end):
    rows = raw("latest")
    rows = rows[(rows["sex"] == "total") & (rows["period_start"].str[5:] == "01-01")
                & (rows["period_end"].str[5:] == "12-31")
                & (rows["period_start"].str[:4] == rows["period_end"].str[:4])]
    years = rows["period_end"].str[:4].astype(int)
    expected = rows.loc[years.between(start, end), "count"].astype(int).sum()
    sentence = quotes(arrivals, View(start=start, end=end), "en").sentences[1]
    assert sentence.startswith(f"From {start} to {end}, {expected:,} North Koreans")
    assert ("provisional figure for 2025" in sentence) == (end == 2025)


def test_range_with_buckets_names_them(arrivals):
    sentence = quotes(arrivals, View(start=1998, end=2005, buckets=True), "en").sentences[1]
    assert sentence.startswith("Up to 2005, ")
    assert "multi-year totals up to 1998, 1999–2001" in sentence


def misquotes_touching(raw, first: str, last: str) -> set[str]:
    rows = raw("misquotes")
    return set(rows.loc[(rows["claimed_start"] <= last) & (rows["claimed_end"] >= first), "claimed_count"])


@pytest.mark.parametrize("view", [View(start=2024, end=2024), View(start=2009, end=2009),
                                  View(start=1998, end=2001, buckets=True), View(start=2014, end=2016)])
def test_misquote_guard_warns_exactly_when_the_view_touches_one(arrivals, raw, view):
    warnings = quotes(arrivals, view, "en").warnings
    first = "0000-01-01" if view.buckets else f"{view.start}-01-01"
    expected = misquotes_touching(raw, first, f"{view.end}-12-31")
    assert {w.split("Circulating figure: ")[1].split(" for ")[0].replace(",", "") for w in warnings} == expected


def test_the_three_misquotes_the_issue_names_are_guarded(arrivals):
    assert any("2,927 for 2009" in w for w in quotes(arrivals, View(start=2009, end=2009), "en").warnings)
    assert any("216 for 2024" in w for w in quotes(arrivals, View(start=2024, end=2024), "en").warnings)
    bucket = quotes(arrivals, View(start=1998, end=2001, buckets=True), "en").warnings
    assert any("1,043 for 2001" in w and "1999-2001" in w for w in bucket)


def test_an_archived_vintage_quotes_its_own_figures(arrivals, raw):
    """The 2012-01-11 English release gave 2011 as provisional; a view of that vintage says so, with its number."""
    vintages = raw("vintages")
    rows = vintages[(vintages["vintage"] == "mou-en-2012") & (vintages["period_start"] == "2011-01-01")
                    & (vintages["period_end"] == "2011-12-31")].set_index("sex")
    view = View(start=2011, end=2011, vintage="mou-en-2012")
    sentence = quotes(arrivals, view, "en").sentences[0]
    total = int(rows.loc["total", "count"])
    assert f"In 2011, {total:,} North Koreans" in sentence
    assert ("(provisional figure)" in sentence) == (rows.loc["total", "provisional"] == "true")
    assert f"{round(int(rows.loc['female', 'count']) / total * 100)}%" in sentence
    assert "first reported" not in sentence  # revision history is told only for the latest figures


def test_every_vintage_can_be_quoted_and_press_figures_name_the_reporter(arrivals, raw):
    """Press vintages often give a total without the sex split, and gaps between years: no crash, no share
    invented, no sum over a gap, and the press site named beside the ministry."""
    sources = raw("sources").set_index("source")
    for vintage in raw("vintages")["vintage"].unique():
        view = View(start=1998, end=2025, buckets=True, vintage=vintage)
        said = quotes(arrivals, view, "en")
        frame = arrivals.series(dataclasses.replace(view, sex="total"))
        if frame["status"].isin(["final", "provisional"]).any():
            assert said.sentences[0].startswith("In ")
        publisher = sources.loc[frame["source"].iloc[0], "publisher_en"] if len(frame) else ""
        if said.sentences and sources.loc[frame["source"].iloc[0], "publisher_ko"] != "통일부":
            assert f"as reported by {publisher}" in said.sentences[0]
        if len(said.sentences) == 2:
            ends = pd.to_datetime(frame["period_end"]).iloc[:-1] + pd.Timedelta(days=1)
            assert list(ends.dt.strftime("%Y-%m-%d")) == list(frame["period_start"].iloc[1:])


@pytest.mark.parametrize("lang, words", [("en", "figures as of December 2025"), ("ko", "2025년 12월 기준")])
def test_the_ministry_is_credited_by_the_month_its_table_runs_to(arrivals, raw, lang, words):
    """The '25.12 table's as_of is the date its archived copy was seen; a quote names the table's own month."""
    latest = raw("latest")
    assert latest[latest["source"] == "mou-kr-2025"]["period_end"].max() == "2025-12-31"
    sentence = " ".join(quotes(arrivals, View(start=2024, end=2024), lang).sentences)
    assert words in sentence
    assert "2026" not in sentence


def test_misquote_warnings_explain_in_the_readers_language(arrivals, raw):
    rows = raw("misquotes").set_index("misquote")
    view = View(start=2025, end=2025)
    english, korean = (quotes(arrivals, view, lang).warnings for lang in ("en", "ko"))
    assert any(rows.loc["2025-224", "explanation"] in w for w in english)
    assert any(rows.loc["2025-224", "explanation_ko"] in w for w in korean)
    assert not any(rows.loc["2025-224", "explanation"] in w for w in korean)

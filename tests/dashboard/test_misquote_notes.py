"""A figure that circulates but is not MOU's: the lookup's answer, the notes under the chart and the chart's own
notes (those an exported image carries) say what MOU printed instead, in English and Korean."""

import requests

from dashboard.charts import figures
from dashboard.data import View
from dashboard.text import caveats


def test_the_api_answer_to_a_misquote_says_what_mou_printed(api_url):
    women = requests.get(f"{api_url}/lookup.json", params={"q": "2024년 여성 216명"}, timeout=30).json()
    first = women["answers"][0]
    assert (first["value"], first["status"], first["current"]) == (216, "misquote", 210)
    assert "MOU printed 210 instead (2024;" in first["why"] and first["why"] in first["text"]
    total = requests.get(f"{api_url}/lookup.json", params={"q": "2만4천 538명", "lang": "ko"}, timeout=30).json()
    assert "통일부가 발표한 수치는 34,537입니다(2025년 12월 31일까지;" in total["answers"][0]["why"]


def test_a_misquote_mou_never_answered_says_so(api_url):
    body = requests.get(f"{api_url}/lookup.json", params={"q": "2026년 상반기 63명"}, timeout=30).json()
    unverified = [a for a in body["answers"] if a["status"] == "misquote" and a["value"] == 63]
    assert unverified and "MOU has published no figure for it." in unverified[0]["why"]


def test_the_notes_under_a_chart_of_women_name_the_2024_misquote(arrivals):
    said_in = {"en": "216 (2024, Women), where MOU printed 210", "ko": "216(2024, 여성) — 통일부 발표는 210"}
    for lang, said in said_in.items():
        view = View(sex="female", lang=lang)
        lines = caveats.headline(arrivals.caveats(arrivals.series(view), view), lang)
        assert said in lines[0]
        notes = next(a.text for a in figures.main_chart(arrivals, view).layout.annotations if a.name == "source")
        assert said in notes   # inside the figure: an exported image carries it


def test_a_cumulative_chart_names_the_dropped_digit_and_a_count_chart_does_not(arrivals):
    cumulative = View(metric="cumulative")
    records = arrivals.caveats(arrivals.series(cumulative), cumulative)
    assert [c.count for c in records if c.kind == "misquote"] == [24538]
    assert "24,538 (to 31 Dec 2025, Total), where MOU printed 34,537" in caveats.misquote_line(records, "en")
    count = View(start=2024, end=2025)
    assert 24538 not in [c.count for c in arrivals.caveats(arrivals.series(count), count) if c.kind == "misquote"]


def test_a_view_without_a_misquoted_period_has_no_such_note(arrivals):
    view = View(start=2017, end=2019, sex="male")
    records = arrivals.caveats(arrivals.series(view), view)
    assert not [c for c in records if c.kind == "misquote"] and caveats.misquote_line(records, "en") == ""

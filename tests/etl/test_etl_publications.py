"""Dates and provisional flags by rule (etl/publications.py), one test per rule, and the publications they give."""

import pandas as pd

from etl.publications import announced_on, provisional_by_rule
from support.paths import ARRIVALS

KINDS = {"table-2012": "table", "table-2020": "table"}


def flows(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"period_start": "2011-01-01", "period_end": end, "sex": "total", "provisional": marked,
                          "source": source, "realtime_start": day} for source, day, end, marked in rows])


def test_the_2024_year_end_announcement_is_dated_2025_02_04():
    assert announced_on("2025-01-04", "2024-12-31") == "2025-02-04"
    assert announced_on("2025-01", "2024-12-31") == "2025-02-04"
    assert announced_on("2025-01-04", "2024-09-30") == "2025-01-04"   # only the year-end announcement is corrected


def test_a_first_announcement_is_provisional_until_a_table_carries_it_unmarked():
    f = flows(("press-a", "2012-01-05", "2011-12-31", False), ("table-2012", "2012-01-11", "2011-12-31", False),
              ("press-b", "2013-01-01", "2011-12-31", False))
    assert provisional_by_rule(f, KINDS).tolist() == [True, False, False]


def test_a_quarter_stays_provisional_while_no_table_carries_it():
    f = flows(("press-a", "2011-04-20", "2011-03-31", False), ("press-b", "2019-01-01", "2011-03-31", False))
    assert provisional_by_rule(f, KINDS).tolist() == [True, True]


def test_a_mark_is_kept_and_a_marked_table_finalises_nothing():
    f = flows(("table-2012", "2012-01-11", "2011-12-31", True), ("press-a", "2012-02-01", "2011-12-31", False),
              ("table-2020", "2020-09-30", "2011-12-31", False))
    assert provisional_by_rule(f, KINDS).tolist() == [True, True, False]


def test_the_built_datasets_follow_the_rules():
    flows_csv = pd.read_csv(ARRIVALS / "vintages.csv", dtype=str, keep_default_na=False)
    wit = pd.read_csv(ARRIVALS / "witnesses.csv", dtype=str, keep_default_na=False)
    year_end = wit[wit["publication"] == "mou-announcement-2025-02-04"]["source"]
    assert {"press-2025-01-04-wowkorea", "press-2025-01-wowkorea", "press-2025-01-theqoo"} <= set(year_end)
    y2025 = flows_csv[(flows_csv["period_start"] == "2025-01-01") & (flows_csv["period_end"] == "2025-12-31")]
    assert (y2025["provisional"] == "true").all()   # the 2026-02-04 press figure too: MOU's table says 잠정
    quarters = flows_csv[flows_csv["period"].str.contains("Q")]
    assert len(quarters) and (quarters["provisional"] == "true").all()

"""Breakdown vintages from press reports: the parser, the category vocabulary and the checks."""

from pathlib import Path

import pandas as pd
import pytest

from etl import checks, package
from etl.errors import CheckError, SourceFormatError
from etl.origin import Snapshot, read_snapshots
from etl.sources import press_breakdowns
from support import raw
from support.paths import RAW

HEADER = ",".join(press_breakdowns.COLUMNS)
ROW = ("https://a.example/1,yna.co.kr,2023-01-13,to 2022-12-31,{dimension},{category},{en},total,{printed},"
       "{complete},none,n,")


def parse(*rows: dict):
    lines = [HEADER] + [ROW.format(**{"dimension": "age", "category": "20대", "en": "20-29", "printed": "9601명",
                                      "complete": "false", **r}) for r in rows]
    return press_breakdowns.parse(Snapshot(Path("b.csv"), ("\n".join(lines) + "\n").encode("utf-8"), {}))


def test_committed_transcription_gives_one_vintage_per_article():
    [snapshot] = read_snapshots(RAW / press_breakdowns.SOURCE)
    parsed = press_breakdowns.parse(snapshot)
    frame = pd.DataFrame(parsed.breakdowns)
    assert sorted(frame["period_end"].unique()) == ["2008-05-31", "2010-08-31", "2011-06-30", "2022-12-31"]
    datasom = frame[frame["period_end"] == "2022-12-31"]
    assert datasom.groupby("dimension")["count"].sum().to_dict() == \
        {"age": 33836, "occupation": 33836, "education": 33836}
    assert not datasom["partial"].any() and set(datasom["sex"]) == {"total"}
    worker = datasom[datasom["category"] == "노동자"].iloc[0]
    assert (worker["count"], worker["printed"], worker["category_en"]) == (13399, "1만 3399명", "worker")
    assert frame[frame["period_end"] == "2011-06-30"]["partial"].all()
    ids = {s["source"]: s for s in parsed.sources}
    assert ids["press-breakdowns-undated-dailynk"]["published_after"] == "2008-05-31"
    assert "Single source" in ids["press-breakdowns-2023-01-13-datasom"]["caveats"]
    assert "nkeconwatch" in ids["press-breakdowns-2012-01-11-dailynk"]["caveats"]


@pytest.mark.parametrize("row, message", [
    ({"en": "twenties"}, "is not a known dimension and category"),
    ({"dimension": "hometown"}, "is not a known dimension and category"),
    ({"printed": "약 9600명"}, "is approximate"),
    ({"printed": "96O1명"}, "is not a printed count"),
    ({"complete": "yes"}, "complete = true/false"),
])
def test_bad_rows_raise(row, message):
    with pytest.raises(SourceFormatError, match=message):
        parse(row)


def test_one_dimension_is_complete_or_not_and_categories_are_not_repeated():
    with pytest.raises(SourceFormatError, match="is both complete and not"):
        parse({}, {"category": "30대", "en": "30-39", "complete": "true"})
    with pytest.raises(SourceFormatError, match="repeats a category"):
        parse({}, {})


def frame(rows):
    return pd.DataFrame([{"vintage": "v", "period_end": "2022-12-31", "sex": "total", "partial": False,
                          "category": c, **r} for c, r in enumerate(rows)])


CUMULATIVE = pd.DataFrame([{"vintage": "p", "as_of": "2023-01-13", "period_end": "2022-12-31", "sex": "total",
                            "count": 33882, "kind": "announced"}])


def test_complete_breakdowns_of_one_vintage_must_have_one_total():
    ok = frame([{"dimension": "age", "category_en": "0-9", "count": 33836},
                {"dimension": "occupation", "category_en": "worker", "count": 33836}])
    assert checks.check_breakdown_consistency(ok, CUMULATIVE) == []
    gap = checks.breakdown_gap_notes(ok, CUMULATIVE)
    assert [g["found"] for g in gap] == ["33,836", "33,836"] and "46 fewer" in gap[0]["note"]
    bad = ok.assign(count=[33836, 33835])
    [f] = checks.check_breakdown_consistency(bad, CUMULATIVE)
    assert (f["check"], f["found"]) == ("complete breakdowns have one total", "age 33,836, occupation 33,835")
    partial = bad.assign(partial=[False, True])   # a partial list has no total to compare
    assert checks.check_breakdown_consistency(partial, CUMULATIVE) == []


def test_a_breakdown_cannot_hold_more_people_than_had_arrived():
    over = frame([{"dimension": "age", "category_en": "0-9", "count": 33000, "partial": True},
                  {"dimension": "age", "category_en": "10-19", "count": 900, "partial": True}])
    [f] = checks.check_breakdown_consistency(over, CUMULATIVE)
    assert f["check"] == "breakdown within the arrivals to its date" and f["found"] == "33,900"


def test_a_tampered_cell_stops_the_build_with_a_finding_and_writes_nothing(datasets_copy, digest):
    raw.replace(datasets_copy / "raw" / "press-breakdowns" / "breakdowns.csv", "1만 3399명", "1만 3398명")
    before = digest(datasets_copy / "arrivals")
    with pytest.raises(CheckError, match="complete breakdowns have one total"):
        package.build(datasets_copy)
    assert digest(datasets_copy / "arrivals") == before

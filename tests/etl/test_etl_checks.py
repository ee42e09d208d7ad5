"""Consistency checks across publications: parts of a year add up to the year, cumulative checkpoints
agree with the series within the published revisions. A failed check is a finding, never an edit."""

import csv
import io

import pandas as pd
import pytest

from etl import checks, package
from etl.errors import CheckError
from support import raw
from support.paths import ARRIVALS

COLUMNS = ["vintage", "as_of", "period_start", "period_end", "sex", "count"]


def published(name: str) -> pd.DataFrame:
    frame = pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["approximate"] == "false"]
    return frame.assign(count=frame["count"].astype(int))


def flows(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(COLUMNS, r)) for r in rows])


def edit_press(datasets, old: str, new: str) -> None:
    raw.replace(datasets / "raw" / "press" / "figures.csv", old, new)


def findings(datasets) -> list[dict]:
    return list(csv.DictReader(io.StringIO((datasets / "arrivals" / "findings.csv").read_text("utf-8"))))


def test_the_2022_quarters_add_up_to_the_year_by_sex():
    v = published("vintages")
    quarters = v[(v["period_start"].str[:4] == "2022") & (v["period_end"].str[:4] == "2022")]
    fatal, notes = checks.check_parts_sum(v)
    assert fatal == [] and not [n for n in notes if n["where"].startswith("2022")]
    latest = published("latest").set_index(["period_start", "period_end"])
    quarter_keys = [("2022-01-01", "2022-03-31"), ("2022-04-01", "2022-06-30"), ("2022-07-01", "2022-09-30"),
                    ("2022-10-01", "2022-12-31")]
    q = latest.loc[quarter_keys]
    assert q.groupby("sex")["count"].sum().to_dict() == {"female": 32, "male": 35, "total": 67}
    year = latest.loc[[("2022-01-01", "2022-12-31")]]
    assert year.set_index("sex")["count"].to_dict() == {"female": 32, "male": 35, "total": 67}
    assert len(quarters) > 12


def test_a_tampered_quarter_gives_a_finding_not_an_edit(datasets_copy):
    # 2022 Q4 as transcribed: 18 men, 7 women (DailyNK 2023-01-10); tamper to 17 / 8 (still 25 in all)
    edit_press(datasets_copy, "2022 Q4,flow,18,7,25", "2022 Q4,flow,17,8,25")
    assert package.write(datasets_copy, package.build(datasets_copy))
    notes = [f for f in findings(datasets_copy) if f["check"] == "parts add up to the whole"]
    by_where = {f["where"]: f for f in notes}
    assert by_where["2022 male"]["expected"] == "35" and by_where["2022 male"]["found"].startswith("34 = ")
    assert by_where["2022 female"]["found"].startswith("33 = ") and by_where["2022 female"]["severity"] == "note"
    assert "2022 total" not in by_where
    latest = (datasets_copy / "arrivals" / "latest.csv").read_text("utf-8")
    assert ",2022 Q4,2022-10-01,2022-12-31,male,17," in latest   # kept as transcribed: a finding never edits


def test_a_publication_contradicting_itself_stops_the_build():
    fatal, _ = checks.check_parts_sum(flows(
        ("p", "2020-01-28", "2019-01-01", "2019-12-31", "total", 1047),
        ("p", "2020-01-28", "2019-01-01", "2019-06-30", "total", 549),
        ("p", "2020-01-28", "2019-07-01", "2019-12-31", "total", 499)))
    assert [(f["check"], f["where"], f["found"]) for f in fatal] == \
        [("parts add up to the whole", "2019 total", "549 + 499 = 1048")]


def test_agreement_at_an_earlier_moment_is_within_the_revisions():
    _, notes = checks.check_parts_sum(flows(
        ("first", "2016-01-04", "2015-01-01", "2015-12-31", "total", 1277),
        ("later", "2017-07-12", "2015-01-01", "2015-12-31", "total", 1276),
        ("table", "2026-11-22", "2015-01-01", "2015-12-31", "total", 1275),
        ("halves", "2016-07-07", "2015-01-01", "2015-06-30", "total", 614),
        ("halves", "2016-07-07", "2015-07-01", "2015-12-31", "total", 662)))
    [note] = notes
    assert (note["severity"], note["source"]) == ("note", "halves")   # on the oldest of the latest figures
    assert "current on 2017-07-12, 1,276 (later): within the published revisions" in note["note"]


def test_approximate_figures_are_never_compared(datasets_copy):
    edit_press(datasets_copy, "2016 Jan-May,flow,,,590,,mou-figure,,true", "2016 Jan-Jun,flow,,,999,,mou-figure,,true")
    package.write(datasets_copy, package.build(datasets_copy))
    assert not [f for f in findings(datasets_copy) if "2016 H1" in f["where"]]


def test_checkpoint_ranges_follow_the_published_revisions():
    history = checks._histories(flows(
        ("t", "2026-11-22", "", "1998-12-31", "total", 947),
        ("a", "2012-01-11", "", "1998-12-31", "total", 946),
        ("t", "2026-11-22", "2016-01-01", "2016-12-31", "total", 1418),
        ("b", "2017-01-03", "2016-01-01", "2016-12-31", "total", 1417),
        ("c", "2017-07-12", "2016-01-01", "2016-06-30", "total", 749)))
    periods = [p for p in pd.DataFrame({"period_start": ["", "2016-01-01"],
                                        "period_end": ["1998-12-31", "2016-12-31"]}).itertuples(index=False)]
    assert checks._series_range(history, periods, "2016-12-31", "total")[:3] == (946 + 1417, 947 + 1418, 947 + 1418)
    assert checks._series_range(history, periods, "2016-06-30", "total")[:3] == (946 + 749, 947 + 749, 947 + 749)
    assert checks._series_range(history, periods, "2016-03-31", "total")[:3] == (946, 947 + 1418, None)  # bounded
    assert checks._series_range(history, periods, "1990-12-31", "total")[:3] == (0, 947, None)
    assert checks._series_range(history, periods, "2017-06-30", "total")[:2] == (946 + 1417, None)   # later


@pytest.mark.parametrize("count, found", [("29543", False), ("29600", False), ("29700", True), ("29400", True)])
def test_a_checkpoint_beyond_the_revisions_is_a_finding(datasets_copy, count, found):
    # the series to 2016-06-30 sums to 29,543 (latest), and to 29,482-29,650 with any published vintage
    edit_press(datasets_copy, "https://ajunews.com/view/20160707161137504,ajunews.com,2016-07-07,to 2016-06-30,"
                              "cumulative,,,29543,", "https://ajunews.com/view/20160707161137504,ajunews.com,"
                              f"2016-07-07,to 2016-06-30,cumulative,,,{count},")
    package.write(datasets_copy, package.build(datasets_copy))
    hits = [f for f in findings(datasets_copy) if f["check"] == "checkpoint agrees with the series"]
    assert bool(hits) == found
    if found:
        assert hits[0]["source"] == "press-2016-07-07-ajunews" and hits[0]["expected"].endswith("(latest: 29,543)")


def test_committed_checkpoints_all_agree_within_the_revisions():
    f = pd.read_csv(ARRIVALS / "findings.csv", dtype=str, keep_default_na=False)
    assert not (f["check"] == "checkpoint agrees with the series").any()
    parts = f[f["check"] == "parts add up to the whole"].set_index("where")
    assert set(parts.index) == {"2015 total", "2019 H1 total"}   # what the check finds in the data


def test_fatal_findings_are_named_and_nothing_is_written(datasets_copy, digest):
    edit_press(datasets_copy, "2019 Q3,flow,,,226", "2019 Q3,flow,,,227")   # daijiworld's own quarters vs its year
    before = digest(datasets_copy / "arrivals")
    with pytest.raises(CheckError, match=r"parts add up to the whole \(press-2020-01-28-daijiworld, 2019 total\)"):
        package.build(datasets_copy)
    assert digest(datasets_copy / "arrivals") == before

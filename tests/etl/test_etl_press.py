"""Press transcription rows: approximate figures, agreeing reports, undated articles."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from etl import cli, package, vintages
from etl.errors import CheckError, SourceFormatError
from etl.origin import Snapshot
from etl.sources import press
from support import raw

HEADER = ",".join(press.COLUMNS)


def parse(*lines: str):
    text = "\n".join([HEADER, *lines]) + "\n"
    origin = {"retrieved_at": "2026-11-22"}
    return press.parse(Snapshot(Path("figures.csv"), text.encode("utf-8"), origin))


def add_rows(datasets, *lines: str) -> None:
    """Append transcription rows to a datasets copy's press CSV (its sidecar sealed again)."""
    raw.append(datasets / "raw" / "press" / "figures.csv", *lines)


def test_approximate_rows_are_flagged_and_agreement_is_summarised():
    p = parse("https://a.example/1,yna.co.kr,2016-06-06,2016 Jan-May,flow,,,590,,mou-figure,,true,"
              "https://b.example/2,2026-12-01",
              "https://a.example/1,yna.co.kr,2016-06-06,2016 Jan-Apr,flow,,,493,,mou-figure,,,none,2026-12-01")
    assert [(r["count"], r["approximate"]) for r in p.flows] == [(590, True), (493, False)]
    [source] = p.sources
    assert source["retrieved_at"] == "2026-12-01"
    assert "2016 Jan-May: https://b.example/2" in source["caveats"]
    assert "Single source (no other stored report gives it): 2016 Jan-Apr" in source["caveats"]
    assert "Approximate as printed (about, -odd): 2016 Jan-May" in source["caveats"]


@pytest.mark.parametrize("cells, message", [
    ("2016 Q1,flow,,,342,,mou-figure,,yes,none,", "is not empty or true"),
    ("2016 Q1,flow,,,342,,mou-figure,,,b.example/2,", "is not 'none' or other articles' URLs"),
    ("2016 Q1,flow,,,342,,mou-figure,,,https://a.example/1,", "is not 'none' or other articles' URLs"),
    ("2016 Q1,flow,,,342,,mou-figure,,,none,1 Dec 2026", "is not an ISO date"),
])
def test_bad_flags_raise(cells, message):
    with pytest.raises(SourceFormatError, match=message):
        parse(f"https://a.example/1,yna.co.kr,2016-06-06,{cells}")


def test_latest_never_prefers_an_approximate_figure():
    frame = pd.DataFrame([
        {"vintage": "a", "as_of": "2016-01-04", "period_start": "2015-01-01", "period_end": "2015-12-31",
         "sex": "total", "count": 1277, "approximate": False},
        {"vintage": "b", "as_of": "2017-07-12", "period_start": "2015-01-01", "period_end": "2015-12-31",
         "sex": "total", "count": 1280, "approximate": True},
        {"vintage": "b", "as_of": "2017-07-12", "period_start": "2016-01-01", "period_end": "2016-05-31",
         "sex": "total", "count": 590, "approximate": True},
    ])
    latest = vintages.latest(frame, set())
    assert dict(zip(latest["period_end"], latest["count"])) == {"2015-12-31": 1277, "2016-05-31": 590}
    assert vintages.revisions(frame.assign(period="", provisional=False, source=frame["vintage"]), latest,
                              set()).empty   # 1277 -> about 1280 is not a revision


def test_approximate_figures_enter_no_sum_check(datasets_copy):
    # men + women = 260 + 300 = 560, not 590: a fatal finding for an exact figure, none for an approximate one
    row = "https://x.example/1,ytn.co.kr,2016-06-07,2016 Jan-May,flow,260,300,590,,mou-figure,,{},none,2026-12-01"
    add_rows(datasets_copy, row.format("true"))
    result = package.build(datasets_copy)
    assert b"x.example" in result.files["sources.csv"]
    add_rows(datasets_copy, row.format("").replace("x.example/1", "x.example/2"))
    with pytest.raises(CheckError, match=r"male\+female=total \(press-2016-06-07-ytn-2"):
        package.build(datasets_copy)


def test_an_approximate_checkpoint_never_counts_as_the_announced_cumulative(datasets_copy, capsys):
    # a newer but approximate cumulative for the end of 2025 is not what the latest series must sum to
    add_rows(datasets_copy, "https://x.example/3,ytn.co.kr,2026-03-01,to 2025-12-31,cumulative,,,34600,,"
                            "mou-figure,,true,none,2026-12-01")
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 0
    cumulative = (datasets_copy / "arrivals" / "cumulative.csv").read_text("utf-8")
    assert "to 2025-12-31,2025-12-31,total,34600,false,true,announced" in cumulative


def misquote_rows(datasets, *rows: list[str]) -> None:
    lines = io.StringIO()
    csv.writer(lines, lineterminator="\n").writerows(rows)
    raw.append(datasets / "raw" / "misquotes" / "misquotes.csv", *lines.getvalue().splitlines())


def test_a_misquote_without_an_official_figure_needs_a_reason(datasets_copy):
    row = ["t-2030", "2030", "2030-01-01", "2030-12-31", "total", "5", "2030", "2030-01-01", "2030-12-31", "",
           "an invented test figure", "시험용 수치", "https://x.example/"]
    misquote_rows(datasets_copy, row)
    with pytest.raises(CheckError, match=r"misquote has an official figure \(misquotes, t-2030\)"):
        package.build(datasets_copy)
    row[0], row[9] = "t-2031", "no official figure yet (test)"
    misquote_rows(datasets_copy, row)
    with pytest.raises(CheckError) as failed:   # the first row still fails; the second is honoured
        package.build(datasets_copy)
    assert "t-2031" not in str(failed.value)


def test_a_misquote_needs_a_korean_explanation(datasets_copy):
    misquote_rows(datasets_copy, ["t-2", "2009", "2009-01-01", "2009-12-31", "total", "5", "2009", "2009-01-01",
                                  "2009-12-31", "", "an invented test figure", "in English only", "https://x.example/"])
    with pytest.raises(SourceFormatError, match="needs an explanation in English and Korean"):
        package.build(datasets_copy)


def test_hanawon_admissions_are_other_figures_with_their_own_copy_date():
    """An article's admissions (people entering Hanawon) are never a vintage, and may be read in a later copy."""
    p = parse("https://a.example/1,koreaherald.com,2021-06-30,2021 H1,flow,,,33,,mou-figure,,,,",
              "https://a.example/1,koreaherald.com,2021-06-30,2021 H1,admissions,,,57,,non-mou,,,none,2026-12-07")
    assert [r["count"] for r in p.flows] == [33]
    assert [(r["period"], r["count"], r["retrieved_at"]) for r in p.admissions] == [("2021 H1", 57, "2026-12-07")]
    assert [s["retrieved_at"] for s in p.sources] == ["2026-11-22"]   # the arrivals' copy, not the admissions'


def test_admissions_read_as_mous_figures_are_refused():
    with pytest.raises(SourceFormatError, match="is not a known kind/reading"):
        parse("https://a.example/1,koreaherald.com,2021-06-30,2021 H1,admissions,,,57,,mou-figure,,,,")

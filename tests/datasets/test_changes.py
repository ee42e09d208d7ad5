"""changes.csv: one row per new or revised figure, built deterministically from vintages.csv; and the
whole datapackage validated by frictionless."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from etl import package, vintages
from support.paths import DATASETS

ARRIVALS = DATASETS / "arrivals"
KEY = ["period_start", "period_end", "sex"]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


def test_the_known_revisions_are_changes():
    c = read("changes")
    totals = c[(c["sex"] == "total") & (c["period_start"].str[5:] == "01-01") & (c["period_end"].str[5:] == "12-31")]
    revised = totals[totals["change"] == "revised"].set_index(["period_end", "count"])
    for year, old, old_as_of, new, new_as_of in [(2009, "2927", "2012-01-11", "2914", "2012-10-28"),
                                                 (2011, "2737", "2012-01-12", "2706", "2012-10-28"),
                                                 (2025, "224", "2026-01-20", "223", "2026-02-04")]:
        row = revised.loc[(f"{year}-12-31", new)]
        assert (row["old_count"], row["old_as_of"], row["as_of"]) == (old, old_as_of, new_as_of)
        assert (totals[totals["period_end"] == f"{year}-12-31"]["change"] == "new").sum() == 1


def test_changes_agree_with_revisions_and_vintages():
    c, rev, v = read("changes"), read("revisions"), read("vintages")
    revised_keys = set(map(tuple, c.loc[c["change"] == "revised", KEY].values))
    assert revised_keys == set(map(tuple, rev[KEY].values))   # a period x sex is revised in both or in neither
    published = set(zip(rev["vintage"], rev["period_start"], rev["period_end"], rev["sex"], rev["count"]))
    for r in c[c["change"] == "revised"].itertuples():
        assert (r.vintage, r.period_start, r.period_end, r.sex, r.count) in published
        assert (r.old_vintage, r.period_start, r.period_end, r.sex, r.old_count) in published
        assert r.old_count != r.count and r.old_as_of <= r.as_of
    # every period x sex ever published is new exactly once
    assert set(map(tuple, v[KEY].values)) == set(map(tuple, c.loc[c["change"] == "new", KEY].values))
    assert not c[c["change"] == "new"].duplicated(KEY).any()
    row_of = v.set_index(["vintage", *KEY])
    for r in c.itertuples():
        figure = row_of.loc[(r.vintage, r.period_start, r.period_end, r.sex)]
        assert (figure["count"], figure["as_of"], figure["provisional"], figure["approximate"]) == \
            (r.count, r.as_of, r.provisional, r.approximate)


def test_changes_name_the_publication_date_only_where_the_source_states_it():
    c = read("changes")
    sources = read("sources").set_index("source")
    assert (c["published"] == sources.loc[c["source"], "published"].values).all()
    undated = c[c["published"] == ""]
    assert len(undated) and (undated["as_of"] == sources.loc[undated["source"], "published_after"].values).all()
    assert list(c["as_of"]) == sorted(c["as_of"])   # oldest publication first


def test_the_2016_approximate_figure_is_new_and_flagged():
    c = read("changes")
    may = c[(c["period_start"] == "2016-01-01") & (c["period_end"] == "2016-05-31")]
    assert may[["change", "count", "approximate"]].values.tolist() == [["new", "590", "true"]]


def test_changes_are_rebuilt_byte_for_byte(tmp_path):
    result = package.build(DATASETS)
    assert result.files["changes.csv"] == (ARRIVALS / "changes.csv").read_bytes()
    again = package.build(DATASETS)
    assert again.files["changes.csv"] == result.files["changes.csv"]


def test_a_repeated_value_and_a_provisional_turned_final_are_no_change():
    rows = pd.DataFrame([
        {"vintage": v, "as_of": a, "period": "2030", "period_start": "2030-01-01", "period_end": "2030-12-31",
         "sex": "total", "count": n, "provisional": p, "approximate": x, "source": v}
        for v, a, n, p, x in [("a", "2031-01-05", 100, False, True), ("b", "2031-01-10", 101, True, False),
                              ("c", "2031-02-01", 101, False, False), ("d", "2031-03-01", 99, False, False),
                              ("e", "2031-04-01", 98, False, True)]])
    sources = pd.DataFrame({"source": list("abcde"), "published": ["2031-01-05", "", "2031-02-01", "2031-03", ""]})
    out = vintages.changes(rows, sources, set())
    assert out[["change", "vintage", "old_vintage", "count", "published"]].fillna("").values.tolist() == [
        ["new", "a", "", 100, "2031-01-05"], ["new", "b", "", 101, ""], ["revised", "d", "c", 99, "2031-03"]]


def test_frictionless_validates_every_resource_of_the_datapackage():
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", "--json",
               str(ARRIVALS / "datapackage.json")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["valid"] and {t["name"] for t in report["tasks"]} >= {"vintages", "changes", "breakdowns"}

"""The data layer's answers, checked against the committed datasets read independently with the csv module."""

import csv
import hashlib
import json
import shutil

import pandas as pd
import pytest

from dashboard.data import Arrivals, DatasetError, Status, View
from dashboard.text import caveats
from support.paths import ARRIVALS as DATASETS


def rows(name: str) -> list[dict]:
    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def whole_years(name: str, vintage: str | None = None) -> dict[tuple[int, str], int]:
    """(year, sex) -> count for the whole single-year periods of a file (optionally one vintage)."""
    out = {}
    for r in rows(name):
        if vintage and r["vintage"] != vintage:
            continue
        s, e = r["period_start"], r["period_end"]
        if s and s[:4] == e[:4] and s[5:] == "01-01" and e[5:] == "12-31":
            out[(int(e[:4]), r["sex"])] = int(r["count"])
    return out


def buckets(name: str, vintage: str | None = None) -> dict[tuple[str, str], int]:
    return {(r["period_start"], r["sex"]): int(r["count"]) for r in rows(name)
            if (vintage is None or r["vintage"] == vintage)
            and (not r["period_start"] or r["period_start"][:4] != r["period_end"][:4])}


@pytest.fixture(scope="module")
def arrivals() -> Arrivals:
    return Arrivals.load(DATASETS)


def test_default_series_is_latest_csv_whole_years(arrivals):
    latest = whole_years("latest")
    first, last = arrivals.years()
    series = arrivals.series(View(start=first, end=last))
    assert len(series) and set(series["sex"]) == {"total"}
    for row in series.itertuples():
        assert row.value == row.count == latest[(row.year, "total")]
    assert (series["status"] != Status.BUCKET).all()
    # every single year from the first year after the buckets to the last is there, once
    assert list(series["year"]) == sorted({y for y, _ in latest if y > 2001})


def test_vintages_years_and_as_of(arrivals):
    vintages = arrivals.vintages()
    published = {(r["vintage"], r["as_of"]) for r in rows("vintages")}
    assert set(zip(vintages["vintage"], vintages["as_of"])) == published
    assert list(vintages["as_of"]) == sorted(vintages["as_of"], reverse=True)
    titles = {r["source"]: r["title_en"] for r in rows("sources")}
    assert titles["mou-en-2012"] in vintages.set_index("vintage").at["mou-en-2012", "label"]
    korean = next(r["title_ko"] for r in rows("sources") if r["source"] == "mou-kr-2025")
    assert korean in arrivals.vintages("ko").set_index("vintage").at["mou-kr-2025", "label"]
    assert vintages.set_index("vintage").at["mou-kr-2025", "periods"] == \
        len({(r["period_start"], r["period_end"]) for r in rows("vintages") if r["vintage"] == "mou-kr-2025"})
    ends = [int(r["period_end"][:4]) for r in rows("latest")]
    assert arrivals.years() == (min(ends), max(ends))
    assert arrivals.as_of() == max(r["as_of"] for r in rows("latest"))


def test_single_years_inside_a_bucket_are_never_drawn(arrivals):
    """latest.csv holds press figures for 1999-2001 inside the ~'01 bucket; they must not double-count."""
    series = arrivals.series(View(buckets=True, sex="both"))
    assert not series["year"].between(1999, 2000).any()
    bucket_rows = series[series["status"] == Status.BUCKET]
    expected = {k: v for k, v in buckets("latest").items() if k[1] in ("male", "female")}
    assert {(r.period_start, r.sex): r.count for r in bucket_rows.itertuples()} == expected
    assert len(series.drop_duplicates(["period_start", "period_end", "sex"])) == len(series)


def test_men_and_women_for_an_archived_vintage(arrivals):
    source = whole_years("vintages", "mou-en-2012")
    series = arrivals.series(View(vintage="mou-en-2012", sex="both"))
    assert set(series["sex"]) == {"male", "female"}
    assert {(r.year, r.sex): r.value for r in series.itertuples()} == \
        {k: v for k, v in source.items() if k[1] != "total"}
    assert set(series["vintage"]) == {"mou-en-2012"}
    provisional = series[series["status"] == Status.PROVISIONAL]
    assert list(provisional["year"].unique()) == [2011]  # '11 (Provisional Figures)


def test_part_year_column_is_partial(arrivals):
    series = arrivals.series(View(vintage="mou-cn-2020"))
    last = series.iloc[-1]
    assert last["status"] == Status.PARTIAL and last["period_end"] == "2020-09-30"
    expected = next(int(r["count"]) for r in rows("vintages") if r["vintage"] == "mou-cn-2020"
                    and r["period_end"] == "2020-09-30" and r["sex"] == "total")
    assert last["value"] == expected


def test_female_share_is_female_over_total(arrivals):
    latest = whole_years("latest")
    series = arrivals.series(View(metric="share", sex="male"))  # sex does not apply to the share
    assert set(series["sex"]) == {"female"}
    for row in series.itertuples():
        assert row.value == round(latest[(row.year, "female")] / latest[(row.year, "total")] * 100, 1)


def test_cumulative_ends_at_each_tables_printed_total(arrivals):
    printed = {(r["vintage"], r["sex"]): int(r["count"]) for r in rows("cumulative") if r["kind"] == "printed-total"}
    checked = 0
    for (vintage, sex), total in printed.items():
        if not vintage.startswith("mou-"):
            continue
        series = arrivals.series(View(vintage=vintage, metric="cumulative", sex=sex, buckets=True))
        assert series["value"].iloc[-1] == total, (vintage, sex)
        checked += 1
    assert checked >= 3
    latest = arrivals.series(View(metric="cumulative", buckets=True))
    assert latest["value"].iloc[-1] == sum(v for (_, s), v in buckets("latest").items() if s == "total") + \
        sum(v for (y, s), v in whole_years("latest").items() if s == "total" and y > 2001)


def test_cumulative_is_missing_when_the_vintage_has_gaps(arrivals):
    """A press report with one year cannot give a cumulative total: NA, never a partial sum."""
    vintages = arrivals.vintages()
    single = vintages[vintages["periods"] == 1]["vintage"].iloc[0]
    series = arrivals.series(View(vintage=single, metric="cumulative"))
    assert series["value"].isna().all()


def test_year_over_year_change_between_whole_years_only(arrivals):
    latest = whole_years("latest")
    series = arrivals.series(View(metric="yoy", buckets=True))
    for row in series.itertuples():
        if row.status == Status.BUCKET or row.year == 2002:  # 2002 follows a bucket
            assert pd.isna(row.value)
        else:
            assert row.value == latest[(row.year, "total")] - latest[(row.year - 1, "total")]


def test_year_range_and_bucket_toggle(arrivals):
    series = arrivals.series(View(start=2010, end=2012, buckets=True))
    assert list(series["year"]) == [2010, 2011, 2012]
    assert not arrivals.series(View(end=2001))["year"].size  # only buckets end by 2001; hidden by default
    assert set(arrivals.series(View(end=2001, buckets=True))["status"]) == {Status.BUCKET}


def test_headline_figures_are_computed_from_latest(arrivals):
    latest = whole_years("latest")
    totals = {y: c for (y, s), c in latest.items() if s == "total" and y > 2001}
    last_year = max(totals)
    headline = arrivals.headline()
    assert headline["latest"].value == totals[last_year]
    assert headline["latest"].status == Status.PROVISIONAL  # '25.12(잠정)
    peak = max(totals, key=totals.get)
    assert headline["peak"].value == totals[peak] and headline["peak"].period_end.startswith(str(peak))
    bucket_total = sum(v for (_, s), v in buckets("latest").items() if s == "total")
    assert headline["cumulative"].value == bucket_total + sum(totals.values())
    female = sum(v for (_, s), v in buckets("latest").items() if s == "female") + \
        sum(c for (y, s), c in latest.items() if s == "female" and y > 2001)
    assert headline["female_share"].value == round(female / headline["cumulative"].value * 100, 1)
    assert all(h.sources for h in headline.values())


def test_citations_come_from_sources_csv(arrivals):
    source = {r["source"]: r for r in rows("sources")}
    (citation,) = arrivals.citations(["mou-kr-2025", "mou-kr-2025"])
    for field in ("publisher_ko", "publisher_en", "title_ko", "title_en", "url", "as_of", "retrieved_at", "licence",
                  "via", "caveats", "as_of_label"):
        assert getattr(citation, field) == source["mou-kr-2025"][field]
    with pytest.raises(DatasetError, match="no-such-source"):
        arrivals.citations(["no-such-source"])


def test_caveats_name_provisional_buckets_and_revisions(arrivals):
    view = View()
    frame = arrivals.series(view)
    said = caveats.texts(arrivals.caveats(frame, view), "en")
    text = "\n".join(said)
    assert "2025: provisional" in text
    assert "left out" in text  # the buckets are hidden by default, and the note says so
    cumulative = View(metric="cumulative")
    assert any("include the arrivals up to 2001" in c
               for c in caveats.texts(arrivals.caveats(arrivals.series(cumulative), cumulative), "en"))
    first_2009 = next(r for r in rows("revisions") if r["period_end"] == "2009-12-31" and r["sex"] == "total")
    assert f"{int(first_2009['count']):,}" in next(c for c in said if c.startswith("2009 (Total)"))
    failed = [r for r in rows("findings") if r["source"] == "mou-cn-2020" and "ratio" in r["check"]]
    cn = View(vintage="mou-cn-2020", metric="share")
    said = "\n".join(caveats.texts(arrivals.caveats(arrivals.series(cn), cn), "en"))
    assert failed and all(f["note"] in said for f in failed)
    shown = caveats.texts(arrivals.caveats(arrivals.series(View(buckets=True)), View(buckets=True, lang="ko")), "ko")
    assert any("다년 합계" in c for c in shown) and not any("제외" in c for c in shown)


def newest_by_sex(dimension: str) -> str:
    """The newest vintage (by the date it covers) of a breakdown that splits men and women, read with csv."""
    split = [r for r in rows("breakdowns") if r["dimension"] == dimension and r["sex"] in ("male", "female")]
    return max(split, key=lambda r: (r["period_end"], r["as_of"], r["vintage"]))["vintage"]


def test_breakdown_is_breakdowns_csv_without_its_total_row(arrivals):
    # several vintages: "latest" is the newest one that splits men and women (mou-cn-2020 today)
    frame = arrivals.breakdown("age")
    expected = [r for r in rows("breakdowns") if r["dimension"] == "age" and r["category_en"] != "all"
                and r["vintage"] == newest_by_sex("age")]
    assert sorted(zip(frame["category"], frame["sex"], frame["count"])) == \
        sorted((r["category"], r["sex"], int(r["count"])) for r in expected)
    breakdown_total, arrivals_total = arrivals.breakdown_gap("age")
    assert breakdown_total == sum(int(r["count"]) for r in expected if r["sex"] == "total")
    printed = next(int(r["count"]) for r in rows("cumulative")
                   if r["vintage"] == expected[0]["vintage"] and r["sex"] == "total" and r["kind"] == "printed-total")
    assert arrivals_total == printed and breakdown_total < arrivals_total
    assert any("source-typo" in c for c in caveats.texts(arrivals.breakdown_caveats(frame), "en"))
    with pytest.raises(DatasetError):
        arrivals.breakdown("hometown")


@pytest.mark.parametrize("dimension", ["age", "occupation", "education", "residence"])
def test_every_breakdown_vintage_is_answered(arrivals, dimension):
    listed = arrivals.breakdown_vintages(dimension)
    published = [r for r in rows("breakdowns") if r["dimension"] == dimension]
    assert set(listed["vintage"]) == {r["vintage"] for r in published}
    assert list(listed["period_end"]) == sorted(listed["period_end"], reverse=True)   # newest first
    for vintage in listed["vintage"]:
        frame = arrivals.breakdown(dimension, vintage)
        expected = [r for r in published if r["vintage"] == vintage and r["category_en"] != "all"]
        assert sorted(zip(frame["category_en"], frame["sex"], frame["count"])) == \
            sorted((r["category_en"], r["sex"], int(r["count"])) for r in expected)
        assert set(frame["source"]) <= {c.source for c in arrivals.citations(frame["source"])}


def test_breakdown_vintages_give_totals_and_the_protective_facility_gap(arrivals):
    age = arrivals.breakdown_vintages("age").set_index("vintage")
    end_2022 = next(r for r in rows("cumulative") if r["period_end"] == "2022-12-31" and r["sex"] == "total")
    datasom = [r for r in rows("breakdowns") if r["dimension"] == "age" and r["period_end"] == "2022-12-31"]
    vintage = datasom[0]["vintage"]
    assert age.loc[vintage, "sexes"] == "total" and not age.loc[vintage, "partial"]
    assert age.loc[vintage, "breakdown_total"] == sum(int(r["count"]) for r in datasom) == 33836
    assert arrivals.breakdown_gap("age", vintage) == (33836, int(end_2022["count"])) == (33836, 33882)
    assert arrivals.breakdown_gap("age", "mou-cn-2020") == (33648, 33718)
    partial = age[age["partial"]]
    assert len(partial) >= 2 and partial["breakdown_total"].isna().all()   # 2008 and June 2011 list the largest only
    for vintage in partial.index:
        assert arrivals.breakdown_gap("age", vintage)[0] is None
    # comparable categories share one English name across vintages, so shares can be compared
    june_2011 = age.index[age["period_end"] == "2011-06-30"][0]
    shared = set(arrivals.breakdown("age", june_2011)["category_en"]) & \
        set(arrivals.breakdown("age", "mou-cn-2020")["category_en"])
    assert {"20-29", "30-39"} <= shared
    with pytest.raises(DatasetError):
        arrivals.breakdown_vintages("hometown")
    assert arrivals.breakdown("age", "no-such-vintage").empty
    assert arrivals.breakdown_gap("age", "no-such-vintage") == (None, None)


def test_revisions_for_a_year(arrivals):
    frame = arrivals.revisions(2009)
    expected = [r for r in rows("revisions") if r["period_end"][:4] == "2009"]
    assert list(frame["count"]) == [int(r["count"]) for r in expected]
    assert list(frame["as_of"]) == [r["as_of"] for r in expected]
    assert 2009 in set(arrivals.revision_periods()["year"])


def test_publications_of_a_year_are_every_vintage_of_its_period(arrivals):
    frame = arrivals.publications(2009)
    expected = [r for r in rows("vintages") if (r["period_start"], r["period_end"]) == ("2009-01-01", "2009-12-31")]
    assert sorted(zip(frame["vintage"], frame["sex"], frame["count"])) == \
        sorted((r["vintage"], r["sex"], int(r["count"])) for r in expected)
    latest = {(r["sex"], r["vintage"]) for r in rows("latest") if r["period_end"] == "2009-12-31"
              and r["period_start"] == "2009-01-01"}
    assert {(r.sex, r.vintage) for r in frame[frame["latest"]].itertuples()} == latest
    assert list(arrivals.publications(2001)["period_start"].unique()) == ["1999-01-01"]  # the bucket, not 2001 alone


def rewrite(folder, name: str, frame: pd.DataFrame, describe: bool = True) -> None:
    """Write a resource of a copied datasets folder, and (as a build would) its sha256 and fields in
    datapackage.json; `describe=False` leaves the descriptor as it was, as a hand edit would."""
    frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    if describe:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        resource = next(r for r in package["resources"] if r["name"] == name)
        data = (folder / f"{name}.csv").read_bytes()
        resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
        resource["schema"]["fields"] = [f for f in resource["schema"]["fields"] if f["name"] in frame.columns]
        (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def test_events_without_a_source_are_left_out(tmp_path):
    folder = tmp_path / "arrivals"
    shutil.copytree(DATASETS, folder)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events.loc[0, "url"] = ""
    rewrite(folder, "events", events)
    loaded = Arrivals.load(folder).events()
    assert events.loc[0, "event"] not in set(loaded["event"])
    assert len(loaded) == len(events) - 1


@pytest.mark.parametrize("damage", ["missing-file", "missing-column", "edited", "other-major-version"])
def test_a_damaged_dataset_fails_with_a_message_naming_it(tmp_path, damage):
    folder = tmp_path / "arrivals"
    shutil.copytree(DATASETS, folder)
    if damage == "missing-file":
        (folder / "latest.csv").unlink()
        match = "latest.csv is missing"
    elif damage == "edited":  # a hand edit after the build: the bytes no longer match datapackage.json
        frame = pd.read_csv(folder / "latest.csv", dtype=str, keep_default_na=False)
        frame.loc[0, "count"] = "1"
        rewrite(folder, "latest", frame, describe=False)
        match = "latest.csv is not the file datapackage.json describes"
    elif damage == "missing-column":  # a column gone from the file: load stops, not a KeyError in a callback
        frame = pd.read_csv(folder / "misquotes.csv", dtype=str, keep_default_na=False)
        rewrite(folder, "misquotes", frame.drop(columns="claimed_start"), describe=False)
        match = "misquotes.csv is not the file datapackage.json describes"
    else:  # a schema this dashboard does not read (SemVer: a schema change is a new major version)
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        package["version"] = f"{int(package['version'].split('.')[0]) + 1}.0.0"
        (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        match = "version .* is not one this dashboard reads"
    with pytest.raises(DatasetError, match=match):
        Arrivals.load(folder)


def test_unknown_vintage_is_an_error(arrivals):
    with pytest.raises(DatasetError, match="unknown vintage"):
        arrivals.series(View(vintage="no-such"))


def test_a_descriptor_promising_other_columns_than_the_file_has_is_refused(tmp_path):
    folder = tmp_path / "arrivals"
    shutil.copytree(DATASETS, folder)
    frame = pd.read_csv(folder / "misquotes.csv", dtype=str, keep_default_na=False)
    rewrite(folder, "misquotes", frame.drop(columns="claimed_start"))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    misquotes = next(r for r in package["resources"] if r["name"] == "misquotes")
    misquotes["schema"]["fields"].insert(2, {"name": "claimed_start", "type": "date"})
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(DatasetError, match="missing: claimed_start"):
        Arrivals.load(folder)


def test_changes_are_changes_csv_with_the_year(arrivals):
    frame = arrivals.changes()
    expected = rows("changes")
    assert len(frame) == len(expected) and list(frame["vintage"]) == [r["vintage"] for r in expected]
    new = frame[frame["change"] == "new"]
    assert new["old_count"].isna().all() and frame.loc[frame["change"] == "revised", "old_count"].notna().all()
    assert (frame["year"] == frame["period_end"].str[:4].astype(int)).all()
    corrected = frame[(frame["vintage"] == "press-2026-02-04-newsis") & (frame["sex"] == "total")].iloc[0]
    assert (corrected["change"], corrected["old_count"], corrected["count"]) == ("revised", 224, 223)


def test_loading_checks_every_file_but_parses_only_the_tables_asked_for(monkeypatch):
    """A server's start parses what its first page needs: load checks bytes and headers, a table is parsed once."""
    parsed = []
    read_csv = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *args, **kwargs: parsed.append(1) or read_csv(*args, **kwargs))
    arrivals = Arrivals.load(DATASETS)
    assert parsed == []
    as_of = arrivals.as_of()
    arrivals.as_of()
    assert len(parsed) == 1
    assert as_of == str(read_csv(DATASETS / "latest.csv", dtype=str)["as_of"].max())


def test_a_value_that_is_not_its_fields_type_is_named_when_its_table_is_read(tmp_path):
    folder = tmp_path / "arrivals"
    shutil.copytree(DATASETS, folder)
    frame = pd.read_csv(folder / "latest.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "count"] = "many"
    rewrite(folder, "latest", frame)  # hash-consistent: only the preflight's schema check catches it at start
    arrivals = Arrivals.load(folder)
    with pytest.raises(DatasetError, match="latest.csv: column count is not all integers"):
        arrivals.as_of()

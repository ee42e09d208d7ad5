"""The committed datasets/arrivals/: the acceptance figures, provenance, reproducibility and atomic builds."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl import cli, package
from etl.schema import RESOURCES
from support.paths import DATASETS as REPO_DATASETS

ARRIVALS = REPO_DATASETS / "arrivals"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def latest():
    df = read("latest")
    df["count"] = df["count"].astype(int)
    return df


def test_latest_equals_the_25_12_table_for_every_period_and_sex(latest):
    table = json.loads((REPO_DATASETS / "raw" / "mou-kr-2025" / "unikorea_defectors_1998_2025.json").read_text("utf-8"))
    assert len(table) == 26 and (table[0]["period"], table[-1]["period"]) == ("~98", "25.12(잠정)")
    for item in table:
        rows = latest[latest["period"] == item["period"]]
        assert (rows["vintage"] == "mou-kr-2025").all() and len(rows) == 3, item["period"]
        assert dict(zip(rows["sex"], rows["count"])) == {s: item[s] for s in ("male", "female", "total")}


def test_latest_series_sums_to_the_announced_cumulative(latest):
    series = latest[latest["vintage"] == "mou-kr-2025"]
    assert series.groupby("sex")["count"].sum().to_dict() == {"male": 9593, "female": 24944, "total": 34537}
    cumulative = read("cumulative")
    corrected = cumulative[(cumulative["period_end"] == "2025-12-31") & (cumulative["as_of"] == "2026-02-04")]
    assert set(corrected["count"]) == {"9593", "24944", "34537"}


def test_periods_and_status_flags(latest):
    by_label = latest.drop_duplicates("period").set_index("period")
    assert by_label.loc["~98", ["period_start", "period_end"]].tolist() == ["", "1998-12-31"]
    assert by_label.loc["~01", ["period_start", "period_end"]].tolist() == ["1999-01-01", "2001-12-31"]
    assert by_label.loc["25.12(잠정)", ["period_start", "period_end", "provisional"]].tolist() == \
        ["2025-01-01", "2025-12-31", "true"]
    assert by_label.loc["02", "provisional"] == "false"
    cn = read("vintages").query("vintage == 'mou-cn-2020'").drop_duplicates("period").set_index("period")
    assert cn.loc["’20.09 (暂定)", ["period_start", "period_end", "provisional"]].tolist() == \
        ["2020-01-01", "2020-09-30", "true"]


@pytest.mark.parametrize("start, earlier, earlier_as_of, later, later_as_of", [
    ("2009-01-01", "2927", "2012-01-11", "2914", "2026-02-04"),
    ("2011-01-01", "2737", "2012-01-11", "2706", "2026-02-04"),
    ("2025-01-01", "224", "2026-01-20", "223", "2026-02-04"),
])
def test_revisions_show_the_known_changes(start, earlier, earlier_as_of, later, later_as_of):
    rev = read("revisions")
    year = rev[(rev["period_start"] == start) & (rev["period_end"] == start[:4] + "-12-31") & (rev["sex"] == "total")]
    seen = set(zip(year["count"], year["as_of"]))
    assert (earlier, earlier_as_of) in seen and (later, later_as_of) in seen
    assert year[year["latest"] == "true"]["count"].tolist() == [later]


def test_every_figure_has_provenance():
    sources = read("sources").set_index("source")
    vintages = read("vintages")
    assert {"mou-en-2012", "mou-cn-2020", "mou-kr-2025"} <= set(vintages["vintage"])
    assert vintages["vintage"].str.startswith("press-").sum() > 100
    for name in ("vintages", "cumulative", "breakdowns", "findings"):
        assert set(read(name)["source"]) <= set(sources.index), name
    used = sources.loc[sorted(set(vintages["source"]))]
    assert (used["url"].str.startswith("http")).all() and (used["publisher_en"] != "").all()
    assert (used["sha256"].str.len() == 64).all() and (used["retrieved_at"] != "").all()
    assert "third-party scrape" in sources.loc["mou-kr-2025", "via"]
    assert sources.loc["mou-en-2012", "as_of"] == "2012-01-11"
    assert sources.loc["mou-cn-2020", "licence"].startswith("KOGL Type 1")


def test_sources_keep_the_publication_date_apart_from_the_ordering_date():
    sources = read("sources").set_index("source")
    dates = sources[["as_of", "published", "published_after", "retrieved_at"]]
    assert dates.loc["mou-kr-2025"].tolist() == ["2026-02-04", "", "2026-02-04", "2026-11-22"]
    assert dates.loc["mou-cn-2020"].tolist() == ["2020-09-30", "", "2020-09-30", "2026-11-22"]
    assert dates.loc["mou-en-2012"].tolist() == ["2012-01-11", "2012-01-11", "", "2026-11-22"]
    assert dates.loc["press-2026-02-04-newsis", ["published", "published_after"]].tolist() == ["2026-02-04", ""]
    assert dates.loc[["events", "misquotes"], ["published", "published_after"]].eq("").all().all()
    press = dates[sources.index.str.startswith("press-")]
    assert ((press["published"] == "") != (press["published_after"] == "")).all()   # exactly one of the two
    assert (press["as_of"] == press["published"].where(press["published"] != "", press["published_after"])).all()


def test_misreports_and_other_agencies_do_not_become_vintages():
    v = read("vintages")
    y2024 = v[(v["period_start"] == "2024-01-01") & (v["period_end"] == "2024-12-31") & (v["sex"] == "female")]
    assert set(y2024["count"]) == {"210"}
    assert "1141" not in set(v[v["period_start"] == "2002-01-01"]["count"])
    assert not v["vintage"].str.startswith("press-2000-10-22-donga").any()   # 국무조정실, not MOU
    findings = read("findings")
    assert {"press-misreport", "press-non-mou", "source-typo", "inferred-sex"} <= set(findings["check"])


def test_misquotes_carry_the_official_figure():
    m = read("misquotes").set_index("misquote")
    assert m.loc["2009-2927", ["claimed_count", "official_count"]].tolist() == ["2927", "2914"]
    assert m.loc["2001-1043", ["official_period", "official_start", "official_count"]].tolist() == \
        ["~'01", "1999-01-01", "1043"]
    assert m.loc["2024-216", ["sex", "official_count"]].tolist() == ["female", "210"]
    assert (m["urls"].str.startswith("http")).all()


def test_breakdowns_record_the_typos_and_inferred_sexes():
    b = read("breakdowns")
    age_total = b[(b["dimension"] == "age") & (b["sex"] == "total")].set_index("category")
    assert age_total.loc["40-49岁", ["count", "printed"]].tolist() == ["5957", "5,597"]
    assert age_total.loc["50-59岁", ["count", "printed"]].tolist() == ["2026", "2.026"]
    assert "typo" in age_total.loc["40-49岁", "note"]
    male = b[(b["sex"] == "male") & (b["category_en"] == "all") & (b["vintage"] == "mou-cn-2020")]
    assert set(male["count"]) == {"9396"} and (male["sex_inferred"] == "true").all()
    assert set(b["dimension"]) == {"age", "occupation", "education", "residence", "origin"}
    assert b[(b["dimension"] == "education") & (b["sex"] == "female")].empty   # cut off in the stored copy


def test_datapackage_describes_every_resource():
    dp = json.loads((ARRIVALS / "datapackage.json").read_text("utf-8"))
    assert dp["version"].count(".") == 2 and dp["licenses"][0]["name"] == "KOGL-Type-1"
    assert [r["name"] for r in dp["resources"]] == [r.name for r in RESOURCES]
    for r in dp["resources"]:
        header = (ARRIVALS / r["path"]).read_text("utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in r["schema"]["fields"]]
        assert r["hash"] == "sha256:" + package.sha256_hex((ARRIVALS / r["path"]).read_bytes())


def test_build_and_verify_reproduce_the_committed_files(datasets_copy, digest, capsys):
    assert cli.main(["verify", "--datasets", str(REPO_DATASETS)]) == 0
    before = digest(datasets_copy)
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 0
    assert "Nothing changed" in capsys.readouterr().out
    assert digest(datasets_copy) == before
    status = subprocess.run(["git", "status", "--porcelain", "--", str(ARRIVALS)], capture_output=True, text=True,
                            cwd=REPO_DATASETS.parent)
    assert status.stdout == ""


def test_a_failed_build_leaves_the_datasets_intact(datasets_copy, digest, capsys):
    raw = datasets_copy / "raw" / "mou-kr-2025" / "unikorea_defectors_1998_2025.json"
    sidecar = raw.with_name(raw.name + ".json")
    raw.write_text(raw.read_text("utf-8").replace('"male": 510', '"male": 511'), "utf-8")
    origin = json.loads(sidecar.read_text("utf-8"))
    origin.update(sha256=package.sha256_hex(raw.read_bytes()), bytes=raw.stat().st_size)
    sidecar.write_text(json.dumps(origin), "utf-8")
    before = digest(datasets_copy / "arrivals")
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 1
    err = capsys.readouterr().err
    assert "male+female=total (mou-kr-2025, 02)" in err and "Traceback" not in err
    assert digest(datasets_copy / "arrivals") == before


def test_verify_catches_a_changed_snapshot_and_a_changed_output(datasets_copy, capsys):
    out = datasets_copy / "arrivals" / "latest.csv"
    out.write_bytes(out.read_bytes().replace(b"\n", b"\r\n", 1))
    assert cli.main(["verify", "--datasets", str(datasets_copy)]) == 1
    assert "latest.csv: differs" in capsys.readouterr().err
    raw = datasets_copy / "raw" / "mou-en-2012" / "release_2012-01-11_en.txt"
    raw.write_bytes(raw.read_bytes().replace(b"2,737", b"2,738"))
    assert cli.main(["verify", "--datasets", str(datasets_copy)]) == 1
    assert "does not match the sha256" in capsys.readouterr().err


def test_console_script_build_then_verify(datasets_copy, digest):
    """The installed `nk-arrivals` entry point, as a user runs it: build && verify change nothing."""
    script = Path(sys.executable).parent / "nk-arrivals"
    before = digest(datasets_copy)
    for command in ("build", "verify"):
        done = subprocess.run([str(script), command, "--datasets", str(datasets_copy)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert "OK: all snapshots match" in done.stdout
    assert digest(datasets_copy) == before

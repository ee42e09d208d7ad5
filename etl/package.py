"""Raw snapshots -> checked tables -> datasets/arrivals/, deterministically and atomically.

`build` computes every output file in memory and checks it before anything is written, so a failed build
leaves the previous datasets byte-for-byte intact. No timestamps are written: the same raw snapshots give
byte-identical outputs.
"""

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl import checkpoints, checks, other_figures, publications, vintages
from etl.errors import CheckError, EtlError
from etl.origin import Snapshot, read_snapshots, sidecar_path
from etl.paths import OUTPUT
from etl.schema import BY_NAME, RESOURCES
from etl.sources import (
    Parsed,
    events,
    misquotes,
    mou_cn_2020,
    mou_en_2012,
    mou_kr_2025,
    mou_regions,
    mou_status,
    press,
    press_breakdowns,
)
from etl.storage import replace_folder, sha256_hex

VERSION = "3.2.0"   # SemVer: schema change = major, new vintage = minor, correction = patch
# What each release changed, newest first (the generated README's "Changes" section). A release with several schema
# changes is still one major step.
CHANGES = {
    "3.2.0": [
        "`other_figures.csv` gains `counted` (arrivals, or admissions: people admitted to Hanawon, the settlement "
        "centre, never arrivals; part of the primary key) and `retrieved_at` (the day the copy holding the figure "
        "was seen). New rows (checkpoints_regions.md §5): Hanawon admissions of 57 in H1 2021 and 380 in H1 2020, "
        "as the Korea Herald of 2021-06-30 printed them; the same article's 33 for H1 2021 stays, read as "
        "arrivals (revisions.md). The fact base's two readings of that article disagree: `findings.csv` says so "
        "and neither is chosen. No vintage, revision or real-time figure changes.",
    ],
    "3.1.0": [
        "New resource `other_figures.csv`: figures that are no MOU publication (Daily NK's, the International Crisis "
        "Group's and Kinaforum's own counts, a Hanawon official's), with their publisher, the period they cover, "
        "the date and URL of the report printing them; they leave `vintages.csv`, `latest.csv`, `revisions.csv`, "
        "`changes.csv` and `cumulative.csv`, so every step of `revisions.csv` is from one MOU publication to "
        "another.",
        "New figures (checkpoints_regions.md §2): cumulative checkpoints to 2023-12-31 and 2025-03-31 by sex, to "
        "2018-08-31 by sex, to 2012-04, to 2009-06-21 (with January-21 June 2009) and to 2009-02, each with its "
        "article; 2017 January-August is revised from 780 to 779 (MOU data of September 2018).",
        "`findings.csv`: every checkpoint that differs from the latest series summed to its date is a note "
        "(`checkpoint equals the latest series`, etl/checkpoints.py), e.g. end-2003 4,410 against 4,417.",
        "`breakdowns.csv`: the dimension `origin` (province in the North: 2016, and the three border provinces to "
        "August 2018) and new `residence` vintages (16 regions by sex from MOU's 2024 audit data, the 2005 "
        "committee report, April 2012), from the new source `mou-regions`; a residence table counts residents, "
        "not arrivals.",
    ],
    "3.0.0": [
        "Schema: new resources `publications.csv` (one row per MOU publication: a table or an announcement, with "
        "its date or date bounds and what it covers) and `witnesses.csv` (which publication each source is or "
        "witnesses, named by its outlet; `via` names the copy it was read on, never a publisher).",
        "Schema: `vintages.csv` and `latest.csv` gain `publication`, `realtime_start` and `realtime_end` (ALFRED's "
        "real-time period); their primary key is (vintage, period, sex).",
        "Schema: every resource has a primary key and every `source`/`publication` column a foreign key.",
        "`sources.csv`: a press report's publisher is its outlet (Yonhap, 동아일보 ...), never a host name; a copy's "
        "kind is in `via`.",
        "`mou-kr-2025`: `as_of` is 2026-02-04, the lower bound of its publication date (it was the day its copy was "
        "seen, 2026-11-22).",
    ],
    "2.1.0": [
        "`misquotes.csv`: `claimed_start` and `official_start` may be empty, an open start as in ~'98: a cumulative "
        "total, whose official figure is the newest exact one `cumulative.csv` holds for its end date (readers of "
        "2.0 lose nothing: every 2.0 row still has both dates).",
        "New misquote: the cumulative '2만4천538명' (YTN, 2026-01-20), a dropped digit of 34,538; the 2024 '216 "
        "women' traced to Yonhap's own Korean wire.",
    ],
    "2.0.0": [
        "Schema: `vintages.csv`, `latest.csv` and `cumulative.csv` gain a boolean `approximate` (figures printed as "
        "approximate, e.g. 약 590명: never summed, checked, or latest over an exact figure).",
        "Schema: `sources.csv` gains `published` (the date the source states, empty when it states none) and "
        "`published_after` (a lower bound for an undated source); an undated press article's `as_of` is now that "
        "lower bound (it was empty in `cumulative.csv`).",
        "Schema: `breakdowns.csv` becomes a series of vintages (~May 2008, Aug 2010, June 2011, '20.09, end-2022) "
        "and gains `period_end`, `partial` and the dimension `residence`; comparable categories share one "
        "`category_en`.",
        "Schema: `misquotes.csv` gains `explanation_ko` and `official_note`; the official fields are empty, with "
        "the reason, where MOU has published no figure (the circulating '2026 H1 = 63').",
        "New resource `changes.csv`: one row per new or revised figure, by publication (the Atom feed's source).",
        "New figures: 2022 quarters, halves and January-September by sex, 2021 first reports and revisions, 2015 "
        "and 2016 quarters and part-years, 2004-2005 part-years, cumulative checkpoints from 1989 to 2024; new "
        "misquotes (three press misprints and the unverified 2026 figure); findings of the new consistency checks.",
    ],
    "1.0.0": ["First release."],
}
HOMEPAGE = "https://nk-arrivals.example.org"
CREATED = "2026-12-07T00:00:00Z"   # this major version's release: fixed, so a rebuild is byte-identical
TABLE_SOURCES = (mou_en_2012, mou_cn_2020, mou_kr_2025, mou_status)
OTHER_SOURCES = (press, press_breakdowns, mou_regions, misquotes)
KOGL = {"name": "KOGL-Type-1", "title": "Korea Open Government License Type 1 (공공누리 제1유형: source attribution)",
        "path": "https://www.kogl.or.kr/info/licenseType1.do"}


@dataclass
class Build:
    files: dict[str, bytes]   # file name in datasets/arrivals/ -> content
    summary: list[str]        # plain-language lines for the CLI


def collect(raw: Path) -> tuple[Parsed, dict[str, str]]:
    """Parse every snapshot of every source; returns the merged rows and the vintage ids of MOU's own publications
    with their kind (table, or announcement for a release)."""
    merged, kinds = Parsed(), {}
    for module in TABLE_SOURCES + OTHER_SOURCES:
        for snapshot in read_snapshots(raw / module.SOURCE):
            part = module.parse(snapshot)
            if module in TABLE_SOURCES:
                kinds |= {r["vintage"]: getattr(module, "KIND", "table") for r in part.flows}
                found = [f for t in part.tables for f in checks.check_table(t, part.flows[0]["vintage"])]
                merged.notes += [known(f, getattr(module, "KNOWN_FINDINGS", {})) for f in found]
            for name in ("sources", "flows", "admissions", "cumulative", "breakdowns", "notes", "misquotes"):
                getattr(merged, name).extend(getattr(part, name))
    events_csv = raw / events.SOURCE / "events.csv"
    if events_csv.is_file() and sidecar_path(events_csv).is_file():
        data = events_csv.read_bytes()
        part = events.parse(Snapshot(events_csv, data, events.origin(sidecar_path(events_csv).read_bytes(), data)))
        merged.sources += part.sources
        merged.events += part.events
    return merged, kinds


def known(finding: dict, listed: dict) -> dict:
    """A failed check that the source module lists as a known error of that source becomes a data-quality note.
    Only an exact match (check, cell, value found) is demoted; anything else stays fatal."""
    note = listed.get((finding["check"], finding["where"], finding["found"]))
    return {**finding, "severity": "note", "note": note} if note else finding


def build(datasets: Path) -> Build:
    """Everything datasets/arrivals/ should contain, checked; raises CheckError naming each failed check."""
    raw = datasets / "raw"
    if not raw.is_dir():
        raise EtlError(f"{raw} does not exist: nothing to build from")
    parsed, kinds = collect(raw)
    table_vintages = set(kinds)
    fatal = [f for f in parsed.notes if f["severity"] == "fatal"]
    notes = [f for f in parsed.notes if f["severity"] != "fatal"]
    frames = {
        "cumulative": frame("cumulative", parsed.cumulative).sort_values(["period_end", "as_of", "vintage", "sex"],
                                                                         na_position="first"),
        "breakdowns": frame("breakdowns", parsed.breakdowns).sort_values(["period_end", "vintage"], kind="stable"),
        "sources": frame("sources", parsed.sources).sort_values("source"),
        "events": frame("events", parsed.events).sort_values(["date_start", "event"]),
    }
    if not parsed.flows:
        raise EtlError(f"no figures found under {raw}")
    flows = frame("vintages", parsed.flows)
    frames["other_figures"] = frame("other_figures", other_figures.rows(flows, frames["cumulative"], parsed.admissions,
                                                                        frames["sources"].fillna("")))
    frames["other_figures"] = frames["other_figures"].sort_values(["period_end", "source", "counted", "kind", "sex"],
                                                                  kind="stable").reset_index(drop=True)
    flows = flows[~other_figures.others(flows)].reset_index(drop=True)
    frames["cumulative"] = frames["cumulative"][~other_figures.others(frames["cumulative"])].reset_index(drop=True)
    used = set(flows["source"]) | set(frames["cumulative"]["source"]) | set(frames["breakdowns"]["source"])
    held = pd.concat([flows[["source", "period_end"]], frames["cumulative"][["source", "period_end"]]])
    frames["witnesses"] = frame("witnesses", publications.witnesses(frames["sources"], kinds, used, held)
                                .to_dict("records"))
    frames["publications"] = frame("publications", publications.publications(
        frames["sources"], frames["witnesses"], flows, kinds).to_dict("records"))
    flows = publications.realtime(flows, frames["witnesses"], frames["publications"])
    flows["provisional"] = publications.provisional_by_rule(flows, kinds)
    frames["vintages"] = vintages.tidy_order(frame("vintages", flows.to_dict("records")))
    notes += publications.disagreements(frames["vintages"])
    frames["latest"] = vintages.latest(frames["vintages"], table_vintages)
    frames["revisions"] = vintages.revisions(frames["vintages"], frames["latest"], table_vintages)
    frames["changes"] = frame("changes", vintages.changes(frames["vintages"], frames["sources"], table_vintages)
                              .to_dict("records"))
    frames["misquotes"], missing = official(parsed.misquotes, frames["latest"], frames["cumulative"])
    fatal += missing
    exact = {name: frames[name][~frames[name]["approximate"]] for name in ("vintages", "latest", "cumulative")}
    fatal += checks.check_sex_sums(exact["vintages"], ["vintage", "period_start", "period_end"], "male+female=total")
    fatal += checks.check_sex_sums(exact["cumulative"], ["vintage", "period", "period_end"],
                                   "male+female=total (cumulative)")
    fatal += checks.check_sex_sums(frames["breakdowns"], ["vintage", "dimension", "category"],
                                   "male+female=total (breakdown)")
    fatal += checks.check_breakdown_totals(frames["breakdowns"])
    fatal += checks.check_breakdown_consistency(frames["breakdowns"], exact["cumulative"])
    notes += checks.breakdown_gap_notes(frames["breakdowns"], exact["cumulative"])
    newest_table = frames["vintages"][frames["vintages"]["vintage"].isin(table_vintages)]
    newest_table = newest_table.sort_values(["as_of", "vintage"])
    series_vintage = newest_table["vintage"].iloc[-1]
    fatal += checks.check_latest_total(exact["latest"], exact["cumulative"], series_vintage)
    parts_fatal, parts_notes = checks.check_parts_sum(exact["vintages"])
    fatal += parts_fatal
    notes += parts_notes + checks.check_checkpoints(exact["vintages"], exact["latest"], exact["cumulative"],
                                                    series_vintage)
    notes += checkpoints.latest_differences(exact["vintages"], exact["latest"], exact["cumulative"], series_vintage)
    frames["findings"] = frame("findings", notes).sort_values(["source", "check", "where"])
    for r in RESOURCES:
        fatal += checks.check_schema(r.name, frames[r.name])
    for r in RESOURCES:
        for column, target, key in r.foreign_keys:
            for s in sorted(set(frames[r.name][column].dropna()) - set(frames[target][key])):
                fatal.append(checks.finding(f"{column} is in {target}.csv", s, r.name, f"a {target}.csv row", "none"))
    if fatal:
        raise CheckError(fatal)
    files = {r.path: csv_bytes(frames[r.name]) for r in RESOURCES}
    files["datapackage.json"] = datapackage(files, frames["sources"])
    files["README.md"] = readme(frames, series_vintage).encode("utf-8")
    return Build(files, summary(frames, series_vintage))


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows in the resource's column order, with its types (nullable text as empty strings' absence)."""
    columns = [f.name for f in BY_NAME[name].fields]
    df = pd.DataFrame(rows, columns=columns)
    for f in BY_NAME[name].fields:
        if f.type == "integer":
            df[f.name] = df[f.name].astype("int64" if f.required else "Int64")   # Int64: empty where unknown
        elif f.type == "boolean":
            df[f.name] = df[f.name].astype(bool)
        else:
            df[f.name] = df[f.name].map(lambda v: None if v is None or pd.isna(v) or v == "" else str(v)).astype(object)
    return df.reset_index(drop=True)


def official(rows: list[dict], latest: pd.DataFrame, cumulative: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Each misquote completed with the exact figure latest.csv holds for its official period, or, for a cumulative
    total (an open start that is no bucket of latest.csv), the newest exact one cumulative.csv holds for its end. A
    row whose `official_missing` gives a reason may have none yet: its official fields stay empty and
    `official_note` says why; any other row without one is a fatal finding."""
    out, missing = [], []
    exact = latest[~latest["approximate"]]
    totals = cumulative[~cumulative["approximate"]].sort_values(["as_of", "vintage"], ascending=False)
    for r in rows:
        hit = exact[(exact["period_start"].fillna("") == r["official_start"]) &
                    (exact["period_end"] == r["official_end"]) & (exact["sex"] == r["sex"])]
        if hit.empty and not r["official_start"]:
            hit = totals[(totals["period_end"] == r["official_end"]) & (totals["sex"] == r["sex"])]
        row = {k: v for k, v in r.items() if k != "official_missing"}
        if hit.empty and not r["official_missing"]:
            missing.append(checks.finding("misquote has an official figure", "misquotes", r["misquote"],
                                          "a latest.csv row", "none"))
        elif hit.empty:
            out.append({**row, "official_count": None, "official_source": None, "official_as_of": None,
                        "official_note": r["official_missing"]})
        else:
            h = hit.iloc[0]
            out.append({**row, "official_count": int(h["count"]), "official_source": h["vintage"],
                        "official_as_of": h["as_of"], "official_note": ""})
    return frame("misquotes", out), missing


def csv_bytes(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = out[col].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def datapackage(files: dict[str, bytes], sources: pd.DataFrame) -> bytes:
    resources = []
    for r in RESOURCES:
        d = r.descriptor()
        d["hash"] = "sha256:" + sha256_hex(files[r.path])
        d["bytes"] = len(files[r.path])
        resources.append(d)
    mou = sources[sources["method"] != "transcribed"].fillna("")
    package = {
        "profile": "tabular-data-package",
        "name": "nk-arrivals",
        "title": "North Koreans arriving in South Korea: Ministry of Unification figures, every vintage, cited",
        "version": VERSION,
        "homepage": HOMEPAGE,
        "created": CREATED,
        "licenses": [KOGL],
        "description": ("Arrivals of North Koreans in South Korea as published by the Ministry of Unification "
                        "(통일부), "
                        "with every published vintage, revisions, cumulative totals and breakdowns. MOU figures are "
                        "under KOGL Type 1 (attribution). Press reports are cited for their figures only: the "
                        "articles are not covered by KOGL and no article text is reproduced."),
        "sources": [{"title": f"{s.publisher_en}: {s.title_en}", "path": s.url or s.via, "source": s.source}
                    for s in mou.itertuples()]
                   + [{"title": "Press reports of MOU announcements (cited figures only; one row per article in "
                                "sources.csv)", "path": "sources.csv", "source": "press"}],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def readme(frames: dict[str, pd.DataFrame], series_vintage: str) -> str:
    """How to cite and the caveats, with every figure taken from the frames being written."""
    srcs = frames["sources"].fillna("")
    mou = srcs[srcs["method"] != "transcribed"]
    series_via = srcs.set_index("source").loc[series_vintage, "via"]
    lines = [
        "# nk-arrivals datasets",
        "",
        f"Version {VERSION}. Generated by `nk-arrivals build` from `datasets/raw/`; do not edit by hand. "
        "Field descriptions are in `datapackage.json`.",
        "",
        "## How to cite",
        "",
        "Cite the Ministry of Unification (통일부) table a figure comes from (its `source` joins `sources.csv`), "
        "and this "
        f"dataset: *nk-arrivals datasets, version {VERSION}*.",
        "",
    ]
    for s in mou.itertuples():
        lines.append(f"- `{s.source}`: {s.publisher_en}, \"{s.title_en}\" ({s.title_ko}), "
                     f"{'published ' + s.published if s.published else 'published on or after ' + s.published_after}"
                     f"{' (' + s.as_of_label + ')' if s.as_of_label else ''}. {s.url or ''}"
                     f"{' Obtained via ' + s.via + '.' if s.via else ''} Licence: {s.licence}.")
    n_press = srcs.loc[srcs["source"].str.startswith("press-"), "url"].nunique()   # an article may be two sources
    lines += [f"- {n_press} press articles reporting MOU announcements (`press-*` rows of `sources.csv`): cited "
              "figures only; the articles are not covered by KOGL and no text is reproduced.", "",
              "## Caveats", ""]
    lines += [
        "- `~'98` is all arrivals up to 1998 (open start); `~'01` is 1999-2001 combined. Neither is a single year.",
        "- Provisional figures (`provisional = true`: 잠정, 暂定, Provisional, first announcements) are revised later; "
        "see `revisions.csv`.",
        "- Three dates are kept apart: the period a figure covers (`period_start`/`period_end`), the date its source "
        "was published (`published` in `sources.csv`; empty when the source states none, with a lower bound in "
        "`published_after`) and the date a copy was seen (`retrieved_at`). `as_of` orders the vintages: the "
        "publication date, or the stand-in the source's `sources.csv` row explains.",
        "- Approximate figures (`approximate = true`, e.g. about 590) are never summed or checked.",
        f"- The yearly series is the periods of the newest MOU table, `{series_vintage}`"
        + (f", obtained via {series_via}." if series_via else "."),
        "- `latest.csv` has one row per period and sex, including quarters, half-years and single years inside the "
        "buckets: choose periods by `period_start`/`period_end`.",
        "- Breakdown tables exclude recent arrivals still in protective facilities, so their totals are below the "
        "arrivals total. Breakdowns with `partial = true` list the largest categories only.",
    ]
    f = frames["findings"].fillna("")
    lines += ["", "## Data-quality notes", ""]
    lines += [f"- {r.source}, {r.where}: {r.note}" for r in f[f["check"] == "source-typo"].itertuples()]
    lines += [f"- {len(f)} notes in total are listed in `findings.csv`."]
    lines += ["", "## Files", ""] + [f"- `{r.path}`: {r.title}." for r in RESOURCES]
    lines += ["", "## Changes", ""]
    for version, items in CHANGES.items():
        lines += [f"### {version}", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines)


def summary(frames: dict[str, pd.DataFrame], series_vintage: str) -> list[str]:
    v, latest = frames["vintages"], frames["latest"]
    series = latest.merge(latest[latest["vintage"] == series_vintage][["period_start", "period_end"]].drop_duplicates())
    totals = series.groupby("sex")["count"].sum()
    return [
        f"{len(v):,} figures from {v['vintage'].nunique()} publications; {len(latest):,} latest figures.",
        f"Latest series ({series_vintage}): {totals['total']:,} arrivals through {series['period_end'].max()} "
        f"({totals['male']:,} men, {totals['female']:,} women).",
        f"{frames['revisions'][['period_start', 'period_end', 'sex']].drop_duplicates().shape[0]} period x sex "
        f"figures were revised; {len(frames['findings'])} data-quality notes; {len(frames['misquotes'])} misquotes.",
    ]


def write(datasets: Path, result: Build) -> list[str]:
    """Make datasets/arrivals/ hold exactly the build's files, all or nothing (`storage.replace_folder`): nothing
    is written when no file changed. Returns the changed names, removed files marked."""
    out = datasets / OUTPUT
    old = {p.name: p for p in out.iterdir() if p.is_file()} if out.is_dir() else {}
    changed = [name for name, data in sorted(result.files.items())
               if name not in old or old[name].read_bytes() != data]
    changed += [f"{name} (removed)" for name in sorted(set(old) - set(result.files))]
    if changed:
        replace_folder(out, result.files)
    return changed


def verify(datasets: Path) -> tuple[Build, list[str]]:
    """Re-check every snapshot's sha256, build into a temporary folder and compare with datasets/arrivals/ byte for
    byte: the build and the files that differ (none when the committed datasets are a fresh build)."""
    result = build(datasets)
    with tempfile.TemporaryDirectory(prefix="nk-arrivals-verify-") as tmp:
        write(Path(tmp), result)
        return result, differences(datasets / OUTPUT, Path(tmp) / OUTPUT)


def differences(committed: Path, rebuilt: Path) -> list[str]:
    """Files of a committed datasets/arrivals/ that differ from a rebuilt one (missing, changed or extra)."""
    names = sorted({p.name for folder in (committed, rebuilt) if folder.is_dir()
                    for p in folder.iterdir() if p.is_file()})
    diffs = []
    for name in names:
        old, new = committed / name, rebuilt / name
        if not new.is_file():
            diffs.append(f"{name}: not produced by the build")
        elif not old.is_file():
            diffs.append(f"{name}: missing")
        elif old.read_bytes() != new.read_bytes():
            diffs.append(f"{name}: differs")
    return diffs

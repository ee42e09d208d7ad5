"""Press reports of MOU announcements: a transcribed CSV with one row per figure (URL, publisher, date).

Each article is its own source and vintage (`press-<date>-<site>`). Figures the transcription reads as
misreports, or as another agency's, become data-quality notes instead of vintages. `approximate` marks figures
printed as approximate (약 590명, 2만9380여 명): they are published with that flag and never summed or checked.
Kind `admissions` counts people admitted to Hanawon, the settlement centre, in a period: never arrivals, never a
vintage, only another figure (`Parsed.admissions`), read in a copy of its own date.
`agrees_with` lists other stored reports giving the same figure (`none`: checked, a single source; empty: not
compared); `retrieved_at` is the date the copy was read when it differs from the sidecar's.
"""

import re

from etl.errors import SourceFormatError
from etl.labels import SEXES, parse_count, parse_press_period, parse_through
from etl.origin import Snapshot
from etl.outlets import outlet, publisher_fields
from etl.sources import Parsed, csv_rows, cumulative_row, flow_row, source_row

SOURCE = "press"
COLUMNS = ["url", "publisher", "published", "period", "kind", "male", "female", "total", "female_share_pct",
           "reading", "note", "approximate", "agrees_with", "retrieved_at"]
KINDS = {"flow", "cumulative", "share", "average", "milestone", "admissions"}   # counts kept: flow, cumulative
# and admissions (people entering Hanawon, not arrivals: another figure only)
READINGS = {"mou-figure", "misreport", "non-mou"}
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
UNDATED = ("publication date not in the stored copy: published is empty and as_of is the lower bound "
           "published_after, the last day of the newest period the article reports (it cannot have appeared earlier)")


def period_ends(rows: list[dict]) -> dict[int, str]:
    """Line number -> the last day its figure covers (flows and cumulative totals; '' for shares and averages)."""
    ends = {}
    for n, r in enumerate(rows, start=2):
        ends[n] = ""
        if r["kind"] in ("flow", "admissions"):
            ends[n] = parse_press_period(r["period"], SOURCE, f"line {n} period").end.isoformat()
        elif r["kind"] == "cumulative":
            ends[n] = parse_through(r["period"], SOURCE, f"line {n} period").isoformat()
    return ends


def source_ids(rows: list[dict], prefix: str = SOURCE) -> dict[str, str]:
    """url -> `press-<published>-<site>` (the host's first label; for a host that is an IP address, its outlet's
    name); a second article of the same site and day gets `-2` (URL order)."""
    ids: dict[str, str] = {}
    for url in sorted({r["url"] for r in rows}):
        row = next(r for r in rows if r["url"] == url)
        host = row["publisher"]
        name = outlet(host, SOURCE)[1] if host.replace(".", "").isdigit() else host.split(".")[0]   # an IP: its outlet
        site = re.sub(r"[^a-z0-9]+", "-", name.lower())[:24].strip("-")
        base = f"{prefix}-{row['published'] or 'undated'}-{site}"
        sid, n = base, 1
        while sid in ids.values():
            n += 1
            sid = f"{base}-{n}"
        ids[url] = sid
    return ids


def parse(snapshot: Snapshot) -> Parsed:
    rows = csv_rows(snapshot, SOURCE, COLUMNS)
    for n, r in enumerate(rows, start=2):
        check_row(rows, r, n)
    ids = source_ids(rows)
    ends = period_ends(rows)
    parsed = Parsed()
    as_of = {}
    for url, sid in sorted(ids.items(), key=lambda kv: kv[1]):
        mine = [(n, r) for n, r in enumerate(rows, start=2) if r["url"] == url]
        first = next((r for _, r in mine if r["kind"] != "admissions"), mine[0][1])   # the arrivals' copy date
        after = "" if first["published"] else max(ends[n] for n, _ in mine)
        as_of[url] = first["published"] or after
        parsed.sources.append(source_row(
            snapshot, f"raw/{SOURCE}/{snapshot.path.name}", source=sid, url=url,
            **publisher_fields(first["publisher"], SOURCE), title_ko="", title_en="", language="", as_of=as_of[url],
            published=first["published"], published_after=after, as_of_label="",
            retrieved_at=first["retrieved_at"] or snapshot.origin["retrieved_at"],
            caveats=" ".join(filter(None, ["" if first["published"] else UNDATED, agreement([r for _, r in mine])]))))
    for n, r in enumerate(rows, start=2):
        sid = ids[r["url"]]
        counts = {s: parse_count(r[s], SOURCE, f"line {n} {s}") for s in SEXES if r[s] != ""}
        if r["kind"] not in ("flow", "cumulative", "admissions"):
            continue
        approximate = r["approximate"] == "true"
        if r["note"] or r["reading"] != "mou-figure":
            parsed.notes.append({"check": "press-note" if r["reading"] == "mou-figure" else f"press-{r['reading']}",
                                 "severity": "note", "source": sid, "where": f"{r['period']} ({r['kind']})",
                                 "expected": "", "found": " / ".join(f"{s} {c:,}" for s, c in counts.items()),
                                 "note": r["note"]})
        if r["kind"] == "admissions":
            period = parse_press_period(r["period"], SOURCE, f"line {n} period")
            seen = r["retrieved_at"] or snapshot.origin["retrieved_at"]
            parsed.admissions += [{**flow_row(sid, as_of[r["url"]], period, s, c, approximate), "retrieved_at": seen}
                                  for s, c in counts.items()]
        if r["reading"] != "mou-figure":
            continue
        if r["kind"] == "flow":
            period = parse_press_period(r["period"], SOURCE, f"line {n} period")
            parsed.flows += [flow_row(sid, as_of[r["url"]], period, s, c, approximate) for s, c in counts.items()]
        else:
            through = parse_through(r["period"], SOURCE, f"line {n} period").isoformat()
            parsed.cumulative += [cumulative_row(sid, as_of[r["url"]], r["period"], through, s, c, False, "announced",
                                                 approximate) for s, c in counts.items()]
    return parsed


def check_row(rows: list[dict], r: dict, n: int) -> None:
    """One transcribed row: known kind and reading (admissions are never MOU's arrivals), dates, flags and agreeing
    URLs; one publisher and date per article, one retrieval date per article's arrivals or admissions (a later copy
    may give an article's admissions)."""
    mislabelled = r["kind"] == "admissions" and r["reading"] != "non-mou"
    if r["kind"] not in KINDS or r["reading"] not in READINGS or mislabelled:
        raise SourceFormatError(SOURCE, f"line {n}", (r["kind"], r["reading"]), "is not a known kind/reading")
    for column in ("published", "retrieved_at"):
        if r[column] and not _DATE.match(r[column]):
            raise SourceFormatError(SOURCE, f"line {n} {column}", r[column], "is not an ISO date or month")
    if r["approximate"] not in ("", "true"):
        raise SourceFormatError(SOURCE, f"line {n} approximate", r["approximate"], "is not empty or true")
    urls = r["agrees_with"].split()
    if r["agrees_with"] != "none" and not all(u.startswith(("http://", "https://")) and u != r["url"] for u in urls):
        raise SourceFormatError(SOURCE, f"line {n} agrees_with", r["agrees_with"][:40],
                                "is not 'none' or other articles' URLs")
    same = [x for x in rows if x["url"] == r["url"]]
    for column, group in (("publisher", same), ("published", same),
                          ("retrieved_at", [x for x in same if (x["kind"] == "admissions") == (r["kind"] ==
                                                                                           "admissions")])):
        if len({x[column] for x in group}) != 1:
            raise SourceFormatError(SOURCE, f"line {n}", r["url"], f"has more than one {column}")


def agreement(rows: list[dict]) -> str:
    """The article's figures that other stored reports confirm (with their URLs), and those no other report gives
    (`agrees_with` = none: a single source). Rows with `agrees_with` empty were not compared."""
    counted = [r for r in rows if r["kind"] in ("flow", "cumulative") and r["reading"] == "mou-figure"]
    agreed = [f"{r['period']}: {r['agrees_with']}" for r in counted if r["agrees_with"] not in ("", "none")]
    single = [r["period"] for r in counted if r["agrees_with"] == "none"]
    approximate = [r["period"] for r in counted if r["approximate"] == "true"]
    return " ".join(filter(None, [
        f"Other stored reports agree: {'; '.join(agreed)}." if agreed else "",
        f"Single source (no other stored report gives it): {', '.join(single)}." if single else "",
        f"Approximate as printed (about, -odd): {', '.join(approximate)}; never summed or checked." if approximate
        else ""]))

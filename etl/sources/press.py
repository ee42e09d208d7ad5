"""Press reports of MOU announcements: a transcribed CSV with one row per figure (URL, publisher, date).

Each article is its own source and vintage (`press-<date>-<site>`). Figures the transcription reads as
misreports, or as another agency's, become data-quality notes instead of vintages.
"""

import re

from etl.errors import SourceFormatError
from etl.labels import SEXES, parse_count, parse_press_period, parse_through
from etl.origin import Snapshot
from etl.sources import Parsed, csv_rows, cumulative_row, flow_row, source_row

SOURCE = "press"
COLUMNS = ["url", "publisher", "published", "period", "kind", "male", "female", "total", "female_share_pct",
           "reading", "note"]
KINDS = {"flow", "cumulative", "share", "average", "milestone"}   # only flow and cumulative are counts we keep
READINGS = {"mou-figure", "misreport", "non-mou"}
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def source_ids(rows: list[dict]) -> dict[str, str]:
    """url -> `press-<published>-<site>`; a second article of the same site and day gets `-2` (URL order)."""
    ids: dict[str, str] = {}
    for url in sorted({r["url"] for r in rows}):
        row = next(r for r in rows if r["url"] == url)
        site = re.sub(r"[^a-z0-9]+", "-", row["publisher"].split(".")[0].lower())[:24].strip("-")
        base = f"press-{row['published'] or 'undated'}-{site}"
        sid, n = base, 1
        while sid in ids.values():
            n += 1
            sid = f"{base}-{n}"
        ids[url] = sid
    return ids


def parse(snapshot: Snapshot) -> Parsed:
    rows = csv_rows(snapshot, SOURCE, COLUMNS)
    for n, r in enumerate(rows, start=2):
        if r["kind"] not in KINDS or r["reading"] not in READINGS:
            raise SourceFormatError(SOURCE, f"line {n}", (r["kind"], r["reading"]), "is not a known kind/reading")
        if r["published"] and not _DATE.match(r["published"]):
            raise SourceFormatError(SOURCE, f"line {n} published", r["published"], "is not an ISO date or month")
        if len({x["publisher"] for x in rows if x["url"] == r["url"]}) != 1 or \
                len({x["published"] for x in rows if x["url"] == r["url"]}) != 1:
            raise SourceFormatError(SOURCE, f"line {n}", r["url"], "has more than one publisher or date")
    ids = source_ids(rows)
    parsed = Parsed()
    for url, sid in sorted(ids.items(), key=lambda kv: kv[1]):
        first = next(r for r in rows if r["url"] == url)
        parsed.sources.append(source_row(
            snapshot, f"raw/{SOURCE}/{snapshot.path.name}", source=sid, url=url, publisher_ko="",
            publisher_en=first["publisher"], title_ko="", title_en="", language="", as_of=first["published"],
            as_of_label="", caveats="" if first["published"] else "publication date not in the stored copy"))
    for n, r in enumerate(rows, start=2):
        sid = ids[r["url"]]
        counts = {s: parse_count(r[s], SOURCE, f"line {n} {s}") for s in SEXES if r[s] != ""}
        if r["kind"] not in ("flow", "cumulative"):
            continue
        if r["note"] or r["reading"] != "mou-figure":
            parsed.notes.append({"check": "press-note" if r["reading"] == "mou-figure" else f"press-{r['reading']}",
                                 "severity": "note", "source": sid, "where": f"{r['period']} ({r['kind']})",
                                 "expected": "", "found": " / ".join(f"{s} {c:,}" for s, c in counts.items()),
                                 "note": r["note"]})
        if r["reading"] != "mou-figure":
            continue
        if r["kind"] == "flow":
            period = parse_press_period(r["period"], SOURCE, f"line {n} period")
            parsed.flows += [flow_row(sid, r["published"], period, s, c) for s, c in counts.items()]
        else:
            through = parse_through(r["period"], SOURCE, f"line {n} period").isoformat()
            parsed.cumulative += [cumulative_row(sid, r["published"], r["period"], through, s, c, False, "announced")
                                  for s, c in counts.items()]
    return parsed

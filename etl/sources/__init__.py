"""One module per source: each has SOURCE (its id) and parse(snapshot) -> Parsed.

`records` is the shared road from an arrivals Table to tidy rows, so no source writes them its own way.
"""

import csv
import io
from dataclasses import dataclass, field

from etl.errors import SourceFormatError
from etl.labels import CUMULATIVE, SEXES, Period
from etl.origin import Snapshot
from etl.tables import Table


@dataclass
class Parsed:
    """What one snapshot contributes to the datasets. Rows are plain dicts keyed by schema field names."""

    sources: list[dict] = field(default_factory=list)
    flows: list[dict] = field(default_factory=list)
    admissions: list[dict] = field(default_factory=list)  # Hanawon admissions, flow-shaped: other figures only
    cumulative: list[dict] = field(default_factory=list)
    breakdowns: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)      # data-quality findings (never edits of data)
    misquotes: list[dict] = field(default_factory=list)  # completed with the official figure from latest
    events: list[dict] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)    # kept for the table checks


SOURCE_COLUMNS = ("source", "publisher_ko", "publisher_en", "title_ko", "title_en", "url", "language", "as_of",
                  "published", "published_after", "as_of_label", "retrieved_at", "licence", "method", "via", "snapshot",
                  "sha256", "bytes", "http_status", "content_type", "etag", "caveats")


def source_row(snapshot: Snapshot, snapshot_name: str, **overrides) -> dict:
    """A sources.csv row from a snapshot's sidecar; per-article press rows override a few fields."""
    o = {**snapshot.origin, **overrides}
    row = {c: o.get(c) for c in SOURCE_COLUMNS}
    row["snapshot"] = snapshot_name
    return row


def flow_row(vintage: str, as_of: str, period: Period, sex: str, count: int, approximate: bool = False) -> dict:
    """One vintages.csv row; a vintage is one publication, so its id is also its source id."""
    return {"vintage": vintage, "as_of": as_of, "period": period.label,
            "period_start": period.start.isoformat() if period.start else "", "period_end": period.end.isoformat(),
            "sex": sex, "count": count, "provisional": period.provisional, "approximate": approximate,
            "source": vintage}


def cumulative_row(vintage: str, as_of: str, label: str, through: str, sex: str, count: int,
                   provisional: bool, kind: str, approximate: bool = False) -> dict:
    return {"vintage": vintage, "as_of": as_of, "period": label, "period_end": through, "sex": sex,
            "count": count, "provisional": provisional, "approximate": approximate, "kind": kind, "source": vintage}


def records(table: Table, vintage: str, as_of: str, cumulative_label: str | None = None) -> Parsed:
    """Tidy rows of one arrivals table: one per period x sex, plus the printed cumulative if there is one.
    The vintage id is also the rows' source id (one snapshot = one vintage)."""
    parsed = Parsed(tables=[table])
    for (index, sex), count in sorted(table.counts.items(), key=lambda kv: (kv[0][0], SEXES.index(kv[0][1]))):
        parsed.flows.append(flow_row(vintage, as_of, table.periods[index], sex, count))
    last = table.periods[-1]
    for sex in SEXES:
        if sex in table.printed_total:
            parsed.cumulative.append(cumulative_row(
                vintage, as_of, cumulative_label or CUMULATIVE, last.end.isoformat(), sex,
                table.printed_total[sex], last.provisional, "printed-total"))
    return parsed


def csv_rows(snapshot: Snapshot, source: str, columns: list[str]) -> list[dict]:
    """Rows of a transcribed CSV whose header is exactly `columns`; a row with missing or extra cells raises."""
    reader = csv.DictReader(io.StringIO(snapshot.text))
    if reader.fieldnames != columns:
        raise SourceFormatError(source, "header", reader.fieldnames, f"is not {','.join(columns)}")
    rows = list(reader)
    for n, r in enumerate(rows, start=2):
        if None in r or None in r.values():
            raise SourceFormatError(source, f"line {n}", list(r.values())[:3], f"does not have {len(columns)} cells")
    return rows

"""Figures that circulate but are not the current MOU figure: a transcription of revisions.md's readings.

The official value is deliberately absent here; the build takes it from latest.csv so the two cannot disagree.
"""

from datetime import date

from etl.errors import SourceFormatError
from etl.labels import SEXES, parse_count
from etl.origin import Snapshot
from etl.sources import Parsed, csv_rows, source_row

SOURCE = "misquotes"
COLUMNS = ["misquote", "claimed_period", "claimed_start", "claimed_end", "sex", "claimed_count",
           "official_period", "official_start", "official_end", "explanation", "urls"]


def parse(snapshot: Snapshot) -> Parsed:
    parsed = Parsed(sources=[source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}")])
    for n, r in enumerate(csv_rows(snapshot, SOURCE, COLUMNS), start=2):
        for col in ("claimed_start", "claimed_end", "official_start", "official_end"):
            try:
                date.fromisoformat(r[col])
            except ValueError:
                raise SourceFormatError(SOURCE, f"line {n} {col}", r[col], "is not an ISO date") from None
        if r["sex"] not in SEXES or not r["urls"].startswith("http"):
            raise SourceFormatError(SOURCE, f"line {n}", (r["sex"], r["urls"][:30]), "needs a sex and cited URLs")
        claimed = parse_count(r["claimed_count"], SOURCE, f"line {n} claimed_count")
        parsed.misquotes.append({**r, "claimed_count": claimed})
    return parsed

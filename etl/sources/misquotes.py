"""Figures that circulate but are not the current MOU figure: a transcription of revisions.md's readings.

The official value is deliberately absent here; the build takes it from latest.csv so the two cannot disagree.
`official_missing` says why a row may have no official figure yet (a circulating figure for a period MOU has not
published): the build then leaves the official fields empty with that reason, and fills them once MOU publishes.
Every row explains itself in English (`explanation`) and Korean (`explanation_ko`). An empty start is an open one,
as in the tables' ~'98: a claimed cumulative total of every arrival up to the end date, compared with the
announced cumulative of that date.
"""

import re
from datetime import date

from etl.errors import SourceFormatError
from etl.labels import SEXES, parse_count
from etl.origin import Snapshot
from etl.sources import Parsed, csv_rows, source_row

SOURCE = "misquotes"
OPEN_START = ""  # a cumulative total: every arrival up to the end date
_HANGUL = re.compile("[\uac00-\ud7a3]")
COLUMNS = ["misquote", "claimed_period", "claimed_start", "claimed_end", "sex", "claimed_count",
           "official_period", "official_start", "official_end", "official_missing", "explanation", "explanation_ko",
           "urls"]


def parse(snapshot: Snapshot) -> Parsed:
    parsed = Parsed(sources=[source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}")])
    for n, r in enumerate(csv_rows(snapshot, SOURCE, COLUMNS), start=2):
        for col in ("claimed_start", "claimed_end", "official_start", "official_end"):
            if col.endswith("_start") and r[col] == OPEN_START:
                continue
            try:
                date.fromisoformat(r[col])
            except ValueError:
                raise SourceFormatError(SOURCE, f"line {n} {col}", r[col], "is not an ISO date") from None
        if (r["claimed_start"] == OPEN_START) != (r["official_start"] == OPEN_START):
            raise SourceFormatError(SOURCE, f"line {n}", r["misquote"], "compares a cumulative total with a period's "
                                    "figure: both starts empty (a cumulative), or neither")
        if r["sex"] not in SEXES or not r["urls"].startswith("http"):
            raise SourceFormatError(SOURCE, f"line {n}", (r["sex"], r["urls"][:30]), "needs a sex and cited URLs")
        if not r["explanation"].strip() or not _HANGUL.search(r["explanation_ko"]):
            raise SourceFormatError(SOURCE, f"line {n}", r["misquote"], "needs an explanation in English and Korean")
        count = parse_count(r["claimed_count"], SOURCE, f"line {n} claimed_count")
        parsed.misquotes.append({**r, "claimed_count": count})
    return parsed

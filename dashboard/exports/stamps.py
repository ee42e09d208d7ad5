"""What makes a take-away reproducible: one date from the data instead of "now", and fixed file modes.

`dataset_date` is the newest publication date the sources record (`published`, or the lower bound
`published_after`), else the newest as-of date of the latest figures: ZIP entries, the XLSX document properties
and the PDF's dates all carry it, so the same view of the same data gives the same bytes, and the date says
something true about the data rather than about the moment of export.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from dashboard.data import Arrivals

FILE_MODE = 0o100644  # a regular file, rw-r--r--: readable by everyone once extracted
UNIX = 3  # ZipInfo.create_system: the mode bits are Unix ones


def dataset_date(arrivals: Arrivals) -> datetime:
    """Midnight (UTC) of the dataset's date: the newest publication date its sources record, else the newest
    as-of date of latest.csv."""
    cited = arrivals.citations(arrivals.source_ids())
    dates = [c.published or c.published_after for c in cited]
    dates = [d for d in dates if d] or [arrivals.as_of()]
    return parse(max(d[:10] for d in dates))


def parse(iso: str, fallback: datetime = datetime(2000, 1, 1)) -> datetime:
    """Midnight of an ISO date ('2026-02-04', '2010-09' or '2011'); `fallback` for anything else."""
    try:
        parts = [int(p) for p in str(iso)[:10].split("-")] + [1, 1]
        return datetime(*parts[:3])
    except (TypeError, ValueError):
        return fallback


def zip_entry(name: str, when: datetime) -> zipfile.ZipInfo:
    """A deflated regular-file entry with mode 0644 and the given time (ZIP times start in 1980)."""
    info = zipfile.ZipInfo(name, date_time=max(when, datetime(1980, 1, 1)).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    return info


def rezip(data: bytes, when: datetime, change=None) -> bytes:
    """The same archive, entries in the same order, each with `when` and mode 0644; `change(name, bytes)` may
    rewrite an entry's content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            archive.writestr(zip_entry(info.filename, when), change(info.filename, body) if change else body)
    return buffer.getvalue()


def xlsx(data: bytes, when: datetime) -> bytes:
    """An openpyxl workbook with its created and modified properties (openpyxl writes "now") and its ZIP entry
    times set to `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def properties(name: str, body: bytes) -> bytes:
        if name != "docProps/core.xml":
            return body
        return re.sub(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                      lambda m: m.group(1) + stamp + m.group(3), body)

    return rezip(data, when, properties)

"""Cited events for chart annotations (compiled by the project lead), checked before they are published."""

import json
from datetime import date

from etl.errors import SourceFormatError
from etl.origin import Snapshot
from etl.sources import Parsed, csv_rows, source_row
from etl.storage import sha256_hex

SOURCE = "events"
COLUMNS = ["event", "date_start", "date_end", "label_en", "label_ko", "url", "publisher", "title"]


def parse(snapshot: Snapshot) -> Parsed:
    parsed = Parsed(sources=[source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}")])
    seen = set()
    for n, r in enumerate(csv_rows(snapshot, SOURCE, COLUMNS), start=2):
        try:
            start, end = date.fromisoformat(r["date_start"]), date.fromisoformat(r["date_end"])
        except ValueError:
            raise SourceFormatError(SOURCE, f"line {n} dates", (r["date_start"], r["date_end"]),
                                    "are not ISO dates") from None
        if end < start:
            raise SourceFormatError(SOURCE, f"line {n} dates", (r["date_start"], r["date_end"]),
                                    "end before they start")
        if r["event"] in seen or not r["event"]:
            raise SourceFormatError(SOURCE, f"line {n} event", r["event"], "is empty or repeated")
        seen.add(r["event"])
        missing = [c for c in ("label_en", "label_ko", "publisher", "title") if not r[c].strip()]
        if missing or not r["url"].startswith(("http://", "https://")):
            raise SourceFormatError(SOURCE, f"line {n}", r["event"], f"lacks {', '.join(missing) or 'a URL'}")
        parsed.events.append(dict(r))
    return parsed


def origin(sidecar: bytes, data: bytes) -> dict:
    """The lead's sidecar names fewer fields than ours; fill the rest so every source row has the same shape."""
    o = json.loads(sidecar)
    return {"publisher_ko": "", "publisher_en": o.get("publisher", ""), "http_status": None, "content_type": "text/csv",
            "etag": "", "last_modified": "", "via": "", "as_of_label": "", "published": "", "published_after": "",
            "caveats": " ".join(o.get("notes", [])), **o, "sha256": sha256_hex(data), "bytes": len(data)}

"""MOU Korean page '25.12(잠정) table, as kept by a third-party scrape (JSON, one object per period)."""

import json

from etl.errors import SourceFormatError
from etl.origin import Snapshot
from etl.sources import Parsed, records, source_row
from etl.tables import read_grid

SOURCE = "mou-kr-2025"
_KEYS = ("period", "male", "female", "total", "female_pct")


def parse(snapshot: Snapshot) -> Parsed:
    try:
        items = json.loads(snapshot.text)
    except ValueError as e:
        raise SourceFormatError(SOURCE, snapshot.path.name, str(e)[:80], "is not JSON") from None
    if not isinstance(items, list) or not items:
        raise SourceFormatError(SOURCE, snapshot.path.name, type(items).__name__, "is not a list of periods")
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or tuple(item) != _KEYS:
            raise SourceFormatError(SOURCE, f"item {i}", item, f"does not have exactly the keys {', '.join(_KEYS)}")
    # The scraper stored the page's columns as objects; lay them out again as the page's grid (periods across).
    grid = [[""] + [str(item["period"]) for item in items]]
    grid += [[key] + [str(item[key]) for item in items] for key in _KEYS[1:]]
    parsed = records(read_grid(grid, SOURCE), SOURCE, snapshot.origin["as_of"])
    parsed.sources.append(source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}"))
    return parsed

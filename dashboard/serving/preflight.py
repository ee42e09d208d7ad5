"""The check a dataset passes before the app serves it: each table against the schema the build checked it with
(etl/schema.py, pandera), and the tables the pages draw from not empty.

`Arrivals.load` checks that each file is the one datapackage.json describes (its sha256) with the promised columns.
A dataset can pass that and still be wrong (an emptied latest.csv whose hash was updated with it): served, it
would answer 500 on every route. Refused here instead, at start, naming the file and the fault.
"""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.data import DatasetError, _read
from etl.checks import check_schema
from etl.schema import BY_NAME

DRAWN = ("latest", "vintages", "sources", "cumulative")  # every page and the API's default answers read these rows


def check(folder: Path) -> None:
    """Raise DatasetError naming the first file of `folder` whose rows break its schema, or that is empty."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        name, path = resource["name"], folder / resource["path"]
        if name not in BY_NAME:
            continue
        frame = _read(folder, resource)
        if frame.empty and name in DRAWN:
            raise DatasetError(f"{path} holds no rows: the dashboard draws every page from it; rebuild the datasets")
        for column, field in ((f.name, f) for f in BY_NAME[name].fields):
            if field.type not in ("integer", "boolean"):
                frame[column] = frame[column].where(frame[column] != "", None)
        faults = check_schema(name, frame)
        if faults:
            first = faults[0]
            raise DatasetError(f"{path} breaks its schema ({len(faults)} faults; first: {first['check']} at "
                               f"{first['where']}: {str(first['found'])[:80]!r}); rebuild the datasets")

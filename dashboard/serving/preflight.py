"""The check a dataset passes before the app serves it: each table against the schema the build checked it with
(etl/schema.py, pandera), and the tables the pages draw from not empty.

`Arrivals.load` checks that each file is the one datapackage.json describes (its sha256) with the promised columns.
A dataset can pass that and still be wrong (an emptied latest.csv whose hash was updated with it): served, it
would answer 500 on every route. Refused here instead, at start, naming the file and the fault.

A release passes once: its stamp (in the cache folder, `etl.paths.cache_folder`) is named by the bytes of its
datapackage.json, which pin every file's sha256 (checked again by `Arrivals.load` at every start), and by the
schema's own source. A restart of a checked release (a replica, a deploy, a crash) skips pandera and its import,
a third of a start; a new release, an edited file or a changed schema is checked in full.
"""

from __future__ import annotations

import hashlib
import json
from importlib.util import find_spec
from pathlib import Path

from dashboard.data import DatasetError, Tables
from etl import paths
from etl.storage import write_atomic

DRAWN = ("latest", "vintages", "sources", "cumulative")  # every page and the API's default answers read these rows
RULES = ("etl.schema", "etl.checks", __name__)  # the modules whose source decides what passes


def check(folder: Path) -> None:
    """Raise DatasetError naming the first file of `folder` whose rows break its schema, or that is empty."""
    package_bytes = (folder / "datapackage.json").read_bytes()
    stamp = paths.cache_folder() / "checked" / stamp_name(package_bytes)
    if stamp.exists():
        return
    _check_rows(folder, json.loads(package_bytes))
    try:
        write_atomic(stamp, b"")
    except OSError:  # a read-only home: the next start checks again, nothing else changes
        pass


def stamp_name(package_bytes: bytes) -> str:
    """The stamp of one release under today's rules: a change to either is a new name, so it is checked again."""
    digest = hashlib.sha256(package_bytes)
    for module in RULES:
        digest.update(Path(find_spec(module).origin).read_bytes())
    return digest.hexdigest()


def _check_rows(folder: Path, package: dict) -> None:
    # Imported here, not at the top: pandera is a tenth of a second to import, paid only when a release is new.
    from etl.checks import check_schema
    from etl.schema import BY_NAME

    resources = {resource["name"]: resource for resource in package["resources"] if resource["name"] in BY_NAME}
    tables = Tables(folder, resources)
    for name, resource in resources.items():
        path = folder / resource["path"]
        frame = tables[name].copy()
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

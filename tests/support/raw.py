"""Edits of a raw snapshot in a temporary datasets copy, with its sidecar's sha256 and size sealed again."""

import json
from pathlib import Path


def reseal(path: Path) -> None:
    """Record a changed snapshot's sha256 and size in its sidecar, as a person adding rows would."""
    from etl.storage import sha256_hex

    sidecar = path.with_name(path.name + ".json")
    origin = json.loads(sidecar.read_text("utf-8"))
    origin.update(sha256=sha256_hex(path.read_bytes()), bytes=path.stat().st_size)
    sidecar.write_text(json.dumps(origin, ensure_ascii=False, indent=2) + "\n", "utf-8")


def append(path: Path, *lines: str) -> None:
    """Add lines at the end of a transcribed CSV and reseal it."""
    path.write_text(path.read_text("utf-8") + "".join(line + "\n" for line in lines), "utf-8")
    reseal(path)


def replace(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a snapshot and reseal it."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")
    reseal(path)

"""Snapshots and their provenance sidecars (`<snapshot>.json`): the only place a citation is written by hand."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError
from etl.storage import sha256_hex

FIELDS = ("source", "publisher_ko", "publisher_en", "title_ko", "title_en", "language", "url", "as_of",
          "published", "published_after", "as_of_label", "retrieved_at", "method", "via", "licence", "sha256",
          "bytes", "http_status", "content_type", "etag", "last_modified", "caveats")
METHODS = ("requests-get", "archived-copy", "transcribed")
DATE_OR_MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2})?$", re.ASCII)


@dataclass(frozen=True)
class Snapshot:
    """The bytes of one raw snapshot and its provenance record."""

    path: Path
    data: bytes
    origin: dict

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def origin_json(origin: dict) -> bytes:
    """Sidecars are written in one stable form so that re-writing one changes nothing."""
    return (json.dumps(origin, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def read_snapshots(folder: Path) -> list[Snapshot]:
    """Every snapshot in a raw/<source>/ folder, oldest name first; each must match its recorded sha256."""
    snapshots = []
    for side in sorted(folder.glob("*.json")):
        data_path = side.with_name(side.name[: -len(".json")])
        if not data_path.is_file():
            continue  # a snapshot that is itself JSON, not a sidecar
        origin = json.loads(side.read_text(encoding="utf-8"))
        missing = [f for f in FIELDS if f not in origin]
        if missing:
            raise EtlError(f"{side}: provenance record lacks {', '.join(missing)}")
        if origin["method"] not in METHODS:
            raise EtlError(f"{side}: method {origin['method']!r} is not one of {', '.join(METHODS)}")
        check_published(origin, side)
        data = data_path.read_bytes()
        if sha256_hex(data) != origin["sha256"] or len(data) != origin["bytes"]:
            raise EtlError(f"{data_path}: content does not match the sha256/bytes in {side.name} "
                           f"(recorded {origin['sha256'][:12]}…, found {sha256_hex(data)[:12]}…)")
        snapshots.append(Snapshot(data_path, data, origin))
    return snapshots


def check_published(origin: dict, where: object) -> None:
    """`published` is the date the source states (ISO date or year-month), or empty when the copy states none;
    `published_after` is then a lower bound (the source appeared no earlier), and empty when `published` is known."""
    published, after = origin.get("published") or "", origin.get("published_after") or ""
    for name, value in (("published", published), ("published_after", after)):
        if value and not DATE_OR_MONTH.match(value):
            raise EtlError(f"{where}: {name} {value!r} is not an ISO date or year-month")
    if published and after:
        raise EtlError(f"{where}: published_after is a lower bound for an undated source; it must be empty when "
                       f"published ({published}) is known")

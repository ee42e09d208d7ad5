"""The only network code: download a live source, check it, and keep it as a raw snapshot with provenance.

A response enters datasets/raw/ only after it parsed and passed the table checks. A rejected response is kept
in a folder outside datasets/ for inspection, and the error says where.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from etl import checks
from etl.errors import EtlError, FetchError
from etl.origin import FIELDS, Snapshot, origin_json, read_snapshots, sidecar_path
from etl.sources import mou_status
from etl.storage import sha256_hex, write_atomic

LIVE_SOURCES = {mou_status.SOURCE: mou_status}
DEFAULTS = {"timeout": 20.0, "retries": 3, "backoff": 1.0, "max_bytes": 2_000_000}
USER_AGENT = "nk-arrivals/1 (open-source research dashboard of MOU arrival statistics; python-requests)"
CHUNK = 64 * 1024


def session(retries: int, backoff: float) -> requests.Session:
    """Retries with exponential backoff on connection errors, read errors and 5xx (urllib3 Retry)."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=frozenset({"GET"}), raise_on_status=False)
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


@dataclass(frozen=True)
class Fetched:
    """A fetch's plain-language result and the snapshot it kept (None: nothing was written)."""

    message: str
    saved: Path | None = None


def fetch(source: str, datasets: Path, url: str | None = None, rejected: Path | None = None,
          timeout: float = DEFAULTS["timeout"], retries: int = DEFAULTS["retries"],
          backoff: float = DEFAULTS["backoff"], max_bytes: int = DEFAULTS["max_bytes"]) -> str:
    """Download, check and keep one snapshot; returns a plain-language result. Raises FetchError."""
    fetched = fetch_snapshot(source, datasets, url, rejected, timeout, retries, backoff, max_bytes)
    return fetched.message + (" Run `nk-arrivals build` to update the datasets." if fetched.saved else "")


def fetch_snapshot(source: str, datasets: Path, url: str | None = None, rejected: Path | None = None,
                   timeout: float = DEFAULTS["timeout"], retries: int = DEFAULTS["retries"],
                   backoff: float = DEFAULTS["backoff"], max_bytes: int = DEFAULTS["max_bytes"]) -> Fetched:
    """`fetch`, saying which snapshot it kept, if any (the watch builds only then)."""
    module = LIVE_SOURCES[source]
    url = url or module.URL
    folder = datasets / "raw" / source
    rejected = rejected or datasets.parent / ".cache" / "rejected"
    earlier = [s for s in read_snapshots(folder) if s.origin["url"] == url] if folder.is_dir() else []
    headers = conditional_headers(earlier[-1].origin if earlier else {})
    try:
        with session(retries, backoff).get(url, timeout=(timeout, timeout), stream=True, headers=headers) as r:
            if r.status_code == 304:
                return Fetched(f"Not modified since the last fetch ({earlier[-1].path.name}): nothing written.")
            body = read_body(r, max_bytes, url, rejected, source)
            if r.status_code != 200:
                where = keep_rejected(rejected, source, body, f"HTTP {r.status_code} from {url}")
                raise FetchError(f"{url} answered HTTP {r.status_code} {r.reason}; nothing was written to "
                                 f"datasets/ (response kept in {where})")
            meta = {"http_status": r.status_code, "content_type": r.headers.get("Content-Type", ""),
                    "etag": r.headers.get("ETag", ""), "last_modified": r.headers.get("Last-Modified", "")}
    except requests.exceptions.RequestException as e:
        raise FetchError(failure(e, url, timeout, retries) + "; nothing was written to datasets/") from None
    digest = sha256_hex(body)
    same = next((s for s in earlier if s.origin["sha256"] == digest), None)
    if same:
        return Fetched(f"Unchanged: the page is identical to {same.path.name} (sha256 {digest[:12]}…); "
                       "nothing written.")
    now = datetime.now(UTC).replace(microsecond=0)
    origin = {**module.ORIGIN, "url": url, "as_of": now.date().isoformat(), "as_of_label": "",
              "retrieved_at": now.isoformat().replace("+00:00", "Z"), "sha256": digest, "bytes": len(body), **meta}
    path = folder / f"{now.date().isoformat()}_{digest[:8]}.html"
    try:
        parsed = module.parse(Snapshot(path, body, origin))
        failed = [f for t in parsed.tables for f in checks.check_table(t, source)]
        if failed:
            raise EtlError("; ".join(f"{f['check']} at {f['where']}: expected {f['expected']}, found {f['found']}"
                                     for f in failed))
    except EtlError as e:
        where = keep_rejected(rejected, source, body, str(e))
        raise FetchError(f"the page from {url} was rejected: {e}. Nothing was written to datasets/ "
                         f"(response kept in {where})") from None
    origin["as_of_label"] = parsed.flows[-1]["period"]
    origin = {k: origin[k] for k in FIELDS}
    write_atomic(path, body)                                 # the sidecar last: it is what makes a snapshot
    write_atomic(sidecar_path(path), origin_json(origin))
    return Fetched(f"Saved {path} ({len(body):,} bytes, sha256 {digest[:12]}…, newest column "
                   f"{origin['as_of_label']}).", path)


def failure(e: requests.exceptions.RequestException, url: str, timeout: float, retries: int) -> str:
    """A plain sentence for a failed request; urllib3 wraps the cause in MaxRetryError once retries run out."""
    reason = getattr(e.args[0], "reason", None) if e.args else None
    if isinstance(e, requests.exceptions.Timeout) or isinstance(reason, urllib3.exceptions.TimeoutError):
        return f"{url} did not answer within {timeout:g} s (tried {retries + 1} times)"
    if isinstance(e, requests.exceptions.ChunkedEncodingError):
        return f"{url} sent a truncated body (the connection closed before all Content-Length bytes arrived)"
    if isinstance(e, requests.exceptions.RetryError):
        return f"{url} kept failing after {retries} retries ({reason})"
    return f"could not fetch {url}: {reason or e}"


def conditional_headers(origin: dict) -> dict:
    headers = {}
    if origin.get("etag"):
        headers["If-None-Match"] = origin["etag"]
    if origin.get("last_modified"):
        headers["If-Modified-Since"] = origin["last_modified"]
    return headers


def read_body(r: requests.Response, max_bytes: int, url: str, rejected: Path, source: str) -> bytes:
    """The body, refusing more than max_bytes whether or not the server announced its length."""
    declared = r.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} announced {int(declared):,} bytes, more than the limit of {max_bytes:,} bytes; "
                         "nothing was written to datasets/")
    chunks, size = [], 0
    for chunk in r.iter_content(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            where = keep_rejected(rejected, source, b"".join(chunks), f"body larger than {max_bytes} bytes")
            raise FetchError(f"{url} sent more than the limit of {max_bytes:,} bytes; nothing written "
                             f"(first part kept in {where})")
        chunks.append(chunk)
    return b"".join(chunks)


def keep_rejected(folder: Path, source: str, body: bytes, reason: str) -> Path:
    """Keep a rejected response (and why) outside datasets/ for a person to inspect."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"{source}-{stamp}-{sha256_hex(body)[:8]}.html"
    write_atomic(path, body)
    write_atomic(path.with_name(path.name + ".reason.txt"), (reason + "\n").encode("utf-8"))
    return path

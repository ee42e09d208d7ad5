"""The release watch: fetch each live source and, when it shows something new, snapshot it, build, verify and say
which figures are new or revised (the new rows of changes.csv). When nothing changed, nothing is written.

One round is all or nothing for datasets/: a page that fails to download or to parse is rejected by `fetch` before
anything is written; a snapshot whose build or verification fails is taken out again (the response is kept in the
rejected folder with the reason) and the previous datasets/arrivals/ files are put back, so datasets/ is
byte-identical to what it was. Every file is written by the atomic writer (temporary file, fsync, rename).

Without --once the watch runs rounds forever, `interval` hours apart plus a random jitter (up to a tenth of the
interval, at most 15 minutes) so that many watchers do not hit the page at the same second. SIGTERM or SIGINT ends
it cleanly: a round in progress is finished (a download is bounded by the fetch timeout and retries), then the
watch exits with status 0. In the loop a failed round is reported on stderr and retried at the next round.
"""

from __future__ import annotations

import csv
import io
import random
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl import fetch as fetching
from etl import package
from etl.errors import EtlError, ExpectedError
from etl.origin import sidecar_path
from etl.storage import write_atomic

JITTER_SHARE = 0.1          # of the interval
JITTER_MAX_SECONDS = 900.0
CHANGES = "changes.csv"


class WatchError(EtlError):
    """A round of the watch failed; datasets/ was left as it was."""


@dataclass
class Round:
    """What one round did: the fetch messages, the snapshots it kept and the change-log rows it added."""

    messages: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)
    new_changes: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.saved)


def watch_once(datasets: Path, url: str | None = None, rejected: Path | None = None,
               **fetch_options) -> Round:
    """One round over every live source (`url` replaces the source's address: a mirror or a test server).
    Raises WatchError (or FetchError) with datasets/ unchanged when a page or the build fails."""
    result = Round()
    rejected = rejected or datasets.parent / ".cache" / "rejected"
    for source in sorted(fetching.LIVE_SOURCES):
        fetched = fetching.fetch_snapshot(source, datasets, url=url, rejected=rejected, **fetch_options)
        result.messages.append(fetched.message)
        if fetched.saved is not None:
            result.saved.append(fetched.saved)
    if not result.saved:
        return result
    out = datasets / package.OUTPUT
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} if out.is_dir() else {}
    try:
        build = package.build(datasets)
        package.write(datasets, build)
        diffs = package.verify(datasets)[1]
        if diffs:
            raise WatchError("a second build differs from the first: " + "; ".join(diffs))
    except ExpectedError as error:
        restore(out, before)
        for path in result.saved:
            where = fetching.keep_rejected(rejected, path.parent.name, path.read_bytes(), str(error))
            sidecar_path(path).unlink(missing_ok=True)   # the sidecar first: it is what makes a snapshot
            path.unlink(missing_ok=True)
            result.messages.append(f"{path.name} was taken out again (kept in {where})")
        raise WatchError(f"the new snapshot did not build: {error}. datasets/ was left as it was "
                         f"({'; '.join(result.messages)})") from None
    result.new_changes = new_rows(before.get(CHANGES, b""), build.files[CHANGES])
    return result


def restore(out: Path, before: dict[str, bytes]) -> None:
    """Put datasets/arrivals/ back as it was: each earlier file rewritten where it differs, new files removed."""
    if not out.is_dir():
        return
    for path in out.iterdir():
        if path.is_file() and path.name not in before:
            path.unlink()
    for name, data in before.items():
        path = out / name
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data)


def new_rows(old: bytes, new: bytes) -> list[dict]:
    """Rows of the new changes.csv that the old one did not have (the change log only grows, unless a source
    is corrected: then the corrected rows show as new)."""
    seen = set(old.decode("utf-8").splitlines()[1:])
    lines = new.decode("utf-8").splitlines()
    added = [line for line in lines[1:] if line not in seen]
    return list(csv.DictReader(io.StringIO("\n".join([lines[0], *added]))))


def describe(row: dict) -> str:
    """One line per change: `2026-01-01..2026-06-30 ('26.6(잠정)) total: 43, new, provisional (mou-status-…)`."""
    flags = [row["change"]] + [f for f in ("provisional", "approximate") if row[f] == "true"]
    was = f"{int(row['old_count']):,} ({row['old_vintage']}) -> " if row["old_count"] else ""
    return (f"{row['period_start'] or '…'}..{row['period_end']} ({row['period']}) {row['sex']}: "
            f"{was}{int(row['count']):,}, {', '.join(flags)} ({row['vintage']})")


def report(result: Round, say: Callable[[str], None] = print) -> None:
    for message in result.messages:
        say(message)
    if not result.changed:
        say("Nothing new: nothing was written.")
        return
    say(f"Built and verified. {len(result.new_changes)} new or revised figure(s):")
    for row in result.new_changes:
        say("  " + describe(row))


def jitter(interval_seconds: float, rng: random.Random | None = None) -> float:
    return (rng or random).uniform(0, min(JITTER_SHARE * interval_seconds, JITTER_MAX_SECONDS))


def loop(datasets: Path, interval_hours: float, url: str | None = None, rejected: Path | None = None,
         stop: threading.Event | None = None, **fetch_options) -> int:
    """Rounds until SIGTERM/SIGINT (or `stop` is set); returns 0. A failed round is reported and retried later."""
    stop = stop or threading.Event()
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            handlers[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.is_set():
            try:
                report(watch_once(datasets, url=url, rejected=rejected, **fetch_options))
            except ExpectedError as error:
                print(f"error: {error}", file=sys.stderr)
            sys.stdout.flush()
            if stop.is_set():
                break
            wait = interval_hours * 3600
            wait += jitter(wait)
            print(f"Next round in {wait / 3600:.2f} h.", flush=True)
            stop.wait(wait)
        print("Stopped.", flush=True)
        return 0
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

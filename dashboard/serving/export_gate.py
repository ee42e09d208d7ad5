"""The gate before the page's file exports (the Download buttons' callback, and the link previews' images): each
export made once, and only a few made at a time.

A chart image or a newsroom pack costs Chromium about half a second; four readers asking for packs took a plain
API request from 2 ms to 578 ms. So an export's answer is kept in a folder that the app makes when it loads (in
gunicorn's master, before the fork: every worker shares it), keyed by the dataset, the view, the format and the
size: the second request for it costs no Chromium time. A new one needs one of SLOTS slots (a lock file each in the
same folder); when all are taken the answer is 429 with Retry-After, and pages, data and the API go on answering.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from dash import Dash
from flask import Response, abort, g, request

from dashboard import urls
from dashboard.data import Arrivals
from dashboard.exports import pack
from dashboard.exports.formats import DATA, MEDIA_TYPES, VIEW_FORMATS
from dashboard.page import ids
from etl.storage import write_atomic

EXPORT_OUTPUT = json.dumps({"format": ["MATCH"], "type": ids.EXPORT_DOWNLOAD}, separators=(",", ":")) + ".data"
SLOTS = int(os.environ.get("NK_ARRIVALS_EXPORT_SLOTS", "1"))  # exports made at once, machine-wide
RETRY_AFTER = 2  # seconds: about four newsroom packs
KEPT = 512  # answers kept; the oldest go first
FOLDER = "nk_arrivals.exports"  # Flask extension key: the app's folder of exports and slots
RELEASE = "nk_arrivals.release"  # Flask extension key: a hash of the dataset the kept answers were made from


def cache_folder() -> Path:
    """A new folder for this app's exports, removed when the process that made it exits (not its forks)."""
    folder = Path(tempfile.mkdtemp(prefix="nk-arrivals-exports-"))
    maker = os.getpid()

    def remove() -> None:
        if os.getpid() == maker:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    return folder


def gate(app: Dash, arrivals: Arrivals) -> None:
    """Answer repeated exports from the shared folder, and refuse new ones with 429 while every slot is busy.

    Call it after `harden`: its hooks then run after the callback guard's, and see each answer before compression.
    """
    callbacks_path = app.config.routes_pathname_prefix + "_dash-update-component"
    release = hashlib.sha256(json.dumps(arrivals.package, sort_keys=True).encode()).hexdigest()[:16]
    folder = app.server.extensions[FOLDER] = cache_folder()
    app.server.extensions[RELEASE] = release

    @app.server.before_request
    def _export_once():
        if request.method != "POST" or request.path != callbacks_path:
            return None
        try:
            body = request.get_json(silent=True)
        except (RecursionError, ValueError):
            return None  # the guard refuses it
        if not isinstance(body, dict) or body.get("output") != EXPORT_OUTPUT:
            return None
        key = hashlib.sha256(json.dumps([release, body.get("outputs"), body.get("state")], sort_keys=True,
                                        default=str).encode()).hexdigest()
        kept = folder / f"{key}.answer"
        if kept.is_file():  # compressed on the way out, for each client as it accepts (flask-compress)
            return Response(kept.read_bytes(), mimetype="application/json")
        slot = take_slot(folder)
        if slot is None:
            return busy()
        g.export_slot, g.export_file = slot, kept
        return None

    @app.server.after_request
    def _keep_export(response: Response) -> Response:
        made = g.get("export_file")
        if made is not None and response.status_code == 200 and "Content-Encoding" not in response.headers:
            write_atomic(made, response.get_data())
            forget_oldest(folder)
        return response

    @app.server.teardown_request
    def _free_slot(_error=None):
        slot = g.pop("export_slot", None)
        if slot is not None:
            os.close(slot)  # closing the file releases its lock


def made_once(server, parts, make) -> bytes | None:
    """An export made outside the callback (a link preview's image): kept in the same folder under the dataset
    and `parts`, made by `make()` in a slot; None while every slot is busy (the caller answers 429)."""
    folder = server.extensions[FOLDER]
    key = hashlib.sha256(json.dumps([server.extensions[RELEASE], parts], default=str).encode()).hexdigest()
    kept = folder / f"{key}.answer"
    if kept.is_file():
        return kept.read_bytes()
    slot = take_slot(folder)
    if slot is None:
        return None
    try:
        body = make()
        write_atomic(kept, body)
        forget_oldest(folder)
        return body
    finally:
        os.close(slot)


def busy() -> Response:
    """429 with Retry-After: every export slot is making something."""
    response = Response("Busy making other exports: try again in a moment\n", status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def plain_downloads(app: Dash, arrivals: Arrivals) -> None:
    """`/download/<format>?<view>`: the file a Download button gives, as a plain link for a page without scripts;
    made under the same slots (429 while all are busy). Call it after `gate`, whose folder holds the slots."""
    folder = app.server.extensions[FOLDER]

    def plain_download(fmt: str) -> Response:
        kind, _, suffix = fmt.rpartition(".")  # triangle.xlsx: a record download (pack.RECORDS)
        if fmt not in VIEW_FORMATS and not (kind in pack.RECORDS and suffix in DATA):
            abort(404)
        view = urls.parse("?" + request.query_string.decode("utf-8", "replace"), arrivals).view
        slot = take_slot(folder)
        if slot is None:
            return busy()
        try:
            name, body = pack.record(arrivals, kind, view, suffix) if kind else \
                pack.take_away(arrivals, view, fmt, "default")
        finally:
            os.close(slot)
        fmt = suffix or fmt
        return Response(body, mimetype=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    app.server.add_url_rule(app.get_relative_path(urls.DOWNLOAD_ROUTE + "/<fmt>"), "plain_download", plain_download)


def take_slot(folder: Path) -> int | None:
    """A free slot's open lock file (locked), or None when all SLOTS are taken, by any process."""
    for number in range(SLOTS):
        fd = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    return None


def forget_oldest(folder: Path) -> None:
    """Keep at most KEPT answers: the least recently made go."""
    answers = list(folder.glob("*.answer"))
    if len(answers) > KEPT:
        for old in sorted(answers, key=_made)[:len(answers) - KEPT]:
            old.unlink(missing_ok=True)


def _made(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # another worker removed it meanwhile
        return 0.0

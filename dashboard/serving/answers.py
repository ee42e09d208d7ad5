"""The answers of pure callbacks and of the page, cached per process as the bytes sent, compressed.

A story that cites the dashboard sends a wave of readers who click the same few controls. The chart callbacks
are pure in their request (inputs and state) and the immutable data, so the same request gets the same answer;
Dash would still route it, run it and encode and compress its JSON anew. A cached answer is a dictionary lookup.
The key is the whole request body, the Host (answers may name the site) and the Accept-Encoding: never the URL
path, which every callback shares.

Both are pure in their request on one day: what asof= and vs= accept ends today (`urls.today`), so every key
carries the day, and a link to tomorrow refused today is answered anew once tomorrow has come.

The page (`GET /` with any query) is pure in its query and the immutable data in the same way: its answer is kept
the same way, keyed by the query, the Host and the Accept-Encoding, so that a wave of readers on one story's link
costs one page build and one compression (PAGES_KEPT pages). In production (gunicorn_conf.py) the page answers are
also kept on disk (`Shelf`), named by everything that makes them (the release's datapackage.json, the dashboard's
own files, the libraries' versions, the site's address and settings): a restart of the same release and code
answers its first readers without building a page, and a new release or new code starts a new shelf.

Hand-written rather than flask-caching: its response cache keys on the URL path, and a memoised function cannot
see the bytes that Dash and flask-compress produce after it returns.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Collection
from importlib.metadata import distribution
from pathlib import Path

from dash import Dash
from flask import Response, g, request

from dashboard import urls
from dashboard.data import Arrivals
from etl import paths
from etl.storage import write_atomic

MAX_ENTRIES = 512  # answers of ~5 KB compressed: a few MB per worker at most
PAGES_KEPT = 64  # pages of ~40 KB compressed, per encoding asked for
MAX_BODY = 16_384  # bytes of a request worth keeping as a key
MAX_ANSWER = 262_144  # bytes of an answer worth keeping (downloads are not cached)
CALLBACKS = "_dash-update-component"
SHELF_ENV = "NK_ARRIVALS_PAGE_SHELF"  # "1": keep page answers on disk too (gunicorn_conf.py sets it)
SHELVES_KEPT = 3  # shelves of other releases or code left for replicas still serving them; older ones go
LIBRARIES = ("dash", "plotly", "flask", "werkzeug", "flask-compress", "brotli", "jinja2", "pandas")
DASHBOARD = Path(__file__).resolve().parents[1]


class Shelf:
    """Page answers on disk, one file each, in a folder named by what makes them (`fingerprint`).

    A file is the answer's headers (JSON, with the sha256 of its body) on one line, then the body; one that does not
    match its sha256 (a torn write) is not served. Files are replaced atomically, so workers share the folder.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def for_release(cls, arrivals: Arrivals) -> Shelf | None:
        """This release's shelf in the cache folder when $NK_ARRIVALS_PAGE_SHELF is "1", else None; older
        shelves beyond SHELVES_KEPT are removed."""
        if os.environ.get(SHELF_ENV) != "1":
            return None
        root = paths.cache_folder() / "pages"
        folder = root / fingerprint(arrivals)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.utime(folder)
            others = sorted((f for f in root.iterdir() if f != folder), key=lambda f: f.stat().st_mtime, reverse=True)
        except OSError:  # a read-only home: answers are kept in memory only
            return None
        for old in others[SHELVES_KEPT - 1:]:
            shutil.rmtree(old, ignore_errors=True)
        return cls(folder)

    def _path(self, key: tuple) -> Path:
        return self.folder / hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, key: tuple) -> tuple[bytes, dict] | None:
        try:
            head, _, body = self._path(key).read_bytes().partition(b"\n")
            headers = json.loads(head)
        except (OSError, ValueError):
            return None
        if headers.pop("sha256", None) != hashlib.sha256(body).hexdigest():
            return None
        return body, headers

    def put(self, key: tuple, body: bytes, headers: dict) -> None:
        head = json.dumps({**headers, "sha256": hashlib.sha256(body).hexdigest()}).encode()
        try:
            write_atomic(self._path(key), head + b"\n" + body)
        except OSError:  # a full disk: the answer stays in memory only
            pass


def fingerprint(arrivals: Arrivals) -> str:
    """The name of everything a page answer is made from but its request: the release (datapackage.json, which pins
    every file's sha256), the dashboard's own files (code, templates, texts, assets), the libraries that render and
    compress it, and the settings ($NK_ARRIVALS_*: the site's address among them)."""
    digest = hashlib.sha256(json.dumps(arrivals.package, sort_keys=True).encode())
    for file in _own_files():
        digest.update(str(file.relative_to(DASHBOARD)).encode() + b"\0" + file.read_bytes())
    digest.update(json.dumps([[name, _version(name)] for name in LIBRARIES]).encode())
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("NK_ARRIVALS_"))).encode())
    return digest.hexdigest()[:32]


def _own_files() -> list[Path]:
    """Every file of the dashboard's tree but bytecode, in one order (os.walk: a third of pathlib.rglob's time)."""
    found = []
    for folder, subfolders, names in os.walk(DASHBOARD):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [Path(folder, name) for name in names]
    return sorted(found)


def _version(library: str) -> str:
    """An installed library's version, from its METADATA's Version line: `importlib.metadata.version` parses the
    whole file as an e-mail message, 5 ms a library at every start."""
    metadata = distribution(library).read_text("METADATA") or ""
    return next((line[9:].strip() for line in metadata.splitlines() if line.startswith("Version: ")), "")


def cache_answers(app: Dash, outputs: Collection[str], shelf: Shelf | None = None) -> None:
    """Cache the answers of the callbacks whose first output is in `outputs` ("main-chart.figure"), and the page's
    (on `shelf` too, if given).

    Call it before `server.harden`, so that this hook sees the answer last, compressed.
    """
    path = app.config.routes_pathname_prefix + CALLBACKS
    page = app.config.requests_pathname_prefix
    kept = {"callback": (OrderedDict(), MAX_ENTRIES), "page": (OrderedDict(), PAGES_KEPT)}
    lock = threading.Lock()  # the development server answers in threads

    def kind() -> str | None:
        if request.path == path and request.method == "POST" and (request.content_length or 0) <= MAX_BODY:
            return "callback"
        return "page" if request.path == page and request.method == "GET" else None

    def key() -> tuple:
        asked = request.get_data() if kind() == "callback" else request.query_string
        return asked, request.host, request.headers.get("Accept-Encoding", ""), urls.today()

    def remember(which: str, answer: tuple[bytes, dict]) -> None:
        answers, most = kept[which]
        with lock:
            answers[key()] = answer
            while len(answers) > most:
                answers.popitem(last=False)

    def shelved() -> tuple:
        return request.query_string, request.host_url, request.headers.get("Accept-Encoding", ""), urls.today()

    @app.server.before_request
    def _answer_from_cache():
        which = kind()
        if which is None:
            return None
        answers, _ = kept[which]
        with lock:
            found = answers.get(key())
            if found is not None:
                answers.move_to_end(key())
        if found is None and which == "page" and shelf is not None:
            found = shelf.get(shelved())
            if found is not None:
                remember(which, found)
        if found is None:
            return None
        g.answered_from_cache = True
        body, headers = found
        return Response(body, headers={**headers, "X-Answer-Cache": "hit"})  # like a CDN's X-Cache, for operators

    @app.server.after_request
    def _keep_answer(response: Response) -> Response:
        which = kind()
        if which is None or g.get("answered_from_cache") or response.status_code != 200:
            return response
        if which == "callback":
            sent = request.get_json(silent=True)
            first = str(sent.get("output", "")).strip(".").split("...")[0] if isinstance(sent, dict) else ""
            if first not in outputs:
                return response
        body = response.get_data()
        if len(body) > MAX_ANSWER:
            return response
        headers = {name: response.headers[name] for name in ("Content-Type", "Content-Encoding", "Vary")
                   if name in response.headers}
        remember(which, (body, headers))
        if which == "page" and shelf is not None:
            shelf.put(shelved(), body, headers)
        return response

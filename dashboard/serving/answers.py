"""The answers of pure callbacks and of the page, cached per process as the bytes sent, compressed.

A story that cites the dashboard sends a wave of readers who click the same few controls. The chart callbacks
are pure in their request (inputs and state) and the immutable data, so the same request gets the same answer;
Dash would still route it, run it and encode and compress its JSON anew. A cached answer is a dictionary lookup.
The key is the whole request body, the Host (answers may name the site) and the Accept-Encoding: never the URL
path, which every callback shares.

The page (`GET /` with any query) is pure in its query and the immutable data in the same way: its answer is kept
the same way, keyed by the query, the Host and the Accept-Encoding, so that a wave of readers on one story's link
costs one page build and one compression (PAGES_KEPT pages).

Hand-written rather than flask-caching: its response cache keys on the URL path, and a memoised function cannot
see the bytes that Dash and flask-compress produce after it returns.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection

from dash import Dash
from flask import Response, g, request

MAX_ENTRIES = 512  # answers of ~5 KB compressed: a few MB per worker at most
PAGES_KEPT = 64  # pages of ~40 KB compressed, per encoding asked for
MAX_BODY = 16_384  # bytes of a request worth keeping as a key
MAX_ANSWER = 262_144  # bytes of an answer worth keeping (downloads are not cached)
CALLBACKS = "_dash-update-component"


def cache_answers(app: Dash, outputs: Collection[str]) -> None:
    """Cache the answers of the callbacks whose first output is in `outputs` ("main-chart.figure"), and the page's.

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
        return asked, request.host, request.headers.get("Accept-Encoding", "")

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
        answers, most = kept[which]
        with lock:
            answers[key()] = (body, headers)
            while len(answers) > most:
                answers.popitem(last=False)
        return response

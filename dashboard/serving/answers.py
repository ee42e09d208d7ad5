"""The answers of pure callbacks, cached per process as the bytes sent, compressed.

A story that cites the dashboard sends a wave of readers who click the same few controls. The chart callbacks
are pure in their request (inputs and state) and the immutable data, so the same request gets the same answer;
Dash would still route it, run it and encode and compress its JSON anew. A cached answer is a dictionary lookup.
The key is the whole request body, the Host (answers may name the site) and the Accept-Encoding: never the URL
path, which every callback shares.

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
MAX_BODY = 16_384  # bytes of a request worth keeping as a key
MAX_ANSWER = 262_144  # bytes of an answer worth keeping (downloads are not cached)
CALLBACKS = "_dash-update-component"


def cache_answers(app: Dash, outputs: Collection[str]) -> None:
    """Cache the answers of the callbacks whose first output is in `outputs` ("main-chart.figure").

    Call it before `server.harden`, so that this hook sees the answer last, compressed.
    """
    path = app.config.routes_pathname_prefix + CALLBACKS
    kept: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()
    lock = threading.Lock()  # the development server answers in threads

    def eligible() -> bool:
        return request.path == path and request.method == "POST" and (request.content_length or 0) <= MAX_BODY

    def key() -> tuple:
        return request.get_data(), request.host, request.headers.get("Accept-Encoding", "")

    @app.server.before_request
    def _answer_from_cache():
        if not eligible():
            return None
        with lock:
            found = kept.get(key())
            if found is not None:
                kept.move_to_end(key())
        if found is None:
            return None
        g.answered_from_cache = True
        body, headers = found
        return Response(body, headers={**headers, "X-Answer-Cache": "hit"})  # like a CDN's X-Cache, for operators

    @app.server.after_request
    def _keep_answer(response: Response) -> Response:
        if not eligible() or g.get("answered_from_cache") or response.status_code != 200:
            return response
        sent = request.get_json(silent=True)
        first = str(sent.get("output", "")).strip(".").split("...")[0] if isinstance(sent, dict) else ""
        body = response.get_data()
        if first not in outputs or len(body) > MAX_ANSWER:
            return response
        headers = {name: response.headers[name] for name in ("Content-Type", "Content-Encoding", "Vary")
                   if name in response.headers}
        with lock:
            kept[key()] = (body, headers)
            while len(kept) > MAX_ENTRIES:
                kept.popitem(last=False)
        return response

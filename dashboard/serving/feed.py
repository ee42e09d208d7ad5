"""GET /feed.atom: the Atom feed of new and revised figures (dashboard/exports/feed.py), for the app's own address.

The entry links point at this server's dashboard (the base URL is taken from the request, so the feed works
behind any host name or path prefix); `updated` comes from the data, so the same data gives the same feed.
"""

from __future__ import annotations

from functools import cache, lru_cache

import flask

from dashboard import urls
from dashboard.data import Arrivals
from dashboard.exports import feed

MAX_AGE = 3600   # seconds: a new figure reaches a feed reader within the hour of a deploy
BASES_KEPT = 8   # one feed per base URL (host name and prefix) this process has been asked under


def mount(app, arrivals: Arrivals) -> None:
    """Register /feed.atom (under the app's path prefix) on the app's server; its entries are read when first
    asked for, not at start."""

    @cache
    def entries():
        changes = arrivals.changes()
        return changes, arrivals.citations(changes["source"])

    @lru_cache(maxsize=BASES_KEPT)
    def document(base_url: str) -> bytes:
        return feed.atom(*entries(), base_url)

    def feed_atom():
        base = flask.request.host_url.rstrip("/") + app.get_relative_path("/")
        response = flask.Response(document(base), mimetype=feed.MEDIA_TYPE)
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    app.server.add_url_rule(app.get_relative_path(urls.FEED_ROUTE), "feed_atom", feed_atom)

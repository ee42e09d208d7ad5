"""Production behaviour of the Dash server, composed: headers, error pages, the callback guard, compression and
warming, each in its own module.

A story that cites nk-arrivals can send many readers at once, so the server must be safe to put behind any
CDN: static files are long-cached by fingerprint, unknown paths are real 404s (not Dash's catch-all index
page with 200), and every response carries security headers. Only the embed page may be framed.
"""

from dash import Dash

from dashboard.serving.compression import compress
from dashboard.serving.errors import answer_errors
from dashboard.serving.guard import guard
from dashboard.serving.headers import add_headers
from dashboard.serving.warming import offer
from dashboard.urls import EMBED_ROUTE

EMBED_PREFIXES = (EMBED_ROUTE,)  # the only pages another site may frame


def harden(app: Dash, embed_prefixes: tuple[str, ...] = EMBED_PREFIXES) -> Dash:
    """Add production behaviour to ``app`` in place; call it last in ``create_app()``."""
    app.server.debug = False
    compress(app)  # its hook runs after the headers' (Flask runs after_request hooks last-registered first)
    answer_errors(app)
    guard(app)
    add_headers(app, embed_prefixes)
    offer(app)
    return app

"""Headers on every answer: a Content-Security-Policy Dash works with, no framing but the embed page's, and
caching (fingerprinted static files for a year, pages for a minute), on GET and HEAD alike."""

from collections.abc import Iterable

from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Response, request

YEAR = 31_536_000
INDEX_MAX_AGE = 60  # seconds: a CDN absorbs a wave of readers; a deploy shows within a minute


def content_security_policy(script_hashes: Iterable[str], frameable: bool) -> str:
    """A CSP that Dash works with: scripts only from this origin plus Dash's hashed inline scripts.

    plotly.js and Dash components set inline ``style`` attributes, hence ``'unsafe-inline'`` for styles
    only; plotly draws its modebar icons and downloads from ``data:``/``blob:`` URLs.
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["*"] if frameable else ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_headers(app: Dash, embed_prefixes: tuple[str, ...]) -> None:
    """Security and caching headers on every answer; only paths under `embed_prefixes` may be framed."""
    prefix = app.config.routes_pathname_prefix
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    suites = prefix + "_dash-component-suites/"
    embeds = tuple(app.get_relative_path(p) for p in embed_prefixes)
    csp = {}  # frameable -> header; computed on first use, after every clientside callback is registered

    @app.server.after_request
    def _add_headers(response: Response) -> Response:
        path = request.path
        frameable = path.startswith(embeds)
        if frameable not in csp:
            csp[frameable] = content_security_policy(app.csp_hashes(), frameable)
        headers = response.headers
        headers["Content-Security-Policy"] = csp[frameable]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if not frameable:
            headers["X-Frame-Options"] = "DENY"
        if response.status_code in (200, 304) and request.method in ("GET", "HEAD"):
            if is_fingerprinted(path, assets, suites):
                headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            elif response.mimetype == "text/html":
                headers["Cache-Control"] = f"public, max-age={INDEX_MAX_AGE}"
        return response


def is_fingerprinted(path: str, assets: str, suites: str) -> bool:
    """Dash names static files by version (component suites) or by ``?m=<mtime>`` (assets)."""
    if path.startswith(suites):
        return check_fingerprint(path)[1]
    return path.startswith(assets) and "m" in request.args

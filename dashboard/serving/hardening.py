"""Production hardening of the Dash server: security headers, 404s, robots.txt, caching and compression.

A story that cites nk-arrivals can send many readers at once, so the server must be safe to put behind any
CDN: static files are long-cached by fingerprint, unknown paths are real 404s (not Dash's catch-all index
page with 200), and every response carries security headers. Only the embed page may be framed.
"""

import gzip
import html
import json
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import brotli
from dash import Dash
from dash._pages import _path_to_page
from dash._utils import stringify_id
from dash.exceptions import DependencyException
from dash.fingerprint import check_fingerprint
from flask import Response, abort, request

from dashboard.serving import api
from dashboard.templates import render
from dashboard.text.catalogue import LANGS, t
from dashboard.urls import API_PREFIX, EMBED_ROUTE

EMBED_PREFIXES = (EMBED_ROUTE,)  # the only pages another site may frame
YEAR = 31_536_000
INDEX_MAX_AGE = 60  # seconds: a CDN absorbs a wave of readers; a deploy shows within a minute
ROBOTS = "User-agent: *\nAllow: /\n"
WARM = "nk_arrivals.warm"  # Flask extension key: the hardened app's `Warming`, for servers that preload it
WARM_MAX_BYTES = 1_000_000
STATIC_TYPES = {"application/javascript", "text/javascript", "text/css", "application/json", "image/svg+xml"}
# The best ratio a browser accepts, paid once per file and process by the warming (`warm_page`, `warm_rest`):
# brotli 11 takes plotly.js to 321 KiB (349 at 9) in about 3 s, releasing the GIL meanwhile. A reader never waits
# for it: until a file is warmed, readers get QUICK (brotli 9: 0.2 s for plotly.js, once per process).
ENCODERS = {"br": lambda data: brotli.compress(data, quality=11), "gzip": lambda data: gzip.compress(data, 9)}
QUICK = {"br": lambda data: brotli.compress(data, quality=9), "gzip": lambda data: gzip.compress(data, 6)}
WARMING = "nk_arrivals.warming"  # WSGI environ key of the warming's own requests (no client can send it)


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


def harden(app: Dash, embed_prefixes: tuple[str, ...] = EMBED_PREFIXES) -> Dash:
    """Add production behaviour to ``app`` in place; call it last in ``create_app()``.

    Compression is flask-compress (``dash[compress]``) with no cache: its optional cache is keyed on the URL
    path, and every callback POST shares one path, so a cache would answer callbacks with stale bodies.
    Static files (assets, component suites) are compressed harder, once, by content: see `_compress_static`.
    """
    server = app.server
    if not app.config.compress:
        app.backend.enable_compression()
    if server.config.get("COMPRESS_CACHE_BACKEND") is not None:
        raise ValueError("a compression cache keyed on the URL path would mix up callback responses")
    server.debug = False

    prefix = app.config.routes_pathname_prefix
    catchall = prefix + "<path:path>"
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    suites = prefix + "_dash-component-suites/"
    embeds = tuple(app.get_relative_path(p) for p in embed_prefixes)
    callbacks_path = prefix + "_dash-update-component"
    csp = {}  # frameable -> header; computed on first use, after every clientside callback is registered

    def robots() -> Response:
        return Response(ROBOTS, mimetype="text/plain")

    def favicon() -> Response:
        # Pages outside Dash (the embed page) name no icon, so browsers ask for /favicon.ico: give Dash's.
        return Response(pkgutil.get_data("dash", "favicon.ico"), mimetype="image/x-icon")

    server.add_url_rule(prefix + "robots.txt", "robots_txt", robots)
    server.add_url_rule(prefix + "favicon.ico", "favicon_ico", favicon)
    def error_page(status: int, error: Exception | None = None) -> Response:
        """A short page in the reader's language (templates/error.html), never a traceback or Dash's index; under
        the API's path, the API's JSON error (routing's 404 and 405 never reach the API's own handlers)."""
        allowed = getattr(error, "valid_methods", None)
        if request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/"):
            response = api.not_found() if status == 404 else api.error(status, None, {
                405: f"{request.method} is not allowed here: use {', '.join(allowed or ['GET'])}",
                500: "the server could not answer this request"}[status])
        else:
            lang = request.args.get("lang", "en")
            lang = lang if lang in LANGS else "en"
            body = render("error.html", lang=lang, title=t(f"error_{status}", lang), status=status,
                          heading=t(f"error_{status}", lang), message=t(f"error_{status}_text", lang),
                          home=app.config.requests_pathname_prefix, home_text=t("error_home", lang))
            response = Response(body, status=status, mimetype="text/html")
        if allowed:
            response.headers["Allow"] = ", ".join(allowed)
        return response

    for status in (404, 405, 500):  # 500 also stands for any exception a view did not expect
        server.register_error_handler(status, lambda error, status=status: error_page(status, error))
    # An unknown file under /_dash-component-suites/ raises this and would be a 500 listing every path.
    server.register_error_handler(DependencyException, lambda _: error_page(404))

    @server.before_request
    def _refuse_unknown_paths():
        # Dash answers any path with its index page; only registered pages exist (Dash's own matcher).
        if request.endpoint == catchall:
            page, _ = _path_to_page(app.strip_relative_path(request.path))
            if not page:
                abort(404)

    @server.before_request
    def _refuse_malformed_callbacks():
        # Dash's dispatcher trusts the body's shape (a missing key or an unknown output is a 500): refuse what the
        # page could not have sent. The values are the callbacks' to read; they read them by the URL grammar.
        if request.method == "POST" and request.path == callbacks_path:
            fault = callback_fault(app, request.get_json(silent=True))
            if fault:
                return Response(f"Bad callback request: {fault}\n", status=400, mimetype="text/plain")
        return None

    @server.after_request
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
        if response.status_code == 200 and request.method == "GET":
            if _is_fingerprinted(path, assets, suites):
                headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            elif response.mimetype == "text/html":
                headers["Cache-Control"] = f"public, max-age={INDEX_MAX_AGE}"
            if path.startswith((assets, suites)) and response.mimetype in STATIC_TYPES:
                _compress_static(response)
        return response

    server.extensions[WARM] = Warming(page=partial(warm_page, app), rest=partial(warm_rest, app))
    return app


def callback_fault(app: Dash, body) -> str | None:
    """What makes a callback request one the page could not have sent, or None: its output is a server callback,
    its outputs, inputs and state are that callback's (ids, properties) in order, and changedPropIds name inputs."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "not a JSON object naming its output"
    spec = app.callback_map.get(body["output"])
    if spec is None or "callback" not in spec:  # clientside callbacks are in the map too, without a function
        return "no such server callback"
    outputs = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    sent = body.get("outputs")
    if not _sent_as(sent if isinstance(spec["output"], list) else [sent], [o.to_dict() for o in outputs]):
        return "outputs are not this callback's"
    for key in ("inputs", "state"):
        if not _sent_as(body.get(key, []), spec[key]):
            return f"{key} are not this callback's"
    changed = body.get("changedPropIds", [])
    named = {f"{stringify_id(i['id'])}.{i['property']}" for i in _flat(body.get("inputs", []))}
    if not isinstance(changed, list) or not all(isinstance(c, str) and c in named for c in changed):
        return "changedPropIds name no input of this callback"
    return None


def _sent_as(sent, specs: list[dict]) -> bool:
    return isinstance(sent, list) and len(sent) == len(specs) and all(
        all(_same_dependency(one, spec) for one in (item if isinstance(item, list) else [item]))
        for item, spec in zip(sent, specs))


def _same_dependency(sent, spec: dict) -> bool:
    """A sent {id, property} fits a declared one; a pattern id's wildcards fit any scalar of the same keys."""
    if not isinstance(sent, dict) or sent.get("property") != spec["property"]:
        return False
    given = sent.get("id")
    if not spec["id"].startswith("{"):
        return given == spec["id"]
    pattern = json.loads(spec["id"])
    return isinstance(given, dict) and given.keys() == pattern.keys() and all(
        isinstance(value, str | int | float) if isinstance(pattern[key], list) else value == pattern[key]
        for key, value in given.items())


def _flat(items) -> list:
    items = items if isinstance(items, list) else []
    return [one for item in items for one in (item if isinstance(item, list) else [item]) if isinstance(one, dict)]


@dataclass(frozen=True)
class Warming:
    """What a preloading server warms: `page` before it forks (what the first answer on / and its first paint
    need, shared by every worker), `rest` lazily after (in each worker, while it already answers)."""

    page: Callable[[], int]
    rest: Callable[[], int]


def warm_page(app: Dash) -> int:
    """Request the index page (which builds the default page, charts drawn as SVG) and the static files its first
    paint loads (stylesheets, the loader), so that their answers and compressed bytes are cached.

    gunicorn calls this in the master after preloading the app (see gunicorn_conf.py), so that forked workers
    share the cache and a new replica's first answer is quick. Returns the number of files warmed.
    """
    index = _index(app)
    first = [tag for tag in re.findall(r"<(?:link|script)\b[^>]*>", index) if 'type="text/x-deferred"' not in tag]
    return _warm_files(app, set(re.findall(_linked(app), " ".join(first))))


def warm_rest(app: Dash) -> int:
    """Request what the default page loads later: the charts below the fold (each width its `<picture>` offers),
    Dash's layout answer, its scripts
    (loaded on a reader's first interaction) and its lazy chunks up to WARM_MAX_BYTES (larger ones, MathJax and
    the full plotly.js, serve features this app does not load). Returns the number of static files warmed.
    """
    client = app.server.test_client()
    index = _index(app)
    for image in re.findall(r'<(?:img|source)\b[^>]*?\bsrc(?:set)?="(/charts/[^"]+)"', index):
        client.get(html.unescape(image))
    prefix = app.config.routes_pathname_prefix
    client.get(f"{prefix}_dash-layout", headers={"Referer": f"http://localhost{app.config.requests_pathname_prefix}"})
    suites = prefix + "_dash-component-suites/"
    paths = set(re.findall(_linked(app), index))
    for package, files in app.registered_paths.items():
        folder = Path(sys.modules[package].__file__).parent
        paths |= {f"{suites}{package}/{name}" for name in files
                  if Path(name).name.startswith("async-") and name.endswith(".js")
                  and (folder / name).stat().st_size <= WARM_MAX_BYTES}
    return _warm_files(app, paths)


def _index(app: Dash) -> str:
    """The default page's index (built once and cached); requesting it also registers every component suite path."""
    return app.server.test_client().get("/").get_data(as_text=True)


def _linked(app: Dash) -> str:
    prefix = app.config.routes_pathname_prefix
    return r'(?:src|href)="(' + re.escape(prefix) + r'(?:assets|_dash-component-suites)/[^"?]+)'


def _warm_files(app: Dash, paths: set[str]) -> int:
    client = app.server.test_client()
    for path in paths:
        client.get(path, query_string={"m": "warm"}, headers={"Accept-Encoding": ", ".join(ENCODERS)},
                   environ_overrides={WARMING: True})
    return len(paths)


def _is_fingerprinted(path: str, assets: str, suites: str) -> bool:
    """Dash names static files by version (component suites) or by ``?m=<mtime>`` (assets)."""
    if path.startswith(suites):
        return check_fingerprint(path)[1]
    return path.startswith(assets) and "m" in request.args


def _compress_static(response: Response) -> None:
    """Compress a static file in place, at a level too slow to pay on every request.

    flask-compress (which runs after this hook, and leaves an encoded response alone) compresses each request
    anew at a fast level, and never gzips Flask's streamed static files. Static files never change while the
    process runs, so the result is cached, keyed by the file's bytes: never by URL path.
    """
    encoding = request.accept_encodings.best_match(list(ENCODERS))
    if encoding is None:
        return
    response.direct_passthrough = False  # Flask streams static files; read them whole (they are small)
    data = response.get_data()
    if request.environ.get(WARMING) or (data, encoding) in _WARMED:
        _WARMED.add((data, encoding))
        response.set_data(_encoded(data, encoding))
    else:
        response.set_data(_quickly(data, encoding))
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak)


_WARMED: set[tuple[bytes, str]] = set()  # (file bytes, encoding) the warming compressed: bounded by the app's files


@lru_cache(maxsize=128)
def _encoded(data: bytes, encoding: str) -> bytes:
    return ENCODERS[encoding](data)


@lru_cache(maxsize=128)
def _quickly(data: bytes, encoding: str) -> bytes:
    return QUICK[encoding](data)

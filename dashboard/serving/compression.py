"""Compression of every answer: flask-compress per request, static files harder and once, by content.

flask-compress (`dash[compress]`) runs with no cache: its optional cache is keyed on the URL path, and every
callback POST shares one path, so a cache would answer callbacks with stale bodies. Static files (assets, component
suites) never change while the process runs: they are compressed at the best ratio a browser accepts, once per file
and process, keyed by their bytes (`compress_static`).

Two things a client may ask for are not offered on static files: byte ranges (a range of a compressed body would be
of which bytes? Werkzeug counts the uncompressed ones) and an encoding it refuses with `q=0` (flask-compress
falls back to it when nothing else is acceptable). Compressed static files keep an ETag of their own, and answer
304 to it.
"""

import gzip
import hashlib
import zlib
from functools import lru_cache

import brotli
from dash import Dash
from flask import Response, request

from etl import paths
from etl.storage import write_atomic

STATIC_TYPES = {"application/javascript", "text/javascript", "text/css", "application/json", "image/svg+xml"}
# The best ratio a browser accepts, paid once per file and process by the warming (serving/warming.py): brotli 11
# takes plotly.js to 321 KiB (349 at 9) in about 3 s, releasing the GIL meanwhile. A reader never waits for it:
# until a file is warmed, readers get QUICK (brotli 9: 0.2 s for plotly.js, once per process).
ENCODERS = {"br": lambda data: brotli.compress(data, quality=11), "gzip": lambda data: gzip.compress(data, 9)}
DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress}
LEVELS = {"br": "br11", "gzip": "gz9"}  # ENCODERS' levels, in the names of the files kept on disk
QUICK = {"br": lambda data: brotli.compress(data, quality=9), "gzip": lambda data: gzip.compress(data, 6)}
WARMING = "nk_arrivals.warming"  # WSGI environ key of the warming's own requests (no client can send it)


def compress(app: Dash) -> None:
    """Turn on flask-compress (without its path-keyed cache) and compress the app's static files once."""
    server = app.server
    if not app.config.compress:
        app.backend.enable_compression()
    if server.config.get("COMPRESS_CACHE_BACKEND") is not None:
        raise ValueError("a compression cache keyed on the URL path would mix up callback responses")
    prefix = app.config.routes_pathname_prefix
    static = (prefix + app.config.assets_url_path.strip("/") + "/", prefix + "_dash-component-suites/")

    @server.before_request
    def _read_what_is_acceptable():
        if "q=0" in request.environ.get("HTTP_ACCEPT_ENCODING", ""):  # flask-compress reads the raw header
            request.environ["HTTP_ACCEPT_ENCODING"] = ", ".join(
                f"{value};q={quality}" for value, quality in request.accept_encodings if quality > 0)
        if request.path.startswith(static):
            request.environ.pop("HTTP_RANGE", None)  # ranges are not offered: the whole file, compressed

    @server.after_request
    def _compress_static_files(response: Response) -> Response:
        if not request.path.startswith(static):
            return response
        response.headers.pop("Accept-Ranges", None)
        if response.status_code == 200 and request.method in ("GET", "HEAD") and response.mimetype in STATIC_TYPES:
            compress_static(response)
            return response.make_conditional(request)  # If-None-Match of the compressed file's own ETag: 304
        return response


def compress_static(response: Response) -> None:
    """Compress a static file in place, at a level too slow to pay on every request.

    flask-compress (which runs after this hook, and leaves an encoded response alone) compresses each request
    anew at a fast level, and never gzips Flask's streamed static files. The result is cached by the file's bytes.
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
    response.set_etag(f"{etag or _etag(data)}-{encoding}", weak)


_WARMED: set[tuple[bytes, str]] = set()  # (file bytes, encoding) the warming compressed: bounded by the app's files


def _etag(data: bytes) -> str:
    """An ETag for a file Dash serves without one (a fingerprinted component suite): its bytes' hash."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


@lru_cache(maxsize=128)
def _encoded(data: bytes, encoding: str) -> bytes:
    """The best-ratio encoding of a file, kept on disk too (in the cache folder, named by the bytes' sha256 and the
    level): brotli 11 of plotly.js is 3 s of CPU that each worker of each start would otherwise pay again. A kept
    file is used only if it decodes to the very bytes asked for (a torn or foreign file is made again)."""
    kept = paths.cache_folder() / "compressed" / f"{hashlib.sha256(data).hexdigest()}.{LEVELS[encoding]}"
    try:
        encoded = kept.read_bytes()
        if DECODERS[encoding](encoded) == data:
            return encoded
    except (OSError, EOFError, zlib.error, brotli.error):  # not kept yet, or not a whole encoding of these bytes
        pass
    encoded = ENCODERS[encoding](data)
    try:
        write_atomic(kept, encoded)
    except OSError:  # a read-only or full cache folder: the next start compresses again, nothing else changes
        pass
    return encoded


@lru_cache(maxsize=128)
def _quickly(data: bytes, encoding: str) -> bytes:
    return QUICK[encoding](data)

"""The site's own address: from configuration (`serve --base-url`, or $NK_ARRIVALS_BASE_URL), never from a request.

Links to copy, share texts, the embed snippet and the feed name the site. Taken from the `Host` header, any client
could write its own host name into them, and into every cache keyed on it (the feed, the callbacks' answers).
`pinned` sets the WSGI environ's host and scheme to the configured address before Flask reads them; where none is
configured, to the address the server listens on (the environ's SERVER_NAME and SERVER_PORT, set by the server).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from etl.errors import UsageError

ENV = "NK_ARRIVALS_BASE_URL"
FORWARDED = ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED", "HTTP_X_FORWARDED_SERVER")


def configure(url: str) -> str:
    """Check a base URL (scheme and host, nothing after but `/`) and make it this process's and its children's."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise UsageError(f"--base-url {url!r}: give the site's address as http(s)://HOST[:PORT], e.g. "
                         "https://nk-arrivals.example.org")
    os.environ[ENV] = f"{parts.scheme}://{parts.netloc}"
    return os.environ[ENV]


def pinned(wsgi_app):
    """`wsgi_app` seeing the configured site address whatever Host a client sends (read once, when wrapped)."""
    configured = urlsplit(os.environ[ENV]) if os.environ.get(ENV) else None

    def app(environ, start_response):
        if configured:
            environ["wsgi.url_scheme"], environ["HTTP_HOST"] = configured.scheme, configured.netloc
        else:
            port = environ.get("SERVER_PORT", "80")
            default = {"http": "80", "https": "443"}.get(environ.get("wsgi.url_scheme", "http"))
            environ["HTTP_HOST"] = environ.get("SERVER_NAME", "localhost") + ("" if port == default else f":{port}")
        for name in FORWARDED:
            environ.pop(name, None)
        return wsgi_app(environ, start_response)

    return app

"""Warming: the requests a preloading server makes itself, so that readers find answers and compressed files cached.

gunicorn calls `Warming.page` in the master before it forks (shared by every worker) and `Warming.rest` in each
worker after (see gunicorn_conf.py).
"""

import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dash import Dash

from dashboard.serving.compression import ENCODERS, WARMING

WARM = "nk_arrivals.warm"  # Flask extension key: the hardened app's `Warming`, for servers that preload it
WARM_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Warming:
    """What a preloading server warms: `page` before it forks (what the first answer on / and its first paint
    need, shared by every worker), `rest` lazily after (in each worker, while it already answers)."""

    page: Callable[[], int]
    rest: Callable[[], int]


def offer(app: Dash) -> None:
    """Leave the app's `Warming` where a preloading server finds it (`server.extensions[WARM]`)."""
    app.server.extensions[WARM] = Warming(page=partial(warm_page, app), rest=partial(warm_rest, app))


def warm_page(app: Dash) -> int:
    """Request the index page (which builds the default page, charts drawn as SVG) and the static files its first
    paint loads (stylesheets, the loader), so that their answers and compressed bytes are cached. Returns the
    number of files warmed.
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

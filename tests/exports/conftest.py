"""The committed datasets, read two ways: through the data layer (what exports use) and raw with pandas (the oracle)."""

import html
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import flask
import pandas as pd
import pytest
from werkzeug.serving import make_server

from dashboard import api
from dashboard.data import Arrivals

DATASETS = Path(__file__).resolve().parents[2] / "datasets" / "arrivals"


def read_raw(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def raw():
    """A committed dataset file exactly as written, every cell as text (test modules do not import conftest)."""
    return read_raw


@pytest.fixture(scope="session")
def datapackage() -> Path:
    return DATASETS / "datapackage.json"


@pytest.fixture(scope="session")
def arrivals() -> Arrivals:
    return Arrivals.load(DATASETS)


@contextmanager
def serving(wsgi_app):
    """A real threaded HTTP server on a free 127.0.0.1 port; yields its base URL."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        worker.join()


@pytest.fixture(scope="session")
def serve():
    """The `serving` context manager (test modules do not import conftest)."""
    return serving


@pytest.fixture(scope="session")
def api_url(arrivals):
    """The API blueprint alone on a real HTTP server (the whole app is exercised in test_exports_browser.py)."""
    app = flask.Flask("api-under-test")
    app.register_blueprint(api.blueprint(arrivals))
    with serving(app) as base:
        yield base + api.PREFIX


def read_svg_text(svg: bytes) -> str:
    return html.unescape(" ".join(re.findall(r">([^<>]+)</t(?:ext|span)>", svg.decode("utf-8"))))


@pytest.fixture(scope="session")
def svg_text():
    """All text an SVG shows, text and tspan chunks joined by spaces (a wrapped line reads whole), entities decoded."""
    return read_svg_text

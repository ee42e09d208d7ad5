"""The committed datasets, read two ways: through the data layer (what exports use) and raw with pandas (the oracle)."""

import html
import re
from pathlib import Path

import flask
import pandas as pd
import pytest

from dashboard.data import Arrivals
from dashboard.serving import api
from support.paths import ARRIVALS as DATASETS


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


@pytest.fixture(scope="session")
def api_url(arrivals, serve):
    """The API blueprint alone on a real HTTP server (the whole app is exercised in test_exports_browser.py)."""
    app = flask.Flask("api-under-test")
    app.register_blueprint(api.blueprint(arrivals))
    with serve(app) as base:
        yield base + api.PREFIX


def read_svg_text(svg: bytes) -> str:
    return html.unescape(" ".join(re.findall(r">([^<>]+)</t(?:ext|span)>", svg.decode("utf-8"))))


@pytest.fixture(scope="session")
def svg_text():
    """All text an SVG shows, text and tspan chunks joined by spaces (a wrapped line reads whole), entities decoded."""
    return read_svg_text

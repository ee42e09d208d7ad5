"""The committed datasets, read two ways: through the data layer (what exports use) and raw with pandas (the oracle)."""

import threading
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


@pytest.fixture(scope="session")
def api_url(arrivals):
    """The API blueprint alone on a real HTTP server on 127.0.0.1 (the full app is exercised in the browser test)."""
    app = flask.Flask("api-under-test")
    app.register_blueprint(api.blueprint(arrivals))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    yield f"http://127.0.0.1:{server.server_port}{api.PREFIX}"
    server.shutdown()
    worker.join()

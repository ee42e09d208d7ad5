"""`nk-arrivals serve` (what `make run` runs) answers on 127.0.0.1 from the committed data, with no network."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from urllib3.util.retry import Retry

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--port", str(port)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    session = requests.Session()
    # connection refused while the app loads: retry with backoff until it listens (about 30 s at most)
    session.mount("http://", requests.adapters.HTTPAdapter(max_retries=Retry(connect=12, backoff_factor=0.1)))
    try:
        yield session, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_with_the_dashboard(served):
    session, base = served
    page = session.get(base + "/?lang=ko", timeout=30)
    assert page.status_code == 200 and '<html lang="ko">' in page.text
    assert session.get(base + "/no-such-page", timeout=30).status_code == 404


def test_serve_help_names_its_options():
    out = subprocess.run([sys.executable, "-m", "etl.cli", "serve", "--help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    for option in ("--host", "--port", "--prod", "--workers"):
        assert option in out

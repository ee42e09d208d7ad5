"""`nk-arrivals serve` (what `make run` runs) answers on 127.0.0.1 from the committed data, with no network."""

import subprocess
import sys

import pytest
import requests
from urllib3.util.retry import Retry

from support.live_server import free_port
from support.paths import REPO


@pytest.fixture
def served():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)], cwd=REPO,
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
    out = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    for option in ("--host", "--port", "--prod", "--workers"):
        assert option in out

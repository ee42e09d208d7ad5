"""Shared fixtures: a private copy of the committed datasets folder, so no test touches the real one."""

import hashlib
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from support.paths import DATASETS


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path: equal digests = byte-for-byte unchanged."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def digest():
    """The tree_digest function, as a fixture (test modules do not import conftest)."""
    return tree_digest


@pytest.fixture
def datasets_copy(tmp_path) -> Path:
    """A copy of the committed datasets/ under a temporary folder (its parent is free for .cache/)."""
    target = tmp_path / "work" / "datasets"
    shutil.copytree(DATASETS, target)
    return target


@contextmanager
def serving(wsgi_app):
    """A real threaded HTTP server for a WSGI app on a free 127.0.0.1 port; yields its base URL."""
    httpd = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def serve():
    """The `serving` context manager, as a fixture (test modules do not import conftest)."""
    return serving


@pytest.fixture(scope="session")
def browser():
    """The one headless chromium of the run (support/browser.py)."""
    from support.browser import Browser

    shared = Browser()
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def app_url():
    """The production app object (`dashboard.app.app`, over the committed data) on a real 127.0.0.1 server."""
    from dashboard.app import app

    with serving(app.server) as base:
        yield base

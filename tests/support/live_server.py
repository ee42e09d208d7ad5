"""Real servers on 127.0.0.1 for the tests: gunicorn with the production config, a static file host, and a
browser-side watch of what a page loads."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _process(cmd: list[str], url: str, timeout: float, env: dict | None = None):
    """Run a server process; yield it once GET ``url``/ answers 200 (polled, bounded); stop it afterwards."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {log.read().decode()[-2000:]}")
                try:
                    if requests.get(url + "/", timeout=10).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):  # not listening, or no worker yet
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} did not answer within {timeout} s")
                time.sleep(0.1)
            yield proc
        finally:
            proc.terminate()
            proc.wait(30)


@contextmanager
def gunicorn(*args: str, env: dict | None = None, timeout: float = 60):
    """Run gunicorn with the production config on a free port; yield (base URL, process) once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "-c", "python:dashboard.serving.gunicorn_conf",
           "-b", f"127.0.0.1:{port}", *args]
    with _process(cmd, url, timeout, env) as proc:
        yield url, proc


@contextmanager
def nk_arrivals_serve(*args: str, env: dict | None = None, timeout: float = 120):
    """`python -m dashboard serve --port P` on a free port: the development server as `make run` starts it, or with
    `--prod` gunicorn as `make serve` does; yield (base URL, process) once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "dashboard", "serve", "--port", str(port), *args]
    with _process(cmd, url, timeout, env) as proc:
        yield url, proc


@contextmanager
def static_server(directory: Path, timeout: float = 30):
    """``python -m http.server`` on a free 127.0.0.1 port, as any static file host would serve ``directory``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)]
    with _process(cmd, url, timeout):
        yield url


def story_page(snippet: str):
    """A WSGI app for another origin: a news story that pastes an iframe snippet (serve it with `serving`)."""
    body = f"<!DOCTYPE html><html lang='en'><title>story</title><body><p>Story</p>{snippet}</body></html>".encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    return app


# Collects Content-Security-Policy violations the page meets, for `watch`.
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def watch(page, url: str, *conditions: str) -> dict:
    """Open ``url`` and wait for each selector; report console errors, CSP violations, plotly.js version and
    every URL requested."""
    errors, requested = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.add_init_script(CSP_WATCH)
    page.goto(url)
    page.evaluate("window.nkArrivals && window.nkArrivals.interactive()")  # a dashboard page: its first interaction
    for selector in conditions:
        page.wait_for_selector(selector, state="attached")
    page.wait_for_load_state("networkidle")
    return {"errors": errors, "csp": page.evaluate("window.__csp"), "plotly": page.evaluate("window.Plotly.version"),
            "requested": requested}

"""The production front, `nk-arrivals serve --prod`: Debian's nginx on the public address, gunicorn behind it on a
private socket, started and stopped together.

nginx holds slow and idle connections (serving/nginx/nginx.conf says why); gunicorn's preloaded workers only ever
talk to it. This process stays as their parent: SIGHUP reloads the data (gunicorn re-reads the datasets in its
master and replaces its workers, see gunicorn_conf.py `on_reload`), SIGTERM or Ctrl-C stops both gracefully, and
if either dies the other is stopped too. gunicorn's master is a fork of this process, not a new interpreter: a
second Python start (and its site-packages scan) was a tenth of a cold start. Nothing of the app is imported here.
"""

from __future__ import annotations

import importlib.util
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from etl.errors import UsageError

CONFIG = files("dashboard.serving") / "nginx" / "nginx.conf"
TEMP_FOLDERS = ("body", "proxy", "fastcgi", "uwsgi", "scgi")
SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)  # what this process forwards or acts on


def nginx_config(listen: str, upstreams: list[str], host: str, temp: Path, access_log: str | None = None) -> str:
    """The repository's nginx.conf for one front: its address, its upstream servers (`unix:PATH` or `HOST:PORT`),
    the Host header it sends (the site's own), and the folder of its pid and temporary files."""
    values = {"@LISTEN@": listen, "@HOST@": host, "@PID@": str(temp / "nginx.pid"), "@TEMP@": str(temp),
              "@ACCESS_LOG@": access_log or "off",
              "@UPSTREAMS@": "\n        ".join(f"server {u} max_fails=1 fail_timeout=5s;" for u in upstreams)}
    text = CONFIG.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(name, value)
    return text


def site_host(base_url: str) -> str:
    """The Host of the site's own address (`--base-url`), as nginx sends it upstream."""
    return urlsplit(base_url).netloc


def start_nginx(config: str, temp: Path) -> subprocess.Popen:
    """Debian's nginx on `config`, in the foreground, everything under `temp` (no root daemon, no /etc)."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if binary is None:
        raise UsageError("nginx is not installed: `apt-get install nginx` (serve --prod puts it in front of gunicorn)"
                         ", or run gunicorn alone behind your own proxy with --no-proxy")
    for name in TEMP_FOLDERS:
        (temp / name).mkdir(exist_ok=True)
    (temp / "nginx.conf").write_text(config, encoding="utf-8")
    checked = subprocess.run([binary, "-t", "-q", "-p", str(temp), "-c", str(temp / "nginx.conf")],
                             capture_output=True, text=True)
    if checked.returncode != 0:
        raise UsageError(f"nginx refused its configuration: {checked.stderr.strip().splitlines()[-1]}")
    return subprocess.Popen([binary, "-p", str(temp), "-c", str(temp / "nginx.conf")])


def become_gunicorn(options: list[str]) -> NoReturn:
    """Run gunicorn's master in this process, as `python -m gunicorn OPTIONS` would, and exit with its status.

    Its exit (and each of its workers') is a SystemExit that ends the process as a Python program ends, atexit
    handlers included (the image renderer's Chromium is closed by one)."""
    for signum in SIGNALS:  # a forked child inherits this process's handlers; gunicorn sets its own once loaded
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # blocked by fork_gunicorn across the fork
    # argv as `python -m gunicorn` sees it: gunicorn parses its options from it and re-executes it on USR2
    sys.argv = [importlib.util.find_spec("gunicorn.__main__").origin, *options]
    from gunicorn.app.wsgiapp import run  # imported in the child only: the supervising parent stays small

    run(prog="gunicorn")
    raise SystemExit(0)  # run() ends by SystemExit itself; were it ever to return, the child still ends here


class Forked:
    """A forked child, watched as `subprocess.Popen` watches the one it starts (poll, send_signal, wait, kill), so
    that both of the front's processes are stopped alike. Waiting uses the child's pidfd (Linux 5.3+)."""

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float) -> int:
        if self.poll() is None:
            descriptor = os.pidfd_open(self.pid)
            try:
                select.select([descriptor], [], [], timeout)
            finally:
                os.close(descriptor)
        if self.poll() is None:
            raise subprocess.TimeoutExpired(f"gunicorn (pid {self.pid})", timeout)
        return self.returncode


def fork_gunicorn(options: list[str]) -> Forked:
    """gunicorn's master (`options`: its command-line options) in a child forked from this process."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)  # held until the child has reset this process's handlers
    pid = os.fork()
    if pid == 0:
        become_gunicorn(options)  # never returns: the child ends with gunicorn
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    return Forked(pid)


def run(gunicorn: list[str], listen: str, host: str) -> int:
    """Run gunicorn (`gunicorn`: its options, to which the private socket's bind is added) behind nginx on
    `listen`; return when either exits or this process is told to stop."""
    temp = Path(tempfile.mkdtemp(prefix="nk-arrivals-front-"))
    temp.chmod(0o711)  # nginx's workers (user nobody) reach the socket inside; nobody can list it
    socket = temp / "gunicorn.sock"
    running: list[tuple[Forked | subprocess.Popen, signal.Signals]] = []  # (process, its graceful stop)
    stop = []

    def forward(signum, _frame):
        if signum == signal.SIGHUP:
            if running:
                running[0][0].send_signal(signal.SIGHUP)  # gunicorn reloads the data; nginx keeps every connection
        else:
            stop.append(signum)

    for signum in SIGNALS:
        signal.signal(signum, forward)
    # Forked outside the cleanup below: the child leaves by SystemExit (become_gunicorn) through none of it. nginx
    # starts while gunicorn loads the app (a third of a cold start), and answers 503 with Retry-After until
    # gunicorn listens (nginx.conf); the first page is served as soon as gunicorn is ready.
    running.append((fork_gunicorn([*gunicorn, "-b", f"unix:{socket}"]), signal.SIGTERM))
    try:
        running.append((start_nginx(nginx_config(listen, [f"unix:{socket}"], host, temp), temp), signal.SIGQUIT))
        while not stop and all(process.poll() is None for process, _ in running):
            time.sleep(0.2)
        return 0 if stop else 1
    finally:
        for process, graceful in reversed(running):  # nginx first: it stops taking requests, finishes the ones it has
            if process.poll() is None:
                process.send_signal(graceful)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(temp, ignore_errors=True)

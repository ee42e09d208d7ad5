"""`nk-arrivals serve`: the dashboard on the committed data, as a dev server or under gunicorn (`--prod`)."""

from __future__ import annotations

import argparse
import os
import sys

from etl import paths

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
WSGI_APP = "dashboard.app:server"  # loaded by the server that runs it (gunicorn, or Flask's), never imported here


def configure(_command: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--prod", action="store_true", help="run gunicorn (preloaded app, several workers)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: $WEB_CONCURRENCY or 2)")
    paths.add_option(parser)
    parser.set_defaults(run=serve)


def serve(args: argparse.Namespace) -> int:
    if args.datasets:  # the app reads the one setting when it loads, in this process or in gunicorn's
        os.environ[paths.ENV] = str(args.datasets)
    if args.prod:
        command = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.serving.gunicorn_conf",
                   "--no-control-socket", "-b", f"{args.host}:{args.port}"]
        if args.workers:
            command += ["-w", str(args.workers)]
        print(f"Serving the dashboard with gunicorn on http://{args.host}:{args.port}/", flush=True)
        os.execv(sys.executable, command)  # gunicorn becomes this process: signals reach it directly
    # Flask's development server loads the app by its WSGI address, as gunicorn does: nothing here imports it
    print(f"Serving the dashboard on http://{args.host}:{args.port}/ (development server; --prod for gunicorn)",
          flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "flask", "--app", WSGI_APP, "run", "--no-debugger", "--no-reload",
                              "--host", args.host, "--port", str(args.port)])

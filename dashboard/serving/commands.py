"""`nk-arrivals serve`: the dashboard on the committed data, as a dev server, or for production (`--prod`): gunicorn
behind nginx (serving/front.py), or gunicorn alone behind a proxy of your own (`--prod --no-proxy`)."""

from __future__ import annotations

import argparse
import os
import sys

from dashboard.serving import address, front
from etl import paths

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
WSGI_APP = "dashboard.app:server"  # loaded by the server that runs it (gunicorn, or Flask's), never imported here
GUNICORN_OPTIONS = ("-c", "python:dashboard.serving.gunicorn_conf", "--no-control-socket")


def configure(_command: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--prod", action="store_true",
                        help="production: gunicorn (preloaded app, several workers) behind nginx; SIGHUP reloads data")
    parser.add_argument("--no-proxy", action="store_true",
                        help="with --prod: gunicorn alone on --host:--port, behind a proxy you run (several replicas)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: $WEB_CONCURRENCY or 2)")
    parser.add_argument("--base-url", default=None,
                        help=f"the site's own address in links, share texts and the feed (default: ${address.ENV}, "
                             "else http://HOST:PORT); never taken from a request's Host header")
    paths.add_option(parser)
    parser.set_defaults(run=serve)


def serve(args: argparse.Namespace) -> int:
    if args.datasets:  # the app reads the one setting when it loads, in this process or in gunicorn's
        os.environ[paths.ENV] = str(args.datasets)
    base_url = address.configure(args.base_url or os.environ.get(address.ENV) or f"http://{args.host}:{args.port}")
    listen = f"{args.host}:{args.port}"
    if args.prod:
        options = [*GUNICORN_OPTIONS, *(["-w", str(args.workers)] if args.workers else [])]
        if args.no_proxy:
            print(f"Serving the dashboard with gunicorn alone on http://{listen}/ (put a proxy in front)", flush=True)
            front.become_gunicorn([*options, "-b", listen])  # this process: signals reach gunicorn's master
        print(f"Serving the dashboard with nginx and gunicorn on http://{listen}/ as {base_url}", flush=True)
        return front.run(options, listen, front.site_host(base_url))
    # Flask's development server loads the app by its WSGI address, as gunicorn does: nothing here imports it
    print(f"Serving the dashboard on http://{args.host}:{args.port}/ (development server; --prod for gunicorn)",
          flush=True)
    os.execv(sys.executable, [sys.executable, "-m", "flask", "--app", WSGI_APP, "run", "--no-debugger", "--no-reload",
                              "--host", args.host, "--port", str(args.port)])

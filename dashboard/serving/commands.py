"""`nk-arrivals serve`: the dashboard on the committed data, as a dev server or under gunicorn (`--prod`)."""

from __future__ import annotations

import argparse
import os
import sys

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Called by etl/cli.py, so that one `nk-arrivals` command has every subcommand."""
    p = subparsers.add_parser("serve", help="serve the dashboard (dev server; --prod for gunicorn)")
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--prod", action="store_true", help="run gunicorn (preloaded app, several workers)")
    p.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: $WEB_CONCURRENCY or 2)")
    p.set_defaults(func=serve)
    from dashboard import export_commands  # the export helper's subcommands (issue 4)

    export_commands.add_subcommands(subparsers)
    from dashboard import site_commands  # the static site (issue 5)

    site_commands.add_subcommands(subparsers)


def serve(args) -> int:
    if args.prod:
        command = [sys.executable, "-m", "gunicorn", "-c", "python:dashboard.gunicorn_conf", "--no-control-socket",
                   "-b", f"{args.host}:{args.port}"]
        if args.workers:
            command += ["-w", str(args.workers)]
        print(f"Serving the dashboard with gunicorn on http://{args.host}:{args.port}/")
        os.execv(sys.executable, command)  # gunicorn becomes this process: signals reach it directly
    from dashboard.app import app

    print(f"Serving the dashboard on http://{args.host}:{args.port}/ (development server; --prod for gunicorn)")
    app.run(host=args.host, port=args.port, debug=False)
    return 0

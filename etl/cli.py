"""The ETL's commands: fetch | build | verify | watch. `nk-arrivals` lists them in its command table (dashboard/cli.py);
`python -m etl` runs them on their own, with nothing from the dashboard loaded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import paths
from etl.errors import ExpectedError, UsageError

HELP = {
    "fetch": "download a live source into datasets/raw/ (network)",
    "build": "raw snapshots -> datasets/arrivals/ (offline)",
    "verify": "re-check every snapshot's sha256 and compare a fresh build with datasets/arrivals/",
    "watch": "fetch every live source; when one is new, snapshot, build, verify and print the new figures",
}


def build(args: argparse.Namespace) -> int:
    from etl import package
    folder = paths.datasets_folder(args.datasets)
    print(f"Building {folder / package.OUTPUT} from {folder / 'raw'} ...")
    result = package.build(folder)
    for line in result.summary:
        print("  " + line)
    changed = package.write(folder, result)
    print(f"Wrote {', '.join(changed)}." if changed else "Nothing changed: the datasets were already up to date.")
    return 0


def verify(args: argparse.Namespace) -> int:
    from etl import package
    folder = paths.datasets_folder(args.datasets)
    print(f"Checking every snapshot's sha256 and rebuilding {folder / package.OUTPUT} in a temporary folder ...")
    result, diffs = package.verify(folder)
    if diffs:
        print("The committed datasets differ from a fresh build (run `nk-arrivals build`):", file=sys.stderr)
        for d in diffs:
            print("  " + d, file=sys.stderr)
        return 1
    print(f"OK: all snapshots match their sha256 and all {len(result.files)} files match a fresh build byte for byte.")
    return 0


def fetch(args: argparse.Namespace) -> int:
    from etl import fetch as fetching
    folder = paths.datasets_folder(args.datasets)
    rejected = Path(args.rejected) if args.rejected else folder.parent / ".cache" / "rejected"
    print(f"Fetching {args.source} from {args.url or 'its default URL'} ...")
    message = fetching.fetch(args.source, folder, url=args.url, rejected=rejected, timeout=args.timeout,
                             retries=args.retries, backoff=args.backoff, max_bytes=args.max_bytes)
    print(message)
    return 0


def watch(args: argparse.Namespace) -> int:
    from etl import watch as watching
    folder = paths.datasets_folder(args.datasets)
    if args.interval <= 0:
        raise UsageError(f"--interval must be a positive number of hours, not {args.interval:g}")
    options = {"timeout": args.timeout, "retries": args.retries, "backoff": args.backoff, "max_bytes": args.max_bytes}
    rejected = Path(args.rejected) if args.rejected else None
    if not args.once:
        print(f"Watching every {args.interval:g} h (plus a jitter) into {folder}; SIGTERM or Ctrl-C stops.",
              flush=True)
        return watching.loop(folder, args.interval, url=args.url, rejected=rejected, **options)
    watching.report(watching.watch_once(folder, url=args.url, rejected=rejected, **options))
    return 0


def configure(command: str, parser: argparse.ArgumentParser) -> None:
    """Add `command`'s options to its parser (the command table's protocol, see dashboard/cli.py)."""
    paths.add_option(parser)
    if command == "watch":
        parser.add_argument("--once", action="store_true", help="one round, then exit (for cron and CI)")
        parser.add_argument("--interval", type=float, default=24.0, metavar="HOURS",
                            help="hours between rounds without --once (default 24), plus a random jitter")
    if command in ("fetch", "watch"):
        from etl.fetch import DEFAULTS, LIVE_SOURCES
        if command == "fetch":
            parser.add_argument("source", nargs="?", default="mou-status", choices=sorted(LIVE_SOURCES))
        parser.add_argument("--url", help="fetch from this URL instead (a mirror, or a test server)")
        parser.add_argument("--rejected", metavar="DIR",
                            help="where a rejected response is kept (default: .cache/rejected/)")
        parser.add_argument("--timeout", type=float, default=DEFAULTS["timeout"], help="seconds per connect/read")
        parser.add_argument("--retries", type=int, default=DEFAULTS["retries"],
                            help="retries on connection errors and 5xx")
        parser.add_argument("--backoff", type=float, default=DEFAULTS["backoff"],
                            help="backoff factor between retries (s)")
        parser.add_argument("--max-bytes", type=int, default=DEFAULTS["max_bytes"], help="largest body accepted")
    parser.set_defaults(run={"fetch": fetch, "build": build, "verify": verify, "watch": watch}[command])


def run(args: argparse.Namespace) -> int:
    """Run a parsed command: an expected error is one line on stderr and its exit code; Ctrl-C is 130."""
    try:
        return args.run(args)
    except ExpectedError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    """`python -m etl COMMAND`: the ETL alone, with nothing from the dashboard loaded."""
    parser = argparse.ArgumentParser(prog="python -m etl", description="The nk-arrivals ETL.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command, text in HELP.items():
        configure(command, sub.add_parser(command, help=text, description=text))
    return run(parser.parse_args(argv))

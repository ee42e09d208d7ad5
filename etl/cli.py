"""`nk-arrivals`: fetch | build | verify (ETL), plus the dashboard's subcommands when that package is present."""

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from etl.errors import EtlError

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def datasets_dir(args) -> Path:
    return Path(args.datasets or os.environ.get("NK_ARRIVALS_DATASETS") or DEFAULT_DATASETS)


def cmd_build(args) -> int:
    from etl import package
    folder = datasets_dir(args)
    print(f"Building {folder / package.OUTPUT} from {folder / 'raw'} ...")
    result = package.build(folder)
    for line in result.summary:
        print("  " + line)
    changed = package.write(folder, result)
    print(f"Wrote {', '.join(changed)}." if changed else "Nothing changed: the datasets were already up to date.")
    return 0


def cmd_verify(args) -> int:
    from etl import package
    folder = datasets_dir(args)
    print(f"Checking every snapshot's sha256 and rebuilding {folder / package.OUTPUT} in a temporary folder ...")
    result = package.build(folder)
    with tempfile.TemporaryDirectory(prefix="nk-arrivals-verify-") as tmp:
        package.write(Path(tmp), result)
        diffs = package.differences(folder / package.OUTPUT, Path(tmp) / package.OUTPUT)
    if diffs:
        print("The committed datasets differ from a fresh build (run `nk-arrivals build`):", file=sys.stderr)
        for d in diffs:
            print("  " + d, file=sys.stderr)
        return 1
    print(f"OK: all snapshots match their sha256 and all {len(result.files)} files match a fresh build byte for byte.")
    return 0


def cmd_fetch(args) -> int:
    from etl import fetch
    folder = datasets_dir(args)
    rejected = Path(args.rejected) if args.rejected else folder.parent / ".cache" / "rejected"
    print(f"Fetching {args.source} from {args.url or 'its default URL'} ...")
    message = fetch.fetch(args.source, folder, url=args.url, rejected=rejected, timeout=args.timeout,
                          retries=args.retries, backoff=args.backoff, max_bytes=args.max_bytes)
    print(message)
    return 0


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    from etl.fetch import DEFAULTS, LIVE_SOURCES
    parser = argparse.ArgumentParser(prog="nk-arrivals", description=(
        "Cited, reproducible statistics of North Koreans arriving in South Korea (Ministry of Unification figures)."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--datasets", metavar="DIR",
                        help="datasets folder (default: $NK_ARRIVALS_DATASETS or the repository's datasets/)")
    p = sub.add_parser("fetch", parents=[common], help="download a live source into datasets/raw/ (network)")
    p.add_argument("source", nargs="?", default="mou-status", choices=sorted(LIVE_SOURCES))
    p.add_argument("--url", help="fetch from this URL instead (a mirror, or a test server)")
    p.add_argument("--rejected", metavar="DIR", help="where a rejected response is kept (default: .cache/rejected/)")
    p.add_argument("--timeout", type=float, default=DEFAULTS["timeout"], help="seconds per connect/read")
    p.add_argument("--retries", type=int, default=DEFAULTS["retries"], help="retries on connection errors and 5xx")
    p.add_argument("--backoff", type=float, default=DEFAULTS["backoff"], help="backoff factor between retries (s)")
    p.add_argument("--max-bytes", type=int, default=DEFAULTS["max_bytes"], help="largest body accepted")
    p.set_defaults(func=cmd_fetch)
    p = sub.add_parser("build", parents=[common], help="raw snapshots -> datasets/arrivals/ (offline)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("verify", parents=[common],
                       help="re-check every snapshot's sha256 and compare a fresh build with datasets/arrivals/")
    p.set_defaults(func=cmd_verify)
    return parser, sub


ETL_COMMANDS = ("fetch", "build", "verify")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser, sub = build_parser()
    # The dashboard's subcommands import plotly, kaleido and openpyxl (about 0.5 s): an ETL command skips them.
    etl_only = bool(argv) and argv[0] in ETL_COMMANDS
    if not etl_only and importlib.util.find_spec("dashboard") and importlib.util.find_spec("dashboard.cli"):
        from dashboard import cli as dashboard_cli
        dashboard_cli.add_subcommands(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EtlError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

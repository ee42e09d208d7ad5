"""`nk-arrivals site build OUT/`: the static site (see `dashboard/site.py`) from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("site", help="a static version of the dashboard for any static file host or CDN")
    actions = p.add_subparsers(dest="site_command", required=True, metavar="ACTION")
    b = actions.add_parser("build", help="write every chart's default view (HTML, PNG, SVG), its data "
                                         "(CSV, XLSX, JSON) and the dataset with datapackage.json into OUT/")
    b.add_argument("out", metavar="OUT", type=Path, help="an empty or new folder, or a site built before")
    b.add_argument("--datasets", metavar="DIR", type=Path,
                   help="datasets folder holding arrivals/ (default: $NK_ARRIVALS_DATASETS or the repository's)")
    b.set_defaults(func=build)


def build(args) -> int:
    from dashboard import site  # imported here: it loads the renderer and the layout, which other commands skip
    from dashboard.data import DatasetError, arrivals_folder

    try:
        out = site.build(args.out, arrivals_folder(args.datasets))
    except (FileExistsError, FileNotFoundError, DatasetError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Wrote the static site to {out}/: open index.html, or upload the folder to any static file host.")
    return 0

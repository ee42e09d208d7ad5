"""`nk-arrivals site build OUT/`: the static site (see `dashboard/site/builder.py`) from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from etl import paths


def configure(_command: str, parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="site_command", required=True, metavar="ACTION")
    build_parser = actions.add_parser("build", help="write every chart's default view (HTML, PNG, SVG), its data "
                                                    "(CSV, XLSX, JSON) and the dataset with datapackage.json into OUT/")
    build_parser.add_argument("out", metavar="OUT", type=Path, help="an empty or new folder, or a site built before")
    paths.add_option(build_parser)
    build_parser.add_argument("--base-url", metavar="URL",
                              help="the live dashboard's address, for the links of feed.atom (default: links "
                                   "relative to the site, which open its index page)")
    build_parser.add_argument("--site-url", metavar="URL",
                              help="where the site itself will be served, for the absolute addresses of its link "
                                   "previews (og:image; default: relative to each page)")
    build_parser.set_defaults(run=build)


def build(args: argparse.Namespace) -> int:
    from dashboard.site import builder  # loads the renderer and the layout, which other commands skip

    base_url, site_url = (url if not url or url.endswith("/") else url + "/" for url in (args.base_url, args.site_url))
    out = builder.build(args.out, paths.arrivals_folder(args.datasets), base_url, site_url)
    print(f"Wrote the static site to {out}/: open index.html, or upload the folder to any static file host.")
    return 0

"""`nk-arrivals export chart|data|pack|cite`: the dashboard's downloads from the command line.

View options are spelled as the dashboard's URL parameters and read by the dashboard's own URL parser
(`urls.parse`), so `export chart` with no option is the dashboard's default view, and the same options give the
same file as the download button on the page opened with the same query string. Unlike the page, which falls back
to defaults with a notice, the command refuses a bad value.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import urls
from dashboard.charts.style import SIZES
from dashboard.data import CHARTS, FREQS, METRICS, SEXES, Arrivals, View
from dashboard.exports import formats, images, pack
from dashboard.text import references
from dashboard.text.catalogue import LANGS
from etl import paths
from etl.errors import UsageError
from etl.storage import write_atomic

KINDS = {  # kind -> (formats, help)
    "chart": (formats.IMAGES, "PNG/SVG/PDF image with the source line baked in"),
    "data": (formats.DATA, "CSV/XLSX/JSON of the view's rows, with its citation"),
    "pack": (("zip",), "ZIP: chart, data, quotes, references and a README with the citation"),
    "triangle": (formats.DATA, "CSV/XLSX/JSON revision triangle: periods x MOU publications, of --sex"),
    "realtime": (formats.DATA, "CSV/XLSX/JSON real-time table: every MOU figure with its real-time period"),
}
SIZED = ("chart", "pack")  # the kinds with an image in them, which take --size


class ExportError(UsageError):
    """An export that cannot be made as asked; the message says why and nothing is written."""


def _listed(values) -> str:
    return "{" + ",".join(values) + "}"


def _view_options(parser: argparse.ArgumentParser) -> None:
    """One option per dashboard URL parameter, each stored under the parameter's own name (urls.PARAMS)."""
    # The values are checked by the URL grammar (view_of), not by argparse `choices`, whose error quotes a value
    # whole, however long; the metavar still lists them in --help.
    views = parser.add_argument_group("view (default: the dashboard's default view)")
    views.add_argument("--metric", metavar=_listed(METRICS))
    views.add_argument("--from", metavar="YEAR", help="first year")
    views.add_argument("--to", metavar="YEAR", help="last year")
    views.add_argument("--sex", metavar=_listed(SEXES))
    views.add_argument("--vintage", help="latest, or a publication id (publications.csv) or vintage id")
    views.add_argument("--asof", metavar="YYYY-MM-DD", help="the series as MOU had published it on that day")
    views.add_argument("--vs", metavar="PUBLICATION|YYYY-MM-DD",
                       help="draw the view against that vintage, with the revision per period")
    views.add_argument("--chart", metavar=_listed(CHARTS))
    views.add_argument("--freq", metavar=_listed(FREQS), help="periods drawn (half-years and quarters: count, share)")
    views.add_argument("--lang", metavar=_listed(LANGS))
    # Not `--log`: kaleido's logging dependency (logistro) parses sys.argv when imported, and argparse reads
    # `--log` there as an ambiguous abbreviation of its --logistro-* options and exits.
    for flag, param, text in (("log-scale", "log", "a log scale"), ("buckets", "b", "multi-year totals"),
                              ("events", "ev", "event annotations")):
        views.add_argument(f"--{flag}", dest=param, action=argparse.BooleanOptionalAction, help=f"show {text}")


def configure(_command: str, parser: argparse.ArgumentParser) -> None:
    """`export chart|data|pack`, each with the view options and -o."""
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, (kind_formats, text) in KINDS.items():
        p = kinds.add_parser(kind, help=text)
        _view_options(p)
        if len(kind_formats) > 1:
            p.add_argument("--format", choices=kind_formats,
                           help="default: from the -o suffix, else " + kind_formats[0])
        if kind in SIZED:
            p.add_argument("--size", choices=tuple(SIZES), default="default",
                           help="image size: " + ", ".join(f"{name} {w}x{h}" for name, (w, h) in SIZES.items())
                           + " (CSS pixels; PNG at 2x)")
        p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: a name that says what it shows)")
        paths.add_option(p)
        p.set_defaults(run=run, formats=kind_formats)
    p = kinds.add_parser("cite", help="APA, Chicago, BibTeX, RIS or CSL-JSON reference of a source or the dataset")
    p.add_argument("--format", choices=formats.CITATIONS, required=True)
    p.add_argument("--source", metavar="ID", help="a source id of sources.csv, or `dataset` for nk-arrivals itself "
                                                  "(default: the MOU table behind the latest figures)")
    p.add_argument("--base-url", metavar="URL", default="",
                   help="the dashboard's address, the dataset's URL where datapackage.json names no homepage")
    p.add_argument("-o", "--output", metavar="FILE", help="file to write (default: the reference on standard output)")
    paths.add_option(p)
    p.set_defaults(run=run_cite)


def options(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The view options given, as (URL parameter, value) pairs: the others keep the dashboard's defaults."""
    given = {name: getattr(args, name) for name in urls.VIEW_PARAMS}
    return [(k, str(int(v)) if isinstance(v, bool) else v) for k, v in given.items() if v is not None]


def view_of(args: argparse.Namespace, arrivals: Arrivals) -> View:
    """The View the dashboard would show for these options, read by the URL grammar's strict rules."""
    try:
        return urls.parse_strict(options(args), arrivals, urls.VIEW_PARAMS).view
    except urls.BadParameter as bad:
        option = {"b": "buckets", "ev": "events", "log": "log-scale"}.get(bad.name, bad.name)
        if bad.kind == "order":
            raise ExportError("--from is after --to") from None
        if bad.kind == "conflict":
            raise ExportError("--asof cannot be given with --vintage: one publication's figures do not change "
                              "with the day asked") from None
        raise ExportError(f"--{option} {bad.value} is not valid: {bad.allowed}") from None


def format_of(args: argparse.Namespace) -> str:
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    chosen = getattr(args, "format", None) or (suffix if suffix in args.formats else args.formats[0])
    if args.output and suffix != chosen:
        raise ExportError(f"{args.output} does not end in .{chosen}, the format asked for")
    return chosen


def write_atomically(path: Path, body: bytes) -> None:
    """The ETL's atomic write (an existing file is kept whole or replaced whole), but never creating folders:
    a mistyped -o folder is an error, not a new directory tree."""
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist")
    write_atomic(path, body)


def run(args: argparse.Namespace) -> int:
    arrivals = Arrivals.load(paths.arrivals_folder(args.datasets))
    view = view_of(args, arrivals)
    fmt = format_of(args)
    try:
        name, body = pack.record(arrivals, args.kind, view, fmt) if args.kind in pack.RECORDS else \
            pack.take_away(arrivals, view, fmt, getattr(args, "size", "default"))
    finally:
        images.close()
    target = Path(args.output or name)
    write_atomically(target, body)
    print(f"wrote {target} ({len(body):,} bytes)")
    return 0


def run_cite(args: argparse.Namespace) -> int:
    """The reference of one source (or of the dataset) in one format: to -o FILE, else to standard output."""
    arrivals = Arrivals.load(paths.arrivals_folder(args.datasets))
    try:
        _name, body = pack.cite(arrivals, args.source, args.format, args.base_url)
    except pack.UnknownSource:
        raise ExportError(f"--source {urls.quote(args.source)} is not a source: use one of "
                          + ", ".join(references.choices(arrivals))) from None
    if not args.output:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    write_atomically(target, body)
    print(f"wrote {target} ({len(body):,} bytes)")
    return 0

"""`nk-arrivals`: one table of commands, each module loaded only when its command runs.

`nk-arrivals --help` imports nothing but this table; `nk-arrivals build` loads the ETL alone (no plotly, kaleido
or Dash). Every command module offers `configure(command, parser)`, which adds the command's options and sets
`run`; errors become exit codes in one place (`etl.cli.run`, from `etl.errors.ExpectedError.exit_code`).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from etl import cli as etl_cli

DESCRIPTION = ("Cited, reproducible statistics of North Koreans arriving in South Korea "
               "(Ministry of Unification figures).")
# command -> (module that runs it, one-line help)
COMMANDS = {
    **{command: ("etl.cli", text) for command, text in etl_cli.HELP.items()},
    "serve": ("dashboard.serving.commands", "serve the dashboard (dev server; --prod for gunicorn)"),
    "export": ("dashboard.exports.commands", "chart images, data files or the newsroom pack of a view"),
    "site": ("dashboard.site.commands", "a static version of the dashboard for any static file host or CDN"),
    "lookup": ("dashboard.lookup.commands", "where a number comes from: every figure a written number can mean"),
}


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser, with the options of the one command named in `argv` (the others stay unloaded)."""
    parser = argparse.ArgumentParser(prog="nk-arrivals", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command, (module, text) in COMMANDS.items():
        command_parser = sub.add_parser(command, help=text, description=text)
        if argv and argv[0] == command:
            importlib.import_module(module).configure(command, command_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    return etl_cli.run(parser_for(argv).parse_args(argv))

"""`nk-arrivals lookup "..."`: where a number comes from, from the command line.

The same answers as `GET /api/v1/lookup.json?q=...`, in words (one paragraph an answer, best first) or as the
API's JSON (`--json`). A question with no number in it is answered, not refused: the answer says it cannot read
one, and the exit code is 0; only an empty or oversized question is a usage error (2), as it is a 400 in the API.
"""

from __future__ import annotations

import argparse
import json
import sys

from dashboard.data import Arrivals
from dashboard.lookup import answers
from dashboard.text.catalogue import LANGS
from etl import paths
from etl.errors import UsageError


class LookupError_(UsageError):
    """An empty question, or one longer than the lookup reads."""


def configure(_command: str, parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+",
                        help="a number as written: 34,537 · '3만 4천 537명' · 'about 34,000' · 72%%")
    parser.add_argument("--lang", choices=LANGS, default="en", help="the language of the answers (default: en)")
    parser.add_argument("--json", action="store_true", help="the API's JSON answer instead of words")
    paths.add_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    problem = answers.refusal(query)
    if problem:
        raise LookupError_(problem)
    found = answers.lookup(Arrivals.load(paths.arrivals_folder(args.datasets)), query, args.lang)
    if args.json:
        sys.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0
    lines = [found.message]
    for n, answer in enumerate(found.answers, start=1):
        lines += ["", f"{n}. {answer.text}", f"   {answer.citation}"]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0

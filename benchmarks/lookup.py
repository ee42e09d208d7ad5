"""How long the reverse lookup takes to answer (target: under 50 ms), over the phrasings of its test table.

    .venv/bin/python benchmarks/lookup.py [--repeat 20]

Prints, in milliseconds: the one-off index build (every figure of the record, once per process); the median first
answer of each phrasing in a fresh process (each answer's citation rendered by citeproc once per source, then
cached); the median of repeated answers (a running server's steady state, before the API's own answer cache);
and the median over HTTP of `GET /api/v1/lookup.json` on a real 127.0.0.1 server, each phrasing asked once.
The phrasings are read from tests/dashboard/test_lookup.py (the keys of its PHRASINGS table), so the benchmark
and the test cannot drift apart. Figures, not a pass/fail: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import ast
import logging
import statistics
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import flask
from werkzeug.serving import make_server

from dashboard.data import Arrivals
from dashboard.lookup import answers
from dashboard.serving import api

TABLE = Path(__file__).resolve().parents[1] / "tests" / "dashboard" / "test_lookup.py"


def phrasings() -> list[str]:
    """The keys of the test table, read from its source without importing the test module."""
    for node in ast.walk(ast.parse(TABLE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PHRASINGS" for t in node.targets):
            return [key.value for key in node.value.keys]
    raise SystemExit(f"no PHRASINGS table in {TABLE}")


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def over_http(arrivals: Arrivals, phrases: list[str]) -> list[float]:
    """Each phrasing asked once of the API blueprint on a real threaded HTTP server."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line a request would bury the figures
    app = flask.Flask("lookup-benchmark")
    app.register_blueprint(api.blueprint(arrivals))
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}{api.PREFIX}{api.LOOKUP_ROUTE}?q="
    try:
        return [timed(lambda p=p: urllib.request.urlopen(base + urllib.parse.quote(p), timeout=30).read())
                for p in phrases]
    finally:
        httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="answers of each phrasing in the steady state")
    args = parser.parse_args()
    phrases = phrasings()
    arrivals = Arrivals.load()
    built = timed(lambda: answers.index(arrivals))
    first = [timed(lambda p=p: answers.lookup(arrivals, p)) for p in phrases]
    steady = [timed(lambda p=p: answers.lookup(arrivals, p)) for _ in range(args.repeat) for p in phrases]
    http = over_http(Arrivals.load(), phrases)
    print(f"lookup over {len(phrases)} phrasings (target: under 50 ms)")
    print(f"  index build, once per process   {built:8.1f} ms")
    print(f"  first answer, median            {statistics.median(first):8.1f} ms   (max {max(first):.1f})")
    print(f"  steady state, median            {statistics.median(steady):8.2f} ms   "
          f"(p95 {statistics.quantiles(steady, n=20)[-1]:.2f}, {args.repeat} x {len(phrases)} answers)")
    print(f"  HTTP, fresh server, median      {statistics.median(http):8.1f} ms   (max {max(http):.1f}; "
          "includes its index build on the first)")


if __name__ == "__main__":
    main()

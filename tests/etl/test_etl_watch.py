"""`nk-arrivals watch` against a real HTTP server on 127.0.0.1.

The page served is made by `new_page()` from tests/etl/fixtures/status_lately.html (a reconstruction of the MOU
table, see its note): '25.12(잠정) relabelled '25, as MOU does once a year is final, and a new '26.6(잠정) column of
INVENTED TEST NUMBERS (11 men, 22 women, 33 in all: a test pattern, not a figure), with the 합계 column and the
여성비율 row recomputed. They exist only in this test and in the temporary datasets copies it writes to (the
`datasets_copy` fixture), never in datasets/.
"""

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest

from dashboard.data import Arrivals
from dashboard.exports import feed
from etl import cli
from support import raw
from support.paths import REPO

FIXTURE = (Path(__file__).parent / "fixtures" / "status_lately.html").read_text("utf-8")
TEST_H1 = {"male": 11, "female": 22, "total": 33}   # INVENTED test numbers, not MOU figures


def new_page() -> bytes:
    """The reconstruction with '25 final and an invented '26.6(잠정) column (TEST DATA), sums and ratios redone."""
    m, f, t = TEST_H1["male"], TEST_H1["female"], TEST_H1["total"]
    men, women = 9593 + m, 24944 + f
    edits = {
        "<!-- RECONSTRUCTION": "<!-- TEST DATA: the '26.6(잠정) column holds invented test numbers, not MOU figures. "
                               "RECONSTRUCTION",
        '<th scope="col">’25.12(잠정)</th>': '<th scope="col">\'25</th><th scope="col">\'26.6(잠정)</th>',
        "<td>25</td><td>9,593</td>": f"<td>25</td><td>{m}</td><td>{men:,}</td>",
        "<td>198</td><td>24,944</td>": f"<td>198</td><td>{f}</td><td>{women:,}</td>",
        "<td>223</td><td>34,537</td>": f"<td>223</td><td>{t}</td><td>{men + women:,}</td>",
        "<td>88.8%</td><td>72.2%</td>": f"<td>88.8%</td><td>{100 * f / t:.1f}%</td>"
                                        f"<td>{100 * women / (men + women):.1f}%</td>",
    }
    html = FIXTURE
    for old, new in edits.items():
        assert html.count(old) == 1, old
        html = html.replace(old, new)
    return html.encode("utf-8")


NEW_PAGE = new_page()


class Pages:
    """A WSGI app answering each path with a scripted response (status, body); counts requests."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.hits = 0

    def __call__(self, environ, start_response):
        self.hits += 1
        status, body = self.routes.get(environ["PATH_INFO"], (404, b"not here"))
        start_response(f"{status} X", [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Length", str(len(body)))])
        return [body]


@pytest.fixture
def site(serve):
    pages = Pages()
    with serve(pages) as base:
        yield pages, base


def watch(datasets, url, *extra) -> int:
    return cli.main(["watch", "--once", "--url", url, "--datasets", str(datasets), "--retries", "1",
                     "--backoff", "0.01", "--timeout", "5", *extra])


def rows(datasets, name):
    return list(csv.DictReader(io.StringIO((datasets / "arrivals" / f"{name}.csv").read_text("utf-8"))))


def test_a_new_half_year_column_becomes_a_provisional_vintage_a_change_and_a_feed_entry(site, datasets_copy,
                                                                                         capsys):
    pages, base = site
    pages.routes["/status_lately"] = (200, NEW_PAGE)
    assert watch(datasets_copy, base + "/status_lately") == 0
    out = capsys.readouterr().out
    assert "Built and verified. 3 new or revised figure(s):" in out
    assert "('26.6(잠정)) total: 33, new, provisional" in out
    h1 = {r["sex"]: r for r in rows(datasets_copy, "latest")
          if (r["period_start"], r["period_end"]) == ("2026-01-01", "2026-06-30")}
    assert {s: int(r["count"]) for s, r in h1.items()} == TEST_H1
    assert {r["provisional"] for r in h1.values()} == {"true"} and h1["total"]["vintage"].startswith("mou-status-")
    changes = [r for r in rows(datasets_copy, "changes") if r["period_end"] == "2026-06-30"]
    assert [(r["change"], r["sex"], r["count"]) for r in changes] == \
        [("new", "male", "11"), ("new", "female", "22"), ("new", "total", "33")]
    assert cli.main(["verify", "--datasets", str(datasets_copy)]) == 0
    # the feed, built from the copy through the data layer, parses as Atom 1.0 and starts with the new figures
    arrivals = Arrivals.load(datasets_copy / "arrivals")
    parsed = feedparser.parse(feed.atom(arrivals.changes(), arrivals.citations(arrivals.changes()["source"]),
                                        "http://example.test/"))
    assert parsed.version == "atom10" and not parsed.bozo
    newest = parsed.entries[0]
    assert "2026 H1" in newest.title and "2026년 상반기" in newest.title
    assert "33" in newest.summary and "11" in newest.summary and "22" in newest.summary
    # the misquote guard now has an official figure for the period of the unverified '2026 H1 = 63'
    guard = {r["misquote"]: r for r in rows(datasets_copy, "misquotes")}["2026h1-63-unverified"]
    assert (guard["official_count"], guard["official_note"]) == ("33", "")


def test_a_second_round_on_the_same_page_changes_nothing(site, datasets_copy, digest, capsys):
    pages, base = site
    pages.routes["/status_lately"] = (200, NEW_PAGE)
    assert watch(datasets_copy, base + "/status_lately") == 0
    after_first = digest(datasets_copy)
    capsys.readouterr()
    assert watch(datasets_copy, base + "/status_lately") == 0
    assert "Nothing new: nothing was written." in capsys.readouterr().out
    assert digest(datasets_copy) == after_first


@pytest.mark.parametrize("status, body, phrase", [
    (503, b"busy", "HTTP 503"),
    (200, NEW_PAGE.replace(b"<table", b"<div").replace(b"</table>", b"</div>"), "the page has no table"),
], ids=["503", "no-table"])
def test_a_failing_or_malformed_page_exits_non_zero_and_leaves_datasets_byte_identical(
        site, datasets_copy, digest, capsys, status, body, phrase):
    pages, base = site
    pages.routes["/status_lately"] = (status, body)
    before = digest(datasets_copy)
    assert watch(datasets_copy, base + "/status_lately") == 1
    err = capsys.readouterr().err
    assert phrase in err and "nothing was written to datasets/" in err.replace("Nothing", "nothing")
    assert "Traceback" not in err
    assert digest(datasets_copy) == before


def test_a_snapshot_that_does_not_build_is_taken_out_again(site, datasets_copy, digest, capsys):
    # a press report (test row, dated after the fetch) announcing 34,571 to 2026-06-30, one more than the page's
    # 34,570: the page passes its own checks, the build does not (latest sums to the newest announced cumulative)
    raw.append(datasets_copy / "raw" / "press" / "figures.csv", "https://test.invalid/1,yna.co.kr,2099-01-01,"
               "to 2026-06-30,cumulative,,,34571,,mou-figure,,,none,2026-12-01")
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 0
    before = digest(datasets_copy)
    pages, base = site
    pages.routes["/status_lately"] = (200, NEW_PAGE)
    assert watch(datasets_copy, base + "/status_lately") == 1
    err = capsys.readouterr().err
    assert "did not build" in err and "latest sums to the announced cumulative" in err and "taken out again" in err
    assert digest(datasets_copy) == before
    kept = list((datasets_copy.parent / ".cache" / "rejected").glob("mou-status-*.html"))
    assert kept and kept[0].read_bytes() == NEW_PAGE


def read_until(stream, marker: str, seconds: float) -> str:
    """Lines of a subprocess's output until one contains `marker` (a thread reads, so a hang cannot block)."""
    seen, found = [], threading.Event()

    def reader():
        for line in stream:
            seen.append(line)
            if marker in line:
                found.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    assert found.wait(seconds), "".join(seen)
    return "".join(seen)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_loop_stops_cleanly_on_a_signal(site, datasets_copy, sig):
    pages, base = site
    pages.routes["/status_lately"] = (200, NEW_PAGE)
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "watch", "--url", base + "/status_lately", "--datasets", str(datasets_copy),
         "--interval", "0.01", "--retries", "0", "--timeout", "5"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = read_until(process.stdout, "Next round in", 120)
        assert "Built and verified" in first
        time.sleep(0.2)   # inside the wait between rounds
        process.send_signal(sig)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err
    assert not [p for p in datasets_copy.rglob("*") if p.name.endswith(".tmp")]   # no half-written file
    assert pages.hits >= 1

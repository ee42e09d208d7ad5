"""`nk-arrivals fetch` against a real HTTP server on 127.0.0.1, one test per fault the issue lists.

Each fault must give a clear error, a non-zero exit, and leave the datasets folder byte-for-byte unchanged.
The page served is tests/etl/fixtures/status_lately.html, a labelled reconstruction of the MOU table layout.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl import cli

FIXTURE = (Path(__file__).parent / "fixtures" / "status_lately.html").read_text(encoding="utf-8")


class Script:
    """Responses the server gives, in order, per path; the last one repeats. Records request headers."""

    def __init__(self):
        self.routes: dict[str, list[dict]] = {}
        self.requests: list[dict] = []
        self.release = threading.Event()   # set at teardown so that a 'slow' response never outlives the test


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"   # close-delimited bodies, as a server that omits Content-Length sends them

    def do_GET(self):
        script: Script = self.server.script
        script.requests.append(dict(self.headers))
        queue = script.routes.get(self.path, [{"status": 404, "body": b"not here"}])
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if step.get("stall"):
            script.release.wait(10)
            return
        if step.get("etag") and self.headers.get("If-None-Match") == step["etag"]:
            self.send_response(304)
            self.end_headers()
            return
        body = step.get("body", b"")
        self.send_response(step.get("status", 200))
        self.send_header("Content-Type", step.get("type", "text/html; charset=utf-8"))
        if step.get("etag"):
            self.send_header("ETag", step["etag"])
        if step.get("modified"):
            self.send_header("Last-Modified", step["modified"])
        if "length" in step:
            if step["length"] is not None:
                self.send_header("Content-Length", str(step["length"]))
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.script = Script()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.script.release.set()
    httpd.shutdown()
    httpd.server_close()


def url(server, path="/status_lately"):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def run(datasets, address, *extra):
    return cli.main(["fetch", "mou-status", "--url", address, "--datasets", str(datasets),
                     "--retries", "2", "--backoff", "0.01", "--timeout", "2", *extra])


def page(**replace) -> bytes:
    html = FIXTURE
    for old, new in replace.items():
        html = html.replace(old, new)
    return html.encode("utf-8")


def assert_rejected(capsys, before, after, code, *phrases):
    err = capsys.readouterr().err
    assert code != 0
    for phrase in phrases:
        assert phrase in err, err
    assert "Traceback" not in err
    assert after == before
    return err


def test_success_writes_snapshot_and_sidecar_then_build_uses_it(server, datasets_copy, capsys):
    modified = "Wed, 04 Feb 2026 09:00:00 GMT"
    server.script.routes["/status_lately"] = [{"body": page(), "etag": '"v1"', "modified": modified}]
    assert run(datasets_copy, url(server)) == 0
    saved = sorted((datasets_copy / "raw" / "mou-status").iterdir())
    assert [p.suffix for p in saved] == [".html", ".json"]
    origin = json.loads(saved[1].read_text(encoding="utf-8"))
    assert saved[0].read_bytes() == page()
    assert (origin["http_status"], origin["etag"], origin["bytes"]) == (200, '"v1"', len(page()))
    assert origin["as_of_label"] == "’25.12(잠정)" and origin["method"] == "requests-get"
    # the page states no date: Last-Modified is kept as what it is, never taken for a publication date
    assert (origin["published"], origin["published_after"], origin["last_modified"]) == ("", "", modified)
    assert "nk-arrivals" in server.script.requests[0]["User-Agent"]
    assert "Saved" in capsys.readouterr().out
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 0
    latest = (datasets_copy / "arrivals" / "latest.csv").read_text(encoding="utf-8")
    assert ",’25.12(잠정),2025-01-01,2025-12-31,total,223,true," in latest


def test_unchanged_content_and_304_write_nothing(server, datasets_copy, capsys, digest):
    server.script.routes["/status_lately"] = [{"body": page(), "etag": '"v1"'}]
    assert run(datasets_copy, url(server)) == 0
    after_first = digest(datasets_copy)
    assert run(datasets_copy, url(server)) == 0          # server answers 304 to If-None-Match
    assert server.script.requests[-1]["If-None-Match"] == '"v1"'
    assert "Not modified" in capsys.readouterr().out
    server.script.routes["/status_lately"] = [{"body": page()}]   # no ETag: same bytes, same sha256
    assert run(datasets_copy, url(server)) == 0
    assert "Unchanged" in capsys.readouterr().out
    assert digest(datasets_copy) == after_first


def test_500_then_success_is_retried(server, datasets_copy):
    server.script.routes["/status_lately"] = [{"status": 500, "body": b"oops"}, {"status": 503, "body": b""},
                                              {"body": page()}]
    assert run(datasets_copy, url(server)) == 0
    assert len(server.script.requests) == 3
    assert len(list((datasets_copy / "raw" / "mou-status").glob("*.html"))) == 1


def test_5xx_past_the_retries_fails(server, datasets_copy, capsys, digest):
    before = digest(datasets_copy)
    server.script.routes["/status_lately"] = [{"status": 500, "body": b"down"}]
    code = run(datasets_copy, url(server))
    assert_rejected(capsys, before, digest(datasets_copy), code, "HTTP 500")
    assert len(server.script.requests) == 3   # the first try and two retries


def test_timeout(server, datasets_copy, capsys, digest):
    before = digest(datasets_copy)
    server.script.routes["/status_lately"] = [{"stall": True}]
    code = run(datasets_copy, url(server), "--timeout", "0.2", "--retries", "0")
    assert_rejected(capsys, before, digest(datasets_copy), code, "did not answer within 0.2 s")


def test_404(server, datasets_copy, capsys, digest):
    before = digest(datasets_copy)
    code = run(datasets_copy, url(server, "/moved"))
    err = assert_rejected(capsys, before, digest(datasets_copy), code, "HTTP 404", "response kept in")
    kept = Path(err.split("response kept in ")[1].split(")")[0])
    assert kept.is_file() and datasets_copy not in kept.parents


def test_truncated_body(server, datasets_copy, capsys, digest):
    before = digest(datasets_copy)
    body = page()
    server.script.routes["/status_lately"] = [{"body": body[:500], "length": len(body)}]
    code = run(datasets_copy, url(server), "--retries", "0")
    assert_rejected(capsys, before, digest(datasets_copy), code, "truncated body")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "no-content-length"])
def test_oversized_body(server, datasets_copy, capsys, declared, digest):
    before = digest(datasets_copy)
    step = {"body": page() + b" " * 5000}
    if not declared:
        step["length"] = None
    server.script.routes["/status_lately"] = [step]
    code = run(datasets_copy, url(server), "--max-bytes", "4000")
    assert_rejected(capsys, before, digest(datasets_copy), code, "limit of 4,000 bytes")


def test_euc_kr_page_is_decoded(server, datasets_copy):
    body = FIXTURE.replace('charset="utf-8"', 'charset="euc-kr"').encode("euc-kr")
    server.script.routes["/status_lately"] = [{"body": body, "type": "text/html; charset=EUC-KR"}]
    assert run(datasets_copy, url(server)) == 0
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 0
    latest = (datasets_copy / "arrivals" / "latest.csv").read_text(encoding="utf-8")
    assert "mou-status-" in latest and ",2002-01-01,2002-12-31,male,510," in latest


@pytest.mark.parametrize("body, phrase", [
    (page(**{"<table": "<div", "</table>": "</div>"}), "has no table"),
    (page(**{"<th scope=\"col\">'02</th>": "<th scope=\"col\">2002년도</th>"}), "'2002년도' is not a period label"),
    (page(**{"<th scope=\"row\">남</th>": "<th scope=\"row\">남자 수</th>"}), "'남자 수' is not a known row label"),
    (page(**{"<td>1,142</td>": "<td>1,14x</td>"}), "'1,14x' is not a count"),
    (page(**{"<th scope=\"col\">'03</th>": "<th scope=\"col\">'02</th>"}), "duplicates an earlier period"),
    (page(**{"<td>1,285</td>": "<td>1,286</td>"}), "male+female=total"),
], ids=["no-table", "renamed-header", "renamed-row", "non-numeric-cell", "duplicated-year", "sum-mismatch"])
def test_bad_page_is_rejected_and_kept_outside_datasets(server, datasets_copy, capsys, body, phrase, digest):
    before = digest(datasets_copy)
    server.script.routes["/status_lately"] = [{"body": body}]
    code = run(datasets_copy, url(server))
    err = assert_rejected(capsys, before, digest(datasets_copy), code, "mou-status", phrase, "response kept in")
    kept = Path(err.split("response kept in ")[1].split(")")[0])
    assert kept.read_bytes() == body
    assert kept.is_relative_to(datasets_copy.parent / ".cache" / "rejected")

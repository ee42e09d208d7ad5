"""HTTP at every edge, on both servers a reader meets (`live`: `make run` and `serve --prod`): bad JSON of any
depth, missing static files, ranges, HEAD, refused encodings, revalidation, over-long addresses, oversized bodies."""

import http.client
import re
import socket
from urllib.parse import urlsplit

import brotli
import pytest
import requests

from dashboard.serving.errors import MAX_URI_BYTES
from dashboard.serving.guard import MAX_BODY_BYTES


def raw(base: str, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    """One request over http.client: the status, the headers and the body bytes exactly as sent (no decoding)."""
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def statics(live):
    """A fingerprinted component-suite script and a fingerprinted stylesheet the page links."""
    page = requests.get(live + "/", timeout=30).text
    script = re.search(r'"(/_dash-component-suites/[^"]+\.js)"', page).group(1)
    sheet = re.search(r'"(/assets/[^"]+\.css\?m=[^"]+)"', page).group(1)
    return {"script": script, "sheet": sheet}


def test_json_nested_5000_deep_is_a_400_not_a_500(live):
    body = ("[" * 5000 + "]" * 5000).encode()
    status, _, text = raw(live, "POST", "/_dash-update-component", {"Content-Type": "application/json"}, body)
    assert status == 400 and b"nested too deep" in text


def test_a_callback_body_over_the_limit_is_a_413_before_it_is_read(live):
    """Only the headers are sent: the answer comes without the server waiting for the body."""
    where = urlsplit(live)
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(f"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n[".encode())
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413", status_line


def test_a_source_map_dash_lists_but_does_not_ship_is_a_404(live):
    response = requests.get(live + "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v4_4_1m1.min.js.map",
                            timeout=30)
    assert response.status_code == 404 and "Traceback" not in response.text


@pytest.mark.parametrize("kind", ["script", "sheet"])
def test_a_range_request_gets_the_whole_file_compressed_and_no_range_is_offered(live, statics, kind):
    status, headers, body = raw(live, "GET", statics[kind], {"Accept-Encoding": "br", "Range": "bytes=0-99"})
    assert status == 200 and "content-range" not in headers and "accept-ranges" not in headers
    assert headers["content-encoding"] == "br" and int(headers["content-length"]) == len(body)
    assert len(brotli.decompress(body)) > 100  # the whole file, decodable


@pytest.mark.parametrize("path", ["/", "/?lang=ko", "/embed", "/api/v1/arrivals.csv", "script", "sheet"])
def test_head_carries_the_headers_of_get(live, statics, path):
    path = statics.get(path, path)
    accept = {"Accept-Encoding": "br, gzip"}
    got, heads = raw(live, "GET", path, accept)[1], raw(live, "HEAD", path, accept)[1]
    volatile = {"date", "server", "connection", "keep-alive", "content-length"}  # a HEAD's length may be omitted
    assert {k: v for k, v in heads.items() if k not in volatile} == {k: v for k, v in got.items() if k not in volatile}
    assert "cache-control" in heads


@pytest.mark.parametrize("path", ["/", "/api/v1/arrivals.json", "script", "sheet"])
@pytest.mark.parametrize("accept, allowed", [("br;q=0", {None}), ("br;q=0, gzip", {"gzip"}),
                                             ("gzip;q=0, br", {"br"}), ("*;q=0", {None})])
def test_an_encoding_refused_with_q0_is_never_sent(live, statics, path, accept, allowed):
    headers = raw(live, "GET", statics.get(path, path), {"Accept-Encoding": accept})[1]
    assert headers.get("content-encoding") in allowed


@pytest.mark.parametrize("kind", ["script", "sheet"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_compressed_static_file_revalidates_with_304(live, statics, kind, encoding):
    status, headers, _ = raw(live, "GET", statics[kind], {"Accept-Encoding": encoding})
    assert status == 200 and headers["etag"]
    again = raw(live, "GET", statics[kind], {"Accept-Encoding": encoding, "If-None-Match": headers["etag"]})
    assert again[0] == 304 and again[2] == b""


@pytest.mark.parametrize("length", [MAX_URI_BYTES + 1, 8000])
def test_an_api_address_too_long_is_a_json_414(live, length):
    path = "/api/v1/arrivals.json?lang=" + "x" * length
    response = requests.get(live + path, timeout=30)
    assert response.status_code == 414
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["status"] == 414


def test_a_page_address_too_long_is_a_short_page(live):
    response = requests.get(live + "/?lang=ko&x=" + "y" * MAX_URI_BYTES, timeout=30)
    assert response.status_code == 414 and "text/html" in response.headers["Content-Type"]
    assert len(response.content) < 20_000


@pytest.mark.parametrize("path", ["/feed.atom", "/?tab=share", "/?tab=share&lang=ko", "/embed"])
def test_a_hostile_host_header_never_reaches_an_answer_or_a_cache(live, path):
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    for _ in range(2):  # the second answer comes from the caches the first would have filled
        status, _, body = raw(live, "GET", path, hostile)
        assert status == 200 and b"evil.example" not in body
    assert b"evil.example" not in raw(live, "GET", path)[2]
    if path != "/embed":  # the feed and the share texts name the configured address (here, where it listens)
        assert urlsplit(live).netloc.encode() in raw(live, "GET", path, hostile)[2]

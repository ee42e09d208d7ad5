"""harden(): headers, 404s, robots.txt, caching and compression on a minimal Dash app, in a real browser."""

import gzip
import re
from html import unescape

import brotli
import lxml.html
import pytest
import requests
from dash import Dash, html

from dashboard.app import create_app
from dashboard.charts import bundle, svg
from dashboard.serving.compression import _WARMED, _encoded, _quickly
from dashboard.serving.hardening import EMBED_PREFIXES, harden
from dashboard.serving.headers import YEAR
from dashboard.serving.warming import warm_page, warm_rest
from dashboard.urls import API_PREFIX
from support.live_server import watch
from support.tiny_app import tiny_app


@pytest.fixture(scope="module")
def url(serve):
    with serve(tiny_app().server) as base:
        yield base


def _post_echo(url, word):
    body = {
        "output": "echo.children",
        "outputs": {"id": "echo", "property": "children"},
        "inputs": [{"id": "word", "property": "value", "value": word}],
        "changedPropIds": ["word.value"],
        "state": [],
    }
    return requests.post(f"{url}/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})


def test_index_has_security_headers_and_is_not_frameable(url):
    r = requests.get(url + "/")
    assert r.status_code == 200
    h = r.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert h["X-Frame-Options"] == "DENY"
    csp = dict(d.strip().split(" ", 1) for d in h["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]


def test_the_embed_route_is_the_only_frameable_page(url):
    r = requests.get(url + EMBED_PREFIXES[0] + "/chart")
    assert r.status_code == 200
    assert "frame-ancestors *" in r.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in r.headers
    for path in ("/", "/robots.txt", "/_dash-layout"):
        assert "frame-ancestors 'none'" in requests.get(url + path).headers["Content-Security-Policy"]


UNKNOWN = ["/nope", "/robots.txt/x", "/wp-login.php", "/assets/nope.js", "/_dash-component-suites/dash/nope.js"]


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths_are_404_not_the_index_page(url, path):
    r = requests.get(url + path)
    assert r.status_code == 404
    assert "_dash-config" not in r.text
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_robots_txt_and_favicon(url):
    r = requests.get(url + "/robots.txt")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    assert r.text.splitlines()[0] == "User-agent: *"
    icon = requests.get(url + "/favicon.ico")
    assert icon.status_code == 200 and icon.headers["Content-Type"] == "image/x-icon"


def test_fingerprinted_static_files_are_long_cached(url):
    html_text = requests.get(url + "/").text
    asset = re.search(r'src="(/assets/vendor/plotly-[a-z-]+-[\d.]+\.min\.js\?m=[^"]+)"', html_text).group(1)
    suite = re.search(r'src="(/_dash-component-suites/[^"]+\.v[^"]+\.js)"', html_text).group(1)
    for path in (asset, suite):
        r = requests.get(url + path)
        assert r.status_code == 200
        assert r.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable", path
    unversioned = requests.get(url + "/assets/" + bundle.ASSET)
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")
    assert requests.get(url + "/").headers["Cache-Control"].startswith("public, max-age=")


def test_responses_are_compressed_and_callbacks_are_not_cached_by_path(url):
    first, second = _post_echo(url, "first"), _post_echo(url, "second")
    for r in (first, second):
        assert r.status_code == 200 and r.headers["Content-Encoding"] == "gzip"
    assert "echo:first" in first.text and "echo:second" in second.text
    assert "echo:first" not in second.text
    assert requests.get(url + "/", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"


def test_a_path_keyed_compression_cache_is_refused():
    app = Dash(__name__, compress=True)
    app.server.config["COMPRESS_CACHE_BACKEND"] = dict
    with pytest.raises(ValueError, match="callback"):
        harden(app)


def test_page_renders_under_the_csp_with_the_vendored_bundle(url, browser):
    def visit(page):
        seen = watch(page, url + "/", "#chart .barlayer .point path")
        page.wait_for_function("document.querySelector('#client').textContent === 'client:a'")
        page.wait_for_function("document.querySelector('#echo').textContent.startsWith('echo:a')")
        return seen

    seen = browser.page(visit)
    assert seen["csp"] == [] and seen["errors"] == []
    assert seen["plotly"] == bundle.version()
    assert not [u for u in seen["requested"] if "plotly.min.js" in u or "async-plotlyjs" in u]


@pytest.mark.parametrize("accept, encoding", [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("identity", None)])
def test_static_files_are_compressed_once_at_the_best_accepted_encoding(url, accept, encoding):
    r = requests.get(url + "/assets/" + bundle.ASSET + "?m=1", headers={"Accept-Encoding": accept}, stream=True)
    assert r.status_code == 200
    assert r.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in r.headers.get("Vary", "") or encoding is None
    body = r.raw.read(decode_content=False)
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    assert body == bundle.PATH.read_bytes()


def test_after_warming_a_page_load_compresses_nothing():
    app = tiny_app()
    _encoded.cache_clear()
    _quickly.cache_clear()
    _WARMED.clear()
    assert warm_page(app) > 0
    warm_rest(app)
    misses = _encoded.cache_info().misses
    client = app.server.test_client()
    br = {"Accept-Encoding": "br"}
    index = client.get("/").get_data(as_text=True)
    loads = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', index)
    loads.append("/_dash-component-suites/dash/dcc/async-graph.js")  # the lazy chunk dcc.Graph pulls in
    for path in loads:
        assert client.get(path, headers=br).headers["Content-Encoding"] == "br", path
    assert _encoded.cache_info().misses == misses and _quickly.cache_info().misses == 0


def test_after_warming_every_chart_image_of_the_page_is_drawn_already(arrivals, monkeypatch):
    """The lower charts' images, at each width their `<picture>` offers (a phone gets the 360 px drawing), are
    drawn by `warm_rest`, not by a reader's first page load."""
    app = create_app(arrivals)
    warm_page(app)
    warm_rest(app)
    drawn = []
    monkeypatch.setattr(svg, "render", lambda *args, **kwargs: drawn.append(args) or "<svg/>")
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    images = re.findall(r'<(?:img|source)\b[^>]*?\bsrc(?:set)?="(/charts/[^"]+)"', index)
    narrow = [i for i in images if "w=360" in i]
    assert len(images) >= 16 and len(narrow) * 2 == len(images)  # 5 breakdowns, 2 maps, revisions: 2 widths each
    for image in images:
        assert client.get(unescape(image)).status_code == 200, image
    assert drawn == []


def test_before_the_fork_only_the_first_paint_is_warmed(arrivals):
    """The static page's files are compressed before the fork; Dash's deferred scripts wait for `warm_rest`."""
    app = create_app(arrivals)
    _encoded.cache_clear()
    _quickly.cache_clear()
    _WARMED.clear()
    warmed = warm_page(app)
    misses = _encoded.cache_info().misses
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    first = re.findall(r'<(?:link rel="stylesheet" href|script src)="(/assets/[^"]+)"', index)
    deferred = re.findall(r'<script type="text/x-deferred" src="(/[^"]+)"', index)
    assert warmed == len(first) > 0 and deferred
    for path in first:
        assert client.get(path, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br", path
    assert _encoded.cache_info().misses == misses
    quick = _quickly.cache_info().misses
    client.get(deferred[0], headers={"Accept-Encoding": "br"})  # not warmed: compressed now, quickly
    assert _quickly.cache_info().misses == quick + 1 and _encoded.cache_info().misses == misses
    assert warm_rest(app) >= len(deferred)
    after = _encoded.cache_info().misses
    for path in deferred:
        assert client.get(path, headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br", path
    assert _encoded.cache_info().misses == after


@pytest.mark.parametrize("lang, heading", [("en", "Page not found"), ("ko", "페이지를 찾을 수 없습니다")])
def test_error_pages_are_short_and_in_the_readers_language(url, lang, heading):
    r = requests.get(f"{url}/nope?lang={lang}")
    page = lxml.html.fromstring(r.content)
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert page.get("lang") == lang and heading in page.findtext(".//h1") and page.find(".//a").get("href") == "/"
    assert len(r.content) < 2048


def test_an_unexpected_exception_is_a_short_500_page_without_a_traceback(serve):
    app = tiny_app()
    app.server.add_url_rule("/broken", "broken", lambda: 1 / 0)
    with serve(app.server) as base:
        r = requests.get(base + "/broken")
    assert r.status_code == 500 and "Something went wrong" in r.text
    assert "Traceback" not in r.text and "ZeroDivisionError" not in r.text and len(r.content) < 2048


def test_errors_under_the_api_path_are_the_apis_json_even_from_routing():
    """Flask sends routing's 404 and 405, an over-long address's 414 and an exception's 500 to the app's handlers,
    never the blueprint's."""
    app = Dash(__name__)
    app.layout = html.Div()

    def boom():
        raise RuntimeError("a fault no view expected")

    app.server.add_url_rule(f"{API_PREFIX}/boom", "boom", boom)
    app.server.add_url_rule(f"{API_PREFIX}/only-get", "only_get", lambda: "ok")
    client = harden(app).server.test_client()
    for path, method, status in ((f"{API_PREFIX}/nope/" + "x" * 4000, "GET", 404), (API_PREFIX, "GET", 404),
                                 (f"{API_PREFIX}/nope/" + "x" * 5000, "GET", 414),
                                 (f"{API_PREFIX}/only-get", "DELETE", 405), (f"{API_PREFIX}/boom", "GET", 500)):
        answer = client.open(path, method=method)
        assert answer.status_code == status and answer.mimetype == "application/json", path
        assert answer.get_json()["error"]["status"] == status and len(answer.data) < 300
    assert "GET" in client.delete(f"{API_PREFIX}/only-get").headers["Allow"]
    page = client.get("/nope")
    assert page.status_code == 404 and page.mimetype == "text/html"  # elsewhere: the error page

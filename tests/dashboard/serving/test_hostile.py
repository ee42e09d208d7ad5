"""Hostile input at every edge, on both servers (`make run` and `serve --prod`): the page URL, the layout request
with a hostile Referer, the embed page, every API route and every server callback's inputs.

What a scraper, a mistyped link or a curious reader sends: other scripts' digits, a 4,301-digit year, very long,
empty, repeated and unknown parameters, percent-encoding that is not UTF-8, NUL bytes. Whatever comes in: no answer
is a 5xx, an error body is at most 2 KB, every answer comes within a loose ceiling, the API refuses what its
grammar refuses (repeated parameters included) and the page and embed fall back to the default view with a notice.
"""

import json
import os
import re
import socket
import time
from urllib.parse import quote, urlencode, urlsplit

import pytest
import requests
from dash._utils import stringify_id
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard import urls
from dashboard.data import Arrivals
from dashboard.exports.formats import DATA
from dashboard.page import ids, outputs
from dashboard.serving import resources
from dashboard.text.catalogue import t
from support.browser import open_page
from support.dash_tree import find
from support.paths import ARRIVALS

ARRIVALS_DATA = Arrivals.load(ARRIVALS)
MAX_ERROR = 2048  # bytes of an error body
CEILING = 5.0  # seconds: a loose bound that only a pathological case would pass (benchmarks/ measures speed)
EXAMPLES = int(os.environ.get("NK_HOSTILE_EXAMPLES", "40"))  # per property; raise it for a deeper hunt
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# What the issue and a curious reader send
ODD_DIGITS = ["²", "①", "٢٠١٥", "２０１５", "9" * 4301, "2015\x00", "20 15", "+2015", "2015.0", "0x7df", "", " 2015",
              "१९९८", "𝟚𝟘𝟙𝟝", "2015\n", "-2015", "02015"]
ODD_TEXT = ["<script>alert(1)</script>", "'", '"', "%", "%ff", "\x00", "NaN", "null", "latest\x00", "both ", "BOTH",
            "total\u200b", "ko\r\nSet-Cookie: x=1", "../../etc/passwd", "x" * 10_000, "가" * 3000, "\ufeffsex"]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)  # a lone surrogate cannot be sent as UTF-8
value = st.one_of(text, st.sampled_from(ODD_DIGITS + ODD_TEXT), st.text(min_size=300, max_size=3000),
                  st.integers(-10**6, 10**6).map(str))
name = st.one_of(st.sampled_from([*urls.PARAMS, "from ", "FROM", "sex[]", "", "\x00", "utm_source"]), text)
pairs = st.lists(st.tuples(name, value), max_size=8)
known_pairs = st.lists(st.tuples(st.sampled_from(list(urls.PARAMS)), value), min_size=1, max_size=6)
# Percent-encoding that is not UTF-8, stray percent signs, separators: sent exactly as written
RAW_QUERIES = ["from=%C2%B2", "from=%ff%fe", "sex=%E0%80", "%ff=%fe", "from=%", "from=%zz", "from=20%0015", "=2015",
               "&&&", "from", "from=2015;to=2020", "sex=both&sex=female", "from=2015&from=2016", "%00=%00",
               "lang=ko%00", "+=+", "from=%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%95", "a=" + "%ff" * 2000]
raw_query = st.one_of(st.sampled_from(RAW_QUERIES), pairs.map(urlencode))
# The Referer of a layout request: a dashboard page with a hostile query, or no URL at all
referer = st.one_of(raw_query.map(lambda q: ("page", q)), st.sampled_from([
    "not a URL", "http://[::1/?sex=both", "x" * 10_000, "http://localhost/" + "a" * 7000, "/?from=²", "?from=2015",
    "http://127.0.0.1/?" + "from=%C2%B2&" * 600, "javascript:alert(1)", "http://evil.example/?sex=female", "\x7f",
]).map(lambda r: ("as is", r)))


def timed(method, url, **kwargs) -> requests.Response:
    started = time.monotonic()
    response = requests.request(method, url, timeout=30, allow_redirects=False, **kwargs)
    response.elapsed_total = time.monotonic() - started
    return response


def sound(response: requests.Response) -> requests.Response:
    """What every answer to anything holds: not a server error, a short error body, no pathological wait."""
    assert response.status_code < 500, (response.status_code, response.url[:200], response.text[:500])
    if response.status_code >= 400:
        assert len(response.content) <= MAX_ERROR, (response.status_code, response.url[:200], len(response.content))
    assert response.elapsed_total < CEILING, (response.url[:200], response.elapsed_total)
    return response


def refused_at_the_door(response: requests.Response) -> bool:
    """gunicorn refuses a request line over 4094 bytes (414) or a header field over 8190 (431, or 400 "Request
    Header Fields Too Large") before the app sees it, and nginx in front (`serve --prod`) a header over 8 KB or a
    request it cannot read (a NUL in the path) with a JSON 400; the development server reads up to 64 KB."""
    head = response.text[:200]
    return response.status_code in (414, 431) or (response.status_code == 400 and (
        "Header" in head or "a malformed request" in head))


def sent_query(response: requests.Response) -> str:
    """The query string exactly as it went out (requests re-quotes a stray "%" as "%25")."""
    return urlsplit(response.request.url).query


def referred_page(header: str):
    """The dashboard page a Referer names, as the server reads it (callbacks.referring_search), or None."""
    try:
        page = urlsplit(header)
    except ValueError:
        return None
    return page if page.path == "/" else None


# --- the page and the layout request ---------------------------------------------------------------------------

@SETTINGS
@given(raw_query)
@example("from=²")
@example("from=" + "9" * 4301)
def test_the_page_url_answers_its_page(live, search):
    page = sound(timed("GET", f"{live}/?{search}"))
    if refused_at_the_door(page):
        return
    assert page.status_code == 200 and "_dash-config" in page.text


@SETTINGS
@given(referer)
@example(("page", "from=%C2%B2"))
@example(("as is", "x" * 10_000))
def test_the_layout_request_builds_the_page_or_the_shell_whatever_the_referer(live, given_referer):
    kind, value = given_referer
    header = f"{live}/?{value}" if kind == "page" else value
    try:
        header.encode("latin-1")
    except UnicodeEncodeError:  # an HTTP header is bytes: a browser sends the page's URL percent-encoded
        header = quote(header, safe=":/?&=%#[]@!$'()*+,;")
    layout = sound(timed("GET", f"{live}/_dash-layout", headers={"Referer": header}))
    if refused_at_the_door(layout):
        return
    assert layout.status_code == 200, (layout.status_code, header[:200])
    tree = layout.json()
    page = referred_page(header)
    assert (find(tree, ids.MAIN_CHART) is not None) == (page is not None), header[:200]
    if page is not None:  # the page drawn is the default view but for what the query says, and says what it ignored
        state = urls.parse(page.query, ARRIVALS_DATA)
        assert find(tree, ids.MAIN_CHART)["figure"]["layout"]["meta"]["view"]["start"] == state.view.start
        notice = json.dumps(find(tree, ids.NOTICE), ensure_ascii=False)
        assert (t("notice_title", state.view.lang) in notice) == bool(state.notices), header[:200]


# --- the embed page ----------------------------------------------------------------------------------------------

@SETTINGS
@given(raw_query)
@example("from=²")
@example("sex=both&sex=female")
def test_the_embed_page_draws_a_chart_for_any_query(live, search):
    page = sound(timed("GET", f"{live}{urls.EMBED_ROUTE}?{search}"))
    if refused_at_the_door(page):
        return
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    figure = re.search(r'<script type="application/json" id="figure">(.*?)</script>', page.text, re.S).group(1)
    assert json.loads(figure)["data"]
    _options, pairs, bad_options = urls.embed_options(sent_query(page), ARRIVALS_DATA)  # the embed's own grammar
    noticed = bool(bad_options) or bool(urls.parse_pairs(pairs, ARRIVALS_DATA).notices)
    assert ('class="notice"' in page.text) == noticed


# --- the API -------------------------------------------------------------------------------------------------------

API_ROUTES = [f"{resource}.{suffix}" for resource in resources.PARAMETERS
              for suffix in (resources.CITE_FORMATS if resource == "cite" else resources.FORMATS)]  # each one's paths


def expected_status(resource: str, given: list[tuple[str, str]]) -> tuple[int, str | None]:
    """What the URL grammar says of a query: 200, or the error status and the parameter it names."""
    try:
        request = resources.read_request(resource, given, ARRIVALS_DATA)
        resources.frame_for(resource, request, ARRIVALS_DATA)
    except urls.BadParameter as bad:
        return 400, bad.name
    except resources.NotFound as missing:
        return 404, missing.name
    return 200, None


@pytest.mark.parametrize("route", API_ROUTES)
@SETTINGS
@given(given=st.one_of(pairs, known_pairs))
@example(given=[("vintage", "0" * 9 + "\x1f\x1f\x0c\x08" + "\U0001342f" * 40)])  # escapes ten times the characters
def test_each_api_route_answers_what_the_grammar_says(live, route, given):
    response = sound(timed("GET", f"{live}{urls.API_PREFIX}/{route}?{urlencode(given)}"))
    if refused_at_the_door(response):
        return
    status, parameter = expected_status(route.split(".")[0], given)
    assert response.status_code == status, (given, response.text[:300])
    if status != 200:
        assert response.headers["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert error["status"] == status and error["parameter"] == parameter
        assert len(error["message"]) < 400  # the value quoted at most urls.SHOWN_VALUE characters, and what is allowed


@pytest.mark.parametrize("route", API_ROUTES)
@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(list(urls.PARAMS)), value, value)
def test_the_api_refuses_a_repeated_parameter(live, route, name, first, second):
    resource = route.split(".")[0]
    response = sound(timed("GET", f"{live}{urls.API_PREFIX}/{route}?{urlencode([(name, first), (name, second)])}"))
    if refused_at_the_door(response):
        return
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == name
    if name in resources.PARAMETERS[resource] and expected_status(resource, [(name, first)])[0] == 200:
        assert "more than once" in error["message"]  # the first value was good: refused for the repetition


@pytest.mark.parametrize("query", RAW_QUERIES)
def test_the_api_survives_queries_that_are_not_utf_8(live, query):
    for route in ("arrivals.csv", "revisions.json"):
        response = sound(timed("GET", f"{live}{urls.API_PREFIX}/{route}?{query}"))
        if refused_at_the_door(response):
            continue
        assert response.status_code in (200, 400)
        assert response.status_code == 200 or response.json()["error"]["message"]


@SETTINGS
@given(st.one_of(text, st.sampled_from(["arrivals.xml", "arrivals.csv/x", "..%2f..%2fetc%2fpasswd", "%ff", "x" * 3000,
                                         "arrivals", ".csv", "ARRIVALS.CSV", "arrivals.csv%00"])))
def test_unknown_api_paths_are_short_json_404s(live, path):
    response = sound(timed("GET", f"{live}{urls.API_PREFIX}/{quote(path, safe='%/.')}"))
    if response.status_code == 200 or refused_at_the_door(response):  # a real route ("arrivals.%63sv")
        return
    assert response.status_code == 404
    if urlsplit(response.request.url).path.startswith(urls.API_PREFIX + "/"):  # not "/api/v1/../x", resolved
        assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_on_the_api_are_json_405s(live, method):
    response = sound(timed(method, f"{live}{urls.API_PREFIX}/arrivals.csv", data="x"))
    assert response.status_code == 405 and response.json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]


# --- the callbacks -------------------------------------------------------------------------------------------------

def server_callbacks() -> dict:
    from dashboard.app import app  # the same app the servers run, for its callback map

    return {key: spec for key, spec in app.callback_map.items() if "callback" in spec}


CALLBACKS = server_callbacks()
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from(ODD_DIGITS + ODD_TEXT), text)
json_value = st.recursive(scalar,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                          max_leaves=8)
button_format = st.one_of(st.sampled_from(DATA), text, st.integers())  # images and the pack: kaleido, seconds each


def callback_body(output: str, spec: dict, values: list, fmt, changed: int = 0) -> dict:
    """A callback request as the browser sends it for `output`, with the given input and state values, as if its
    `changed`-th input had just changed."""
    def concrete(dependency: dict) -> dict:
        id_ = dependency["id"]
        if id_.startswith("{"):  # the download buttons' pattern id: one button's id
            id_ = {**json.loads(id_), "format": fmt}
        return {"id": id_, "property": dependency["property"]}

    sent = [*spec["inputs"], *spec["state"]]
    given = [{**concrete(d), "value": v} for d, v in zip(sent, values)]
    inputs, state = given[:len(spec["inputs"])], given[len(spec["inputs"]):]
    multi = isinstance(spec["output"], list)
    targets = [concrete(o.to_dict()) for o in (spec["output"] if multi else [spec["output"]])]
    return {"output": output, "outputs": targets if multi else targets[0],
            "inputs": inputs, "state": state,
            "changedPropIds": [f"{stringify_id(inputs[changed]['id'])}.{inputs[changed]['property']}"]}


@pytest.mark.parametrize("output", list(CALLBACKS))
@SETTINGS
@given(data=st.data())
def test_each_callback_answers_any_input_values(live, output, data):
    spec = CALLBACKS[output]
    values = data.draw(st.lists(json_value, min_size=len(spec["inputs"]) + len(spec["state"]),
                                max_size=len(spec["inputs"]) + len(spec["state"])))
    changed = data.draw(st.integers(0, len(spec["inputs"]) - 1))
    body = callback_body(output, spec, values, data.draw(button_format), changed)
    response = sound(timed("POST", f"{live}/_dash-update-component", json=body))
    assert response.status_code in (200, 204), (response.status_code, json.dumps(body)[:300], response.text[:300])


MALFORMED = [b"not json", b"{}", b"[]", b'{"output": "nope.children"}', b'{"output": 5}', b"\xff\xfe",
             json.dumps({"output": f"{ids.MAIN_TABLE}.style"}).encode(),  # on the page, but no callback's output
             json.dumps({"output": next(iter(CALLBACKS)), "inputs": "x"}).encode(),
             json.dumps({"output": next(iter(CALLBACKS)), "inputs": [], "state": [], "changedPropIds": [5]}).encode()]


@pytest.mark.parametrize("body", MALFORMED)
def test_a_callback_request_the_page_could_not_send_is_a_short_400(live, body):
    response = sound(timed("POST", f"{live}/_dash-update-component", data=body,
                           headers={"Content-Type": "application/json"}))
    assert response.status_code == 400


# --- below HTTP: bytes no client library sends --------------------------------------------------------------------

RAW_REQUESTS = [
    b"GET /?from=\xb2 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /api/v1/arrivals.csv?from=\xb2 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /embed?sex=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /_dash-layout HTTP/1.1\r\nHost: x\r\nReferer: http://x/?from=\xb2\xff\r\n\r\n",
    b"GET /api/v1/arrivals.json?" + b"a=1&" * 3000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /_dash-layout HTTP/1.1\r\nHost: x\r\nReferer: " + b"x" * 10_000 + b"\r\n\r\n",
]


@pytest.mark.parametrize("raw", RAW_REQUESTS, ids=lambda r: r[:40].decode("latin-1"))
def test_raw_bytes_are_never_a_server_error(live, raw):
    host, port = urlsplit(live).hostname, urlsplit(live).port
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(raw.replace(b"Host: x", b"Host: 127.0.0.1"))
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    assert status < 500, answer[:300]


# --- in a browser ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("search", ["?from=²", "?from=" + "9" * 1000 + "&sex=both&sex=female&to=２０１５"])
def test_a_page_with_odd_digits_draws_its_default_chart_with_a_visible_notice(live, browser, search):
    def visit(page):
        open_page(page, live + "/" + search)
        page.wait_for_selector(f"#{ids.MAIN_CHART} .trace", state="attached")
        notice = page.locator(f"#{ids.NOTICE}")
        return {"notice": notice.inner_text() if notice.is_visible() else None, "errors": page.errors,
                "start": page.locator(f"#{ids.YEAR_FROM}").input_value(), "traces": page.locator(
                    f"#{ids.MAIN_CHART} .trace").count(), "error": page.locator("text=Error loading").count()}

    seen = browser.page(visit)
    default = urls.default_view(ARRIVALS_DATA)
    assert seen["error"] == 0 and seen["errors"] == [] and seen["traces"] >= 1
    # the default view's first drawn year (the boxes show the years drawn), not 2015 read from full-width digits
    assert seen["start"] == str(outputs.drawn_years(default, ARRIVALS_DATA)[0])
    assert seen["notice"] and t("notice_title", "en") in seen["notice"] and "“from”" in seen["notice"]

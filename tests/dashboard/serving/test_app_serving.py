"""The real dashboard under the production command: headers, 404s, robots.txt, and a clean page under the CSP."""

import json
from html import unescape

import pytest
import requests

from dashboard.charts import bundle
from dashboard.page import ids
from dashboard.serving.hardening import EMBED_PREFIXES
from dashboard.text.catalogue import t
from support.dash_tree import find
from support.live_server import gunicorn, watch


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with gunicorn(env={"HOME": str(home), "WEB_CONCURRENCY": "2"}) as (base, _):  # the config's own app
        yield base


@pytest.mark.parametrize("path", ["/nope", "/index.php", "/assets/nope.css", "/en/", "/embed-nope"])
def test_unknown_paths_are_404(url, path):
    r = requests.get(url + path)
    assert r.status_code == 404, path
    assert "_dash-config" not in r.text


def test_known_paths_answer_with_security_headers(url):
    for path, frameable in (("/", False), ("/?lang=ko&sex=female", False), ("/robots.txt", False),
                            (EMBED_PREFIXES[0], True)):
        r = requests.get(url + path)
        assert r.status_code == 200, path
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        policy = r.headers["Content-Security-Policy"]
        assert ("frame-ancestors *" in policy) == frameable, path
        assert ("frame-ancestors 'none'" in policy) != frameable, path


def test_pages_name_an_inline_icon(url):
    """No request for an icon: Dash's favicon.ico would be 4.8 KiB of a first visit's bytes."""
    for page in ("/", EMBED_PREFIXES[0]):
        assert '<link rel="icon" href="data:image/svg+xml,' in requests.get(url + page).text, page


@pytest.mark.parametrize("query, lang", [("", "en"), ("?lang=ko", "ko"), ("?lang=xx&lang=ko", "ko"),
                                         ("?lang=ko&lang=en", "ko"), ("?lang=%EF%BC%AB%EF%BC%AF", "en")])
def test_the_index_speaks_the_language_the_grammar_reads(url, query, lang):
    """The index's <html lang> and <title> and the page inside it come from one reading of the URL: a link
    that says two languages gets the first one the grammar honours, everywhere."""
    page = unescape(requests.get(url + "/" + query).text)
    assert f'<html lang="{lang}"' in page
    assert f" | {t('title', lang)}</title>" in page  # the view's own title, then the site's (exports/previews.py)
    assert t("subtitle", lang) in page  # the first paint, drawn from the same reading


@pytest.mark.parametrize("path", ["/", EMBED_PREFIXES[0] + "?sex=both&lang=ko"])
def test_pages_render_under_the_csp_with_only_the_basic_bundle(url, path, browser):
    seen = browser.page(lambda page: watch(page, url + path, ".js-plotly-plot .trace"))
    assert seen["csp"] == [] and seen["errors"] == []
    assert seen["plotly"] == bundle.version()
    plotly_files = [u for u in seen["requested"] if "plotly" in u]
    assert plotly_files and all(bundle.PATH.name in u for u in plotly_files), plotly_files
    # Dash's @babel/polyfill is left out; the one global its components use comes from regenerator-runtime
    assert not [u for u in seen["requested"] if "polyfill" in u]
    assert any("/vendor/regenerator-runtime-" in u for u in seen["requested"]) == (path == "/")  # embed: no Dash


def layout_for(url: str, referer: str | None) -> dict:
    r = requests.get(url + "/_dash-layout", headers={"Referer": referer} if referer else {})
    assert r.status_code == 200 and "Referer" in r.headers["Vary"]  # a shared cache must key it by page
    return r.json()


def test_layout_is_the_whole_page_the_browser_is_on(url):
    page = layout_for(url, url + "/?sex=both&lang=ko&chart=line")
    assert find(page, ids.PAGE_SEARCH)["data"] == "?sex=both&lang=ko&chart=line"
    chart = find(page, ids.MAIN_CHART)["figure"]
    assert [trace["type"] for trace in chart["data"]] == ["scatter", "scatter"]
    assert "통일부" in json.dumps(chart, ensure_ascii=False)
    assert find(page, ids.SEX)["value"] == "both" and find(page, ids.MAIN_TABLE)["children"]
    behind_proxy = layout_for(url, "https://public.example/?sex=female")  # a proxy may rewrite Host: still the page
    assert find(behind_proxy, ids.PAGE_SEARCH)["data"] == "?sex=female" and find(behind_proxy, ids.MAIN_CHART)
    for elsewhere in (None, url + "/embed?sex=both", "http://[::1/?sex=both", "not a URL"):
        shell = layout_for(url, elsewhere)
        assert find(shell, ids.PAGE_SEARCH)["data"] is None and find(shell, ids.MAIN_CHART) is None, elsewhere


def load_watching_callbacks(page, address: str) -> dict:
    """Open a dashboard URL; report which outputs the callbacks it sent asked for, and the drawn traces."""
    posts = []
    page.on("requestfinished", lambda r: "_dash-update-component" in r.url
            and posts.append((json.loads(r.post_data)["output"], r.response().status)))
    page.goto(address)
    page.evaluate("window.nkArrivals.interactive()")
    page.wait_for_selector(f"#{ids.MAIN_CHART} .trace", state="attached")
    page.wait_for_load_state("networkidle")
    return {"posts": posts, "traces": page.locator(f"#{ids.MAIN_CHART} .trace").count(),
            "sex": page.locator(f"#{ids.SEX} input:checked").get_attribute("value")}


def test_page_load_draws_the_chart_without_waiting_for_a_callback(url, browser):
    seen = browser.page(lambda page: load_watching_callbacks(page, url + "/?sex=both&chart=line"))
    assert seen["traces"] == 2 and seen["sex"] == "both"
    assert seen["posts"] == [(f"{ids.PAGE}.children", 204)], seen["posts"]  # only "is this the page I hold?": no


def test_page_without_a_referer_is_built_by_the_page_callback(url, browser):
    def load(page):
        page.set_extra_http_headers({"Referer": url + "/embed"})  # names no dashboard page
        return load_watching_callbacks(page, url + "/?sex=both&chart=line")

    seen = browser.page(load)
    assert seen["traces"] == 2 and seen["sex"] == "both"
    assert seen["posts"] == [(f"{ids.PAGE}.children", 200)]


def callback_body(output: str, values: dict, changed: str, state: dict) -> str:
    """A callback request as the browser sends it, for the registered callback whose key is `output`."""
    from dashboard.app import app  # the same app the server runs, for its callback map

    spec = app.callback_map[output]
    return json.dumps({
        "output": output,
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in output.strip(".").split("...")],
        "inputs": [{**i, "value": values[i["id"]]} for i in spec["inputs"]],
        "state": [{**s, "value": state[s["id"]]} for s in spec["state"]],
        "changedPropIds": [changed],
    })


def post(url: str, body: str, **headers) -> requests.Response:
    return requests.post(url + "/_dash-update-component", data=body,
                         headers={"Content-Type": "application/json", "Accept-Encoding": "br", **headers})


def test_pure_callback_answers_are_cached_by_request_not_by_path(url):
    from dashboard.app import app

    main = next(k for k in app.callback_map if f"{ids.MAIN_CHART}.figure" in k)
    # The main chart follows the URL (page/callbacks.py): the query is its one input.
    query = "?from=2005&to=2025&sex=both&chart="
    line = callback_body(main, {ids.URL: query + "line"}, f"{ids.URL}.search", {ids.LANG: "en"})
    bar = callback_body(main, {ids.URL: query + "bar"}, f"{ids.URL}.search", {ids.LANG: "en"})
    answers = [post(url, body) for body in (line, line, line, bar, bar)]  # two workers: each keeps its own
    assert all(a.status_code == 200 and a.headers["Content-Encoding"] == "br" for a in answers)
    assert {a.headers.get("X-Answer-Cache") for a in answers} == {None, "hit"}
    assert all("nosniff" == a.headers["X-Content-Type-Options"] for a in answers)  # hardened like any answer
    assert answers[0].json() == answers[1].json() == answers[2].json() != answers[3].json() == answers[4].json()
    figure = answers[0].json()["response"][ids.MAIN_CHART]["figure"]
    assert {t["type"] for t in figure["data"]} == {"scatter"} and figure["layout"]["meta"]["view"]["start"] == 2005
    gzip = post(url, line, **{"Accept-Encoding": "gzip"})  # another encoding: its own answer, not the brotli one
    assert gzip.headers["Content-Encoding"] == "gzip" and gzip.json() == answers[0].json()


def test_answers_that_name_the_site_are_not_cached(url):
    from dashboard.app import app

    panel = next(k for k in app.callback_map if f"{ids.EXPORT_QUOTES}.children" in k)
    body = callback_body(panel, {ids.URL: "?sex=female&tab=share"}, f"{ids.URL}.search", {})
    answers = [post(url, body) for _ in range(4)]
    assert all(a.status_code == 200 and "X-Answer-Cache" not in a.headers for a in answers)
    assert "127.0.0.1" in json.dumps(answers[0].json())  # the embed snippet names the host it was asked on

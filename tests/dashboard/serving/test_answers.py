"""answers.cache_answers on a minimal hardened app over real HTTP: which answers are kept, and how many."""

import requests
from dash import Dash, Input, Output, dcc, html

from dashboard import urls
from dashboard.page.callbacks import Pages
from dashboard.serving import answers
from dashboard.serving.hardening import harden


def echo_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([dcc.Input(id="word", value="a"), html.Div(id="echo"), html.Div(id="other")])

    @app.callback(Output("echo", "children"), Input("word", "value"))
    def echo(word):
        return f"echo:{word}" * 100

    @app.callback(Output("other", "children"), Input("word", "value"))
    def other(word):
        return f"other:{word}"

    answers.cache_answers(app, {"echo.children"})
    return harden(app)


def post(url: str, output: str, word: str) -> requests.Response:
    body = {"output": output, "outputs": {"id": output.split(".")[0], "property": "children"},
            "inputs": [{"id": "word", "property": "value", "value": word}], "changedPropIds": ["word.value"],
            "state": []}
    return requests.post(f"{url}/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})


def cached(response: requests.Response) -> bool:
    assert response.status_code == 200
    return response.headers.get("X-Answer-Cache") == "hit"


def test_only_listed_callbacks_are_kept_and_the_oldest_goes_first(serve, monkeypatch):
    monkeypatch.setattr(answers, "MAX_ENTRIES", 2)
    with serve(echo_app().server) as url:
        assert [cached(post(url, "echo.children", "a")) for _ in range(2)] == [False, True]
        first = post(url, "echo.children", "a")
        assert first.json()["response"]["echo"]["children"] == "echo:a" * 100
        assert first.headers["Content-Encoding"] == "gzip" and first.headers["X-Frame-Options"] == "DENY"
        assert [cached(post(url, "other.children", "a")) for _ in range(2)] == [False, False]  # not listed
        post(url, "echo.children", "b")
        post(url, "echo.children", "c")  # a third answer: "a", the least recently used, is dropped
        assert [cached(post(url, "echo.children", w)) for w in ("c", "a", "a")] == [True, False, True]


def test_the_page_is_kept_per_query_and_encoding_with_every_header(serve, monkeypatch):
    monkeypatch.setattr(answers, "PAGES_KEPT", 2)
    with serve(echo_app().server) as url:
        def get(query: str, encoding: str) -> requests.Response:
            return requests.get(f"{url}/{query}", headers={"Accept-Encoding": encoding})

        made = get("?a=1", "br")
        again = get("?a=1", "br")
        assert not cached(made) and cached(again) and again.content == made.content
        for header in ("Content-Encoding", "Content-Security-Policy", "Cache-Control", "X-Frame-Options", "Vary"):
            assert again.headers[header] == made.headers[header], header
        assert not cached(get("?a=1", "gzip")) and get("?a=1", "gzip").headers["Content-Encoding"] == "gzip"
        assert not cached(get("?a=2", "br"))  # a third page: "?a=1" in brotli, the least recently used, goes
        assert not cached(get("?a=1", "br"))


def test_an_answer_is_kept_for_the_day_it_was_made_on(serve, monkeypatch):
    """What asof= and vs= accept ends today: yesterday's answer to a query is never today's (the page and a
    callback alike), and the Pages' own cache of built pages is keyed by the day too."""
    day = ["2026-12-07"]
    monkeypatch.setattr(urls, "today", lambda: day[0])
    with serve(echo_app().server) as url:
        assert [cached(requests.get(f"{url}/?asof=2026-12-08")) for _ in range(2)] == [False, True]
        assert cached(post(url, "echo.children", "d")) is False and cached(post(url, "echo.children", "d"))
        day[0] = "2026-12-08"
        assert not cached(requests.get(f"{url}/?asof=2026-12-08"))
        assert not cached(post(url, "echo.children", "d"))


def test_the_page_refusing_tomorrow_today_draws_it_once_tomorrow_has_come(arrivals, monkeypatch):
    pages = Pages(arrivals)
    day = ["2026-12-07"]
    monkeypatch.setattr(urls, "today", lambda: day[0])
    today = pages.static("?asof=2026-12-08", "")
    assert "asof" in today and "after today" in today
    day[0] = "2026-12-08"
    tomorrow = pages.static("?asof=2026-12-08", "")
    assert "after today" not in tomorrow and pages.static("?asof=2026-12-08", "") is tomorrow

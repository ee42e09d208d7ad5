"""asof= and vs= in the one URL grammar: any day up to today and any publication id round-trip, anything else is a
notice on the page and a 400-kind BadParameter for the API and the command line, never a crash; a day after today
is refused until it comes; both are kept in every address the page writes."""

import dataclasses
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import urls
from dashboard.data import View
from dashboard.page import layout, outputs
from dashboard.urls import API_VIEW, BadParameter, encode, parse, parse_strict

TODAY = date.fromisoformat(urls.today())
PAST = st.dates(min_value=date(1, 1, 1), max_value=TODAY).map(date.isoformat)
FUTURE = st.dates(min_value=TODAY + timedelta(days=1)).map(date.isoformat)
EXAMPLES = settings(max_examples=60, deadline=None)


@pytest.fixture(scope="module")
def publications(arrivals):
    return urls.publication_ids(arrivals)


@EXAMPLES
@given(day=PAST)
def test_any_day_up_to_today_round_trips_as_asof_and_vs(arrivals, day):
    state = parse(f"?asof={day}&vs={day}", arrivals)
    assert (state.view.asof, state.view.vs, state.notices) == (day, day, ())
    assert parse(encode(state.view, None), arrivals).view == state.view
    request = parse_strict([("asof", day), ("vs", day)], arrivals, API_VIEW)
    assert (request.view.asof, request.view.vs) == (day, day)


@EXAMPLES
@given(day=FUTURE, name=st.sampled_from(["asof", "vs"]))
def test_a_day_after_today_is_refused_with_a_clear_notice_and_a_future_400(arrivals, day, name):
    (notice,) = parse(f"?{name}={day}", arrivals).notices
    assert (notice.kind, notice.name) == ("future", name) and "after today" in notice.text("en")
    assert "오늘 이후" in notice.text("ko")
    assert getattr(parse(f"?{name}={day}", arrivals).view, name) == ""
    with pytest.raises(BadParameter) as refused:
        parse_strict([(name, day)], arrivals, API_VIEW)
    assert refused.value.kind == "future" and str(refused.value).startswith(f"{name}='{day}' is after today")


@EXAMPLES
@given(raw=st.text(max_size=80), name=st.sampled_from(["asof", "vs"]))
def test_any_text_as_asof_or_vs_is_honoured_or_a_notice_never_a_crash(arrivals, publications, raw, name):
    ok = raw == "" or (name == "vs" and raw in publications) or (
        urls.DAY.fullmatch(raw) is not None and _is_day(raw) and raw <= urls.today())
    state = urls.parse_pairs([(name, raw)], arrivals)
    assert getattr(state.view, name) == (raw if ok else "")
    assert len(state.notices) == (0 if ok else 1)
    if not ok:
        assert state.notices[0].kind in ("bad", "future") and state.notices[0].name == name
        assert state.notices[0].text("en") and state.notices[0].text("ko")
    try:
        request = parse_strict([(name, raw)], arrivals, API_VIEW)
    except BadParameter as refused:
        assert not ok or raw == "" and refused.kind == "bad"
        assert str(refused).startswith(f"{name}=") and str(refused).isprintable()
    else:
        assert ok and getattr(request.view, name) == raw


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_publication_id_is_a_vs_and_compares_with_the_series_known_when_it_appeared(arrivals, publications,
                                                                                          data):
    publication = data.draw(st.sampled_from(publications))
    state = parse(f"?vs={publication}", arrivals)
    assert state.view.vs == publication and not state.notices
    drawn = arrivals.vs_series(dataclasses.replace(state.view, buckets=True))
    known = arrivals.vintage_of(publication)
    assert set(drawn["period_end"]) <= set(known["period_end"])  # what is drawn is what was known then


def test_asof_beside_a_vintage_draws_the_vintage_with_a_notice_and_is_a_400_for_a_script(arrivals):
    state = parse("?asof=2015-06-30&vintage=mou-en-2012", arrivals)
    assert (state.view.asof, state.view.vintage) == ("", "mou-en-2012")
    assert [n.kind for n in state.notices] == ["conflict"] and "mou-en-2012" in state.notices[0].text("en")
    with pytest.raises(BadParameter) as refused:
        parse_strict([("asof", "2015-06-30"), ("vintage", "mou-en-2012")], arrivals, API_VIEW)
    assert refused.value.kind == "conflict"


def test_a_day_refused_today_is_honoured_once_it_has_come(arrivals, monkeypatch):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert parse(f"?asof={tomorrow}", arrivals).view.asof == ""
    monkeypatch.setattr(urls, "today", lambda: tomorrow)
    assert parse(f"?asof={tomorrow}", arrivals).view.asof == tomorrow


def test_asof_and_vs_are_kept_in_every_address_the_page_writes(arrivals):
    view = View(start=2005, end=2020, asof="2016-06-30", vs="mou-en-2012", lang="ko")
    written = [urls.page_url(view, 2011, tab="table"), urls.embed_url(view), urls.download_url(view, "csv"),
               urls.api_url("arrivals", "csv", view), urls.chart_image_url("main", "ko", view),
               outputs.lang_href(view, 2011, "en"), "?" + layout.kept_params(urls.State(view, 2011), ("from", "to")),
               *(link.href for link in outputs.tab_links(view, 2011, "chart"))]
    for address in written:
        query = parse_qs(urlsplit(address).query)
        assert (query["asof"], query["vs"]) == (["2016-06-30"], ["mou-en-2012"]), address
    plain = View(start=2005, end=2020)  # neither set: neither written, so old links stay as they were
    assert "asof" not in encode(plain, None) and "vs" not in urls.api_url("arrivals", "csv", plain)

"""/feed.atom: the Atom feed of new and revised figures, served by the app over real HTTP."""

import re
from dataclasses import replace

import feedparser
import pytest
import requests

from dashboard.app import create_app
from dashboard.exports import feed
from dashboard.text import locale

HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="module")
def app_base(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
        yield base


@pytest.fixture(scope="module")
def served(app_base):
    response = requests.get(app_base + "/feed.atom", timeout=60)
    assert response.status_code == 200
    return response


def test_the_feed_is_atom_1_0_with_an_entry_per_publication_newest_first(served, arrivals, raw):
    assert served.headers["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(served.content)
    assert parsed.version == "atom10" and not parsed.bozo
    changes = raw("changes")
    publications = changes.drop_duplicates("vintage").sort_values(["as_of", "vintage"], ascending=False)
    expected = list(publications["vintage"].head(feed.LIMIT))
    assert [e.id for e in parsed.entries] == [feed.TAG + "publication/" + v for v in expected]
    updated = [e.updated for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    newest = publications.iloc[0]
    assert parsed.feed.updated.startswith(newest["published"] or newest["as_of"])   # from the data, not the clock


def test_entries_name_periods_and_figures_in_english_and_korean(served, raw):
    parsed = feedparser.parse(served.content)
    for entry in parsed.entries:
        assert HANGUL.search(entry.title) and re.search("[A-Za-z]{3}", entry.title)
        assert HANGUL.search(entry.summary) and ("new" in entry.summary or "revised" in entry.summary)
        assert 'lang="en"' in entry.content[0].value and 'lang="ko"' in entry.content[0].value
    corrected = next(e for e in parsed.entries if e.id.endswith("press-2026-02-04-newsis"))
    assert "total 224 → 223" in corrected.summary and "합계 224명 → 223명" in corrected.summary
    assert corrected.updated.startswith("2026-02-04")


def test_entry_links_resolve_on_the_same_server(served, app_base):
    parsed = feedparser.parse(served.content)
    first = parsed.entries[0]
    rels = [(link.rel, link.get("hreflang")) for link in first.links]
    assert {("alternate", "en"), ("alternate", "ko"), ("related", "en"), ("related", "ko")} <= set(rels)
    assert "lang=en" in first.link  # the entry's link (feedparser's pick) is the English view
    for link in first.links:  # each language's revisions view opens in that language
        if link.rel == "related":
            assert f"lang={link.hreflang}" in link.href
    ours = {link.href for e in parsed.entries for link in e.links if link.href.startswith(app_base)}
    assert len(ours) > 20 and any("rev=" in href for href in ours)
    for href in sorted(ours):
        assert requests.get(href, timeout=60).status_code == 200, href


def test_the_same_data_gives_the_same_bytes(arrivals):
    changes = arrivals.changes()
    citations = arrivals.citations(changes["source"])
    first = feed.atom(changes, citations, "https://example.test/")
    assert first == feed.atom(changes, citations, "https://example.test/")
    relative = feedparser.parse(feed.atom(changes, citations), response_headers={
        "content-location": "https://host.test/site/feed.atom"})
    assert relative.entries[0].link.startswith("https://host.test/site/?from=")   # resolved against the feed


@pytest.mark.parametrize("start, end, en, ko", [
    ("2026-01-01", "2026-06-30", "2026 H1", "2026년 상반기"), ("2022-07-01", "2022-09-30", "2022 Q3", "2022년 3분기"),
    ("2022-01-01", "2022-09-30", "2022 Jan–Sep", "2022년 1~9월"), ("2025-01-01", "2025-12-31", "2025", "2025년"),
    ("", "1998-12-31", "up to 1998", "1998년까지"), ("1999-01-01", "2001-12-31", "1999–2001", "1999~2001년"),
    ("2005-01-01", "2005-09-15", "1 Jan–15 Sep 2005", "2005년 1월 1일~9월 15일"), ("2011-02-01", "2011-02-28",
                                                                                 "Feb 2011", "2011년 2월"),
])
def test_period_names(start, end, en, ko):
    assert (locale.period_name(start, end, "en"), locale.period_name(start, end, "ko")) == (en, ko)


def test_undated_sources_say_so_and_text_from_data_stays_text(arrivals):
    changes = arrivals.changes()
    undated = changes[changes["vintage"] == "press-undated-nocutnews"]
    [citation] = arrivals.citations(undated["source"])
    hostile = replace(citation, publisher_en='<script>alert(1)</script>', url='https://x.test/?a="b"')
    document = feed.atom(undated, [hostile], "https://example.test/").decode()
    [entry] = feedparser.parse(document).entries
    assert "Published on or after 31 Mar 2016 (date not stated)." in entry.summary
    assert "2016-03-31" in entry.updated
    assert "<script>" not in document and entry.title_detail.type == "text/plain"   # text, never markup
    assert "&amp;lt;script&amp;gt;" in document   # in the HTML content: escaped as HTML, then as XML

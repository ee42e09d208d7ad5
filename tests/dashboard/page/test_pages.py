"""Which page a URL gets, built once: the Download and Share tabs' texts only when their tab is open, and the site's
address only in the page that shows it, so that a new Host does not rebuild the default page."""

import json

import pytest
from plotly.io.json import to_json_plotly

from dashboard.data import View
from dashboard.page import downloads, ids
from dashboard.page.callbacks import Pages
from dashboard.text import quotes
from support.dash_tree import find

SITE, OTHER = "http://127.0.0.1:8050/", "https://news.example/"


@pytest.fixture(scope="module")
def pages(arrivals):
    return Pages(arrivals)


def as_sent(page) -> dict:
    return json.loads(to_json_plotly(page))


def children(tree, element_id) -> list:
    return find(tree, element_id)["children"]


@pytest.mark.parametrize("search", ["", "?sex=both", "?tab=table", "?tab=sources&lang=ko"])
def test_a_page_without_the_site_address_is_built_once_for_every_host(pages, search):
    assert pages.page(search, SITE) is pages.page(search, OTHER)
    assert pages.static(search, SITE) is pages.static(search, OTHER)
    assert SITE not in pages.static(search, SITE) and OTHER not in pages.static(search, OTHER)
    tree = as_sent(pages.page(search, SITE))
    assert [children(tree, i) for i in (ids.EXPORT_QUOTES, ids.EXPORT_CITES, ids.EXPORT_EMBED)] == [[], [], []]


def test_the_share_tab_names_the_host_it_was_asked_on(pages):
    search = "?from=2015&tab=share"
    here, there = pages.static(search, SITE), pages.static(search, OTHER)
    assert f"{SITE}embed?from=2015" in here and OTHER not in here
    assert f"{OTHER}embed?from=2015" in there and SITE not in there
    tree = as_sent(pages.page(search, SITE))
    assert children(tree, ids.EXPORT_QUOTES) == children(tree, ids.EXPORT_CITES) == []


def test_the_download_tab_holds_the_quotes_and_every_citation(pages, arrivals):
    tree = as_sent(pages.page("?from=2015&tab=download", SITE))
    said = quotes.quotes(arrivals, View(start=2015), "en").sentences
    assert find(children(tree, ids.EXPORT_QUOTES), "quote-0")["children"] == said[0]
    cites = str(children(tree, ids.EXPORT_CITES))
    assert "@" in cites and "TY  -" in cites  # BibTeX and RIS among the formats
    assert children(tree, ids.EXPORT_EMBED) == []
    assert pages.page("?from=2015&tab=download", SITE) is pages.page("?from=2015&tab=download", OTHER)


@pytest.mark.parametrize("search, filled", [("?sex=male", (False, False, False)),
                                            ("?sex=male&tab=download", (True, True, False)),
                                            ("?sex=male&tab=share", (False, False, True))])
def test_the_panels_callback_fills_the_open_tab_only(arrivals, search, filled):
    """What `downloads.register`'s callback answers when the URL moves: a closed tab's texts are emptied, not
    left over from an earlier view."""
    assert tuple(bool(c) for c in downloads.texts(search, SITE, arrivals)) == filled

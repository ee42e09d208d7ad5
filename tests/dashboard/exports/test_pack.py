"""The newsroom pack's README in the chosen language, from the data (the ZIP itself: page/test_downloads_browser.py)."""

import io
import zipfile

import pytest

from dashboard.data import View
from dashboard.exports import pack, stamps
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
    for caveat in caveats.texts(arrivals.caveats(frame, view), lang, on_page=False):
        assert caveat in readme
    for sentence in quotes.quotes(arrivals, view, lang).sentences:
        assert sentence in readme
    assert arrivals.package["version"] in readme


def test_build_orders_entries_and_adds_quotes_and_readme():
    notes = pack.Notes(lang="en", view="v", short_citations=("s",), long_citations=("l",),
                       dates=(("Figures to", "a"),), caveats=(), quotes=("one", "two"), misquotes=(), version="9")
    archive = zipfile.ZipFile(io.BytesIO(pack.build({"data.csv": b"x"}, notes)))
    assert archive.namelist() == ["README.md", "data.csv", "quotes.txt"]
    assert archive.read("quotes.txt") == b"one\ntwo\n"
    assert {info.date_time for info in archive.infolist()} == {pack.EPOCH}


def test_unknown_take_away_format_is_a_clear_error(arrivals):
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        pack.take_away(arrivals, View(), "docx")


@pytest.fixture(scope="module")
def two_packs(arrivals, tmp_path_factory):
    """The same view exported twice by the command line, a second apart at least."""
    from dashboard import cli

    folder = tmp_path_factory.mktemp("packs")
    outs = [folder / "one.zip", folder / "two.zip"]
    for out in outs:
        assert cli.main(["export", "pack", "--sex", "both", "--from", "2015", "-o", str(out)]) == 0
    return outs


def test_two_packs_of_one_view_are_byte_identical(two_packs):
    one, two = (p.read_bytes() for p in two_packs)
    assert one == two


def test_every_entry_is_a_regular_file_readable_by_everyone(two_packs, arrivals):
    import shutil
    import stat
    import subprocess

    archive = zipfile.ZipFile(two_packs[0])
    when = stamps.dataset_date(arrivals)
    for info in archive.infolist():
        assert info.external_attr >> 16 == 0o100644 and info.create_system == 3, info.filename
        assert info.date_time == when.timetuple()[:6]
    assert stat.S_IMODE(two_packs[0].stat().st_mode) == 0o666 & ~_umask()
    if shutil.which("zipinfo"):
        listing = subprocess.run(["zipinfo", str(two_packs[0])], capture_output=True, text=True, check=True).stdout
        entries = [line for line in listing.splitlines() if line[:1] in "-dl"]
        assert entries and all(line.startswith("-rw-r--r--") for line in entries)


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_the_xlsx_inside_is_dated_by_the_data(two_packs, arrivals):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(zipfile.ZipFile(two_packs[0]).read("data.xlsx")))
    when = stamps.dataset_date(arrivals)
    assert book.properties.created == book.properties.modified == when
    inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(two_packs[0]).read("data.xlsx")))
    assert {info.date_time for info in inner.infolist()} == {when.timetuple()[:6]}


def test_the_pack_carries_every_reference_format_of_its_sources_and_the_dataset(two_packs, arrivals):
    import json

    import rispy
    from pybtex.database import parse_string

    archive = zipfile.ZipFile(two_packs[0])
    names = set(archive.namelist())
    assert set(pack.CITATION_FILES.values()) <= names
    view = View(sex="both", start=2015, end=arrivals.years()[1])
    sources = list(dict.fromkeys(arrivals.series(view)["source"]))
    keys = [*sources, f"nk-arrivals-{arrivals.package['version']}"]
    assert [item["id"] for item in json.loads(archive.read("references.json"))] == keys
    assert list(parse_string(archive.read("references.bib").decode("utf-8"), "bibtex").entries) == keys
    assert len(rispy.loads(archive.read("references.ris").decode("utf-8"))) == len(keys)
    apa = archive.read("references-apa.txt").decode("utf-8")
    assert apa.count("Republic of Korea Ministry of Unification. (") == len(sources)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_readme_and_quote_agree_on_the_dates(arrivals, lang):
    view = View(start=2008, end=2025, lang=lang)
    readme = pack.readme(pack.notes_for(arrivals, view))
    covers = {"en": "Figures to: December 2025 (provisional)", "ko": "수치 기준 시점: 2025년 12월 (잠정)"}[lang]
    assert covers in readme
    credit = {"en": "figures as of December 2025", "ko": "2025년 12월"}[lang]
    assert credit in " ".join(quotes.quotes(arrivals, view, lang).sentences)
    seen = {"en": "Copy of the source seen: 22 Nov 2026", "ko": "원자료 사본 확인일: 2026년 11월 22일"}[lang]
    assert seen in readme
    assert {"en": "Figures as of: 22 Nov 2026", "ko": "기준일: 2026년 11월 22일"}[lang] not in readme


def test_the_korean_packs_references_are_in_korean(arrivals):
    view = View(lang="ko", start=2015, end=2025)
    archive = zipfile.ZipFile(io.BytesIO(pack.newsroom(arrivals, view)))
    apa = archive.read("references-apa.txt").decode("utf-8").split("\n\n")
    chicago = archive.read("references-chicago.txt").decode("utf-8").split("\n\n")
    sources = list(dict.fromkeys(arrivals.series(view)["source"]))
    for entry in apa[:len(sources)]:
        # the publisher's Korean name, the CSL ko-KR locale's terms, the description and note in Korean
        expected = "통일부. (일자 없음). 북한이탈주민 최근현황 [데이터 세트; 2025년 12월까지의 수치, 잠정]."
        assert entry.startswith(expected), entry
        assert "[Recent status" not in entry and "Data set" not in entry
    assert all("데이터 세트" in entry and "Data set" not in entry for entry in apa + chicago)
    (record, *_) = __import__("rispy").loads(archive.read("references.ris").decode("utf-8"))
    assert record["authors"] == ["통일부,"] and "공표일 미기재" in record["notes"][0]


@pytest.mark.parametrize("lang, box", [("en", "Show multi-year totals"), ("ko", "다년 합계 표시")])
def test_the_readme_says_how_to_ask_for_the_multi_year_totals_not_which_box_to_tick(arrivals, lang, box):
    """A ZIP has no box to tick: its README and data files name the link's b=1 and the command's --buckets."""
    view = View(start=1998, end=2025, lang=lang)  # from 1998 without the totals: they are left out, and said so
    readme = pack.readme(pack.notes_for(arrivals, view))
    assert box not in readme and "b=1" in readme and "--buckets" in readme

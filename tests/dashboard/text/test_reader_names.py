"""Every publisher, witness and citation text a reader is shown names an organisation: never a host name, an IP
address, an IPFS hash or a raw id (`press-2026-01-20-imbc`, `mou-kr-2025`). The walk reads the served HTML of every
tab in both languages, the exports (CSV, XLSX, JSON, citation files), the feed and the API. A URL is a link, not a
name, and a reference file's citation key is for software, so neither is read."""

import html
import io
import re
import zipfile

import feedparser
import pytest
import requests

from dashboard.app import create_app
from dashboard.data import View
from dashboard.exports import data_files, pack
from dashboard.text import references
from dashboard.urls import TABS

URL = re.compile(r"(https?://|www\.)\S+")
HOST = re.compile(r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|net|org|info|ir|link|live|kr|jp)\b", re.I)
IP = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b")
IPFS = re.compile(r"\bbaf[a-z2-7]{20,}")
RAW_ID = re.compile(r"\b(press(-breakdowns)?-(\d{4}|undated)[a-z0-9-]*|mou-(cn|en|kr)-\d{4}"
                    r"|mou-announcement-[a-z0-9-]+)\b")
KEYS = re.compile(r"@misc\{[^,]+,|^ID  - .*$|\"id\": \"[^\"]*\"", re.M)   # citation keys: for software
BRANDS = ("NJ.com",)   # an outlet whose own name is a domain (The Associated Press via NJ.com, events.csv)
LANGS = ("en", "ko")
VIEWS = ({}, {"rev": 2010}, {"rev": 2002}, {"vintage": "mou-en-2012"}, {"from": 2009, "to": 2012, "sex": "both"})


def shown(text: str) -> str:
    """What a reader reads as names: no URLs, no citation keys, no brand that is a domain."""
    text = KEYS.sub("", URL.sub("", text))
    for brand in BRANDS:
        text = text.replace(brand, "")
    return text


def offences(texts) -> list[str]:
    return sorted({m.group(0) for t in texts for p in (HOST, IP, IPFS, RAW_ID) for m in p.finditer(shown(t))})


def visible(page: str) -> list[str]:
    """The text nodes of served HTML outside scripts and styles (attributes are no reader text)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return [html.unescape(t) for t in re.findall(r">([^<>]+)<", page) if t.strip()]


@pytest.fixture(scope="module")
def site(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
        yield base


def test_the_patterns_catch_what_the_issue_found():
    assert offences(["coxplastic.com", "press-2026-01-20-imbc", "bafybeiheqonyv2pafiyvecvpdbm2d7unf", "mou-kr-2025",
                     "theqoo.net", "henrypatrick1736.blogspot.com", "14.63.163.190", "mou-announcement-2025-02-04"]) \
        == sorted(["coxplastic.com", "press-2026-01-20-imbc", "bafybeiheqonyv2pafiyvecvpdbm2d7unf", "mou-kr-2025",
                   "theqoo.net", "henrypatrick1736.blogspot.com", "14.63.163.190", "mou-announcement-2025-02-04"])
    assert offences(["Yonhap", "동아일보", "Daily NK", "see https://www.donga.com/x", "@misc{mou-kr-2025,"]) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("tab", TABS)
def test_every_tab_names_organisations(site, tab, lang):
    texts = []
    for view in VIEWS:
        page = requests.get(f"{site}/", params={**view, "tab": tab, "lang": lang}, timeout=60)
        assert page.status_code == 200
        texts += visible(page.text)
    assert offences(texts) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_vintage_menu_names_publications(arrivals, lang):
    menu = arrivals.vintage_menu(lang)
    labels = list(arrivals.vintages(lang)["label"])   # the menu's option labels
    assert offences([*menu["title"], *menu["witnesses"], *labels]) == []


@pytest.mark.parametrize("lang", LANGS)
def test_exports_name_organisations(arrivals, lang):
    texts = []
    for view in (View(lang=lang), View(lang=lang, vintage="mou-en-2012"), View(lang=lang, start=2009, end=2012)):
        frame = arrivals.series(view)
        provenance = data_files.provenance(arrivals, frame, view)
        for fmt in ("csv", "json"):
            body = data_files.export(frame, provenance, fmt).decode("utf-8-sig")
            texts.append(re.sub(r"(^|,)\"?(press|mou)-[a-z0-9-]+\"?(?=,|$)", r"\1", body, flags=re.M)
                         if fmt == "csv" else body)
        sheet = zipfile.ZipFile(io.BytesIO(data_files.export(frame, provenance, "xlsx")))
        texts += [sheet.read(n).decode("utf-8") for n in sheet.namelist() if n.startswith("xl/sharedStrings")]
        for source in dict.fromkeys(frame["source"]):
            texts += [_text(pack.cite(arrivals, source, fmt)[1]) for fmt in references.FORMATS]
    # the `source` and `vintage` columns are join keys to sources.csv: the csv's id cells are dropped above; the
    # citation, caveats and publisher texts are what is read
    found = [o for o in offences(texts) if not o.startswith(("press-", "mou-"))]
    assert found == []


def _text(body) -> str:
    return body.decode("utf-8") if isinstance(body, bytes) else body


def test_the_feed_names_organisations(site):
    parsed = feedparser.parse(requests.get(f"{site}/feed.atom", timeout=60).content)
    assert len(parsed.entries) > 5
    texts = [e.title for e in parsed.entries] + [e.summary for e in parsed.entries]
    texts += [a.get("name", "") for e in parsed.entries for a in e.get("authors", [])]
    assert offences(texts) == []


def test_the_api_names_organisations(site, arrivals):
    texts = []
    for resource, params in (("arrivals", {}), ("arrivals", {"vintage": "mou-en-2012", "lang": "ko"}),
                             ("revisions", {"from": 2009, "to": 2012}), ("other_figures", {"lang": "ko"})):
        document = requests.get(f"{site}/api/v1/{resource}.json", params=params, timeout=60).json()
        texts += [c["citation"] for c in document["citations"]] + document["caveats"]
        texts += [str(r.get(k, "")) for r in document["data"] for k in ("publisher_en", "publisher_ko")]
    for source in arrivals.source_ids()[::7]:
        for item in requests.get(f"{site}/api/v1/cite.json", params={"source": source}, timeout=60).json():
            texts += [a.get("literal", "") + a.get("family", "") for a in item.get("author", [])]
            texts += [item.get("title", ""), item.get("publisher", ""), item.get("note", "")]
    assert offences(texts) == []

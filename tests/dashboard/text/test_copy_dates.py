"""No copy date shown as a publication date (h19b 3b9b3c4's test, ported). The '25.12 table states no publication
date: it was published on or after 2026-02-04 (it carries MOU's correction of that day), and its copy was seen on
2026-11-22. Over the page's Table and Sources tabs, the chart's tooltips, the exports, the API and the feed, the
table is "published on or after 4 Feb 2026" and 2026-11-22 only ever appears as the day a copy was seen."""

import html
import io
import re
import zipfile

import pytest
import requests

from dashboard.app import create_app
from dashboard.charts import figures
from dashboard.data import View
from dashboard.exports import data_files, pack
from dashboard.text import references

COPY_DATE = re.compile(r"2026-11-22|2026/11/22|22 Nov(ember)? 2026|2026년 11월 22일")
# what may stand just before the copy date: the words for a copy seen, or a field that holds one
COPY_SEEN = re.compile(r"(copy seen|Copy of the source seen|사본 확인|원자료 사본 확인일|copy_seen|retrieved_at|seen"
                       r"|urldate|accessed|Accessed|Y2  -|열람|확인일)[^.;\n]{0,40}$")
SEEN_AFTER = re.compile(r"\s*(사본 확인|에 사본)")   # Korean puts the words after the date: 2026년 11월 22일 사본 확인
AFTER = {"en": "on or after 4 Feb 2026", "ko": "2026년 2월 4일 이후"}   # the Table's cell; Sources say "published ..."
LANGS = ("en", "ko")


def misdated(texts) -> list[str]:
    """Each place the copy date appears without saying it is the day a copy was seen (with its context)."""
    out = []
    for text in texts:
        for m in COPY_DATE.finditer(text):
            before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 12]
            if not COPY_SEEN.search(before) and not SEEN_AFTER.match(after):
                out.append(text[max(0, m.start() - 60):m.end() + 10])
    return out


def visible(page: str) -> list[str]:
    """Served HTML as text, each text node after the one before it (a Sources row is its label, then its value)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return [" ".join(html.unescape(t).strip() for t in re.findall(r">([^<>]+)<", page) if t.strip())]


@pytest.fixture(scope="module")
def site(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
        yield base


def test_the_check_catches_a_copy_date_called_published():
    assert misdated(["Published 22 Nov 2026", "as_of,2026-11-22", "copy seen 22 Nov 2026"]) == \
        ["Published 22 Nov 2026", "as_of,2026-11-22"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("tab", ["table", "sources"])
def test_the_table_and_sources_tabs(site, tab, lang):
    texts = []
    for view in ({}, {"from": 2024, "to": 2025, "sex": "both"}, {"vintage": "mou-kr-2025"}):
        page = requests.get(f"{site}/", params={**view, "tab": tab, "lang": lang}, timeout=60)
        texts += visible(page.text)
    assert misdated(texts) == []
    assert AFTER[lang] in " ".join(texts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_charts_tooltips(arrivals, lang):
    texts = []
    for view in (View(lang=lang), View(lang=lang, sex="both", start=2020), View(lang=lang, metric="cumulative")):
        figure = figures.main_chart(arrivals, view)
        for trace in figure.data:
            texts += [str(trace.hovertemplate or ""), str(trace.text if trace.text is not None else "")]
            texts += [str(v) for v in (trace.customdata if trace.customdata is not None else [])]
    assert texts and misdated(texts) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_exports(arrivals, lang):
    texts = []
    for view in (View(lang=lang), View(lang=lang, vintage="mou-kr-2025", start=2020)):
        frame = arrivals.series(view)
        provenance = data_files.provenance(arrivals, frame, view)
        csv = data_files.export(frame, provenance, "csv").decode("utf-8-sig")
        texts += [csv, data_files.export(frame, provenance, "json").decode("utf-8")]
        sheet = zipfile.ZipFile(io.BytesIO(data_files.export(frame, provenance, "xlsx")))
        texts += [sheet.read(n).decode("utf-8") for n in sheet.namelist() if n.startswith("xl/sharedStrings")]
        texts += [pack.cite(arrivals, "mou-kr-2025", fmt)[1] for fmt in references.FORMATS]
        assert ",2026-02-04," in csv and ",2026-11-22," not in csv   # the table's as_of is its lower bound
    texts = [t.decode("utf-8") if isinstance(t, bytes) else t for t in texts]
    assert misdated(texts) == []


def test_the_api_and_the_feed(site):
    document = requests.get(f"{site}/api/v1/arrivals.json", params={"from": 2025, "to": 2025}, timeout=60).json()
    assert document["dates"]["published"] is None and document["dates"]["published_after"] == "2026-02-04"
    assert document["dates"]["copy_seen"] == "2026-11-22"
    assert {r["as_of"] for r in document["data"]} == {"2026-02-04"}
    texts = [str(document), requests.get(f"{site}/api/v1/revisions.csv", timeout=60).text,
             requests.get(f"{site}/api/v1/arrivals.csv", params={"lang": "ko"}, timeout=60).content.decode("utf-8-sig")]
    feed = requests.get(f"{site}/feed.atom", timeout=60).text
    assert "<updated>2026-11-22" not in feed and "<published>2026-11-22" not in feed
    assert misdated([*texts, html.unescape(feed)]) == []

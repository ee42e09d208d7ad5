"""Every file a view can be taken away as, and the newsroom pack: one ZIP with the chart (PNG, SVG), the view's
data (CSV, XLSX), the quotes and a README with the citation, as-of date, caveats and revision notes, all in the
chosen language.

`take_away` is the one function behind the download buttons and `nk-arrivals export`, so both give the same file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from dashboard.data import Arrivals, View
from dashboard.exports import data_files, images
from dashboard.text import citations, locale, quotes

# A fixed entry timestamp: zip entries otherwise carry "now", so two packs of one view would differ for no reason.
EPOCH = (2020, 1, 1, 0, 0, 0)

HEADINGS = {
    "en": {
        "title": "nk-arrivals newsroom pack",
        "view": "What this chart shows",
        "short": "Citation (short)",
        "long": "Citation (full)",
        "as_of": "Figures as of",
        "caveats": "Caveats and revision notes",
        "quotes": "Ready-to-paste sentences",
        "misquotes": "Figures that circulate but are not the current MOU figure",
        "files": "Files",
        "version": "Dataset version",
        "none": "None for this view.",
    },
    "ko": {
        "title": "nk-arrivals 보도자료 묶음",
        "view": "차트 내용",
        "short": "출처 표기 (짧게)",
        "long": "출처 표기 (전체)",
        "as_of": "기준일",
        "caveats": "유의사항 및 수정 이력",
        "quotes": "인용 문장",
        "misquotes": "통일부 현행 수치와 다르게 유통되는 수치 (설명은 데이터셋의 영어 원문)",
        "files": "파일",
        "version": "데이터셋 버전",
        "none": "이 화면에는 해당 없음.",
    },
}
FILES = {
    "en": {
        "chart.png": "chart image (PNG, 2x)",
        "chart.svg": "chart image (SVG, text stays selectable)",
        "data.csv": "the chart's data (UTF-8 with BOM, opens in Excel with Hangul)",
        "data.xlsx": "the chart's data plus a \"Source & notes\" sheet",
        "quotes.txt": "the sentences below, one per line",
    },
    "ko": {
        "chart.png": "차트 이미지 (PNG, 2배 해상도)",
        "chart.svg": "차트 이미지 (SVG, 글자 선택 가능)",
        "data.csv": "차트 데이터 (BOM 포함 UTF-8, 엑셀에서 한글 표시)",
        "data.xlsx": "차트 데이터와 \"Source & notes\" 시트",
        "quotes.txt": "아래 인용 문장 (한 줄에 하나)",
    },
}


@dataclass(frozen=True)
class Notes:
    """Everything the README says besides the file list; all of it generated from the data."""

    lang: str
    view: str
    short_citations: tuple[str, ...]
    long_citations: tuple[str, ...]
    as_of: str
    caveats: tuple[str, ...]  # the data layer's caveats, which include each shown revision's history
    quotes: tuple[str, ...]
    misquotes: tuple[str, ...]
    version: str


def _section(heading: str, lines: tuple[str, ...], empty: str) -> list[str]:
    return [f"## {heading}", "", *([f"- {line}" for line in lines] or [empty]), ""]


def readme(notes: Notes) -> str:
    """README.md text for the pack, in the notes' language."""
    h = HEADINGS[notes.lang]
    out = [f"# {h['title']}", "", f"{h['view']}: {notes.view}", "", f"{h['as_of']}: {notes.as_of}", ""]
    out += [f"{h['version']}: {notes.version}", ""]
    out += _section(h["short"], notes.short_citations, h["none"])
    out += _section(h["long"], notes.long_citations, h["none"])
    out += _section(h["caveats"], notes.caveats, h["none"])
    out += _section(h["misquotes"], notes.misquotes, h["none"])
    out += _section(h["quotes"], notes.quotes, h["none"])
    out += _section(h["files"], tuple(f"`{name}`: {text}" for name, text in FILES[notes.lang].items()), "")
    return "\n".join(out)


def build(files: dict[str, bytes], notes: Notes) -> bytes:
    """The ZIP bytes: the given files, quotes.txt and README.md, in a fixed order with a fixed timestamp."""
    members = {**files, "quotes.txt": "\n".join(notes.quotes).encode("utf-8") + b"\n", "README.md": readme(notes).encode("utf-8")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return buffer.getvalue()


def notes_for(arrivals: Arrivals, view: View) -> Notes:
    """The README's content for a view, all generated from the data layer and citations.py."""
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"]) if len(frame) else []
    fig = data_files.chart(arrivals, view)
    said = quotes.quotes(arrivals, view, view.lang)
    provenance = data_files.provenance(arrivals, frame, view)
    return Notes(
        lang=view.lang,
        view=f"{fig.layout.title.text} — {fig.layout.title.subtitle.text}",
        short_citations=tuple(citations.short(c, view.lang) for c in cited),
        long_citations=tuple(citations.long(c, view.lang) for c in cited),
        as_of=locale.date_text(provenance.as_of, view.lang),
        caveats=provenance.caveats,
        quotes=said.sentences,
        misquotes=said.warnings,
        version=provenance.version,
    )


def newsroom(arrivals: Arrivals, view: View) -> bytes:
    """The pack for a view: chart.png, chart.svg, data.csv, data.xlsx, quotes.txt, README.md."""
    fig = data_files.chart(arrivals, view)
    frame = arrivals.series(view)
    provenance = data_files.provenance(arrivals, frame, view)
    files = {f"chart.{fmt}": images.render(fig, fmt) for fmt in ("png", "svg")}
    files |= {f"data.{fmt}": data_files.export(frame, provenance, fmt) for fmt in ("csv", "xlsx")}
    return build(files, notes_for(arrivals, view))


FORMATS = (*data_files.FORMATS, *images.FORMATS, "zip")
MEDIA_TYPES = {**data_files.MEDIA_TYPES, **images.MEDIA_TYPES, "zip": "application/zip"}


def filename(view: View, fmt: str) -> str:
    """A name that says what the file shows: nk-arrivals_count_total_2002-2025_latest_en.svg."""
    return f"nk-arrivals_{view.metric}_{view.sex}_{view.start}-{view.end}_{view.vintage}_{view.lang}.{fmt}"


def take_away(arrivals: Arrivals, view: View, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a view in any format: data files, chart images or the newsroom pack."""
    if fmt in data_files.FORMATS:
        frame = arrivals.series(view)
        body = data_files.export(frame, data_files.provenance(arrivals, frame, view), fmt)
    elif fmt in images.FORMATS:
        body = images.render(data_files.chart(arrivals, view), fmt)
    elif fmt == "zip":
        body = newsroom(arrivals, view)
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return filename(view, fmt), body

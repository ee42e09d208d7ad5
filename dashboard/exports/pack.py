"""Every file a view can be taken away as, and the newsroom pack: one ZIP with the chart (PNG, SVG), the view's
data (CSV, XLSX), the quotes and a README with the citation, as-of date, caveats and revision notes, all in the
chosen language.

`take_away` is the one function behind the download buttons and `nk-arrivals export`, so both give the same file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from dashboard.charts import figures
from dashboard.data import Arrivals, View
from dashboard.exports import data_files, images
from dashboard.exports.formats import FORMATS
from dashboard.text import citations, locale, quotes
from dashboard.text.catalogue import t

# A fixed entry timestamp: zip entries otherwise carry "now", so two packs of one view would differ for no reason.
EPOCH = (2020, 1, 1, 0, 0, 0)

FILES = ("chart.png", "chart.svg", "data.csv", "data.xlsx", "quotes.txt")  # described by pack_file_* texts


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
    lang = notes.lang

    def h(key: str) -> str:
        return t(f"pack_{key}", lang)

    out = [f"# {h('title')}", "", f"{h('view')}: {notes.view}", "", f"{h('as_of')}: {notes.as_of}", ""]
    out += [f"{h('version')}: {notes.version}", ""]
    out += _section(h("short"), notes.short_citations, h("none"))
    out += _section(h("long"), notes.long_citations, h("none"))
    out += _section(h("caveats"), notes.caveats, h("none"))
    out += _section(h("misquotes"), notes.misquotes, h("none"))
    out += _section(h("quotes"), notes.quotes, h("none"))
    files = tuple(f"`{name}`: {h(f'file_{stem}_{suffix}')}" for name in FILES for stem, suffix in [name.split(".")])
    out += _section(h("files"), files, "")
    return "\n".join(out)


def build(files: dict[str, bytes], notes: Notes) -> bytes:
    """The ZIP bytes: the given files, quotes.txt and README.md, in a fixed order with a fixed timestamp."""
    members = {**files, "quotes.txt": "\n".join(notes.quotes).encode("utf-8") + b"\n",
               "README.md": readme(notes).encode("utf-8")}
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
    fig = figures.main_chart(arrivals, view)
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
    fig = figures.main_chart(arrivals, view)
    frame = arrivals.series(view)
    provenance = data_files.provenance(arrivals, frame, view)
    files = {f"chart.{fmt}": images.render(fig, fmt) for fmt in ("png", "svg")}
    files |= {f"data.{fmt}": data_files.export(frame, provenance, fmt) for fmt in ("csv", "xlsx")}
    return build(files, notes_for(arrivals, view))




def filename(view: View, fmt: str) -> str:
    """A name that says what the file shows: nk-arrivals_count_total_2002-2025_latest_en.svg."""
    return f"nk-arrivals_{view.metric}_{view.sex}_{view.start}-{view.end}_{view.vintage}_{view.lang}.{fmt}"


def take_away(arrivals: Arrivals, view: View, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a view in any format: data files, chart images or the newsroom pack."""
    kind = FORMATS[fmt].kind if fmt in FORMATS else None
    if kind == "data":
        frame = arrivals.series(view)
        body = data_files.export(frame, data_files.provenance(arrivals, frame, view), fmt)
    elif kind == "image":
        body = images.render(figures.main_chart(arrivals, view), fmt)
    elif kind == "pack":
        body = newsroom(arrivals, view)
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return filename(view, fmt), body

"""Every file a view can be taken away as, and the newsroom pack: one ZIP with the chart (PNG, SVG), the view's
data (CSV, XLSX), the quotes, the references of its sources and of the dataset (APA, Chicago, BibTeX, RIS,
CSL-JSON) and a README with the citation, the dates, caveats and revision notes, all in the chosen language.

`take_away` is the one function behind the download buttons and `nk-arrivals export`, and `cite` the one behind
the citation downloads, `export cite` and the API's /cite, so each gives the same bytes everywhere.

The pack is reproducible: entries in a fixed order, each a regular file with mode 0644 and the dataset's date
(stamps.dataset_date) as its time, the XLSX with that date as its properties, the SVG with ids derived from the
drawing and the PNG rendered the same way, so two packs of one view are byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from dashboard.charts import figures
from dashboard.data import Arrivals, DatasetError, View
from dashboard.exports import data_files, images, stamps
from dashboard.exports.formats import FORMATS, VIEW_FORMATS
from dashboard.text import citations, quotes, references
from dashboard.text.catalogue import t

# The entry time of a pack built without a dataset date (build() called directly): never "now".
EPOCH = (2020, 1, 1, 0, 0, 0)

FILES = ("chart.png", "chart.svg", "chart.pdf", "alt.txt", "data.csv", "data.xlsx", "data-wide.csv", "data-wide.txt",
         "quotes.txt")  # described by pack_file_* texts
CITATION_FILES = {"apa": "references-apa.txt", "chicago": "references-chicago.txt", "bibtex": "references.bib",
                  "ris": "references.ris", "csl-json": "references.json"}


class UnknownSource(DatasetError):
    """A citation was asked for an id that is neither a sources.csv id nor `dataset`."""


@dataclass(frozen=True)
class Notes:
    """Everything the README says besides the file list; all of it generated from the data.

    `dates` are (heading, text) rows of citations.date_rows: the month the figures run to, when the main source was
    published (or only a lower bound) and when its copy was seen; three dates, never one for another."""

    lang: str
    view: str
    short_citations: tuple[str, ...]
    long_citations: tuple[str, ...]
    dates: tuple[tuple[str, str], ...]
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

    out = [f"# {h('title')}", "", f"{h('view')}: {notes.view}", ""]
    for heading, text in notes.dates:
        out += [f"{heading}: {text}", ""]
    out += [f"{h('version')}: {notes.version}", ""]
    out += _section(h("short"), notes.short_citations, h("none"))
    out += _section(h("long"), notes.long_citations, h("none"))
    out += _section(h("caveats"), notes.caveats, h("none"))
    out += _section(h("misquotes"), notes.misquotes, h("none"))
    out += _section(h("quotes"), notes.quotes, h("none"))
    files = tuple(f"`{name}`: {h(f'file_{stem}_{suffix}')}" for name in FILES for stem, suffix in [name.split(".")])
    files += tuple(f"`{name}`: {h('file_references')} ({references.STYLE_NAMES[fmt]})"
                   for fmt, name in CITATION_FILES.items())
    out += _section(h("files"), files, "")
    return "\n".join(out)


def build(files: dict[str, bytes], notes: Notes, when: datetime | None = None) -> bytes:
    """The ZIP bytes: the given files, quotes.txt and README.md, in a fixed order, every entry a regular file
    with mode 0644 dated `when` (the dataset's date; EPOCH when none is given)."""
    members = {**files, "quotes.txt": "\n".join(notes.quotes).encode("utf-8") + b"\n",
               "README.md": readme(notes).encode("utf-8")}
    when = when or datetime(*EPOCH)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            archive.writestr(stamps.zip_entry(name, when), members[name])
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
        dates=provenance.date_rows,
        caveats=provenance.caveats,
        quotes=said.sentences,
        misquotes=said.warnings,
        version=provenance.version,
    )


def pack_references(arrivals: Arrivals, frame, lang: str = "en") -> list[references.Reference]:
    """The references a pack carries, in its language: each source of its rows, then the dataset."""
    sources = list(dict.fromkeys(frame["source"])) if len(frame) else []
    return [*(references.reference(arrivals, s, words=lang) for s in sources),
            references.dataset_reference(arrivals, words=lang)]


def newsroom(arrivals: Arrivals, view: View, size: str = "default") -> bytes:
    """The pack for a view: the chart as PNG, SVG and PDF (at `size`) with its alt text, data.csv, data.xlsx, the
    wide CSV for newsroom chart tools with its notes beside it, quotes.txt, the references in five formats,
    README.md."""
    fig = figures.main_chart(arrivals, view)
    frame = arrivals.rows(view)
    provenance = data_files.provenance(arrivals, frame, view)
    files = {f"chart.{fmt}": render(arrivals, view, fmt, size, fig) for fmt in ("png", "svg", "pdf")}
    files["alt.txt"] = (alt_text(arrivals, view) + "\n").encode("utf-8")
    files |= {f"data.{fmt}": data_files.export(frame, provenance, fmt) for fmt in ("csv", "xlsx")}
    files["data-wide.csv"] = data_files.to_wide_csv(wide_table(arrivals, view))
    files["data-wide.txt"] = data_files.wide_sidecar(provenance)
    cited = pack_references(arrivals, frame, view.lang)
    files |= {name: references.document(cited, fmt) for fmt, name in CITATION_FILES.items()}
    return build(files, notes_for(arrivals, view), stamps.dataset_date(arrivals))


def wide_table(arrivals: Arrivals, view: View):
    """The view's figures one row per period: men, women and total for a count, the women's share alone (headed
    by its measure, not by "women")."""
    if view.metric == "share":
        table = data_files.wide({"female": arrivals.series(view)}, view.lang)
        return table.set_axis([table.columns[0], t("metric_share", view.lang)], axis=1)
    return data_files.wide({sex: arrivals.series(replace(view, sex=sex)) for sex in data_files.WIDE_SEXES},
                           view.lang)


def image_info(arrivals: Arrivals, view: View, fig) -> dict:
    """What a view's chart image says of itself, in the view's language: its title, who made the chart (the
    dataset's authors, never the ministry whose figures it draws), its description (the chart's alt text:
    `figures.summary`), its source line and licence, and the dataset's date. The PDF's /Subject is the
    description and the source line."""
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"]) if len(frame) else []
    return figure_info(arrivals, fig, cited, alt_text(arrivals, view), view.lang)


def figure_info(arrivals: Arrivals, fig, cited: list, description: str, lang: str) -> dict:
    """What any chart image says of itself (`image_info`), from its figure, its sources and its description."""
    title = references.plain_text(fig.layout.title.text)
    source = citations.source_line(cited, lang) if cited else ""
    licences = ", ".join(dict.fromkeys(c.licence for c in cited if c.licence))
    return {"title": title, "author": references.dataset_reference(arrivals).author, "description": description,
            "subject": " — ".join(p for p in (description, source) if p), "source": source, "licence": licences,
            "date": stamps.dataset_date(arrivals), "lang": lang}


def alt_text(arrivals: Arrivals, view: View) -> str:
    """The chart's short description for those who cannot see it, one generator for every place it goes (SVG
    `<desc>`, PNG Description, PDF /Subject, alt.txt in the pack): what it shows, its range, peak, latest and
    largest change (`figures.summary`)."""
    return figures.summary(arrivals.series(view), view, view.lang)


def render(arrivals: Arrivals, view: View, fmt: str, size: str = "default", fig=None, screen: bool = False) -> bytes:
    """A view's chart as PNG, SVG or PDF at one of the sizes of charts/style.py (`screen`: a 1× PNG, for link
    previews)."""
    fig = fig if fig is not None else figures.main_chart(arrivals, view)
    scale = 1 if screen else images.MIN_PNG_SCALE
    return images.render(fig, fmt, size=size, info=image_info(arrivals, view, fig), scale=scale, screen=screen)


def filename(view: View, fmt: str, size: str = "default") -> str:
    """A name that says what the file shows: nk-arrivals_count_total_2002-2025_latest_en.svg (a size other than
    the default is named too: ..._en_social.png; half-years and quarters too: ..._total_quarter_2015-2025_...)."""
    shape = "" if size == "default" else f"_{size}"
    known = "".join(f"_{name}-{value}" for name, value in (("asof", view.asof), ("vs", view.vs)) if value)
    periods = "" if view.freq == "year" else f"_{view.freq}"
    return (f"nk-arrivals_{view.metric}_{view.sex}{periods}_{view.start}-{view.end}_{view.vintage}{known}_"
            f"{view.lang}{shape}.{fmt}")


def take_away(arrivals: Arrivals, view: View, fmt: str, size: str = "default") -> tuple[str, bytes]:
    """(file name, bytes) of a view in any format: data files, chart images (at `size`) or the newsroom pack."""
    kind = FORMATS[fmt].kind if fmt in FORMATS else None
    if kind == "data":
        frame = arrivals.rows(view)
        return filename(view, fmt), data_files.export(frame, data_files.provenance(arrivals, frame, view), fmt)
    if kind == "image":
        return filename(view, fmt, size), render(arrivals, view, fmt, size)
    if kind == "pack":
        return filename(view, fmt, size), newsroom(arrivals, view, size)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(VIEW_FORMATS)}")


RECORDS = ("triangle", "realtime")  # ALFRED's downloads of the record: the revision triangle, the real-time table


def record_frame(arrivals: Arrivals, kind: str, view: View):
    """The rows of one record download: the revision triangle of the view's sex (both: the total), or the long
    real-time table in the view's language."""
    if kind == "triangle":
        return arrivals.revision_triangle("total" if view.sex == "both" else view.sex)
    if kind == "realtime":
        return arrivals.realtime(view.lang)
    raise ValueError(f"unknown record {kind!r}: choose one of {', '.join(RECORDS)}")


def record(arrivals: Arrivals, kind: str, view: View, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of a record download in a data format (CSV, XLSX, JSON), each row citing its source and
    the notes saying what the table is: the one road for the page's links, the API and the CLI."""
    frame = record_frame(arrivals, kind, view)
    sex = f"_{'total' if view.sex == 'both' else view.sex}" if kind == "triangle" else ""
    return (f"nk-arrivals_{kind}{sex}_{view.lang}.{fmt}",
            data_files.export(frame, data_files.provenance(arrivals, frame, view, kind), fmt))


@lru_cache(maxsize=512)  # pure in (immutable data, source, format); citeproc takes ~25 ms a reference
def cite(arrivals: Arrivals, source: str | None, fmt: str, base_url: str = "") -> tuple[str, bytes]:
    """(file name, bytes) of the reference of one source (a sources.csv id, or `dataset`; default: the MOU table
    behind the latest figures) in one citation format; `base_url` is the dataset's address where its package
    names no homepage."""
    if fmt not in FORMATS or FORMATS[fmt].kind != "citation":
        raise ValueError(f"unknown citation format {fmt!r}: choose one of {', '.join(references.FORMATS)}")
    source = source or references.default_source(arrivals)
    allowed = references.choices(arrivals)
    if source not in allowed:
        raise UnknownSource(f"no source {source!r}: use one of {', '.join(allowed)}")
    body = references.document([references.reference(arrivals, source, base_url)], fmt)
    return references.filename(source, fmt, FORMATS[fmt].extension), body

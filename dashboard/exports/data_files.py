"""What a view exports: its chart figure and its data files (CSV, XLSX, JSON), each carrying its sources and dates.

This is the one road for buttons, CLI, API, pack and embed: `View` -> `Arrivals.series(view)` -> `figures.*` /
the writers below, with citations only from `citations.py`. Nothing here re-reads or re-parses the datasets,
so a file cannot disagree with the chart.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

import pandas as pd

from dashboard.charts import figures
from dashboard.data import Arrivals, Citation, View
from dashboard.exports import stamps
from dashboard.text import caveats, citations
from dashboard.text.catalogue import t

# Text a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with one of these, or their
# full-width forms, after any leading whitespace or invisible character, which spreadsheets strip first.
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})  # spaces, line breaks, controls, zero-width marks
CITATION_COLUMN = "citation"
LABEL_COLUMN = "label"
MEASURE_COLUMN = "measure"
UNIT_COLUMN = "unit"
# What a chart series' `value` is, per metric (View.metric): the unit it is counted in. A women's share of 68.6 is
# a percentage, never a count.
UNITS = {"count": "persons", "share": "percent", "cumulative": "persons", "yoy": "persons"}
NUMBER_LIKE = re.compile(r"[\d.,\s]+")  # text a spreadsheet's CSV import would read as a number ("02" -> 2)
# The columns a data file adds to a view's rows, as Table Schema fields (what docs/exports.md and the API's
# OpenAPI description say of them; the data layer's `Arrivals.fields` types every other column).
FILE_FIELDS = {
    LABEL_COLUMN: {"name": LABEL_COLUMN, "type": "string", "constraints": {"required": True},
                   "description": "the period as the chart names it (up to 1998, 1999–2001, 2020 (to Sep))"},
    MEASURE_COLUMN: {"name": MEASURE_COLUMN, "type": "string", "constraints": {"required": True, "enum": list(UNITS)},
                     "description": "what `value` measures: count (arrivals), share (women as a percentage of all "
                                    "arrivals), cumulative (arrivals to date), yoy (change on the previous year)"},
    UNIT_COLUMN: {"name": UNIT_COLUMN, "type": "string",
                  "constraints": {"required": True, "enum": sorted(set(UNITS.values()))},
                  "description": "the unit of `value`: persons, or percent"},
    CITATION_COLUMN: {"name": CITATION_COLUMN, "type": "string", "constraints": {"required": True},
                      "description": "the full citation of the row's source"},
}
DATA_SHEET = "Data"
NOTES_SHEET = "Source & notes"


@dataclass(frozen=True)
class Dates:
    """The three dates of a file's rows as data (ISO; "" where unknown), for machines: the month the figures run
    to, when their main source (`citations.latest`) was published, or only the earliest it can have been, and when
    its copy was seen. Their words for people are `citations.date_rows`."""

    figures_to: str
    provisional: bool = False
    published: str = ""
    published_after: str = ""
    copy_seen: str = ""

    @classmethod
    def of(cls, main: Citation | None) -> Dates:
        if main is None:
            return cls("")
        return cls(main.covers_to[:7], main.provisional, main.published, main.published_after,
                   main.retrieved_at[:10])


@dataclass(frozen=True)
class Provenance:
    """What travels with every exported file: one citation per source id, the rows' dates, caveats, dataset
    version."""

    citations: dict[str, str]
    dates: Dates
    caveats: tuple[str, ...]
    version: str
    lang: str
    date: datetime | None = None  # the dataset's date (stamps.dataset_date): the XLSX's created/modified
    date_rows: tuple[tuple[str, str], ...] = ()  # the dates in words (citations.date_rows), for notes
    measure: str = "count"  # the view's metric: what a chart series' `value` is (UNITS)
    date_columns: frozenset[str] = frozenset()  # the columns datapackage.json types as dates: dates in the XLSX
    witness: tuple[tuple[str, str], ...] = ()  # (publication, its first witness's source): a record's citations
    copies: tuple[tuple[str, str, str], ...] = ()  # (source, day, citation): rows read in a later copy of a source
    asof: str = ""  # the day the rows are MOU's figures as known on (asof=); "" for the latest
    vs: str = ""  # the vintage they are compared with (vs=), and it in words
    vs_words: str = ""
    record: str = ""  # a record download's kind (triangle, realtime), "" for a view's rows


def provenance(arrivals: Arrivals, frame: pd.DataFrame, view: View, record: str = "") -> Provenance:
    """Citations, dates, caveats and dataset version for the rows of `frame`, in the view's language; `record`
    names a record download (triangle, realtime), whose notes say what its table is."""
    against = list(arrivals.vs_series(view)["source"]) if view.vs and "status" in frame else []  # cited too
    witness = arrivals.witness_sources()
    sources = arrivals.citations([*record_sources(frame, witness), *against]) if len(frame) else []
    main = citations.latest(sources)
    owned = "publisher_ko" if view.lang == "ko" else "publisher_en"  # other_figures.csv: no MOU publication's
    owners = dict(zip(frame["source"], frame[owned])) if owned in frame else {}
    return Provenance(
        citations={c.source: citations.long(c, view.lang, owners.get(c.source, "")) for c in sources},
        copies=copies(frame, sources, view.lang, owners),
        dates=Dates.of(main),
        caveats=tuple(_caveats(arrivals, frame, view)),
        version=citations.dataset_version(arrivals.package),
        lang=view.lang,
        date=stamps.dataset_date(arrivals),
        date_rows=tuple(citations.date_rows(main, view.lang)),
        measure=view.metric,
        date_columns=frozenset(f["name"] for r in arrivals.package["resources"] for f in r["schema"]["fields"]
                               if f["type"] == "date") | {"asof"},
        witness=tuple(witness.items()), asof=view.asof, vs=view.vs, record=record,
        vs_words=figures.vintage_words(arrivals, view)[1] if view.vs else "",
    )


def copies(frame: pd.DataFrame, sources: list[Citation], lang: str, owners: dict[str, str]) -> tuple:
    """(source, day, citation) for rows that say they were read in another copy than their source's (an
    article's Hanawon admissions in other_figures.csv): their citation names the day that copy was seen."""
    if "retrieved_at" not in frame:
        return ()
    cited = {c.source: c for c in sources}
    days = sorted({(s, str(d)[:10]) for s, d in zip(frame["source"], frame["retrieved_at"])
                   if s in cited and str(d)[:10] != cited[s].retrieved_at[:10]})
    return tuple((s, d, citations.long(replace(cited[s], retrieved_at=d), lang, owners.get(s, ""))) for s, d in days)


def record_sources(frame: pd.DataFrame, witness: dict[str, str]) -> pd.Series:
    """The source each row cites: its own; in the real-time table, its publication's first witness; in the
    revision triangle (a column per publication), that of the newest publication giving the period."""
    if "source" in frame:
        return frame["source"]
    if "publication" in frame:
        return frame["publication"].map(witness)
    published = [c for c in frame.columns if c in witness]
    newest = frame[published].apply(lambda row: row.last_valid_index() or "", axis=1) if published else \
        pd.Series("", index=frame.index)
    return newest.map(witness).fillna("")


def _caveats(arrivals: Arrivals, frame: pd.DataFrame, view: View) -> list[str]:
    """The data layer's notes for what the frame is: a chart series, a breakdown table or a revision history."""
    if "status" in frame:
        return caveats.texts(arrivals.caveats(frame, view), view.lang, on_page=False)
    if "dimension" in frame:
        return caveats.texts(arrivals.breakdown_caveats(frame), view.lang)
    return []


def formula_like(value) -> bool:
    """Text whose first character after any leading whitespace or invisible character (space, tab, CR, LF,
    no-break space, ideographic space, zero-width marks...) is `= + - @` or a full-width form of one."""
    if not isinstance(value, str):
        return False
    for char in value:
        if unicodedata.category(char) not in BLANK_CATEGORIES:
            return char in FORMULA_STARTS
    return False


def neutralise(value):
    """Prefix formula-like text with an apostrophe so spreadsheets show it as text; numbers stay numbers."""
    return "'" + value if formula_like(value) else value


def labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart series with its axis label in front ('up to 1998', '1999–2001', '2020 (to Sep)'), as the dashboard's
    table shows it, so that a bucket or a part-year never reads as a single year in a file either."""
    if "status" not in frame:
        return frame
    return frame.assign(**{LABEL_COLUMN: figures.labels(frame, lang)})[[LABEL_COLUMN, *frame.columns]]


def measured(frame: pd.DataFrame, measure: str = "count") -> pd.DataFrame:
    """A chart series with what its `value` is (`measure`, a View.metric) and in which unit, right after it: a
    spreadsheet has no other place to say so beside the number (JSON says it once, in its `value` block)."""
    if "status" not in frame or "value" not in frame:
        return frame
    columns = list(frame.columns)
    at = columns.index("value") + 1
    out = frame.assign(**{MEASURE_COLUMN: measure, UNIT_COLUMN: UNITS[measure]})
    return out[[*columns[:at], MEASURE_COLUMN, UNIT_COLUMN, *columns[at:]]]


def fields(frame: pd.DataFrame, fmt: str, arrivals: Arrivals, resource: str = "latest") -> list[dict]:
    """Table Schema fields of the columns of a data file of `frame` in `fmt`: the view's columns typed by the
    package's `resource` (`Arrivals.fields`), led by `label` for a chart series and, in a spreadsheet, with
    `measure` and `unit` after its `value` and `citation` last (FILE_FIELDS)."""
    columns = list(labelled(frame.head(0), "en").columns)
    if fmt != "json":
        columns = list(measured(pd.DataFrame(columns=columns)).columns)
    own = arrivals.fields([c for c in columns if c not in FILE_FIELDS], resource)
    typed = {f["name"]: f for f in own} | FILE_FIELDS
    return [typed[c] for c in (columns if fmt == "json" else [*columns, CITATION_COLUMN])]


def table(frame: pd.DataFrame, provenance: Provenance) -> pd.DataFrame:
    """The view's rows and columns (labelled) plus a `citation` column; each writer neutralises formula-like text."""
    out = measured(labelled(frame, provenance.lang), provenance.measure).copy()
    cited = record_sources(out, dict(provenance.witness))
    out[CITATION_COLUMN] = cited.map(provenance.citations).fillna("")
    for source, day, text in provenance.copies:
        out.loc[(cited == source) & (out["retrieved_at"].astype(str).str[:10] == day), CITATION_COLUMN] = text
    return out


def to_csv(frame: pd.DataFrame, provenance: Provenance) -> bytes:
    """UTF-8 with BOM, so that Excel shows Hangul; the citation rides in its own column; booleans are written
    `true`/`false`, as the dataset writes them.

    CRLF line ends (RFC 4180) also make the csv writer quote any field holding a bare CR. A period label that a
    spreadsheet's CSV import would take for a number (MOU's '02 for 2002, stored as "02") is written as MOU prints
    it, with its apostrophe, so that LibreOffice and Excel keep it as text instead of the number 2.
    """
    out = table(frame, provenance).map(neutralise)
    if "period" in out:
        out["period"] = out["period"].map(as_printed)
    for name in out.columns:
        if pd.api.types.is_bool_dtype(out[name]):
            out[name] = out[name].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def as_printed(period):
    """'02 for a period label stored as 02: the form MOU prints, which no spreadsheet reads as a number."""
    return "'" + period if isinstance(period, str) and NUMBER_LIKE.fullmatch(period) else period


def measure_text(measure: str, lang: str) -> str:
    """'value: arrivals, in persons': what a file's `value` column is, in words."""
    unit = t(f"file_unit_{UNITS[measure]}", lang)
    return t("file_measure_text", lang, measure=t(f"metric_{measure}", lang), unit=unit)


def notes(provenance: Provenance) -> list[tuple[str, str]]:
    """The (heading, text) rows of the notes that go with a data file."""
    lang = provenance.lang
    rows = [(t(f"file_{provenance.record}", lang), t(f"file_{provenance.record}_text", lang))] \
        if provenance.record else [(t("file_measure", lang), measure_text(provenance.measure, lang))]
    if provenance.asof:
        rows.append((t("file_asof", lang), t("file_asof_text", lang, date=provenance.asof)))
    if provenance.vs:
        rows.append((t("file_vs", lang), t("file_vs_text", lang, vs=provenance.vs, words=provenance.vs_words)))
    rows += [(f"{t('file_citation', lang)} ({source})", text) for source, text in provenance.citations.items()]
    rows += [(f"{t('file_citation', lang)} ({source}, {day})", text) for source, day, text in provenance.copies]
    rows.extend(provenance.date_rows)
    rows.append((t("file_version", lang), provenance.version))
    rows.extend((t("cite_caveats", lang), caveat) for caveat in provenance.caveats)
    return rows


def to_xlsx(frame: pd.DataFrame, provenance: Provenance) -> bytes:
    """A data sheet plus a "Source & notes" sheet; cells are typed so text never becomes a formula."""
    from openpyxl import Workbook  # here, not at the top: 0.2 s of every server's start for a download
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    shown = table(frame, provenance)
    data.append(list(shown.columns))
    dated = [name in provenance.date_columns for name in shown.columns]
    for row in shown.itertuples(index=False):
        data.append([None if pd.isna(cell) else as_date(cell) if is_date else cell
                     for cell, is_date in zip(row, dated)])
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    sheet = book.create_sheet(NOTES_SHEET)
    for heading, text in notes(provenance):
        sheet.append([heading, text])
    for cells in (*data.iter_rows(), *sheet.iter_rows()):
        for cell in cells:
            quote_prefix(cell)
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return stamps.xlsx(buffer.getvalue(), provenance.date or stamps.parse(provenance.dates.figures_to))


def as_date(value):
    """A date column's ISO text (2025-12-31) as a date, so that a spreadsheet sorts and computes with it."""
    return date.fromisoformat(value) if value else None


def quote_prefix(cell) -> None:
    """A formula-like text cell keeps its exact text, stored as text (openpyxl reads a leading "=" as a formula)
    and styled quote-prefixed: spreadsheets show it as typed and never evaluate it."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def to_json(frame: pd.DataFrame, provenance: Provenance) -> bytes:
    """Records plus the citation block; JSON is not a spreadsheet, so values are left exactly as they are, in the
    package's types: booleans are booleans, and a missing value (an empty cell of the dataset) is null."""
    frame = labelled(frame, provenance.lang).replace("", None)
    document = {
        "citations": [{"source": s, "citation": c} for s, c in provenance.citations.items()]
        + [{"source": s, "citation": c} for s, _, c in provenance.copies],
        "dates": {name: None if value == "" else value for name, value in vars(provenance.dates).items()},
        "dataset_version": provenance.version,
        "realtime": {"asof": provenance.asof or None, "vs": provenance.vs or None},
        "value": {"measure": provenance.measure, "unit": UNITS[provenance.measure],
                  "description": measure_text(provenance.measure, provenance.lang)} if "status" in frame else None,
        "caveats": list(provenance.caveats),
        "columns": list(frame.columns),
        "data": json.loads(frame.to_json(orient="records", date_format="iso")),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


WIDE_SEXES = ("male", "female", "total")  # the columns of a wide CSV, after the period


def wide(series: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """One row per period, the first column the period as the chart names it and one column per sex (men,
    women, total; the series given, in WIDE_SEXES order), headed in `lang`: the shape Datawrapper and Flourish
    read as is (first column the x-axis, one column per series, numbers without separators or units)."""
    columns = {}
    for sex in (s for s in WIDE_SEXES if s in series):
        frame = series[sex]
        columns[t(f"sex_{sex}", lang)] = pd.Series(list(frame["value"]), index=figures.labels(frame, lang))
    out = pd.DataFrame(columns)
    out.index.name = t("wide_period", lang)
    return out.reset_index()


def to_wide_csv(table: pd.DataFrame) -> bytes:
    """The wide table as UTF-8 CSV (BOM, CRLF, as the long CSV), text neutralised; no citation column (it travels
    in a sidecar file, `wide_sidecar`). Its periods are the chart's labels (2002, up to 1998), which a chart tool
    may read as years."""
    return table.map(neutralise).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def wide_sidecar(provenance: Provenance) -> bytes:
    """The notes of a wide CSV as text beside it: what its numbers are, their citation, dates and caveats."""
    return ("\n".join(f"{heading}: {text}" for heading, text in notes(provenance)) + "\n").encode("utf-8")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def export(frame: pd.DataFrame, provenance: Provenance, fmt: str) -> bytes:
    """One entry point for buttons, CLI, API and pack, so they all give the same bytes for the same view."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown data format {fmt!r}: choose one of {', '.join(WRITERS)}")
    return WRITERS[fmt](frame, provenance)

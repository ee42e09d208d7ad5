"""Where a number comes from: every figure the record holds that a written number can mean, best first.

The question is read by `text.numbers` ("about 34,000", "2만4천 538명", "72%"); the figures are the data layer's
(`Arrivals.figures()`: every publication's count, women's share and cumulative total) and its misquote list
(`Arrivals.misquotes()`), read through those public methods only. One answer is one figure (measure, period, sex,
value) with every publication that printed it, first and latest; whether it stands (current), was replaced
(revised, and to what) or is a circulating misquote (and why); and its citation.

Ranking: an exact match before a rounded one, an MOU figure (its own table, or a press report of its
announcement) before a figure that is not MOU's, the current figure before a superseded one; then the figure
that agrees with the words around the number (a running total, the total of both sexes unless one is named), one
the number rounds to (or, for "more than" and "nearly", the closest), the newest.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache

from dashboard import urls
from dashboard.data import SLOTS, Arrivals, View, is_missing
from dashboard.text import citations as citations_text
from dashboard.text import locale, references
from dashboard.text.catalogue import t
from dashboard.text.numbers import Reading, read

MAX_QUERY = urls.MAX_QUERY  # the longest question answered; the API refuses a longer one (400)
MOU = "통일부"  # publisher_ko of the ministry's own tables in sources.csv
MISQUOTES = "misquotes"  # the sources.csv id of the misquote list, which cites where each figure circulates
SHOWN = 5  # answers given, best first (each cites its publication: citeproc takes ~40 ms a new source)
STATUSES = ("current", "revised", "misquote")
MEASURES = ("count", "share", "cumulative")


@dataclass(frozen=True)
class Publication:
    """One publication that printed a figure: its source id, who published it, its date, its address."""

    source: str
    publisher: str
    as_of: str
    url: str


@dataclass(frozen=True)
class Answer:
    """One figure a number can mean, with its history and what to make of it."""

    value: float
    measure: str  # count | share (women's share of all arrivals, %) | cumulative
    sex: str
    period: str  # named in the reader's language ('2025', '2025 H1', 'up to 2025-12-31')
    period_start: str  # "" for a cumulative (every arrival up to period_end)
    period_end: str
    status: str  # current | revised | misquote
    match: str  # exact | rounded
    current: float | None  # the figure that stands for the same measure, period and sex
    mou: bool  # an MOU figure (its own table, or a press report of its announcement)
    first: Publication
    latest: Publication
    publications: int
    why: str  # what a reader must know: the misquote's explanation, or what it was revised to
    citation: str  # APA reference of the latest publication, naming the figure cited
    citations: dict  # that reference in every format (apa, chicago, bibtex, ris, csl-json), naming the figure
    cite: str  # the API address of the publication's reference in every format
    permalink: str  # the dashboard's view of that period, sex and measure in that publication (where it is one)
    text: str  # one sentence that says it all

    def as_dict(self) -> dict:
        """The answer as JSON holds it: counts as integers, shares with their decimal."""
        out = asdict(self)
        for name in ("value", "current"):
            if out[name] is not None and float(out[name]).is_integer() and self.measure != "share":
                out[name] = int(out[name])
        return out


@dataclass(frozen=True)
class Lookup:
    """The answer to one question: what was read, and the answers, best first (none when nothing was read)."""

    query: str
    reading: Reading | None
    answers: tuple[Answer, ...] = ()
    message: str = ""
    status: str = field(default="found")  # found | cannot-read | no-match

    def as_dict(self) -> dict:
        return {"query": self.query, "status": self.status, "message": self.message,
                "reading": asdict(self.reading) if self.reading else None,
                "answers": [a.as_dict() for a in self.answers]}


@dataclass(frozen=True, eq=False)  # hashed by identity: the index holds each figure once per process
class _Figure:
    """One figure of the index: what is matched and ranked, and every publication that printed it."""

    measure: str
    period_start: str
    period_end: str
    sex: str
    value: float
    current: float | None
    mou: bool
    publications: tuple[Publication, ...]
    misquote: dict | None = None
    table: bool = False  # one of MOU's own tables printed it (not only press reports of its announcements)


def _publication(arrivals: Arrivals, source: str, as_of: str) -> Publication:
    cited = _cited(arrivals)[source]
    return Publication(source, cited.publisher_en or cited.publisher_ko, as_of, cited.url)


@cache
def _cited(arrivals: Arrivals) -> dict:
    return {c.source: c for c in arrivals.citations(arrivals.source_ids())}


@cache
def index(arrivals: Arrivals) -> tuple[_Figure, ...]:
    """Every figure once (measure, period, sex, value), with its publications oldest first, and every misquote; an
    MOU figure that also circulates as a misquote (an old vintage still quoted) carries its explanation."""
    rows = arrivals.figures()
    own = set(arrivals.publication_list()["publication"])   # on a day's tie MOU's own publication is the newer
    rows = rows[~rows["approximate"]].assign(_own=rows["source"].isin(own))
    rows = rows.sort_values(["as_of", "_own", "vintage"], kind="stable").drop(columns="_own")
    cited = _cited(arrivals)
    misquotes, misread = {}, {}  # by the claimed figure; by the official one where it is the same number
    for m in arrivals.misquotes().to_dict("records"):
        measure = "count" if m["claimed_start"] else "cumulative"
        misquotes[(measure, m["claimed_start"], m["claimed_end"], m["sex"], float(m["claimed_count"]))] = m
        if not is_missing(m["official_count"]) and m["official_count"] == m["claimed_count"]:  # a period misread
            misread[(measure, m["official_start"], m["official_end"], m["sex"], float(m["claimed_count"]))] = m
    figures = []
    for key, group in rows.groupby(["measure", "period_start", "period_end", "sex", "value"], sort=False):
        current = group["current"].iloc[0]
        figures.append(_Figure(*key[:4], value=float(key[4]), current=None if is_missing(current) else float(current),
                               mou=True, misquote=misquotes.get(key) or misread.get(key),
                               table=any(cited[source].publisher_ko == MOU for source in group["source"]),
                               publications=tuple(_publication(arrivals, source, as_of) for source, as_of
                                                  in zip(group["source"], group["as_of"]))))
    printed = {(f.measure, f.period_start, f.period_end, f.sex, f.value) for f in figures}
    for (measure, start, end, sex, value), m in misquotes.items():
        if (measure, start, end, sex, value) in printed:  # the figure above carries its explanation
            continue
        official = m["official_count"]
        figures.append(_Figure(measure, start, end, sex, value=value, mou=False, misquote=m,
                               current=None if is_missing(official) else float(official),
                               publications=tuple(Publication(url, url.split("/")[2], "", url)
                                                  for url in m["urls"].split())))
    return tuple(figures)


def refusal(query: str) -> str:
    """Why a question is refused before it is read ("" when it is not): empty, or longer than MAX_QUERY. A
    question that is read but holds no number is answered (status cannot-read), never refused."""
    if not query.strip():
        return "the question is empty: give a number as written, e.g. q=34,537"
    if len(query) > MAX_QUERY:
        return f"the question is {len(query)} characters long; the lookup reads at most {MAX_QUERY}"
    return ""


def lookup(arrivals: Arrivals, query: str, lang: str = "en") -> Lookup:
    """The answers to one written number, best first; a question with no number in it says so."""
    query = query[:MAX_QUERY]
    reading = read(query)
    if reading is None:
        return Lookup(query, None, message=t("lookup_cannot_read", lang, query=query), status="cannot-read")
    found, widened = _matches(arrivals, reading)
    number = _number(reading, reading.value, lang)
    if not found:
        return Lookup(query, reading, message=t("lookup_no_match", lang, number=number), status="no-match")
    answers = tuple(_answer(arrivals, figure, reading, lang) for figure in found[:SHOWN])
    message = t("lookup_found", lang, count=len(found))
    if widened:  # '1,142 in 2001': no figure of 2001 is 1,142, but 2002's is: say so before showing it
        message = t("lookup_widened", lang, number=number, what=", ".join(
            t(f"lookup_narrow_{name}", lang, year=reading.year, sex=t(f"sex_{reading.sex or 'total'}", lang).lower())
            for name in widened)) + " " + message
    return Lookup(query, reading, answers, message=message)


def _matches(arrivals: Arrivals, reading: Reading) -> tuple[list[_Figure], list[str]]:
    """The figures a reading can mean, ranked, narrowed by the words around it (year, part of a year, sex); and
    the narrowings that left nothing, so were dropped."""
    candidates = [f for f in index(arrivals) if (f.measure == "share") == reading.share and reading.admits(f.value)]
    dropped = []
    for name, narrow in (("year", _in_year), ("months", _in_months), ("sex", _of_sex)):
        kept = [f for f in candidates if narrow(f, reading)]
        if candidates and not kept:
            dropped.append(name)
        candidates = kept or candidates
    return sorted(candidates, key=lambda f: _rank(f, reading)), dropped


def _in_year(figure: _Figure, reading: Reading) -> bool:
    return reading.year is None or figure.period_end[:4] == str(reading.year)


def _in_months(figure: _Figure, reading: Reading) -> bool:
    if reading.months is None:
        return True
    return (bool(figure.period_start) and int(figure.period_start[5:7]) == reading.months[0]
            and int(figure.period_end[5:7]) == reading.months[1] and figure.period_start[:4] == figure.period_end[:4])


def _of_sex(figure: _Figure, reading: Reading) -> bool:
    return not reading.sex or figure.sex == reading.sex or figure.measure == "share"


def _exact(figure: _Figure, reading: Reading) -> bool:
    """The same number at the figure's own precision: '72%' is 72.2% rounded, '72.2%' is it exactly."""
    return figure.value == reading.value and (figure.measure != "share" or reading.unit <= 0.1)


def _status(figure: _Figure) -> str:
    """current: the figure that stands; revised: MOU printed it and replaced it since; misquote: on the misquote
    list and in no MOU table (a press misprint, or a first announcement only the press carried, then corrected)."""
    if figure.mou and figure.current is not None and figure.current == figure.value:
        return "current"
    return "misquote" if figure.misquote and not figure.table else "revised"


def _rank(figure: _Figure, reading: Reading) -> tuple:
    stands = _status(figure) == "current"
    open_start = not figure.period_start  # a cumulative total, or women's share of all arrivals to a date
    wants_total = reading.cumulative or (reading.share and reading.year is None and reading.months is None)
    gap = abs(figure.value - reading.value) / reading.unit
    closeness = float(gap > 0.5) if reading.qualifier in ("", "about") else gap  # rounds to it, or how near
    return (not _exact(figure, reading), not figure.mou, not stands, open_start != wants_total,
            figure.measure != "share" and figure.sex != (reading.sex or "total"), closeness,
            -int(figure.period_end.replace("-", "")), -len(figure.publications))


def _number(reading: Reading | _Figure, value: float, lang: str) -> str:
    share = reading.share if isinstance(reading, Reading) else reading.measure == "share"
    if share:
        return locale.percent(value, lang, 1 if value % 1 else 0)
    return locale.number(value, lang, decimals=0 if float(value).is_integer() else 1)


@lru_cache(maxsize=512)
def _rendered(arrivals: Arrivals, source: str, style: str) -> str:
    """A source's APA or Chicago entry, rendered by citeproc once per source (~40 ms each)."""
    return references.render(references.source_reference(_cited(arrivals)[source]), style)


def figure_note(figure: _Figure) -> str:
    """The figure a reference is cited for, in English (the references' language): 'Figure cited: arrivals,
    2025, total: 223.'"""
    period = locale.period_name(figure.period_start, figure.period_end, "en") if figure.period_start else (
        f"to {locale.date_text(figure.period_end, 'en')}")
    value = _number(figure, figure.value, "en")
    what = "Figure cited" if figure.mou else "Circulating figure cited (not MOU's)"
    return f"{what}: {t(f'lookup_measure_{figure.measure}', 'en')}, {period}, {figure.sex}: {value}."


@lru_cache(maxsize=2048)
def citations(arrivals: Arrivals, figure: _Figure, source: str) -> dict[str, str]:
    """The reference of one figure in every format: the publication's reference with the figure named in its
    note (BibTeX, RIS, CSL-JSON), and after the entry APA and Chicago render for the publication."""
    note = figure_note(figure)
    base = references.source_reference(_cited(arrivals)[source])
    ref = dataclasses.replace(base, key=f"{source}-{figure.measure}-{figure.period_end}-{figure.sex}",
                              extra="; ".join(filter(None, (base.extra, note.rstrip(".")))))
    out = {style: f"{_rendered(arrivals, source, style)} [{note}]" for style in references.STYLES}
    for fmt in references.FORMATS:
        if fmt not in out:
            out[fmt] = references.document([ref], fmt).decode("utf-8").rstrip("\n")
    return {fmt: out[fmt] for fmt in references.FORMATS}


@lru_cache(maxsize=2048)
def permalink(arrivals: Arrivals, figure: _Figure, lang: str) -> str:
    """The dashboard's view of the figure, with it highlighted in the Table (hl=): its years, sex, measure and
    kind of period (a quarter on the quarters' chart), in the publication that printed it last where the page
    draws that period from it, else in the latest figures (a cumulative: the whole series to it)."""
    end = int(figure.period_end[:4])
    start = int(figure.period_start[:4]) if figure.period_start else arrivals.years()[0]
    within = (figure.period_start[5:], figure.period_end[5:]) if figure.period_start[:4] == str(end) else None
    freq = next((freq for freq, held in SLOTS.items() if within in held), "year")  # a quarter on quarters
    view = View(metric=figure.measure if figure.period_start else "cumulative" if figure.measure == "cumulative"
                else "share", sex=figure.sex if figure.measure == "count" else "total", start=start, end=end,
                buckets=not figure.period_start or start != end, lang=lang, freq=freq)
    highlight = urls.highlight_key(figure.period_end, figure.sex)
    if figure.period_start:
        shown = set(arrivals.vintages()["vintage"])
        for publication in reversed(figure.publications):
            candidate = dataclasses.replace(view, vintage=publication.source)
            if publication.source in shown and len(arrivals.series(candidate)):
                return urls.page_url(candidate, tab="table", highlight=highlight)
    return urls.page_url(view, tab="table", highlight=highlight)


def figure_citations(arrivals: Arrivals, measure: str, period_start: str, period_end: str, sex: str, value: float,
                     source: str) -> dict[str, str]:
    """The reference of one figure a view shows (a Table row, a tooltip) in every format, as a lookup answer
    cites it; empty when the record holds no such printed figure of that source (a running total the page adds
    up, a change on the year before)."""
    for figure in index(arrivals):
        if (figure.measure, figure.period_start, figure.period_end, figure.sex, figure.value) == (
                measure, period_start, period_end, sex, float(value)) and figure.mou and any(
                p.source == source for p in figure.publications):
            return citations(arrivals, figure, source)
    return {}


def _instead(arrivals: Arrivals, figure: _Figure, misquote: dict, lang: str) -> str:
    """What MOU printed for a misquote's period and sex, and in which publication; or that it printed none."""
    if is_missing(misquote["official_count"]) or not misquote["official_source"]:
        return t("lookup_misquote_none", lang)
    (cited,) = arrivals.citations([misquote["official_source"]])
    return t("lookup_misquote_instead", lang, value=_number(figure, float(misquote["official_count"]), lang),
             period=_period(misquote["official_start"], misquote["official_end"], lang),
             published=citations_text.published(cited, lang))


def _period(start: str, end: str, lang: str) -> str:
    """A period in words ('2024', '2024 Q1'), or a cumulative's end ('to 31 Dec 2025')."""
    return locale.period_name(start, end, lang) if start else t("lookup_to", lang, date=locale.date_text(end, lang))


def _answer(arrivals: Arrivals, figure: _Figure, reading: Reading, lang: str) -> Answer:
    misquote = figure.misquote
    status = _status(figure)
    period = _period(figure.period_start, figure.period_end, lang)
    why = (" ".join(filter(None, (misquote["explanation_ko" if lang == "ko" else "explanation"],
                                  _instead(arrivals, figure, misquote, lang) if status == "misquote" else "")))
           if misquote else t("lookup_revised_to", lang, value=_number(figure, figure.current, lang))
           if status == "revised" and figure.current is not None else "")
    source = figure.publications[-1].source if figure.mou else MISQUOTES  # never the table it contradicts
    first, latest = figure.publications[0], figure.publications[-1]
    cited = dict(citations(arrivals, figure, source))
    values = {"value": _number(figure, figure.value, lang), "measure": t(f"lookup_measure_{figure.measure}", lang),
              "sex": t(f"sex_{figure.sex}", lang), "period": period, "first": first.publisher,
              "first_date": first.as_of or "–", "latest": latest.publisher, "latest_date": latest.as_of or "–",
              "count": len(figure.publications), "status": t(f"lookup_status_{status}", lang)}
    return Answer(
        value=figure.value, measure=figure.measure, sex=figure.sex, period=period, period_start=figure.period_start,
        period_end=figure.period_end, status=status, match="exact" if _exact(figure, reading) else "rounded",
        current=figure.current, mou=figure.mou, first=first, latest=latest, publications=len(figure.publications),
        why=why, citation=cited["apa"], citations=cited, cite=f"{urls.API_PREFIX}/cite.json?source={source}",
        permalink=permalink(arrivals, figure, lang) if figure.mou else "",
        text=t("lookup_answer", lang, **values) + (f" {why}" if why else ""))

"""The one URL grammar: the page state as short query parameters, read by the same rules at every edge, and the
addresses of the page, the embed page and the API.

Two ways to read, one set of rules:
- `parse` (the page, the embed page, the layout request) is forgiving: a value it cannot honour falls back to
  its default and becomes a `Notice` that the page shows as plain text (never markup).
- `parse_strict` (the API and the command line) refuses: a bad, unknown or repeated parameter raises
  `BadParameter`, naming it, quoting at most `SHOWN_VALUE` characters of it (escapes counted) and saying what is
  allowed.

A value is bounded in length before anything converts it, and a year is ASCII digits only: `str.isdigit()` also
accepts '²', '①', '٢٠١٥' and '２０１５', which `int()` rejects or reads as another number.

`asof` and `vs` name a day (YYYY-MM-DD, a real calendar day, not after today in UTC: the series as known on a day
that has not come would change once it comes, and a permalink must not). So the reading of those two depends on
the day: whatever caches a parsed answer keys it by `today()` too (serving/answers.py, page/callbacks.Pages).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode

from dashboard.data import (
    BREAKDOWN_DIMENSIONS,
    CHARTS,
    DIMENSIONS,
    FREQS,
    METRICS,
    SEXES,
    SUBYEAR_METRICS,
    Arrivals,
    View,
)
from dashboard.text import catalogue
from dashboard.text.catalogue import t
from etl.errors import UsageError

EMBED_ROUTE = "/embed"
API_PREFIX = "/api/v1"
CHART_ROUTE = "/charts"  # static SVG charts: the page's lower charts, the static site, crawlers
FEED_ROUTE = "/feed.atom"  # new and revised figures
DOWNLOAD_ROUTE = "/download"  # a view's file as a plain link: the page's downloads without scripts
SHOWN_VALUE = 40  # characters of a refused value quoted back
MAX_LISTED = 8  # allowed values named in an error: the vintages alone are dozens, and an error stays short
LISTED_CHARS = 200  # and at most this long (an error stays under 400 characters)
MAX_NOTICES = 10  # notices the page shows of one query: a mangled link of thousands of parameters shows its first
MAX_VALUE = 64  # characters of a value read at all: anything longer is refused before any conversion
MAX_QUERY = 200  # characters of a written number the lookup reads (q=): a sentence quoting one, not a page
YEAR = re.compile(r"[0-9]{4}", re.ASCII)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)  # asof=2015-06-30
HIGHLIGHT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-(?:total|male|female)", re.ASCII)  # hl=2009-12-31-total
FLAG = ("0", "1")


@dataclass(frozen=True)
class Param:
    """One query parameter: its name in the URL, the View field it sets (None: not part of a View), its kind
    (year, choice, flag) and what it means."""

    name: str
    field: str | None
    kind: str
    meaning: str


PARAMS = {p.name: p for p in (
    Param("from", "start", "year", "first year shown"),
    Param("to", "end", "year", "last year shown"),
    Param("sex", "sex", "choice", "total, male, female, or both (men and women side by side or stacked)"),
    Param("metric", "metric", "choice", "count, share (women's share %), cumulative, yoy (change on previous year)"),
    Param("vintage", "vintage", "choice", "latest, or the id of one publication (vintages.csv; of breakdowns: "
                                          "breakdowns.csv)"),
    Param("lang", "lang", "choice", "language of labels and notes"),
    Param("chart", "chart", "choice", "bar (stacked), grouped (side by side) or line"),
    Param("log", "log", "flag", "1: logarithmic value axis (counts only)"),
    Param("b", "buckets", "flag", "1: include the multi-year totals (up to 1998, 1999-2001)"),
    Param("ev", "events", "flag", "1: annotate cited events"),
    Param("asof", "asof", "day", "the series as MOU had published it on a day, YYYY-MM-DD (not after today; not with "
                                 "vintage): every period's figure as it stood then; empty for the latest figures"),
    Param("vs", "vs", "vintage", "the vintage drawn against the view: a publication id (publications.csv: the series "
                                 "as known the day it appeared) or a day YYYY-MM-DD (the series as known then)"),
    Param("freq", "freq", "choice", "year, half (half-years) or quarter: the periods drawn; half-years and quarters "
                                    "are the ones published (from 2015), gaps left empty, for count and share only"),
    Param("rev", None, "year", "the period (year it ends in) of the revisions view"),
    Param("dimension", None, "choice", "age, occupation or education"),
    Param("w", None, "choice", "the width class a static chart is drawn for"),
    Param("bv", None, "choice", "a breakdown's table: latest, compare (every table's shares), or a vintage id"),
    Param("tab", None, "choice", "what the chart card shows under the chart: chart (nothing more), table, sources, "
                                 "download (files and citations) or share (link, embed, API)"),
    Param("source", None, "choice", "a source id of sources.csv, or dataset (nk-arrivals itself)"),
    Param("theme", None, "choice", "the page's and the embed's colours: auto (the reader's system setting), light "
                                   "or dark"),
    Param("plain", None, "flag", "1: the embed's chart without hover, zoom or pan (a picture that still resizes)"),
    Param("static", None, "flag", "1: the embed without scripts: the server-drawn chart only, at its default height"),
    Param("q", None, "text", "a number as written (34,537 · 3만 4천 537명 · about 34,000 · 72%): the figures it "
                             "can mean, best first"),
    Param("hl", None, "figure", "one figure highlighted in the Table, with its citation: the last day of its "
                                "period and its sex (2009-12-31-total)"),
)}
VIEW_PARAMS = tuple(name for name, p in PARAMS.items() if p.field)  # what a View round-trips through
OPTIONAL = ("asof", "vs")  # view parameters written only when set: "" is the latest figures, and no comparison
PAGE_PARAMS = (*VIEW_PARAMS, "rev", "tab", "q", "hl", "theme")
TABS = ("chart", "table", "sources", "download", "share")
THEMES = ("auto", "light", "dark")  # auto follows the reader's prefers-color-scheme
EMBED_DEFAULTS = {"theme": THEMES[0], "plain": False, "static": False}  # how the embed looks, beside its view
WIDTHS = {"360": (360, 340), "760": (760, 440), "1160": (1160, 520)}  # width class -> static chart size
CHART_IMAGES = {"main": (*VIEW_PARAMS, "w"), "breakdown": ("dimension", "bv", "lang", "w"),
                "map": ("dimension", "bv", "lang", "w"),
                "revisions": ("rev", "lang", "w")}


class BadParameter(UsageError):
    """A parameter the API or the command line cannot honour. `kind` is bad (value), unknown (name), repeated,
    order (from after to), future (a day after today) or conflict (asof with a vintage); `value` is the value as
    messages quote it (`quote`: at most SHOWN_VALUE characters written out); `allowed` says what would do."""

    def __init__(self, kind: str, name: str, value: str | None, allowed: str):
        self.kind, self.name, self.allowed = kind, shorten(name), allowed
        self.value = None if value is None else quote(value)
        said = {"bad": "is not valid", "unknown": "is not a parameter here", "repeated": "is given more than once",
                "order": "is after to", "future": "is after today", "conflict": "cannot be given with vintage"}[kind]
        shown = "" if value is None else f"={self.value}"
        super().__init__(f"{self.name}{shown} {said}: {allowed}")


class Invalid(ValueError):
    """A value that the rules of its parameter refuse; `allowed` says what they accept."""

    kind = "bad"

    def __init__(self, allowed: str):
        super().__init__(allowed)
        self.allowed = allowed


class Future(Invalid):
    """A day after today: a rule no schema of the parameter can state (its bound moves every day)."""

    kind = "future"


@dataclass(frozen=True)
class Notice:
    """One parameter the page did not honour: `kind` is bad (value), unknown (name), repeated, order (from > to),
    future (a day after today) or conflict (asof beside a vintage: the vintage is drawn)."""

    kind: str
    name: str = ""
    value: str = ""
    default: str = ""

    def text(self, lang: str) -> str:
        return t(f"notice_{self.kind}", lang, name=self.name, value=self.value, default=self.default)


@dataclass(frozen=True)
class State:
    """A parsed page URL; `search` is the query string as the browser has it ("" or "?..."), None when the
    state was made in code."""

    view: View
    revision: int | None
    notices: tuple[Notice, ...] = ()
    search: str | None = None
    tab: str = TABS[0]
    query: str = ""  # the page's lookup question (q=), "" for none
    highlight: str = ""  # the figure highlighted (hl=, `highlight_key`), "" for none
    theme: str = THEMES[0]  # the colours the URL asks for (theme=), auto for the reader's own


@dataclass(frozen=True)
class Request:
    """A strictly parsed query: the View, the revisions year, the breakdown (dimension and table), and the names
    actually given."""

    view: View
    revision: int | None
    dimension: str
    given: frozenset[str]
    breakdown: str = "latest"


def default_view(arrivals: Arrivals) -> View:
    """The dashboard's default view: the latest figures over every year (buckets off, so from 2002)."""
    first, last = arrivals.years()
    return View(start=first, end=last)


def default_revision(arrivals: Arrivals) -> int | None:
    years = arrivals.revision_periods()["year"]
    return int(years.max()) if len(years) else None


def shorten(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"


def quote(value: str) -> str:
    """A refused value as an error quotes it: Python's repr, so no control character reaches a log or a terminal,
    of as many first characters as make at most SHOWN_VALUE characters written out (an escape such as \\U0001342f
    is ten), then … if it goes on."""
    end = min(len(value), SHOWN_VALUE)
    while len(repr(value[:end])) - 2 > SHOWN_VALUE:
        end -= 1
    shown = repr(value[:end])
    return shown if end == len(value) else f"{shown[:-1]}…{shown[-1]}"


def one_of(values) -> str:
    """The allowed values, in words: the first MAX_LISTED within LISTED_CHARS (publication ids are long), and how
    many more (the API's description lists all)."""
    values = list(values)
    shown: list[str] = []
    for value in values[:MAX_LISTED]:
        if shown and len(", ".join([*shown, value])) > LISTED_CHARS:
            break
        shown.append(value)
    if len(shown) == len(values):
        return "one of " + ", ".join(values)
    return (f"one of {', '.join(shown)} or {len(values) - len(shown)} more "
            f"(listed at {API_PREFIX}/openapi.json)")


def choices(name: str, arrivals: Arrivals, resource: str = "arrivals") -> tuple[str, ...]:
    """The values a choice parameter accepts where it reads `resource` (what the page, an API path or a command
    serves). Only `vintage` depends on it: the breakdowns name their own publications first, then every other
    vintage, which holds none (the API's 404 names those that do)."""
    if name == "bv":
        return ("latest", "compare", *arrivals.breakdown_vintage_ids())
    if name == "vintage":
        own = arrivals.breakdown_vintage_ids() if resource == "breakdowns" else ()
        return tuple(dict.fromkeys(("latest", *own, *arrivals.vintage_menu()["publication"],
                                    *arrivals.vintages()["vintage"])))
    return {"sex": SEXES, "metric": METRICS, "chart": CHARTS, "lang": catalogue.LANGS, "freq": FREQS,
            "dimension": BREAKDOWN_DIMENSIONS, "tab": TABS, "theme": THEMES, "w": tuple(WIDTHS),
            "source": (*arrivals.source_ids(), "dataset")}[name]


def today() -> str:
    """Today in UTC, ISO: the last day `asof` and `vs` may name."""
    return datetime.now(UTC).date().isoformat()


def read_day(raw: str) -> str:
    """A day as asof= and vs= take it; raises Invalid (not a calendar day) or Future (after today)."""
    allowed = f"a day as YYYY-MM-DD, up to today ({today()})"
    if len(raw) > MAX_VALUE or not DAY.fullmatch(raw):
        raise Invalid(allowed)
    try:
        date.fromisoformat(raw)
    except ValueError:
        raise Invalid(allowed) from None
    if raw > today():
        raise Future(allowed)
    return raw


def years(name: str, arrivals: Arrivals) -> tuple[int, int]:
    """The range a year parameter accepts: the latest series' years; for `rev`, those with a published figure."""
    if name == "rev":
        shown = arrivals.series(View(buckets=True))["year"]
        return int(shown.min()), int(shown.max())
    return arrivals.years()


def read(name: str, raw: str, arrivals: Arrivals, resource: str = "arrivals"):
    """The value of one parameter where it reads `resource`, by its kind; raises Invalid saying what is allowed."""
    param = PARAMS[name]
    if param.kind == "text":
        if len(raw) > MAX_QUERY or not raw.strip():
            raise Invalid(f"a number as written, 1 to {MAX_QUERY} characters")
        return raw
    if param.kind == "figure":
        if len(raw) > MAX_VALUE or not HIGHLIGHT.fullmatch(raw):
            raise Invalid("the last day of a period and a sex, as 2009-12-31-total")
        return raw
    if param.kind == "year":
        first, last = years(name, arrivals)
        allowed = f"a year from {first} to {last}, in ASCII digits"
        if len(raw) > MAX_VALUE or not YEAR.fullmatch(raw) or not first <= int(raw) <= last:
            raise Invalid(allowed)
        if name == "rev" and int(raw) not in set(arrivals.series(View(buckets=True))["year"]):
            raise Invalid(allowed)
        return int(raw)
    if param.kind in ("day", "vintage"):
        if raw == "":
            return raw
        if param.kind == "vintage" and raw in publication_ids(arrivals):
            return raw
        try:
            return read_day(raw)
        except Invalid as invalid:
            if param.kind == "day":
                raise
            raise type(invalid)(f"a publication id ({one_of(publication_ids(arrivals))}) or {invalid.allowed}") \
                from None
    if param.kind == "flag":
        if raw not in FLAG:
            raise Invalid("0 or 1")
        return raw == "1"
    allowed = choices(name, arrivals, resource)
    if len(raw) > MAX_VALUE or raw not in allowed:
        raise Invalid(one_of(allowed))
    return raw


def publication_ids(arrivals: Arrivals) -> tuple[str, ...]:
    """What vs= names besides a day: every MOU publication, newest first."""
    return tuple(arrivals.publication_list()["publication"][::-1])


def _pairs(search: str | None) -> list[tuple[str, str]]:
    return parse_qsl((search or "").lstrip("?"), keep_blank_values=True)


def parse(search: str | None, arrivals: Arrivals) -> State:
    """The page's State from a query string ('?from=2002&sex=female'); what it cannot honour becomes a Notice.
    Anything but a string (a callback request not sent by the page) reads as the empty query."""
    search = search if isinstance(search, str) else ""
    return parse_pairs(_pairs(search), arrivals, search)


def embed_options(search: str, arrivals: Arrivals) -> tuple[dict, list[tuple[str, str]], list[Notice]]:
    """The embed options of a query string ({theme, plain, static}), the pairs left for `parse_pairs`, and a
    Notice for each option value it cannot honour (that option keeps its default)."""
    options = dict(EMBED_DEFAULTS)
    rest, notices = [], []
    for name, raw in _pairs(search):
        if name not in EMBED_DEFAULTS:
            rest.append((name, raw))
            continue
        try:
            options[name] = read(name, raw, arrivals)
        except Invalid:
            old = options[name]
            notices.append(Notice("bad", name, shorten(raw), str(int(old) if isinstance(old, bool) else old)))
    return options, rest, notices


def parse_pairs(pairs: Iterable[tuple[str, str]], arrivals: Arrivals, search: str = "") -> State:
    """The forgiving reading of (name, value) pairs, as `parse` reads a query string."""
    default = default_view(arrivals)
    values: dict = {}
    notices: list[Notice] = []
    revision = default_revision(arrivals)
    tab, query, highlight, theme = TABS[0], "", "", THEMES[0]
    seen: set[str] = set()
    for name, raw in pairs:
        if name not in PAGE_PARAMS:
            notices.append(Notice("unknown", shorten(name)))
            continue
        if name in seen:  # a value was already honoured: a link that says two things gets the first
            notices.append(Notice("repeated", name, shorten(raw)))
            continue
        field = PARAMS[name].field
        try:
            value = read(name, raw, arrivals)
        except Invalid as invalid:
            others = {"rev": revision, "tab": tab, "q": query, "hl": highlight, "theme": theme}
            old = others.get(name) if field is None else getattr(default, field)
            notices.append(Notice(invalid.kind, name, shorten(raw), _shown_default(name, old)))
            continue
        seen.add(name)
        if name == "tab":
            tab = value
        elif name == "q":
            query = value
        elif name == "hl":
            highlight = value
        elif name == "theme":
            theme = value
        elif field is None:
            revision = value
        else:
            values[field] = value
    view = dataclasses.replace(default, **values)
    if view.start > view.end:
        view = dataclasses.replace(view, start=view.end, end=view.start)
        notices.append(Notice("order"))
    if view.asof and view.vintage != "latest":  # one publication's figures do not change with the day asked
        notices.append(Notice("conflict", "asof", view.asof, view.vintage))
        view = dataclasses.replace(view, asof="")
    if not subyear_fits(view):
        notices.append(Notice("bad", "freq", view.freq, default.freq))
        view = dataclasses.replace(view, freq=default.freq)
    return State(view, revision, tuple(notices[:MAX_NOTICES]), search or "", tab, query, highlight, theme)


def _shown_default(name: str, old) -> str:
    """A parameter's default as a notice names it: a flag as 0/1; no asof is the latest figures, no vs none."""
    if old == "":
        return "none" if name == "vs" else "latest"
    return str(int(old) if isinstance(old, bool) else old)


def parse_strict(pairs: Iterable[tuple[str, str]], arrivals: Arrivals, accepted: Collection[str],
                 resource: str = "arrivals") -> Request:
    """A Request for `resource` from (name, value) pairs; the first parameter that is unknown, repeated or bad
    raises BadParameter."""
    given: dict[str, object] = {}
    for name, raw in pairs:
        if name not in accepted:
            raise BadParameter("unknown", name, None, "use " + ", ".join(accepted))
        if name in given:
            raise BadParameter("repeated", name, raw, "give it once")
        if raw == "" and name in OPTIONAL:  # a script says what it means: leaving it out is the latest figures
            raise BadParameter("bad", name, raw, f"use {PARAMS[name].meaning.split(':')[0]}, or leave {name} out")
        try:
            given[name] = read(name, raw, arrivals, resource)
        except Invalid as invalid:
            raise BadParameter(invalid.kind, name, raw, "use " + invalid.allowed) from None
    view = dataclasses.replace(default_view(arrivals), **{PARAMS[n].field: v for n, v in given.items()
                                                           if PARAMS[n].field})
    if view.start > view.end:
        raise BadParameter("order", "from", str(view.start), f"use a year up to to={view.end}")
    if view.asof and view.vintage != "latest":
        raise BadParameter("conflict", "asof", view.asof, "give asof (the series as known on a day) or vintage "
                                                          "(one publication's figures), not both")
    if not subyear_fits(view):
        raise BadParameter("bad", "freq", view.freq, f"use year with metric={view.metric}, asof or vs (half-years "
                                                     f"and quarters have {' and '.join(SUBYEAR_METRICS)} only, of "
                                                     "one vintage)")
    return Request(view, given.get("rev", default_revision(arrivals)), str(given.get("dimension", DIMENSIONS[0])),
                   frozenset(given), str(given.get("bv", "latest")))


def subyear_fits(view: View) -> bool:
    """A half-year or quarter chart only of a published measure of one vintage: a running total or a yearly change
    of sub-year figures is a figure no one published, and sub-year figures are not kept as known on each day."""
    return view.freq == FREQS[0] or (view.metric in SUBYEAR_METRICS and not view.asof and not view.vs)


def encode(view: View, revision: int | None, tab: str = TABS[0], query: str = "", highlight: str = "",
           theme: str = THEMES[0]) -> str:
    """The page's query string, every view parameter spelled out so that a shared link survives new defaults;
    the tab only when it is not the chart alone, the lookup's question and the highlighted figure only when
    there is one, the theme only when it is not the reader's own (auto)."""
    params = view_params(view, VIEW_PARAMS)
    if revision is not None:
        params["rev"] = revision
    if tab != TABS[0]:
        params["tab"] = tab
    if query:
        params["q"] = query
    if highlight:
        params["hl"] = highlight
    if theme != THEMES[0]:
        params["theme"] = theme
    return "?" + urlencode(params)


def highlight_key(period_end: str, sex: str) -> str:
    """The hl= value of one figure of a view: its period's last day and its sex (one period ends on a day)."""
    return f"{period_end}-{sex}"


def view_params(view: View, names: Iterable[str]) -> dict:
    """The URL parameters `names` of a view, as written: flags as 0/1, asof and vs only when set."""
    return {name: _text(getattr(view, PARAMS[name].field)) for name in names
            if name not in OPTIONAL or getattr(view, PARAMS[name].field)}


def _text(value) -> str | int:
    return int(value) if isinstance(value, bool) else value


def page_url(view: View, revision: int | None = None, base: str = "", tab: str = TABS[0],
             highlight: str = "") -> str:
    """The dashboard page of a view (with one figure highlighted); `base` is the site's address ("" for a path
    on this site)."""
    return f"{base.rstrip('/')}/{encode(view, revision, tab, highlight=highlight)}"


def embed_url(view: View, base: str = "", options: dict | None = None) -> str:
    """The chart-only page of a view, for an iframe, with the embed options (`embed_options`) that differ from
    EMBED_DEFAULTS."""
    changed = {name: int(value) if isinstance(value, bool) else value for name, value in (options or {}).items()
               if name in EMBED_DEFAULTS and value != EMBED_DEFAULTS[name]}
    return f"{base.rstrip('/')}{EMBED_ROUTE}{encode(view, None)}" + (f"&{urlencode(changed)}" if changed else "")


def download_url(view: View, fmt: str, base: str = "") -> str:
    """A view's file in one format (the Download buttons' bytes, default size) as a plain link; `fmt` may also
    name a record download (triangle.csv, realtime.xlsx)."""
    return f"{base.rstrip('/')}{DOWNLOAD_ROUTE}/{fmt}{encode(view, None)}"


API_VIEW = ("from", "to", "sex", "metric", "vintage", "lang", "b", "freq", "asof", "vs")  # what the arrivals API reads


def api_url(resource: str, fmt: str, view: View, base: str = "") -> str:
    """The API address that serves a view's rows (the same bytes as the page's download)."""
    query = urlencode(view_params(view, API_VIEW))
    return f"{base.rstrip('/')}{API_PREFIX}/{resource}.{fmt}?{query}"


def chart_image_url(kind: str, lang: str, view: View | None = None, width: str = "760", **params) -> str:
    """The address of a static chart (charts/svg): the main chart of a view, one breakdown, or one revisions
    view, in one width class."""
    query = view_params(view, VIEW_PARAMS) if view else {"lang": lang}
    return f"{CHART_ROUTE}/{kind}.svg?" + urlencode({**query, **params, "w": width})

"""Layout functions: the page shell, and the page for one parsed URL state in one language.

The page arrives whole, charts, tables and citations included, so a reader sees the chart without waiting
for a chain of callbacks; callbacks only answer what the reader changes afterwards, with the same functions
(`main_outputs`, `revision_outputs`), cached per process because they are pure in (view, immutable data).

Controls are native inputs where Dash offers them (radio buttons, checkboxes, number fields), grouped in
fieldsets with legends, so every control works from the keyboard and is named for screen readers.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.charts import figures, style
from dashboard.data import DIMENSIONS, Arrivals, Status, View
from dashboard.page import downloads, ids
from dashboard.text import caveats, citations, locale
from dashboard.text.catalogue import t
from dashboard.urls import State, encode

# A lazy chart's stand-in until it is drawn: every chart's height, so nothing moves when it is.
BLANK = {"data": [], "layout": {"height": style.HEIGHT, "xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def shell(page_: html.Div | None = None, search: str | None = None) -> html.Div:
    """What the server sends first: a URL tracker and the page built for `search` (see
    `callbacks.register_page`), or an empty page that the page callback fills from the URL.

    The page carries its own URL tracker for the controls: a callback whose inputs exist only in part is an
    error in Dash, so the one that owns URL <-> controls must find all of them in the page it belongs to."""
    return html.Div([dcc.Location(id=ids.PAGE_URL, refresh=False), dcc.Store(id=ids.PAGE_SEARCH, data=search),
                     html.Div(page_, id=ids.PAGE, className="page")])


def page(arrivals: Arrivals, state: State, host_url: str = "") -> html.Div:
    """The whole page for `state`: header, notices, headline figures, main chart, the take-away panel,
    breakdowns, revisions, terminology. `host_url` is the site's address, for links to copy."""
    lang = state.view.lang
    # The URL tracker starts with the search the page was built for: without it, it would report the URL as a
    # change on mount and set every URL-driven callback off on page load.
    known = {} if state.search is None else {"search": state.search}
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False, **known),
        dcc.Location(id=ids.RELOAD, refresh=True),
        dcc.Store(id=ids.LANG, data=lang),
        html.A(t("skip", lang), href="#main-chart-section", className="skip-link"),
        _header(state),
        _notices(state, lang),
        html.Main([
            _headlines(arrivals, lang),
            _main_chart(arrivals, state),
            downloads.section(arrivals, state, host_url),
            _breakdowns(arrivals, lang),
            _revisions(arrivals, state),
            _terminology(lang),
        ]),
        html.Footer(html.P(t("footer", lang)), className="footer"),
    ], lang=lang, className=f"lang-{lang}")


def _header(state: State) -> html.Header:
    lang = state.view.lang
    other = "ko" if lang == "en" else "en"
    return html.Header([
        html.Div([
            html.H1(t("title", lang)),
            html.P(t("subtitle", lang), className="lede"),
        ]),
        html.Nav(html.A(t("lang_switch", lang), id=ids.LANG_LINK, lang=other, hrefLang=other,
                        href=lang_href(state.view, state.revision, other),
                        title=t("lang_switch_label", lang)),
                 **{"aria-label": t("lang_switch_label", lang)}, className="lang-nav"),
    ], className="header")


def lang_href(view: View, revision: int | None, lang: str) -> str:
    """The same view in another language (a full page load, so that <html lang> and every label change)."""
    return encode(dataclasses.replace(view, lang=lang), revision)


def notice_children(state: State, lang: str) -> list:
    if not state.notices:
        return []
    return [html.Strong(t("notice_title", lang)),
            html.Ul([html.Li(n.text(lang)) for n in state.notices])]


def _notices(state: State, lang: str) -> html.Div:
    return html.Div(notice_children(state, lang), id=ids.NOTICE, role="status", **{"aria-live": "polite"},
                    className="notice")


def _headlines(arrivals: Arrivals, lang: str) -> html.Section:
    figures_ = arrivals.headline()
    latest, cumulative, share, peak = (figures_[k] for k in ("latest", "cumulative", "female_share", "peak"))
    last = int(latest.period_end[:4])
    cards = [
        (t("hl_latest", lang, year=last), locale.number(latest.value, lang, unit=True), latest),
        (t("hl_cumulative", lang, last=last), locale.number(cumulative.value, lang, unit=True),
         cumulative),
        (t("hl_share", lang), locale.percent(share.value, lang), share),
        (t("hl_peak", lang, year=peak.period_end[:4]), locale.number(peak.value, lang, unit=True), peak),
    ]
    return html.Section([
        html.H2(t("headlines", lang), className="visually-hidden"),
        html.Ul([_card(label, value, headline, arrivals, lang) for label, value, headline in cards],
                className="cards"),
    ], id=ids.HEADLINES, **{"aria-label": t("headlines", lang)})


def _card(label: str, value: str, headline, arrivals: Arrivals, lang: str) -> html.Li:
    badge = [html.Span(t("provisional_badge", lang), className="badge")] \
        if headline.status != "final" else []
    cited = arrivals.citations(headline.sources)
    return html.Li([
        html.Span(label, className="card-label"),
        html.Span(value, className="card-value"),
        *badge,
        html.Span(t("hl_as_of", lang, date=citations.as_of(cited[0], lang) if len(cited) == 1
                         else locale.date_text(headline.as_of, lang)), className="card-as-of"),
        html.Span(" · ".join(f"{citations.publisher(c, lang)}, {citations.title(c, lang)}" for c in cited),
                  className="card-source"),
    ], className="card", **{"data-key": headline.key})


def _fieldset(legend: str, control, note: str | None = None) -> html.Fieldset:
    return html.Fieldset([html.Legend(legend), control, *([html.P(note, className="hint")] if note else [])],
                         className="control")


def _controls(arrivals: Arrivals, view: View) -> html.Form:
    lang = view.lang
    first, last = arrivals.years()
    vintages = arrivals.vintages(lang)
    vintages = vintages[vintages["periods"] > 0]
    options = [{"label": t("vintage_latest", lang), "value": "latest"},
               *({"label": label, "value": v} for v, label in zip(vintages["vintage"], vintages["label"]))]
    flags = [flag for flag, on in (("log", view.log), ("buckets", view.buckets), ("events", view.events)) if on]
    return html.Form([
        _fieldset(t("metric", lang), dcc.RadioItems(
            id=ids.METRIC, value=view.metric, className="radios",
            options=[{"label": t(f"metric_{m}", lang), "value": m} for m in ("count", "share", "cumulative", "yoy")])),
        _fieldset(t("sex", lang), dcc.RadioItems(
            id=ids.SEX, value=view.sex, className="radios",
            options=[{"label": t(f"sex_{s}", lang), "value": s} for s in ("total", "male", "female", "both")])),
        html.Fieldset([
            html.Legend(t("years", lang)),
            html.Label([t("year_from", lang),
                        dcc.Input(id=ids.YEAR_FROM, type="number", min=first, max=last, step=1, value=view.start,
                                  debounce=True, required=True)]),
            html.Label([t("year_to", lang),
                        dcc.Input(id=ids.YEAR_TO, type="number", min=first, max=last, step=1, value=view.end,
                                  debounce=True, required=True)]),
        ], className="control years"),
        _fieldset(t("chart", lang), dcc.RadioItems(
            id=ids.CHART, value=view.chart, className="radios",
            options=[{"label": t(f"chart_{c}", lang), "value": c} for c in ("bar", "grouped", "line")])),
        html.Div([
            html.Label(t("vintage", lang), htmlFor=ids.VINTAGE, id=f"{ids.VINTAGE}-label"),
            dcc.Dropdown(id=ids.VINTAGE, value=view.vintage, options=options, clearable=False, searchable=True),
        ], className="control vintage"),
        _fieldset(t("options", lang), dcc.Checklist(
            id=ids.OPTIONS, value=flags, className="checks",
            options=[{"label": t(f"opt_{o}", lang), "value": o} for o in ("log", "buckets", "events")])),
    ], className="controls", **{"aria-label": t("controls", lang)})


def citation_children(cited: list, caveats: list[str], lang: str) -> list:
    """The citation block: one description list per source, then the caveats for the current view."""
    out = [html.H3(t("citation", lang))]
    for citation in cited:
        items = []
        for label, text in citations.block(citation, lang):
            value = html.A(text, href=text, rel="noopener noreferrer") if text.startswith(("http://", "https://")) \
                else text
            items.extend([html.Dt(label), html.Dd(value)])
        out.append(html.Dl(items, **{"data-source": citation.source}))
    out.append(html.P(html.Strong(t("cite_caveats", lang))))
    out.append(html.Ul([html.Li(c) for c in caveats]) if caveats else html.P(t("cite_none", lang)))
    return out


def _figure(graph_id: str, summary_id: str, figure, summary: str, lazy: bool = False) -> html.Figure:
    """A chart and its generated text summary; the figcaption names the figure for screen readers.

    A `lazy` chart (below the fold) is drawn when it comes near the viewport (see `_lazy`): plotly draws each
    chart in one long task of the main thread, and the reader is waiting for the first chart.
    """
    caption = html.Figcaption(summary, id=summary_id, className="summary")
    if not lazy:
        graph = dcc.Graph(id=graph_id, figure=figure, config=style.GRAPH_CONFIG, className="graph")
        return html.Figure([graph, caption],
                           **{"aria-describedby": summary_id})
    return html.Figure([dcc.Graph(id=graph_id, figure=BLANK, config=style.GRAPH_CONFIG, className="graph"), caption,
                        *_lazy(graph_id, figure)],
                       **{"aria-describedby": summary_id, "data-seen": ids.lazy(graph_id, "seen")})


def _lazy(id_: str, content) -> list[dcc.Store]:
    """The stores of a part drawn when it comes near the viewport: its content waits in one (as plain JSON: a
    store holds no components); assets/lazy.js sets the other when the element marked `data-seen` nears the
    viewport, and `callbacks.register_lazy` draws the content then, and again whenever a callback changes it."""
    return [dcc.Store(id=ids.lazy(id_, "content"), data=plain(content)),
            dcc.Store(id=ids.lazy(id_, "seen"), data=False)]


def plain(value):
    """A value as plain JSON: components become {type, namespace, props} dicts, the form Dash sends them in."""
    return json.loads(to_json_plotly(value))


def _main_chart(arrivals: Arrivals, state: State) -> html.Section:
    lang = state.view.lang
    figure, summary, note, citation, table = main_outputs(state.view, arrivals)
    return html.Section([
        html.H2(t("main_chart", lang)),
        _controls(arrivals, state.view),
        html.P(note, id=ids.MAIN_NOTE, className="hint", **{"aria-live": "polite"}),
        _figure(ids.MAIN_CHART, ids.MAIN_SUMMARY, figure, summary),
        html.Div(citation, id=ids.MAIN_CITATION, className="citation"),
        html.H3(t("table", lang), id=f"{ids.MAIN_TABLE}-heading"),
        *_table_region(ids.MAIN_TABLE, table),
    ], id="main-chart-section", className="chart-card")


@lru_cache(maxsize=32)  # pure in (view, immutable data): each view is built once per process
def main_outputs(view: View, arrivals: Arrivals) -> tuple:
    """Everything under the controls for one view: figure, summary, note, citation block, table."""
    lang = view.lang
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"])
    notes = []
    if view.log and not view.log_applies:
        notes.append(t("log_unavailable", lang))
    if view.metric == "share" and view.sex != "total":
        notes.append(t("share_sex_note", lang))
    said = caveats.texts(arrivals.caveats(frame, view), lang)
    shown = frame.assign(label=figures.labels(frame, lang))
    return (figures.main_chart(arrivals, view).to_plotly_json(), figures.summary(frame, view, lang), " ".join(notes),
            citation_children(cited, said, lang),
            data_table(shown, ["label", *[c for c in frame.columns if c != "year"]], lang))


def _table_region(id_: str, table: html.Table) -> list:
    """A table that scrolls sideways inside its own box on a phone, focusable so the keyboard can scroll it;
    drawn when it comes near the viewport (a table of 300 cells is a third of the page's components, and
    the reader is waiting for the chart)."""
    return [html.Div(id=id_, className="table-wrap", tabIndex="0", role="region",
                     **{"aria-labelledby": f"{id_}-heading", "data-seen": ids.lazy(id_, "seen")}),
            *_lazy(id_, table)]


NUMERIC = frozenset({"value", "count", "year"})


def data_table(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> html.Table:
    """The rows of a chart as a plain HTML table, headers in the page's language, numbers right-aligned.

    Hand-written rather than dash-ag-grid: the grid's scripts weigh more than the rest of the page, for tables
    of at most a few dozen rows, which the CSV/XLSX downloads carry whole (docs/performance.md).
    """
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col",
                            className="num" if c in NUMERIC else None) for c in columns])
    body = [html.Tr([html.Td(_cell(value, lang), className="num" if c in NUMERIC else None)
                     for c, value in zip(columns, row)])
            for row in frame[list(columns)].itertuples(index=False)]
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table")


def _cell(value, lang: str) -> str:
    """A cell's text: the dataset's own value (as in the CSV), a figure's status in words (so a provisional
    or multi-year figure says so), yes/no for flags, nothing for a missing value."""
    if isinstance(value, Status):
        return t(f"status_{value.value}", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _breakdowns(arrivals: Arrivals, lang: str) -> html.Section:
    cards = []
    for dimension in DIMENSIONS:
        figure, summary, footnote, citation = breakdown_outputs(dimension, lang, arrivals)
        cards.append(html.Div([
            _figure(ids.breakdown(dimension, "chart"), ids.breakdown(dimension, "summary"), figure, summary,
                    lazy=True),
            html.P(footnote, className="footnote"),
            html.Div(citation, id=ids.breakdown(dimension, "citation"), className="citation"),
        ], className="chart-card"))
    return html.Section([html.H2(t("breakdowns", lang)), html.Div(cards, className="breakdowns")])


@lru_cache(maxsize=16)  # pure in (dimension, lang, immutable data)
def breakdown_outputs(dimension: str, lang: str, arrivals: Arrivals) -> tuple:
    """One breakdown: figure, summary, the footnote on the protective-facility gap, citation block."""
    frame = arrivals.breakdown(dimension)
    figure, summary, footnote = figures.breakdown_figure(arrivals, dimension, lang)
    cited = arrivals.citations(frame["source"])
    notes = caveats.texts(arrivals.breakdown_caveats(frame), lang)
    return figure, summary, footnote, citation_children(cited, notes, lang)


def revision_options(arrivals: Arrivals, lang: str) -> list[dict]:
    """Every period of the latest series, newest first; those whose figure was ever revised say so."""
    periods = arrivals.series(View(buckets=True)).drop_duplicates(["period_start", "period_end"])
    revised = set(arrivals.revision_periods()["period_end"])
    return [{"label": label + (f" — {t('revised', lang)}" if end in revised else ""), "value": int(year)}
            for label, end, year in zip(figures.labels(periods, lang), periods["period_end"], periods["year"])][::-1]


def _revisions(arrivals: Arrivals, state: State) -> html.Section:
    lang = state.view.lang
    figure, summary, citation, table = revision_outputs(state.revision, lang, arrivals)
    return html.Section([
        html.H2(t("revisions", lang)),
        html.Div([
            html.Label(t("revision_period", lang), htmlFor=ids.REV_PERIOD),
            dcc.Dropdown(id=ids.REV_PERIOD, value=state.revision, options=revision_options(arrivals, lang),
                         clearable=False, searchable=True),
        ], className="control vintage"),
        _figure(ids.REV_CHART, ids.REV_SUMMARY, figure, summary, lazy=True),
        html.Div(citation, id=ids.REV_CITATION, className="citation"),
        html.H3(t("revision_table", lang), id=f"{ids.REV_TABLE}-heading", className="visually-hidden"),
        *_table_region(ids.REV_TABLE, table),
    ], className="chart-card")


@lru_cache(maxsize=256)  # pure in (year, lang, immutable data)
def revision_outputs(year: int | None, lang: str, arrivals: Arrivals) -> tuple:
    """The revisions view of the period ending in `year` (every published value): figure, summary, citations,
    table."""
    frame = arrivals.publications(year)
    fig, summary = figures.revision_figure(arrivals, year, lang)
    columns = ["period", "sex", "count", "provisional", "latest", "as_of", "vintage", "source"]
    notes = caveats.texts(arrivals.caveats(frame), lang)
    return (fig, summary, citation_children(arrivals.citations(frame["source"]), notes, lang),
            data_table(frame, columns, lang))


def _terminology(lang: str) -> html.Section:
    return html.Section([html.H2(t("terms", lang)), html.P(t("terms_text", lang))], className="terms")

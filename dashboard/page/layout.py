"""The page for one URL state, built whole on the server: the chart first, everything else on demand.

A reader sees a title, a strip of four headline figures, and one chart card: a compact control bar, the chart, a
one-line source and at most a few short caveats; Table, Sources, Download & cite and Share & embed are tabs of
the same card, in the URL (`tab=`). Breakdowns and revisions follow as static images with their own controls.
This module is the tree; what in it follows the view (and what callbacks answer the reader's changes with) is
`page/outputs.py`'s, so that the first paint and a callback fill it with the same functions.

Controls are native inputs grouped in fieldsets with legends, so every control works from the keyboard and is
named for screen readers; `page/static.py` renders this same tree as HTML for the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode

from dash import dcc, html

from dashboard import urls
from dashboard.charts import figures, style
from dashboard.data import BREAKDOWN_DIMENSIONS, FREQS, METRICS, PLACES, Arrivals, Status, View
from dashboard.exports import feed
from dashboard.page import downloads, ids, maps, outputs
from dashboard.text import citations, locale
from dashboard.text.catalogue import t
from dashboard.urls import VIEW_PARAMS, State, encode

PARAM_OF = {p.field: name for name, p in urls.PARAMS.items() if p.field}  # View field -> URL parameter
CONTROL_FIELDS = tuple(name for name in VIEW_PARAMS if name != "lang")  # the control bar's: a view but its language


def shell(page_: html.Div | None = None, search: str | None = None) -> html.Div:
    """What the server sends first: a URL tracker and the page built for `search` (see
    `callbacks.register_page`), or an empty page that the page callback fills from the URL.

    The page carries its own URL tracker for the controls: a callback whose inputs exist only in part is an
    error in Dash, so the one that owns URL <-> controls must find all of them in the page it belongs to."""
    return html.Div([dcc.Location(id=ids.PAGE_URL, refresh=False), dcc.Store(id=ids.PAGE_SEARCH, data=search),
                     html.Div(page_, id=ids.PAGE, className="page")])


def page(arrivals: Arrivals, state: State, host_url: str = "") -> html.Div:
    """The whole page for `state`: header, notices, headline strip, the chart card with its tabs, breakdowns,
    revisions, terminology. `host_url` is the site's address, for links to copy."""
    lang = state.view.lang
    # The URL tracker starts with the search the page was built for: without it, it would report the URL as a
    # change on mount and set every URL-driven callback off on page load.
    known = {} if state.search is None else {"search": state.search}
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False, **known),
        dcc.Location(id=ids.RELOAD, refresh=True),
        dcc.Store(id=ids.LANG, data=lang),
        html.A(t("skip", lang), href="#chart", className="skip-link"),
        _header(state),
        _notices(state, lang),
        html.Main([
            _headlines(arrivals, lang),
            _chart_card(arrivals, state, host_url),
            _lookup(arrivals, state),  # after the card: the chart starts in a phone's first screen
            _breakdowns(arrivals, lang),
            _revisions(arrivals, state),
            _changes(arrivals, lang),
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
                        href=outputs.lang_href(state.view, state.revision, other, state.theme),
                        title=t("lang_switch_label", lang)),
                 **{"aria-label": t("lang_switch_label", lang)}, className="lang-nav"),
    ], className="header")


def _notices(state: State, lang: str) -> html.Div:
    return html.Div(outputs.notice_children(state, lang), id=ids.NOTICE, role="status", **{"aria-live": "polite"},
                    className="notice")


# --- the headline strip -----------------------------------------------------------------------------------
def _headlines(arrivals: Arrivals, lang: str) -> html.Section:
    """Four numbers, each with its period and status, and one source note for all four."""
    found = arrivals.headline()
    latest, cumulative, share, peak = (found[k] for k in ("latest", "cumulative", "female_share", "peak"))
    last = int(latest.period_end[:4])
    items = [
        (t("hl_latest", lang, year=last), locale.number(latest.value, lang, unit=True), latest),
        (t("hl_cumulative", lang, last=last), locale.number(cumulative.value, lang, unit=True), cumulative),
        (t("hl_share", lang), locale.percent(share.value, lang), share),
        (t("hl_peak", lang), locale.number(peak.value, lang, unit=True), peak),  # its year: the period line
    ]
    sources = arrivals.citations(dict.fromkeys(s for *_, h in items for s in h.sources))
    return html.Section([
        html.H2(t("headlines", lang), className="visually-hidden"),
        html.Ul([_strip_item(label, value, headline, lang) for label, value, headline in items], className="strip"),
        html.P(citations.source_line(sources, lang), className="strip-source"),
    ], id=ids.HEADLINES, **{"aria-label": t("headlines", lang)})


def _strip_item(label: str, value: str, headline, lang: str) -> html.Li:
    status = t("status_short_provisional", lang) if headline.status == Status.PROVISIONAL else ""
    period = locale.period_label(headline.period_start, headline.period_end, "bucket"
                                 if headline.period_start[:4] != headline.period_end[:4] else "final", lang)
    return html.Li([
        html.Span(value, className="strip-value"),
        html.Span(label, className="strip-label"),
        html.Span(" · ".join(filter(None, (period, status))), className="strip-period"),
    ], className="strip-item", **{"data-key": headline.key, "data-status": str(headline.status)})


# --- the search field: where a number comes from -------------------------------------------------------------
def _lookup(arrivals: Arrivals, state: State) -> html.Section:
    """The search field (`q=`) and the lookup's answers to it, best first. A GET form before scripts take over
    (it sends the question with the rest of the page's state); after, the field answers as the reader types."""
    lang = state.view.lang
    return html.Section([
        html.H2(t("lookup_heading", lang), id=f"{ids.LOOKUP}-heading"),
        html.Div([
            html.Label(t("lookup_label", lang), htmlFor=ids.LOOKUP_QUERY),
            dcc.Input(id=ids.LOOKUP_QUERY, type="search", value=state.query, debounce=True,
                      maxLength=urls.MAX_QUERY, placeholder=t("lookup_placeholder", lang)),
            html.Button(t("lookup_submit", lang), type="submit", className="apply"),
        ], className="control lookup-form", role="search",
            **{"data-form": "get", "data-keep": kept_params(state, ("q",))}),
        html.Div(outputs.lookup_children(state.query, lang, arrivals), id=ids.LOOKUP_ANSWERS, role="status",
                 **{"aria-live": "polite"}),
    ], id=ids.LOOKUP, className="lookup", **{"aria-labelledby": f"{ids.LOOKUP}-heading"})


# --- the chart card ---------------------------------------------------------------------------------------
def _segmented(legend: str, id_: str, value: str, options: list[dict]) -> html.Fieldset:
    """A radio group drawn as segmented buttons: native radios, named by the fieldset's legend."""
    return html.Fieldset([
        html.Legend(legend),
        dcc.RadioItems(id=id_, value=value, className="segmented", inline=True, options=options),
    ], className="control")


def _controls(arrivals: Arrivals, state: State) -> html.Div:
    """The compact control bar: measure, sex, years and chart type in sight; vintage, log scale, multi-year
    totals and events behind "More options". A GET form, so that the static first paint works without scripts:
    it sends exactly the view's parameters (the ones it has no field for ride along as hidden fields)."""
    view = state.view
    lang = view.lang
    first, last = arrivals.years()
    options = outputs.vintage_options(arrivals, view)
    flags = [flag for flag, on in (("log", view.log), ("buckets", view.buckets), ("events", view.events)) if on]
    start, end = outputs.drawn_years(view, arrivals)
    sex_options, chart_options, flag_options = outputs.control_options(view)
    return html.Div([
        _segmented(t("metric", lang), ids.METRIC, view.metric,
                   [{"label": t(f"metric_{m}", lang), "value": m} for m in METRICS]),
        _segmented(t("sex", lang), ids.SEX, view.sex, sex_options),
        html.Fieldset([
            html.Legend(t("years", lang)),
            html.Label([html.Span(t("year_from", lang), className="visually-hidden"),
                        dcc.Input(id=ids.YEAR_FROM, type="number", min=first, max=last, step=1, value=start,
                                  debounce=True, required=True)]),
            html.Span("–", className="years-dash", **{"aria-hidden": "true"}),
            html.Label([html.Span(t("year_to", lang), className="visually-hidden"),
                        dcc.Input(id=ids.YEAR_TO, type="number", min=first, max=last, step=1, value=end,
                                  debounce=True, required=True)]),
        ], className="control years"),
        _segmented(t("chart", lang), ids.CHART, view.chart, chart_options),
        _segmented(t("freq", lang), ids.FREQ, view.freq,
                   [{"label": t(f"freq_{f}", lang), "value": f} for f in FREQS]),
        html.Details([
            html.Summary(t("more_options", lang)),
            html.Div([
                html.Label(t("vintage", lang), htmlFor=ids.VINTAGE, id=f"{ids.VINTAGE}-label"),
                dcc.Dropdown(id=ids.VINTAGE, value=view.vintage, options=options, clearable=False, searchable=True),
            ], className="control vintage"),
            html.Div([
                html.Label(t("asof", lang), htmlFor=ids.ASOF, id=f"{ids.ASOF}-label"),
                dcc.Input(id=ids.ASOF, type="text", value=view.asof, debounce=True, maxLength=10,
                          placeholder=t("asof_placeholder", lang), pattern=r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
                html.Span(t("asof_hint", lang), className="hint"),
            ], className="control asof"),
            html.Div([
                html.Label(t("vs", lang), htmlFor=ids.VS, id=f"{ids.VS}-label"),
                dcc.Dropdown(id=ids.VS, value=view.vs, options=outputs.vs_options(arrivals, view), clearable=False,
                             searchable=True),
            ], className="control vs"),
            html.Fieldset([
                html.Legend(t("options", lang)),
                dcc.Checklist(id=ids.OPTIONS, value=flags, className="checks", options=flag_options),
                _flag_fields(view),
            ], className="control"),
        ], className="more", open=view.vintage != "latest" or view.log or view.buckets or not view.events
           or bool(view.asof or view.vs)),
        html.Button(t("apply", lang), type="submit", className="apply"),
    ], className="controls", role="group", **{"aria-label": t("controls", lang), "data-form": "get",
                                               "data-keep": kept_params(state, CONTROL_FIELDS)})


def kept_params(state: State, fields: Sequence[str]) -> str:
    """The page's query without the parameters a form has fields for: what its hidden fields carry."""
    return urlencode([(k, v) for k, v in parse_qsl(encode(state.view, state.revision, state.tab,
                                                          state.query, theme=state.theme).lstrip("?"))
                      if k not in fields])


def _flag_fields(view: View) -> html.Noscript:
    """Without scripts a ticked box sends its value and an unticked one nothing, so the form could not say "off"
    but by sending a flag twice: there, each flag is a yes/no choice instead (style.css hides the boxes)."""
    lang = view.lang
    return html.Noscript(html.Div([
        html.Label([t(f"opt_{flag}", lang), " ", html.Select([
            html.Option(t(word, lang), value=value, selected=getattr(view, flag) == (value == "1"))
            for word, value in (("yes", "1"), ("no", "0"))], name=PARAM_OF[flag])])
        for flag in outputs.FLAGS], className="flag-fields"))


def _chart_card(arrivals: Arrivals, state: State, host_url: str) -> html.Section:
    view, lang = state.view, state.view.lang
    out = outputs.main_outputs(view, arrivals)
    table = outputs.main_table(outputs.shown_rows(view, arrivals), view, arrivals, state.highlight) \
        if state.highlight else out["table"]
    return html.Section([
        html.H2(out["title"], id=ids.CHART_TITLE, className="chart-title"),
        html.P(out["subtitle"], id=ids.CHART_SUBTITLE, className="chart-subtitle"),
        _controls(arrivals, state),
        html.P(out["note"], id=ids.MAIN_NOTE, className="hint", **{"aria-live": "polite"}),
        html.Div(out["key"], id=ids.CHART_KEY, className="chart-key"),
        html.Figure([
            html.Div(dcc.Graph(id=ids.MAIN_CHART, figure=out["figure"], config=style.GRAPH_CONFIG,
                               className="graph", style={"height": "100%"}), className="chart-box"),
            html.Figcaption(out["summary"], id=ids.MAIN_SUMMARY, className="visually-hidden"),
        ], className="main-figure", **{"aria-describedby": ids.MAIN_SUMMARY}),
        html.Figure([
            html.Div(dcc.Graph(id=ids.VS_CHART, figure=out["vs_figure"], config=style.GRAPH_CONFIG,
                               className="graph", style={"height": "100%"}), className="vs-box"),
            html.Figcaption(out["vs_summary"], id=ids.VS_SUMMARY, className="visually-hidden"),
        ], id=ids.VS_FIGURE, className="vs-figure", hidden=out["vs_hidden"], **{"aria-describedby": ids.VS_SUMMARY}),
        html.P(out["source"], id=ids.MAIN_SOURCE, className="source-line"),
        html.Ul(out["caveats"], id=ids.MAIN_CAVEATS, className="caveats"),
        html.Ol(out["events"], id=ids.EVENT_KEY, className="event-key"),
        html.Nav(outputs.tab_links(view, state.revision, state.tab, state.theme), id=ids.TABS, className="tabs",
                 **{"aria-label": t("tabs", lang)}),
        html.Div([
            html.Section([html.H3(t("table", lang), id=f"{ids.MAIN_TABLE}-heading", className="visually-hidden"),
                          html.Div(table, id=ids.MAIN_TABLE, className="table-wrap", tabIndex="0", role="region",
                                   **{"aria-labelledby": f"{ids.MAIN_TABLE}-heading"})],
                         className="panel panel-table"),
            html.Section(out["sources"], id=ids.MAIN_CITATION, className="panel panel-sources citation"),
            downloads.download_panel(arrivals, state, host_url),
            downloads.share_panel(arrivals, state, host_url),
        ], id=ids.TAB_PANELS, className=f"panels tab-{state.tab}"),
    ], id="chart", className="chart-card")


# --- below the card: breakdowns and revisions, as static charts -------------------------------------------
# Where a lower chart's box is narrow, the image drawn for the 360 px width class replaces the 760 px one (whose
# text would shrink to half its size): below 600 px (one column), and breakdowns' two columns up to 1123 px and
# on paper.
# assets/style.css gives each the 360 class's ratio under the same media, so nothing moves when it loads.
NARROW_MEDIA = {"breakdown": "print, (max-width: 599px), (min-width: 760px) and (max-width: 1123px)",
                "revisions": "print, (max-width: 599px)"}


def _static_chart(id_: str, out: dict, kind: str, role: str = "chart") -> html.Figure:
    """A chart drawn on the server (charts/svg) as an image: it is in the page at once, prints, and costs the
    browser no script; its text summary names it for screen readers. A tile map (`role` "tile-map") is left out of
    print, where the ranked bars beside it give the same figures (the page stays on three A4 sheets)."""
    return html.Figure(className=role, children=[
        html.Picture([html.Source(id=f"{id_}-narrow", media=NARROW_MEDIA[kind], srcSet=out["narrow"]),
                      html.Img(id=id_, src=out["src"], alt=out["title"], className=f"static-chart {kind}",
                               width=760, height=440)]),
        html.Figcaption(out["summary"], id=f"{id_}-summary", className="summary")])


def _breakdowns(arrivals: Arrivals, lang: str) -> html.Section:
    """One card per breakdown: a choice of its tables (every vintage, or all of them compared as shares), the
    chart, the footnote on the protective-facility gap, and its sources on demand."""
    cards = []
    for dimension in BREAKDOWN_DIMENSIONS:
        out = outputs.breakdown_outputs(dimension, lang, "latest", arrivals)
        cards.append(html.Div([
            html.H3(out["title"], id=ids.breakdown(dimension, "title"), className="chart-title"),
            html.Div([
                html.Label(t("breakdown_table", lang), htmlFor=ids.breakdown(dimension, "vintage")),
                dcc.Dropdown(id=ids.breakdown(dimension, "vintage"), value="latest", clearable=False,
                             searchable=False, options=breakdown_options(arrivals, dimension, lang)),
            ], className="control vintage"),
            html.Div(out["key"], id=ids.breakdown(dimension, "key"), className="chart-key"),
            *([_static_chart(ids.breakdown(dimension, "map"), maps.map_outputs(dimension, lang, "latest", arrivals),
                             "breakdown", role="tile-map")] if dimension in PLACES else []),
            _static_chart(ids.breakdown(dimension, "chart"), out, "breakdown"),
            html.P(out["footnote"], id=ids.breakdown(dimension, "footnote"), className="footnote"),
            html.P(out["source"], id=ids.breakdown(dimension, "source"), className="source-line"),
            html.Details([html.Summary(t("sources_link", lang)),
                          html.Div(out["sources"], id=ids.breakdown(dimension, "citation"),
                                   className="citation")], className="more-sources"),
        ], className="chart-card breakdown"))
    return html.Section([html.H2(t("breakdowns", lang)), html.Div(cards, className="breakdowns")],
                        id="breakdowns")


def breakdown_options(arrivals: Arrivals, dimension: str, lang: str) -> list[dict]:
    """The tables of one breakdown, newest first, named by the date they run to and their publisher; then
    the comparison of all of them."""
    listed = arrivals.breakdown_vintages(dimension)
    cited = {c.source: c for c in arrivals.citations(listed["source"])}
    options = [{"label": t("breakdown_latest", lang), "value": "latest"}]
    for row in listed.itertuples(index=False):
        note = f" · {t('breakdown_some', lang)}" if row.partial else ""
        options.append({"label": f"{locale.date_text(row.period_end[:7], lang)} — "
                                 f"{citations.publisher(cited[row.source], lang)}{note}", "value": row.vintage})
    if len(listed) > 1:
        options.append({"label": t("breakdown_compare", lang), "value": figures.COMPARE})
    return options


def revision_options(arrivals: Arrivals, lang: str) -> list[dict]:
    """Every period of the latest series, newest first; those whose figure was ever revised say so."""
    periods = arrivals.series(View(buckets=True)).drop_duplicates(["period_start", "period_end"])
    revised = set(arrivals.revision_periods()["period_end"])
    return [{"label": label + (f" — {t('revised', lang)}" if end in revised else ""), "value": int(year)}
            for label, end, year in zip(figures.labels(periods, lang), periods["period_end"], periods["year"])][::-1]


def _revisions(arrivals: Arrivals, state: State) -> html.Section:
    lang = state.view.lang
    out = outputs.revision_outputs(state.revision, lang, arrivals)
    return html.Section([
        html.H2(t("revisions", lang)),
        html.Div([
            html.Label(t("revision_period", lang), htmlFor=ids.REV_PERIOD),
            dcc.Dropdown(id=ids.REV_PERIOD, value=state.revision, options=revision_options(arrivals, lang),
                         clearable=False, searchable=True),
            html.Button(t("apply", lang), type="submit", className="apply"),
        ], className="control vintage", **{"data-form": "get", "data-keep": kept_params(state, ("rev",))}),
        html.H3(out["title"], id=ids.REV_TITLE, className="chart-title"),
        html.Div(out["key"], id=ids.REV_KEY, className="chart-key"),
        _static_chart(ids.REV_CHART, out, "revisions"),
        html.Details([
            html.Summary(t("revision_table", lang), id=f"{ids.REV_TABLE}-heading"),
            html.Div(out["table"], id=ids.REV_TABLE, className="table-wrap", tabIndex="0", role="region",
                     **{"aria-labelledby": f"{ids.REV_TABLE}-heading"}),
        ]),
        html.Details([html.Summary(t("sources_link", lang)),
                      html.Div(out["sources"], id=ids.REV_CITATION, className="citation")], className="more-sources"),
    ], id="revisions", className="chart-card")


def _changes(arrivals: Arrivals, lang: str, shown: int = 3) -> html.Section:
    """What changed: the newest publications that added or revised figures, and the feed that follows them."""
    changes = arrivals.changes().fillna({"published": "", "published_after": ""})
    items = []
    for vintage in feed.newest_first(changes)["vintage"].head(shown):
        rows = changes[changes["vintage"] == vintage]
        (citation,) = arrivals.citations([rows["source"].iloc[0]])
        items.append(html.Li([html.Strong(f"{locale.sentence(citations.published(citation, lang))} · "
                                          f"{citations.publisher(citation, lang)}"),
                              html.Ul([html.Li(line) for line in feed.publication_lines(rows, lang)])]))
    return html.Section([
        html.H2(t("changes", lang)),
        html.Ul(items, className="changes"),
        html.P(html.A(t("changes_feed", lang), href=urls.FEED_ROUTE)),
    ], id="changes", className="chart-card")


def _terminology(lang: str) -> html.Section:
    return html.Section([html.H2(t("terms", lang)), html.P(t("terms_text", lang))], className="terms")

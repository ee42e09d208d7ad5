"""The page for one URL state, built whole on the server: the chart first, everything else on demand.

A reader sees a title, a strip of four headline figures, and one chart card: a compact control bar, the chart, a
one-line source and at most a few short caveats; Table, Sources, Download & cite and Share & embed are tabs of
the same card, in the URL (`tab=`). Breakdowns and revisions follow as static images with their own controls.
Callbacks answer what the reader changes afterwards with the same functions (`main_outputs`,
`revision_outputs`, `breakdown_outputs`), cached per process because they are pure in (view, immutable data).

Controls are native inputs grouped in fieldsets with legends, so every control works from the keyboard and is
named for screen readers; `page/static.py` renders this same tree as HTML for the first paint.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

import pandas as pd
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard import urls
from dashboard.charts import figures, style
from dashboard.data import BREAKDOWN_DIMENSIONS, CHARTS, FREQS, METRICS, PLACES, SEXES, Arrivals, Status, View
from dashboard.exports import feed
from dashboard.lookup import answers
from dashboard.page import downloads, ids, maps
from dashboard.text import caveats, citations, locale, references
from dashboard.text.catalogue import t
from dashboard.urls import TABS, THEMES, VIEW_PARAMS, State, encode

FLAGS = ("log", "buckets", "events")  # the options checklist's values: View fields
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
                        href=lang_href(state.view, state.revision, other, state.theme),
                        title=t("lang_switch_label", lang)),
                 **{"aria-label": t("lang_switch_label", lang)}, className="lang-nav"),
    ], className="header")


def lang_href(view: View, revision: int | None, lang: str, theme: str = THEMES[0]) -> str:
    """The same view (and theme) in another language (a full page load, so that <html lang> and every label
    change)."""
    return encode(dataclasses.replace(view, lang=lang), revision, theme=theme)


def notice_children(state: State, lang: str) -> list:
    if not state.notices:
        return []
    return [html.Strong(t("notice_title", lang)),
            html.Ul([html.Li(n.text(lang)) for n in state.notices])]


def _notices(state: State, lang: str) -> html.Div:
    return html.Div(notice_children(state, lang), id=ids.NOTICE, role="status", **{"aria-live": "polite"},
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
        html.Div(lookup_children(state.query, lang, arrivals), id=ids.LOOKUP_ANSWERS, role="status",
                 **{"aria-live": "polite"}),
    ], id=ids.LOOKUP, className="lookup", **{"aria-labelledby": f"{ids.LOOKUP}-heading"})


@lru_cache(maxsize=64)  # pure in (question, lang, immutable data)
def lookup_children(query: str, lang: str, arrivals: Arrivals) -> list:
    """The lookup's answers as the page shows them: what was read, then each figure with its sentence, the view
    that shows it, and its citation in every format, each with a copy button. Nothing for no question."""
    if not query.strip():
        return []
    found = answers.lookup(arrivals, query, lang)
    items = []
    for n, answer in enumerate(found.answers):
        formats = [html.Details([html.Summary(references.STYLE_NAMES[fmt]),
                                 downloads.copyable(answer.citations[fmt], f"lookup-{n}-{fmt}", lang, tag=html.Pre)])
                   for fmt in references.FORMATS]
        items.append(html.Li([
            html.P(answer.text, className="lookup-text"),
            *([html.P(html.A(t("lookup_permalink", lang), href=answer.permalink, className="lookup-permalink"))]
              if answer.permalink else []),
            html.Details([html.Summary(t("lookup_cite", lang)), *formats], className="lookup-cite"),
        ], className=f"lookup-answer lookup-{answer.status}",
            **{"data-measure": answer.measure, "data-sex": answer.sex, "data-period-start": answer.period_start,
               "data-period-end": answer.period_end, "data-value": str(answer.as_dict()["value"]),
               "data-status": answer.status}))
    return [html.P(found.message, className="lookup-message", **{"data-status": found.status}),
            *([html.Ol(items, className="lookup-answers")] if items else [])]


# --- the chart card ---------------------------------------------------------------------------------------
def _segmented(legend: str, id_: str, value: str, options: list[dict]) -> html.Fieldset:
    """A radio group drawn as segmented buttons: native radios, named by the fieldset's legend."""
    return html.Fieldset([
        html.Legend(legend),
        dcc.RadioItems(id=id_, value=value, className="segmented", inline=True, options=options),
    ], className="control")


def control_options(view: View) -> tuple[list[dict], list[dict], list[dict]]:
    """The sex, chart type and option choices for `view`, those that would change nothing disabled (the note
    under the controls says why, `unavailable_reasons`): every sex for women's share (one series), side by side
    for it too (nothing to set beside), and the log scale where `View.log_applies` would refuse it."""
    lang, share = view.lang, view.metric == "share"
    log_off = not dataclasses.replace(view, log=True).log_applies
    return ([{"label": t(f"sex_{s}", lang), "value": s, "disabled": share} for s in SEXES],
            [{"label": t(f"chart_{c}", lang), "value": c, "disabled": share and c == "grouped"} for c in CHARTS],
            [{"label": t(f"opt_{o}", lang), "value": o, "disabled": o == "log" and log_off} for o in FLAGS])


def unavailable_reasons(view: View) -> list[str]:
    """Why a control of `view` is disabled (control_options), in words."""
    lang = view.lang
    return [t(key, lang) for key, off in (("share_sex_note", view.metric == "share"),
                                          ("log_unavailable", not dataclasses.replace(view, log=True).log_applies))
            if off]


def _controls(arrivals: Arrivals, state: State) -> html.Div:
    """The compact control bar: measure, sex, years and chart type in sight; vintage, log scale, multi-year
    totals and events behind "More options". A GET form, so that the static first paint works without scripts:
    it sends exactly the view's parameters (the ones it has no field for ride along as hidden fields)."""
    view = state.view
    lang = view.lang
    first, last = arrivals.years()
    options = vintage_options(arrivals, view)
    flags = [flag for flag, on in (("log", view.log), ("buckets", view.buckets), ("events", view.events)) if on]
    start, end = drawn_years(view, arrivals)
    sex_options, chart_options, flag_options = control_options(view)
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
                dcc.Dropdown(id=ids.VS, value=view.vs, options=vs_options(arrivals, view), clearable=False,
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


def vintage_options(arrivals: Arrivals, view: View) -> list[dict]:
    """The vintage menu: the latest figures, then MOU's publications that draw figures for the view's years
    (`Arrivals.vintage_menu`: tables, then announcements, newest first), each named by its kind, publication date
    and the month its figures run to, an announcement also by the outlets that reported it; never by an id or a
    host. A vintage the URL names outside the menu (an old link's) stays listed, so the menu shows what is drawn."""
    lang = view.lang
    menu = arrivals.vintage_menu(lang, view.start, view.end)
    options = [{"label": t("vintage_latest", lang), "value": "latest"},
               *({"label": vintage_label(row, lang), "value": row.publication}
                 for row in menu.itertuples(index=False))]
    if view.vintage not in {o["value"] for o in options}:
        options.append({"label": view.vintage, "value": view.vintage})
    return options


def vs_options(arrivals: Arrivals, view: View) -> list[dict]:
    """What a view may be drawn against: nothing, or one of the vintage menu's publications (the series as known
    the day it appeared); a day the URL names (vs=2012-06-01) is listed as that day."""
    options = [{"label": t("vs_none", view.lang), "value": ""},
               *(o for o in vintage_options(arrivals, view)[1:] if o["value"] in urls.publication_ids(arrivals))]
    if view.vs not in {o["value"] for o in options}:
        options.append({"label": t("series_asof", view.lang, date=locale.date_text(view.vs, view.lang)),
                        "value": view.vs})
    return options


def vintage_label(publication, lang: str) -> str:
    """One menu entry's words, from a row of `Arrivals.publication_list`."""
    group = t(f"vintage_group_{'table' if publication.kind == 'table' else 'announcement'}", lang)
    published = citations.publication(publication.published, publication.published_after, lang)
    covers = locale.date_text(publication.covers_end[:7], lang) if publication.covers_end else "–"
    if publication.kind == "table":
        return t("vintage_entry_titled", lang, group=group, title=publication.title, published=published,
                 covers=covers)
    names = t("vintage_witnesses", lang, names=publication.witnesses) if publication.witnesses else ""
    return t("vintage_entry", lang, group=group, published=published, covers=covers, witnesses=names)


def drawn_years(view: View, arrivals: Arrivals) -> tuple[int, int]:
    """The first and last year the chart of `view` draws, as the year boxes show them: the URL may ask for 1998
    where the series without multi-year totals starts in 2002, or run past a vintage's last year."""
    years = arrivals.series(view)["year"]
    return (int(years.min()), int(years.max())) if len(years) else (view.start, view.end)


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
        for flag in FLAGS], className="flag-fields"))


def _chart_card(arrivals: Arrivals, state: State, host_url: str) -> html.Section:
    view, lang = state.view, state.view.lang
    out = main_outputs(view, arrivals)
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
        html.Nav(tab_links(view, state.revision, state.tab, state.theme), id=ids.TABS, className="tabs",
                 **{"aria-label": t("tabs", lang)}),
        html.Div([
            html.Section([html.H3(t("table", lang), id=f"{ids.MAIN_TABLE}-heading", className="visually-hidden"),
                          html.Div(main_table(shown_rows(view, arrivals), view, arrivals, state.highlight)
                                   if state.highlight else out["table"], id=ids.MAIN_TABLE, className="table-wrap",
                                   tabIndex="0", role="region", **{"aria-labelledby": f"{ids.MAIN_TABLE}-heading"})],
                         className="panel panel-table"),
            html.Section(out["sources"], id=ids.MAIN_CITATION, className="panel panel-sources citation"),
            downloads.download_panel(arrivals, state, host_url),
            downloads.share_panel(arrivals, state, host_url),
        ], id=ids.TAB_PANELS, className=f"panels tab-{state.tab}"),
    ], id="chart", className="chart-card")


def tab_links(view: View, revision: int | None, current: str, theme: str = THEMES[0]) -> list:
    """The card's tabs as links: each a URL of the same view (and theme), so they work before and without
    scripts, and the current one marked for screen readers."""
    lang = view.lang
    return [html.A(t(f"tab_{tab}", lang), href=encode(view, revision, tab, theme=theme), className="card-tab",
                   **({"aria-current": "page"} if tab == current else {}), **{"data-tab": tab})
            for tab in TABS]


@lru_cache(maxsize=32)  # pure in (view, immutable data): each view is built once per process
def main_outputs(view: View, arrivals: Arrivals) -> dict:
    """Everything in the chart card that follows the view: title, subtitle, note, key, figure, summary, source
    line, short caveats, the events' key, the full sources panel, the table, the choices that apply (the vintage
    menu among them: the publications that draw figures for the view's years)."""
    lang = view.lang
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"])
    notes = unavailable_reasons(view)
    records = arrivals.caveats(frame, view)
    full = figures.main_chart(arrivals, view)
    shown = shown_rows(view, arrivals)
    return {
        "title": figures.plain_title(full),
        "subtitle": figures.plain_title(full, subtitle=True),
        "note": " ".join(notes),
        "key": chart_key(full.layout.meta.get("key", []), frame, lang),
        "figure": figures.screen(full),
        "summary": figures.summary(frame, view, lang),
        "source": source_children(cited, view, lang),
        "caveats": caveat_lines(records, view, lang),
        "events": [html.Li([html.Span(e["number"], className="event-number"), " ", e["label"], " (",
                            html.A(e["publisher"], href=e["url"], rel="noopener noreferrer"), ")"])
                   for e in full.layout.meta.get("events", [])],
        "sources": sources_children(cited, caveats.texts(records, lang), lang, other_figures(arrivals, view)),
        "table": main_table(shown, view, arrivals),
        **dict(zip(("sex_options", "chart_options", "flag_options"), control_options(view))),
        "vintage_options": vintage_options(arrivals, view),
        "vs_options": vs_options(arrivals, view),
        **compare_outputs(view, arrivals),
    }


def compare_outputs(view: View, arrivals: Arrivals) -> dict:
    """The revision chart of a compare view (vs=), its summary, and whether it is hidden (no vs: nothing to
    compare, and an empty chart says nothing)."""
    if not view.vs:
        return {"vs_figure": figures.screen(figures.placeholder_figure(view.lang)), "vs_summary": "", "vs_hidden": True}
    figure, summary = figures.compare_figure(arrivals, view)
    return {"vs_figure": figures.screen(figure), "vs_summary": summary, "vs_hidden": False}


MEASURE_OF = {"count": "count", "share": "share", "cumulative": "cumulative"}  # metric -> the lookup's measure


def main_table(shown: pd.DataFrame, view: View, arrivals: Arrivals, highlight: str = "") -> list:
    """The Table tab: the view's rows, each linking to the same view with that figure highlighted (hl=); under
    them, the highlighted figure's citation in every format, each with a copy button."""
    lang = view.lang
    keys = [urls.highlight_key(end, sex) for end, sex in zip(shown["period_end"], shown["sex"])]
    links = [encode(view, None, "table", highlight=key) for key in keys]
    columns = ["label", *[c for c in shown.columns if c not in ("year", "label")]]
    out = [data_table(named_sources(shown, arrivals, lang), columns, lang, links=links,
                      current=keys.index(highlight) if highlight in keys else None)]
    if highlight in keys:
        row = shown.iloc[keys.index(highlight)]
        cited = answers.figure_citations(arrivals, MEASURE_OF.get(view.metric, ""), row["period_start"],
                                         row["period_end"], row["sex"], row["value"], row["source"])
        out.append(html.Section([
            html.H4(t("table_cited", lang)),
            *([html.Details([html.Summary(references.STYLE_NAMES[fmt]),
                             downloads.copyable(cited[fmt], f"figure-cite-{fmt}", lang, tag=html.Pre)], open=n == 0)
               for n, fmt in enumerate(references.FORMATS)] if cited else [html.P(t("table_not_printed", lang))]),
        ], className="figure-cite", **{"data-highlight": highlight}))
    return out


def named_sources(shown: pd.DataFrame, arrivals: Arrivals, lang: str) -> pd.DataFrame:
    """A series' rows as a reader reads them: the vintage and the source by name (an MOU table's title, a press
    report's outlet; never an id) and the publication date as the evidence gives it ("on or after 4 Feb 2026" for a
    table stating none), never the ordering date as_of alone."""
    cited = {c.source: c for c in arrivals.citations(shown["source"])}
    return shown.assign(vintage=shown["source"].map(lambda s: citations.name(cited[s], lang)),
                        as_of=shown["source"].map(lambda s: _published_cell(cited[s], lang)),
                        source=shown["source"].map(lambda s: citations.publisher(cited[s], lang)))


def _published_cell(citation, lang: str) -> str:
    """A Table cell's publication date, short: the date the source states, else 'on or after' its lower bound."""
    if citation.published or not citation.published_after:
        return locale.date_text(citation.published, lang) if citation.published else t("date_published_unknown", lang)
    return t("table_on_or_after", lang, date=locale.date_text(citation.published_after, lang))


def chart_key(entries: list[dict], frame: pd.DataFrame, lang: str) -> list:
    """The chart's key as HTML beside it: one swatch per series, and the style of provisional or part-year
    figures when the view shows any. Words that wrap, instead of a legend inside the plot."""
    items = [html.Span([html.Span(className=f"swatch swatch-{e['type']} swatch-{e['sex']}",
                                  style={"--swatch": e["colour"]}), e["name"]], className="key-item")
             for e in entries]
    if (frame["status"] != Status.FINAL).any() if len(frame) else False:
        items.append(html.Span([html.Span(className="swatch swatch-provisional"), t("key_provisional", lang)],
                               className="key-item"))
    return items


def caveat_lines(records, view: View, lang: str) -> list:
    """At most three short caveats under the chart (provisional, multi-year totals, part-year figures), and one
    line counting the revised figures, linking to the revisions view of the newest; the rest is in Sources."""
    lines = [html.Li(text) for text in caveats.headline(records, lang)]
    revised = [c for c in records if c.kind == "revised"]
    if revised:
        year = max(int(end[:4]) for c in revised for _, end, _ in c.periods)
        lines.append(html.Li([t("caveat_short_revised", lang, n=len(revised)), " ",
                              html.A(t("see_revisions", lang), href=encode(view, year) + "#revisions")]))
    return lines


def source_children(cited: list, view: View, lang: str) -> list:
    """The one-line source under the chart, linking to the Sources tab."""
    return [citations.source_line(cited, lang), " ",
            html.A(t("sources_link", lang), href=encode(view, None, "sources"), className="sources-link")]


def sources_children(cited: list, notes: list[str], lang: str, others: Sequence = ()) -> list:
    """The Sources tab: the full citation of each source, every caveat on the view, then `others`, the figures of
    the view's years that are no MOU publication (other_figures)."""
    out = [html.H3(t("citation", lang))]
    for citation in cited:
        items = []
        for label, text in citations.block(citation, lang):
            value = html.A(text, href=text, rel="noopener noreferrer") if text.startswith(("http://", "https://")) \
                else text
            items.extend([html.Dt(label), html.Dd(value)])
        out.append(html.Dl(items, **{"data-source": citation.source}))
    out.append(html.H3(t("cite_caveats", lang)))
    out.append(html.Ul([html.Li(c) for c in notes]) if notes else html.P(t("cite_none", lang)))
    return [*out, *others]


def other_figures(arrivals: Arrivals, view: View) -> list:
    """The short table of figures that are no MOU publication for periods ending in the view's years (Daily NK's,
    ICG's, Kinaforum's and Hanawon's own counts): each with its publisher, what it counts (arrivals, or Hanawon
    admissions, never called arrivals), period, count, the report's publication date and address, apart from MOU's
    figures and never one of their vintages or revisions. Empty when none."""
    lang = view.lang
    rows = arrivals.other_figures()
    rows = rows[rows["period_end"].str[:4].astype(int).between(view.start, view.end)]
    if rows.empty:
        return []
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col", className="num" if c == "count" else None)
                    for c in ("publisher", "counted", "period", "count", "published", "url")])
    body = [html.Tr([html.Td(r.publisher_ko if lang == "ko" else r.publisher_en),
                     html.Td(t(f"other_counted_{r.counted}", lang), **{"data-counted": r.counted}),
                     html.Td(r.period if r.kind == "flow" else t("other_cumulative", lang,
                                                                  date=locale.date_text(r.period_end, lang))),
                     html.Td(locale.number(r.count, lang), className="num"),
                     html.Td(citations.publication(r.published or "", r.published_after or "", lang)),
                     html.Td(html.A(t("other_report", lang), href=r.url, rel="noopener noreferrer"))])
            for r in rows.itertuples(index=False)]
    return [html.Div([html.H3(t("other_figures", lang), id="other-figures"), html.P(t("other_figures_note", lang)),
                      html.Table([html.Thead(head), html.Tbody(body)], className="data-table sources-table")],
                     className="other-figures")]


def plain(value):
    """A value as plain JSON: components become {type, namespace, props} dicts, the form Dash sends them in."""
    return json.loads(to_json_plotly(value))


NUMERIC = frozenset({"value", "count", "year"})


def shown_rows(view: View, arrivals: Arrivals) -> pd.DataFrame:
    """The rows a view's Table shows: its series, each period labelled as the chart labels it."""
    frame = arrivals.series(view)
    return frame.assign(label=figures.labels(frame, view.lang))


def data_table(frame: pd.DataFrame, columns: Sequence[str], lang: str, links: Sequence[str] | None = None,
               current: int | None = None) -> html.Table:
    """The rows of a chart as a plain HTML table, headers in the page's language, numbers right-aligned; with
    `links`, a last column linking each row to its own permalink, and row `current` highlighted.

    Hand-written rather than dash-ag-grid: the grid's scripts weigh more than the rest of the page, for tables
    of at most a few dozen rows, which the CSV/XLSX downloads carry whole (docs/performance.md).
    """
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col", className="num" if c in NUMERIC else None)
                    for c in columns] + ([html.Th(t("col_cite", lang), scope="col")] if links else []))
    body = []
    for n, row in enumerate(frame[list(columns)].itertuples(index=False)):
        cells = [html.Td(_cell(value, lang, c), className="num" if c in NUMERIC else None)
                 for c, value in zip(columns, row)]
        if links:
            cells.append(html.Td(html.A(t("table_cite_link", lang), href=links[n], className="figure-link")))
        body.append(html.Tr(cells, **({"className": "highlight", "aria-current": "true"} if n == current else {})))
    return html.Table([html.Thead(head), html.Tbody(body)], className="data-table")


def _cell(value, lang: str, column: str = "") -> str:
    """A cell's text: the dataset's own value (as in the CSV), a figure's status and its sex in words (so a
    provisional or multi-year figure says so, and the Korean table says 남성, not male), yes/no for flags,
    nothing for a missing value."""
    if column == "sex" and value in SEXES:
        return t(f"sex_{value}", lang)
    if isinstance(value, Status):
        return t(f"status_{value.value}", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


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
        out = breakdown_outputs(dimension, lang, "latest", arrivals)
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


@lru_cache(maxsize=64)  # pure in (dimension, lang, vintage, immutable data)
def breakdown_outputs(dimension: str, lang: str, vintage: str, arrivals: Arrivals) -> dict:
    """One breakdown table (or the comparison of all): title, key, image address, summary, the footnote on
    the protective-facility gap, source line and sources."""
    figure, summary, footnote = figures.breakdown_figure(arrivals, dimension, lang, vintage)
    if vintage == figures.COMPARE:
        cited = arrivals.citations(arrivals.breakdown_vintages(dimension)["source"])
        notes = []
    else:
        frame = arrivals.breakdown(dimension, vintage)
        cited = arrivals.citations(frame["source"])
        notes = caveats.texts(arrivals.breakdown_caveats(frame), lang)
    return {"title": figures.plain_title(figure),
            "key": chart_key(figure.layout.meta.get("key", []), pd.DataFrame({"status": []}), lang),
            "src": urls.chart_image_url("breakdown", lang, dimension=dimension, bv=vintage),
            "narrow": urls.chart_image_url("breakdown", lang, width="360", dimension=dimension, bv=vintage),
            "summary": summary, "footnote": footnote, "source": citations.source_line(cited, lang),
            "sources": sources_children(cited, notes, lang)}


def revision_options(arrivals: Arrivals, lang: str) -> list[dict]:
    """Every period of the latest series, newest first; those whose figure was ever revised say so."""
    periods = arrivals.series(View(buckets=True)).drop_duplicates(["period_start", "period_end"])
    revised = set(arrivals.revision_periods()["period_end"])
    return [{"label": label + (f" — {t('revised', lang)}" if end in revised else ""), "value": int(year)}
            for label, end, year in zip(figures.labels(periods, lang), periods["period_end"], periods["year"])][::-1]


def _revisions(arrivals: Arrivals, state: State) -> html.Section:
    lang = state.view.lang
    out = revision_outputs(state.revision, lang, arrivals)
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


@lru_cache(maxsize=256)  # pure in (year, lang, immutable data)
def revision_outputs(year: int | None, lang: str, arrivals: Arrivals) -> dict:
    """The revisions view of the period ending in `year` (every published value): title, key, image address,
    summary, the values' table, and its sources as one compact table."""
    frame = arrivals.publications(year)
    figure, summary = figures.revision_figure(arrivals, year, lang)
    cited = arrivals.citations(frame["source"])
    named = {c.source: citations.name(c, lang) for c in cited}
    frame = frame.assign(publisher=frame["source"].map(named))   # who published each value, never its id
    columns = ["period", "sex", "count", "provisional", "latest", "publisher"]
    notes = caveats.texts(arrivals.caveats(frame), lang)
    return {"title": figures.plain_title(figure),
            "key": chart_key(figure.layout.meta.get("key", []), pd.DataFrame({"status": []}), lang),
            "src": urls.chart_image_url("revisions", lang, rev=year),
            "narrow": urls.chart_image_url("revisions", lang, width="360", rev=year),
            "summary": summary, "table": data_table(frame, columns, lang),
            "sources": [html.H3(t("revision_sources", lang)), sources_table(cited, lang),
                        *([html.Ul([html.Li(c) for c in notes], className="caveats")] if notes else [])]}


def sources_table(cited: list, lang: str) -> html.Table:
    """Many sources as one compact table: publisher, publication date, link (never a source id)."""
    head = html.Tr([html.Th(t(f"col_{c}", lang), scope="col") for c in ("publisher", "published", "url")])
    rows = [html.Tr([html.Td(citations.name(c, lang)),
                     html.Td(citations.published(c, lang)),
                     html.Td(html.A(c.url, href=c.url, rel="noopener noreferrer") if c.url else "–")])
            for c in cited]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="data-table sources-table")


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

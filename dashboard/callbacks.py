"""Thin callbacks: read Dash's context at the edge, then call the pure helpers with plain values.

One callback owns the URL and the controls in both directions (`ctx.triggered_id` says which side moved):
separate URL->control and control->URL callbacks race on first load, and the control's default wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from dash import Dash, Input, Output, State as DashState, ctx, no_update

from dashboard import exports, figures, i18n, ids, layout
from dashboard.data import Arrivals, View
from dashboard.state import encode, parse

CONTROLS = (ids.METRIC, ids.SEX, ids.YEAR_FROM, ids.YEAR_TO, ids.CHART, ids.VINTAGE, ids.OPTIONS, ids.REV_PERIOD)
FLAGS = ("log", "buckets", "events")


def view_from_controls(metric, sex, start, end, chart, vintage, options, lang, arrivals: Arrivals) -> View:
    """A View from control values; an emptied or out-of-range year box keeps the series' own bound."""
    first, last = arrivals.years()
    start = start if isinstance(start, int) and first <= start <= last else first
    end = end if isinstance(end, int) and first <= end <= last else last
    start, end = min(start, end), max(start, end)
    options = options or []
    return View(metric=metric, sex=sex, start=start, end=end, chart=chart, vintage=vintage,
                lang=lang, **{flag: flag in options for flag in FLAGS})


def controls_from_view(view: View, revision) -> tuple:
    """Control values in CONTROLS order."""
    return (view.metric, view.sex, view.start, view.end, view.chart, view.vintage,
            [flag for flag in FLAGS if getattr(view, flag)], revision)


def sync(trigger: str | None, search: str | None, values: Sequence, lang: str, arrivals: Arrivals) -> tuple:
    """Both directions of URL <-> controls. Returns (search, control values..., notices, lang link, reload href).

    - first call (trigger None): the page was just built from this URL; nothing to do.
    - the URL moved (back/forward): controls follow it; a new language needs a full page load.
    - a control moved: the URL follows it, a year box out of range shows the year used, and the notices
      about the old URL are cleared.
    """
    unchanged = (no_update,) * len(CONTROLS)
    if trigger is None:
        return (no_update, *unchanged, no_update, no_update, no_update)
    if trigger == ids.URL:
        state = parse(search, arrivals)
        if state.view.lang != lang:
            return (no_update, *unchanged, no_update, no_update, search or "?")
        wanted = controls_from_view(state.view, state.revision)
        controls = tuple(no_update if _same(new, old) else new for new, old in zip(wanted, values))
        return (no_update, *controls, layout.notice_children(state, lang),
                layout.lang_href(state.view, state.revision, _other(lang)), no_update)
    view = view_from_controls(*values[:-1], lang, arrivals)
    revision = values[-1]
    new_search = encode(view, revision)
    shown = tuple(no_update if _same(new, old) else new for new, old in zip(controls_from_view(view, revision), values))
    return (no_update if new_search == search else new_search, *shown, [],
            layout.lang_href(view, revision, _other(lang)), no_update)


def _same(new, old) -> bool:
    """Equal control values; a checklist's ticks in another order are the same choice."""
    return new == old or (isinstance(new, list) and isinstance(old, list) and sorted(new) == sorted(old))


def _other(lang: str) -> str:
    return "ko" if lang == "en" else "en"


def register_page(app: Dash, arrivals: Arrivals, sections: Sequence[layout.Section] = ()) -> None:
    """Build the page from the URL once per page load (pathname changes only on a new load, not on a control)."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.PAGE_URL, "pathname"), DashState(ids.PAGE_URL, "search"))
    def build_page(_pathname, search):
        return page_for(search)

    @lru_cache(maxsize=256)  # pure in (search, immutable data): build each distinct page once per process
    def page_for(search):
        return layout.page(arrivals, parse(search, arrivals), sections)


def register_state(app: Dash, arrivals: Arrivals) -> None:
    @app.callback(
        Output(ids.URL, "search"),
        *[Output(c, "value") for c in CONTROLS],
        Output(ids.NOTICE, "children"),
        Output(ids.LANG_LINK, "href"),
        Output(ids.RELOAD, "href"),
        Input(ids.URL, "search"),
        *[Input(c, "value") for c in CONTROLS],
        DashState(ids.LANG, "data"),
        prevent_initial_call=False,
    )
    def sync_url(search, *values_and_lang):
        *values, lang = values_and_lang
        return sync(ctx.triggered_id, search, values, lang, arrivals)


@lru_cache(maxsize=1024)  # pure in (view, immutable data): callbacks pick a cached answer (issue 5)
def main_outputs(view: View, arrivals: Arrivals) -> tuple:
    """Everything under the controls for one view: figure, summary, note, citation block, grid rows and columns."""
    lang = view.lang
    frame = arrivals.series(view)
    cited = arrivals.citations(frame["source"])
    notes = []
    if view.log and not view.log_applies:
        notes.append(i18n.t("log_unavailable", lang))
    if view.metric == "share" and view.sex != "total":
        notes.append(i18n.t("share_sex_note", lang))
    caveats = arrivals.caveats(frame, lang, view)
    return (_cached_figure(view, arrivals), figures.summary(frame, view, lang), " ".join(notes),
            layout.citation_children(cited, caveats, lang), layout.table_rows(frame, lang),
            layout.column_defs(lang, layout.table_columns(frame)))


@lru_cache(maxsize=1024)
def _cached_figure(view: View, arrivals: Arrivals) -> dict:
    """Figures are pure functions of (view, immutable data): build each once per process, the same way
    every export draws it."""
    return exports.chart(arrivals, view).to_plotly_json()


def register_main(app: Dash, arrivals: Arrivals) -> None:
    @app.callback(
        Output(ids.MAIN_CHART, "figure"),
        Output(ids.MAIN_SUMMARY, "children"),
        Output(ids.MAIN_NOTE, "children"),
        Output(ids.MAIN_CITATION, "children"),
        Output(ids.MAIN_TABLE, "rowData"),
        Output(ids.MAIN_TABLE, "columnDefs"),
        *[Input(c, "value") for c in CONTROLS[:-1]],
        DashState(ids.LANG, "data"),
    )
    def draw_main(metric, sex, start, end, chart, vintage, options, lang):
        return main_outputs(view_from_controls(metric, sex, start, end, chart, vintage, options, lang, arrivals),
                            arrivals)


@lru_cache(maxsize=256)  # pure in (year, lang, immutable data)
def revision_outputs(year, lang: str, arrivals: Arrivals) -> tuple:
    """The revisions view of the period ending in `year` (every published value): figure, summary, citations, grid."""
    frame = arrivals.publications(year)
    label = figures.labels(frame.head(1), lang)[0] if len(frame) else str(year)
    cited = arrivals.citations(frame["source"])
    fig = figures.revisions_chart(frame, label, cited, lang)
    columns = ["period", "sex", "count", "provisional", "latest", "as_of", "vintage", "source"]
    rows = frame[columns].to_dict("records")
    caveats = arrivals.caveats(frame, lang)
    return (fig, figures.revisions_summary(frame, label, lang), layout.citation_children(cited, caveats, lang), rows,
            layout.column_defs(lang, columns))


def register_revisions(app: Dash, arrivals: Arrivals) -> None:
    @app.callback(
        Output(ids.REV_CHART, "figure"),
        Output(ids.REV_SUMMARY, "children"),
        Output(ids.REV_CITATION, "children"),
        Output(ids.REV_TABLE, "rowData"),
        Output(ids.REV_TABLE, "columnDefs"),
        Input(ids.REV_PERIOD, "value"),
        DashState(ids.LANG, "data"),
    )
    def draw_revisions(year, lang):
        return revision_outputs(year, lang, arrivals)

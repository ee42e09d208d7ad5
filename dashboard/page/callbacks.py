"""Thin callbacks: read Dash's context at the edge, then call the pure helpers with plain values.

The page arrives whole (`register_page`), so no callback runs on a page load: each answers a reader's change.
One callback owns the URL and the controls in both directions (`ctx.triggered_id` says which side moved):
separate URL->control and control->URL callbacks race, and the control's old value wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

import flask
from dash import Dash, Input, Output, ctx, no_update
from dash import State as DashState
from dash.exceptions import PreventUpdate

from dashboard import urls
from dashboard.charts import svg
from dashboard.data import BREAKDOWN_DIMENSIONS, FREQS, SUBYEAR_METRICS, Arrivals, View
from dashboard.page import downloads, ids, layout, maps, outputs, static
from dashboard.text.catalogue import LANGS
from dashboard.urls import WIDTHS, State, encode, parse, parse_pairs

# The first outputs of the callbacks that are pure in their request and the immutable data, whose answers
# `answers.cache_answers` may keep: URL <-> controls, the main chart, the revisions view.
PURE_OUTPUTS = frozenset({f"{ids.URL}.search", f"{ids.MAIN_CHART}.figure", f"{ids.REV_CHART}.src"})
PAGES_KEPT = 16  # per process; see register_page
CONTROLS = (ids.METRIC, ids.SEX, ids.YEAR_FROM, ids.YEAR_TO, ids.CHART, ids.FREQ, ids.VINTAGE, ids.ASOF, ids.VS,
            ids.OPTIONS,
            ids.REV_PERIOD)
FLAGS, PARAM_OF = outputs.FLAGS, layout.PARAM_OF


# Each control writes only its own URL parameters; the URL's state gives every other (urls.PARAMS names them).
CONTROL_PARAMS = static.FIELDS
FLAG_PARAMS = {flag: PARAM_OF[flag] for flag in FLAGS}  # the options checklist's ticks -> URL flags


def moved(trigger: str, value, search: str | None, arrivals: Arrivals) -> State | None:
    """The page state once one control has moved: the URL's state with that control's parameters replaced, every
    other parameter (tab, language, revisions year) kept. None when the value is not one the URL can hold: a year
    box left empty or out of range, or a request the page did not send."""
    pairs = dict(parse_qsl(encode_state(parse(_text(search), arrivals)).lstrip("?")))
    if trigger == ids.OPTIONS:
        ticks = value if isinstance(value, list) else []
        pairs.update({param: str(int(flag in ticks)) for flag, param in FLAG_PARAMS.items()})
    elif trigger in CONTROL_PARAMS:
        pairs[CONTROL_PARAMS[trigger]] = _raw(value)
    else:
        return None
    if trigger == ids.VINTAGE:  # a publication chosen is its own figures: the day they were known on goes
        pairs.pop("asof", None)
    if pairs.get("metric") not in SUBYEAR_METRICS and pairs.get("freq", FREQS[0]) != FREQS[0]:
        # half-years and quarters have counts and shares only: the control just moved wins, the other gives way
        pairs.update({"freq": FREQS[0]} if trigger == ids.METRIC else {"metric": SUBYEAR_METRICS[0]})
    state = parse_pairs(pairs.items(), arrivals)
    return None if any(n.kind != "order" for n in state.notices) else state


def encode_state(state: State) -> str:
    return encode(state.view, state.revision, state.tab, state.query, state.highlight, state.theme)


def view_of(search, lang, arrivals: Arrivals) -> View | None:
    """The View a page URL draws; None when the URL names another language than the page's (a full load follows)."""
    view = parse(_text(search), arrivals).view
    return view if view.lang == lang else None


def _raw(value) -> str:
    """A control value as the URL would carry it: text as it is, a whole number in digits, anything else empty."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def _text(value) -> str:
    """A value that should be text (a query string): anything else reads as empty."""
    return value if isinstance(value, str) else ""


def controls_from_view(view: View, revision, arrivals: Arrivals) -> tuple:
    """Control values in CONTROLS order; the year boxes show the years the chart draws (outputs.drawn_years)."""
    start, end = outputs.drawn_years(view, arrivals)
    return (view.metric, view.sex, start, end, view.chart, view.freq, view.vintage, view.asof, view.vs,
            [flag for flag in FLAGS if getattr(view, flag)], revision)


def sync(trigger: str, search: str | None, values: Sequence, lang: str, arrivals: Arrivals) -> tuple:
    """Both directions of URL <-> controls. Returns (search, control values..., notices, lang link, reload href,
    tab links, tab panels' class).

    - the URL moved (a tab, back/forward): every control and the tabs follow it; a new language needs a full page
      load.
    - a control moved: its parameters in the URL follow it, nothing else changes; a value the URL cannot hold
      (a year box left out of range) leaves the URL as it is and shows the years drawn again. The notices about
      the old URL are cleared.
    """
    unchanged = (no_update,) * len(CONTROLS)
    lang = lang if lang in LANGS else LANGS[0]
    if trigger == ids.URL:
        state = parse(search, arrivals)
        if state.view.lang != lang:
            return (no_update, *unchanged, no_update, no_update, search or "?", no_update, no_update)
        notices, rejected = outputs.notice_children(state, lang), False
    else:
        state = moved(trigger, values[CONTROLS.index(trigger)] if trigger in CONTROLS else None, search, arrivals)
        rejected = state is None
        state = parse(_text(search), arrivals) if rejected else state
        notices = []
    new_search = encode_state(state)
    wanted = controls_from_view(state.view, state.revision, arrivals)
    controls = tuple(no_update if _same(new, old) else new for new, old in zip(wanted, values))
    url_out = no_update if trigger == ids.URL or rejected or new_search == search else new_search
    return (url_out, *controls, notices, outputs.lang_href(state.view, state.revision, _other(lang), state.theme),
            no_update, outputs.tab_links(state.view, state.revision, state.tab, state.theme),
            f"panels tab-{state.tab}")


def _same(new, old) -> bool:
    """Equal control values; a checklist's ticks in another order are the same choice (ticks of any kind: a request
    the page did not send may hold values that do not compare)."""
    if isinstance(new, list) and isinstance(old, list):
        return sorted(new, key=repr) == sorted(old, key=repr)
    return new == old


def _other(lang: str) -> str:
    return "ko" if lang == "en" else "en"


def register(app: Dash, arrivals: Arrivals) -> Pages:
    """The page and every callback on it; returns the pages, for the index (app.py) to paint them first."""
    pages = register_page(app, arrivals)
    register_state(app, arrivals)
    register_main(app, arrivals)
    register_revisions(app, arrivals)
    register_breakdowns(app, arrivals)
    maps.register(app, arrivals)
    register_lookup(app, arrivals)
    downloads.register(app, arrivals)
    return pages


class Pages:
    """The page for each URL, built once per process: its Dash tree, the shell that carries it, and its static
    HTML for the first paint (page/static.py, charts drawn by charts/svg). Pure in (search, site, immutable
    data), where the site's address counts only for a page that shows it (`downloads.names_site`): a new
    Host, such as a fresh worker's first reader behind a proxy, does not rebuild the default page. A page's
    components take about 1.5 MB, so few are kept: a wave of readers asks for the few pages a story links to.
    Each is kept for the day it was built on: what asof= and vs= accept moves with the day (`urls.today`)."""

    def __init__(self, arrivals: Arrivals):
        self.arrivals = arrivals
        self._page = lru_cache(maxsize=PAGES_KEPT)(self._build_page)
        self._shell = lru_cache(maxsize=PAGES_KEPT)(self._build_shell)  # one object per page: serialised once
        self._static = lru_cache(maxsize=PAGES_KEPT)(self._build_static)

    def page(self, search: str, host_url: str):
        return self._page(search, self._site(search, host_url), urls.today())

    def shell(self, search: str | None, host_url: str):
        return self._shell(search, self._site(search, host_url), urls.today())

    def static(self, search: str, host_url: str) -> str:
        return self._static(search, self._site(search, host_url), urls.today())

    def _site(self, search: str | None, host_url: str) -> str:
        return host_url if search is not None and downloads.names_site(parse(search, self.arrivals)) else ""

    # `day` is only the key's: the page for a search is the one parse(search) gives on that day
    def _build_page(self, search: str, host_url: str, day: str):
        return layout.page(self.arrivals, parse(search, self.arrivals), host_url)

    def _build_shell(self, search: str | None, host_url: str, day: str):
        return layout.shell() if search is None else layout.shell(self._page(search, host_url, day), search)

    def _build_static(self, search: str, host_url: str, day: str) -> str:
        return static.render(self._shell(search, host_url, day), chart=_chart_markup)


def _chart_markup(graph) -> str:
    """The static SVGs of the main chart, one per width class (CSS shows the one that fits)."""
    meta = graph.figure["layout"].get("meta", {})
    if meta.get("placeholder"):
        return ""
    title = meta.get("title", "")
    return f'<div class="ssr-chart">{svg.render_set(graph.figure, WIDTHS.values(), title=title)}</div>'


def register_page(app: Dash, arrivals: Arrivals) -> Pages:
    """Send the page for the reader's URL with the layout, so that its charts are drawn without a callback.

    Dash asks for the layout at `/_dash-layout`, which carries no query string; the browser names the page
    in the Referer header (same origin, kept by our Referrer-Policy). When it does not, or when the page
    URL is not the one the layout was built for, the page callback builds the page from the URL after load.
    """
    pages = Pages(arrivals)
    app.layout = lambda: pages.shell(referring_search(app),
                                     flask.request.host_url if flask.has_request_context() else "")

    @app.callback(Output(ids.PAGE, "children"), Input(ids.PAGE_URL, "pathname"), DashState(ids.PAGE_URL, "search"),
                  DashState(ids.PAGE_SEARCH, "data"))
    def build_page(_pathname, search, built):
        if built is not None and _text(search) == built:
            raise PreventUpdate  # the layout already holds this page
        return pages.page(_text(search), flask.request.host_url)

    return pages


def referring_search(app: Dash) -> str | None:
    """The query string ("" or "?...") of the dashboard page that asked for the layout; None if unknown."""
    if not flask.has_request_context() or not flask.request.referrer:
        return None
    try:
        page = urlsplit(flask.request.referrer)
    except ValueError:  # a malformed header (e.g. "http://[::1"): the page callback builds the page instead
        return None
    # Only the path is compared: a proxy in front may rewrite Host (nginx sends its upstream's name by default),
    # and the browser names a page's query only to its own origin (Referrer-Policy strict-origin-when-cross-origin).
    if page.path != app.config.requests_pathname_prefix:
        return None
    return f"?{page.query}" if page.query else ""


def register_state(app: Dash, arrivals: Arrivals) -> None:
    @app.callback(
        Output(ids.URL, "search"),
        *[Output(c, "value") for c in CONTROLS],
        Output(ids.NOTICE, "children"),
        Output(ids.LANG_LINK, "href"),
        Output(ids.RELOAD, "href"),
        Output(ids.TABS, "children"),
        Output(ids.TAB_PANELS, "className"),
        Input(ids.URL, "search"),
        *[Input(c, "value") for c in CONTROLS],
        DashState(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def sync_url(search, *values_and_lang):
        *values, lang = values_and_lang
        return sync(ctx.triggered_id, search, values, lang, arrivals)


# The callbacks answer plain JSON (outputs.plain): Dash encodes a component tree anew on every answer, most of a
# callback's time for a table of a few hundred cells; a cached plain answer is encoded once.
MAIN_OUTPUTS = (("figure", ids.MAIN_CHART, "figure"), ("title", ids.CHART_TITLE, "children"),
                ("subtitle", ids.CHART_SUBTITLE, "children"), ("note", ids.MAIN_NOTE, "children"),
                ("key", ids.CHART_KEY, "children"), ("summary", ids.MAIN_SUMMARY, "children"),
                ("source", ids.MAIN_SOURCE, "children"), ("caveats", ids.MAIN_CAVEATS, "children"),
                ("events", ids.EVENT_KEY, "children"), ("sources", ids.MAIN_CITATION, "children"),
                ("table", ids.MAIN_TABLE, "children"), ("sex_options", ids.SEX, "options"),
                ("chart_options", ids.CHART, "options"), ("flag_options", ids.OPTIONS, "options"),
                ("vintage_options", ids.VINTAGE, "options"), ("vs_options", ids.VS, "options"),
                ("vs_figure", ids.VS_CHART, "figure"), ("vs_summary", ids.VS_SUMMARY, "children"),
                ("vs_hidden", ids.VS_FIGURE, "hidden"))
REVISION_OUTPUTS = (("src", ids.REV_CHART, "src"), ("narrow", f"{ids.REV_CHART}-narrow", "srcSet"),
                    ("title", ids.REV_TITLE, "children"), ("key", ids.REV_KEY, "children"),
                    ("summary", f"{ids.REV_CHART}-summary", "children"), ("table", ids.REV_TABLE, "children"),
                    ("sources", ids.REV_CITATION, "children"))


@lru_cache(maxsize=64)  # pure in (view, immutable data)
def main_answer(view: View, arrivals: Arrivals) -> tuple:
    out = outputs.main_outputs(view, arrivals)
    return tuple(outputs.plain(out[key]) for key, *_ in MAIN_OUTPUTS)


@lru_cache(maxsize=128)  # pure in (year, lang, immutable data)
def revision_answer(year: int | None, lang: str, arrivals: Arrivals) -> tuple:
    out = outputs.revision_outputs(year, lang, arrivals)
    return tuple(outputs.plain(out[key]) for key, *_ in REVISION_OUTPUTS)


def register_main(app: Dash, arrivals: Arrivals) -> None:
    """The main chart follows the URL, the one owner of the page state: a control, a typed year, Back and Forward
    all reach it through the URL (`sync`)."""
    @app.callback(
        *[Output(id_, prop) for _, id_, prop in MAIN_OUTPUTS],
        Input(ids.URL, "search"),
        DashState(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def draw_main(search, lang):
        view = view_of(search, lang, arrivals)
        if view is None:
            raise PreventUpdate  # another language: the page reloads
        return main_answer(view, arrivals)


def register_revisions(app: Dash, arrivals: Arrivals) -> None:
    @app.callback(
        *[Output(id_, prop) for _, id_, prop in REVISION_OUTPUTS],
        Input(ids.REV_PERIOD, "value"),
        DashState(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def draw_revisions(year, lang):
        state = parse_pairs([("rev", _raw(year)), ("lang", _raw(lang))], arrivals)
        return revision_answer(state.revision, state.view.lang, arrivals)


def lookup_answer(query, lang, arrivals: Arrivals) -> list:
    """The answers to the search field's question, as plain JSON; a question the URL could not hold (empty,
    longer than urls.MAX_QUERY, not text) has none."""
    state = parse_pairs([("q", _text(query)), ("lang", _raw(lang))], arrivals)
    return outputs.plain(outputs.lookup_children(state.query, state.view.lang, arrivals))


def register_lookup(app: Dash, arrivals: Arrivals) -> None:
    """The search field answers once the reader presses Enter or leaves it (a debounced input)."""
    @app.callback(Output(ids.LOOKUP_ANSWERS, "children"), Input(ids.LOOKUP_QUERY, "value"),
                  DashState(ids.LANG, "data"), prevent_initial_call=True)
    def look_up(query, lang):
        return lookup_answer(query, lang, arrivals)


BREAKDOWN_OUTPUTS = (("src", "chart", "src"), ("narrow", "chart-narrow", "srcSet"), ("title", "title", "children"),
                     ("key", "key", "children"),
                     ("summary", "chart-summary", "children"), ("footnote", "footnote", "children"),
                     ("source", "source", "children"), ("sources", "citation", "children"))


@lru_cache(maxsize=64)  # pure in (dimension, lang, table, immutable data)
def breakdown_answer(dimension: str, lang: str, vintage: str, arrivals: Arrivals) -> tuple:
    out = outputs.breakdown_outputs(dimension, lang, vintage, arrivals)
    return tuple(outputs.plain(out[key]) for key, *_ in BREAKDOWN_OUTPUTS)


def register_breakdowns(app: Dash, arrivals: Arrivals) -> None:
    """One callback per breakdown card: its table choice redraws its chart and words."""
    for dimension in BREAKDOWN_DIMENSIONS:
        @app.callback(
            *[Output(ids.breakdown(dimension, part), prop) for _, part, prop in BREAKDOWN_OUTPUTS],
            Input(ids.breakdown(dimension, "vintage"), "value"),
            DashState(ids.LANG, "data"),
            prevent_initial_call=True,
        )
        def draw_breakdown(vintage, lang, dimension=dimension):
            lang = parse_pairs([("lang", _raw(lang))], arrivals).view.lang
            try:  # a table no menu offers (a request the page did not send) draws the default one
                table = urls.read("bv", _raw(vintage), arrivals)
            except urls.Invalid:
                table = "latest"
            return breakdown_answer(dimension, lang, table, arrivals)

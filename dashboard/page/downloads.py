"""The Download & cite and Share & embed tabs: downloads, quotes with copy buttons, citations, the link and the
embed snippet.

Everything follows the page URL (`ids.URL.search`), read by the dashboard's own parser, so a download is the file
`nk-arrivals export` gives for the same query string, at the image size chosen beside the buttons. One
pattern-matching (MATCH) callback serves every download button; the quote, cite and embed texts are refreshed by one
callback when the URL changes, and are built only for the tab that shows them: they are the page's costliest part
(citeproc), and the embed's name the site, which would make every page depend on the Host it was asked on.

Each reference (every source of the view, and the dataset) is shown in every citation format, each copyable and
downloadable as the bytes `nk-arrivals export cite` writes (a data: link, so it needs no round trip).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

import flask
from dash import MATCH, Dash, Input, Output, ctx, dcc, html
from dash import State as DashState
from dash.exceptions import PreventUpdate

from dashboard import urls
from dashboard.charts import figures
from dashboard.charts.style import SIZES
from dashboard.data import Arrivals, View
from dashboard.exports import pack
from dashboard.exports.formats import DATA, MEDIA_TYPES, VIEW_FORMATS
from dashboard.page import ids
from dashboard.templates import embed_snippet
from dashboard.text import citations, quotes, references
from dashboard.text.catalogue import t

DOWNLOAD, SHARE = "download", "share"  # the tabs (urls.TABS) these panels fill
BUTTON_CLASS = "export-button"


def _t(key: str, lang: str) -> str:
    """A text of this panel (the catalogue's `takeaway_*` keys)."""
    return t(f"takeaway_{key}", lang)


def copyable(text: str, element_id: str, lang: str, tag=html.P) -> html.Div:
    """A text with a copy button beside it; assets/loader.js copies it (on the static page too), or, where the
    browser refuses the Clipboard API, selects it and says so in the status beside the button."""
    return html.Div([tag(text, id=element_id, className="copy-text"),
                     html.Button(_t("copy", lang), type="button", className="copy-button",
                                 **{"data-copied": _t("copied", lang), "data-refused": _t("copy_refused", lang)}),
                     html.Span(className="copy-status", role="status")],
                    className="copyable")


def download_panel(arrivals: Arrivals, page_state: urls.State, host_url: str) -> html.Section:
    """The Download & cite tab: a file of the view in every format, ready-to-paste sentences, citations.
    `register`'s callback refreshes its texts as the URL moves."""
    lang = page_state.view.lang
    quote_children, cite_children, _ = texts(_search(page_state), host_url, arrivals)
    buttons = [html.Div([html.Button(_t(fmt, lang), id={"type": ids.EXPORT_BUTTON, "format": fmt}, n_clicks=0,
                                     className=BUTTON_CLASS),
                         dcc.Download(id={"type": ids.EXPORT_DOWNLOAD, "format": fmt})])
               for fmt in VIEW_FORMATS]
    size_choice = dcc.RadioItems(
        id=ids.EXPORT_SIZE, value="default", inline=True, className="export-sizes",
        options=[{"label": f"{_t(f'size_{name}', lang)} ({w}×{h})", "value": name} for name, (w, h) in SIZES.items()])
    return html.Section([
        html.H3(_t("downloads", lang)),
        html.P(_t("download_hint", lang), className="hint"),
        html.Div([html.Span(_t("size", lang), className="export-size-label"), size_choice], role="group",
                 **{"aria-label": _t("size", lang)}),
        html.Div(buttons, className="export-buttons"),
        html.Noscript(html.Ul([html.Li(html.A(_t(fmt, lang), href=urls.download_url(page_state.view, fmt)))
                               for fmt in VIEW_FORMATS], className="export-links")),  # the buttons need scripts
        html.H3(_t("records", lang)),
        html.P(_t("records_hint", lang), className="hint"),
        html.Ul([html.Li([_t(f"record_{kind}", lang), ": ", *_links(page_state.view, kind)])
                 for kind in pack.RECORDS], className="record-links"),
        html.H3(_t("quotes", lang)),
        html.Div(quote_children, id=ids.EXPORT_QUOTES, **{"aria-live": "polite"}),
        html.H3(_t("cite", lang)),
        html.Div(cite_children, id=ids.EXPORT_CITES),
    ], id=ids.EXPORT_PANEL, className="panel panel-download export-panel")


def _links(view, kind: str) -> list:
    """A record download's plain links, one per data format, separated by middots."""
    links = [html.A(fmt.upper(), href=urls.download_url(view, f"{kind}.{fmt}"), download="") for fmt in DATA]
    return [part for link in links for part in (" · ", link)][1:]


def share_panel(arrivals: Arrivals, page_state: urls.State, host_url: str) -> html.Section:
    """The Share & embed tab: the view's link, the iframe snippet, the embed page and the API address."""
    lang = page_state.view.lang
    _, _, embed_children = texts(_search(page_state), host_url, arrivals)
    return html.Section([html.H3(t("tab_share", lang)), html.Div(embed_children, id=ids.EXPORT_EMBED)],
                        className="panel panel-share export-panel")


def names_site(page_state: urls.State) -> bool:
    """Whether the page of `page_state` shows the site's own address (the Share & embed tab's texts)."""
    return page_state.tab == SHARE


def _search(page_state: urls.State) -> str:
    return urls.encode(page_state.view, page_state.revision, page_state.tab, theme=page_state.theme)


@lru_cache(maxsize=64)  # pure in (search, host, immutable data): both tabs ask for them
def texts(search: str | None, host_url: str, arrivals: Arrivals) -> tuple:
    """(quotes, cites, embed) children for a page URL: plain values in, components out; each tab's texts only
    when the URL opens that tab, else empty (its callback fills them when the reader opens it)."""
    page_state = urls.parse(search, arrivals)
    view = page_state.view
    quote_children, cite_children = _download_texts(view, arrivals) if page_state.tab == DOWNLOAD else ([], [])
    return quote_children, cite_children, _share_texts(page_state, host_url) if names_site(page_state) else []


def _download_texts(view: View, arrivals: Arrivals) -> tuple[list, list]:
    lang = view.lang
    said = quotes.quotes(arrivals, view, lang)
    quote_children = [copyable(text, f"quote-{i}", lang) for i, text in enumerate(said.sentences)]
    if said.warnings:
        quote_children.append(html.Div([html.H4(_t("misquotes", lang)),
                                        html.Ul([html.Li(w) for w in said.warnings])],
                                       className="misquotes", role="note"))
    frame = arrivals.series(view)
    sources = list(dict.fromkeys(frame["source"]))
    cited = [(f"{_t('cite_source', lang)}: {citations.name(c, lang)}", c.source) for c in arrivals.citations(sources)]
    cited.append((_t("cite_dataset", lang), references.DATASET))
    cite_children = [html.P(_t("cite_hint", lang), className="hint")]
    for n, (heading, source) in enumerate(cited):
        cite_children.append(html.H4(heading))
        for fmt in references.FORMATS:
            name, body = pack.cite(arrivals, source, fmt)
            link = html.A(f"{_t('download', lang)} {name}", download=name, className="cite-download",
                          id={"type": ids.CITE_DOWNLOAD, "source": source, "format": fmt},
                          href=f"data:{MEDIA_TYPES[fmt]},{quote(body)}")
            cite_children.append(html.Details([
                html.Summary(references.STYLE_NAMES[fmt]),
                copyable(body.decode("utf-8").rstrip("\n"), f"cite-{n}-{fmt}", lang, tag=html.Pre),
                html.P(link)]))
    return quote_children, cite_children


def _share_texts(page_state: urls.State, host_url: str) -> list:
    view, lang = page_state.view, page_state.view.lang
    link = urls.page_url(view, page_state.revision, host_url)
    embed_url = urls.embed_url(view, host_url)
    snippet = embed_snippet(embed_url, figures.main_title(view))  # the iframe's title names the chart
    api_url = urls.api_url("arrivals", "csv", view, host_url)
    return [
        html.H4(_t("link", lang)),
        copyable(link, "page-link", lang),
        html.H4(_t("embed", lang)),
        html.P(_t("embed_hint", lang), className="hint"),
        copyable(snippet, "embed-snippet", lang, tag=html.Pre),
        html.P(html.A(embed_url, href=embed_url, target="_blank", rel="noopener")),
        html.H4(_t("api", lang)),
        copyable(f'curl -s "{api_url}"', "api-example", lang, tag=html.Pre),
    ]


def download(search: str | None, fmt: str, arrivals: Arrivals, size: str | None = "default") -> dict:
    """The dcc.Download payload of a view in one format: the same bytes `nk-arrivals export` writes."""
    view = urls.parse(search, arrivals).view
    name, body = pack.take_away(arrivals, view, fmt, size if size in SIZES else "default")
    return dcc.send_bytes(body, name, type=MEDIA_TYPES[fmt])


def register(app: Dash, arrivals: Arrivals) -> None:
    """The panel's two callbacks (request context: the page's host)."""

    @app.callback(Output(ids.EXPORT_QUOTES, "children"), Output(ids.EXPORT_CITES, "children"),
                  Output(ids.EXPORT_EMBED, "children"),
                  Input(ids.URL, "search"), prevent_initial_call=True)
    def refresh(search):
        return texts(search if isinstance(search, str) else "", flask.request.host_url, arrivals)  # only a str is a URL

    button = {"type": ids.EXPORT_BUTTON, "format": MATCH}

    @app.callback(Output({"type": ids.EXPORT_DOWNLOAD, "format": MATCH}, "data"), Input(button, "n_clicks"),
                  DashState(ids.URL, "search"), DashState(ids.EXPORT_SIZE, "value"), prevent_initial_call=True,
                  running=[(Output(button, "className"), f"{BUTTON_CLASS} busy", BUTTON_CLASS)])  # while it is made
    def send(_clicks, search, size):
        button = ctx.triggered_id
        fmt = button.get("format") if isinstance(button, dict) else None
        if not isinstance(fmt, str) or fmt not in VIEW_FORMATS:  # a request the page did not send
            raise PreventUpdate
        return download(search if isinstance(search, str) else "", fmt, arrivals,
                        size if isinstance(size, str) else "default")


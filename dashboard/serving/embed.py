"""A chart-only page for one URL state, for newsrooms to put in an iframe (the snippet: templates/).

The chart's words (title, key, source line, caveats, events' key) are HTML around the chart, so they wrap at
any width and are whole on first load; the chart is there at once as a static SVG (charts/svg.py) and plotly.js
then draws it in the same box. No inline script (the server's CSP allows scripts from this origin only): the
figure travels as a JSON data block, which browsers never execute, and /embed/embed.js draws it.
"""

from __future__ import annotations

import json
from functools import lru_cache

import flask
import plotly.io as pio
from markupsafe import Markup

from dashboard import urls
from dashboard.charts import bundle, figures, style, svg
from dashboard.data import Arrivals, View
from dashboard.templates import render
from dashboard.text import caveats, citations
from dashboard.text.catalogue import t
from dashboard.urls import WIDTHS

SCRIPT_ROUTE = urls.EMBED_ROUTE + "/embed.js"
SCRIPT = """\
(function () {
  var figure = JSON.parse(document.getElementById("figure").textContent);
  var box = document.getElementById("chart");
  var plot = document.createElement("div");
  box.appendChild(plot);
  Plotly.newPlot(plot, figure.data, figure.layout, CONFIG).then(function () {
    box.classList.add("drawn");
  });
})();
""".replace("CONFIG", json.dumps(style.GRAPH_CONFIG))  # the page's plotly options: no tool that goes around our exports


def _json_block(figure_json: str) -> str:
    """Figure JSON that cannot close its <script> element early (a title could contain "</script>")."""
    return figure_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(arrivals: Arrivals, view: View, revision: int | None, link: str, plotly_src: str,
         notices: tuple[str, ...] = ()) -> str:
    """The embed page's HTML (templates/embed.html): every text from data or URL is escaped there. `notices` say
    which parameters of the link were not understood (the default view is shown instead), as on the page."""
    lang = view.lang
    frame = arrivals.series(view)
    full = figures.main_chart(arrivals, view)
    screen = figures.screen(full)
    notes = caveats.headline(arrivals.caveats(frame, view), lang) + [
        f"{e['number']} {e['label']}" for e in full.layout.meta.get("events", [])]
    return html_page(lang=lang, title=figures.plain_title(full), subtitle=figures.plain_title(full, subtitle=True),
                     key=full.layout.meta.get("key", []), summary=figures.summary(frame, view, lang),
                     svg=Markup(svg.render_set(screen, WIDTHS.values(), title=figures.plain_title(full))),
                     source=citations.source_line(arrivals.citations(frame["source"]), lang), notes=notes,
                     link=link, figure_json=pio.to_json(screen, validate=False), plotly_src=plotly_src,
                     notice_title=t("notice_title", lang) if notices else "", notices=notices)


def html_page(*, figure_json: str, plotly_src: str, **words) -> str:
    """templates/embed.html filled in: every word from data or URL is escaped there, and the figure's JSON
    cannot close its data block early."""
    return render("embed.html", figure=Markup(_json_block(figure_json)), plotly=plotly_src, script=SCRIPT_ROUTE,
                  **words)


def mount(app, arrivals: Arrivals) -> None:
    """GET /embed?<dashboard query> -> the chart-only page; GET /embed/embed.js -> its script.

    The query is read by the dashboard's own parser, so a bad value falls back to the default view as on the page.
    """
    server = app.server
    plotly_src = app.get_asset_url(bundle.PATH.name)

    def embed_page():
        parsed = urls.parse(flask.request.query_string.decode("utf-8", "replace"), arrivals)
        body = cached_page(parsed.view, parsed.revision, tuple(n.text(parsed.view.lang) for n in parsed.notices))
        return flask.Response(body, mimetype="text/html")

    @lru_cache(maxsize=64)  # pure in (view, revision, notices, immutable data)
    def cached_page(view: View, revision: int | None, notices: tuple[str, ...]) -> str:
        return page(arrivals, view, revision, app.get_relative_path("/") + urls.encode(view, revision), plotly_src,
                    notices)

    def embed_script():
        return flask.Response(SCRIPT, mimetype="text/javascript")

    server.add_url_rule(app.get_relative_path(urls.EMBED_ROUTE), "embed_page", embed_page)
    server.add_url_rule(app.get_relative_path(SCRIPT_ROUTE), "embed_script", embed_script)

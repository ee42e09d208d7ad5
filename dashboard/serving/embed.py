"""A chart-only page for one URL state, for newsrooms to put in an iframe, plus the snippet to copy.

The page has no inline script (the server's CSP allows scripts from this origin only): the figure travels as
a JSON data block, which browsers never execute, and a small script served from /embed/embed.js draws it.
The source line is both inside the figure and printed as text under it, so it survives a failed script.
"""

from __future__ import annotations

import html

import flask
import plotly.io as pio
from markupsafe import Markup

from dashboard import urls
from dashboard.charts import bundle, figures
from dashboard.data import Arrivals
from dashboard.templates import render
from dashboard.text import citations
from dashboard.text.catalogue import t

SCRIPT_ROUTE = urls.EMBED_ROUTE + "/embed.js"
SCRIPT = """\
(function () {
  var figure = JSON.parse(document.getElementById("figure").textContent);
  Plotly.newPlot("chart", figure.data, figure.layout, {responsive: true, displaylogo: false});
})();
"""
def _json_block(figure_json: str) -> str:
    """Figure JSON that cannot close its <script> element early (a title could contain "</script>")."""
    return figure_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(figure_json: str, title: str, source_line: str, link: str, lang: str, plotly_src: str,
         notices: tuple[str, ...] = ()) -> str:
    """The embed page's HTML (templates/embed.html): every text from data or URL is escaped there. `notices` say
    which parameters of the link were not understood (the default view is shown instead), as on the page."""
    return render("embed.html", lang=lang, title=title, source=source_line, link=link,
                  figure=Markup(_json_block(figure_json)), plotly=plotly_src, script=SCRIPT_ROUTE,
                  notice_title=t("notice_title", lang) if notices else "", notices=notices)


def mount(app, arrivals: Arrivals) -> None:
    """GET /embed?<dashboard query> -> the chart-only page; GET /embed/embed.js -> its script.

    The query is read by the dashboard's own parser, so a bad value falls back to the default view as on the page.
    """
    server = app.server
    plotly_src = app.get_asset_url(bundle.PATH.name)

    def embed_page():
        parsed = urls.parse(flask.request.query_string.decode("utf-8", "replace"), arrivals)
        view = parsed.view
        frame = arrivals.series(view)
        fig = figures.main_chart(arrivals, view)
        body = page(
            pio.to_json(fig, validate=False),
            title=html.unescape(f"{fig.layout.title.text} — {fig.layout.title.subtitle.text}"),
            source_line=citations.source_line(arrivals.citations(frame["source"]), view.lang),
            link=app.get_relative_path("/") + urls.encode(view, parsed.revision),
            lang=view.lang,
            plotly_src=plotly_src,
            notices=tuple(notice.text(view.lang) for notice in parsed.notices),
        )
        return flask.Response(body, mimetype="text/html")

    def embed_script():
        return flask.Response(SCRIPT, mimetype="text/javascript")

    server.add_url_rule(app.get_relative_path(urls.EMBED_ROUTE), "embed_page", embed_page)
    server.add_url_rule(app.get_relative_path(SCRIPT_ROUTE), "embed_script", embed_script)

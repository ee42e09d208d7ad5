"""A chart-only page for one URL state, for newsrooms to put in an iframe (the snippet: templates/).

The chart's words (title, key, source line, caveats, events' key) are HTML around the chart, so they wrap at
any width and are whole on first load; the chart is there at once as a static SVG (charts/svg) and plotly.js
then draws it in the same box. No inline script (the server's CSP allows scripts from this origin only): the
figure travels as a JSON data block, which browsers never execute, and /embed/embed.js draws it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import urlsplit

import flask
import plotly.io as pio
from markupsafe import Markup

from dashboard import urls
from dashboard.charts import bundle, figures, style, svg
from dashboard.charts.style import EMBED_HEIGHT
from dashboard.data import Arrivals, View
from dashboard.exports import previews
from dashboard.templates import embed_snippet, render
from dashboard.text import caveats, citations
from dashboard.text.catalogue import t
from dashboard.urls import WIDTHS

SCRIPT_ROUTE = urls.EMBED_ROUTE + "/embed.js"
RESIZE_ROUTE = urls.EMBED_ROUTE + "/resize.js"
HEIGHT_MESSAGE = "nk-arrivals:height"  # what the embed posts to its parent: {type, height} in CSS pixels
ASK_MESSAGE = "nk-arrivals:ask"  # what resize.js posts to our frames when it starts: "tell me your height"
# The embed page's own script: draws the figure (and a compare view's revision chart), then tells its parent how
# tall its content is, whenever that changes (a notice, a narrower frame, the key wrapping) and when asked, so
# resize.js can fit the iframe to it.
SCRIPT = f"""\
(function () {{
  var content = document.getElementById("content");
  function tell(target) {{
    var height = Math.ceil(content.getBoundingClientRect().height);
    var message = {{type: "{HEIGHT_MESSAGE}", height: height}};
    if (window.parent !== window) (target || window.parent).postMessage(message, "*");
  }}
  if (window.ResizeObserver) new ResizeObserver(function () {{ tell(); }}).observe(content);
  window.addEventListener("message", function (event) {{
    if (event.data && event.data.type === "{ASK_MESSAGE}") tell(event.source);
  }});
  tell();
  var config = {json.dumps(style.GRAPH_CONFIG)};
  config.staticPlot = document.documentElement.hasAttribute("data-plain");
  function draw(boxId, dataId) {{
    var data = document.getElementById(dataId);
    if (!data) return;
    var figure = JSON.parse(data.textContent);
    var box = document.getElementById(boxId);
    var plot = document.createElement("div");
    box.appendChild(plot);
    Plotly.newPlot(plot, figure.data, figure.layout, config).then(function () {{
      box.classList.add("drawn");
      tell();
    }});
  }}
  draw("chart", "figure");
  draw("revision", "revision-figure");
}})();
"""
# The script a story loads beside the iframe (the snippet has both): it sets each of our iframes' height to what
# the frame says its content needs, so there is never an inner scrollbar nor an empty band. It only believes
# messages from its own origin (where it was loaded from), and asks the frames once in case they spoke first.
# Plain ES5 and no page globals but one flag, so one copy serves any number of embeds on a page, in an
# about:blank or srcdoc document too.
RESIZE_SCRIPT = f"""\
(function () {{
  if (window.nkArrivalsResize) return;
  window.nkArrivalsResize = true;
  var script = document.currentScript;
  var origin = script ? new URL(script.src, location.href).origin : "";
  function ours(frame) {{
    try {{ return new URL(frame.src, location.href).origin === origin; }} catch (e) {{ return false; }}
  }}
  window.addEventListener("message", function (event) {{
    if (event.origin !== origin || !event.data || event.data.type !== "{HEIGHT_MESSAGE}") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {{
      if (frames[i].contentWindow === event.source) {{
        frames[i].style.height = Math.ceil(event.data.height) + "px";
        frames[i].setAttribute("scrolling", "no");
      }}
    }}
  }});
  function ask() {{
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {{
      var frame = frames[i];
      if (ours(frame) && frame.contentWindow) frame.contentWindow.postMessage({{type: "{ASK_MESSAGE}"}}, origin);
    }}
  }}
  ask();
  window.addEventListener("load", ask);
}})();
"""
def _json_block(figure_json: str) -> str:
    """Figure JSON that cannot close its <script> element early (a title could contain "</script>")."""
    return figure_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(arrivals: Arrivals, view: View, revision: int | None, link: str, plotly_src: str,
         notices: tuple[str, ...] = (), options: dict | None = None) -> str:
    """The embed page's HTML (templates/embed.html): every text from data or URL is escaped there. `notices` say
    which parameters of the link were not understood (the default view is shown instead), as on the page;
    `options` are its look (urls.embed_options: theme, plain, static)."""
    lang = view.lang
    frame = arrivals.series(view)
    full = figures.main_chart(arrivals, view)
    screen = figures.screen(full)
    notes = caveats.headline(arrivals.caveats(frame, view), lang) + [
        f"{e['number']} {e['label']}" for e in full.layout.meta.get("events", [])]
    revision = {}
    if view.vs:  # a compare view: the revision per period under the chart, drawn the same two ways
        compared, summary = figures.compare_figure(arrivals, view)
        shown = figures.screen(compared)
        revision = {"revision_title": figures.plain_title(compared), "revision_summary": summary,
                    "revision_svg": Markup(svg.render_set(shown, WIDTHS.values(), title=figures.plain_title(compared))),
                    "revision_json": Markup(_json_block(pio.to_json(shown, validate=False)))}
    return html_page(lang=lang, title=figures.plain_title(full), subtitle=figures.plain_title(full, subtitle=True),
                     key=full.layout.meta.get("key", []), summary=figures.summary(frame, view, lang),
                     svg=Markup(svg.render_set(screen, WIDTHS.values(), title=figures.plain_title(full))),
                     source=citations.source_line(arrivals.citations(frame["source"]), lang), notes=notes,
                     link=link, figure_json=pio.to_json(screen, validate=False), plotly_src=plotly_src,
                     notice_title=t("notice_title", lang) if notices else "", notices=notices, options=options,
                     **revision)


def html_page(*, figure_json: str, plotly_src: str, options: dict | None = None, **words) -> str:
    """templates/embed.html filled in: every word from data or URL is escaped there, and the figure's JSON
    cannot close its data block early. `options` are the embed's look (urls.EMBED_DEFAULTS unless given)."""
    return render("embed.html", figure=Markup(_json_block(figure_json)), plotly=plotly_src, script=SCRIPT_ROUTE,
                  options=options or urls.EMBED_DEFAULTS, **words)


def oembed(arrivals: Arrivals, page_url: str, base: str, maxwidth: int | None = None) -> dict | None:
    """The oEmbed answer (a `rich` item, oembed.com §2.3.4) for a page of this dashboard: the embed snippet of the
    view the page's query reads, its title, and its preview image as the thumbnail; None for an address that is
    not one of ours."""
    parts, home = urlsplit(page_url), urlsplit(base)
    if parts.scheme not in ("http", "https") or parts.netloc != home.netloc or \
            parts.path.rstrip("/") not in (home.path.rstrip("/"), home.path.rstrip("/") + urls.EMBED_ROUTE):
        return None
    options, pairs, _ = urls.embed_options(parts.query, arrivals)  # a page's address or an embed's, with its look
    view = urls.parse_pairs(pairs, arrivals).view
    shared = previews.preview(arrivals, view, base)
    width = min(maxwidth or 900, 900)
    embed = urls.embed_url(view, base, options)
    return {"version": "1.0", "type": "rich", "provider_name": t("title", view.lang), "provider_url": base,
            "title": shared.title, "html": embed_snippet(embed, figures.main_title(view)),
            "width": width, "height": EMBED_HEIGHT, "thumbnail_url": shared.image,
            "thumbnail_width": shared.width, "thumbnail_height": shared.height}


def mount(app, arrivals: Arrivals) -> None:
    """GET /embed?<dashboard query> -> the chart-only page; GET /embed/embed.js -> its script.

    The query is read by the dashboard's own parser, so a bad value falls back to the default view as on the page.
    """
    server = app.server
    plotly_src = app.get_asset_url(bundle.ASSET)

    def embed_page():
        search = flask.request.query_string.decode("utf-8", "replace")
        options, pairs, bad_options = urls.embed_options(search, arrivals)
        parsed = urls.parse_pairs(pairs, arrivals, search)
        notices = tuple(n.text(parsed.view.lang) for n in (*bad_options, *parsed.notices))
        body = cached_page(parsed.view, parsed.revision, notices, tuple(sorted(options.items())))
        return flask.Response(body, mimetype="text/html")

    @lru_cache(maxsize=64)  # pure in (view, revision, notices, options, immutable data)
    def cached_page(view: View, revision: int | None, notices: tuple[str, ...], options: tuple) -> str:
        link = app.get_relative_path("/") + urls.encode(view, revision, theme=dict(options)["theme"])  # same colours
        return page(arrivals, view, revision, link, plotly_src, notices, dict(options))

    def embed_script():
        return flask.Response(SCRIPT, mimetype="text/javascript")

    def resize_script():
        response = flask.Response(RESIZE_SCRIPT, mimetype="text/javascript")
        response.headers["Access-Control-Allow-Origin"] = "*"  # a story on any site loads it
        return response

    server.add_url_rule(app.get_relative_path(urls.EMBED_ROUTE), "embed_page", embed_page)
    server.add_url_rule(app.get_relative_path(SCRIPT_ROUTE), "embed_script", embed_script)
    server.add_url_rule(app.get_relative_path(RESIZE_ROUTE), "embed_resize_script", resize_script)

    def oembed_answer():
        """GET /oembed?url=<a page of ours>[&format=json][&maxwidth=N]: what a CMS turns our link into."""
        args = flask.request.args
        if args.get("format", "json") != "json":
            return flask.Response("only format=json is offered", status=501, mimetype="text/plain")
        try:
            maxwidth = int(args["maxwidth"]) if "maxwidth" in args else None
        except ValueError:
            return flask.Response("maxwidth must be a whole number of pixels", status=400, mimetype="text/plain")
        answer = oembed(arrivals, args.get("url", ""), flask.request.host_url + app.get_relative_path("/")[1:],
                        maxwidth)
        if answer is None:
            return flask.Response("url must be a page of this dashboard", status=404, mimetype="text/plain")
        response = flask.jsonify(answer)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    server.add_url_rule(app.get_relative_path(previews.OEMBED_ROUTE), "oembed", oembed_answer)

"""`/charts/{main,breakdown,map,revisions}.svg`: a chart drawn on the server (charts/svg) as a static SVG image; and
`/charts/{main,breakdown,revisions}.png`: its 1200×630 link-preview image (main-square.png too).

The page shows its breakdown and revision charts this way (an image prints, costs the browser no script, and is
there at once), and the static site and crawlers get the same files. Parameters are read strictly by the URL
grammar; the data never change while the process runs, so each answer is built once and long-cached by ETag.
"""

from __future__ import annotations

from functools import lru_cache

import flask

from dashboard import urls
from dashboard.charts import figures, regions, svg
from dashboard.data import PLACES, Arrivals
from dashboard.exports import previews
from dashboard.serving import export_gate

CACHE_CONTROL = "public, max-age=3600"


def figure_for(kind: str, request: urls.Request, arrivals: Arrivals):
    """The full figure of a chart image, before its words move to the page (`figures.screen`)."""
    lang = request.view.lang
    if kind == "main":
        return figures.main_chart(arrivals, request.view)
    if kind == "breakdown":
        return figures.breakdown_figure(arrivals, request.dimension, lang, request.breakdown)[0]
    if kind == "map":
        if request.dimension not in PLACES:
            raise urls.BadParameter("bad", "dimension", request.dimension, f"use {' or '.join(PLACES)}")
        return regions.map_figure(arrivals, request.dimension, lang, request.breakdown)[0]
    return figures.revision_figure(arrivals, request.revision, lang)[0]


def lower_preview(kind: str, request: urls.Request, arrivals: Arrivals, size: str) -> bytes:
    """The link-preview PNG of a breakdown or a revisions chart: its source line inside and in its metadata, its
    text summary as the description (exports/previews.py)."""
    lang = request.view.lang
    if kind == "breakdown":
        fig, summary, _ = figures.breakdown_figure(arrivals, request.dimension, lang, request.breakdown)
        frame = arrivals.breakdown(request.dimension, request.breakdown) if request.breakdown != figures.COMPARE \
            else arrivals.breakdown_vintages(request.dimension)
    else:
        fig, summary = figures.revision_figure(arrivals, request.revision, lang)
        frame = arrivals.publications(request.revision)
    cited = arrivals.citations(frame["source"]) if len(frame) else []
    return previews.figure_image(arrivals, fig, cited, summary, lang, size)


def image_response(build, mimetype: str) -> flask.Response:
    """A built image, cached by browsers and proxies and answered 304 to a matching ETag; a bad parameter (raised
    by `build`) is a 400 that says which, and no image (every export slot busy) a 429."""
    try:
        body = build()
    except urls.BadParameter as bad:
        return flask.Response(str(bad), status=400, mimetype="text/plain")
    if body is None:
        return export_gate.busy()
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(flask.request)


def mount(app, arrivals: Arrivals) -> None:
    """GET /charts/<kind>.svg?... on the app's server."""

    @lru_cache(maxsize=256)
    def answer(kind: str, args: tuple) -> bytes:
        request = urls.parse_strict(args, arrivals, urls.CHART_IMAGES[kind])
        width, height = urls.WIDTHS[dict(args).get("w", "760")]
        fig = figure_for(kind, request, arrivals)
        title = figures.plain_title(fig)
        return svg.render(figures.screen(fig), width, height, title=title).encode("utf-8")

    def chart_image(kind: str):
        if kind not in urls.CHART_IMAGES:
            flask.abort(404)
        return image_response(lambda: answer(kind, tuple(flask.request.args.items(multi=True))), "image/svg+xml")

    app.server.add_url_rule(app.get_relative_path(urls.CHART_ROUTE + "/<kind>.svg"), "chart_image", chart_image)

    def preview_image(size: str):
        """GET /charts/main.png?<view> (and main-square.png): the view's link-preview image (exports/previews.py),
        asked for by every platform a link is shared on: made once per view in the export gate's bounded cache."""
        def build():
            view = urls.parse_strict(flask.request.args.items(multi=True), arrivals, urls.VIEW_PARAMS).view
            return export_gate.made_once(app.server, ["preview", size, urls.encode(view, None)],
                                         lambda: previews.image(arrivals, view, size))

        return image_response(build, "image/png")

    for size, route in previews.IMAGE_ROUTES.items():
        app.server.add_url_rule(app.get_relative_path(route), f"preview_image_{size}", preview_image,
                                defaults={"size": size})

    def lower_preview_image(kind: str):
        """GET /charts/breakdown.png?dimension=&bv=&lang= and /charts/revisions.png?rev=&lang=: a lower chart's
        1200×630 preview image, made once in the export gate's bounded cache."""
        if kind not in previews.LOWER_CHARTS:
            flask.abort(404)
        accepted = tuple(name for name in urls.CHART_IMAGES[kind] if name != "w")

        def build():
            request = urls.parse_strict(flask.request.args.items(multi=True), arrivals, accepted)
            key = [kind, request.view.lang, request.dimension, request.breakdown, str(request.revision)]
            return export_gate.made_once(app.server, ["preview", previews.SIZE, *key],
                                         lambda: lower_preview(kind, request, arrivals, previews.SIZE))

        return image_response(build, "image/png")

    app.server.add_url_rule(app.get_relative_path(urls.CHART_ROUTE + "/<kind>.png"), "lower_preview_image",
                            lower_preview_image)

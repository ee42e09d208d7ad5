"""`/charts/{main,breakdown,revisions}.svg`: a chart drawn on the server (charts/svg) as a static SVG image.

The page shows its breakdown and revision charts this way (an image prints, costs the browser no script, and is
there at once), and the static site and crawlers get the same files. Parameters are read strictly by the URL
grammar; the data never change while the process runs, so each answer is built once and long-cached by ETag.
"""

from __future__ import annotations

from functools import lru_cache

import flask

from dashboard import urls
from dashboard.charts import figures, svg
from dashboard.data import Arrivals
from dashboard.exports import previews

CACHE_CONTROL = "public, max-age=3600"


def figure_for(kind: str, request: urls.Request, arrivals: Arrivals):
    """The full figure of a chart image, before its words move to the page (`figures.screen`)."""
    lang = request.view.lang
    if kind == "main":
        return figures.main_chart(arrivals, request.view)
    if kind == "breakdown":
        return figures.breakdown_figure(arrivals, request.dimension, lang, request.breakdown)[0]
    return figures.revision_figure(arrivals, request.revision, lang)[0]


def image_response(build, mimetype: str) -> flask.Response:
    """A built image, cached by browsers and proxies and answered 304 to a matching ETag; a bad parameter (raised
    by `build`) is a 400 that says which."""
    try:
        body = build()
    except urls.BadParameter as bad:
        return flask.Response(str(bad), status=400, mimetype="text/plain")
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

    # a link preview's image is asked for by every platform a link is shared on: made once per view
    preview_png = lru_cache(maxsize=128)(lambda view: previews.image(arrivals, view))

    def preview_image():
        """GET /charts/main.png?<view>: the view's link-preview image (exports/previews.py)."""
        args = flask.request.args.items(multi=True)
        return image_response(lambda: preview_png(urls.parse_strict(args, arrivals, urls.VIEW_PARAMS).view),
                              "image/png")

    app.server.add_url_rule(app.get_relative_path(previews.IMAGE_ROUTE), "preview_image", preview_image)

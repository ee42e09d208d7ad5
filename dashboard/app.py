"""The researchers' dashboard: `create_app()` mounts, in one place, everything the server answers.

`server = app.server` is the WSGI entry point (`gunicorn dashboard.app:server`, see serving/gunicorn_conf.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

import flask
from dash import Dash
from markupsafe import Markup
from plotly.io.json import to_json_plotly

from dashboard import urls
from dashboard.data import Arrivals, DatasetError
from dashboard.exports import previews
from dashboard.page import callbacks
from dashboard.serving import address, answers, api, charts, embed, export_gate, feed, preflight
from dashboard.serving.hardening import harden
from dashboard.templates import render
from dashboard.text.catalogue import t
from etl import paths

# Dash ships @babel/polyfill 7 (core-js 2) for browsers without ES2015+; current browsers still pay its main-thread
# time (docs/performance.md). Of it, Dash's renderer and dcc use
# only the `regeneratorRuntime` global, which assets/vendor/regenerator-runtime-0.14.1.min.js (npm, MIT, minified
# by esbuild: assets/vendor/README.md) provides in 2.3 KB compressed.
BABEL_POLYFILL = re.compile(r'<script src="[^"]*/polyfill@7[^"]*"></script>\s*')
SCRIPT_SOURCES = re.compile(r'<script src="([^"]+)"')
UNUSED_BUNDLE = "/dash_table/"  # Dash lists DataTable's bundle whether or not a page uses one; this one does not
LOADER = "loader.js"  # the one script the index loads itself; Dash's own list is left to it (assets_ignore)


class LocalisedDash(Dash):
    """Dash whose index page arrives painted, in the reader's language, and whose layout answer is the
    reader's whole page, serialised once per page.

    The index (templates/index.html) carries the static HTML of the page for its URL (`pages.static`), says
    which language it is in (`<html lang>`, `<title>`, from `?lang=`: a language switch is a page load), and
    leaves Dash's scripts to assets/loader.js, which loads them on the reader's first interaction.
    """

    pages: callbacks.Pages

    def interpolate_index(self, **kwargs):
        query = flask.request.query_string.decode("utf-8", "replace") if flask.has_request_context() else ""
        state = urls.parse(query, self.pages.arrivals)  # the grammar's reading, as the page's own
        view, lang = state.view, state.view.lang
        host = flask.request.host_url if flask.has_request_context() else ""
        shared = previews.preview(self.pages.arrivals, view, host)  # the view's own title and link preview
        sources = [src for src in SCRIPT_SOURCES.findall(BABEL_POLYFILL.sub("", kwargs["scripts"]))
                   if UNUSED_BUNDLE not in src]
        return render("index.html", lang=lang, theme=state.theme, title=shared.title, preview=shared,
                      metas=Markup(kwargs["metas"]), css=Markup(kwargs["css"]),
                      loader=self.get_asset_url(LOADER), ssr=Markup(self.pages.static(f"?{query}" if query else "",
                                                                                      host)),
                      app_entry=Markup(kwargs["app_entry"]), config=Markup(kwargs["config"]), scripts=sources)

    def register_suites(self) -> None:
        """Register the component suites' files, as Dash's index does on its first call: until then Dash answers 404
        for them, and a page answer kept on disk (serving/answers.py `Shelf`) never calls the index."""
        self._generate_css_dist_html()
        self._generate_scripts_html()

    def serve_layout(self):
        """The layout depends on the page that asks for it (the Referer, see `callbacks.register_page`), which
        returns one cached object per page; its JSON, costly to serialise, is cached with it."""
        response = self.backend.make_response(layout_json(self.get_layout()), mimetype="application/json")
        response.vary.add("Referer")
        return response


@lru_cache(maxsize=callbacks.PAGES_KEPT)  # keyed by the layout object itself: components hash by identity
def layout_json(layout_: object) -> str:
    return to_json_plotly(layout_)


def create_app(arrivals: Arrivals | None = None) -> Dash:
    """The app over `arrivals` (default: the committed datasets): the page and its callbacks, the data API, the
    embed page, the cache of callback answers and the production hardening. Datasets loaded from disk are checked
    against their schema first (`preflight.check`): a wrong one is refused here, not answered with 500s."""
    if arrivals is None:
        folder = paths.arrivals_folder()
        preflight.check(folder)
        arrivals = Arrivals.load(folder)
    app = LocalisedDash(
        __name__,
        title=t("title", "en"),
        suppress_callback_exceptions=True,  # the page is built from the URL by a callback
        update_title=None,
        assets_ignore=re.escape(LOADER),  # the index loads it itself, before and instead of Dash's scripts
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],  # the description:
        # each view's own, with its link preview (templates/preview.html)
    )
    app.pages = callbacks.register(app, arrivals)  # the page (built from the Referer) and every callback on it
    app.register_suites()  # before any answer: one may come off the shelf, without Dash's index
    app.server.register_blueprint(api.blueprint(arrivals))  # /api/v1/*
    embed.mount(app, arrivals)  # /embed and its script
    charts.mount(app, arrivals)  # /charts/*.svg: static charts for the page, the static site and crawlers
    feed.mount(app, arrivals)  # /feed.atom: new and revised figures
    answers.cache_answers(app, callbacks.PURE_OUTPUTS, answers.Shelf.for_release(arrivals))
    app.server.wsgi_app = address.pinned(app.server.wsgi_app)  # the site's address is configuration, never Host
    harden(app)  # its hooks see every answer
    export_gate.gate(app, arrivals)  # after: exports refused by the guard first, kept before they are compressed
    export_gate.plain_downloads(app, arrivals)
    return app


try:
    app = create_app()
except DatasetError as refused:  # a server loading this module stops with the one line, not a traceback
    raise SystemExit(f"error: {refused}") from None
server = app.server

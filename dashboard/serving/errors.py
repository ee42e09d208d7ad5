"""Real 404s and short error pages, robots.txt and the favicon.

Dash answers any unknown path with its index page and 200; here only registered pages exist, and an error is a
short page in the reader's language (templates/error.html), never a traceback or Dash's index. Under the API's path
it is the API's JSON error (routing's 404 and 405 never reach the API's own handlers).
"""

import pkgutil
import sys
from pathlib import Path

from dash import Dash
from dash._pages import _path_to_page
from dash.exceptions import DependencyException
from dash.fingerprint import check_fingerprint
from flask import Response, abort, request

from dashboard.serving import api
from dashboard.templates import render
from dashboard.text.catalogue import LANGS, t
from dashboard.urls import API_PREFIX

ROBOTS = "User-agent: *\nAllow: /\n"
# The longest request line's address answered: gunicorn's own default limit, so that every server (gunicorn, whose
# limit is raised above it in gunicorn_conf.py, Flask's, nginx) refuses longer ones the same way, here: the API's
# JSON under its path, a page elsewhere.
MAX_URI_BYTES = 4094


def answer_errors(app: Dash) -> None:
    """Mount robots.txt and the favicon, refuse unknown paths, and give every error its page."""
    server = app.server
    prefix = app.config.routes_pathname_prefix
    catchall = prefix + "<path:path>"
    suites = prefix + "_dash-component-suites/"

    def robots() -> Response:
        return Response(ROBOTS, mimetype="text/plain")

    def favicon() -> Response:
        # Pages outside Dash (the embed page) name no icon, so browsers ask for /favicon.ico: give Dash's.
        return Response(pkgutil.get_data("dash", "favicon.ico"), mimetype="image/x-icon")

    server.add_url_rule(prefix + "robots.txt", "robots_txt", robots)
    server.add_url_rule(prefix + "favicon.ico", "favicon_ico", favicon)
    for status in (404, 405, 414, 500):  # 500 also stands for any exception a view did not expect
        server.register_error_handler(status, lambda error, status=status: error_page(app, status, error))
    # An unknown file under /_dash-component-suites/ raises this and would be a 500 listing every path.
    server.register_error_handler(DependencyException, lambda _: error_page(app, 404))

    @server.before_request
    def _refuse_long_addresses():
        if len(request.environ.get("RAW_URI") or request.full_path) > MAX_URI_BYTES:  # gunicorn's and Werkzeug's
            abort(414)

    @server.before_request
    def _refuse_unknown_paths():
        # Dash answers any path with its index page; only registered pages exist (Dash's own matcher).
        if request.endpoint == catchall:
            page, _ = _path_to_page(app.strip_relative_path(request.path))
            if not page:
                abort(404)
        elif request.path.startswith(suites) and not _suite_file_exists(request.path[len(suites):]):
            abort(404)  # a file Dash lists but its package lacks (source maps): Dash would read it and fail, a 500


def _suite_file_exists(rest: str) -> bool:
    """Whether the file `/_dash-component-suites/<package>/<fingerprinted path>` names is in its package."""
    package, _, fingerprinted = rest.partition("/")
    module = sys.modules.get(package)
    if module is None or not getattr(module, "__file__", None) or ".." in fingerprinted.split("/"):
        return False
    return (Path(module.__file__).parent / check_fingerprint(fingerprinted)[0]).is_file()


def error_page(app: Dash, status: int, error: Exception | None = None) -> Response:
    """The answer of an error: the API's JSON under its path, else a short page in the reader's language."""
    allowed = getattr(error, "valid_methods", None)
    if request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/"):
        response = api.not_found() if status == 404 else api.error(status, None, {
            405: f"{request.method} is not allowed here: use {', '.join(allowed or ['GET'])}",
            414: f"the address is over {MAX_URI_BYTES} bytes long",
            500: "the server could not answer this request"}[status])
    else:
        lang = request.args.get("lang", "en")
        lang = lang if lang in LANGS else "en"
        body = render("error.html", lang=lang, title=t(f"error_{status}", lang), status=status,
                      heading=t(f"error_{status}", lang), message=t(f"error_{status}_text", lang),
                      home=app.config.requests_pathname_prefix, home_text=t("error_home", lang))
        response = Response(body, status=status, mimetype="text/html")
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response

"""Read-only data API for scripts and newsrooms: /api/v1/{arrivals,breakdowns,revisions}.{csv,json}.

The bodies are the same bytes as the dashboard's CSV/JSON downloads for the same view (one exporter), and the
parameters are checked strictly: a script that asks for `sex=woman` gets a 400 naming `sex`, not a guess.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from urllib.parse import urlencode

import flask
from werkzeug.datastructures import MultiDict

from dashboard.data import DIMENSIONS, METRICS, SEXES, Arrivals, View
from dashboard.exports import data_files
from dashboard.text.catalogue import LANGS
from dashboard.urls import default_view

PREFIX = "/api/v1"
FORMATS = ("csv", "json")
CACHE_CONTROL = "public, max-age=300"
# Which query parameters each resource understands; any other name is a 400, never silently ignored.
PARAMETERS = {
    "arrivals": ("from", "to", "sex", "vintage", "metric", "lang", "b"),  # b=1: include the multi-year totals
    "breakdowns": ("dimension", "sex", "vintage", "lang"),
    "revisions": ("from", "to", "sex", "vintage", "lang"),
}


class BadParameter(ValueError):
    """A query parameter that cannot be honoured; `name` goes into the 400 body."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def _choice(args, name: str, allowed, default):
    value = args.get(name, default)
    if value not in allowed:
        raise BadParameter(name, f"{name}={value!r} is not one of: {', '.join(map(str, allowed))}")
    return value


def _year(args, name: str, default: int, first: int, last: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not first <= int(raw) <= last:
        raise BadParameter(name, f"{name}={raw!r} must be a year from {first} to {last}")
    return int(raw)


def parse_view(args, arrivals: Arrivals, resource: str) -> View:
    """A View from query parameters, or BadParameter naming the first one that is wrong."""
    for name in args:
        if name not in PARAMETERS[resource]:
            raise BadParameter(name, f"unknown parameter {name!r} for {resource}: use {', '.join(PARAMETERS[resource])}")
    default = default_view(arrivals)
    first, last = arrivals.years()
    start = _year(args, "from", default.start, first, last)
    end = _year(args, "to", default.end, first, last)
    if start > end:
        raise BadParameter("from" if "from" in args else "to", f"from={start} is after to={end}")
    vintages = ("latest", *arrivals.vintages()["vintage"])
    return dataclasses.replace(
        default,
        start=start,
        end=end,
        sex=_choice(args, "sex", SEXES, default.sex),
        metric=_choice(args, "metric", METRICS, default.metric),
        vintage=_choice(args, "vintage", vintages, default.vintage),
        lang=_choice(args, "lang", LANGS, default.lang),
        buckets=_choice(args, "b", ("0", "1"), "1" if default.buckets else "0") == "1",
    )


def query(view: View) -> str:
    """The API query string of a view: the parameters the arrivals endpoint reads, so it serves the view's rows."""
    params = {"from": view.start, "to": view.end, "sex": view.sex, "metric": view.metric, "vintage": view.vintage,
              "lang": view.lang, "b": int(view.buckets)}
    return "?" + urlencode(params)


def frame_for(resource: str, args, arrivals: Arrivals):
    """The rows a resource serves for the given parameters, plus the view they answer."""
    view = parse_view(args, arrivals, resource)
    if resource == "arrivals":
        return arrivals.series(view), view
    if resource == "breakdowns":
        frame = arrivals.breakdown(_choice(args, "dimension", DIMENSIONS, DIMENSIONS[0]), view.vintage)
    else:
        frame = arrivals.revisions()
        frame = frame[frame["year"].between(view.start, view.end)]
        if view.vintage != "latest":
            frame = frame[frame["vintage"] == view.vintage]
    if "sex" in args:  # without it every sex is served: these tables are read whole more often than not
        frame = frame[frame["sex"].isin(["male", "female"] if view.sex == "both" else [view.sex])]
    return frame.reset_index(drop=True), view


def _error(status: int, name: str | None, message: str) -> flask.Response:
    response = flask.jsonify({"error": {"status": status, "parameter": name, "message": message}})
    response.status_code = status
    return response


def blueprint(arrivals: Arrivals) -> flask.Blueprint:
    """The API routes over one loaded Arrivals; CORS and caching headers on every answer."""
    api = flask.Blueprint("api_v1", __name__, url_prefix=PREFIX)

    @lru_cache(maxsize=512)
    def answer(resource: str, fmt: str, args: tuple) -> bytes:
        """The body for a query; the data never change while the process runs, so each is built once."""
        frame, view = frame_for(resource, MultiDict(args), arrivals)
        return data_files.export(frame, data_files.provenance(arrivals, frame, view), fmt)

    @api.get("/<resource>.<fmt>")
    def serve(resource: str, fmt: str):
        if resource not in PARAMETERS or fmt not in FORMATS:
            return _error(404, None, f"no such resource: {flask.request.path}; try {PREFIX}/arrivals.csv")
        try:
            body = answer(resource, fmt, tuple(flask.request.args.items(multi=True)))
        except BadParameter as bad:
            return _error(400, bad.name, str(bad))
        response = flask.Response(body, mimetype=data_files.MEDIA_TYPES[fmt].split(";")[0])
        if fmt == "csv":
            response.headers["Content-Disposition"] = f'inline; filename="nk-arrivals-{resource}.csv"'
        response.add_etag()
        return response.make_conditional(flask.request)

    @api.get("/", defaults={"rest": ""})
    @api.get("/<path:rest>")
    def unknown(rest: str):
        return _error(404, None, f"no such resource: {flask.request.path}; try {PREFIX}/arrivals.csv")

    @api.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Expose-Headers"] = "ETag"
        response.headers["Cache-Control"] = CACHE_CONTROL if response.status_code in (200, 304) else "no-store"
        return response

    return api


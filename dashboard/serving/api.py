"""Read-only data API for scripts and newsrooms: /api/v1/{arrivals,breakdowns,revisions,other_figures}.{csv,json},
the
references of the sources and of the dataset: /api/v1/cite.{json,bib,ris}?source=ID (CSL-JSON, BibTeX, RIS), and
where a number comes from: /api/v1/lookup.json?q=34,537.

The bodies are the same bytes as the dashboard's CSV/JSON downloads for the same view (one exporter), and the
parameters are checked strictly: a script that asks for `sex=woman` gets a 400 naming `sex`, not a guess.
"""

from __future__ import annotations

import json
from functools import lru_cache

import flask

from dashboard.data import Arrivals
from dashboard.exports import data_files, pack
from dashboard.exports.formats import MEDIA_TYPES
from dashboard.lookup import answers as lookups
from dashboard.serving import openapi
from dashboard.serving.resources import (
    CITE_FORMATS,
    FORMATS,
    LOOKUP_PARAMETERS,
    LOOKUP_ROUTE,
    TYPED_BY,
    NotFound,
    frame_for,
    read_request,
)
from dashboard.text.catalogue import LANGS
from dashboard.urls import API_PREFIX as PREFIX
from dashboard.urls import BadParameter, one_of, shorten

CACHE_CONTROL = "public, max-age=300"


def read_lookup(pairs) -> tuple[str, str]:
    """The question and language of a lookup, read as strictly as every other API query: `q` once, at most
    lookups.MAX_QUERY characters, not empty; `lang` en or ko; no other name."""
    given: dict[str, list[str]] = {}
    for name, value in pairs:
        given.setdefault(name, []).append(value)
    for name, values in given.items():
        if name not in LOOKUP_PARAMETERS:
            raise BadParameter("unknown", name, None, "use " + one_of(LOOKUP_PARAMETERS))
        if len(values) > 1:
            raise BadParameter("repeated", name, values[1], "give it once")
    lang = given.get("lang", ["en"])[0]
    if lang not in LANGS:
        raise BadParameter("bad", "lang", lang, "use " + one_of(LANGS))
    query = given.get("q", [""])[0]
    problem = lookups.refusal(query)
    if problem:
        raise BadParameter("bad", "q", query if "q" in given else None, problem)
    return query, lang


def error(status: int, name: str | None, message: str) -> flask.Response:
    """The JSON error answer of every API path, routing's 404 and 405 and an unexpected 500 included."""
    response = flask.jsonify({"error": {"status": status, "parameter": name, "message": message}})
    response.status_code = status
    return response


def not_found() -> flask.Response:
    return error(404, None, f"no such resource: {shorten(flask.request.path)}; try {PREFIX}/arrivals.csv")


def blueprint(arrivals: Arrivals) -> flask.Blueprint:
    """The API routes over one loaded Arrivals; CORS and caching headers on every answer."""
    api = flask.Blueprint("api_v1", __name__, url_prefix=PREFIX)

    @lru_cache(maxsize=512)
    def answer(resource: str, fmt: str, args: tuple) -> bytes:
        """The body for a query; the data never change while the process runs, so each is built once."""
        request = read_request(resource, args, arrivals)
        if resource in pack.RECORDS:
            return pack.record(arrivals, resource, request.view, fmt)[1]
        frame = frame_for(resource, request, arrivals)
        return data_files.export(frame, data_files.provenance(arrivals, frame, request.view), fmt)

    @lru_cache(maxsize=512)
    def reference(fmt: str, args: tuple) -> bytes:
        """A reference's bytes: the same as `nk-arrivals export cite` and the page's citation downloads."""
        read_request("cite", args, arrivals)
        return pack.cite(arrivals, dict(args).get("source"), fmt)[1]

    def rows(resource: str, fmt: str, args: tuple) -> flask.Response:
        response = flask.Response(answer(resource, fmt, args), mimetype=MEDIA_TYPES[fmt].split(";")[0])
        if fmt == "csv":
            response.headers["Content-Disposition"] = f'inline; filename="nk-arrivals-{resource}.csv"'
        return response

    def citation(resource: str, suffix: str, args: tuple) -> flask.Response:
        fmt = CITE_FORMATS[suffix]
        response = flask.Response(reference(fmt, args), content_type=MEDIA_TYPES[fmt])
        response.headers["Content-Disposition"] = f'inline; filename="nk-arrivals-{resource}.{suffix}"'
        return response

    # resource -> (the path suffixes it serves, what answers them): the resources serving rows of a table are those
    # TYPED_BY types; a resource that answers otherwise is one entry here (and its PARAMETERS)
    answers = {**{resource: (FORMATS, rows) for resource in TYPED_BY}, "cite": (CITE_FORMATS, citation)}

    @api.get("/<resource>.<suffix>")
    def serve(resource: str, suffix: str):
        suffixes, respond = answers.get(resource, ((), None))
        if suffix not in suffixes:
            return not_found()
        try:
            response = respond(resource, suffix, tuple(flask.request.args.items(multi=True)))
        except BadParameter as bad:
            return error(400, bad.name, str(bad))
        except NotFound as missing:
            return error(404, missing.name, str(missing))
        response.add_etag()
        return response.make_conditional(flask.request)

    @api.get(LOOKUP_ROUTE)
    def lookup_number():
        """Where a number comes from: `q` as written (34,537 · 3만 4천 537명 · about 34,000 · 72%), `lang` of the
        words; a question without a number is answered (status cannot-read), an empty or oversized one is a 400."""
        try:
            query, lang = read_lookup(tuple(flask.request.args.items(multi=True)))
        except BadParameter as bad:
            return error(400, bad.name, str(bad))
        response = flask.Response(found(query, lang), mimetype="application/json")
        response.add_etag()
        return response.make_conditional(flask.request)

    @lru_cache(maxsize=1024)
    def found(query: str, lang: str) -> bytes:
        return json.dumps(lookups.lookup(arrivals, query, lang).as_dict(), ensure_ascii=False).encode("utf-8")

    @api.get(openapi.ROUTE)
    def description():
        response = flask.Response(openapi.document(arrivals), mimetype="application/json")
        response.add_etag()
        return response.make_conditional(flask.request)

    @api.get("/", defaults={"rest": ""})
    @api.get("/<path:rest>")
    def unknown(rest: str):
        return not_found()

    @api.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Expose-Headers"] = "ETag"
        response.headers["Cache-Control"] = CACHE_CONTROL if response.status_code in (200, 304) else "no-store"
        return response

    return api


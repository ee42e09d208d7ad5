"""The OpenAPI 3.1 description of the data API, served at /api/v1/openapi.json (serving/api.py mounts it).

Built from the tables the API runs on (serving/resources.py), never written out a second time: the resources, their
formats and the parameters each reads (`PARAMETERS`, `FORMATS`), each parameter's meaning and allowed values there
(`urls.PARAMS`, `urls.choices` of that resource, `urls.years`), and the answers' columns as datapackage.json types
them (`data_files.fields` over the rows `frame_for` serves, typed by `TYPED_BY`). A new resource is described by its
entries in those tables; one whose answer is not rows of a table (a citation, say) also names its bodies in ANSWERS."""

from __future__ import annotations

import json
from functools import cache

from dashboard import urls
from dashboard.data import Arrivals
from dashboard.exports import data_files
from dashboard.exports.formats import MEDIA_TYPES
from dashboard.lookup import answers
from dashboard.serving import resources
from dashboard.text.catalogue import LANGS
from dashboard.text.references import FORMATS as CITATION_FORMATS

OPENAPI = "3.1.0"
ROUTE = "/openapi.json"
JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "string"}
ERROR = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {
        "type": "object", "required": ["status", "parameter", "message"], "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "description": "the HTTP status"},
            "parameter": {"type": ["string", "null"], "description": "the parameter refused (null: the path)"},
            "message": {"type": "string", "description": f"what is wrong and what is allowed; a refused value is "
                                                         f"quoted at most {urls.SHOWN_VALUE} characters long"},
        }}},
}
ERRORS = {
    "400": "a parameter is unknown here, repeated, or has a value it does not allow (from after to included, and "
           "freq=half or quarter with metric=cumulative or yoy: sub-year figures have counts and shares only)",
    "404": "no such resource, or the data hold nothing of what was asked (breakdowns: a vintage without them)",
}


MAYBE_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}  # a month where only it is known
DATES = {"type": "object", "additionalProperties": False, "description": (
    "the three dates of the rows' main source (the one whose figures run latest), never one for another"),
    "required": ["figures_to", "provisional", "published", "published_after", "copy_seen"],
    "properties": {
        "figures_to": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$",
                       "description": "the month its figures run to"},
        "provisional": {"type": "boolean", "description": "that month's figure is provisional"},
        "published": {**MAYBE_DATE, "description": "its publication date, where the source states it"},
        "published_after": {**MAYBE_DATE, "description": "where it does not: the earliest it can have been"},
        "copy_seen": {**MAYBE_DATE, "description": "when the copy the figures were read from was obtained"},
    }}


REALTIME_COLUMNS = ["asof", "vs", "vs_value", "change"]  # what asof= and vs= add to a view's rows (Arrivals.rows)
REALTIME = {"type": "object", "additionalProperties": False, "required": ["asof", "vs"],
            "description": "the vintage of the rows: asof, the day the figures are MOU's as known on (null: the "
                           "latest), and vs, the vintage compared with (null: none)",
            "properties": {"asof": {"type": ["string", "null"], "format": "date"},
                           "vs": {"type": ["string", "null"]}}}


def value_schema(field: dict) -> dict:
    """The JSON Schema of a Table Schema field's value in a JSON answer; null where the field may be empty."""
    constraints = field.get("constraints", {})
    schema = {"type": JSON_TYPES[field["type"]], "description": field.get("description", "")}
    if field["type"] == "date":
        schema["format"] = "date"
    for key in ("enum", "pattern", "minimum"):
        if key in constraints:
            schema[key] = list(constraints[key]) if key == "enum" else constraints[key]
    if not constraints.get("required"):
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    return schema


def rows_schema(fields: list[dict], optional: list[dict] = (), wide: bool = False) -> dict:
    """A JSON answer of rows (data_files.to_json): citations, as-of, version, caveats, the columns and records;
    `optional` fields come last, only in some answers (asof=: asof; vs=: vs, vs_value, change). A `wide` table
    (the revision triangle) has a column per publication of the answer's sex: its first three are fixed."""
    names = [f["name"] for f in fields]
    if wide:
        fields, names = fields[:3], names[:3]
    record = {"type": "object", "required": names,
              "additionalProperties": {"type": ["integer", "null"]} if wide else False,
              "properties": {f["name"]: value_schema(f) for f in (*fields, *optional)}}
    text = {"type": "string"}
    extra = [f["name"] for f in optional]
    shapes = [names + [n for n in extra if n in chosen] for chosen in (
        (), ("asof",), ("vs", "vs_value", "change"), ("asof", "vs", "vs_value", "change"))] if extra else [names]
    return {
        "type": "object", "additionalProperties": False,
        "required": ["citations", "dates", "dataset_version", "caveats", "columns", "data"],
        "properties": {
            "citations": {"type": "array", "description": "the full citation of each source the rows come from",
                          "items": {"type": "object", "required": ["source", "citation"],
                                    "additionalProperties": False,
                                    "properties": {"source": text, "citation": text}}},
            "dates": DATES,
            "dataset_version": {"type": "string", "description": "the version of datapackage.json"},
            "value": {"type": ["object", "null"], "additionalProperties": False,
                      "description": "what a chart series' `value` is (null for other rows)",
                      "properties": {"measure": text, "unit": text, "description": text}},
            "caveats": {"type": "array", "items": text, "description": "notes on what the rows show"},
            "columns": {"type": "array", "items": {"type": "string"}, "minItems": len(names),
                        "description": ", ".join(names) + ", then one column per publication"}
            if wide else {"const": names} if len(shapes) == 1 else {"enum": shapes},
            "realtime": REALTIME,
            "data": {"type": "array", "items": record},
        },
    }


def csv_body(fields: list[dict], optional: list[dict] = ()) -> dict:
    extra = (" (then, with asof=, " + ", ".join(f["name"] for f in optional) + " before the citation as the "
             "parameters given bring them)") if optional else ""
    return {"schema": {"type": "string", "description": "UTF-8 with a BOM, CRLF line ends; columns " + ", ".join(
                f["name"] for f in fields) + extra + " (x-table-schema: their types; booleans are true/false, an "
                "empty cell is a missing value)"},
            "x-table-schema": {"fields": [*fields, *optional]}}


def json_body(fields: list[dict], optional: list[dict] = (), wide: bool = False) -> dict:
    return {"schema": rows_schema(fields, optional, wide)}


def media_type(fmt: str) -> str:
    return MEDIA_TYPES[fmt].split(";")[0]


def rows(resource: str, arrivals: Arrivals) -> dict[str, dict]:
    """The 200 contents of a resource that serves rows of a table, by path suffix: the columns of the rows it
    serves by default, typed as datapackage.json types them."""
    frame = resources.frame_for(resource, resources.read_request(resource, (), arrivals), arrivals)
    typed_by = resources.TYPED_BY[resource]
    optional = arrivals.fields(REALTIME_COLUMNS) if "asof" in resources.PARAMETERS[resource] else []
    wide = resource == "triangle"
    bodies = {"csv": lambda f: csv_body(f, optional), "json": lambda f: json_body(f, optional, wide)}
    return {fmt: {media_type(fmt): bodies[fmt](data_files.fields(frame, fmt, arrivals, typed_by))}
            for fmt in resources.FORMATS}


# CSL-JSON is a list of items; the one served holds the reference of the source asked for.
CSL_ITEMS = {"type": "array", "minItems": 1, "maxItems": 1, "items": {
    "type": "object", "required": ["id", "type", "title"],
    "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}}}}


def references(resource: str, arrivals: Arrivals) -> dict[str, dict]:
    """The 200 contents of `cite`, by path suffix: one reference in each citation format the API serves."""
    return {suffix: {media_type(name): {"schema": {**(CSL_ITEMS if suffix == "json" else {"type": "string"}),
                                                   "description": f"the source's reference as {name}"}}}
            for suffix, name in resources.CITE_FORMATS.items()}


# resource -> its 200 contents by path suffix (a function of resource and Arrivals), for one that does not serve rows
ANSWERS = {"cite": references}


def parameter(name: str, resource: str, arrivals: Arrivals) -> dict:
    """One query parameter of `resource`: its meaning and the values it allows there, by its kind (the grammar's
    own rules)."""
    param = urls.PARAMS[name]
    if param.kind == "year":
        first, last = urls.years(name, arrivals)
        schema = {"type": "integer", "minimum": first, "maximum": last}
        meaning = f"{param.meaning}: a year from {first} to {last}, in ASCII digits" + (
            "; not after `to` (400)" if name == "from" else "")
    elif param.kind in ("day", "vintage"):  # "not after today" moves every day: said in words, a 400 like `from`'s
        day = {"type": "string", "format": "date", "pattern": f"^{urls.DAY.pattern}$"}
        schema = day if param.kind == "day" else {"anyOf": [
            {"type": "string", "enum": list(urls.publication_ids(arrivals))}, day]}
        meaning = f"{param.meaning}; a day after today is a 400"
    else:
        allowed = urls.FLAG if param.kind == "flag" else urls.choices(name, arrivals, resource)
        schema = {"type": "string", "enum": list(allowed)}
        meaning = param.meaning
    return {"name": name, "in": "query", "required": False, "description": meaning + "; give it at most once",
            "schema": schema}


def operation(resource: str, fmt: str, content: dict, arrivals: Arrivals) -> dict:
    """GET of one resource in one format: its parameters, its 200 content and its errors."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    header = {"schema": {"type": "string"}}
    return {
        "operationId": f"{resource}_{fmt}",
        "summary": f"{resource} as {fmt.upper()}",
        "parameters": [parameter(name, resource, arrivals) for name in resources.PARAMETERS[resource]]
        + [{"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
            "description": "the ETag of an answer already held: 304 if it has not changed"}],
        "responses": {
            "200": {"description": f"{resource} as {fmt.upper()}",
                    "headers": {"ETag": header, "Cache-Control": header}, "content": content},
            "304": {"description": "If-None-Match matched the ETag: the answer has not changed"},
            **{status: {"description": text, "content": error} for status, text in ERRORS.items()},
        },
    }


def preflight(operation_id: str) -> dict:
    return {"operationId": operation_id, "summary": "CORS preflight", "responses": {"200": {
        "description": "Access-Control-Allow-Origin *, methods GET, HEAD, OPTIONS, header If-None-Match"}}}


NUMBER_OR_NULL = {"type": ["number", "null"]}
PUBLICATION = {"type": "object", "additionalProperties": False, "required": ["source", "publisher", "as_of", "url"],
               "properties": {"source": {"type": "string", "description": "a sources.csv id, or (a misquote) the "
                                                                            "address where it circulates"},
                              "publisher": {"type": "string"},
                              "as_of": {"type": "string", "description": "its date; empty where unknown"},
                              "url": {"type": "string"}}}
LOOKUP_ANSWER = {
    "type": "object", "additionalProperties": False,
    "required": ["value", "measure", "sex", "period", "period_start", "period_end", "status", "match", "current",
                 "mou", "first", "latest", "publications", "why", "citation", "citations", "cite", "permalink", "text"],
    "properties": {
        "value": {"type": "number", "description": "the figure"},
        "measure": {"enum": list(answers.MEASURES), "description": "arrivals, women's share of them (%), or the "
                                                                    "cumulative total"},
        "sex": {"enum": ["total", "male", "female"]},
        "period": {"type": "string", "description": "the period in words, in the language asked for"},
        "period_start": {"type": "string", "description": "ISO date; empty for an open start (every arrival up to "
                                                          "period_end: a cumulative, or the ~'98 bucket)"},
        "period_end": {"type": "string", "format": "date"},
        "status": {"enum": list(answers.STATUSES), "description": "current (the figure that stands), revised (it "
                                                                   "was replaced: see current and why) or misquote"},
        "match": {"enum": ["exact", "rounded"]},
        "current": {**NUMBER_OR_NULL, "description": "the figure that stands for this measure, period and sex"},
        "mou": {"type": "boolean", "description": "an MOU figure (its table, or a press report of its announcement)"},
        "first": {**PUBLICATION, "description": "the first publication that printed it"},
        "latest": {**PUBLICATION, "description": "the latest publication that printed it"},
        "publications": {"type": "integer", "minimum": 1, "description": "how many printed it"},
        "why": {"type": "string", "description": "a misquote's explanation, or what the figure was revised to"},
        "citation": {"type": "string", "description": "APA 7 reference of the latest publication, naming the "
                                                      "figure cited"},
        "citations": {"type": "object", "additionalProperties": False, "required": list(CITATION_FORMATS),
                      "properties": {fmt: {"type": "string"} for fmt in CITATION_FORMATS},
                      "description": "the figure's reference in every format (CSL-JSON as text: an array of one)"},
        "cite": {"type": "string", "description": "the publication's reference in every format: the API's "
                                                  "cite.json address"},
        "permalink": {"type": "string", "description": "the dashboard's view of the figure's years, sex and "
                                                       "measure in that publication (empty for a misquote)"},
        "text": {"type": "string", "description": "the answer in one sentence"},
    },
}
READING = {"type": ["object", "null"], "description": "the number as read; null when none could be", "properties": {
    "value": {"type": "number"}, "unit": {"type": "number", "description": "the precision written (1000 for 34,000)"},
    "qualifier": {"enum": ["", "over", "under", "about"]}, "share": {"type": "boolean"},
    "year": {"type": ["integer", "null"]}, "sex": {"enum": ["", "male", "female"]}, "cumulative": {"type": "boolean"},
    "months": {"type": ["array", "null"], "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}}
LOOKUP = {"type": "object", "additionalProperties": False,
          "required": ["query", "status", "message", "reading", "answers"],
          "properties": {"query": {"type": "string"},
                         "status": {"enum": ["found", "cannot-read", "no-match"], "description": (
                             "found: answers follow; cannot-read: no number in the question; no-match: a number no "
                             "figure of the record can mean")},
                         "message": {"type": "string"}, "reading": READING,
                         "answers": {"type": "array", "items": LOOKUP_ANSWER, "maxItems": answers.SHOWN,
                                     "description": "best first: exact before rounded, MOU before others, current "
                                                    "before superseded"}}}


def lookup_operation() -> dict:
    """GET /lookup.json: where a number comes from."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "operationId": "lookup_json",
        "summary": "where a number comes from: every figure a written number can mean, best first",
        "parameters": [
            {"name": "q", "in": "query", "required": True,
             "schema": {"type": "string", "minLength": 1, "maxLength": answers.MAX_QUERY, "pattern": r"\S"},
             "description": f"a number as written (34,537 · 3만 4천 537명 · about 34,000 · 72% · seven in ten), at "
                            f"most {answers.MAX_QUERY} characters; one without a number is answered (cannot-read)"},
            {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": list(LANGS)},
             "description": "the language of the answers' words (default en)"},
            {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "the ETag of an answer already held: 304 if it has not changed"}],
        "responses": {
            "200": {"description": "the answers", "headers": {"ETag": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": LOOKUP}}},
            "304": {"description": "If-None-Match matched the ETag: the answer has not changed"},
            "400": {"description": f"q is missing, empty, repeated or longer than {answers.MAX_QUERY} characters; "
                                   "lang is not en or ko; or another parameter is given", "content": error},
        },
    }


@cache
def describe(arrivals: Arrivals) -> dict:
    """The whole description: every resource in every format, and this document itself."""
    paths = {}
    for resource in resources.PARAMETERS:
        for fmt, content in ANSWERS.get(resource, rows)(resource, arrivals).items():
            paths[f"/{resource}.{fmt}"] = {"get": operation(resource, fmt, content, arrivals),
                                           "options": preflight(f"{resource}_{fmt}_preflight")}
    paths[resources.LOOKUP_ROUTE] = {"get": lookup_operation(), "options": preflight("lookup_json_preflight")}
    paths[ROUTE] = {"get": {"operationId": "openapi", "summary": "this description", "responses": {
        "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    licence = (arrivals.package.get("licenses") or [{}])[0]
    return {
        "openapi": OPENAPI,
        "info": {"title": "nk-arrivals data API", "version": f"1 (dataset {arrivals.package.get('version', '')})",
                 "description": "North Koreans arriving in South Korea, from Ministry of Unification figures: the "
                                "dashboard's rows as CSV or JSON, each with its citation. Parameters are read "
                                "strictly: an unknown, repeated or bad one is a 400 naming it.",
                 **({"license": {"name": licence["title"], "url": licence["path"]}} if licence.get("path") else {})},
        "servers": [{"url": urls.API_PREFIX}],
        "paths": paths,
        "components": {"schemas": {"Error": ERROR}},
    }


@cache
def document(arrivals: Arrivals) -> bytes:
    return json.dumps(describe(arrivals), ensure_ascii=False, indent=1).encode("utf-8")

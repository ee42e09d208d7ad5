"""The API's resources as tables: the formats and parameters each serves, the package resource typing its columns,
and the rows it answers with. Both the API (serving/api.py) and its description (serving/openapi.py) read them."""

from __future__ import annotations

from dashboard.data import Arrivals
from dashboard.exports.formats import FORMATS as TABLE
from dashboard.exports.formats import named
from dashboard.exports.pack import RECORDS, record_frame
from dashboard.urls import API_VIEW, Request, one_of, parse_strict

FORMATS = named("data", api=True)
# The citation formats the API serves, by the suffix of their path: cite.json is CSL-JSON, cite.bib BibTeX.
CITE_FORMATS = {TABLE[name].extension: name for name in named("citation", api=True)}
LOOKUP_ROUTE = "/lookup.json"  # where a number comes from (dashboard.lookup): answers, not rows of a table
LOOKUP_PARAMETERS = ("q", "lang")
# Which query parameters each resource understands; any other name is a 400, never silently ignored.
PARAMETERS = {
    "arrivals": API_VIEW,
    "breakdowns": ("dimension", "sex", "vintage", "lang"),
    "revisions": ("from", "to", "sex", "vintage", "lang"),
    "other_figures": ("sex", "lang"),  # figures that are no MOU publication, with their publishers
    "cite": ("source",),  # a sources.csv id or `dataset` (default: the MOU table behind the latest figures)
    "triangle": ("sex", "lang"),  # ALFRED's revision triangle: periods x MOU publications
    "realtime": ("lang",),  # the long real-time table: every MOU figure with its real-time period
}
# The package resource whose field types each resource's columns have (datapackage.json): breakdowns, revisions and
# other_figures serve rows of those resources; arrivals serves the chart series, whose columns come from latest.csv.
TYPED_BY = {"arrivals": "latest", "breakdowns": "breakdowns", "revisions": "revisions",
            "other_figures": "other_figures", "triangle": "vintages", "realtime": "vintages"}


class NotFound(Exception):
    """A well-formed request for something the data do not hold: a 404 naming the parameter and what exists."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def read_request(resource: str, pairs, arrivals: Arrivals) -> Request:
    """The strict reading of a query to `resource`: the names it understands, the values the grammar allows there."""
    return parse_strict(pairs, arrivals, PARAMETERS[resource], resource)


def frame_for(resource: str, request: Request, arrivals: Arrivals):
    """The rows a resource serves for a parsed request; raises NotFound for a vintage without such a table."""
    view = request.view
    if resource == "arrivals":
        return arrivals.rows(view)
    if resource in RECORDS:
        return record_frame(arrivals, resource, view)
    if resource == "breakdowns":
        having = arrivals.breakdown_vintage_ids()
        if view.vintage != "latest" and view.vintage not in having:
            raise NotFound("vintage", f"vintage={view.vintage!r} has no breakdowns: use "
                                      + one_of(["latest", *having]))
        holding = tuple(arrivals.breakdown_vintages(request.dimension)["vintage"])
        if view.vintage != "latest" and view.vintage not in holding:  # 0 rows would read as "none of them"
            raise NotFound("dimension", f"vintage={view.vintage!r} has no {request.dimension} breakdown: use "
                                        + one_of(["latest", *holding]) + " for it, or another dimension")
        frame = arrivals.breakdown(request.dimension, view.vintage)
    elif resource == "other_figures":
        frame = arrivals.other_figures()
    else:
        frame = arrivals.revisions()
        frame = frame[frame["year"].between(view.start, view.end)]
        if view.vintage != "latest":
            frame = frame[frame["vintage"] == view.vintage]
    if "sex" in request.given:  # without it every sex is served: these tables are read whole more often than not
        frame = frame[frame["sex"].isin(["male", "female"] if view.sex == "both" else [view.sex])]
    return frame.reset_index(drop=True)

"""The API against its contract: Schemathesis over /api/v1/openapi.json on a real server, and every CSV of a
resource the data package describes validated by Frictionless against that resource's own schema."""

import csv
import io
import json

import frictionless
import pandas as pd
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from dashboard import urls
from dashboard.data import BREAKDOWN_DIMENSIONS, DERIVED_FIELDS, DIMENSIONS, FREQS, Arrivals
from dashboard.exports import data_files
from dashboard.serving import openapi, resources
from dashboard.urls import API_PREFIX
from support.paths import ARRIVALS

# The description the server serves (test_the_served_description_is_the_one_tested): loaded before any server runs,
# since Schemathesis makes one test per operation when the module is collected (its lazy loader does not run on
# this pytest). Every call still goes over HTTP to the live server.
ARRIVALS_DATA = Arrivals.load(ARRIVALS)
schema = schemathesis.openapi.from_dict(openapi.describe(ARRIVALS_DATA))


def test_the_served_description_is_the_one_tested(live):
    served = requests.get(f"{live}{API_PREFIX}{openapi.ROUTE}", timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/json"
    assert served.json() == json.loads(json.dumps(openapi.describe(ARRIVALS_DATA)))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_openapi_contract(case, live):
    broken = only_fault_no_schema_states(case)
    if broken:  # rules no schema of one parameter states: from after to, a day after today, asof beside a vintage,
        # sub-year yoy/cumulative or asof/vs
        response = case.call(base_url=live + API_PREFIX)
        assert response.status_code == 400 and response.json()["error"]["parameter"] == broken
        return
    case.call_and_validate(base_url=live + API_PREFIX)


def only_fault_no_schema_states(case) -> str:
    """The parameter the URL grammar refuses the case's query for, when that is for nothing but a rule between
    parameters or days (`from` after `to`, a day after today, asof beside a vintage, `freq`
    half or quarter with a metric, asof or vs sub-year figures do not have); "" otherwise."""
    resource = case.path.strip("/").split(".")[0]
    if resource not in resources.PARAMETERS or case.method.upper() != "GET":  # another method: a 405 first
        return ""
    pairs = [(name, str(one)) for name, value in (case.query or {}).items()
             for one in (value if isinstance(value, list) else [value])]
    try:
        resources.read_request(resource, pairs, ARRIVALS_DATA)
    except urls.BadParameter as bad:
        if bad.kind in ("order", "future", "conflict"):
            return bad.name
        if bad.kind == "bad" and bad.name == "freq" and dict(pairs).get("freq") in FREQS:
            return "freq"
    return ""


PACKAGE = json.loads((ARRIVALS / "datapackage.json").read_text(encoding="utf-8"))
DESCRIBED = {r["name"]: r for r in PACKAGE["resources"] if r["name"] in resources.PARAMETERS}  # breakdowns, revisions,
# other_figures
SEXES = (None, "total", "male", "female", "both")
# Every table of breakdowns, by its vintage and each dimension it holds (the press tables are not all complete)
TABLES = [(v, d) for v in ARRIVALS_DATA.breakdown_vintage_ids() for d in BREAKDOWN_DIMENSIONS
          if v in set(ARRIVALS_DATA.breakdown_vintages(d)["vintage"])]
QUERIES = [
    *(("breakdowns", {"dimension": d, "sex": s, "vintage": v})
      for d in DIMENSIONS for s in SEXES for v in ("latest", *(v for v, held in TABLES if held == d))),
    *(("revisions", {"sex": s, "lang": lang}) for s in SEXES for lang in ("en", "ko")),
    *(("revisions", {"vintage": v}) for v in sorted(set(ARRIVALS_DATA.revisions()["vintage"]))),
    *(("revisions", {"from": y, "to": y}) for y in (1998, 2001, 2009, 2020, 2025)),
    *(("other_figures", {"sex": s, "lang": lang}) for s in SEXES for lang in ("en", "ko")),
]


def test_the_package_describes_the_resources_named_so():
    assert set(DESCRIBED) == {"breakdowns", "revisions", "other_figures"}
    assert all(resources.TYPED_BY[name] == name for name in DESCRIBED)


@pytest.mark.parametrize("resource,query", QUERIES,
                         ids=[f"{resource}-{'-'.join(map(str, query.values()))}" for resource, query in QUERIES])
def test_every_api_csv_of_a_described_resource_validates_against_the_package(api_url, resource, query):
    response = requests.get(f"{api_url}/{resource}.csv", params={k: v for k, v in query.items() if v}, timeout=30)
    assert response.status_code == 200
    validate_against_the_package(response, resource)


@pytest.mark.parametrize("vintage,dimension", TABLES, ids=[f"{v}-{d}" for v, d in TABLES])
def test_every_breakdown_vintage_is_served_with_its_rows(api_url, vintage, dimension):
    """Each vintage of breakdowns.csv, the press tables included, is served with its rows as CSV (valid against
    the package) and as JSON, and they are the data layer's rows of that table."""
    query = {"vintage": vintage, "dimension": dimension}
    expected = ARRIVALS_DATA.breakdown(dimension, vintage)
    assert len(expected)
    served = requests.get(f"{api_url}/breakdowns.csv", params=query, timeout=30)
    assert served.status_code == 200
    validate_against_the_package(served, "breakdowns")
    table = rows_of(served)
    header = next(csv.reader(io.StringIO(served.content.decode("utf-8-sig"))))
    assert len(table) == len(expected) and {r[header.index("vintage")] for r in table} == {vintage}
    document = requests.get(f"{api_url}/breakdowns.json", params=query, timeout=30)
    assert document.status_code == 200
    records = document.json()["data"]
    assert [(r["category_en"], r["sex"], r["count"]) for r in records] == [
        (r["category_en"], r["sex"], None if pd.isna(r["count"]) else int(r["count"]))
        for r in expected.to_dict("records")]


def validate_against_the_package(response, resource: str) -> None:
    """Validated by Frictionless with the resource's own descriptor from datapackage.json (format, encoding, fields
    and their types, constraints, primary key). The answer has exactly those columns, in order, and then only the
    columns a data file declares it adds (docs/exports.md): the data layer's `year`, the file's `citation`."""
    described = DESCRIBED[resource]
    own = [f["name"] for f in described["schema"]["fields"]]
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:len(own)] == own
    added = header[len(own):]
    declared = {**DERIVED_FIELDS, **data_files.FILE_FIELDS}
    assert set(added) <= set(declared) and added[-1] == data_files.CITATION_COLUMN
    own_schema = {k: v for k, v in described["schema"].items() if k != "foreignKeys"}  # references: the package's
    schema = {**own_schema, "fields": [*described["schema"]["fields"], *(declared[c] for c in added)]}
    table = frictionless.Resource(response.content, format=described["format"], encoding=described["encoding"],
                                  schema=frictionless.Schema.from_descriptor(schema))
    report = table.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert report.tasks[0].stats.get("rows", 0) == len(rows_of(response))  # every row was read and checked


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


@pytest.mark.parametrize("resource", ["arrivals", "breakdowns", "revisions"])
def test_json_twins_carry_booleans_and_nulls_in_the_package_types(api_url, resource):
    query = {"b": "1", "metric": "yoy"} if resource == "arrivals" else {}
    document = requests.get(f"{api_url}/{resource}.json", params=query, timeout=30).json()
    fields = {f["name"]: f for f in data_files.fields(pd.DataFrame(columns=document["columns"]), "json",
                                                       ARRIVALS_DATA, resources.TYPED_BY[resource])}
    kinds = {"string": str, "date": str, "integer": int, "number": (int, float), "boolean": bool}
    for row in document["data"]:
        for name, value in row.items():
            field = fields[name]
            if value is None:
                assert not field.get("constraints", {}).get("required"), name
            else:
                assert isinstance(value, kinds[field["type"]]) and value != "", (name, value)
                assert field["type"] == "boolean" or not isinstance(value, bool), (name, value)
    rows = document["data"]
    if resource != "breakdowns":  # the open-start bucket, up to 1998
        assert any(r["period_start"] is None and r["period_end"] == "1998-12-31" for r in rows)
    if resource == "breakdowns":
        assert {r["sex_inferred"] for r in rows} <= {True, False} and any(r["note"] is None for r in rows)


def test_a_vintage_without_breakdowns_is_a_404_naming_those_with_them(api_url):
    newest = ARRIVALS_DATA.vintages()["vintage"].iloc[0]
    response = requests.get(f"{api_url}/breakdowns.json", params={"vintage": newest}, timeout=30)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["parameter"] == "vintage" and error["status"] == 404
    assert urls.one_of(["latest", *ARRIVALS_DATA.breakdown_vintage_ids()]) in error["message"]
    assert newest in error["message"]


def test_a_vintage_without_that_breakdown_is_a_404_naming_those_with_it(api_url):
    """The 2010 press table lists occupations only: its age table is not an empty success."""
    holding = tuple(ARRIVALS_DATA.breakdown_vintages("age")["vintage"])
    occupations = set(ARRIVALS_DATA.breakdown_vintages("occupation")["vintage"])
    lacking = [v for v in ARRIVALS_DATA.breakdown_vintage_ids() if v not in holding and v in occupations]
    assert lacking, "every breakdown vintage holds an age table: pick a dimension one of them lacks"
    response = requests.get(f"{api_url}/breakdowns.csv", params={"vintage": lacking[0], "dimension": "age"},
                            timeout=30)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["parameter"] == "dimension" and lacking[0] in error["message"]
    assert all(v in error["message"] for v in holding)
    occupation = requests.get(f"{api_url}/breakdowns.csv", params={"vintage": lacking[0], "dimension": "occupation"},
                              timeout=30)
    assert occupation.status_code == 200 and occupation.text.count("\n") > 2

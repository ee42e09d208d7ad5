"""The OpenAPI description is built from the API's own tables: every route, every parameter's allowed values, the
package's types; and a resource that serves no rows (cite) by its table entries."""

import json

from dashboard import urls
from dashboard.exports import formats
from dashboard.serving import openapi, resources


def test_every_route_and_parameter_is_described_with_what_the_grammar_allows(arrivals):
    document = openapi.describe(arrivals)
    assert document["openapi"] == "3.1.0" and document["servers"] == [{"url": urls.API_PREFIX}]
    for resource, names in resources.PARAMETERS.items():
        # suffix -> format
        served = resources.CITE_FORMATS if resource == "cite" else {fmt: fmt for fmt in resources.FORMATS}
        for suffix, fmt in served.items():
            get = document["paths"][f"/{resource}.{suffix}"]["get"]
            described = {p["name"]: p["schema"] for p in get["parameters"] if p["in"] == "query"}
            assert list(described) == list(names)
            for name, schema in described.items():
                if urls.PARAMS[name].kind == "year":
                    assert (schema["minimum"], schema["maximum"]) == urls.years(name, arrivals)
                elif urls.PARAMS[name].kind in ("day", "vintage"):  # asof, vs: a day, or (vs) a publication too
                    days = schema if name == "asof" else schema["anyOf"][1]
                    assert (days["format"], days["pattern"]) == ("date", f"^{urls.DAY.pattern}$")
                    if name == "vs":
                        assert schema["anyOf"][0]["enum"] == list(urls.publication_ids(arrivals))
                else:
                    assert schema["enum"] == list(urls.FLAG if urls.PARAMS[name].kind == "flag"
                                                  else urls.choices(name, arrivals, resource))
            assert set(get["responses"]) == {"200", "304", "400", "404"}
            assert list(get["responses"]["200"]["content"]) == [formats.MEDIA_TYPES[fmt].split(";")[0]]


def test_each_path_lists_the_vintages_of_its_own_resource(arrivals):
    """A press table of breakdowns is a vintage of /breakdowns only; every publication is one of every path."""
    document = openapi.describe(arrivals)
    enums = {path: {p["name"]: p["schema"].get("enum") for p in operation["get"].get("parameters", [])}.get("vintage")
             for path, operation in document["paths"].items()}
    press = set(arrivals.breakdown_vintage_ids()) - set(arrivals.vintages()["vintage"])
    assert press
    assert {path for path, enum in enums.items() if enum} == {
        f"/{r}.{f}" for r in ("arrivals", "breakdowns", "revisions") for f in resources.FORMATS}
    for path, enum in enums.items():
        if enum:
            assert {"latest", *arrivals.vintages()["vintage"]} <= set(enum) and len(enum) == len(set(enum))
            assert press & set(enum) == (press if path.startswith("/breakdowns.") else set()), path
    assert enums["/breakdowns.csv"][:len(arrivals.breakdown_vintage_ids()) + 1] == ["latest",
                                                                                   *arrivals.breakdown_vintage_ids()]


def test_answer_schemas_come_from_the_package_types(arrivals):
    document = openapi.describe(arrivals)
    body = document["paths"]["/revisions.json"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    record = body["properties"]["data"]["items"]["properties"]
    assert record["provisional"]["type"] == "boolean" and record["count"] == {**record["count"], "type": "integer",
                                                                              "minimum": 0}
    assert record["period_start"]["type"] == ["string", "null"] and record["period_start"]["format"] == "date"
    csv_fields = document["paths"]["/breakdowns.csv"]["get"]["responses"]["200"]["content"]["text/csv"]
    package = {r["name"]: r for r in arrivals.package["resources"]}["breakdowns"]["schema"]["fields"]
    assert csv_fields["x-table-schema"]["fields"][:len(package)] == package
    arrivals_record = document["paths"]["/arrivals.json"]["get"]["responses"]["200"]["content"]["application/json"]
    shown = arrivals_record["schema"]["properties"]["data"]["items"]["properties"]
    assert shown["status"]["enum"] == ["final", "provisional", "bucket", "partial"]
    assert shown["value"]["type"] == ["number", "null"] and shown["label"]["type"] == "string"


def test_the_cite_route_is_described_by_its_table_entries(arrivals):
    """cite serves no rows: its parameter comes from the grammar, its bodies from ANSWERS, one per citation format
    the API serves, each under that format's media type."""
    document = json.loads(json.dumps(openapi.describe.__wrapped__(arrivals)))
    get = document["paths"]["/cite.json"]["get"]
    assert get["parameters"][0] == {"name": "source", "in": "query", "required": False,
                                    "description": urls.PARAMS["source"].meaning + "; give it at most once",
                                    "schema": {"type": "string", "enum": [*arrivals.source_ids(), "dataset"]}}
    assert get["responses"]["200"]["content"]["application/vnd.citationstyles.csl+json"]["schema"]["type"] == "array"
    assert set(document["paths"]["/cite.bib"]["get"]["responses"]["200"]["content"]) == {"text/x-bibtex"}
    assert "/cite.csv" not in document["paths"] and "/arrivals.csv" in document["paths"]

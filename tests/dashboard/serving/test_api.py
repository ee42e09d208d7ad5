"""The data API over real HTTP: every parameter, bad values, ETag/304, CORS, and agreement with the CSV download."""

import io
import json

import pandas as pd
import pytest
import requests

from dashboard import urls
from dashboard.data import METRICS, View
from dashboard.exports import data_files
from dashboard.serving import api


def get(url, **params):
    return requests.get(url, params=params, timeout=30)


def csv_frame(response) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def whole_years(rows: pd.DataFrame) -> pd.DataFrame:
    single = (rows["period_start"].str[:4] == rows["period_end"].str[:4]) & (rows["period_start"].str[5:] == "01-01") \
        & (rows["period_end"].str[5:] == "12-31")
    return rows[single]


def test_from_to_and_sex_select_exactly_the_published_rows(api_url, raw):
    response = get(f"{api_url}/arrivals.csv", **{"from": 2015, "to": 2020, "sex": "both"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    served = csv_frame(response)
    latest = whole_years(raw("latest"))
    shown = latest["period_end"].str[:4].astype(int).between(2015, 2020)
    expected = latest[shown & latest["sex"].isin(["male", "female"])]
    key = ["period_start", "period_end", "sex", "count"]
    assert sorted(map(tuple, served[key].values)) == sorted(map(tuple, expected[key].values))
    assert set(served["source"]) == set(expected["source"])


@pytest.mark.parametrize("sex", ["total", "male", "female"])
def test_each_sex(api_url, raw, sex):
    served = csv_frame(get(f"{api_url}/arrivals.csv", sex=sex, **{"from": 2024, "to": 2024}))
    latest = raw("latest")
    year = (latest["period_start"] == "2024-01-01") & (latest["period_end"] == "2024-12-31")
    expected = latest[year & (latest["sex"] == sex)]
    assert list(served["count"]) == list(expected["count"])


@pytest.mark.parametrize("metric", METRICS)
def test_each_metric_serves_the_data_layer_values(api_url, arrivals, metric):
    document = get(f"{api_url}/arrivals.json", metric=metric, **{"from": 2010, "to": 2025}).json()
    expected = arrivals.series(View(metric=metric, start=2010, end=2025))
    assert [row["period_end"] for row in document["data"]] == list(expected["period_end"])
    served = [row["value"] for row in document["data"]]
    assert served == [None if pd.isna(v) else (float(v) if metric == "share" else int(v)) for v in expected["value"]]


def test_share_is_women_over_total_from_the_files(api_url, raw):
    row = get(f"{api_url}/arrivals.json", metric="share", **{"from": 2024, "to": 2024}).json()["data"][0]
    latest = raw("latest")
    whole = (latest["period_start"] == "2024-01-01") & (latest["period_end"] == "2024-12-31")
    year = latest[whole].set_index("sex")["count"]
    assert row["value"] == round(int(year["female"]) / int(year["total"]) * 100, 1)


def test_vintage_serves_that_publication(api_url, raw):
    vintages = raw("vintages")
    vintage = "mou-en-2012"
    served = csv_frame(get(f"{api_url}/arrivals.csv", vintage=vintage, sex="total"))
    assert set(served["vintage"]) == {vintage}
    published = whole_years(vintages[(vintages["vintage"] == vintage) & (vintages["sex"] == "total")])
    published = published.set_index("period_end")["count"]
    assert len(served) and all(published[e] == c for e, c in zip(served["period_end"], served["count"]))


def test_lang_gives_the_citation_in_korean(api_url):
    served = csv_frame(get(f"{api_url}/arrivals.csv", lang="ko", **{"from": 2024, "to": 2024}))
    assert served["citation"].str.startswith("출처: 통일부").all()


def test_every_file_names_its_source_and_its_three_dates(api_url, arrivals):
    document = get(f"{api_url}/arrivals.json").json()
    assert document["citations"] and all("unikorea.go.kr" in c["citation"] for c in document["citations"])
    main = arrivals.citations(["mou-kr-2025"])[0]   # the source whose figures run latest
    assert document["dates"] == {"figures_to": main.covers_to[:7], "provisional": True, "published": None,
                                 "published_after": main.published_after, "copy_seen": main.retrieved_at[:10]}
    assert document["dates"]["figures_to"] == max(row["period_end"] for row in document["data"])[:7]
    assert document["dataset_version"]


@pytest.mark.parametrize("dimension,sex", [("occupation", "female"), ("age", "total"), ("education", "male")])
def test_breakdowns_by_dimension_and_sex(api_url, raw, dimension, sex):
    served = csv_frame(get(f"{api_url}/breakdowns.csv", dimension=dimension, sex=sex))
    rows = raw("breakdowns")
    split = rows[(rows["dimension"] == dimension) & rows["sex"].isin(["male", "female"])]
    newest = split.sort_values(["period_end", "as_of", "vintage"])["vintage"].iloc[-1]
    rows = rows[rows["vintage"] == newest]   # several vintages: the default splits men and women
    expected = rows[(rows["dimension"] == dimension) & (rows["sex"] == sex) & (rows["category_en"] != "all")]
    assert len(expected) and sorted(served["count"]) == sorted(expected["count"])
    assert set(served["dimension"]) == {dimension}


def test_revisions_by_year_range(api_url, raw):
    document = get(f"{api_url}/revisions.json", sex="total", **{"from": 2009, "to": 2009}).json()
    rows = raw("revisions")
    expected = rows[(rows["period_end"].str[:4] == "2009") & (rows["sex"] == "total")]
    assert sorted(r["count"] for r in document["data"]) == sorted(expected["count"].astype(int))


@pytest.mark.parametrize("resource,params,name", [
    ("arrivals", {"from": "abc"}, "from"),
    ("arrivals", {"to": "3000"}, "to"),
    ("arrivals", {"from": "2020", "to": "2010"}, "from"),
    ("arrivals", {"sex": "<script>"}, "sex"),
    ("arrivals", {"metric": "ratio"}, "metric"),
    ("arrivals", {"vintage": "mou-2099"}, "vintage"),
    ("arrivals", {"lang": "fr"}, "lang"),
    ("arrivals", {"colour": "red"}, "colour"),
    ("arrivals", {"b": "yes"}, "b"),
    ("breakdowns", {"dimension": "income"}, "dimension"),
    ("breakdowns", {"metric": "count"}, "metric"),
    ("revisions", {"from": "1900"}, "from"),
])
def test_bad_parameters_get_a_400_naming_them(api_url, resource, params, name):
    response = get(f"{api_url}/{resource}.json", **params)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["parameter"] == name and name in error["message"]


@pytest.mark.parametrize("path", ["/arrivals.xml", "/people.csv", "/", "/arrivals.csv/extra"])
def test_unknown_api_paths_are_json_404s(api_url, path):
    response = requests.get(api_url + path, timeout=30)
    assert response.status_code == 404
    assert "no such resource" in response.json()["error"]["message"]


def test_etag_and_304(api_url):
    url = f"{api_url}/arrivals.csv"
    first = requests.get(url, timeout=30)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    again = requests.get(url, headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    other = requests.get(url, params={"sex": "female"}, headers={"If-None-Match": etag}, timeout=30)
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_cors_for_get_and_preflight(api_url):
    url = f"{api_url}/arrivals.json"
    assert requests.get(url, timeout=30).headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(url, headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET",
                                               "Access-Control-Request-Headers": "If-None-Match"}, timeout=30)
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_csv_equals_the_download_of_the_same_view(api_url, arrivals):
    view = View(sex="both", start=2002, end=2025, metric="cumulative")
    served = get(f"{api_url}/arrivals.csv", sex="both", metric="cumulative", **{"from": 2002, "to": 2025}).content
    frame = arrivals.series(view)
    assert served == data_files.export(frame, data_files.provenance(arrivals, frame, view), "csv")


@pytest.mark.parametrize("view", [View(start=1998, end=2005, buckets=True, sex="both", lang="ko"),
                                  View(start=2002, end=2025, metric="yoy", vintage="mou-cn-2020")])
def test_the_query_of_a_view_serves_exactly_its_download(api_url, arrivals, view):
    served = requests.get(urls.api_url("arrivals", "csv", view, api_url.removesuffix(api.PREFIX)), timeout=30)
    frame = arrivals.series(view)
    assert served.status_code == 200
    assert served.content == data_files.export(frame, data_files.provenance(arrivals, frame, view), "csv")


def test_json_data_round_trips(api_url, arrivals):
    document = json.loads(get(f"{api_url}/arrivals.json", **{"from": 2020}).content)
    assert document["columns"] == ["label", *arrivals.series(View(start=2020)).columns]


def test_breakdown_files_carry_the_tables_data_quality_notes(api_url, arrivals, raw):
    document = get(f"{api_url}/breakdowns.json", dimension="age").json()
    findings = raw("findings")
    source = document["data"][0]["source"]
    expected = findings[(findings["source"] == source) & findings["where"].str.startswith("age")]
    assert len(expected) and all(any(note in c for c in document["caveats"]) for note in expected["note"] if note)


def test_multi_year_totals_are_labelled_as_such(api_url):
    served = csv_frame(get(f"{api_url}/arrivals.csv", b=1, sex="total", **{"from": 1998, "to": 2003}))
    buckets = served[served["status"] == "bucket"]
    assert len(buckets) and not buckets["label"].str.fullmatch(r"\d{4}").any()
    singles = served[served["status"] == "final"]
    assert (singles["label"] == singles["year"]).all()


@pytest.mark.parametrize("resource", ["arrivals.csv", "arrivals.json", "revisions.csv", "revisions.json"])
@pytest.mark.parametrize("year", ["²", "①", "٢٠١٥", "２０１５", "9" * 4301, "2015\x00", " 2015"])
def test_a_year_in_other_digits_is_a_400_naming_it_not_a_guess(api_url, resource, year):
    response = get(f"{api_url}/{resource}", **{"from": year})
    assert response.status_code == 400 and response.headers["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["parameter"] == "from" and "ASCII digits" in error["message"] and len(response.content) < 400


@pytest.mark.parametrize("query", ["sex=both&sex=female", "from=2015&from=2016", "lang=en&lang=en"])
def test_a_repeated_parameter_is_refused(api_url, query):
    response = requests.get(f"{api_url}/arrivals.json?{query}", timeout=30)
    error = response.json()["error"]
    assert response.status_code == 400 and error["parameter"] == query.split("=")[0]
    assert "more than once" in error["message"]


def test_an_error_quotes_at_most_40_characters_of_the_value(api_url):
    response = get(f"{api_url}/arrivals.json", sex="x" * 10_000)
    assert response.status_code == 400 and len(response.content) < 300
    assert "x" * 40 + "…" in response.json()["error"]["message"] and "x" * 41 not in response.text


def test_a_bad_vintage_names_a_few_and_says_where_the_rest_are(api_url):
    message = get(f"{api_url}/arrivals.json", vintage="nope").json()["error"]["message"]
    assert "latest" in message and f"{urls.API_PREFIX}/openapi.json" in message and len(message) < 500

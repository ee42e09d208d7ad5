"""/api/v1/cite.{json,bib,ris}?source=ID: the same bytes as `nk-arrivals export cite` and the page's downloads."""

import pytest
import requests

from dashboard.exports import pack
from dashboard.serving import resources
from dashboard.text import references

SUFFIXES = {"json": ("csl-json", "application/vnd.citationstyles.csl+json"),
            "bib": ("bibtex", "text/x-bibtex; charset=utf-8"),
            "ris": ("ris", "application/x-research-info-systems; charset=utf-8")}


@pytest.mark.parametrize("suffix", list(SUFFIXES))
@pytest.mark.parametrize("source", [None, "mou-en-2012", "mou-cn-2020", "press-2012-01-11-dailynk", "dataset"])
def test_cite_serves_the_commands_bytes(api_url, arrivals, suffix, source):
    fmt, media_type = SUFFIXES[suffix]
    response = requests.get(f"{api_url}/cite.{suffix}", params={"source": source} if source else {}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == media_type
    assert response.content == pack.cite(arrivals, source, fmt)[1]
    assert response.headers["ETag"] and response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_table_names_cite_and_its_source_parameter(arrivals):
    assert resources.PARAMETERS["cite"] == ("source",)
    assert set(resources.CITE_FORMATS) == {"json", "bib", "ris"}
    from dashboard import urls

    assert urls.choices("source", arrivals) == references.choices(arrivals)


@pytest.mark.parametrize("query,name", [("source=nope", "source"), ("sex=male", "sex"),
                                        ("source=dataset&source=dataset", "source")])
def test_bad_cite_parameters_are_400s_naming_them(api_url, query, name):
    response = requests.get(f"{api_url}/cite.bib?{query}", timeout=30)
    assert response.status_code == 400 and response.json()["error"]["parameter"] == name


def test_cite_has_no_other_formats(api_url):
    assert requests.get(f"{api_url}/cite.csv", timeout=30).status_code == 404
    assert requests.get(f"{api_url}/arrivals.ris", timeout=30).status_code == 404

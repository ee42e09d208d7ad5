"""asof= and vs= in every file a view exports, and the record's downloads (revision triangle, real-time table), over
the API, the page's plain links and the command line: the same bytes by every road, each file saying its asof and
vs, each row citing its source; refused input is a 400 or exit 2, never a file."""

import csv
import io
import json
import re

import openpyxl
import pandas as pd
import pytest
import requests

from dashboard import cli, urls
from dashboard.app import create_app
from dashboard.data import View
from dashboard.exports import pack
from support.paths import REPO

COMPARED = View(start=2008, end=2012, sex="both", asof="2016-06-30", vs="mou-en-2012")
QUERY = "from=2008&to=2012&sex=both&asof=2016-06-30&vs=mou-en-2012"


def rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_api_csv_of_a_compare_view_says_its_asof_and_vs_and_the_revision(api_url, arrivals):
    answer = requests.get(f"{api_url}/arrivals.csv?{QUERY}", timeout=60)
    assert answer.status_code == 200
    expected = arrivals.rows(COMPARED)
    got = rows(answer.content)
    assert [r["asof"] for r in got] == ["2016-06-30"] * len(expected) and {r["vs"] for r in got} == {"mou-en-2012"}
    assert [r["vs_value"] for r in got] == ["" if pd.isna(v) else str(int(v)) for v in expected["vs_value"]]
    for row in got:
        if row["vs_value"]:
            assert int(row["change"]) == int(row["value"]) - int(row["vs_value"])
    assert got[0]["citation"].startswith("Source:")
    document = requests.get(f"{api_url}/arrivals.json?{QUERY}", timeout=60).json()
    assert document["realtime"] == {"asof": "2016-06-30", "vs": "mou-en-2012"}
    assert "mou-en-2012" in [c["source"] for c in document["citations"]]  # the vintage compared with is cited
    plain = requests.get(f"{api_url}/arrivals.json?from=2008&to=2012", timeout=60).json()
    assert plain["realtime"] == {"asof": None, "vs": None} and "asof" not in plain["columns"]
    assert pack.take_away(arrivals, COMPARED, "csv")[1] == answer.content  # the page's download is the same file


@pytest.mark.parametrize("query, parameter", [("asof=2099-01-01", "asof"), ("vs=nope", "vs"), ("asof=", "asof"),
                                              ("asof=2016-01-01&vintage=mou-en-2012", "asof")])
def test_a_refused_asof_or_vs_is_a_400_naming_it(api_url, query, parameter):
    answer = requests.get(f"{api_url}/arrivals.csv?{query}", timeout=60)
    assert answer.status_code == 400 and answer.json()["error"]["parameter"] == parameter


def test_the_xlsx_of_a_compare_view_says_its_asof_and_vs_in_its_notes(arrivals):
    name, body = pack.take_away(arrivals, COMPARED, "xlsx")
    assert name == "nk-arrivals_count_both_2008-2012_latest_asof-2016-06-30_vs-mou-en-2012_en.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(body))
    notes = {row[0].value: row[1].value for row in book["Source & notes"].iter_rows()}
    assert notes["As known on"].startswith("2016-06-30: each period's figure as MOU had published it")
    assert notes["Compared with"].startswith("vs=mou-en-2012, the series as known when the MOU announcement")
    header = [c.value for c in book["Data"][1]]
    assert header[-5:] == ["asof", "vs", "vs_value", "change", "citation"]


@pytest.fixture(scope="module")
def site(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
        yield base


@pytest.mark.parametrize("kind", pack.RECORDS)
def test_the_record_downloads_are_the_same_bytes_on_every_road(site, arrivals, kind, tmp_path):
    view = View(sex="female", lang="ko")
    for fmt in ("csv", "xlsx", "json"):
        name, body = pack.record(arrivals, kind, view, fmt)
        link = requests.get(site + urls.download_url(view, f"{kind}.{fmt}"), timeout=120)
        assert link.status_code == 200 and link.content == body
        assert name in link.headers["Content-Disposition"]
        out = tmp_path / name
        assert cli.main(["export", kind, "--sex", "female", "--lang", "ko", "-o", str(out)]) == 0
        assert out.read_bytes() == body
        if fmt != "xlsx":
            query = "sex=female&lang=ko" if kind == "triangle" else "lang=ko"  # the real-time table has every sex
            served = requests.get(f"{site}{urls.API_PREFIX}/{kind}.{fmt}?{query}", timeout=120)
            assert served.status_code == 200 and served.content == body
    table = rows(pack.record(arrivals, kind, view, "csv")[1])
    assert table and all(r["citation"].startswith("출처") for r in table)  # each row cites its source


def test_the_revision_triangle_holds_each_publications_figures_and_the_real_time_table_its_periods(arrivals):
    triangle = rows(pack.record(arrivals, "triangle", View(), "csv")[1])
    y2010 = next(r for r in triangle if r["period_end"] == "2010-12-31")
    assert (y2010["mou-en-2012"], y2010["mou-kr-2025"]) == ("2379", "2402")  # MOU's 2012 release, then its table
    realtime = json.loads(pack.record(arrivals, "realtime", View(), "json")[1])
    assert realtime["columns"][:4] == ["period", "period_start", "period_end", "sex"]
    current = [r for r in realtime["data"] if r["period_end"] == "2010-12-31" and r["sex"] == "total"
               and r["realtime_end"] is None]
    assert [r["count"] for r in current] == [2402]


def test_the_download_tab_links_the_record_downloads(arrivals, site):
    page = requests.get(f"{site}/?tab=download&sex=male", timeout=120).text
    for kind in pack.RECORDS:
        for fmt in ("csv", "xlsx", "json"):
            assert urls.download_url(View(sex="male", start=1998, end=2025), f"{kind}.{fmt}").split("?")[0] in page


def test_the_cli_exports_a_compare_view_and_refuses_a_day_to_come(arrivals, tmp_path, capsys):
    out = tmp_path / "view.csv"
    args = ["export", "data", "--from", "2008", "--to", "2012", "--sex", "both", "--asof", "2016-06-30", "--vs",
            "mou-en-2012", "-o", str(out)]
    assert cli.main(args) == 0 and out.read_bytes() == pack.take_away(arrivals, COMPARED, "csv")[1]
    assert cli.main(["export", "data", "--asof", "2099-01-01", "-o", str(tmp_path / "no.csv")]) == 2
    assert "--asof '2099-01-01' is not valid" in capsys.readouterr().err and not (tmp_path / "no.csv").exists()


def test_the_readmes_example_urls_include_asof_and_vs_and_answer(site, arrivals):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    api = re.findall(r'curl -s "http://127\.0\.0\.1:8050(/api/v1/[^"]+)"', readme)
    pages = re.findall(r"`(\?[^`]*(?:asof|vs)=[^`]*)`", readme)
    assert any("asof=" in u for u in api) and any("vs=" in u for u in api)
    assert any("asof=" in p for p in pages) and any("vs=" in p for p in pages)
    for address in api + ["/" + p for p in pages]:
        assert requests.get(site + address, timeout=120).status_code == 200, address
    assert [p for p in pages if urls.parse(p, arrivals).notices] == []  # every parameter understood

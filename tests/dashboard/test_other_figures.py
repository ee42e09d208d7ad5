"""Other figures apart: Daily NK's, ICG's and Kinaforum's own counts and Hanawon's are no step in MOU's history.
They are in other_figures.csv with their publishers; revisions.csv, realtime, the revision triangle and the revision
caveats hold MOU publications only; the data layer, the API and the Sources tab give them apart."""

import io
import re

import pandas as pd
import pytest
import requests

from dashboard.app import create_app
from dashboard.data import View
from dashboard.text import caveats
from etl.other_figures import OTHERS
from support.paths import ARRIVALS

ORGANISATIONS = {"Daily NK", "International Crisis Group (ICG)", "Kinaforum",
                 "Hanawon (Settlement Support Center for North Korean Refugees)"}
OTHER_COUNTS = {("2010-12-31", 2423), ("2010-12-31", 2376), ("2014-12-31", 1396)}   # revisions.md's readings
# checkpoints_regions.md §5: the Korea Herald of 2021-06-30 printed Hanawon admissions, which are not arrivals
ADMISSIONS = {("2021-06-30", 57), ("2020-06-30", 380)}
HERALD = "press-2021-06-30-koreaherald"
COUNTED = {"en": {"admissions": "Hanawon admissions (not arrivals)", "arrivals": "arrivals"},
            "ko": {"admissions": "하나원 입소 인원(입국 인원 아님)", "arrivals": "입국 인원"}}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


def test_revisions_hold_only_steps_between_mou_publications():
    rev = read("revisions")
    publication = read("witnesses").set_index("source")["publication"]
    assert rev["source"].map(publication).isin(set(read("publications")["publication"])).all()
    other = read("other_figures")
    assert not set(zip(rev["source"], rev["period"])) & set(zip(other["source"], other["period"]))
    total = rev[(rev["sex"] == "total") & rev["period_start"].str.endswith("-01-01")]
    y2010 = total[total["period_end"] == "2010-12-31"]
    assert y2010["count"].tolist() == ["2379", "2401", "2402", "2402"]   # not 2,423 (Daily NK) or 2,376 (ICG)
    assert "2014-12-31" not in set(total["period_end"])                  # 1,397 throughout once Kinaforum's is out


def test_realtime_and_the_revision_triangle_hold_no_other_figure(arrivals):
    for frame in (arrivals.realtime(), arrivals.known_on("2012-01-01"), arrivals.known_on("2015-06-01"),
                  arrivals.known_on("2021-07-01")):
        held = set(zip(frame["period_end"], frame["count"].astype(int)))
        assert not held & (OTHER_COUNTS | ADMISSIONS)
    triangle = arrivals.revision_triangle()
    counts = triangle.set_index("period_end").drop(columns=["period_start", "period"])
    assert not {(end, int(v)) for end, row in counts.iterrows() for v in row.dropna()} & (OTHER_COUNTS | ADMISSIONS)
    assert not {c for c in triangle.columns if c.endswith(("2011-07-14", "2015-05-09", "2021-06-30"))}


def test_other_figures_carry_an_organisation_the_period_the_date_and_the_url(arrivals):
    other = read("other_figures")
    assert set(other["source"]) == set(OTHERS)
    assert set(other["publisher_en"]) == ORGANISATIONS
    assert (other["publisher_ko"] != "").all() and (other["why"] != "").all()
    assert (other["published"] != "").all() and other["url"].str.startswith("http").all()
    assert set(zip(other["period_end"], other["count"].astype(int))) >= OTHER_COUNTS
    for name in ("vintages", "latest", "changes", "cumulative"):
        frame = read(name)
        assert not set(zip(frame["source"], frame["period"])) & set(zip(other["source"], other["period"])), name
    h1 = arrivals.other_figures()
    h1 = h1[h1["period"] == "2021 H1"]
    assert h1[["publisher_ko", "counted", "count", "published"]].values.tolist() == [
        ["하나원(북한이탈주민정착지원사무소)", "admissions", 57, "2021-06-30"],
        ["하나원(북한이탈주민정착지원사무소)", "arrivals", 33, "2021-06-30"]]


def test_the_korea_heralds_figures_keep_what_they_count_their_dates_and_the_fact_bases_disagreement():
    """The fact base reads the article twice: 33 defectors coming into South Korea in H1 2021 (revisions.md) and
    Hanawon admissions of 57 in H1 2021 against 380 in H1 2020 (checkpoints_regions.md §5). Both are kept, each
    with what it counts, and findings.csv says they disagree."""
    other = read("other_figures")
    herald = other[other["source"] == HERALD]
    assert sorted(herald[["counted", "period", "count", "published", "retrieved_at"]].values.tolist()) == [
        ["admissions", "2020 H1", "380", "2021-06-30", "2026-12-07"],
        ["admissions", "2021 H1", "57", "2021-06-30", "2026-12-07"],
        ["arrivals", "2021 H1", "33", "2021-06-30", "2026-11-22"]]
    assert set(herald["publisher_en"]) == {"Hanawon (Settlement Support Center for North Korean Refugees)"}
    assert set(herald["url"]) == {"http://www.koreaherald.com/view.php?ud=20210630000974"}
    assert (herald["why"].str.contains("not arrivals") == (herald["counted"] == "admissions")).all()
    assert set(other["counted"]) == {"arrivals", "admissions"}
    assert set(other.loc[other["counted"] == "admissions", "publisher_en"]) == {
        "Hanawon (Settlement Support Center for North Korean Refugees)"}
    findings = read("findings")
    [note] = findings.loc[(findings["source"] == HERALD) & (findings["where"] == "2021 H1 (admissions)"), "note"]
    assert "57" in note and "33" in note and "disagree" in note
    seen = read("sources").set_index("source").loc[HERALD, "retrieved_at"]
    assert seen == "2026-11-22"   # the article's arrivals figure; its admissions were read in the copy of 2026-12-07


def test_mous_history_of_h1_2021_is_untouched_by_the_admissions():
    rev = read("revisions")
    h1 = rev[(rev["period_start"] == "2021-01-01") & (rev["period_end"] == "2021-06-30") & (rev["sex"] == "total")]
    assert h1[["source", "count"]].values.tolist() == [["press-2021-07-16-donga", "33"],
                                                       ["press-2022-07-19-newspim", "36"]]
    for name in ("vintages", "latest", "changes", "revisions"):
        frame = read(name)
        assert HERALD not in set(frame["source"]), name
        ends = frame["period_end"] if "period_end" in frame else frame["period"]
        assert not set(zip(ends, frame["count"].astype(int))) & ADMISSIONS, name


def test_revision_caveats_name_mou_publications_only(arrivals):
    found = arrivals.caveats(arrivals.series(View(buckets=True, sex="both")))
    revised = [c for c in found if c.kind == "revised"]
    assert revised
    for caveat in revised:
        assert not {citation.source for _, _, citation in caveat.history} & set(OTHERS)
        for lang in ("en", "ko"):
            assert not any(name in caveats.wording(caveat, lang) for name in ("ICG", "Kinaforum", "Hanawon"))


def test_the_api_serves_them_with_their_publishers(api_url):
    served = requests.get(f"{api_url}/other_figures.csv", params={"lang": "ko"}, timeout=30)
    assert served.status_code == 200
    frame = pd.read_csv(io.StringIO(served.content.decode("utf-8-sig")), dtype=str)
    assert "데일리NK" in set(frame["publisher_ko"]) and "국제위기그룹(ICG)" in set(frame["publisher_ko"])
    document = requests.get(f"{api_url}/other_figures.json", params={"sex": "total"}, timeout=30).json()
    assert {row["publisher_en"] for row in document["data"]} == ORGANISATIONS
    assert requests.get(f"{api_url}/other_figures.json", params={"vintage": "latest"}, timeout=30).status_code == 400
    paths = requests.get(f"{api_url}/openapi.json", timeout=30).json()["paths"]
    assert {"/other_figures.csv", "/other_figures.json"} <= set(paths)


def test_the_api_and_its_files_label_admissions_as_admissions(api_url):
    document = requests.get(f"{api_url}/other_figures.json", timeout=30).json()
    counted = {(row["period"], row["count"]): row["counted"] for row in document["data"]}
    assert counted[("2021 H1", 57)] == counted[("2020 H1", 380)] == "admissions"
    assert counted[("2021 H1", 33)] == counted[("2010", 2423)] == "arrivals"
    seen = {"en": {"2026-12-07": "copy seen 7 Dec 2026", "2026-11-22": "copy seen 22 Nov 2026"},
            "ko": {"2026-12-07": "2026년 12월 7일 사본 확인", "2026-11-22": "2026년 11월 22일 사본 확인"}}
    for lang, day in seen.items():
        served = requests.get(f"{api_url}/other_figures.csv", params={"lang": lang}, timeout=30)
        frame = pd.read_csv(io.StringIO(served.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)
        assert frame.loc[frame["count"].isin(["57", "380"]), "counted"].tolist() == ["admissions", "admissions"]
        herald = frame[frame["source"] == HERALD]
        assert sorted(herald["retrieved_at"]) == ["2026-11-22", "2026-12-07", "2026-12-07"]
        for row in herald.itertuples(index=False):   # each row cites the copy it was read in, not the other
            other = ({*day} - {row.retrieved_at}).pop()
            assert day[row.retrieved_at] in row.citation and day[other] not in row.citation, row.citation
    cited = [c["citation"] for c in document["citations"] if c["source"] == HERALD]
    assert len(cited) == 2 and {"copy seen 7 Dec 2026" in c for c in cited} == {True, False}
    spec = requests.get(f"{api_url}/openapi.json", timeout=30).json()
    found = enums(spec, "counted")
    assert found and all(values == ["arrivals", "admissions"] for values in found)   # the CSV's and JSON's rows


def enums(node, name: str) -> list[list]:
    """Every enum an OpenAPI document gives a property `name`, without the null a nullable field adds."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get(name), dict) and "enum" in node[name]:
            found.append([v for v in node[name]["enum"] if v is not None])
        for value in node.values():
            found += enums(value, name)
    elif isinstance(node, list):
        for value in node:
            found += enums(value, name)
    return found


@pytest.mark.parametrize(("lang", "mou_words", "own_words"), [
    ("en", "Ministry of Unification figures", "its own figure (not the Ministry of Unification's)"),
    ("ko", "통일부 수치,", "자체 수치(통일부 수치 아님)")])
def test_each_file_row_cites_its_figure_as_its_publishers_never_as_mous(api_url, lang, mou_words, own_words):
    """A researcher quoting an ICG count from the file cites ICG, not 'MOU figures as reported by …'."""
    served = requests.get(f"{api_url}/other_figures.csv", params={"lang": lang}, timeout=30)
    frame = pd.read_csv(io.StringIO(served.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    owner = "publisher_ko" if lang == "ko" else "publisher_en"
    for row in frame.itertuples(index=False):
        line = row.citation.split(". http")[0]  # the short line, before the URL
        assert getattr(row, owner) in line and own_words in line and mou_words not in line, row.citation


@pytest.mark.parametrize(("lang", "heading", "publisher"), [("en", "Not MOU figures", "Kinaforum"),
                                                            ("ko", "통일부 수치가 아닌 수치", "데일리NK")])
def test_the_sources_tab_shows_them_in_their_own_table(arrivals, serve, lang, heading, publisher):
    with serve(create_app(arrivals).server) as base:
        page = requests.get(f"{base}/", params={"tab": "sources", "lang": lang}, timeout=60).text
        narrow = requests.get(f"{base}/", params={"tab": "sources", "lang": lang, "from": 2020, "to": 2025},
                              timeout=60).text
    table = page[page.index(f'<h3 id="other-figures">{heading}</h3>'):]
    table = table[:table.index("</table>")]
    assert publisher in table and "1,396" in table and "2,423" in table
    assert "Kinaforum" not in narrow[narrow.index("other-figures"):]          # only the view's years: 2021 H1
    rows = narrow[narrow.index("other-figures"):]
    rows = rows[:rows.index("</table>")]
    labelled = re.findall(r'<td data-counted="(\w+)">([^<]*)</td>', rows)
    assert sorted(labelled) == sorted([("admissions", COUNTED[lang]["admissions"])] * 2 +
                                      [("arrivals", COUNTED[lang]["arrivals"])])
    assert COUNTED[lang]["admissions"] in rows and ("(not arrivals)" in rows or "(입국 인원 아님)" in rows)

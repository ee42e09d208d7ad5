"""The cumulative checkpoints of the 2026-12-07 fact base (checkpoints_regions.md §2): each in cumulative.csv with
its article's URL and the MOU publication it came from; the 2017 January-August revision 780 -> 779; the 30,000
milestone kept out of the counts; and each checkpoint compared with the cumulative the latest series implies, a
difference being a finding, never an edit."""

import pandas as pd
import pytest

from etl import checkpoints, package
from support import raw
from support.paths import ARRIVALS

# (row of §2, URL, period_end, counts by sex, the publication it came from, its date as the evidence gives it)
CHECKPOINTS = [
    (1, "https://news1.kr/amp/nk/inter-korean/5294718", "2023-12-31",
     {"male": 9542, "female": 24536, "total": 34078}, "mou-announcement-2024-01-18", "2024-01-18"),
    (2, "https://www2.ppomppu.co.kr/zboard/view.php?id=news_society&no=430736", "2025-03-31",
     {"male": 9569, "female": 24783, "total": 34352}, "mou-announcement-2025-04-17", "2025-04-17"),
    (3, "http://14.63.163.190/article?q=161764", "2018-08-31",
     {"male": 9089, "female": 22953, "total": 32042}, "mou-announcement-2018-09", "2018-09"),
    (4, "http://jnnews.co.kr/news/view.php?idx=78118", "2012-04-30", {"total": 23568},
     "mou-announcement-press-undated-jnnews", ""),
    (5, "http://nkd.or.kr/news/article/view/4633", "2009-06-21", {"total": 16354}, "mou-announcement-2009-06",
     "2009-06"),
    (6, "http://nkd.or.kr/news/article/view/4633", "2009-02-28", {"total": 15631}, "mou-announcement-2009-06",
     "2009-06"),
]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("row, url, end, counts, publication, published", CHECKPOINTS,
                         ids=[f"row-{c[0]}" for c in CHECKPOINTS])
def test_each_checkpoint_is_held_with_its_url_and_publication(row, url, end, counts, publication, published):
    sources = read("sources")
    at_url = set(sources.loc[sources["url"] == url, "source"])  # a page may be the source of other tables too
    c = read("cumulative")
    held = c[c["vintage"].isin(at_url) & (c["period_end"] == end)]
    assert held["vintage"].nunique() == 1
    sid = held["vintage"].iloc[0]
    assert {r.sex: int(r.count) for r in held.itertuples()} == counts
    assert set(held["kind"]) == {"announced"} and set(held["approximate"]) == {"false"}
    witness = read("witnesses").set_index("source").loc[sid]
    assert witness["publication"] == publication and witness["retrieved_at"] == "2026-12-07"
    assert read("publications").set_index("publication").loc[publication, "published"] == published
    publisher = sources.set_index("source").loc[sid, "publisher_en"]
    assert publisher and "." not in publisher  # an outlet, no host


def test_2017_january_to_august_is_revised_from_780_to_779_by_a_later_mou_vintage():
    rev = read("revisions")
    steps = rev[(rev["period_start"] == "2017-01-01") & (rev["period_end"] == "2017-08-31") & (rev["sex"] == "total")]
    assert steps[["as_of", "count", "latest"]].values.tolist() == [["2017-10-03", "780", "false"],
                                                                   ["2018-09", "779", "true"]]
    change = read("changes")
    change = change[(change["period_end"] == "2017-08-31") & (change["change"] == "revised")]
    assert change[["old_count", "count"]].values.tolist() == [["780", "779"]]


def test_the_30000_milestone_is_a_threshold_never_a_count():
    for name in ("cumulative", "vintages", "latest"):
        frame = read(name)
        assert "30000" not in set(frame["count"]), name


def test_each_checkpoint_differing_from_the_latest_series_is_a_finding():
    f = read("findings")
    notes = f[f["check"] == checkpoints.CHECK].set_index(["source", "where"])
    # revisions.md's table "Cumulative totals that differ from the sum of the latest yearly series"
    assert notes.loc[("press-2004-03-11-hankookilbo", "to 2003-12-31 total"), ["expected", "found"]].tolist() == \
        ["4,417", "4,410"]
    assert notes.loc[("press-2009-01-05-christianitydaily", "to 2008-12-31 total"), "expected"] == "15,084"
    assert notes.loc[("press-2009-06-nkd", "to 2009-06-21 total"), ["expected", "found"]].tolist() == \
        ["16,381", "16,354"]                                        # row 5: end-2008's 15,057 + 1,297
    sources = read("sources").set_index("url")["source"]
    for _, url, end, counts, _, _ in CHECKPOINTS[:3]:                # rows 1-3 equal the series to their dates
        assert not notes.index.isin([(sources[url], f"to {end} {sex}") for sex in counts]).any()
    assert (notes["severity"] == "note").all()


def test_a_checkpoint_moved_off_the_series_becomes_a_finding_not_an_edit(datasets_copy):
    figures = datasets_copy / "raw" / "press" / "figures.csv"
    raw.replace(figures, "to 2018-08-31,cumulative,9089,22953,32042,", "to 2018-08-31,cumulative,9089,22963,32052,")
    built = package.build(datasets_copy)
    package.write(datasets_copy, built)
    f = pd.read_csv(datasets_copy / "arrivals" / "findings.csv", dtype=str, keep_default_na=False)
    hits = f[(f["check"] == checkpoints.CHECK) & (f["source"] == "press-2018-09-views-news")]
    # no figure by sex runs through January-August 2018, so only the total has a series sum to compare with
    assert hits[["where", "expected", "found"]].values.tolist() == [["to 2018-08-31 total", "32,042", "32,052"]]
    c = pd.read_csv(datasets_copy / "arrivals" / "cumulative.csv", dtype=str, keep_default_na=False)
    assert "32052" in set(c["count"])                                 # the printed figure is kept as printed

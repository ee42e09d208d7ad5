"""The figures found in 2026-12 (more_figures.md §1): each one in the published datasets, with its article in
sources.csv.

The expected values are written out here from the issue's fact base, independently of the raw transcription, so
that a typo in datasets/raw/press/figures.csv fails a test instead of passing silently.
"""

import pandas as pd
import pytest

from support.paths import DATASETS

ARRIVALS = DATASETS / "arrivals"

NEWSPIM = "https://ir.newspim.com/news/view/20220719000552"
DONGA_2021 = "https://donga.com/news/amp/all/20210716/107984981/1"
# (url, period_start, period_end, {sex: count})
FLOWS = [
    (NEWSPIM, "2022-01-01", "2022-03-31", {"male": 2, "female": 9, "total": 11}),
    (NEWSPIM, "2022-04-01", "2022-06-30", {"male": 1, "female": 7, "total": 8}),
    ("https://m.sedaily.com/NewsViewAmp/268KYUSPGU", "2022-01-01", "2022-06-30",
     {"male": 3, "female": 16, "total": 19}),
    ("http://world.kbs.co.kr/service/news_view.htm?Seq_Code=82465&lang=s", "2022-07-01", "2022-09-30",
     {"male": 14, "female": 9, "total": 23}),
    ("http://world.kbs.co.kr/service/news_view.htm?Seq_Code=82465&lang=s", "2022-01-01", "2022-09-30",
     {"male": 17, "female": 25, "total": 42}),
    ("https://www.dailynk.com/20230110-3/", "2022-10-01", "2022-12-31", {"male": 18, "female": 7, "total": 25}),
    (NEWSPIM, "2021-01-01", "2021-06-30", {"male": 20, "female": 16, "total": 36}),
    (DONGA_2021, "2021-04-01", "2021-06-30", {"male": 1, "female": 1, "total": 2}),
    (DONGA_2021, "2021-01-01", "2021-06-30", {"total": 33}),
    ("https://m.moneys.co.kr/article/2016070717518085223", "2015-04-01", "2015-06-30", {"total": 323}),
    ("https://m.moneys.co.kr/article/2016070717518085223", "2015-07-01", "2015-09-30", {"total": 240}),
    ("https://m.moneys.co.kr/article/2016070717518085223", "2015-10-01", "2015-12-31", {"total": 422}),
    ("https://m.nocutnews.co.kr/news/amp/4577996", "2016-01-01", "2016-03-31", {"total": 342}),
    ("https://m.nocutnews.co.kr/news/amp/4577996", "2015-01-01", "2015-03-31", {"total": 291}),
    ("https://donga.com/news/Politics/article/all/20160606/78510713/1", "2016-01-01", "2016-04-30", {"total": 493}),
    ("https://donga.com/news/Politics/article/all/20160606/78510713/1", "2015-01-01", "2015-04-30", {"total": 424}),
    ("http://nkd.or.kr/news/article/view/664", "2005-01-01", "2005-09-15", {"total": 882}),
    ("http://nkd.or.kr/news/article/view/664", "2004-01-01", "2004-09-30", {"total": 1511}),
]
APPROXIMATE_FLOWS = [
    ("https://donga.com/news/Politics/article/all/20160606/78510713/1", "2016-01-01", "2016-05-31", {"total": 590}),
]
# (url, period_end, {sex: count}, approximate)
CUMULATIVE = [
    ("https://edaily.co.kr/News/Read?mediaCodeNo=257&newsId=02427206635675832", "2023-06-30",
     {"male": 9533, "female": 24448, "total": 33981}, False),
    ("http://rki.kbs.co.kr/service/news_view.htm?Seq_Code=78244&lang=a", "2024-06-30", {"total": 34183}, False),
    ("https://ajunews.com/view/20160707161137504", "2016-06-30", {"total": 29543}, False),
    ("https://donga.com/news/Politics/article/all/20160606/78510713/1", "2016-06-06", {"total": 29380}, True),
    ("http://nkd.or.kr/news/article/view/664", "2005-09-15", {"total": 7186}, False),
    ("https://www.seoul.co.kr/news/1998/10/12/19981012018005", "1998-09-15", {"total": 923}, False),
    # quoted with #19 (nkd) and in breakdowns.md E (the 2008 DailyNK article, by sex): arrivals up to 1989
    ("http://nkd.or.kr/news/article/view/664", "1989-12-31", {"total": 607}, False),
    ("https://www.dailynk.com/%ED%83%88%EB%B6%81%EC%9E%90-30%EB%8C%80%EA%B0%80-33%EB%A1%9C-%EC%B5%9C%EB%8B%A4/",
     "1989-12-31", {"male": 564, "female": 43}, False),
]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sources():
    return read("sources").set_index("source")


def source_of(sources, url: str) -> str:
    """The press-figures source of an article (the same article may also be a press-breakdowns source)."""
    [sid] = sources.index[(sources["url"] == url) & ~sources.index.str.startswith("press-breakdowns-")]
    return sid


@pytest.mark.parametrize("url, start, end, counts, approximate",
                         [(*f, False) for f in FLOWS] + [(*f, True) for f in APPROXIMATE_FLOWS],
                         ids=lambda v: v if isinstance(v, str) and v[:2] == "20" else None)
def test_every_new_flow_is_a_vintage_with_its_article(sources, url, start, end, counts, approximate):
    sid = source_of(sources, url)
    v = read("vintages")
    rows = v[(v["vintage"] == sid) & (v["period_start"] == start) & (v["period_end"] == end)]
    assert {r.sex: int(r.count) for r in rows.itertuples()} == counts
    assert set(rows["approximate"]) == {"true" if approximate else "false"}
    assert sources.loc[sid, "publisher_en"] and sources.loc[sid, "retrieved_at"] == "2026-12-01"


@pytest.mark.parametrize("url, end, counts, approximate", CUMULATIVE, ids=lambda v: v if isinstance(v, str) and
                         v[:2] in ("19", "20") else None)
def test_every_new_checkpoint_is_in_cumulative_with_its_article(sources, url, end, counts, approximate):
    sid = source_of(sources, url)
    c = read("cumulative")
    rows = c[(c["vintage"] == sid) & (c["period_end"] == end)]
    assert {r.sex: int(r.count) for r in rows.itertuples()} == counts
    assert set(rows["approximate"]) == {"true" if approximate else "false"}
    assert set(rows["kind"]) == {"announced"}


def test_approximate_figures_are_flagged_and_say_so():
    v, c = read("vintages"), read("cumulative")
    assert set(v.loc[v["approximate"] == "true", "count"]) == {"590"}
    assert set(c.loc[c["approximate"] == "true", "count"]) == {"29380"}
    sources = read("sources").set_index("source")
    assert "Approximate as printed" in sources.loc["press-2016-06-06-donga", "caveats"]


def test_single_source_figures_say_so_and_agreeing_reports_are_named(sources):
    assert "Single source" in sources.loc["press-2023-01-10-dailynk", "caveats"]
    assert "Single source" in sources.loc["press-1998-10-12-seoul", "caveats"]
    newspim = sources.loc["press-2022-07-19-newspim", "caveats"]
    assert "https://www.dailynk.com/20230110-3/" in newspim and "Single source" not in newspim


def test_undated_articles_have_no_publication_date_but_a_lower_bound(sources):
    for url, after in [("http://rki.kbs.co.kr/service/news_view.htm?Seq_Code=78244&lang=a", "2024-06-30"),
                       ("https://m.nocutnews.co.kr/news/amp/4577996", "2016-03-31"),
                       ("http://nkd.or.kr/news/article/view/664", "2005-09-15")]:
        sid = source_of(sources, url)
        assert sources.loc[sid, ["published", "published_after", "as_of"]].tolist() == ["", after, after]


def test_revised_and_first_reports_of_2021_keep_every_vintage():
    rev = read("revisions")
    h1 = rev[(rev["period_start"] == "2021-01-01") & (rev["period_end"] == "2021-06-30") & (rev["sex"] == "total")]
    assert h1["count"].tolist()[-1] == "36" and "33" in set(h1["count"])
    assert h1.loc[h1["latest"] == "true", "vintage"].tolist() == ["press-2022-07-19-newspim"]
    q2 = rev[(rev["period_start"] == "2021-04-01") & (rev["sex"] == "male")]
    # a quarter stays provisional until an MOU table carries it unmarked (etl/publications.py): none has yet
    assert q2["count"].tolist() == ["1", "3"] and q2["provisional"].tolist() == ["true", "true"]


def test_breakdowns_are_a_time_series_of_vintages(sources):
    b = read("breakdowns")
    b = b[~b["source"].str.startswith("mou-regions")]  # the place tables: tests/datasets/test_regions.py
    ends = b.groupby("vintage")["period_end"].first()
    assert sorted(ends) == ["2008-05-31", "2010-08-31", "2011-06-30", "2020-09-30", "2022-12-31"]
    assert all(sources.loc[v, "url"].startswith("http") for v in ends.index)
    by_vintage = b[b["category_en"] != "all"].groupby(["period_end", "dimension"])
    assert by_vintage["partial"].first().to_dict() == {
        ("2008-05-31", "age"): "true", ("2008-05-31", "education"): "true", ("2008-05-31", "occupation"): "true",
        ("2008-05-31", "residence"): "false", ("2010-08-31", "occupation"): "true",
        ("2011-06-30", "age"): "true", ("2011-06-30", "education"): "true", ("2011-06-30", "occupation"): "true",
        ("2011-06-30", "residence"): "true", ("2020-09-30", "age"): "false", ("2020-09-30", "education"): "false",
        ("2020-09-30", "occupation"): "false", ("2022-12-31", "age"): "false", ("2022-12-31", "education"): "false",
        ("2022-12-31", "occupation"): "false"}
    end_2022 = b[b["period_end"] == "2022-12-31"]
    assert end_2022.groupby("dimension")["count"].apply(lambda c: c.astype(int).sum()).to_dict() == \
        {"age": 33836, "education": 33836, "occupation": 33836}
    # comparable categories share one English name in every vintage that has them
    workers = b[(b["dimension"] == "occupation") & (b["category_en"] == "worker") & (b["sex"] == "total")]
    assert set(workers["period_end"]) == {"2008-05-31", "2010-08-31", "2011-06-30", "2020-09-30", "2022-12-31"}


def test_breakdowns_short_of_the_arrivals_keep_the_protective_facility_note():
    f = read("findings")
    gaps = f[f["check"] == "protective-facility gap"]
    assert {(r.source, r.where.split(" table")[0]) for r in gaps.itertuples()} >= {
        ("mou-cn-2020", "age"), ("mou-cn-2020", "occupation"), ("press-breakdowns-2023-01-13-datasom", "age"),
        ("press-breakdowns-2023-01-13-datasom", "occupation"), ("press-breakdowns-2023-01-13-datasom", "education")}
    datasom = gaps[(gaps["source"] == "press-breakdowns-2023-01-13-datasom") & gaps["where"].str.startswith("age")]
    assert datasom["note"].str.contains("46 fewer than the 33,882 arrivals").all()


def test_misquotes_include_the_new_misprints_with_korean_explanations():
    m = read("misquotes").set_index("misquote")
    assert m.loc["2025h1-88-men", ["sex", "claimed_count", "official_count"]].tolist() == ["male", "88", "8"]
    assert m.loc["2021q1-1-women", ["sex", "claimed_count", "official_count"]].tolist() == ["female", "1", "14"]
    assert m.loc["2011-2705", ["claimed_count", "official_count"]].tolist() == ["2705", "2706"]
    hangul = m["explanation_ko"].str.contains("[가-힣]", regex=True)
    assert hangul.all() and (m["explanation"] != "").all() and len(m) == 11
    assert (m.drop(index="2026h1-63-unverified")["official_note"] == "").all()


def test_the_unverified_2026_figure_is_guarded_and_never_a_vintage():
    row = read("misquotes").set_index("misquote").loc["2026h1-63-unverified"]
    assert (row["claimed_period"], row["claimed_count"]) == ("2026 H1", "63")
    assert row[["official_count", "official_source", "official_as_of"]].tolist() == ["", "", ""]
    assert "no figure for the first half of 2026" in row["official_note"]
    assert "34,575" in row["explanation"] and "34,575" in row["explanation_ko"]
    for name in ("vintages", "latest"):
        frame = read(name)
        assert not (frame["period_end"] >= "2026-01-01").any()
        assert not ((frame["period_end"] == "2026-06-30") & frame["count"].isin(["63", "4", "59"])).any()
    cumulative = read("cumulative")
    assert not cumulative["count"].isin(["34575"]).any() and not (cumulative["period_end"] > "2025-12-31").any()

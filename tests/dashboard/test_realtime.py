"""The record as ALFRED keeps it: the series as known on a day against the fact base (../shared/sources, read
here, never our own output), two vintages compared, and no host name, IPFS hash or raw id in a reader's text."""

import csv
import re

import pytest

from dashboard.data import Arrivals, View
from support.paths import ARRIVALS, REPO

FACTS = next((p for p in (REPO.parent / "shared" / "sources", REPO.parents[1] / "shared" / "sources")
              if p.is_dir()), None)
MOU_EN_2012 = ("https://www.unikorea.go.kr/eng_unikorea/news/releases/?boardId=bbs_0000000000000034&mode=view"
               "&cntId=31617&category=&pageIdx=16")
BAEKDU_2012 = "http://baekdunet.com/bbs/board.php?bo_table=n6_1&device=mobile&wr_id=2353"
VOA_2010 = "https://www.voakorea.com/archive/35-2010-01-06-voa19-91420724"
HOST = re.compile(r"\b[a-z0-9-]+\.(com|co\.kr|net|org|or\.kr|go\.kr|jp|kr|ir|info|link|live)\b", re.IGNORECASE)
RAW_ID = re.compile(r"\b(press|mou)-[a-z0-9-]*\d{4}|\bbafy[a-z0-9]{20,}")


@pytest.fixture(scope="module")
def arrivals():
    return Arrivals.load(ARRIVALS)


def facts(name: str) -> list[dict]:
    if FACTS is None:
        pytest.skip("the fact base ../shared/sources is not next to this checkout")
    with open(FACTS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def printed(url: str, label: str) -> int:
    """The yearly total the fact base quotes from `url` for the period labelled `label`."""
    rows = [r for r in facts("annual_observations.csv") if r["source_url"] == url and r["period_label"] == label]
    assert len({r["total"] for r in rows}) == 1, (url, label)
    return int(rows[0]["total"])


def year_total(series, year: str) -> int:
    row = series[(series["period_start"] == f"{year}-01-01") & (series["period_end"] == f"{year}-12-31")
                 & (series["sex"] == "total")]
    assert len(row) == 1, year
    return int(row["count"].iloc[0])


@pytest.mark.parametrize("day, year, url, label", [
    ("2010-03-01", "2009", VOA_2010, "2009 (provisional)"),     # the first, provisional announcement
    ("2012-06-01", "2009", MOU_EN_2012, "2009"),                # MOU's English release of 2012-01-11
    ("2012-06-01", "2010", MOU_EN_2012, "2010"),
    ("2012-06-01", "2011", MOU_EN_2012, "2011"),               # provisional then
    ("2013-06-01", "2009", BAEKDU_2012, "2009"),                # revised in October 2012
    ("2013-06-01", "2010", BAEKDU_2012, "2010"),
    ("2013-06-01", "2011", BAEKDU_2012, "2011"),
])
def test_the_series_as_known_on_a_day_is_what_the_publications_up_to_it_print(arrivals, day, year, url, label):
    assert year_total(arrivals.known_on(day), year) == printed(url, label)


def test_the_series_known_today_is_the_best_latest_series_of_the_fact_base(arrivals):
    known = arrivals.known_on("2026-12-07")
    years = [r for r in facts("best_latest_series.csv") if re.fullmatch(r"\d{4}", r["year"])]
    assert len(years) >= 20
    assert {r["year"]: year_total(known, r["year"]) for r in years} == {r["year"]: int(r["total"]) for r in years}


def test_nothing_is_known_before_it_was_published(arrivals):
    assert arrivals.known_on("1990-01-01").empty
    assert "2025-12-31" not in set(arrivals.known_on("2025-12-31")["period_end"])


def test_compare_gives_both_vintages_and_the_revision_per_period(arrivals):
    both = arrivals.compare("mou-en-2012", asof="2026-12-07")
    year_2009 = both[(both["period_start"] == "2009-01-01") & (both["period_end"] == "2009-12-31")
                     & (both["sex"] == "total")].iloc[0]
    assert (year_2009["vs_count"], year_2009["count"]) == (printed(MOU_EN_2012, "2009"), 2914)
    assert year_2009["change"] == 2914 - printed(MOU_EN_2012, "2009")
    by_date = arrivals.compare("2012-06-01", asof="2026-12-07")
    assert by_date.set_index(["period_start", "period_end", "sex"]).loc[("2009-01-01", "2009-12-31", "total"),
                                                                       "vs_count"] == 2927


def test_a_revision_of_womens_share_has_the_shares_one_decimal(arrivals):
    """value − vs_value of two one-decimal shares was written -0.20000000000000284 in a compare view's files."""
    view = View(metric="share", start=2002, end=2013, vs="mou-en-2012")
    for frame in (arrivals.rows(view), arrivals.revision_by_period(view)):
        held = frame.dropna(subset=["vs_value"])
        assert len(held) == 10 and held["change"].ne(0).sum() >= 5  # 2002-2011, most of them revised
        assert [str(c) for c in held["change"]] == [f"{v - w:.1f}" for v, w in zip(held["value"], held["vs_value"])]
    assert arrivals.rows(view)["change"].isna().sum() == 2  # 2012 and 2013: the 2012 release printed neither


def test_the_revision_triangle_has_a_column_per_publication_in_date_order(arrivals):
    triangle = arrivals.revision_triangle()
    row = triangle[(triangle["period_start"] == "2009-01-01") & (triangle["period_end"] == "2009-12-31")].iloc[0]
    assert row["mou-en-2012"] == 2927 and row["mou-kr-2025"] == 2914
    columns = [c for c in triangle.columns if c not in ("period_start", "period_end", "period")]
    starts = arrivals.publication_list().set_index("publication").loc[columns, "realtime_start"].tolist()
    assert starts == sorted(starts)


def test_the_vintage_menu_lists_mou_publications_only_tables_first(arrivals):
    menu = arrivals.vintage_menu(start=2024, end=2025)
    assert set(menu["kind"]) <= {"table", "announcement"}
    assert menu["kind"].tolist() == sorted(menu["kind"], key=lambda k: k != "table")
    assert "mou-cn-2020" not in set(menu["publication"])   # it holds no figure for 2024-2025
    assert "mou-kr-2025" in set(menu["publication"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_reader_text_names_a_host_an_ipfs_hash_or_a_raw_id(arrivals, lang):
    pubs = arrivals.publication_list(lang)
    texts = list(pubs["title"]) + list(pubs["witnesses"]) + list(arrivals.realtime(lang)["witnesses"])
    cites = arrivals.citations(arrivals.source_ids())
    texts += [c.publisher_en for c in cites] + [c.publisher_ko for c in cites]
    shown = [t for t in texts if HOST.search(t) or RAW_ID.search(t)]
    assert shown == []


def test_no_copy_date_is_a_publication_date(arrivals):
    pubs = arrivals.publication_list()
    kr = pubs.set_index("publication").loc["mou-kr-2025"]
    assert (kr["published"], kr["date_bound"], kr["realtime_start"]) == ("", "on or after", "2026-02-04")
    seen = set(arrivals._tables["witnesses"]["retrieved_at"])
    dated = pubs[pubs["date_bound"] != "on or before"]
    assert not set(dated["realtime_start"]) & (seen - set(dated["published"]))

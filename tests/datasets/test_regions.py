"""The place breakdowns of `mou-regions`: where defectors live (residents, not arrivals) and where arrivals came
from, each row with its MOU publication and witness, and its three dates kept apart."""

import pandas as pd
import pytest

from etl.paths import arrivals_folder

ARRIVALS = arrivals_folder()


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(ARRIVALS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    b = read("breakdowns")
    return b[b["source"].str.startswith("mou-regions")]


def test_the_2024_audit_table_has_all_16_regions_by_sex_and_adds_up(regions):
    table = regions[regions["vintage"] == "mou-regions-2024-09-23-theminjoo"]
    assert set(table["dimension"]) == {"residence"} and set(table["partial"]) == {"false"}
    parts = table[table["category_en"] != "all"]
    assert parts["category"].nunique() == 16
    by_sex = parts.groupby("sex")["count"].apply(lambda c: c.astype(int).sum()).to_dict()
    totals = table[table["category_en"] == "all"].set_index("sex")["count"].astype(int).to_dict()
    assert by_sex == totals == {"male": 7950, "female": 23427, "total": 31377}
    cells = parts.set_index(["category", "sex"])["count"].astype(int)
    assert cells[("경기", "total")] == 11080 and cells[("제주", "female")] == 285
    assert cells[("충남·세종", "total")] == 1819   # one row for two divisions, as printed
    # men + women = total in every region
    wide = parts.pivot(index="category", columns="sex", values="count").astype(int)
    assert (wide["male"] + wide["female"] == wide["total"]).all()


def test_older_residence_tables_and_the_origin_tables_are_their_own_vintages(regions):
    ends = regions.groupby(["vintage", "dimension"])["period_end"].first().to_dict()
    assert ends == {
        ("mou-regions-2005-08-24-nkd", "residence"): "2005-05-31",
        ("mou-regions-undated-jnnews", "residence"): "2012-04-30",
        ("mou-regions-2017-10-11-rfa", "origin"): "2016-12-31",
        ("mou-regions-2018-09-30-news1", "origin"): "2018-08-31",
        ("mou-regions-2024-09-23-theminjoo", "residence"): "2024-09-23",
    }
    may_2005 = regions[(regions["vintage"] == "mou-regions-2005-08-24-nkd") & (regions["category_en"] != "all")]
    assert may_2005["count"].astype(int).sum() == 6110 and len(may_2005) == 16
    origin = regions[regions["vintage"] == "mou-regions-2018-09-30-news1"].set_index("category_en")["count"]
    assert origin.astype(int).to_dict() == {"North Hamgyong": 19145, "Ryanggang": 5061, "South Hamgyong": 2775}


def test_each_table_names_its_mou_publication_its_witness_and_three_dates():
    sources = read("sources").set_index("source")
    witnesses = read("witnesses").set_index("source")
    publications = read("publications").set_index("publication")
    audit = "mou-regions-2024-09-23-theminjoo"
    assert witnesses.loc[audit, "role"] == "witness" and witnesses.loc[audit, "outlet_ko"] == "한정애 의원실"
    publication = publications.loc[witnesses.loc[audit, "publication"]]
    assert publication["publisher_ko"] == "통일부" and publication["published"] == "2024-09-23"
    row = sources.loc[audit]
    assert (row["published"], row["retrieved_at"][:10]) == ("2024-09-23", "2026-12-07")
    assert "2024-10-10" in row["via"]   # the day the copy was posted, kept apart from the release
    assert "Residents, not arrivals" in row["caveats"]
    undated = sources.loc["mou-regions-undated-jnnews"]
    assert undated["published"] == "" and undated["published_after"] == "2012-04-30"

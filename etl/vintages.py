"""From all vintages to the latest figure per period, and the periods whose figure was revised."""

import pandas as pd

PERIOD = ["period_start", "period_end", "sex"]
SEX_ORDER = {"male": 0, "female": 1, "total": 2}


def rank(vintages: pd.DataFrame, table_vintages: set[str]) -> pd.DataFrame:
    """Oldest first: by as_of, then a press report before an MOU table of the same date, then by vintage id."""
    ranked = vintages.assign(_table=vintages["vintage"].isin(table_vintages))
    return ranked.sort_values(["as_of", "_table", "vintage"], kind="stable", na_position="first")


def latest(vintages: pd.DataFrame, table_vintages: set[str]) -> pd.DataFrame:
    """One row per (period_start, period_end, sex): the highest-ranked vintage; an approximate figure only where
    no exact figure exists for that period and sex."""
    ranked = rank(vintages, table_vintages)
    ranked = ranked.sort_values("approximate", ascending=False, kind="stable")   # exact ones last: they win
    newest = ranked.groupby(PERIOD, sort=False, dropna=False).tail(1)
    return tidy_order(newest.drop(columns="_table"))


def revisions(vintages: pd.DataFrame, latest_rows: pd.DataFrame, table_vintages: set[str]) -> pd.DataFrame:
    """Every vintage of each period x sex that was published with more than one exact value, oldest first
    (an approximate figure revises nothing)."""
    ranked = rank(vintages[~vintages["approximate"]], table_vintages).drop(columns="_table")
    changed = ranked.groupby(PERIOD, dropna=False)["count"].transform("nunique") > 1
    rows = ranked[changed].merge(latest_rows[PERIOD + ["vintage"]].assign(latest=True), how="left",
                                 on=PERIOD + ["vintage"])
    rows["latest"] = rows["latest"].fillna(False).astype(bool)
    rows["_sex"] = rows["sex"].map(SEX_ORDER)
    rows = rows.sort_values(["period_start", "period_end", "_sex", "as_of", "vintage"], kind="stable",
                            na_position="first")
    return rows[["period_start", "period_end", "sex", "period", "as_of", "count", "provisional", "latest",
                 "vintage", "source"]].reset_index(drop=True)


def tidy_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The one row order of vintages-shaped tables: period, then sex (male, female, total), then as_of, vintage."""
    order = frame.assign(_sex=frame["sex"].map(SEX_ORDER))
    order = order.sort_values(["period_start", "period_end", "_sex", "as_of", "vintage"], kind="stable",
                              na_position="first")
    return order.drop(columns="_sex").reset_index(drop=True)

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


CHANGE_COLUMNS = ["period", "period_start", "period_end", "sex", "change", "old_count", "old_vintage", "old_as_of",
                  "count", "vintage", "as_of", "published", "provisional", "approximate", "source"]


def changes(vintages: pd.DataFrame, sources: pd.DataFrame, table_vintages: set[str]) -> pd.DataFrame:
    """One row per new or revised figure, across publications: the change log behind the feed.

    For each period x sex the vintages are taken in the order latest.csv ranks them (as_of; on a tie an MOU table
    after a press report; then the vintage id). The first exact figure is `new`; every later exact figure whose
    value differs from the exact figure before it is `revised`, with that figure as `old_*`. A figure repeating
    the value before it (a confirmation, or provisional becoming final at the same value) is no change. An
    approximate figure is `new` only when it is the period's very first figure, and never revises or is revised:
    an exact figure after only approximate ones is `new`. `published` is the publication date the source states
    (sources.csv), empty where it states none (`as_of` is then the lower bound used for ordering)."""
    dated = sources.set_index("source")["published"]
    ranked = rank(vintages, table_vintages).drop(columns="_table")
    out = []
    for _, rows in ranked.groupby(PERIOD, sort=False, dropna=False):
        previous = None   # the last exact figure
        for i, r in enumerate(rows.itertuples(index=False)):
            if r.approximate:
                if i == 0:
                    out.append(_change(r, "new", None, dated))
                continue
            if previous is None:
                out.append(_change(r, "new", None, dated))
            elif r.count != previous.count:
                out.append(_change(r, "revised", previous, dated))
            previous = r
    frame = pd.DataFrame(out, columns=CHANGE_COLUMNS)
    frame["_sex"] = frame["sex"].map(SEX_ORDER)
    frame = frame.sort_values(["as_of", "vintage", "period_start", "period_end", "_sex"], kind="stable",
                              na_position="first")
    return frame.drop(columns="_sex").reset_index(drop=True)


def _change(r, kind: str, old, dated: pd.Series) -> dict:
    published = dated.get(r.source)
    return {"period": r.period, "period_start": r.period_start, "period_end": r.period_end, "sex": r.sex,
            "change": kind, "old_count": None if old is None else old.count,
            "old_vintage": None if old is None else old.vintage, "old_as_of": None if old is None else old.as_of,
            "count": r.count, "vintage": r.vintage, "as_of": r.as_of,
            "published": published if isinstance(published, str) else None,
            "provisional": r.provisional, "approximate": r.approximate, "source": r.source}

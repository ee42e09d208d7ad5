"""Validation. Each check returns findings (check, source, where, expected, found); none edits data.

Any finding returned here is fatal: the build stops and names it. Data-quality notes come from the parsers.
"""

import pandas as pd
import pandera.pandas as pa

from etl.labels import CUMULATIVE
from etl.schema import BY_NAME
from etl.tables import Table


def finding(check: str, source: str, where: str, expected, found, note: str = "") -> dict:
    return {"check": check, "severity": "fatal", "source": source, "where": where,
            "expected": str(expected), "found": str(found), "note": note}


def check_table(table: Table, vintage: str) -> list[dict]:
    """Male + female = total in every column; column sums = the printed cumulative; ratios within rounding."""
    out = []
    for i, p in enumerate(table.periods):
        m, f, t = (table.counts[(i, s)] for s in ("male", "female", "total"))
        if m + f != t:
            out.append(finding("male+female=total", vintage, p.label, t, m + f))
    for sex, printed in table.printed_total.items():
        total = sum(table.counts[(i, sex)] for i in range(len(table.periods)))
        if total != printed:
            out.append(finding("column sums = printed cumulative", vintage, sex, printed, total))
    for key, (pct, decimals) in table.shares.items():
        if key == CUMULATIVE:
            f, t, where = table.printed_total.get("female"), table.printed_total.get("total"), "cumulative"
        else:
            f, t, where = table.counts[(key, "female")], table.counts[(key, "total")], table.periods[key].label
        if f is None or not t:
            continue
        computed = 100 * f / t
        if abs(computed - pct) > 0.5 * 10 ** -decimals + 1e-9:
            out.append(finding("printed female ratio within rounding", vintage, where, f"{computed:.{decimals + 1}f}%", f"{pct}%"))
    return out


def check_sex_sums(frame: pd.DataFrame, keys: list[str], check: str) -> list[dict]:
    """Wherever a publication gives male, female and total for the same cell, male + female = total."""
    out = []
    wide = frame.pivot_table(index=keys, columns="sex", values="count", aggfunc="first")
    if not {"male", "female", "total"} <= set(wide.columns):
        return out
    full = wide.dropna(subset=["male", "female", "total"])
    for idx, row in full[full["male"] + full["female"] != full["total"]].iterrows():
        idx = idx if isinstance(idx, tuple) else (idx,)
        out.append(finding(check, str(idx[0]), " ".join(map(str, idx[1:])), int(row["total"]),
                           int(row["male"] + row["female"])))
    return out


def check_breakdown_totals(breakdowns: pd.DataFrame) -> list[dict]:
    """The categories of each row add up to the row's printed 合计 column."""
    out = []
    parts = breakdowns[breakdowns["category_en"] != "all"].groupby(["vintage", "dimension", "sex"])["count"].sum()
    totals = breakdowns[breakdowns["category_en"] == "all"].set_index(["vintage", "dimension", "sex"])["count"]
    for key, total in totals.items():
        if key in parts and parts[key] != total:
            out.append(finding("categories sum to the row total", key[0], f"{key[1]} {key[2]}", total, parts[key]))
    return out


PROFILE = ("age", "occupation", "education")   # who arrived: every complete one covers the same people


def breakdown_totals(breakdowns: pd.DataFrame) -> pd.DataFrame:
    """Per vintage x dimension x sex: the printed row total (合计) where there is one, else the categories' sum where
    the source lists them all (`partial` false); a partial list has no total. Columns vintage, period_end,
    dimension, sex, total."""
    keys = ["vintage", "period_end", "dimension", "sex"]
    printed = breakdowns[breakdowns["category_en"] == "all"].groupby(keys)["count"].sum()
    parts = breakdowns[(breakdowns["category_en"] != "all") & ~breakdowns["partial"]].groupby(keys)["count"].sum()
    totals = printed.combine_first(parts)
    return totals.rename("total").reset_index()


def check_breakdown_consistency(breakdowns: pd.DataFrame, cumulative: pd.DataFrame) -> list[dict]:
    """The complete age, occupation and education breakdowns of one vintage cover the same people, so their totals
    are equal for each sex; and no breakdown (complete or partial) holds more people than had arrived by its date
    (the newest exact announced or printed cumulative for that day), since the gap is people still in protection."""
    out = []
    totals = breakdown_totals(breakdowns)
    profile = totals[totals["dimension"].isin(PROFILE)]
    for (vintage, sex), group in profile.groupby(["vintage", "sex"]):
        if group["total"].nunique() > 1:
            found = ", ".join(f"{d} {t:,}" for d, t in zip(group["dimension"], group["total"]))
            out.append(finding("complete breakdowns have one total", vintage, sex, "equal totals", found))
    held = breakdowns[breakdowns["category_en"] != "all"].groupby(["vintage", "period_end", "dimension", "sex"])
    merged = _with_arrivals(held["count"].sum().rename("held").reset_index(), cumulative)
    for r in merged[merged["held"] > merged["count"]].itertuples():
        out.append(finding("breakdown within the arrivals to its date", r.vintage, f"{r.dimension} {r.sex}",
                           f"at most {r.count:,} (arrivals to {r.period_end})", f"{r.held:,}"))
    return out


def breakdown_gap_notes(breakdowns: pd.DataFrame, cumulative: pd.DataFrame) -> list[dict]:
    """A note for each complete age, occupation or education breakdown whose total falls short of the arrivals to
    its date: MOU's footnote (recent arrivals still in protective facilities are not in the breakdowns), with the
    shortfall from data. Residence is left out: who lives where also leaves out people who died or left."""
    totals = breakdown_totals(breakdowns)
    merged = _with_arrivals(totals[totals["dimension"].isin(PROFILE)].rename(columns={"total": "held"}), cumulative)
    return [{"check": "protective-facility gap", "severity": "note", "source": r.vintage,
             "where": f"{r.dimension} table, {r.sex}", "expected": f"{r.count:,}", "found": f"{r.held:,}",
             "note": f"the breakdown covers {r.held:,} people, {r.count - r.held:,} fewer than the {r.count:,} "
                     f"arrivals to {r.period_end}: recent arrivals still in protective facilities are not in "
                     "MOU's breakdowns (MOU's footnote to its tables)"}
            for r in merged[merged["held"] < merged["count"]].itertuples()]


def _with_arrivals(frame: pd.DataFrame, cumulative: pd.DataFrame) -> pd.DataFrame:
    """`frame` (vintage, period_end, sex, ...) with `count`, the arrivals to period_end: the vintage's own printed
    total where it has one, else the newest cumulative announced for that day."""
    newest = cumulative.sort_values(["as_of", "vintage"]).groupby(["period_end", "sex"]).tail(1)
    own = cumulative[cumulative["kind"] == "printed-total"][["vintage", "period_end", "sex", "count"]]
    merged = frame.merge(own, on=["vintage", "period_end", "sex"], how="left")
    other = frame.merge(newest[["period_end", "sex", "count"]], on=["period_end", "sex"], how="left")["count"]
    merged["count"] = merged["count"].fillna(other)
    merged = merged.dropna(subset=["count"])
    return merged.astype({"count": "int64"})


def check_latest_total(latest: pd.DataFrame, cumulative: pd.DataFrame, series_vintage: str) -> list[dict]:
    """The latest figures for the periods of the newest MOU table add up to MOU's newest announced cumulative
    for the same end date (34,537 = 9,593 men + 24,944 women through 2025)."""
    periods = latest[latest["vintage"] == series_vintage]
    keys = latest.merge(periods[["period_start", "period_end"]].drop_duplicates())
    end = keys["period_end"].max()
    announced = cumulative[cumulative["period_end"] == end].sort_values(["as_of", "kind", "vintage"])
    if announced.empty:
        return [finding("latest sums to the announced cumulative", series_vintage, end, "an announced cumulative", "none")]
    newest = announced[announced["as_of"] == announced["as_of"].iloc[-1]]
    out = []
    for sex, group in newest.groupby("sex"):
        total = int(keys.loc[keys["sex"] == sex, "count"].sum())
        expected = group["count"].iloc[-1]
        if total != expected:
            out.append(finding("latest sums to the announced cumulative", group["vintage"].iloc[-1],
                               f"{sex} through {end}", expected, total))
    return out


def check_schema(name: str, frame: pd.DataFrame) -> list[dict]:
    """Types, ranges and unique keys of one resource."""
    try:
        BY_NAME[name].schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        cases = e.failure_cases
        return [finding(f"schema: {r.check}", name, f"column {r.column}, row {r.index}", "valid", r.failure_case)
                for r in cases.head(20).itertuples()]
    return []

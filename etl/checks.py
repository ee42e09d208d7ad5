"""Validation. Each check returns findings (check, source, where, expected, found); none edits data.

Any finding returned here is fatal: the build stops and names it. Data-quality notes come from the parsers.
"""

from datetime import date, timedelta

import pandas as pd
import pandera.pandas as pa

from etl.labels import CUMULATIVE, month_end
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
            out.append(finding("printed female ratio within rounding", vintage, where,
                               f"{computed:.{decimals + 1}f}%", f"{pct}%"))
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
        return [finding("latest sums to the announced cumulative", series_vintage, end,
                        "an announced cumulative", "none")]
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


# --- consistency across publications ---------------------------------------------------------------
# Parts that tile a whole within one year, as (first month, last month): quarters and halves of a year, quarters of
# a half, the first three quarters.
TILINGS = (((1, 12), ((1, 3), (4, 6), (7, 9), (10, 12))), ((1, 12), ((1, 6), (7, 12))),
           ((1, 6), ((1, 3), (4, 6))), ((7, 12), ((7, 9), (10, 12))), ((1, 9), ((1, 3), (4, 6), (7, 9))))
CROSS = ("figures from different publications: MOU revises its figures between announcements, so this is a lead "
         "for a person to check, not proof of an error (note)")


def _histories(vintages: pd.DataFrame) -> dict[tuple, list[tuple[str, str, int]]]:
    """(period_start, period_end, sex) -> [(as_of, vintage, count)], oldest first (the order latest.csv uses)."""
    out: dict[tuple, list] = {}
    for r in vintages.sort_values(["as_of", "vintage"], kind="stable").itertuples():
        start = r.period_start if isinstance(r.period_start, str) else ""   # "" = the open start of ~'98
        out.setdefault((start, r.period_end, r.sex), []).append((r.as_of, r.vintage, int(r.count)))
    return out


def _current(history: list[tuple[str, str, int]], when: str) -> tuple[str, str, int] | None:
    """The figure that was newest at `when` (as_of strings compare as dates; a month sorts before its days)."""
    known = [h for h in history if h[0] <= when]
    return known[-1] if known else None


def _month_span(year: int, months: tuple[int, int]) -> tuple[str, str]:
    return f"{year}-{months[0]:02d}-01", month_end(year, months[1]).isoformat()


def _span_name(key: tuple) -> str:
    """`2015`, `2015 H1`, `2015 Q3`, `2015 Jan-Sep` for the periods of TILINGS."""
    start, end = date.fromisoformat(key[0]), date.fromisoformat(key[1])
    months = (start.month, end.month)
    named = {(1, 12): "", (1, 6): " H1", (7, 12): " H2", (1, 3): " Q1", (4, 6): " Q2", (7, 9): " Q3", (10, 12): " Q4"}
    return f"{start.year}{named.get(months, f' {start:%b}-{end:%b}')}"


def check_parts_sum(vintages: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Quarters (and halves) of a year add up to the year's figure of the same vintage family.

    Only exact figures are compared, per sex, wherever the whole and all its parts are known. A publication whose
    own parts and whole disagree contradicts itself: fatal. Across publications, the family is the set of figures
    current at one moment (the newest of each period published by then): the latest figures agreeing is a pass;
    agreeing at some earlier moment only (a later revision of the whole or a part) is a note naming that moment;
    agreeing at no moment is a note too, since MOU revises figures between announcements (see CROSS).
    Returns (fatal, notes)."""
    fatal, notes = [], []
    history = _histories(vintages)
    years = sorted({int(e[:4]) for e in vintages["period_end"]})
    for year in years:
        for whole_months, part_months in TILINGS:
            whole = _month_span(year, whole_months)
            parts = [_month_span(year, m) for m in part_months]
            for sex in ("male", "female", "total"):
                keys = [(*whole, sex)] + [(*p, sex) for p in parts]
                if not all(k in history for k in keys):
                    continue
                fatal += _self_contradictions(history, keys)
                note = _family_note(history, keys)
                if note:
                    notes.append(note)
    return fatal, notes


def _self_contradictions(history, keys) -> list[dict]:
    out = []
    by_vintage = [{v: c for _, v, c in history[k]} for k in keys]
    for vintage in set(by_vintage[0]).intersection(*by_vintage[1:]):
        whole, parts = by_vintage[0][vintage], [b[vintage] for b in by_vintage[1:]]
        if sum(parts) != whole:
            out.append(finding("parts add up to the whole", vintage, f"{_span_name(keys[0])} {keys[0][2]}",
                               whole, " + ".join(map(str, parts)) + f" = {sum(parts)}",
                               "one publication's own parts and whole disagree"))
    return out


def _family_note(history, keys) -> dict | None:
    newest = [history[k][-1] for k in keys]
    if sum(n[2] for n in newest[1:]) == newest[0][2]:
        return None
    names = [_span_name(k) for k in keys]
    start = max(history[k][0][0] for k in keys)   # from when every period had a figure
    moments = sorted({h[0] for k in keys for h in history[k] if h[0] >= start})
    agreeing = [t for t in moments
                if sum(_current(history[k], t)[2] for k in keys[1:]) == _current(history[keys[0]], t)[2]]
    parts = " + ".join(f"{name} {n[2]:,} ({n[1]})" for name, n in zip(names[1:], newest[1:]))
    found = f"{sum(n[2] for n in newest[1:]):,} = {parts}"
    where = f"{names[0]} {keys[0][2]}"
    oldest = min(newest, key=lambda n: (n[0], n[1]))[1]   # the figure most likely superseded: the note is on it
    if agreeing:
        t = agreeing[-1]
        then = _current(history[keys[0]], t)
        text = (f"the latest parts add up to {sum(n[2] for n in newest[1:]):,}, not the latest {names[0]} figure "
                f"{newest[0][2]:,} ({newest[0][1]}); they agree with the figure current on {t}, {then[2]:,} "
                f"({then[1]}): within the published revisions")
        return {**finding("parts add up to the whole", oldest, where, f"{newest[0][2]:,}", found, text),
                "severity": "note"}
    text = f"no moment at which the published parts and whole agree; {CROSS}"
    return {**finding("parts add up to the whole", oldest, where, f"{newest[0][2]:,}", found, text),
            "severity": "note"}


def check_checkpoints(vintages: pd.DataFrame, latest: pd.DataFrame, cumulative: pd.DataFrame,
                      series_vintage: str) -> list[dict]:
    """Every exact cumulative checkpoint agrees with the latest series summed to its date, within the published
    revisions. Returns notes (figures from different publications, see CROSS).

    The series is the periods of the newest MOU table (~'98, ~'01, 2002, ...). To a checkpoint dated D it adds the
    periods ending by D and, when D falls inside a period, the latest figure from that period's start to D (the
    2016 H1 figure for a checkpoint of 2016-06-30). "Within the published revisions": each period's figure may be
    any value some vintage published for it, so the sum lies between the sum of the periods' smallest and largest
    published values; a checkpoint inside that range is consistent. Where no figure runs from the period's start to
    D (or D falls inside the open-start ~'98), the range is only bounded: at least the periods ending by D, at most
    those plus the whole period containing D. A checkpoint outside its range is a note."""
    history = _histories(vintages)
    periods = latest.loc[latest["vintage"] == series_vintage, ["period_start", "period_end"]].drop_duplicates()
    periods = sorted(periods.fillna("").itertuples(index=False), key=lambda p: p.period_end)
    notes = []
    for c in cumulative.itertuples():
        lo, hi, expected, parts = _series_range(history, periods, c.period_end, c.sex)
        if c.count == expected or (lo <= c.count and (hi is None or c.count <= hi)):
            continue
        bound = f"{lo:,} to {hi:,}" if hi is not None else f"at least {lo:,}"
        notes.append({**finding("checkpoint agrees with the series", c.vintage, f"{c.period} {c.sex}",
                                bound + (f" (latest: {expected:,})" if expected is not None else ""), f"{c.count:,}",
                                f"the series to {c.period_end} ({parts}) lies in {bound} whatever published vintage "
                                f"of each period is used; {CROSS}"), "severity": "note"})
    return notes


def _series_range(history, periods, end: str, sex: str):
    """(smallest, largest or None, latest or None, what was summed) of the series to `end` for one sex."""
    values = []   # (label, smallest, largest, latest)
    exact = True
    for p in periods:
        key = (p.period_start, p.period_end, sex)
        if key not in history:
            return 0, None, None, "no series figures"
        counts = [h[2] for h in history[key]]
        if p.period_end <= end:
            values.append((_label(p), min(counts), max(counts), history[key][-1][2]))
            continue
        chain = _chain(history, p.period_start, end, sex) if p.period_start and p.period_start <= end else None
        if chain:
            for part in chain:
                counts = [h[2] for h in history[part]]
                values.append((f"{part[0]}..{part[1]}", min(counts), max(counts), history[part][-1][2]))
            break
        if not p.period_start or p.period_start <= end:   # D inside this period, no figure up to D: bounded
            values.append((f"at most {_label(p)}", 0, max(counts), None))
            exact = False
        break
    else:   # the checkpoint is later than the series: only a lower bound
        if not periods or periods[-1].period_end < end:
            lo = sum(v[1] for v in values)
            return lo, None, None, f"{_label(periods[0])} to {_label(periods[-1])}" if periods else "no series"
    lo, hi = sum(v[1] for v in values), sum(v[2] for v in values)
    latest = sum(v[3] for v in values) if exact else None
    named = f"{values[0][0]} to {values[-1][0]}" if values else "nothing"
    return lo, hi, latest, named


def _chain(history, start: str, end: str, sex: str) -> list[tuple] | None:
    """Periods with figures that run without a gap from `start` to `end` (2023 Q1 + Q2 for January-June 2023 by
    sex, where no half-year figure by sex exists); the longest first, so one figure is used where there is one."""
    if start > end:
        return None
    firsts = sorted((k for k in history if k[0] == start and k[1] <= end and k[2] == sex), key=lambda k: k[1],
                    reverse=True)
    for key in firsts:
        if key[1] == end:
            return [key]
        rest = _chain(history, (date.fromisoformat(key[1]) + timedelta(days=1)).isoformat(), end, sex)
        if rest:
            return [key, *rest]
    return None


def _label(p) -> str:
    return f"{p.period_start or '…'}..{p.period_end}"

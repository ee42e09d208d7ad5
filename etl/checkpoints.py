"""Each cumulative checkpoint against the cumulative MOU's latest series implies for its date.

checks.check_checkpoints finds a checkpoint that no combination of published vintages can give; this reports every
checkpoint that differs from the latest series summed to its date (2003: 4,410 announced, 4,417 in today's series),
so a reader sees by how much MOU's own later figures moved. A difference is a note, never an edit of either figure.
"""

import pandas as pd

from etl import checks

CHECK = "checkpoint equals the latest series"


def latest_differences(vintages: pd.DataFrame, latest: pd.DataFrame, cumulative: pd.DataFrame,
                       series_vintage: str) -> list[dict]:
    """A note for each exact checkpoint whose count differs from the latest series summed to its date (where the
    series gives one exact sum: no checkpoint later than the series or inside a period with no figure to it)."""
    history = checks._histories(vintages)
    periods = latest.loc[latest["vintage"] == series_vintage, ["period_start", "period_end"]].drop_duplicates()
    periods = sorted(periods.fillna("").itertuples(index=False), key=lambda p: p.period_end)
    notes = []
    for c in cumulative.itertuples():
        lo, hi, implied, parts = checks._series_range(history, periods, c.period_end, c.sex)
        if implied is None or implied == c.count:
            continue
        notes.append({**checks.finding(CHECK, c.vintage, f"{c.period} {c.sex}", f"{implied:,}", f"{c.count:,}",
                                       f"{c.count - implied:+,} against the latest series to "
                                       f"{c.period_end} ({parts}); with every published vintage of each period the "
                                       f"series lies in {lo:,} to {hi:,}"), "severity": "note"})
    return notes

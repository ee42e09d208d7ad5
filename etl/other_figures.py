"""Figures that are no MOU publication: Daily NK's, ICG's and Kinaforum's own counts and Hanawon's, kept apart
from MOU's vintages so they are never a step in MOU's history (revisions.csv, realtime, the revision caveats), each
with its publisher, an organisation.

Which figures these are is the fact base's reading (../shared/sources/revisions.md, checkpoints_regions.md §5): by
source, and where an article mixes MOU's figures with its own, by the periods that are its own. Each row says what it
counts (`counted`): arrivals, or Hanawon admissions (people entering the settlement centre, which are never arrivals).
"""

import pandas as pd

from etl.errors import EtlError

EVERY = None   # every figure of the source
# source -> (publisher en, publisher ko, its periods (EVERY: all of them), why it is not MOU's)
OTHERS = {
    "press-2011-05-dailynk": ("Daily NK", "데일리NK", {"2010", "to 2010-12-31"},
                              "revisions.md: 2010 = 2,423 and end-2010 = 20,407 match no MOU vintage (MOU: 2,379 in "
                              "January 2012, later 2,401 and 2,402)"),
    "press-2011-07-14-nkeconwatch": ("International Crisis Group (ICG)", "국제위기그룹(ICG)", EVERY,
                                     "revisions.md: an ICG report's table (2010 = 2,376, end-2010 = 20,360), as "
                                     "North Korean Economy Watch reported it"),
    "press-2015-05-09-kinaforum": ("Kinaforum", "Kinaforum", EVERY,
                                   "revisions.md: a single secondary source (1,396); every MOU figure is 1,397"),
    "press-2021-06-30-koreaherald": ("Hanawon (Settlement Support Center for North Korean Refugees)",
                                     "하나원(북한이탈주민정착지원사무소)", EVERY,
                                     "revisions.md (row 2021): a Hanawon official's figure of defectors coming into "
                                     "South Korea in H1 2021, not MOU's (MOU: 33 on 2021-07-16, revised to 36); "
                                     "checkpoints_regions.md §5 reads the same article as Hanawon admissions, 57 in H1 "
                                     "2021: the fact base disagrees with itself (findings.csv) and both are kept"),
}
ADMISSIONS = ("checkpoints_regions.md §5: people admitted to Hanawon, the settlement centre, in the period: not "
              "arrivals, and never a step of MOU's figures")


def others(frame: pd.DataFrame) -> pd.Series:
    """Which rows of a vintages- or cumulative-shaped frame are another publisher's figures."""
    def other(source: str, period: str) -> bool:
        return source in OTHERS and (OTHERS[source][2] is EVERY or period in OTHERS[source][2])
    return pd.Series([other(s, p) for s, p in zip(frame["source"], frame["period"])], index=frame.index, dtype=bool)


def rows(flows: pd.DataFrame, cumulative: pd.DataFrame, admissions: list[dict], sources: pd.DataFrame) -> list[dict]:
    """other_figures.csv rows: each other figure with its publisher, what it counts (arrivals, or Hanawon admissions:
    every one of those), the period it covers, the date the report printing it was published (or its lower bound),
    the day the copy holding it was seen, the report's URL and why it is not MOU's."""
    src = sources.set_index("source")
    unnamed = sorted({r["source"] for r in admissions} - set(OTHERS))
    if unnamed:
        raise EtlError(f"Hanawon admissions of {', '.join(unnamed)} have no publisher: add the source to OTHERS "
                       "(etl/other_figures.py)")
    chosen = [("arrivals", "flow", r) for r in flows[others(flows)].to_dict("records")]
    chosen += [("arrivals", "cumulative", r) for r in cumulative[others(cumulative)].to_dict("records")]
    chosen += [("admissions", "flow", r) for r in admissions]
    out = []
    for counted, kind, r in chosen:
        name_en, name_ko, _, why = OTHERS[r["source"]]
        out.append({"source": r["source"], "publisher_en": name_en, "publisher_ko": name_ko, "counted": counted,
                    "kind": kind, "period": r["period"], "period_start": r.get("period_start"),
                    "period_end": r["period_end"], "sex": r["sex"], "count": r["count"],
                    "approximate": r["approximate"], "published": src.loc[r["source"], "published"],
                    "published_after": src.loc[r["source"], "published_after"],
                    "retrieved_at": r.get("retrieved_at") or src.loc[r["source"], "retrieved_at"],
                    "url": src.loc[r["source"], "url"], "why": ADMISSIONS if counted == "admissions" else why})
    return out

"""Figures that are no MOU publication: Daily NK's, ICG's and Kinaforum's own counts and Hanawon's, kept apart
from MOU's vintages so they are never a step in MOU's history (revisions.csv, realtime, the revision caveats), each
with its publisher, an organisation.

Which figures these are is the fact base's reading (../shared/sources/revisions.md, checkpoints_regions.md §5): by
source, and where an article mixes MOU's figures with its own, by the periods that are its own.
"""

import pandas as pd

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
                                     "revisions.md, checkpoints_regions.md §5: a Hanawon official's figure for H1 "
                                     "2021, not MOU's arrivals figure (MOU: 36)"),
}


def others(frame: pd.DataFrame) -> pd.Series:
    """Which rows of a vintages- or cumulative-shaped frame are another publisher's figures."""
    def other(source: str, period: str) -> bool:
        return source in OTHERS and (OTHERS[source][2] is EVERY or period in OTHERS[source][2])
    return pd.Series([other(s, p) for s, p in zip(frame["source"], frame["period"])], index=frame.index, dtype=bool)


def rows(flows: pd.DataFrame, cumulative: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """other_figures.csv rows: each other figure with its publisher, the period it covers, the date the report
    printing it was published (or its lower bound), the report's URL and why it is not MOU's."""
    src = sources.set_index("source")
    out = []
    for kind, frame in (("flow", flows), ("cumulative", cumulative)):
        for r in frame[others(frame)].to_dict("records"):
            name_en, name_ko, _, why = OTHERS[r["source"]]
            out.append({"source": r["source"], "publisher_en": name_en, "publisher_ko": name_ko, "kind": kind,
                        "period": r["period"], "period_start": r.get("period_start"), "period_end": r["period_end"],
                        "sex": r["sex"], "count": r["count"], "approximate": r["approximate"],
                        "published": src.loc[r["source"], "published"],
                        "published_after": src.loc[r["source"], "published_after"],
                        "url": src.loc[r["source"], "url"], "why": why})
    return out

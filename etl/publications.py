"""MOU's publications (the vintages), the press reports that witness them, and each figure's real-time period.

A vintage is an MOU publication: a table on MOU's site or an announcement (a briefing or release). A press report
that prints MOU's figures is a witness of the announcement it reports; the witnesses of one publication day are one
announcement, and where they differ a finding says so. The page a witness was read on, when it is a copy, is
provenance (`via`), never a publisher (etl/outlets.py).
"""

import pandas as pd

from etl import checks
from etl.vintages import PERIOD

ANNOUNCEMENT = "announcement"
MOU_KO, MOU_EN = "통일부", "Ministry of Unification (MOU), Republic of Korea"
COPY_DAY = 10   # len("YYYY-MM-DD"): a full date, not a month
# Announcements whose witnesses print a wrong date: (witness dates, newest period end) -> the day MOU announced it,
# with the evidence (../shared/sources/checkpoints_regions.md §1).
ANNOUNCED_ON = {
    (("2025-01", "2025-01-04"), "2024-12-31"): (
        "2025-02-04", "Yonhap English 'SEOUL, Feb. 4 (Yonhap) ... said Tuesday' (AEN20250204009200315); "
        "2025-01-04 was a Saturday"),
}


def announced_on(published: str, covers_end: str) -> str:
    """The day of the announcement a press report of `published` covering up to `covers_end` witnesses: its own
    date, unless ANNOUNCED_ON corrects it by evidence."""
    return next((day for (dates, end), (day, _) in ANNOUNCED_ON.items() if published in dates and covers_end == end),
                published)


def publication_of(source: pd.Series, kinds: dict[str, str], releases: dict[str, str]) -> str:
    """The publication a source's figures belong to: MOU's own table or release is its own publication; a press
    report belongs to MOU's release of its day, else to the announcement of its day (an undated one stays its own
    announcement)."""
    day = announced_on(source["published"], source["covers_end"])
    if source["source"] in kinds:
        return source["source"]
    if day in releases:
        return releases[day]
    if day:
        return f"mou-{ANNOUNCEMENT}-{day}"
    return f"mou-{ANNOUNCEMENT}-{source['source']}"


def bound(published: str, published_after: str) -> str:
    """How far the evidence dates a publication: `exact` (a day), `month` (only the month is stated), `on or after`
    (no date stated: the lower bound the evidence gives) or `on or before` (a live page stating no date: it was
    current on the day it was fetched)."""
    if published:
        return "exact" if len(published) == COPY_DAY else "month"
    return "on or after" if published_after else "on or before"


def witnesses(sources: pd.DataFrame, kinds: dict[str, str], used: set[str], flows: pd.DataFrame) -> pd.DataFrame:
    """One row per source holding figures: the publication it witnesses, its outlet and how it was read."""
    rows = sources[sources["source"].isin(used)].fillna("")
    rows = rows.assign(covers_end=rows["source"].map(flows.groupby("source")["period_end"].max()).fillna(""))
    own = rows[rows["source"].isin(kinds)]
    releases = {r.published: r.source for r in own.itertuples() if kinds[r.source] == ANNOUNCEMENT and r.published}
    return pd.DataFrame({
        "source": rows["source"], "publication": rows.apply(publication_of, axis=1, kinds=kinds, releases=releases),
        "role": rows["source"].map(lambda s: "mou" if s in kinds else "witness"),
        "outlet_en": rows["publisher_en"], "outlet_ko": rows["publisher_ko"].where(rows["publisher_ko"] != "",
                                                                                    rows["publisher_en"]),
        "url": rows["url"], "via": rows["via"], "retrieved_at": rows["retrieved_at"].str[:COPY_DAY],
    }).sort_values("source").reset_index(drop=True)


def publications(sources: pd.DataFrame, witness: pd.DataFrame, flows: pd.DataFrame,
                 kinds: dict[str, str]) -> pd.DataFrame:
    """One row per MOU publication: kind, date or date bounds, what it covers, title, URL and its witnesses."""
    src = sources.fillna("").set_index("source")
    ends = flows.groupby("source")["period_end"].max()
    out = []
    for pub, rows in witness.groupby("publication", sort=True):
        first = src.loc[rows["source"].iloc[0]]
        dated = [src.loc[s, "published"] for s in rows["source"] if src.loc[s, "published"]]
        after = max((src.loc[s, "published_after"] for s in rows["source"]), default="")
        published = announced_on(min(dated, default=""), max((ends.get(s, "") for s in rows["source"]), default=""))
        covers = max((ends.get(s, "") for s in rows["source"]), default="")
        table = pub in kinds
        out.append({
            "publication": pub, "kind": kinds.get(pub, ANNOUNCEMENT), "published": published,
            "published_after": "" if published else after, "date_bound": bound(published, after),
            "realtime_start": first["as_of"] if table else (published or after),
            "seen": min(rows["retrieved_at"]), "covers_end": covers,
            "title_en": first["title_en"] if table else f"MOU arrival figures as reported "
                                                       f"{'on ' + published if published else 'on or after ' + after}",
            "title_ko": first["title_ko"] if table else f"{published or after}{'' if published else ' 이후'} 보도된 "
                                                       "통일부 입국 인원",
            "publisher_en": MOU_EN, "publisher_ko": MOU_KO, "url": first["url"] if table else "",
            "witnesses": int((rows["role"] == "witness").sum()),
        })
    return pd.DataFrame(out)


def realtime(flows: pd.DataFrame, witness: pd.DataFrame, pubs: pd.DataFrame) -> pd.DataFrame:
    """Flows with `publication`, `realtime_start` (the day from which it was MOU's current figure for its period)
    and `realtime_end` (the realtime_start of the next MOU publication holding that period: current before that
    day; empty while current). An approximate figure ends at the next exact one and never ends an exact one."""
    by_source = witness.set_index("source")["publication"]
    start = pubs.set_index("publication")["realtime_start"]
    order = pubs.assign(_table=pubs["kind"] != ANNOUNCEMENT).sort_values(["realtime_start", "_table", "publication"])
    rank = {p: i for i, p in enumerate(order["publication"])}
    out = flows.assign(publication=flows["source"].map(by_source))
    out["realtime_start"] = out["publication"].map(start)
    out["realtime_end"] = None
    for _, rows in out.groupby(PERIOD, dropna=False, sort=False):
        exact = sorted(set(rows.loc[~rows["approximate"], "publication"]), key=rank.get)
        for pub, group in rows.groupby("publication"):
            later = [p for p in exact if rank[p] > rank[pub]]
            if later:
                out.loc[group.index, "realtime_end"] = start[later[0]]
    return out


def provisional_by_rule(flows: pd.DataFrame, kinds: dict[str, str]) -> pd.Series:
    """The one rule for provisional flags: a figure is provisional when its publication marks it so, and every
    figure (a first announcement, a quarter, a half-year, any press figure) stays provisional until one of MOU's
    own tables or releases carries its period without a provisional mark, on or before the figure's publication."""
    own = flows[flows["source"].isin(kinds) & ~flows["provisional"]]
    final_from = own.groupby(PERIOD, dropna=False)["realtime_start"].min().rename("_final_from")
    dated = flows.merge(final_from, how="left", left_on=PERIOD, right_index=True)["_final_from"]
    return flows["provisional"] | dated.isna() | (flows["realtime_start"] < dated.fillna(""))


def disagreements(flows: pd.DataFrame) -> list[dict]:
    """A finding for each period x sex whose exact figures differ between witnesses of one publication."""
    exact = flows[~flows["approximate"]]
    found = []
    for (_, *period), rows in exact.groupby(["publication"] + PERIOD, dropna=False):
        if rows["count"].nunique() > 1:
            where = f"{rows['period'].iloc[0]} {period[2]}, reported {rows['as_of'].iloc[0]}"
            found.append({**checks.finding("witnesses of one publication agree", rows["source"].iloc[0], where,
                                           "one figure", " / ".join(f"{r.source} {r.count:,}"
                                                                   for r in rows.itertuples())),
                          "severity": "note", "note": "the press reports of one announcement print different "
                                                      "figures; the data layer reads each witness's own figure"})
    return found

"""Caveats in words: the data layer's caveat records (`data.Caveat`) as sentences in the reader's language."""

from __future__ import annotations

from dashboard.data import Caveat
from dashboard.text import citations, locale
from dashboard.text.catalogue import t


def wording(caveat: Caveat, lang: str, on_page: bool = True) -> str:
    """One caveat as a sentence; findings and sources' caveats keep the ETL's and the source's own words. Off the
    page (a data file, the pack's README) the multi-year totals are asked for by the link or the command, not by a
    box to tick."""
    if caveat.kind == "misquote":  # its period may be a cumulative's open start
        return t("caveat_misquote", lang, item=misquote_item(caveat, lang))
    periods = ", ".join(dict.fromkeys(locale.period_label(s, e, st, lang) for s, e, st in caveat.periods))
    if caveat.kind in ("finding",):
        return caveat.text
    if caveat.kind == "source":
        return t("caveat_source", lang, source=citations.name(caveat.cited, lang) if caveat.cited else caveat.source,
                 text=caveat.text)
    if caveat.kind in ("buckets_hidden", "buckets_summed"):
        return t(f"caveat_{caveat.kind}{'' if on_page else '_file'}", lang, count=locale.number(caveat.count, lang))
    if caveat.kind == "revised":
        history = " → ".join(f"{locale.number(count, lang)} ({citations.published(cited, lang)}, "
                             f"{citations.name(cited, lang)})" for count, _, cited in caveat.history)
        return t("caveat_revised", lang, period=periods, sex=t(f"sex_{caveat.sex}", lang),
                           history=history)
    return t(f"caveat_{caveat.kind}", lang, periods=periods)


def misquote_item(caveat: Caveat, lang: str) -> str:
    """'216 (2024, women): MOU printed 210 (published 4 Feb 2026)': a circulating figure and MOU's own."""
    ((start, end, status),) = caveat.periods
    period = (locale.period_label(start, end, status, lang) if start
              else t("lookup_to", lang, date=locale.date_text(end, lang)))
    official = (t("caveat_misquote_official", lang, value=locale.number(caveat.history[0][0], lang),
                  published=citations.published(caveat.history[0][2], lang))
                if caveat.history else t("caveat_misquote_none", lang))
    return t("caveat_misquote_item", lang, value=locale.number(caveat.count, lang), period=period,
             sex=t(f"sex_{caveat.sex}", lang), official=official)


def misquote_line(caveats: list[Caveat], lang: str) -> str:
    """Every circulating misquote of the figures shown, in one line (the chart's own notes); empty if none."""
    items = [misquote_item(c, lang) for c in caveats if c.kind == "misquote"]
    return t("caveat_short_misquote", lang, items="; ".join(items)) if items else ""


def texts(caveats: list[Caveat], lang: str, on_page: bool = True) -> list[str]:
    return [wording(caveat, lang, on_page) for caveat in caveats]


SHORT = ("provisional", "buckets_hidden", "buckets_summed", "bucket", "partial", "subyear_gaps")  # in this order


def headline(caveats: list[Caveat], lang: str, most: int = 3) -> list[str]:
    """The few caveats a reader needs under the chart, in one short line each: provisional figures, multi-year
    totals left out, summed or shown, part-year figures, and half-years or quarters nobody published. The full
    list is in the Sources tab."""
    kinds = {caveat.kind: caveat for caveat in caveats}
    lines = [line for line in (misquote_line(caveats, lang),) if line]  # first: a reader about to quote one
    for kind in SHORT:
        if kind == "bucket" and ("buckets_hidden" in kinds or "buckets_summed" in kinds):
            continue
        if kind in kinds:
            caveat = kinds[kind]
            periods = ", ".join(dict.fromkeys(locale.period_label(s, e, st, lang) for s, e, st in caveat.periods))
            lines.append(t(f"caveat_short_{kind}", lang, periods=periods,
                           count=locale.number(caveat.count, lang) if caveat.count is not None else ""))
    return lines[:most + len(lines[:1]) if kinds.get("misquote") else most]

"""Ready-to-paste sentences for a view, in English and Korean, and the misquote guard.

Every number is read from the data layer for the view's vintage: a provisional figure says so, a revised figure
says what it was first reported as, and figures that circulate in the press but are not the current MOU figure
are listed beside the official value whenever the view touches their period.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from dashboard.data import Arrivals, Status, View
from dashboard.text import locale
from dashboard.text.catalogue import t

WHOLE_YEAR = (str(Status.FINAL), str(Status.PROVISIONAL))
@dataclass(frozen=True)
class Quotes:
    """The sentences for one view in one language, and the misquote warnings that apply to it."""

    sentences: tuple[str, ...]
    warnings: tuple[str, ...]


def _text(key: str, lang: str, **values) -> str:
    """A sentence part (the catalogue's `quote_*` keys)."""
    return t(f"quote_{key}", lang, **values)


MOU = "통일부"  # publisher_ko of the ministry's own tables in sources.csv; press copies name their site instead


def _credit(arrivals: Arrivals, frame: pd.DataFrame, lang: str) -> str:
    """Who gives the figures and as of when: the ministry's table by the month it runs to, or the press site that
    reported its figures by the article's date."""
    reporters = [c.publisher_en for c in arrivals.citations(frame["source"]) if c.publisher_ko != MOU]
    if reporters:
        as_of = locale.date_text(frame["as_of"].max(), lang)
        return _text("credit_reported", lang, publisher=", ".join(dict.fromkeys(reporters)), date=as_of)
    return _text("credit", lang, date=locale.date_text(arrivals.reference_month(frame["source"].unique()), lang))


def _first_report(arrivals: Arrivals, row: pd.Series, lang: str) -> str:
    """"first reported as …" when the oldest published value of this period differs from the shown one."""
    history = arrivals.revisions(int(row["year"]))
    history = history[(history["sex"] == "total") & (history["period_start"] == row["period_start"])
                      & (history["period_end"] == row["period_end"])]
    if history.empty:
        return ""
    first = history.sort_values("as_of", kind="stable").iloc[0]
    if first["count"] == row["count"]:
        return ""
    return " " + _text(
        "first_report", lang, count=locale.number(first["count"], lang), date=locale.date_text(first["as_of"], lang),
        provisional=_text("first_provisional", lang) if first["provisional"] else "",
    )


def year_sentence(arrivals: Arrivals, view: View, year: int, lang: str) -> str:
    """The headline sentence for one whole year: total, women's share (where the source splits by sex),
    provisional and first-report notes."""
    one_year = dataclasses.replace(view, metric="count", start=year, end=year, buckets=False)
    total = arrivals.series(dataclasses.replace(one_year, sex="total"))
    row = total[total["status"].isin(WHOLE_YEAR)].iloc[-1]
    both = arrivals.series(dataclasses.replace(one_year, sex="both"))
    both = both[(both["period_start"] == row["period_start"]) & (both["period_end"] == row["period_end"])]
    counts = dict(zip(both["sex"], both["count"]))
    values = {
        "year": year,
        "total": locale.number(row["count"], lang),
        "provisional": _text("provisional", lang) if row["status"] == Status.PROVISIONAL else "",
        "credit": _credit(arrivals, total.loc[[row.name]], lang),
    }
    if "female" in counts and "male" in counts:
        split = view.sex != "total"
        provisional = values.pop("provisional")  # with the split, one parenthesis says both
        sentence = _text(
            "year", lang, **values,
            provisional="" if split else provisional,
            split=_text("split_provisional" if provisional else "split", lang,
                        men=locale.number(counts["male"], lang), women=locale.number(counts["female"], lang))
            if split else "",
            share=f"{counts['female'] / row['count'] * 100:.0f}%",
        )
    else:
        sentence = _text("year_total", lang, **values)
    revised = _first_report(arrivals, row, lang) if view.vintage == "latest" else ""
    return sentence + revised


def range_sentence(arrivals: Arrivals, frame: pd.DataFrame, lang: str) -> str:
    """The total over every period a view shows (sex = total rows), naming what the sum includes."""
    labels = {
        status: [locale.period_label(s, e, status, lang) for s, e in
                 frame.loc[frame["status"] == status, ["period_start", "period_end"]].itertuples(index=False)]
        for status in (Status.PROVISIONAL, Status.BUCKET, Status.PARTIAL)
    }
    parts = [_text(key, lang, periods=", ".join(labels[status])) for status, key in
             ((Status.BUCKET, "bucket_of"), (Status.PARTIAL, "partial_of"), (Status.PROVISIONAL, "provisional_of"))
             if labels[status]]
    first = frame.iloc[0]
    last_year = _text("year_word", lang, year=int(frame["year"].iloc[-1]))
    span = (_text("span_open", lang, last=last_year) if first["period_start"] == ""
            else _text("span", lang, first=_text("year_word", lang, year=int(first["period_start"][:4])),
                       last=last_year))
    return _text(
        "range", lang,
        span=span,
        total=locale.number(int(frame["count"].sum()), lang),
        including=_text("including", lang, what=", ".join(parts)) if parts else "",
        credit=_credit(arrivals, frame, lang),
    )


def misquote_warnings(arrivals: Arrivals, frame: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """Circulating figures whose claimed or official period overlaps a period the view shows."""
    if frame.empty:
        return ()
    first = frame["period_start"].replace("", "0000-01-01").min()
    last = frame["period_end"].max()
    rows = arrivals.misquotes()
    touches = ((rows["claimed_start"] <= last) & (rows["claimed_end"] >= first)) | (
        (rows["official_start"].replace("", "0000-01-01") <= last) & (rows["official_end"] >= first))
    return tuple(
        _text("misquote", lang, claimed=locale.number(r["claimed_count"], lang), period=r["claimed_period"],
              sex=t(f"sex_{r['sex']}", lang), official=locale.number(r["official_count"], lang),
              official_period=r["official_period"], why=r["explanation_ko" if lang == "ko" else "explanation"])
        for _, r in rows[touches].iterrows()
    )


def contiguous(frame: pd.DataFrame) -> bool:
    """True when each period starts the day after the previous one ends: only then is a sum a span's total."""
    ends = pd.to_datetime(frame["period_end"]).iloc[:-1] + pd.Timedelta(days=1)
    return list(ends.dt.strftime("%Y-%m-%d")) == list(frame["period_start"].iloc[1:])


def quotes(arrivals: Arrivals, view: View, lang: str) -> Quotes:
    """Sentences for the view: its last whole year, and the total over its periods when they are more than one and
    follow each other without a gap. Of the view's years always (a chart of quarters too): a quarter's count is
    no year's total, and a sum of quarters is no figure anyone published."""
    view = dataclasses.replace(view, freq="year")
    frame = arrivals.series(dataclasses.replace(view, metric="count", sex="total"))
    sentences = []
    years = frame.loc[frame["status"].isin(WHOLE_YEAR), "year"]
    if len(years):
        sentences.append(year_sentence(arrivals, view, int(years.iloc[-1]), lang))
    if len(frame) > 1 and contiguous(frame):  # a sum over a gap would pass for the whole span
        sentences.append(range_sentence(arrivals, frame, lang))
    return Quotes(tuple(sentences), misquote_warnings(arrivals, frame, lang))

"""Locale-aware numbers, dates and period labels in English and Korean.

Korean groups thousands with commas like English; the locale differences are the unit (명), dates and word order.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date

from dashboard.text.catalogue import t

QUARTERS = {(1, 3): 1, (4, 6): 2, (7, 9): 3, (10, 12): 4}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def sentence(text: str) -> str:
    """The text with its first letter in upper case, the rest as it is ('published 4 Feb' -> 'Published 4 Feb')."""
    return text[:1].upper() + text[1:]


def number(value: float | int | None, lang: str, decimals: int = 0, unit: bool = False, sign: bool = False) -> str:
    """34537 -> '34,537' (en) / '34,537명' (ko, with unit); NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    return text + "명" if unit and lang == "ko" else text


def percent(value: float | None, lang: str, decimals: int = 1) -> str:
    """88.75 -> '88.8%' in both languages."""
    return "–" if value is None or math.isnan(value) else f"{value:.{decimals}f}%"


def date_text(iso: str, lang: str) -> str:
    """'2026-02-04' -> '4 Feb 2026' / '2026년 2월 4일'; a year-month ('2020-10') keeps month precision and is
    spelt out ('October 2020'), as a quote needs it."""
    parts = [int(p) for p in str(iso)[:10].split("-")]
    year, month = parts[0], parts[1]
    if len(parts) == 2:
        return f"{calendar.month_name[month]} {year}" if lang == "en" else f"{year}년 {month}월"
    day = parts[2]
    return f"{day} {MONTHS_EN[month - 1]} {year}" if lang == "en" else f"{year}년 {month}월 {day}일"


def month_text(month: int, lang: str) -> str:
    """A month as a period label names it: 'Sep', or '9' (Korean writes the year's first months as '2020.1~9')."""
    return MONTHS_EN[month - 1] if lang == "en" else str(month)


def period_label(start: str, end: str, status: str, lang: str) -> str:
    """How a period is named on axes and in tables: '2009', 'up to 1998', '1999–2001', '2020 (to Sep)' /
    '2020.1~9', '2015 Q2' / '2015.2Q', '2015 H1' / '2015.1H' (no Hangul: a crowded axis turns its labels, and
    turned Hangul is hard to read).

    Multi-year buckets always read as ranges, so a bucket can never pass for a single year.
    """
    end_year, end_month = int(end[:4]), int(end[5:7])
    if status == "bucket":
        return t("bucket_up_to", lang, end=end_year) if not start else f"{start[:4]}–{end_year}"
    if status == "partial":
        return t("partial_label", lang, year=end_year, month=month_text(end_month, lang))
    months = (int(start[5:7]), end_month)
    if months in ((1, 6), (7, 12)):
        return t("half_label", lang, year=end_year, n=1 if months[0] == 1 else 2)
    if months in QUARTERS:
        return t("quarter_label", lang, year=end_year, n=QUARTERS[months])
    return str(end_year)


def period_name(start: str, end: str, lang: str) -> str:
    """Any period by its dates, as a reader names it: '2025', '2026 H1' / '2026년 상반기', '2022 Q3' / '2022년 3분기',
    '2022 Jan–Sep' / '2022년 1~9월', 'up to 1998' / '1998년까지', '1999–2001' / '1999~2001년',
    '1 Jan–15 Sep 2005' / '2005년 1월 1일~9월 15일'."""
    e = date.fromisoformat(end)
    if not start:
        return t("period_up_to", lang, end=e.year)
    s = date.fromisoformat(start)
    if s.year != e.year:
        return f"{s.year}–{e.year}" if lang == "en" else f"{s.year}~{e.year}년"
    whole_months = s.day == 1 and e.day == calendar.monthrange(e.year, e.month)[1]
    months = (s.month, e.month)
    if not whole_months:
        if lang == "en":
            return f"{s.day} {MONTHS_EN[s.month - 1]}–{e.day} {MONTHS_EN[e.month - 1]} {e.year}"
        return f"{e.year}년 {s.month}월 {s.day}일~{e.month}월 {e.day}일"
    if months == (1, 12):
        return f"{e.year}" if lang == "en" else f"{e.year}년"
    if months in ((1, 6), (7, 12)):
        half = months == (1, 6)
        return f"{e.year} {'H1' if half else 'H2'}" if lang == "en" else f"{e.year}년 {'상반기' if half else '하반기'}"
    if months in QUARTERS:
        return f"{e.year} Q{QUARTERS[months]}" if lang == "en" else f"{e.year}년 {QUARTERS[months]}분기"
    if s.month == e.month:
        return f"{MONTHS_EN[s.month - 1]} {e.year}" if lang == "en" else f"{e.year}년 {s.month}월"
    if lang == "en":
        return f"{e.year} {MONTHS_EN[s.month - 1]}–{MONTHS_EN[e.month - 1]}"
    return f"{e.year}년 {s.month}~{e.month}월"


def category_name(category_en: str, lang: str) -> str:
    """A breakdown category ('60 and over', "people's school (primary)") in the reader's language: the catalogue's
    `category_*` key of the dataset's English name (strings/categories.toml)."""
    return t(f"category_{slug(category_en)}", lang)


def slug(category_en: str) -> str:
    """A dataset's English category as a catalogue key's tail: 'North Hamgyong' -> 'north_hamgyong'."""
    return re.sub(r"[^a-z0-9]+", "_", category_en.lower()).strip("_")

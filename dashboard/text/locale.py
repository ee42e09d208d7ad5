"""Locale-aware numbers, dates and period labels in English and Korean.

Korean groups thousands with commas like English; the locale differences are the unit (명), dates and word order.
"""

from __future__ import annotations

import calendar
import math

from dashboard.text.catalogue import t

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
    return MONTHS_EN[month - 1] if lang == "en" else f"{month}월"


def period_label(start: str, end: str, status: str, lang: str) -> str:
    """How a period is named on axes and in tables: '2009', 'up to 1998', '1999–2001', '2020 (to Sep)'.

    Multi-year buckets always read as ranges, so a bucket can never pass for a single year.
    """
    end_year, end_month = int(end[:4]), int(end[5:7])
    if status == "bucket":
        return t("bucket_up_to", lang, end=end_year) if not start else f"{start[:4]}–{end_year}"
    if status == "partial":
        return t("partial_label", lang, year=end_year, month=month_text(end_month, lang))
    return str(end_year)

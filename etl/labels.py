"""The label grammar: every period, row label and number form seen in MOU tables and press transcriptions.

Pure functions. Anything outside the grammar raises SourceFormatError naming the source, cell and value.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from etl.errors import SourceFormatError

CUMULATIVE = "cumulative"
SEXES = ("male", "female", "total")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "′": "'", "～": "~", "〜": "~", "–": "-"})
_PROVISIONAL = r"\(\s*(?:잠정|暂定|provisional(?:\s+figures)?)\s*\)"
_TABLE_PERIOD = re.compile(
    r"^(?P<bucket>~)?\s*'?(?P<year>\d{4}|\d{2})(?:\.(?P<month>\d{1,2}))?\s*(?P<prov>" + _PROVISIONAL + r")?$",
    re.IGNORECASE | re.ASCII)   # ASCII: a digit is 0-9, not any Unicode digit
_CUMULATIVE_LABELS = {"합계", "合计", "total", "누계", "계", "合計"}
_ROW_LABELS = {
    "male": {"남", "남자", "남성", "男", "男性", "male", "men"},
    "female": {"여", "여자", "여성", "女", "女性", "female", "women"},
    "total": _CUMULATIVE_LABELS,
    "share": {"여성비율", "여성 비율", "女性比例", "female ratio", "female_pct", "여성비율(%)"},
}
_UNIT = re.compile(r"\s*[(（]\s*(?:명|名|%|persons?)\s*[)）]\s*$", re.IGNORECASE)
_COUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$", re.ASCII)
_PERCENT = re.compile(r"^(?P<num>\d{1,3}(?:\.(?P<dec>\d+))?)\s*%?$", re.ASCII)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}


@dataclass(frozen=True)
class Period:
    """A period as published; start None means an open start ("all arrivals up to `end`")."""

    label: str
    start: date | None
    end: date
    provisional: bool



def normalise(text: object) -> str:
    """Unify apostrophes, tildes and whitespace so that `~’98`, `~'98` and ` ~'98 ` read alike."""
    text = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def full_year(two_or_four: str) -> int:
    """'98 -> 1998, '02 -> 2002: MOU tables start in the 1990s, so 50-99 are 19xx and 00-49 are 20xx."""
    y = int(two_or_four)
    if len(two_or_four) == 4:
        return y
    return 1900 + y if y >= 50 else 2000 + y


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_count(text: object, source: str, cell: str) -> int:
    """'1,043' -> 1043. A period as a thousands separator ('2.026') is not guessed at."""
    t = normalise(text)
    if not _COUNT.match(t):
        raise SourceFormatError(source, cell, text, "is not a count")
    return int(t.replace(",", ""))


def parse_percent(text: object, source: str, cell: str) -> tuple[float, int]:
    """'72.1%' -> (72.1, 1): the value and the number of decimals it was rounded to."""
    m = _PERCENT.match(normalise(text))
    if not m or float(m["num"]) > 100:
        raise SourceFormatError(source, cell, text, "is not a percentage")
    return float(m["num"]), len(m["dec"] or "")


def parse_row_label(text: object, source: str, cell: str) -> str:
    """Row labels in Korean, English or Chinese -> male | female | total | share."""
    t = _UNIT.sub("", normalise(text)).lower()
    for key, labels in _ROW_LABELS.items():
        if t in labels:
            return key
    raise SourceFormatError(source, cell, text, "is not a known row label")


def parse_table_period(text: object, source: str, cell: str, previous_end: date | None = None):
    """A table header -> Period, or CUMULATIVE for 합계/合计/Total.

    A bucket (`~'01`) starts the day after the previous column's end when it follows one (`~'98`, `~'01`
    -> 1999-2001); a leading bucket has an open start. `'25.12(잠정)` -> provisional, January to December 2025.
    """
    t = normalise(text)
    if _UNIT.sub("", t).lower() in _CUMULATIVE_LABELS:
        return CUMULATIVE
    m = _TABLE_PERIOD.match(t)
    if not m:
        raise SourceFormatError(source, cell, text, "is not a period label")
    year = full_year(m["year"])
    month = int(m["month"]) if m["month"] else 12
    if not 1 <= month <= 12 or year < 1950:
        raise SourceFormatError(source, cell, text, "is not a valid period")
    end = month_end(year, month)
    if m["bucket"]:
        start = date(previous_end.year + 1, 1, 1) if previous_end else None
        if start and start > end:
            raise SourceFormatError(source, cell, text, "ends before the previous column")
    else:
        start = date(year, 1, 1)
    return Period(str(text), start, end, bool(m["prov"]))


_PRESS_PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:"
    r"(?P<none>)"
    r"| Q(?P<q>[1-4])"
    r"| H(?P<h>[12])"
    r"| (?P<m1>[A-Z][a-z]{2})-(?P<m2>[A-Z][a-z]{2})(?P<day>\d{1,2})?"
    r"|-(?P<mm>\d{2})"
    r"| \(to (?P<to>\d{4}-\d{2}-\d{2})\)"
    r"|-(?P<fm>\d{2})-(?P<fd>\d{2}) to (?P<ty>\d{4})-(?P<tm>\d{2})-(?P<td>\d{2})"
    r")(?: \((?P<qual>first report|provisional|corrected|revised)\))?$", re.ASCII)


def parse_press_period(text: object, source: str, cell: str) -> Period:
    """The transcription labels of press figures: `2012 Q1`, `2013 H1`, `2018 Jan-Aug` (or `Jan–Aug`),
    `2011 Jan-Apr17`, `2011-01`, `2004 (to 2004-12-30)`, `2005-01-01 to 2005-09-15` (an explicit range within one
    year), `2025 (first report)` (first announcements are provisional), `2021 H1 (revised)`."""
    t = normalise(text)
    m = _PRESS_PERIOD.match(t)
    if not m:
        raise SourceFormatError(source, cell, text, "is not a period label")
    y = int(m["year"])
    try:
        if m["q"]:
            q = int(m["q"])
            start, end = date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        elif m["h"]:
            h = int(m["h"])
            start, end = date(y, 6 * h - 5, 1), month_end(y, 6 * h)
        elif m["m1"]:
            m1, m2 = _MONTHS.get(m["m1"].lower()), _MONTHS.get(m["m2"].lower())
            if not m1 or not m2 or m2 < m1:
                raise SourceFormatError(source, cell, text, "names unknown months")
            start = date(y, m1, 1)
            end = date(y, m2, int(m["day"])) if m["day"] else month_end(y, m2)
        elif m["mm"]:
            start = date(y, int(m["mm"]), 1)
            end = month_end(y, int(m["mm"]))
        elif m["to"]:
            start, end = date(y, 1, 1), date.fromisoformat(m["to"])
        elif m["fm"]:
            start = date(y, int(m["fm"]), int(m["fd"]))
            end = date(int(m["ty"]), int(m["tm"]), int(m["td"]))
        else:
            start, end = date(y, 1, 1), date(y, 12, 31)
    except ValueError as e:
        raise SourceFormatError(source, cell, text, f"is not a valid period ({e})") from None
    if end < start or end.year != y:
        raise SourceFormatError(source, cell, text, "is not a valid period")
    return Period(str(text), start, end, m["qual"] in ("first report", "provisional"))


def parse_through(text: object, source: str, cell: str) -> date:
    """`to 2025-12-31` / `to 2016-11` -> the last day a cumulative total covers."""
    m = re.match(r"^to (\d{4})-(\d{2})(?:-(\d{2}))?$", normalise(text), re.ASCII)
    if not m:
        raise SourceFormatError(source, cell, text, "is not a cumulative reference date")
    try:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, int(m[3])) if m[3] else month_end(y, mo)
    except ValueError:
        raise SourceFormatError(source, cell, text, "is not a valid date") from None


_MYRIAD = re.compile(  # 2만9380, 1만 3399, 4천570, 2만9천543: Korean myriads (만 = 10,000) and thousands (천)
    r"^(?:(?P<man>[1-9]\d{0,3})만)? ?(?:(?P<cheon>[1-9])천)? ?(?P<rest>\d{1,4})?$", re.ASCII)
_PRINTED_COUNT = re.compile(
    r"^(?P<about>약|about|approximately)? ?(?P<number>[0-9,만천 ]+?) ?(?P<more>여)? ?(?:명|人|名|persons?)?$",
    re.ASCII | re.IGNORECASE)


def parse_printed_count(text: object, source: str, cell: str) -> tuple[int, bool]:
    """A count as the press prints it -> (value, approximate): `1,297`, `1297명`, `1만 3399명`, `4천570명`,
    `9,249人`; `약 590명` (about 590), `590여 명` and `2만9380여 명` (590-odd, 29,380-odd) are approximate.

    The digits after 만 are the part below 10,000 and after 천 the part below 1,000, so `1만 3399` is 13,399 and
    `1만 399` is 10,399; anything else (`1만 13399`, `2.026`, `약`) raises SourceFormatError."""
    t = normalise(text)
    m = _PRINTED_COUNT.match(t)
    if not m or not m["number"].strip():
        raise SourceFormatError(source, cell, text, "is not a printed count")
    number = m["number"].strip()
    approximate = bool(m["about"] or m["more"])
    if "만" not in number and "천" not in number:
        return parse_count(number, source, cell), approximate
    k = _MYRIAD.match(number)
    if not k or not (k["man"] or k["cheon"]):
        raise SourceFormatError(source, cell, text, "is not a printed count")
    rest = int(k["rest"] or 0)
    if k["cheon"] and rest >= 1000 or k["man"] and not k["cheon"] and rest >= 10000:
        raise SourceFormatError(source, cell, text, "has more digits after 만/천 than the place allows")
    value = int(k["man"] or 0) * 10000 + int(k["cheon"] or 0) * 1000 + rest
    return value, approximate

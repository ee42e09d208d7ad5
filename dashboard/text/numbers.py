"""Numbers as people write them, in English and Korean, read into one `Reading`.

"34,537", "34537명", "3만4천", "3만 4천 537명", "2만4천 538명", "more than 30,000", "about 34,000", "3만여 명",
"72.2 per cent", "seven in ten", "10명 중 7명". A reading keeps how exact the writer was (`unit`: 1 for 34,537,
1,000 for 34,000, 10,000 for 3만) and what the number was qualified with (more than, about, nearly), so that the
lookup can tell an exact figure from a rounded one; and the words around it that narrow the question (a year, a
sex, a cumulative total). Reading never raises: text with no number in it reads as None.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 200  # the longest question read; a longer one is cut there (the API refuses it first)
HANGUL_DIGITS = dict(zip("일이삼사오육칠팔구", range(1, 10)))
SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
BIG_UNITS = {"만": 10_000, "억": 100_000_000}
WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
WORDS |= {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
WORD_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Qualifiers: `over` (more than, 여, 넘는), `under` (nearly, fewer than, 가까이, 미만), `about` (약, some, 정도).
BEFORE = {
    "over": ("more than", "over", "above", "at least", "upwards of", "exceeding", "in excess of", "north of"),
    "under": ("nearly", "almost", "close to", "just under", "under", "fewer than", "less than", "below",
              "up to", "not quite", "거의"),
    "about": ("about", "around", "roughly", "approximately", "approx.", "some", "an estimated", "circa", "~", "약",
              "대략", "얼추"),
}
AFTER = {
    "over": ("이상", "넘", "초과", "남짓", "+", "-plus", " plus", " or more"),
    "under": ("가까이", "가까운", "육박", "미만", "이하", "안팎", " or so", "or fewer"),
    "about": ("정도", "가량", "쯤", "내외", "선", " odd"),
}
PERCENT = re.compile(r"^\s*(%|％|percent|per\s?cent|pct|퍼센트|프로)", re.I)
IN_TEN = re.compile(r"(\d+|[a-z]+)\s*(?:in|out of)\s*(\d+|[a-z]+)\b", re.I)
OF_KO = re.compile(r"(\d+)\s*명\s*(?:중|가운데)\s*(\d+)\s*명")
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)\s*(년|年)?")
# Thousands separated by commas, or by spaces as French and many style guides write them (34 537, 34\u202f537)
TOKEN = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])"
                   r"|[0-9]+(?:\.[0-9]+)?|[일이삼사오육칠팔구십백천만억]|\s+|.", re.S)
SEPARATORS = str.maketrans("", "", ", \u00a0\u202f")
FEMALE = ("women", "woman", "female", "females", "girls", "여성", "여자")
MALE = ("men", "man", "male", "males", "남성", "남자")
# Parts of a year, named beside a number: (pattern, (first month, last month)); blanked out before numbers are read
PARTS = tuple((re.compile(pattern, re.I), months) for pattern, months in (
    (r"\bh1\b|first half|상반기", (1, 6)), (r"\bh2\b|second half|하반기", (7, 12)),
    *((rf"\bq{q}\b|{q}\s*분기|{word} quarter", (3 * q - 2, 3 * q))
      for q, word in enumerate(("first", "second", "third", "fourth"), start=1)),
))
CUMULATIVE = ("cumulative", "in total", "total so far", "since 1998", "since the 1990s", "so far", "all told",
              "누적", "누계", "총 입국", "지금까지", "현재까지", "역대", "모두")


@dataclass(frozen=True)
class Reading:
    """One number as written: its value, how exact it is and how it was qualified, and the context words."""

    value: float
    unit: float = 1  # the precision the writer used: 1 for 34,537, 1000 for 34,000, 10000 for 3만, 0.1 for 72.2%
    qualifier: str = ""  # "" (as written) | over | under | about
    share: bool = False  # a percentage (72%, seven in ten)
    year: int | None = None  # a year named beside the number (2024년, in 2024)
    sex: str = ""  # female | male | "" (not named)
    cumulative: bool = False  # the words say a running total (누적, so far, in total)
    months: tuple[int, int] | None = None  # a part of the year named beside it (H1 = (1, 6), 3분기 = (7, 9))

    @property
    def rounded(self) -> bool:
        """The writer did not give every digit, or said they did not."""
        return self.unit > 1 or bool(self.qualifier) or (self.share and self.unit >= 1)

    def admits(self, figure: float) -> bool:
        """Whether a figure is one this reading can mean: the same number, or one it rounds, by its qualifier."""
        gap = figure - self.value
        if math.isclose(gap, 0, abs_tol=1e-9):
            return True
        unit = self.unit
        if self.qualifier == "over":
            return 0 < gap < unit or (unit == 1 and 0 < gap <= max(1.0, abs(self.value) * 0.1))
        if self.qualifier == "under":
            return -unit < gap < 0 or (unit == 1 and -max(1.0, abs(self.value) * 0.1) <= gap < 0)
        if self.qualifier == "about":
            return abs(gap) < max(unit, abs(self.value) * 0.02)
        return abs(gap) < unit / 2 if self.share or unit > 1 else False


@dataclass(frozen=True)
class _Span:
    value: float
    unit: float
    start: int
    end: int
    korean: bool


def _literal_unit(text: str) -> float:
    """The precision of a written number: 0.1 for 72.2, 1000 for 34,000, 1 for 537."""
    digits = text.translate(SEPARATORS)
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0


def _spans(text: str) -> list[_Span]:
    """Every number in the text: digits with or without separators, Korean units over digits or Hangul digits
    (3만 4천 537, 삼만사천), spaces inside only after a unit."""
    tokens = [(m.group(), m.start()) for m in TOKEN.finditer(text)]
    found, i = [], 0
    while i < len(tokens):
        span, i = _number_at(tokens, i)
        if span:
            found.append(span)
    return found


def _is_digit(tok: str) -> bool:
    return "0" <= tok[:1] <= "9"


def _hangul_digit(tokens: list[tuple[str, int]], j: int) -> bool:
    """A Hangul digit that is a digit (삼 of 삼만, 칠 of 삼십칠), not a syllable of a word (이 of 이상)."""
    if tokens[j][0] not in HANGUL_DIGITS:
        return False
    nxt = tokens[j + 1][0] if j + 1 < len(tokens) else ""
    unit = nxt in SMALL_UNITS or nxt in BIG_UNITS or nxt == "명"
    after_unit = j > 0 and (tokens[j - 1][0] in SMALL_UNITS or tokens[j - 1][0] in BIG_UNITS)
    return unit or (after_unit and not ("\uac00" <= nxt[:1] <= "\ud7a3" and nxt != "명"))


def _unit_first(tokens: list[tuple[str, int]], i: int) -> bool:
    """A number written from its unit (백 명, 만여 명, 천오백): not the first syllable of a word (천안, 만약)."""
    if tokens[i][0] not in SMALL_UNITS and tokens[i][0] not in BIG_UNITS:
        return False
    nxt = [tok for tok, _ in tokens[i + 1:i + 3]]
    first = nxt[0] if nxt else ""
    return (not first or first in ("명", "여") or first in SMALL_UNITS or first in BIG_UNITS or _is_digit(first)
            or _hangul_digit(tokens, i + 1) or (first.isspace() and nxt[1:] == ["명"]))


def _number_at(tokens: list[tuple[str, int]], i: int) -> tuple[_Span | None, int]:
    """The number that starts at token i, if any, and the index after it."""
    tok, start = tokens[i]
    if not (_is_digit(tok) or _hangul_digit(tokens, i) or _unit_first(tokens, i)):
        return None, i + 1
    total = section = 0.0
    current: float | None = None
    unit, korean, end, j = 1.0, False, start, i
    while j < len(tokens):
        tok, at = tokens[j]
        if tok.isspace():
            nxt = tokens[j + 1][0] if j + 1 < len(tokens) else ""
            if not (current is None and korean and (_is_digit(nxt) or _hangul_digit(tokens, j + 1)
                                                         or _unit_first(tokens, j + 1))):
                break
        elif _is_digit(tok) or _hangul_digit(tokens, j):
            if current is not None:
                break
            current = float(tok.translate(SEPARATORS)) if _is_digit(tok) else float(HANGUL_DIGITS[tok])
            unit = _literal_unit(tok) if _is_digit(tok) else 1.0
        elif tok in SMALL_UNITS or tok in BIG_UNITS:
            korean = True
            if tok in SMALL_UNITS:
                section += (1 if current is None else current) * SMALL_UNITS[tok]
            else:
                part = section + (current or 0)
                total += (part or 1) * BIG_UNITS[tok]
                section = 0.0
            current = None
            unit = float(SMALL_UNITS.get(tok) or BIG_UNITS[tok])
        else:
            break
        end = at + len(tok)
        j += 1
    value = total + section + (current or 0)
    if current is not None and korean and unit < 1:
        unit = 1.0
    return _Span(value, unit, start, end, korean), j


def _word_number(text: str) -> tuple[float, int, int] | None:
    """An English number in words ('thirty-four thousand', 'seven'), with where it stands in the text."""
    best = None
    for m in re.finditer(r"\b(?:(?:" + "|".join(sorted([*WORDS, *WORD_SCALES], key=len, reverse=True))
                         + r")(?:[\s-]+(?:and[\s-]+)?|\b))+", text, re.I):
        words = [w for w in re.split(r"[\s-]+", m.group().lower()) if w and w != "and"]
        total = current = 0
        for word in words:
            if word in WORDS:
                current += WORDS[word]
            elif word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * WORD_SCALES[word]
                current = 0
        value = total + current
        if best is None or value > best[0]:
            best = (float(value), m.start(), m.end())
    return best


def _small(word: str) -> int | None:
    return int(word) if word.isdigit() else WORDS.get(word.lower())


def _qualifier(text: str, start: int, end: int) -> str:
    """The qualifier written just before or just after a number ('3만여 명', '3천 명 가까이', 'more than')."""
    before = text[max(0, start - 16):start].lower().rstrip()
    after = text[end:end + 10].lower()
    if after.startswith("여") and not after.startswith(("여성", "여자")):
        return "over"
    rest = re.sub(r"^\s*명?\s*", "", after)
    for kind, words in AFTER.items():
        if any(after.startswith(w) or rest.startswith(w.strip()) for w in words):
            return kind
    for kind, words in BEFORE.items():
        if any(before.endswith(w) for w in words):
            return kind
    return ""


def _part(text: str) -> tuple[str, tuple[int, int] | None]:
    """The part of a year the text names (H1, 3분기, first quarter), and the text with it blanked out, so that the
    1 of Q1 is not read as the number."""
    for pattern, months in PARTS:
        found = pattern.search(text)
        if found:
            return text[:found.start()] + " " * (found.end() - found.start()) + text[found.end():], months
    return text, None


def _context(text: str) -> dict:
    """The sex and running-total words of a question, wherever they stand."""
    lowered = text.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    sex = next((sex for sex, names in (("female", FEMALE), ("male", MALE))
                if words & set(names) or any(w in text for w in names if not w.isascii())), "")
    return {"sex": sex, "cumulative": any(w in lowered for w in CUMULATIVE)}


def read(text: str) -> Reading | None:
    """The number a question is about, or None when it holds none. Years beside it (2024년, in 2024) are context,
    not the number, unless the question holds nothing else."""
    if not isinstance(text, str):
        return None
    text = " ".join(unicodedata.normalize("NFKC", text[:MAX_LENGTH]).split())  # full-width ３４,５３７ too
    text, months = _part(text)
    context = {**_context(text), "months": months}
    ratio = _of_korean(text) or _in_ten(text)
    if ratio:
        part, whole, start, end = ratio
        if whole and 0 < part <= whole:
            return Reading(part / whole * 100, unit=100 / whole, share=True,
                           year=_year(text, (start, end)), **context)
    spans = _spans(text)
    years = [s for s in spans if _year_span(text, s, len(spans))]
    figures = [s for s in spans if s not in years] or years[-1:]
    if not figures:
        worded = _word_number(text)
        if not worded or (worded[0] == 0 and "zero" not in text.lower()):
            return None
        value, start, end = worded
        return Reading(value, unit=_literal_unit(str(int(value))), qualifier=_qualifier(text, start, end),
                       share=bool(PERCENT.match(text[end:])), year=_year(text, (start, end)), **context)
    span = max(figures, key=lambda s: (s.value >= 10 or bool(PERCENT.match(text[s.end:])), s.end - s.start))
    share = bool(PERCENT.match(text[span.end:]))
    if share:  # '70%' is about 70 (65-75), never anything within 100 of '100%'
        span = dataclasses.replace(span, unit=min(span.unit, 10.0))
    qualifier = _qualifier(text, span.start, span.end)
    year = next((int(s.value) for s in years if s is not span), None)
    return Reading(span.value, unit=span.unit, qualifier=qualifier, share=share, year=year, **context)


def _of_korean(text: str) -> tuple[int, int, int, int] | None:
    """'10명 중 7명': a share written as a ratio, in Korean."""
    m = OF_KO.search(text)
    return (int(m.group(2)), int(m.group(1)), m.start(), m.end()) if m else None


def _in_ten(text: str) -> tuple[int, int, int, int] | None:
    """'seven in ten', '7 out of 10': a share written as a ratio."""
    for m in IN_TEN.finditer(text):
        part, whole = _small(m.group(1)), _small(m.group(2))
        if part is not None and whole in (3, 4, 5, 10, 100):
            return part, whole, m.start(), m.end()
    return None


def _year_span(text: str, span: _Span, count: int) -> bool:
    """A four-digit number that names a year: followed by 년, after 'in'/'of'/'since', or beside another number."""
    literal = text[span.start:span.end]
    if span.korean or not re.fullmatch(r"(19[5-9]\d|20[0-4]\d)", literal):
        return False
    after, before = text[span.end:span.end + 2], text[max(0, span.start - 8):span.start].lower()
    if after.lstrip().startswith(("년", "年")) or re.search(r"\b(in|of|since|for|year|end|to)\s*$", before):
        return True
    return count > 1 and not PERCENT.match(text[span.end:])


def _year(text: str, around: tuple[int, int]) -> int | None:
    for m in YEAR.finditer(text):
        if not (around[0] <= m.start() < around[1]):
            return int(m.group(1))
    return None


def korean(n: int, spaced: bool = False, hangul: bool = False) -> str:
    """n in Korean units, as the press writes it: 34537 -> '3만4천537' ('3만 4천 537' spaced; '삼만사천오백삼십칠'
    in Hangul digits). The reader's inverse, for tests and for quoting a figure back in Korean."""
    if n == 0:
        return "0" if not hangul else "영"
    groups, rest = [], n
    for name, size in (("억", 100_000_000), ("만", 10_000)):
        if rest >= size:
            groups.append((rest // size, name))
            rest %= size
    groups.append((rest, ""))
    digits = "0일이삼사오육칠팔구"
    parts = []
    for value, name in groups:
        if not value:
            continue
        if hangul:
            chunk = "".join(("" if d == 1 and unit else digits[d]) + unit
                            for d, unit in zip(map(int, f"{value:04d}"), ("천", "백", "십", "")) if d)
        elif name or not parts:
            chunk = str(value)
        else:
            thousands, below = divmod(value, 1000)
            chunk = (f"{thousands}천" if thousands else "") + (str(below) if below else "")
        parts.append(chunk + name)
    return (" " if spaced else "").join(parts)

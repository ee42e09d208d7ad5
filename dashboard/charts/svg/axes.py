"""Axes as plotly.js computes them (src/plots/cartesian/axes.js, autorange.js): dates, ticks and ranges."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from dashboard.charts.svg.checks import NUM, merged
from dashboard.charts.svg.text import plain

# plotly.js constants (src/constants/numerical.js)
ONEMIN = 60_000
ONEHOUR = 60 * ONEMIN
ONEDAY = 24 * ONEHOUR
ONEAVGYEAR = 365.25 * ONEDAY
ONEAVGMONTH = ONEAVGYEAR / 12
LOG_CLIP = 10
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_DATE = re.compile(r"(-?\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?)?)?$")


def date_ms(value) -> float | None:
    """A date as plotly's milliseconds (no time zones): 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' and an optional time."""
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    found = _DATE.match(value.strip()) if isinstance(value, str) else None
    if not found:
        return None
    year, month, day, hour, minute, second = found.groups()
    try:
        stamp = dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                            tzinfo=dt.UTC)
    except ValueError:
        return None
    return stamp.timestamp() * 1000 + float(second or 0) * 1000


def ms_date(ms: float) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=ms)


def is_number(value) -> bool:
    return isinstance(value, NUM) and not isinstance(value, bool) and math.isfinite(value)


@dataclass
class Tick:
    value: float  # linear coordinate
    text: str


@dataclass
class Axis:
    letter: str
    spec: dict
    font: dict
    type: str = "linear"
    categories: list = field(default_factory=list)
    range: list | None = None
    offset: float = 0.0
    length: float = 1.0
    index: dict = field(default_factory=dict)  # category name → position
    ticks: list = field(default_factory=list)  # at the current length
    explicit_line: bool = False  # a line colour or width given: plotly then shows the line
    grid_default: bool = True

    @property
    def visible(self) -> bool:
        return self.spec.get("visible", True)

    @property
    def showline(self) -> bool:
        return self.spec.get("showline", self.explicit_line)

    def d2l(self, value) -> float | None:
        """A data value as the axis' linear coordinate (category index, number, log10, milliseconds)."""
        if value is None:
            return None
        if self.type == "category":
            return self.index.get(str(value))
        if self.type == "date":
            return float(value) if is_number(value) else date_ms(value)
        if not is_number(value):
            try:
                value = float(value)
            except (TypeError, ValueError):
                return None
        if self.type == "log":
            return math.log10(value) if value > 0 else None
        return float(value)

    def c2l_clip(self, value: float) -> float:
        """A value on the value axis of a bar, where plotly puts a log axis' zero far below the range."""
        if self.type == "log" and not value > 0:
            r0, r1 = self.range
            return 0.5 * (r0 + r1 - 2 * LOG_CLIP * abs(r0 - r1))
        return math.log10(value) if self.type == "log" else value

    def l2p(self, v: float) -> float:
        """Pixels from the axis' start (left, or top for y)."""
        r0, r1 = self.range
        if self.letter == "x":
            return (v - r0) * self.length / (r1 - r0)
        return (r1 - v) * self.length / (r1 - r0)

    def pos(self, v: float) -> float:
        return self.offset + self.l2p(v)


def make_axis(letter: str, spec: dict, font: dict, traces: list[dict], layout: dict) -> Axis:
    axis = Axis(letter, spec, merged(font, spec.get("tickfont")))
    given = layout.get(f"{letter}axis") or {}
    axis.explicit_line = "linecolor" in given or "linewidth" in given
    values = [v for t in traces for v in t.get(letter, [])]
    axis.type = spec.get("type", "-")
    if axis.type == "-":  # plotly's autotype (autotypenumbers "strict": numbers only count as numbers)
        present = [v for v in values if v is not None]
        dates = sum(1 for v in present if not is_number(v) and date_ms(v) is not None)
        numbers = sum(1 for v in present if is_number(v))
        strings = len(present) - numbers
        axis.type = "date" if dates > 2 * numbers and dates else "category" if strings > 2 * numbers else "linear"
    if axis.type == "category":
        ordered = [str(c) for c in spec.get("categoryarray", [])] if spec.get("categoryorder") == "array" else []
        seen = set(ordered)
        for v in values:
            if v is not None and str(v) not in seen:
                seen.add(str(v))
                ordered.append(str(v))
        axis.categories = ordered
        axis.index = {name: float(i) for i, name in enumerate(ordered)}
    if "range" in spec:
        rng = spec["range"]
        if len(rng) != 2:
            raise ValueError(f"{letter}axis.range: two values expected")
        axis.range = [date_ms(r) if axis.type == "date" and not is_number(r) else float(r) for r in rng]
        if None in axis.range or axis.range[0] == axis.range[1]:
            raise ValueError(f"{letter}axis.range: {rng!r} is not a range")
        if axis.range[1] < axis.range[0]:
            raise ValueError(f"{letter}axis.range: reversed axes are not drawn by charts/svg")
    if axis.type in ("linear", "log") and "tickvals" not in spec and axis.visible:
        raise ValueError(f"{letter}axis.tickvals: a {axis.type} axis needs explicit tickvals and ticktext")
    if "tickvals" in spec and len(spec.get("ticktext", [])) != len(spec["tickvals"]):
        raise ValueError(f"{letter}axis.ticktext: one text per tick value expected")
    return axis


def round_up(value: float, steps: list[float]) -> float:
    """plotly's Lib.roundUp: the first step above `value` (binary search, equal values move on)."""
    lo, hi = 0, len(steps) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if steps[mid] <= value:
            lo = mid + 1
        else:
            hi = mid
    return steps[lo]


def add_months(ms: float, months: int) -> float:
    day = ms_date(ms)
    total = day.year * 12 + day.month - 1 + months
    return day.replace(year=total // 12, month=total % 12 + 1).timestamp() * 1000


def date_ticks(axis: Axis, lo: float, hi: float) -> list[Tick]:
    """plotly's automatic date ticks (autoTicks, tickFirst, tickText) for spans of days to decades."""
    nt = min(max(axis.length / (80 if axis.letter == "x" else 40), 4), 9) + 1
    rough = abs(axis.range[1] - axis.range[0]) / nt
    tick0 = date_ms("2000-01-01")
    if 2 * rough > ONEAVGYEAR:
        rough /= ONEAVGYEAR
        base = 10 ** math.floor(math.log10(rough))
        months = round(12 * base * round_up(rough / base, [2, 5, 10]))
    elif 2 * rough > ONEAVGMONTH:
        months = round_up(rough / ONEAVGMONTH, [1, 2, 3, 6, 12])
    else:
        months = 0
        if 2 * rough > ONEDAY:
            step = ONEDAY * round_up(rough / ONEDAY, [1, 2, 3, 7, 14])
            tick0 = date_ms("2000-01-02")  # weeks start on Sunday
            tickround = "d"
        elif 2 * rough > ONEHOUR:
            step, tickround = ONEHOUR * round_up(rough / ONEHOUR, [1, 2, 3, 6, 12]), "M"
        elif 2 * rough > ONEMIN:
            step, tickround = ONEMIN * round_up(rough / ONEMIN, [1, 2, 5, 10, 15, 30]), "M"
        else:
            raise ValueError(f"{axis.letter}axis: date spans under a few minutes are not drawn by charts/svg")
    values = []
    if months:
        first = ms_date(lo)
        index = (first.year - 2000) * 12 + first.month - 1
        index = -(-index // months) * months  # first multiple of the step at or after lo's month
        value = add_months(tick0, index)
        if value < lo:
            value = add_months(value, months)
        while value <= hi:
            values.append(value)
            value = add_months(value, months)
        tickround = "y" if months % 12 == 0 else "m"
    else:
        value = math.ceil((lo - tick0) / step) * step + tick0
        while value <= hi:
            values.append(value)
            value += step
    ticks, head = [], ""
    for value in values:
        day = ms_date(value)
        if tickround == "y":
            text = str(day.year)
        elif tickround == "m":
            text = f"{MONTHS[day.month - 1]} {day.year}"
        else:  # a second line, on the first tick and where it changes: the year, or for times the day
            text, line = (f"{MONTHS[day.month - 1]} {day.day}", str(day.year)) if tickround == "d" else (
                f"{day.hour:02d}:{day.minute:02d}", f"{MONTHS[day.month - 1]} {day.day}, {day.year}")
            if line != head:
                head = line
                text += "\n" + head
        ticks.append(Tick(value, text))
    return ticks


def calc_ticks(axis: Axis) -> list[Tick]:
    """The ticks plotly draws on an axis at its current length (calcTicks), with their label text."""
    r0, r1 = axis.range
    pad = (r1 - r0) * 1e-4
    lo, hi = r0 - pad, r1 + pad
    spec = axis.spec
    if "tickvals" in spec:
        out = []
        for value, text in zip(spec["tickvals"], spec["ticktext"]):
            v = axis.d2l(value)
            if v is not None and lo < v < hi:
                out.append(Tick(v, plain(text, f"{axis.letter}axis.ticktext")))
        return out
    if axis.type == "category":
        n = len(axis.categories)
        dtick = math.ceil(max(abs(r1 - r0) / (axis.length / round(1.2 * axis.font["size"])), 1))
        value = min(max(math.ceil(lo / dtick) * dtick, 0), n - 1)
        end = min(n - 0.5, hi)
        out = []
        while value <= end:
            index = round(value)
            out.append(Tick(value, axis.categories[index] if 0 <= index < n else ""))
            value += dtick
        return out
    if axis.type == "date":
        return date_ticks(axis, lo, hi)
    raise ValueError(f"{axis.letter}axis.tickvals: needed on a {axis.type} axis")


def autorange(axis: Axis, extremes: list[tuple[float, float, bool]]) -> list[float]:
    """plotly's getAutoRange over (value, pixel pad, padded) extremes: the tightest range that keeps every
    extreme and its pad inside the axis, padded ones 5% of the length further."""
    if not extremes:  # plotly's default ranges of an axis without data
        return [-1.0, 6.0] if axis.letter == "x" else [-1.0, 4.0]
    length = axis.length
    extra = 0.05 * length

    def pad(e):
        return e[1] + (extra if e[2] else 0)

    lows, highs = min(e[0] for e in extremes), max(e[0] for e in extremes)
    if lows == highs:
        return [lows - 1, highs + 1]
    best, low, high = 0.0, None, None
    for s in extremes:
        for a in extremes:
            span = a[0] - s[0]
            if span <= 0:
                continue
            room = length - pad(s) - pad(a)
            if room > length / 10:
                if span / room > best:
                    best, low, high = span / room, s, a
            elif span / length > best:
                best, low, high = span / length, (s[0], 0, False), (a[0], 0, False)
    best = (high[0] - low[0]) / (length - pad(low) - pad(high))
    return [low[0] - best * pad(low), high[0] + best * pad(high)]



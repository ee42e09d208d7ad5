"""A static SVG of a screen figure, drawn without a browser the way plotly.js draws it at the same size.

The page inlines it so that the chart shows as soon as the HTML arrives (and without JavaScript, for crawlers,
the static site and print); plotly.js then draws the interactive chart in the same box, and nothing should
jump. So this module repeats plotly.js's own layout rules (the vendored bundle, `charts/bundle.py`) for the subset
of figures the builders in `charts/figures.py` make:

- margins grown by `automargin` to fit the tick labels, iterated to plotly's fixed point (`Plots.doAutoMargin`,
  its 8-pixel pushes, and its stop at changes of one pixel or less);
- ticks: explicit `tickvals`/`ticktext` on value axes, every n-th category on category axes (n from the axis
  length and font size), nice month/year/day ticks on date axes; x labels turned by `autotickangles` when they
  would touch, with plotly's choice of angle;
- bars (stacked or grouped, vertical or horizontal, log value axes), lines (linear or step, broken at gaps),
  markers (circle, square, diamond, filled or open), rect shapes, and annotations anchored as plotly anchors them.

Text is measured with the glyph advances of NanumGothic, the first family of the chart font (`style.FONT`),
read with fontTools from Debian's fonts-nanum; where that file is missing, a table of its advances for ASCII
(below) and one em for wide characters stand in. Line boxes are the font's ascent and descent, rounded as
Chromium rounds them.

Anything outside the subset raises ValueError naming the property, so that a change to a builder shows up in the
tests rather than as a wrong picture. Hover text, `meta`, `customdata` and names are ignored. The output is
deterministic: the same figure and size give the same bytes (ids inside are a hash of the drawing).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import html
import logging
import math
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
# NanumGothic's advances (1000 units per em) for U+0020..U+007E: the estimate when FONT_FILE is missing.
ASCII_ADVANCES = (
    280, 424, 430, 606, 606, 1090, 727, 303, 363, 363, 606, 654, 303, 363, 303, 375, 606, 606, 606, 606, 606, 606,
    606, 606, 606, 606, 303, 303, 547, 654, 547, 545, 872, 727, 606, 672, 727, 576, 503, 797, 727, 242, 363, 641,
    484, 969, 727, 787, 577, 787, 622, 545, 545, 727, 666, 1029, 666, 666, 545, 363, 966, 363, 654, 545, 242, 545,
    606, 484, 606, 545, 363, 606, 606, 242, 269, 520, 242, 908, 606, 606, 606, 606, 363, 424, 363, 606, 484, 848,
    510, 464, 484, 303, 242, 303, 654,
)

# plotly.js constants (src/constants/alignment.js, numerical.js)
LINE_SPACING, MID_SHIFT = 1.3, 0.35
ONEMIN = 60_000
ONEHOUR = 60 * ONEMIN
ONEDAY = 24 * ONEHOUR
ONEAVGYEAR = 365.25 * ONEDAY
ONEAVGMONTH = ONEAVGYEAR / 12
LOG_CLIP = 10
MIN_REDUCED = 64  # layout.minreducedwidth / minreducedheight
SYMBOLS = {"circle", "square", "diamond"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- text ---------------------------------------------------------------------------------------------------
class Font:
    """Advance widths and ink extents of the chart font's glyphs, by character.

    fontTools opens the file and hands over its tables; the character map (format 4) and the metrics are looked
    up per character rather than decoded whole (decoding all 17,000 entries would cost a fifth of a second)."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        self.units = font["head"].unitsPerEm
        self.ascent, self.descent = font["hhea"].ascent, -font["hhea"].descent
        self._long_loca = font["head"].indexToLocFormat == 1
        self._metrics_count = font["hhea"].numberOfHMetrics
        self._hmtx = font.reader["hmtx"]
        self._loca = font.reader["loca"]
        self._glyf = font.reader["glyf"]
        cmap = font.reader["cmap"]
        tables = {(pid, eid): offset for pid, eid, offset in (
            struct.unpack_from(">HHI", cmap, 4 + 8 * i) for i in range(struct.unpack_from(">H", cmap, 2)[0]))}
        offset = tables.get((3, 1), tables.get((0, 3)))
        if offset is None or struct.unpack_from(">H", cmap, offset)[0] != 4:
            raise OSError(f"{path}: no Unicode character map of format 4")
        segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
        ends = offset + 14
        self._cmap = cmap
        self._ends = struct.unpack_from(f">{segments}H", cmap, ends)
        self._starts = struct.unpack_from(f">{segments}H", cmap, ends + 2 * segments + 2)
        self._deltas = struct.unpack_from(f">{segments}h", cmap, ends + 4 * segments + 2)
        self._range_at = ends + 6 * segments + 2
        self._ranges = struct.unpack_from(f">{segments}H", cmap, self._range_at)
        self._cache: dict[str, tuple[int, int, int] | None] = {}

    def glyph(self, char: str) -> tuple[int, int, int] | None:
        """(advance, ink left, ink right) in font units, or None where the font has no glyph."""
        if char in self._cache:
            return self._cache[char]
        code, found = ord(char), None
        i = bisect.bisect_left(self._ends, code)
        if code <= 0xFFFF and i < len(self._ends) and self._starts[i] <= code:
            if self._ranges[i] == 0:
                gid = (code + self._deltas[i]) & 0xFFFF
            else:
                at = self._range_at + 2 * i + self._ranges[i] + 2 * (code - self._starts[i])
                gid = struct.unpack_from(">H", self._cmap, at)[0]
                gid = (gid + self._deltas[i]) & 0xFFFF if gid else 0
            if gid:
                advance = struct.unpack_from(">H", self._hmtx, 4 * min(gid, self._metrics_count - 1))[0]
                start, end = (struct.unpack_from(">II", self._loca, 4 * gid) if self._long_loca else
                              (2 * v for v in struct.unpack_from(">HH", self._loca, 2 * gid)))
                left, right = struct.unpack_from(">h2xh", self._glyf, start + 2) if end > start else (0, 0)
                found = (advance, left, right)
        self._cache[char] = found
        return found


class AsciiFont:
    """The stand-in when the font file is missing: NanumGothic's ASCII advances, one em for wide characters."""

    units, ascent, descent = 1000, 920, 230

    def glyph(self, char: str) -> tuple[int, int, int] | None:
        code = ord(char)
        if 32 <= code < 127:
            return ASCII_ADVANCES[code - 32], 0, 0
        return None


@cache
def font():
    """The chart font's metrics, read once per process (NanumGothic, or the ASCII stand-in)."""
    try:
        return Font(FONT_FILE)
    except (ImportError, OSError) as error:
        logging.getLogger(__name__).warning("charts/svg.py measures text without %s: %s", FONT_FILE, error)
        return AsciiFont()


def measure(text: str, size: float) -> tuple[float, float, float]:
    """One line of text at `size` px: its advance (where the next text would start) and how far its ink reaches
    past its start and end, as Chromium's bounding boxes count it (glyph extents rounded out to whole pixels)."""
    f = font()
    scale = size / f.units
    total, first, last = 0, None, None
    for char in text:
        glyph = f.glyph(char)
        if glyph is None:  # another font of the stack draws it: one em if wide, else about half
            glyph = (f.units if unicodedata.east_asian_width(char) in "WF" else f.units * 0.55, 0, 0)
        if first is None:
            first = glyph
        last = (total, glyph)
        total += glyph[0]
    advance = total * scale
    if first is None:
        return 0.0, 0.0, 0.0
    before = max(0.0, -math.floor(first[1] * scale))
    start, (adv, _, right) = last
    after = max(0.0, start * scale + math.ceil(right * scale) - advance) if right else 0.0
    return advance, before, after


def ascent(size: float) -> int:
    return round(font().ascent * size / font().units)


def descent(size: float) -> int:
    return round(font().descent * size / font().units)


_TAG = re.compile(r"(<[^<>]*>)")
_MARKUP = {"br", "b", "i", "em", "sup", "sub", "span", "a", "s", "u"}
# the entities plotly's svg_text_utils decodes; any other stays as written
_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
_NAMED = {"mu": "\u03bc", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "\xd7", "plusmn": "\xb1",
          "deg": "\xb0"}


def _entity(found: re.Match) -> str:
    name = found.group(1)
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF else found.group(0)
    return _NAMED.get(name, found.group(0))


def plain(text, where: str) -> str:
    """Plotly's pseudo-HTML as the text it shows: its entities decoded, unknown tags kept as literal text (as
    plotly keeps them); the tags plotly styles are outside the subset."""
    text = "" if text is None else str(text)
    for part in _TAG.split(text):
        tag = re.match(r"</?([^ />]*)", part) if part.startswith("<") else None
        if tag and tag.group(1).lower() in _MARKUP:
            raise ValueError(f"{where}: markup {part!r} is not drawn by charts/svg.py")
    return _ENTITY.sub(_entity, text)


# --- checking the subset ------------------------------------------------------------------------------------
NUM = (int, float)
LIST = (list, tuple)
ANY = object()
COLOR = str
FONT = {"family": str, "size": NUM, "color": COLOR}
AXIS = {
    "type": {"category", "linear", "log", "date", "-"}, "categoryorder": {"array", "trace"}, "categoryarray": LIST,
    "range": LIST, "tickvals": LIST, "ticktext": LIST, "tickmode": {"array"}, "autotickangles": LIST,
    "tickangle": {"auto"}, "automargin": {True, False}, "fixedrange": bool, "gridcolor": COLOR, "gridwidth": NUM,
    "zerolinecolor": COLOR, "zerolinewidth": NUM, "zeroline": bool, "linecolor": COLOR, "linewidth": NUM,
    "showline": bool, "showgrid": bool, "showticklabels": bool, "visible": bool, "ticks": {""}, "tickfont": FONT,
    "title": {"standoff": NUM, "text": {""}, "font": FONT},
}
MARKER_LINE = {"color": (COLOR, LIST), "width": (NUM, LIST)}
TRACE_COMMON = {
    "type": str, "x": LIST, "y": LIST, "name": ANY, "customdata": ANY, "hovertemplate": ANY, "hovertext": ANY,
    "hoverinfo": ANY, "meta": ANY, "showlegend": ANY, "legendgroup": ANY, "uid": ANY, "xaxis": {"x"},
    "yaxis": {"y"}, "visible": {True}, "opacity": {1},
}
BAR = {
    **TRACE_COMMON, "orientation": {"v", "h"},
    "marker": {"color": (COLOR, LIST), "opacity": (NUM, LIST), "line": MARKER_LINE,
               "pattern": {"shape": {"", "."}, "fgcolor": COLOR, "bgcolor": COLOR, "solidity": NUM,
                           "fillmode": {"overlay"}, "size": NUM, "fgopacity": NUM}},
    "error_x": {"color": COLOR}, "error_y": {"color": COLOR},
}
SCATTER = {
    **TRACE_COMMON, "mode": {"lines", "markers", "lines+markers"}, "connectgaps": bool,
    "line": {"color": COLOR, "width": NUM, "dash": {"solid", "dash", "dot"}, "shape": {"linear", "hv"}},
    "marker": {"color": COLOR, "size": (NUM, LIST), "symbol": (str, LIST), "opacity": (NUM, LIST),
               "line": {"color": COLOR, "width": (NUM, LIST)}},
    "fillpattern": ANY, "fill": {"none"},
}
SHAPE = {
    "type": {"rect"}, "xref": {"x", "paper"}, "yref": {"y", "paper"}, "x0": ANY, "x1": ANY, "y0": ANY, "y1": ANY,
    "fillcolor": COLOR, "opacity": NUM, "line": {"width": NUM, "color": COLOR, "dash": {"solid"}},
    "layer": {"below", "above"}, "name": ANY, "visible": {True},
}
ANNOTATION = {
    "text": ANY, "xref": {"x", "paper"}, "yref": {"y", "paper"}, "x": ANY, "y": ANY,
    "xanchor": {"auto", "left", "center", "right"}, "yanchor": {"auto", "top", "middle", "bottom"},
    "xshift": NUM, "yshift": NUM, "showarrow": {False}, "align": {"left", "center", "right"}, "font": FONT,
    "name": ANY, "hovertext": ANY, "hoverlabel": ANY, "captureevents": ANY, "visible": {True},
    "arrowcolor": ANY, "arrowhead": ANY, "arrowwidth": ANY,  # template defaults: no arrow is drawn
}
LAYOUT = {
    "font": FONT, "paper_bgcolor": COLOR, "plot_bgcolor": COLOR, "separators": str,
    "margin": {"l": NUM, "r": NUM, "t": NUM, "b": NUM, "pad": NUM, "autoexpand": {True}},
    "barmode": {"stack", "group"}, "bargap": NUM, "bargroupgap": {0}, "xaxis": AXIS, "yaxis": AXIS,
    "shapes": [SHAPE], "annotations": [ANNOTATION], "colorway": LIST,
    "title": {"text": {""}, "x": ANY, "xanchor": ANY, "subtitle": {"text": {""}}, "font": ANY},
    "showlegend": {False}, "legend": ANY, "autosize": ANY, "hoverlabel": ANY, "hovermode": ANY, "meta": ANY,
    "template": ANY, "annotationdefaults": ANY, "shapedefaults": ANY, "autotypenumbers": ANY,
}
# what the figure's template (plotly.py's default one) may set: layout parts of other plot types are not read
TEMPLATE_LAYOUT = ("font", "paper_bgcolor", "plot_bgcolor", "colorway", "xaxis", "yaxis", "title",
                   "annotationdefaults", "shapedefaults", "autotypenumbers")


def check(value, spec, where: str) -> None:
    """Raise ValueError naming the first property of `value` that `spec` does not allow."""
    if spec is ANY:
        return
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object, got {value!r:.60}")
        for key, item in value.items():
            if key not in spec:
                raise ValueError(f"{where}.{key}: property not drawn by charts/svg.py")
            check(item, spec[key], f"{where}.{key}")
    elif isinstance(spec, list):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}: expected a list")
        for i, item in enumerate(value):
            check(item, spec[0], f"{where}[{i}]")
    elif isinstance(spec, set):
        if isinstance(value, list | tuple | dict) or value not in spec:
            supported = ", ".join(repr(v) for v in sorted(spec, key=str))
            raise ValueError(f"{where}: value {value!r:.60} not drawn by charts/svg.py (supported: {supported})")
    else:
        types = spec if isinstance(spec, tuple) else (spec,)
        if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            raise ValueError(f"{where}: value {value!r:.60} not drawn by charts/svg.py")


def merged(base: dict | None, over: dict | None) -> dict:
    """`over` on top of `base`, nested objects merged (a template under a figure's own properties)."""
    out = dict(base or {})
    for key, value in (over or {}).items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


# --- axes ---------------------------------------------------------------------------------------------------
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
            raise ValueError(f"{letter}axis.range: reversed axes are not drawn by charts/svg.py")
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
            raise ValueError(f"{axis.letter}axis: date spans under a few minutes are not drawn by charts/svg.py")
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


# --- the figure, read ---------------------------------------------------------------------------------------
@dataclass
class Bar:
    trace: int
    index: int
    x0: float
    x1: float
    y0: float
    y1: float


class Chart:
    """One figure at one size: its layout resolved the way plotly.js resolves it."""

    def __init__(self, figure: dict, width: int, height: int):
        if not isinstance(figure, dict) or set(figure) - {"data", "layout", "frames"} or figure.get("frames"):
            raise ValueError("figure: a dict with 'data' and 'layout' expected")
        if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
            raise ValueError(f"size: positive integer width and height expected, got {width!r}×{height!r}")
        self.width, self.height = width, height
        layout_in = figure.get("layout") or {}
        template = layout_in.get("template") or {}
        if not isinstance(template, dict):
            raise ValueError("layout.template: a template object expected")
        base = {k: v for k, v in (template.get("layout") or {}).items() if k in TEMPLATE_LAYOUT}
        layout = merged(base, layout_in)
        check(layout, LAYOUT, "layout")
        self.layout = layout
        self.font = merged({"family": "\"Open Sans\", verdana, arial, sans-serif", "size": 12, "color": "#444"},
                           layout.get("font"))
        self.paper = layout.get("paper_bgcolor", "#fff")
        self.plot_bg = layout.get("plot_bgcolor", "#fff")
        margin = merged({"l": 80, "r": 80, "t": 100, "b": 80, "pad": 0}, layout.get("margin"))
        self.margin = {k: float(margin[k]) for k in ("l", "r", "t", "b", "pad")}
        self.traces = [self._trace(i, t, template.get("data") or {}) for i, t in enumerate(figure.get("data") or [])]
        colorway = layout.get("colorway") or ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
        for i, trace in enumerate(self.traces):  # plotly's default colours, in copies of the trace's objects
            default = colorway[i % len(colorway)]
            trace["line"] = merged({"color": default}, trace.get("line"))
            trace["marker"] = merged({"color": trace["line"]["color"] if trace["type"] == "scatter" else default},
                                     trace.get("marker"))
        bars = [t for t in self.traces if t["type"] == "bar"]
        horizontal = {t.get("orientation", "v") == "h" for t in bars}
        if len(horizontal) > 1:
            raise ValueError("data[].orientation: bars of one chart share one orientation")
        self.horizontal = horizontal == {True}
        self.x = make_axis("x", layout.get("xaxis", {}), self.font, self.traces, layout_in)
        self.y = make_axis("y", layout.get("yaxis", {}), self.font, self.traces, layout_in)
        if bars:  # plotly draws no grid on the position axis of bars unless asked (gridcolor, gridwidth, showgrid)
            position = self.y if self.horizontal else self.x
            given = layout_in.get(f"{position.letter}axis") or {}
            position.grid_default = "gridcolor" in given or "gridwidth" in given
        self.barmode = layout.get("barmode", "group")
        self.bargap = float(layout.get("bargap", 0.2))
        self.annotations = [merged(merged({"xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}, layout.get(
            "annotationdefaults")), a) for a in layout.get("annotations", [])]
        self.shapes = [merged(layout.get("shapedefaults"), s) for s in layout.get("shapes", [])]
        for i, a in enumerate(self.annotations):
            check(a, ANNOTATION, f"layout.annotations[{i}]")
        for i, s in enumerate(self.shapes):
            check(s, SHAPE, f"layout.shapes[{i}]")

    def _trace(self, i: int, trace: dict, template: dict) -> dict:
        kind = trace.get("type", "scatter")
        if kind not in ("bar", "scatter"):
            raise ValueError(f"data[{i}].type: {kind!r} not drawn by charts/svg.py")
        defaults = (template.get(kind) or [{}])[0]
        trace = merged({k: v for k, v in defaults.items() if k != "type"}, trace)
        check(trace, BAR if kind == "bar" else SCATTER, f"data[{i}]")
        trace["type"] = kind
        if kind == "scatter" and "mode" not in trace:  # plotly's default
            trace["mode"] = "lines+markers" if len(trace.get("y", [])) < 20 else "lines"
        n = max(len(trace.get("x", [])), len(trace.get("y", [])))
        if len(trace.get("x", [])) != n or len(trace.get("y", [])) != n:
            raise ValueError(f"data[{i}].x: x and y of equal length expected")
        symbols = trace.get("marker", {}).get("symbol", "circle")
        for s in symbols if isinstance(symbols, LIST) else [symbols]:
            if s.removesuffix("-open") not in SYMBOLS:
                raise ValueError(f"data[{i}].marker.symbol: {s!r} not drawn by charts/svg.py")
        return trace

    # per-point style values
    @staticmethod
    def at(value, i, default=None):
        if isinstance(value, LIST):
            return value[i] if i < len(value) and value[i] is not None else default
        return default if value is None else value

    # --- geometry at one plot size
    def set_size(self, size: dict) -> None:
        self.size = size
        self.x.offset, self.x.length = size["l"], self.width - size["l"] - size["r"]
        self.y.offset, self.y.length = size["t"], self.height - size["t"] - size["b"]
        self.x.length, self.y.length = max(self.x.length, 1), max(self.y.length, 1)
        self.bars = self._bars()
        for axis in (self.x, self.y):
            if "range" not in axis.spec:
                axis.range = autorange(axis, self._extremes(axis))

    def _position_axis(self) -> tuple[Axis, Axis]:
        return (self.y, self.x) if self.horizontal else (self.x, self.y)

    def _bars(self) -> list[Bar]:
        """plotly's bar positions (cross_trace_calc): group or stack, bargap, one slot per trace in group mode
        when traces share positions; values as (position p0, p1, size s0, s1) in linear coordinates."""
        pa, sa = self._position_axis()
        letters = ("y", "x") if self.horizontal else ("x", "y")
        traces = [(i, t) for i, t in enumerate(self.traces) if t["type"] == "bar"]
        points = []
        for i, trace in traces:
            for j, (p, s) in enumerate(zip(trace[letters[0]], trace[letters[1]])):
                points.append((i, j, pa.d2l(p), s))
        positions = [p for _, _, p, _ in points if p is not None]
        distinct = sorted(set(positions))
        if pa.type == "category" or len(distinct) < 2:
            min_diff = 1.0
        else:
            min_diff = min(b - a for a, b in zip(distinct, distinct[1:]))
        self.bar_positions = [(p, min_diff / 2) for p in positions]
        group_width = min_diff * (1 - self.bargap)
        shared = len(positions) != len(distinct)
        out, stacks = [], {}
        for slot, (i, _) in enumerate(traces):
            if self.barmode == "group" and shared:
                width = group_width / len(traces)
                offset = ((2 * slot + 1 - len(traces)) * width - width) / 2
            else:
                width, offset = group_width, -group_width / 2
            for ti, j, p, s in points:
                if ti != i or p is None or not is_number(s):
                    continue
                base = 0.0
                if self.barmode == "stack":  # on top of what is below, whatever its sign ("relative" splits)
                    base = stacks.get(p, 0.0)
                    stacks[p] = base + s
                out.append(Bar(i, j, p + offset, p + offset + width, base, base + s))
        return out

    def _extremes(self, axis: Axis) -> list[tuple[float, float, bool]]:
        """What plotly's autorange keeps inside an axis without a range: bars' slots (no pad), lines and
        markers (5% padding and the marker radius)."""
        out = []
        pa, sa = self._position_axis()
        if self.bars and axis is sa:
            raise ValueError(f"{axis.letter}axis.range: the value axis of bars needs an explicit range")
        if axis is pa:
            out += [e for p, half in self.bar_positions for e in ((p - half, 0, False), (p + half, 0, False))]
        for trace in self.traces:
            if trace["type"] != "scatter":
                continue
            markers = "markers" in trace["mode"]
            sizes = trace.get("marker", {}).get("size", 6)
            for i, value in enumerate(trace[axis.letter]):
                v = axis.d2l(value)
                if v is None:
                    continue
                ppad = max(self.at(sizes, i, 6) / 1.6, 3) if markers else 0
                padded = markers or axis.letter == "y"
                out.append((v, ppad, padded))
        return out

    def pixel(self, axis: Axis, ref: str, value, where: str) -> float | None:
        """A shape's or annotation's coordinate in pixels: on an axis, or a fraction of the plot area. On a
        category axis a position is the category's index (plotly reads category names there its own way)."""
        if ref == "paper":
            if not is_number(value):
                raise ValueError(f"{where}: a paper coordinate is a number, not {value!r:.40}")
            if axis.letter == "x":
                return self.size["l"] + value * axis.length
            return self.size["t"] + (1 - value) * axis.length
        if axis.type == "category":
            if not is_number(value):
                raise ValueError(f"{where}: on a category axis, give the category's index, not {value!r:.40}")
            return axis.pos(float(value))
        v = axis.d2l(value)
        return None if v is None else axis.pos(v)


# --- labels, margins ----------------------------------------------------------------------------------------
@dataclass
class Label:
    lines: list[str]
    anchor_x: float  # where the text is anchored (absolute, before rotation)
    baseline: float
    anchor: str  # start | middle | end
    angle: float
    pivot: tuple[float, float]
    box: tuple[float, float, float, float]  # left, top, right, bottom, after rotation


def line_width(value, default: float = 1) -> float:
    """plotly's crispRound for an interactive plot: missing → default, under 1 → 1, else rounded."""
    if not is_number(value) or not value:
        return default
    return 1 if value < 1 else round(value)


def line_box(sizes: list[tuple[float, float, float]], anchor: str, x: float, top: float, bottom: float):
    """The bounding box of lines of text anchored at x: each line's advance placed by the anchor, widened by
    its ink overhang."""
    left = right = None
    for advance, before, after in sizes:
        start = x - {"start": 0, "middle": advance / 2, "end": advance}[anchor]
        left = start - before if left is None else min(left, start - before)
        right = start + advance + after if right is None else max(right, start + advance + after)
    return left, top, right, bottom


def rotated_box(rect, angle, pivot, dx):
    """The bounding box of `rect` (left, top, right, bottom) turned by `angle`° about `pivot`, moved by dx."""
    if not angle:
        return rect[0] + dx, rect[1], rect[2] + dx, rect[3]
    a = math.radians(angle)
    cos, sin = math.cos(a), math.sin(a)
    px, py = pivot
    xs, ys = [], []
    for x, y in ((rect[0], rect[1]), (rect[2], rect[1]), (rect[0], rect[3]), (rect[2], rect[3])):
        xs.append(px + (x - px) * cos - (y - py) * sin + dx)
        ys.append(py + (x - px) * sin + (y - py) * cos)
    return min(xs), min(ys), max(xs), max(ys)


def axis_labels(chart: Chart, axis: Axis, tick_list: list[Tick]) -> list[Label]:
    """Tick labels placed as plotly's makeLabelFns and drawLabels place them: x labels turned by
    `autotickangles` when their boxes at 0° would touch, and (off category axes) labels reaching past the
    chart's edge hidden, as plotly's default `ticklabeloverflow` "hide past div" hides them."""
    if not axis.spec.get("showticklabels", True):
        return []
    font = axis.font
    fs = font["size"]
    pad = chart.margin["pad"]
    showline = axis.showline
    lw_input = axis.spec.get("linewidth", 1) if showline else None
    standoff = (0.2 * fs if showline else 0) + (lw_input or 1) / 2
    lw = line_width(lw_input) if showline else 1
    ticks_ = [t for t in tick_list if t.text]
    asc, desc = ascent(fs), descent(fs)
    sizes = [[measure(line, fs) for line in t.text.split("\n")] for t in ticks_]
    extras = [(len(t.text.split("\n")) - 1) * LINE_SPACING * fs for t in ticks_]
    if axis.letter == "y":
        x = chart.x.offset - pad - lw / 2 - standoff
        out = []
        for tick, size, extra in zip(ticks_, sizes, extras):
            py = axis.pos(tick.value)
            base = py + fs * MID_SHIFT - 0.5 * extra
            box = line_box(size, "end", x, base - asc, base + desc + extra)
            out.append(Label(tick.text.split("\n"), x, base, "end", 0.0, (x, py), box))
        return visible_labels(chart, axis, out)
    baseline = chart.y.offset + chart.y.length + pad + lw / 2 + standoff + fs

    def place(angle: float) -> list[Label]:
        anchor = "middle" if angle in (0, 180) else ("end" if angle < 0 else "start")
        out = []
        for tick, size, extra in zip(ticks_, sizes, extras):
            px = axis.pos(tick.value)
            rect = line_box(size, anchor, 0.0, baseline - asc, baseline + desc + extra)
            box = rotated_box(rect, angle, (0.0, baseline - fs / 2), px)
            out.append(Label(tick.text.split("\n"), px, baseline, anchor, angle, (px, baseline - fs / 2), box))
        return out

    angles = axis.spec.get("autotickangles", [0, 30, 90])
    angle = 0.0
    if ticks_ and angles:
        angle = angles[0]
        flat = place(0.0)  # measured at 0°, where labels hidden past the chart's edge measure nothing
        shown = {id(label) for label in visible_labels(chart, axis, flat)}
        widths = [label.box[2] - label.box[0] if id(label) in shown else 0.0 for label in flat]
        pixels = [axis.l2p(t.value) for t in ticks_]
        boxes = [(p - w / 2, p + w / 2 + 2) for p, w in zip(pixels, widths)]
        if any(a[0] <= b[1] and b[0] <= a[1] for a, b in zip(boxes, boxes[1:])):
            lines = max(len(t.text.split("\n")) for t in ticks_)
            step = abs(pixels[-1] - pixels[0]) / (len(ticks_) - 1) if len(ticks_) > 1 else 0
            ratio = step / math.hypot(step, fs * 1.25 * lines)
            rads = [math.radians(a) for a in angles]
            pick = next((r for r in rads if abs(math.cos(r)) <= ratio), None)
            if pick is None:
                pick = min(rads, key=lambda r: abs(math.cos(r)))
            angle = math.degrees(pick)
    return visible_labels(chart, axis, place(0.0 if abs(angle) < 1e-9 else angle))


def visible_labels(chart: Chart, axis: Axis, labels: list[Label]) -> list[Label]:
    """Labels plotly shows: on all but category axes, none whose box leaves the chart."""
    if axis.type == "category":
        return labels
    if axis.letter == "x":
        return [label for label in labels if label.box[0] >= 0 and label.box[2] <= chart.width]
    return [label for label in labels if label.box[1] >= 0 and label.box[3] <= chart.height]


def pushes(chart: Chart, labels: dict[str, list[Label]]) -> dict[str, dict]:
    """Each axis' margin push (plotly's Axes.drawOne → Plots.autoMargin), before the 8-pixel pad."""
    out = {}
    for letter, axis in (("x", chart.x), ("y", chart.y)):
        if not axis.visible or not axis.spec.get("automargin", False):
            continue
        boxes = [label.box for label in labels[letter]]
        push = {"x": 0.0, "y": 0.0, "l": 0.0, "r": 0.0, "t": 0.0, "b": 0.0}
        if boxes:
            left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
            end = axis.offset + axis.length
            if letter == "x":  # the labels' depth below the plot, and how far they reach past its ends
                push["b"] = max(bottom - (chart.y.offset + chart.y.length), 0)
                past = {"r": ("xr", 1.0, right - end), "l": ("xl", 0.0, axis.offset - left)}
            else:
                push["l"] = max(chart.x.offset - left, 0)
                past = {"b": ("yb", 0.0, bottom - end), "t": ("yt", 1.0, axis.offset - top)}
            for side, (key, where, amount) in past.items():
                if amount > 0:
                    push[key], push[side] = where, amount
        out[letter] = push
    return out


def solve_margins(chart: Chart, found: dict[str, dict]) -> dict:
    """plotly's Plots.autoMargin + doAutoMargin: margins that fit every push, rounded."""
    m = chart.margin
    w, h = chart.width, chart.height
    room_w = max(0, w - min(max(w - m["l"] - m["r"], 2), MIN_REDUCED))
    room_h = max(0, h - min(max(h - m["t"] - m["b"], 2), MIN_REDUCED))
    pad = min(12, m["l"], m["r"], m["t"], m["b"])
    entries = {"base": {"l": (0, m["l"]), "r": (1, m["r"]), "t": (1, m["t"]), "b": (0, m["b"])}}
    for key, p in found.items():
        p = dict(p)
        if room_w and (p["l"] + p["r"]) / room_w > 1:
            scale = (p["l"] + p["r"]) / room_w
            p["l"], p["r"] = p["l"] / scale, p["r"] / scale
        if room_h and (p["t"] + p["b"]) / room_h > 1:
            scale = (p["t"] + p["b"]) / room_h
            p["t"], p["b"] = p["t"] / scale, p["b"] / scale
        entries[key] = {"l": (p.get("xl", p["x"]), p["l"] + pad), "r": (p.get("xr", p["x"]), p["r"] + pad),
                        "t": (p.get("yt", p["y"]), p["t"] + pad), "b": (p.get("yb", p["y"]), p["b"] + pad)}
    s, u, f, v = m["l"], m["r"], m["t"], m["b"]
    for q in entries.values():
        (nl, bl), (nb, hb) = q["l"], q["b"]
        for o in entries.values():
            (xr, jr), (nt, ft) = o["r"], o["t"]
            if xr > nl:
                z = (bl * xr + (jr - w) * nl) / (xr - nl)
                ee = (jr * (1 - nl) + (bl - w) * (1 - xr)) / (xr - nl)
                if z + ee > s + u:
                    s, u = z, ee
            if nt > nb:
                we = (hb * nt + (ft - h) * nb) / (nt - nb)
                jj = (ft * (1 - nb) + (hb - h) * (1 - nt)) / (nt - nb)
                if we + jj > v + f:
                    v, f = we, jj
    if room_w and (s + u) / room_w > 1:
        scale = (s + u) / room_w
        s, u = s / scale, u / scale
    if room_h and (v + f) / room_h > 1:
        scale = (v + f) / room_h
        v, f = v / scale, f / scale
    return {"l": js_round(s), "r": js_round(u), "t": js_round(f), "b": js_round(v)}


def translucent(color: str) -> bool:
    """Whether a CSS colour has an alpha below 1 (rgba/hsla, #rgba, #rrggbbaa, transparent)."""
    color = color.strip().lower()
    if color == "transparent":
        return True
    if color.startswith("#"):
        return len(color) in (5, 9) and color[-(len(color) - 1) // 4:] not in ("f", "ff")
    found = re.match(r"(?:rgba|hsla)\(([^)]*)\)", color)
    return bool(found) and float(found.group(1).split(",")[-1]) < 1


def js_round(value: float) -> int:
    """JavaScript's Math.round (halves up), not Python's banker's rounding."""
    return math.floor(value + 0.5)


def lay_out(chart: Chart) -> dict[str, list[Label]]:
    """Draw, measure the labels, grow the margins, draw again: plotly's loop until no margin moves by more
    than a pixel (at most 8 redraws, after which plotly keeps the last drawn size)."""
    size = {k: js_round(chart.margin[k]) for k in ("l", "r", "t", "b")}
    for _ in range(9):
        chart.set_size(size)
        labels = {}
        for letter, axis in (("x", chart.x), ("y", chart.y)):
            axis.ticks = calc_ticks(axis) if axis.visible else []
            labels[letter] = axis_labels(chart, axis, axis.ticks) if axis.visible else []
        new = solve_margins(chart, pushes(chart, labels))
        moved = [new[k] - size[k] for k in size] + [new["l"] + new["r"] - size["l"] - size["r"],
                                                    new["t"] + new["b"] - size["t"] - size["b"]]
        if all(abs(d) <= 1 for d in moved):
            break
        size = new
    return labels


# --- drawing ------------------------------------------------------------------------------------------------
def num(value: float) -> str:
    """A coordinate, to 1/100 px, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def attr(value) -> str:
    """Text or an attribute value, escaped for XML (characters XML cannot hold are left out)."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def dash_array(dash: str, width: float) -> str | None:
    """plotly's Drawing.dashStyle for the named dashes."""
    if dash in (None, "solid"):
        return None
    unit = max(width, 3)
    return {"dot": f"{num(unit)},{num(unit)}", "dash": f"{num(3 * unit)},{num(3 * unit)}"}[dash]


def symbol_path(symbol: str, r: float, x: float, y: float) -> str:
    """plotly's marker paths (components/drawing/symbol_defs.js) for circle, square and diamond."""
    r = round(r, 2)
    if symbol == "circle":
        return f"M{num(x + r)},{num(y)}A{num(r)},{num(r)} 0 1,1 {num(x)},{num(y - r)}A{num(r)},{num(r)} 0 0,1 " \
               f"{num(x + r)},{num(y)}Z"
    if symbol == "square":
        return f"M{num(x + r)},{num(y + r)}H{num(x - r)}V{num(y - r)}H{num(x + r)}Z"
    d = round(r * 1.3, 2)
    return f"M{num(x + d)},{num(y)}L{num(x)},{num(y + d)}L{num(x - d)},{num(y)}L{num(x)},{num(y - d)}Z"


def text_element(x: float, y: float, lines: list[str], size: float, extra: str = "") -> str:
    """One <text>; further lines as <tspan>s LINE_SPACING em apart, as plotly's convertToTspans lays them."""
    if len(lines) == 1:
        return f'<text x="{num(x)}" y="{num(y)}"{extra}>{attr(lines[0])}</text>'
    spans = "".join(f'<tspan x="{num(x)}" dy="{num(LINE_SPACING * size) if i else 0}">{attr(s)}</tspan>'
                    for i, s in enumerate(lines))
    return f'<text x="{num(x)}" y="{num(y)}"{extra}>{spans}</text>'


class Drawing:
    """The SVG markup of a laid-out chart, in plotly's layer order."""

    def __init__(self, chart: Chart, labels: dict[str, list[Label]], title: str, key: str):
        self.c, self.labels, self.title, self.key = chart, labels, title, key
        self.defs: list[str] = []
        self.patterns: dict[tuple, str] = {}

    def svg(self) -> str:
        c = self.c
        body = [f'<rect width="{c.width}" height="{c.height}" fill="{attr(c.paper)}"/>']
        clip_id = f"{self.key}-c"
        plot = (c.x.offset, c.y.offset, c.x.length, c.y.length)
        self.defs.append(f'<clipPath id="{clip_id}"><rect x="{num(plot[0])}" y="{num(plot[1])}" '
                         f'width="{num(plot[2])}" height="{num(plot[3])}"/></clipPath>')
        pad = c.margin["pad"]
        if c.plot_bg.lower() != c.paper.lower() and c.x.visible:
            body.append(f'<rect x="{num(plot[0] - pad)}" y="{num(plot[1] - pad)}" width="{num(plot[2] + 2 * pad)}" '
                        f'height="{num(plot[3] + 2 * pad)}" fill="{attr(c.plot_bg)}"/>')
        body += self.shapes("below", clip_id)
        body += self.grid()
        traces = [self.bars(i, t) if t["type"] == "bar" else self.lines(i, t) for i, t in enumerate(c.traces)]
        if any(traces):
            body.append(f'<g clip-path="url(#{clip_id})">{"".join(traces)}</g>')
        body += self.axis_lines()
        body += self.tick_labels()
        body += self.shapes("above", clip_id)
        body += self.annotations()
        title_id = f"{self.key}-t"
        defs = f'<defs>{"".join(self.defs)}</defs>'
        font = c.font
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {c.width} {c.height}" role="img" '
                f'aria-labelledby="{title_id}" font-family="{attr(font["family"])}" font-size="{num(font["size"])}" '
                f'fill="{attr(font["color"])}"><title id="{title_id}">{attr(self.title)}</title>{defs}'
                f'{"".join(body)}</svg>')

    # layers
    def shapes(self, layer: str, clip_id: str) -> list[str]:
        c = self.c
        out = []
        for i, s in enumerate(c.shapes):
            if s.get("layer", "above") != layer:
                continue
            where = f"layout.shapes[{i}]"
            xs = [c.pixel(c.x, s.get("xref", "x"), s.get(k), f"{where}.{k}") for k in ("x0", "x1")]
            ys = [c.pixel(c.y, s.get("yref", "y"), s.get(k), f"{where}.{k}") for k in ("y0", "y1")]
            if None in xs or None in ys:
                continue
            line = s.get("line", {})
            width = line.get("width", 2)
            stroke = f' stroke="{attr(line.get("color", "#444"))}" stroke-width="{num(width)}"' if width else ""
            opacity = s.get("opacity", 1)
            out.append(f'<path class="shape" d="M{num(xs[0])},{num(ys[0])}H{num(xs[1])}V{num(ys[1])}H{num(xs[0])}Z"'
                       f' fill="{attr(s.get("fillcolor", "rgba(0,0,0,0)"))}"'
                       + (f' opacity="{num(opacity)}"' if opacity != 1 else "") + stroke + "/>")
        if not out:
            return []
        clipped = any(s.get("xref", "x") != "paper" or s.get("yref", "y") != "paper" for s in c.shapes)
        clip = f' clip-path="url(#{clip_id})"' if clipped else ""
        return [f'<g class="shapes"{clip}>{"".join(out)}</g>']

    def grid(self) -> list[str]:
        c = self.c
        out = []
        for axis, other in ((c.x, c.y), (c.y, c.x)):
            if not axis.visible:
                continue
            spec = axis.spec
            zero = self._zero_line(axis)
            vals = [t.value for t in axis.ticks if 1 < axis.l2p(t.value) < axis.length - 1]
            if zero:
                vals = [v for v in vals if (v != 0 if "tickvals" in spec else abs(v) >= 1e-9)]
            if spec.get("showgrid", axis.grid_default):
                width = line_width(spec.get("gridwidth", 1))
                color = attr(spec.get("gridcolor", "#eee"))
                for v in vals:
                    out.append(self._rule(axis, other, v, color, width, "grid"))
            if zero:
                width = line_width(spec.get("zerolinewidth", 1))
                out.append(self._rule(axis, other, 0.0, attr(spec.get("zerolinecolor", "#444")), width,
                                      "grid zeroline"))
        return [f'<g shape-rendering="crispEdges" fill="none">{"".join(out)}</g>'] if out else []

    def _zero_line(self, axis: Axis) -> bool:
        """plotly's shouldShowZeroLine: zero in range, and not drawn over the other axis' line unless zero is
        inside the plot or bars grow from it."""
        c = self.c
        r0, r1 = axis.range
        if not (axis.type == "linear" and r0 * r1 <= 0 and axis.spec.get("zeroline", True)):
            return False
        if 1 < axis.l2p(0) < axis.length - 1:
            return True
        if any(t["type"] == "bar" and c.horizontal == (axis.letter == "x") for t in c.traces):
            return True
        other = c.y if axis.letter == "x" else c.x
        if not other.visible or not other.showline:
            return True
        lw = line_width(other.spec.get("linewidth", 1))
        edge = axis.offset + (0 if (abs(r0) < abs(r1)) == (axis.letter == "x") else axis.length)
        if other.letter == "x":
            line = c.y.offset + c.y.length + c.margin["pad"] + lw / 2
        else:
            line = c.x.offset - c.margin["pad"] - lw / 2
        return abs(line - edge) >= max((lw + axis.spec.get("zerolinewidth", 1)) / 2, 1)

    @staticmethod
    def _rule(axis: Axis, other: Axis, v: float, color: str, width: float, cls: str) -> str:
        p = axis.pos(v)
        if axis.letter == "x":
            d = f"M{num(p)},{num(other.offset)}v{num(other.length)}"
        else:
            d = f"M{num(other.offset)},{num(p)}h{num(other.length)}"
        return f'<path class="{cls}" d="{d}" stroke="{color}" stroke-width="{num(width)}"/>'

    def bars(self, i: int, trace: dict) -> str:
        c = self.c
        marker = trace.get("marker", {})
        line = marker.get("line", {})
        pattern = marker.get("pattern", {})
        color = marker.get("color")
        group_fill = color if isinstance(color, str) else None
        pa, sa = c._position_axis()
        plot = (c.x.offset, c.y.offset, c.x.offset + c.x.length, c.y.offset + c.y.length)
        out = []
        for bar in (b for b in c.bars if b.trace == i):
            j = bar.index
            p0, p1 = pa.pos(bar.x0), pa.pos(bar.x1)
            s0 = sa.offset + sa.l2p(sa.c2l_clip(bar.y0))
            s1 = sa.offset + sa.l2p(sa.c2l_clip(bar.y1))
            width = float(c.at(line.get("width"), j, 0) or 0)
            fill = c.at(color, j, "#444")
            if s0 == s1 and not width:
                continue
            if not translucent(fill) and width <= 0.01:  # plotly widens bars under 2 px to whole pixels
                p0 = self._thin(p0, p1)
                p1 = self._thin(p1, p0)
                s0 = self._thin(s0, s1, True)
                s1 = self._thin(s1, s0, True)
            x0, x1, y0, y1 = (s0, s1, p0, p1) if c.horizontal else (p0, p1, s0, s1)
            slack = width + 1  # an outline at the plot's edge stays outside its clip, as in plotly
            left, right = max(min(x0, x1), plot[0] - slack), min(max(x0, x1), plot[2] + slack)
            top, bottom = max(min(y0, y1), plot[1] - slack), min(max(y0, y1), plot[3] + slack)
            if right < left or bottom < top:
                continue
            extra = ""
            if c.at(pattern.get("shape"), j, ""):
                extra += f' fill="{self._pattern(fill, pattern)}"'
            elif fill != group_fill:
                extra += f' fill="{attr(fill)}"'
            opacity = float(c.at(marker.get("opacity"), j, 1))
            if opacity != 1:
                extra += f' opacity="{num(opacity)}"'
            if width > 0:
                extra += f' stroke="{attr(c.at(line.get("color"), j, "#444"))}" stroke-width="{num(width)}"'
            if right == left or bottom == top:  # a zero bar with an outline: plotly strokes a flat path
                out.append(f'<path d="M{num(left)},{num(top)}H{num(right)}V{num(bottom)}Z"{extra}/>')
            else:
                out.append(f'<rect x="{num(left)}" y="{num(top)}" width="{num(right - left)}" '
                           f'height="{num(bottom - top)}"{extra}/>')
        if not out:
            return ""
        fill = f' fill="{attr(group_fill)}"' if group_fill else ""
        return f'<g class="trace bars"{fill}>{"".join(out)}</g>'

    @staticmethod
    def _thin(v: float, other: float, keep_equal: bool = False) -> float:
        if keep_equal and v == other:
            return v
        if abs(v - other) >= 2:
            return v
        return math.ceil(v) if v > other else math.floor(v)

    def _pattern(self, color: str, pattern: dict) -> str:
        """A dotted fill as plotly's Drawing.pattern makes it: marker colour under dots of the fg colour."""
        size = float(pattern.get("size", 8))
        solidity = float(pattern.get("solidity", 0.3))
        fg = pattern.get("fgcolor", "#fff")
        bg = pattern.get("bgcolor", color)
        opacity = float(pattern.get("fgopacity", 0.5))
        key = (color, bg, fg, size, solidity, opacity)
        if key not in self.patterns:
            pid = f"{self.key}-p{len(self.patterns)}"
            self.patterns[key] = pid
            if solidity < math.pi / 4:
                r = math.sqrt(solidity * size * size / math.pi)
            else:
                r = size / 2 + (size / math.sqrt(2) - size / 2) * (solidity - math.pi / 4) / (1 - math.pi / 4)
            self.defs.append(
                f'<pattern id="{pid}" width="{num(size)}" height="{num(size)}" patternUnits="userSpaceOnUse" '
                f'patternTransform="translate({num(self.c.x.offset)},{num(self.c.y.offset)})">'
                f'<rect width="{num(size)}" height="{num(size)}" fill="{attr(bg)}"/>'
                f'<circle cx="{num(size / 2)}" cy="{num(size / 2)}" r="{num(r)}" fill="{attr(fg)}"'
                f' opacity="{num(opacity)}"/></pattern>')
        return f"url(#{self.patterns[key]})"

    def lines(self, i: int, trace: dict) -> str:
        c = self.c
        mode = trace["mode"]
        points = []
        for j, (xv, yv) in enumerate(zip(trace["x"], trace["y"])):
            lx, ly = c.x.d2l(xv), c.y.d2l(yv)
            points.append(None if lx is None or ly is None else (j, c.x.pos(lx), c.y.pos(ly)))
        out = []
        if "lines" in mode:
            line = trace.get("line", {})
            width = float(line.get("width", 2))
            segments, current = [], []
            for p in points:
                if p is None:
                    if not trace.get("connectgaps", False) and current:
                        segments.append(current)
                        current = []
                    continue
                current.append(p)
            if current:
                segments.append(current)
            d = ""
            for seg in segments:
                if len(seg) < 2:
                    continue
                d += f"M{num(seg[0][1])},{num(seg[0][2])}"
                for _, x1, y1 in seg[1:]:
                    if line.get("shape", "linear") == "hv":
                        d += f"H{num(x1)}V{num(y1)}"
                    else:
                        d += f"L{num(x1)},{num(y1)}"
            if d and width > 0:
                dash = dash_array(line.get("dash"), width)
                out.append(f'<path class="line" d="{d}" fill="none" stroke="{attr(line.get("color", "#444"))}" '
                           f'stroke-width="{num(width)}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        if "markers" in mode:
            marker = trace.get("marker", {})
            color = marker.get("color", "#444")
            mline = marker.get("line", {})
            marks = []
            for p in points:
                if p is None:
                    continue
                j, x, y = p
                symbol = c.at(marker.get("symbol"), j, "circle")
                size = float(c.at(marker.get("size"), j, 6))
                opacity = float(c.at(marker.get("opacity"), j, 1))
                width = float(c.at(mline.get("width"), j, 0) or 0)
                d = symbol_path(symbol.removesuffix("-open"), size / 2, x, y)
                if symbol.endswith("-open"):
                    style = f' fill="none" stroke="{attr(color)}" stroke-width="{num(width or 1)}"'
                else:
                    style = f' stroke="{attr(mline.get("color", "#444"))}" stroke-width="{num(width)}"' if width else \
                        ""
                if opacity != 1:
                    style += f' opacity="{num(opacity)}"'
                marks.append(f'<path d="{d}"{style}/>')
            if marks:
                out.append(f'<g class="points" fill="{attr(color)}">{"".join(marks)}</g>')
        return f'<g class="trace lines">{"".join(out)}</g>' if out else ""

    def axis_lines(self) -> list[str]:
        c = self.c
        out = []
        for axis in (c.x, c.y):
            if not axis.visible or not axis.showline:
                continue
            lw = line_width(axis.spec.get("linewidth", 1))
            color = attr(axis.spec.get("linecolor", "#444"))
            if axis.letter == "x":
                y = c.y.offset + c.y.length + c.margin["pad"] + lw / 2
                d = f"M{num(axis.offset)},{num(y)}h{num(axis.length)}"
            else:
                x = c.x.offset - c.margin["pad"] - lw / 2
                d = f"M{num(x)},{num(axis.offset)}v{num(axis.length)}"
            out.append(f'<path d="{d}" stroke="{color}" stroke-width="{num(lw)}"/>')
        return [f'<g class="axis-lines" shape-rendering="crispEdges">{"".join(out)}</g>'] if out else []

    def tick_labels(self) -> list[str]:
        c = self.c
        out = []
        for letter, axis in (("x", c.x), ("y", c.y)):
            labels = self.labels[letter]
            if not labels:
                continue
            font = axis.font
            texts = []
            anchors = {label.anchor for label in labels}
            common = anchors.pop() if len(anchors) == 1 else None
            for label in labels:
                extra = "" if common else f' text-anchor="{label.anchor}"'
                if label.angle:
                    extra += f' transform="rotate({num(label.angle)},{num(label.pivot[0])},{num(label.pivot[1])})"'
                texts.append(text_element(label.anchor_x, label.baseline, label.lines, font["size"], extra))
            group = f'<g class="{letter}tick"' + (f' text-anchor="{common}"' if common else "")
            group += self._font_attrs(font)
            out.append(f'{group}>{"".join(texts)}</g>')
        return out

    def _font_attrs(self, font: dict) -> str:
        base = self.c.font
        extra = ""
        if font.get("family", base["family"]) != base["family"]:
            extra += f' font-family="{attr(font["family"])}"'
        if font.get("size", base["size"]) != base["size"]:
            extra += f' font-size="{num(font["size"])}"'
        if font.get("color", base["color"]) != base["color"]:
            extra += f' fill="{attr(font["color"])}"'
        return extra

    def annotations(self) -> list[str]:
        """Each annotation where plotly's annotations/draw.js puts it: a box of the text plus 2 px (border and
        pad) on each side, anchored at its point, moved by its shifts and rounded to whole pixels."""
        c = self.c
        out = []
        for i, a in enumerate(c.annotations):
            text = plain(a.get("text", ""), f"layout.annotations[{i}].text")
            if not text:
                continue
            font = merged(c.font, a.get("font"))
            fs = font["size"]
            width, before, after = measure(text, fs)
            box_w = js_round(width + before + after + 4)
            box_h = js_round(ascent(fs) + descent(fs) + 4)
            centre = {}
            for letter, axis, size in (("x", c.x, box_w), ("y", c.y, box_h)):
                ref = a.get(f"{letter}ref", "paper")
                value = a.get(letter, 0.5)
                p = c.pixel(axis, ref, value, f"layout.annotations[{i}].{letter}")
                if ref == "paper":
                    frac = value if letter == "x" else 1 - value
                elif p is None or not 0 <= (p - axis.offset) / axis.length <= 1:  # plotly drops it
                    centre = None
                    break
                else:
                    frac = 0.5
                anchor = a.get(f"{letter}anchor", "auto")
                share = {"center": 0, "middle": 0, "left": 0.5, "bottom": -0.5, "right": -0.5, "top": 0.5,
                         "auto": 0.5 if frac < 1 / 3 else -0.5 if frac > 2 / 3 else 0}[anchor]
                shift = a.get(f"{letter}shift", 0) * (1 if letter == "x" else -1)
                centre[letter] = p + size * share + shift
            if centre is None:
                continue
            left = js_round(centre["x"] - box_w / 2)
            top = js_round(centre["y"] - box_h / 2)
            align = a.get("align", "center")
            anchor = {"left": "start", "right": "end"}.get(align, "middle")
            x = left + 2 + before + {"start": 0, "middle": width / 2, "end": width}[anchor]
            y = top + 2 + ascent(fs)
            extra = (f' text-anchor="{anchor}"' if anchor != "start" else "") + self._font_attrs(font)
            out.append(text_element(x, y, [text], fs, extra))
        return [f'<g class="annotation">{"".join(out)}</g>'] if out else []


# --- the API ------------------------------------------------------------------------------------------------
ID = "\x00"  # stands for the chart's id in the markup until the markup is complete: text never contains it


def render(figure: dict, width: int, height: int, *, title: str = "") -> str:
    """A standalone <svg> of `figure` (a dict, as `figures.screen` returns) drawn in a width × height box as
    plotly.js would draw it there; `title` names it for assistive technology. Ids inside (title, clip,
    patterns) are derived from a hash of the drawing, so the same figure gives the same bytes."""
    if hasattr(figure, "to_plotly_json"):
        figure = figure.to_plotly_json()
    chart = Chart(figure, width, height)
    labels = lay_out(chart)
    markup = Drawing(chart, labels, title, ID).svg()
    return markup.replace(ID, "s" + hashlib.sha1(markup.encode("utf-8")).hexdigest()[:10])


def render_set(figure: dict, sizes, *, title: str = "") -> str:
    """One render per (width, height), each `<svg class="w{width}">`, for the page's CSS to show the one that
    fits its width class."""
    out = []
    for width, height in sizes:
        svg = render(figure, width, height, title=title)
        out.append(svg.replace("<svg ", f'<svg class="w{width}" ', 1))
    return "".join(out)

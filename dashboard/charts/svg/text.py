"""Text as plotly.js measures and places it (src/lib/svg_text_utils.js, `Drawing.bBox` in src/components/drawing):
the one owner of text measurement in charts/, for the static SVG and for the export layout (charts/sizes.py)."""

from __future__ import annotations

import bisect
import logging
import math
import re
import struct
import unicodedata
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
EXPORT_FONT_FILE = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
# Liberation Sans's (= Arial's) advances for U+0020..U+007E: the estimate when EXPORT_FONT_FILE is missing.
EXPORT_ASCII_ADVANCES = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
    556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, 334, 260, 334, 584,
)


# plotly.js constants (src/constants/alignment.js, numerical.js)
LINE_SPACING, MID_SHIFT = 1.3, 0.35


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
    """The stand-in when a font file is missing: a table of its ASCII advances; `measure` gives wide characters
    one em."""

    units = 1000

    def __init__(self, advances: tuple[int, ...], ascent: int, descent: int):
        self.advances, self.ascent, self.descent = advances, ascent, descent

    def glyph(self, char: str) -> tuple[int, int, int] | None:
        code = ord(char)
        if 32 <= code < 127:
            return self.advances[code - 32], 0, 0
        return None


def _read(path: Path, stand_in: AsciiFont) -> Font | AsciiFont:
    try:
        return Font(path)
    except (ImportError, OSError) as error:
        logging.getLogger(__name__).warning("charts/svg measures text without %s: %s", path, error)
        return stand_in


@cache
def font():
    """The screen chart font's metrics (style.FONT), read once per process: NanumGothic, or the ASCII stand-in."""
    return _read(FONT_FILE, AsciiFont(ASCII_ADVANCES, 920, 230))


@cache
def export_font():
    """The export font's metrics (style.EXPORT_FONT), read once per process: Liberation Sans, or the stand-in."""
    return _read(EXPORT_FONT_FILE, AsciiFont(EXPORT_ASCII_ADVANCES, 905, 212))


def measure(text: str, size: float, metrics=None) -> tuple[float, float, float]:
    """One line of text at `size` px in `metrics` (the chart font unless given): its advance (where the next text
    would start) and how far its ink reaches past its start and end, as Chromium's bounding boxes count it (glyph
    extents rounded out to whole pixels)."""
    f = metrics or font()
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
            raise ValueError(f"{where}: markup {part!r} is not drawn by charts/svg")
    return _ENTITY.sub(_entity, text)



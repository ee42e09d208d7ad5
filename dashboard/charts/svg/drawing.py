"""The SVG markup of a laid-out chart, element by element as plotly.js draws it (src/components/drawing,
src/traces/bar/plot.js, src/traces/scatter/plot.js, src/components/shapes and annotations)."""

from __future__ import annotations

import html
import math
import re

from dashboard.charts.svg.axes import Axis
from dashboard.charts.svg.chart import Chart
from dashboard.charts.svg.checks import merged
from dashboard.charts.svg.margins import Label, js_round, line_width
from dashboard.charts.svg.text import LINE_SPACING, ascent, descent, measure, plain


def translucent(color: str) -> bool:
    """Whether a CSS colour has an alpha below 1 (rgba/hsla, #rgba, #rrggbbaa, transparent)."""
    color = color.strip().lower()
    if color == "transparent":
        return True
    if color.startswith("#"):
        return len(color) in (5, 9) and color[-(len(color) - 1) // 4:] not in ("f", "ff")
    found = re.match(r"(?:rgba|hsla)\(([^)]*)\)", color)
    return bool(found) and float(found.group(1).split(",")[-1]) < 1


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
                d += f"M{num(seg[0][1])},{num(seg[0][2])}"
                if len(seg) < 2:  # a point alone between gaps: plotly.js writes its segment as "Mx,yZ" (no ink)
                    d += "Z"
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



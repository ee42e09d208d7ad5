"""Tick labels placed and margins grown to fit them, as plotly.js does it (`Axes.drawLabels`, `Plots.doAutoMargin`
in src/plots/plots.js)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.charts.svg.axes import Axis, Tick, calc_ticks, is_number
from dashboard.charts.svg.chart import Chart
from dashboard.charts.svg.text import LINE_SPACING, MID_SHIFT, ascent, descent, measure

MIN_REDUCED = 64  # layout.minreducedwidth / minreducedheight


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



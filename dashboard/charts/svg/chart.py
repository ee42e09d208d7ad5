"""A figure read at one size, its layout resolved the way plotly.js supplies defaults
(src/plots/plots.js `supplyDefaults`, src/traces/bar and scatter)."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.charts.svg.axes import Axis, autorange, is_number, make_axis
from dashboard.charts.svg.checks import ANNOTATION, BAR, LAYOUT, LIST, SCATTER, SHAPE, TEMPLATE_LAYOUT, check, merged

SYMBOLS = {"circle", "square", "diamond"}


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
            raise ValueError(f"data[{i}].type: {kind!r} not drawn by charts/svg")
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
                raise ValueError(f"data[{i}].marker.symbol: {s!r} not drawn by charts/svg")
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



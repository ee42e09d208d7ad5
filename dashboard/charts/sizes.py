"""A built figure laid out for one fixed image size (charts/style.py `SIZES`): a pure function, figure in, figure out.

The page's figures are responsive; an exported image has one width and height, and its title, subtitle and source
line must be whole in it. `fit` measures every text with the export font's metrics (Liberation Sans = Arial for
Latin, a full em for Hangul and other wide characters; measured by charts/svg/text.py, the one owner of text
measurement), wraps the title, subtitle, notes and event labels to the width, and sets the margins from what the
texts need, so that nothing is cut off and no two texts overlap:

- title and subtitle become annotations above the plot, at the image's left padding;
- the y axis's unit is written horizontally above the axis (never rotated Hangul);
- the y tick labels (values, or a horizontal bar chart's categories) set the left margin;
- the legend sits between the subtitle and the plot, in as many rows as plotly.js wraps it to; x tick labels turn
  45° only when they do not fit flat;
- the source line and notes wrap under the tick labels;
- event labels wrap and are stacked from the top of the plot where they would collide;
- without fill patterns (style.EXPORT_PATTERNS), a bar chart of men and women names each series at the end of its
  bars (style.DIRECT_LABELS), so the two stay apart without colour.
"""

from __future__ import annotations

import html
import math
import re

import plotly.graph_objects as go

from dashboard.charts.style import DIRECT_LABELS, EXPORT_FONT, EXPORT_PATTERNS, MUTED, SIZE_SCALE, SIZES
from dashboard.charts.svg.text import export_font, measure

SAFETY = 1.06  # estimates run a little wide, never narrow
LINE = 1.3  # line height, in ems
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """The characters a plotly text shows: tags dropped, entities read."""
    return html.unescape(_TAG.sub("", str(text or "")))


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of plotly text at a font size, in the export font."""
    return measure(plain(text), size, export_font())[0] * SAFETY


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` pixels, broken at spaces; a word longer than a line is broken between characters.
    Existing line breaks (<br>) are kept."""
    lines: list[str] = []
    for paragraph in re.split(r"<br\s*/?>", str(text or "")):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size) > width and len(word) > 1:
                cut = max(1, max(n for n in range(1, len(word) + 1) if text_width(word[:n], size) <= width)
                          if text_width(word[:1], size) <= width else 1)
                cut = _safe_cut(word, cut)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _safe_cut(word: str, cut: int) -> int:
    """Never cut inside an HTML entity (&amp;)."""
    start = word.rfind("&", 0, cut)
    if start != -1 and ";" in word[start:] and word.find(";", start) >= cut:
        return start or cut
    return cut


def _block(lines: list[str], size: float) -> float:
    return len(lines) * size * LINE if lines and any(lines) else 0.0


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _values(fig: go.Figure, stacked: bool) -> list[float]:
    traces = [t for t in fig.data if getattr(t, "y", None) is not None]
    if stacked:
        totals: dict = {}
        for trace in traces:
            for x, y in zip(trace.x, trace.y):
                if y is not None:
                    totals[x] = totals.get(x, 0) + y
        return list(totals.values())
    # a horizontal bar chart's y are its categories: only numbers are values
    return [y for t in traces for y in t.y
            if isinstance(y, int | float) and not (isinstance(y, float) and math.isnan(y))]


def _tick_width(fig: go.Figure, size: float, stacked: bool) -> float:
    """The widest y tick label the axis can show: its explicit tick texts or categories, else from the data's
    extent."""
    named = _labels(fig.layout.yaxis)
    if named:
        return max(text_width(label, size) for label in named)
    values = _values(fig, stacked)
    if not values:
        return text_width("0", size)
    axis = fig.layout.yaxis
    top = _nice_ceiling(max(abs(v) for v in values))
    label = f"{top:,.0f}" if (axis.tickformat or ",") != ".0f" else f"{top:.0f}"
    if min(values) < 0:
        label = "-" + label
    return text_width(label + (axis.ticksuffix or ""), size)


def _labels(axis) -> list[str]:
    """The labels an axis names itself: its explicit tick texts, else its categories."""
    return [plain(text) for text in axis.ticktext or ()] or [str(c) for c in axis.categoryarray or ()]


def _x_labels(fig: go.Figure) -> list[str]:
    labels = _labels(fig.layout.xaxis)
    if labels:
        return labels
    labels = []
    for trace in fig.data:
        labels += [str(x) for x in (trace.x or ()) if str(x) not in labels]
    if fig.layout.xaxis.type == "date":
        return ["2026-01"]  # plotly's date ticks: a year, or a month and a year
    return labels


def _legend_height(fig: go.Figure, size: float, width: float) -> float:
    """The height of plotly's horizontal legend: one row if every item (40 px of symbol and gap, its name, 5 px)
    fits the plot's width, else rows of equal columns as wide as the widest item; each row a line and 6 px."""
    items = [45 + text_width(trace.name, size) for trace in fig.data]
    per_row = len(items) if sum(items) <= width else max(1, int(width // max(items)))
    return math.ceil(len(items) / per_row) * (size * LINE + 6) + 4


def _marker_reach(fig: go.Figure) -> float:
    """How far the largest marker (and its outline) reaches past its point: the room an unclipped end marker
    needs beside the plot."""
    reach = [0.0]
    for trace in fig.data:
        if trace.type == "scatter" and trace.marker.size is not None:
            sizes = trace.marker.size if isinstance(trace.marker.size, tuple | list) else [trace.marker.size]
            outline = (trace.marker.line.width or 0) if trace.marker.line else 0
            reach.append(max(sizes) / 2 + outline)
    return max(reach)


def fit(fig: go.Figure, size: str = "default") -> go.Figure:
    """A copy of `fig` laid out for SIZES[size], in the export font, with every text whole and apart."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}: choose one of {', '.join(SIZES)}")
    width, height = SIZES[size]
    k = SIZE_SCALE[size]
    fig = go.Figure(fig)
    layout = fig.layout
    pad = round(12 * k) if width < 600 else round(20 * k)
    body, small = 12 * k, 11 * k
    title_size, subtitle_size = (15 if width < 600 else 19) * k, 13 * k
    stacked = layout.barmode == "stack"
    bars = [t for t in fig.data if t.type == "bar"]
    if not EXPORT_PATTERNS:
        for trace in bars:
            trace.marker.pattern = None
    for trace in fig.data:  # the first and last markers sit half a category from the plot's edge: drawn whole
        if trace.type == "scatter":
            trace.cliponaxis = False

    # --- the columns: y tick labels and the unit on the left, direct labels on the right
    units = [a.text for a in layout.annotations if a.name == "unit"]  # figures.py writes the unit as a note
    unit = plain(units[0]) if units else ""
    tick_w = _tick_width(fig, body, stacked) if layout.yaxis.visible is not False else 0
    left = pad + max(tick_w + 8 * k, text_width(unit, body) + 4 * k if unit else 0)
    labelled = DIRECT_LABELS and not EXPORT_PATTERNS and len(bars) > 1 and layout.yaxis.type != "log" \
        and all(v >= 0 for v in _values(fig, False)) and all(t.orientation != "h" for t in bars)
    label_w = max((text_width(t.name, body) for t in bars), default=0) if labelled else 0
    right = max(pad + (label_w + 8 * k if labelled else 0), _marker_reach(fig))
    plot_w = width - left - right
    text_w = width - 2 * pad

    # --- the top: title, subtitle, then a row for the legend and the unit
    title_lines = wrap(plain_escaped(layout.title.text), title_size, text_w)
    subtitle_text = layout.title.subtitle.text if layout.title.subtitle else ""
    subtitle_lines = wrap(plain_escaped(subtitle_text), subtitle_size, text_w) if subtitle_text else []
    top = pad + _block(title_lines, title_size) + (4 * k if subtitle_lines else 0) + _block(subtitle_lines,
                                                                                          subtitle_size)
    legend = bool(layout.showlegend) and len(fig.data) > 1
    row = max(body * 1.9 if (legend or unit) else 6 * k, _legend_height(fig, body, plot_w) if legend else 0)
    margin_t = top + 8 * k + row

    # --- the bottom: tick labels (flat when they fit), the axis title, then the notes
    labels = _x_labels(fig) if layout.xaxis.visible is not False else []
    longest = max((text_width(label, body) for label in labels), default=0)
    spacing = plot_w / max(len(labels), 1)
    flat = longest + 6 * k <= spacing
    layout.xaxis.tickangle = 0 if flat else -45
    tick_h = body * 1.2 if flat else (longest + body) * math.sqrt(0.5)
    tick_h = tick_h + 6 * k if labels else 0
    axis_title = plain(layout.xaxis.title.text) if layout.xaxis.title and layout.xaxis.title.text else ""
    tick_h += body * 1.6 if axis_title else 0
    notes = [a for a in layout.annotations if a.name == "source"]
    note_lines = wrap(notes[0].text, small, text_w) if notes else []
    margin_b = tick_h + 10 * k + _block(note_lines, small) + pad
    plot_h = height - margin_t - margin_b

    # --- the annotations, rebuilt
    kept = [a for a in layout.annotations if a.name not in ("source", "unit")
            and not str(a.name or "").startswith("event-")]
    events = [a for a in layout.annotations if str(a.name or "").startswith("event-")]
    added = [_note("title", "<br>".join(title_lines), title_size, -(left - pad), 1, margin_t - pad, "top",
                   INK_TITLE)] if any(title_lines) else []
    if subtitle_lines:
        added.append(_note("subtitle", "<br>".join(subtitle_lines), subtitle_size, -(left - pad), 1,
                           margin_t - pad - _block(title_lines, title_size) - 4 * k, "top", MUTED))
    if unit:
        added.append(_note("unit", unit, body, -4 * k, 1, 4 * k + body * LINE, "top", MUTED, xanchor="right"))
    if note_lines:
        added.append(_note("source", "<br>".join(note_lines), small, -(left - pad), 0, -(tick_h + 10 * k), "top",
                           MUTED))
    added += _events(events, layout, plot_w, plot_h, small, k)
    if labelled:
        added += _direct_labels(fig, bars, stacked, plot_h, body, k)
    layout.annotations = kept + added
    layout.title = {"text": ""}
    layout.update(
        width=width, height=height, autosize=False,
        font={"family": EXPORT_FONT, "size": body},
        margin={"l": left, "r": right, "t": margin_t, "b": margin_b, "pad": 0, "autoexpand": False},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                "font": {"size": body}, "yref": "paper",
                "traceorder": "normal"},  # men, then women, as the page's key (stacked bars default to reversed)
    )
    layout.xaxis.automargin = False
    layout.yaxis.automargin = False
    layout.xaxis.tickfont = {"size": body}
    layout.yaxis.tickfont = {"size": body}
    layout.xaxis.title.font = {"size": body}
    return fig


INK_TITLE = "#1a1a1a"


def plain_escaped(text) -> str:
    """Plotly text with its tags other than <br> removed, entities kept (it is drawn as markup again)."""
    return re.sub(r"<(?!br\s*/?>)[^>]+>", "", str(text or ""))


def _note(name: str, text: str, size: float, xshift: float, y: float, yshift: float, yanchor: str, colour: str,
          xanchor: str = "left") -> dict:
    return {"name": name, "text": text, "xref": "paper", "yref": "paper", "x": 0, "y": y, "xshift": xshift,
            "yshift": yshift, "xanchor": xanchor, "yanchor": yanchor, "align": "left", "showarrow": False,
            "font": {"size": size, "color": colour}}


def _events(events, layout, plot_w: float, plot_h: float, size: float, k: float) -> list[dict]:
    """Event labels wrapped to a third of the plot (at least 120 px), kept inside it, and stacked from its top so
    that no two overlap."""
    n = len(layout.xaxis.categoryarray or ()) or 1
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for event in sorted(events, key=lambda a: a.x):
        lines = wrap(event.text, size, max(plot_w / 3, 120 * k))
        w = max(text_width(line, size) for line in lines) + 4 * k
        h = _block(lines, size) + 2 * k
        centre = (event.x + 0.5) / n * plot_w
        x0 = {"left": centre, "right": centre - w}.get(event.xanchor, centre - w / 2)
        shift = -x0 if x0 < 0 else min(0, plot_w - (x0 + w))
        x0 += shift
        y0 = 2 * k
        for _ in range(len(placed) + 1):
            clash = [b for b in placed if b[0] < x0 + w and x0 < b[2] and b[1] < y0 + h and y0 < b[3]]
            if not clash:
                break
            y0 = max(b[3] for b in clash) + 2 * k
        placed.append((x0, y0, x0 + w, y0 + h))
        item = event.to_plotly_json()
        item.update(text="<br>".join(lines), y=1, yshift=-y0, yanchor="top", xshift=shift, align="center",
                    font={**item.get("font", {}), "size": size})
        out.append(item)
    return out


def _direct_labels(fig: go.Figure, bars, stacked: bool, plot_h: float, size: float, k: float) -> list[dict]:
    """Each bar series named at the height of its last bar, in the margin to the right of the plot."""
    last = {}
    for trace in bars:
        points = [(x, y) for x, y in zip(trace.x, trace.y) if y is not None]
        if points:
            last[trace.name] = points[-1]
    if not last:
        return []
    base, spots = 0.0, []
    for trace in bars:
        if trace.name not in last:
            continue
        _, y = last[trace.name]
        spots.append([trace.name, base + y / 2 if stacked else y, trace.marker.color])
        base += y if stacked else 0
    top = _nice_ceiling(max(_values(fig, stacked) or [1]))
    gap = size * LINE / max(plot_h, 1) * top
    spots.sort(key=lambda s: s[1])
    for lower, upper in zip(spots, spots[1:]):
        upper[1] = max(upper[1], lower[1] + gap)
    return [{"name": f"label-{name}", "text": f"<b>{html.escape(str(name))}</b>", "x": 1, "xref": "paper",
             "xanchor": "left", "xshift": 6 * k, "y": y, "yref": "y", "yanchor": "middle", "showarrow": False,
             "font": {"size": size, "color": colour if isinstance(colour, str) else MUTED}}
            for name, y, colour in spots]

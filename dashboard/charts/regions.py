"""Tile maps of a place breakdown: South Korea's 17 first-level divisions (where defectors live) and North Korea's
provinces (where arrivals came from), one square per division on a grid that keeps their rough position.

A tile map needs no boundary file (and so no map licence), gives a small region the same room as a large one,
and is drawn by plotly.js and charts/svg alike: a rectangle per tile, its name and count as two annotations, and an
invisible marker per tile that carries the hover. The ranked bars of the same table are `figures.breakdown_chart`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import figures
from dashboard.charts.style import BACKGROUND, INK, MUTED
from dashboard.data import RESIDENTS, Arrivals, Citation
from dashboard.text import locale
from dashboard.text.catalogue import t

# (column, row) of each division, row 0 at the top; a category printed for two divisions (충남·세종) spans both.
TILES = {
    "residence": {
        "Incheon": (0, 0), "Seoul": (1, 0), "Gyeonggi": (2, 0), "Gangwon": (3, 0),
        "South Chungcheong": (0, 1), "Sejong": (1, 1), "North Chungcheong": (2, 1), "North Gyeongsang": (3, 1),
        "North Jeolla": (0, 2), "Daejeon": (1, 2), "Daegu": (2, 2), "Ulsan": (3, 2),
        "Gwangju": (0, 3), "South Jeolla": (1, 3), "South Gyeongsang": (2, 3), "Busan": (3, 3),
        "Jeju": (0, 4),
    },
    "origin": {
        "North Pyongan": (0, 0), "Chagang": (1, 0), "Ryanggang": (2, 0), "North Hamgyong": (3, 0),
        "South Pyongan": (0, 1), "Pyongyang": (1, 1), "South Hamgyong": (2, 1), "Rason": (3, 1),
        "Nampo": (0, 2), "North Hwanghae": (1, 2), "Kangwon": (2, 2),
        "South Hwanghae": (0, 3), "Kaesong": (1, 3),
    },
}
SPANS = {"South Chungcheong and Sejong": ("South Chungcheong", "Sejong")}  # one printed row over two tiles
SHADES = ("#EFF3FF", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")  # few to many; dark tiles: white text
EMPTY = "#F2F2F2"   # a division the table gives no figure for
GAP = 0.06          # between tiles, in tile widths


def map_table(vintage: str) -> str:
    """The table a map draws for a breakdown's table choice: with every table compared, the latest one."""
    return "latest" if vintage == figures.COMPARE else vintage


def map_figure(arrivals: Arrivals, dimension: str, lang: str, vintage: str = "latest") -> tuple[go.Figure, str]:
    """The tile map of one place breakdown's table (`map_table`) and its text summary (the ranked bars')."""
    frame = arrivals.breakdown(dimension, map_table(vintage))
    cited = arrivals.citations(frame["source"])
    return tile_map(frame, dimension, cited, lang), figures.breakdown_summary(frame, dimension, lang, "kind_map")


def tile_map(frame: pd.DataFrame, dimension: str, citations_: list[Citation], lang: str) -> go.Figure:
    """One tile per division, shaded by the table's total for it (a table of men and women: their sum is the
    total row); a division without a figure is grey and says so; a category that is no single division (a sum
    of two provinces as printed) is left to the bars, and the note says so."""
    layout = figures.breakdown_layout(frame, dimension, citations_, _note(frame, dimension, lang), lang)
    layout["title"]["text"] = t("map_title", lang, title=layout["title"]["text"])  # its alt text is not the bars'
    if frame.empty:
        return figures.empty_figure(layout, lang)
    totals = frame[frame["sex"] == "total"].set_index("category_en")
    if totals.empty:  # a source that splits men and women only
        totals = frame.groupby("category_en").agg(count=("count", "sum"), category=("category", "first"))
    grid = TILES[dimension]
    drawn = {c: (SPANS.get(c, (c,)), int(r["count"]), r["category"]) for c, r in totals.iterrows()
             if all(tile in grid for tile in SPANS.get(c, (c,)))}
    covered = {tile for tiles, _, _ in drawn.values() for tile in tiles}
    top = max((count for _, count, _ in drawn.values()), default=1)
    shapes, notes, xs, ys, custom = [], [], [], [], []
    for category, (tiles, count, printed) in drawn.items():
        shade = SHADES[min(len(SHADES) - 1, int(count / top * len(SHADES)))]
        name = t(f"tile_{locale.slug(category)}", lang)
        x, y = _box(grid, tiles, shapes, shade)
        colour = BACKGROUND if SHADES.index(shade) >= 3 else INK
        notes += _words(x, y, name, locale.number(count, lang), colour)
        xs.append(x)
        ys.append(y)
        custom.append([locale.category_name(category, lang), printed, locale.number(count, lang, unit=True)])
    for tile in grid:
        if tile not in covered:
            x, y = _box(grid, (tile,), shapes, EMPTY)
            notes += _words(x, y, t(f"tile_{locale.slug(tile)}", lang), "–", MUTED)
    columns = max(c for c, _ in grid.values()) + 1
    rows = max(r for _, r in grid.values()) + 1
    hidden = {"visible": False, "fixedrange": True}
    layout.update(shapes=shapes, xaxis={**hidden, "range": [-GAP, columns]},
                  yaxis={**hidden, "range": [-rows, GAP]})
    layout["annotations"] += notes
    layout["margin"].update(l=8, r=8)
    marks = {"type": "scatter", "mode": "markers", "x": xs, "y": ys, "customdata": custom,
             "marker": {"size": 30, "opacity": 0, "color": INK}, "showlegend": False,
             "hovertemplate": "<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]}<extra></extra>"}
    return figures.plain_figure([marks], layout)


def _box(grid: dict, tiles: tuple[str, ...], shapes: list, shade: str) -> tuple[float, float]:
    """Add the rectangle over `tiles` (adjacent divisions) to `shapes`; its centre in axis units."""
    cols = [grid[tile][0] for tile in tiles]
    rows = [grid[tile][1] for tile in tiles]
    x0, x1, y0, y1 = min(cols), max(cols) + 1 - GAP, -min(rows), -(max(rows) + 1 - GAP)
    shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
                   "fillcolor": shade, "line": {"width": 0}, "layer": "below"})
    return (x0 + x1) / 2, (y0 + y1) / 2


def _words(x: float, y: float, name: str, value: str, colour: str) -> list[dict]:
    """A tile's name above its count, both inside it."""
    return [{"text": text, "xref": "x", "yref": "y", "x": x, "y": y, "yanchor": anchor, "showarrow": False,
             "font": {"size": size, "color": colour}}
            for text, anchor, size in ((name, "bottom", 11), (value, "top", 12))]


def _note(frame: pd.DataFrame, dimension: str, lang: str) -> str:
    """The map's note: residents are not arrivals; categories left to the bars, if any."""
    notes = [t("residents_note", lang)] if dimension == RESIDENTS else []
    off = [c for c in dict.fromkeys(frame["category_en"])
           if not all(tile in TILES[dimension] for tile in SPANS.get(c, (c,)))]
    if off:
        notes.append(t("tile_left_out", lang, categories=", ".join(locale.category_name(c, lang) for c in off)))
    if len(frame) and frame["partial"].any():
        notes.append(t("tile_partial", lang))
    return " ".join(notes)

"""Pure figure builders: frames from `data.py` in, `go.Figure` out, with everything an image must carry inside
`fig.layout` (title, subtitle, source line, the note on provisional figures).

One style table per Status and per sex drives every chart, so provisional, part-year and multi-year periods look
the same everywhere, and men and women differ by pattern, dash and marker as well as by colour.
"""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    AXIS,
    BACKGROUND,
    COLOURS,
    COMPARE_HEIGHT,
    EVENT,
    FONT,
    GRID,
    HEIGHT,
    INK,
    MUTED,
    SEX_STYLE,
    STATUS_STYLE,
    VS_STYLE,
    ZERO,
)
from dashboard.data import (
    PLACES,
    RESIDENTS,
    Arrivals,
    Citation,
    Status,
    View,
    first_publications,
    is_missing,
    slots,
)
from dashboard.text import caveats, citations, locale
from dashboard.text.catalogue import t

VALUE_FORMAT = {"count": ",d", "cumulative": ",d", "yoy": "+,d", "share": ".1f"}
UNIT = {"count": "axis_count", "cumulative": "axis_count", "yoy": "axis_count", "share": "axis_share"}
HEADROOM = 1.14  # the value axis reaches this far above the tallest mark: room for the event markers
MARKERS = "①②③④⑤⑥⑦⑧⑨⑩"  # event numbers drawn in the chart; the key with their words sits beside it


def labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """Axis labels for a frame's periods: buckets read as ranges, part-years name their last month."""
    return [locale.period_label(s, e, st, lang) for s, e, st in
            zip(frame["period_start"], frame["period_end"], frame["status"])]


def _status_text(status: str, lang: str) -> str:
    return t(f"status_{status}", lang)


def plain_figure(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure from plain dicts without plotly's per-property validation, which costs several times the whole
    build (docs/performance.md); the unit tests re-validate every builder's output instead."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _layout(title: str, subtitle: str, notes: list[str], lang: str, view: View | None = None) -> dict:
    """Title, subtitle and the source/notes lines inside the figure, so an exported image carries them; the page
    and the embed show the same words as HTML around the chart instead (`screen`)."""
    note_text = "<br>".join(_escape(n) for n in notes if n)
    annotations = [{"text": note_text, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -64,
                    "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
                    "font": {"size": 11, "color": MUTED}, "name": "source"}] if note_text else []
    return {
        "title": {"text": _escape(title), "subtitle": {"text": _escape(subtitle)}, "x": 0, "xanchor": "left"},
        "font": {"family": FONT, "size": 13, "color": INK},
        "separators": ".,",
        "height": HEIGHT,
        "margin": {"l": 64, "r": 16, "t": 112, "b": 96 + 14 * note_text.count("<br>")},
        "paper_bgcolor": BACKGROUND,
        "plot_bgcolor": BACKGROUND,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        "hoverlabel": {"font": {"family": FONT}},
        "annotations": annotations,
        "shapes": [],
        "meta": {"lang": lang, **({"view": dataclasses.asdict(view)} if view else {}), "key": [], "events": []},
    }


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in text; data from files is shown as text, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def empty_figure(layout: dict, lang: str) -> go.Figure:
    layout["annotations"].append({"text": t("no_data", lang), "xref": "paper", "yref": "paper", "x": 0.5,
                                  "y": 0.5, "showarrow": False, "font": {"size": 16}, "name": "no-data"})
    layout["xaxis"] = layout["yaxis"] = {"visible": False}
    return plain_figure([], layout)


def placeholder_figure(lang: str) -> go.Figure:
    """A chart with nothing to draw, marked so (meta.placeholder) that no static SVG is drawn for it: what a
    chart the view does not show (the revision chart without vs=) holds until the view asks for it."""
    figure = empty_figure(_layout("", "", [], lang), lang)
    figure.layout.meta["placeholder"] = True
    return figure


def _title_key(view: View) -> str:
    return f"chart_title_{view.metric}"


def main_title(view: View) -> str:
    """The main chart's title, without building the chart (the embed snippet names its iframe with it)."""
    return t(_title_key(view), view.lang)


def subtitle(view: View, frame: pd.DataFrame, vintage: Citation | None, lang: str, other: str = "") -> str:
    """The filter in words: sex, years shown, which figures (latest, as known on a day, or one publication with its
    honest dates) and, for a compare view, the vintage drawn against them (`other`, in words)."""
    sex = "female" if view.metric == "share" else view.sex
    shown = labels(frame.drop_duplicates(["period_start", "period_end"]), lang) if len(frame) else ["–"]
    if view.asof:
        figures = t("subtitle_asof", lang, date=locale.date_text(view.asof, lang))
    elif view.vintage == "latest" or vintage is None:
        figures = t("subtitle_latest", lang)
    else:
        figures = t("vintage_one", lang, published=citations.published(vintage, lang))
    if other:
        figures = t("subtitle_vs", lang, vintage=figures, other=other)
    years = shown[0] if shown[0] == shown[-1] else f"{shown[0]}–{shown[-1]}"  # one year, not "2025–2025"
    key = "subtitle_view" if view.freq == "year" else "subtitle_view_subyear"  # '2020.1Q', not a year
    return t(key, lang, sex=t(f"sex_{sex}", lang), years=years, vintage=figures)


def _value_text(value, metric: str, lang: str) -> str:
    if is_missing(value):
        return "–"
    if metric == "share":
        return locale.percent(float(value), lang)
    return locale.number(int(value), lang, sign=metric == "yoy", unit=True)


def value_ticks(low: float, high: float, log: bool = False, target: int = 5,
                zero: bool = True) -> tuple[list[float], list[float]]:
    """Round tick values covering [low, high] with room above for the event markers, and the axis range; from
    zero (bars) unless `zero` is false (a line of values far from zero).

    Explicit ticks, so that the static SVG (charts/svg) and plotly.js draw the same grid at every width.
    On a log axis the range is in log10 units, as plotly.js takes it."""
    if log:
        low, high = max(low, 1), max(high, 1)
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high * HEADROOM))
        ticks = [m * 10 ** e for e in range(first, last + 1) for m in (1, 2, 5)
                 if low / 1.01 <= m * 10 ** e <= high * HEADROOM]
        return ticks, [math.log10(low) - 0.05, math.log10(high) + math.log10(HEADROOM)]
    if not zero:
        return _line_ticks(low, high, target)
    low, high = min(low, 0.0), max(high, 0.0)
    span = (high - low) * HEADROOM or 1.0
    raw = span / target
    step = min((m * 10 ** math.floor(math.log10(raw)) for m in (1, 2, 2.5, 5, 10)
                if m * 10 ** math.floor(math.log10(raw)) >= raw), default=raw)
    first = math.floor(low / step) * step
    ticks = [round(first + i * step, 10) for i in range(int((high * HEADROOM - first) / step) + 1)]
    bottom = low * HEADROOM if low < 0 else 0.0
    return ticks, [bottom, max(high * HEADROOM, ticks[-1])]


def _line_ticks(low: float, high: float, target: int, floor: float | None = 0.0) -> tuple[list[float], list[float]]:
    """Round ticks around values far from zero, padded so no mark sits on the axis or under its tick labels; no
    tick below `floor` (a count is never below zero; a change can be)."""
    pad = max((high - low) * 0.15, 1.0)
    raw = (high - low + 2 * pad) / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor((low - pad) / step) * step
    first = first if floor is None else max(first, floor)
    last = math.ceil((high + pad) / step) * step
    return [round(first + i * step, 10) for i in range(int(round((last - first) / step)) + 1)], [first, last]


def arrivals_chart(frame: pd.DataFrame, view: View, citations_: list[Citation], events: pd.DataFrame,
                   lang: str, vintage: Citation | None = None, against: Against | None = None,
                   warning: str = "") -> go.Figure:
    """The main chart of `view`: one trace per sex, provisional/part-year/bucket periods styled by Status, cited
    events as shaded spans with numbered markers, a horizontal unit label, and (for images) title, subtitle,
    legend, source line, style note, the `warning` on circulating misquotes and the events' key inside the
    figure. With `against` (a compare view, ALFRED's compare graph), the other vintage is drawn over it as a dotted
    line of open markers per sex, and the key names both vintages."""
    notes = [citations.source_line(citations_, lang)]
    if (frame["status"] != Status.FINAL).any():
        notes.append(t("style_note", lang))
    notes.append(warning)
    layout = _layout(main_title(view), subtitle(view, frame, vintage, lang, against.words if against else ""),
                     notes, lang, view)
    if frame.empty:
        return empty_figure(layout, lang)
    periods = frame.drop_duplicates(["period_start", "period_end"])
    if view.freq != "year":
        periods = _slots(periods, view.freq)
    categories = labels(periods, lang)
    published = {c.source: citations.published(c, lang) for c in citations_}
    data = [_trace(rows if view.freq == "year" else _on_slots(rows, periods), sex, view, lang, published)
            for sex, rows in frame.groupby("sex", sort=False)]
    values = frame.groupby(["period_start", "period_end"])["value"].sum() if view.stacked else frame["value"]
    if against is not None:
        for trace in data:
            trace["name"] = t("series_name", lang, sex=trace["name"], words=against.this)
        shown = against.frame.merge(periods[["period_start", "period_end"]], on=["period_start", "period_end"])
        overlay = _vs_traces(shown, view, lang, against.other)
        data += overlay
        values = pd.concat([values, pd.Series([v for trace in overlay for v in trace["y"] if v is not None],
                                              dtype=float)])
    values = values.dropna().astype(float)
    tickvals, value_range = value_ticks(float(values.min()) if len(values) else 0.0,
                                        float(values.max()) if len(values) else 1.0, view.log_applies)
    share = view.metric == "share"
    layout.update(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": categories, "showgrid": False,
               "range": [-0.5, len(categories) - 0.5], "linecolor": AXIS, "autotickangles": [0, -45, -90],
               "automargin": True, "fixedrange": True},
        yaxis={"gridcolor": GRID, "zerolinecolor": ZERO, "tickvals": tickvals,
               "ticktext": [_tick_text(v, view.metric, lang) for v in tickvals], "range": value_range,
               "type": "log" if view.log_applies else "linear", "automargin": True, "fixedrange": True},
        barmode="stack" if view.stacked else "group",
        bargap=0.2,
        showlegend=len(data) > 1,
    )
    layout["annotations"].append(_unit(t(UNIT[view.metric], lang)))
    layout["meta"]["key"] = [_key(trace) for trace in data] if len(data) > 1 or share else []
    if view.events:
        _add_events(layout, periods, events, lang)
    return plain_figure(data, layout)


def _slots(periods: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Every half-year or quarter from the first shown to the last, so that a period no one published a figure
    for is an empty place on the axis (a gap, never a value drawn across it)."""
    years = periods["year"]
    grid = pd.DataFrame(slots(freq, int(years.min()), int(years.max())), columns=["period_start", "period_end"])
    grid = grid[grid["period_start"].between(periods["period_start"].min(), periods["period_start"].max())]
    held = periods[["period_start", "period_end", "status"]]
    out = grid.merge(held, how="left", on=["period_start", "period_end"])
    return out.assign(status=out["status"].fillna(str(Status.FINAL)), year=out["period_end"].str[:4].astype(int))


def _on_slots(rows: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """One sex's rows on every slot of the axis: a slot without its figure holds no value (plotly draws a gap)."""
    out = periods[["period_start", "period_end"]].merge(rows, how="left", on=["period_start", "period_end"])
    return out.assign(status=out["status"].fillna(str(Status.FINAL)), period=out["period"].fillna(""),
                      source=out["source"].fillna(""))


@dataclasses.dataclass(frozen=True)
class Against:
    """The vintage a compare view is drawn against: its rows (`Arrivals.vs_series`), and both vintages in words."""

    frame: pd.DataFrame
    words: str  # the other vintage, for the subtitle: "as known when the MOU announcement appeared (...)"
    this: str  # the view's own figures, short, for the key: "latest", "30 Jun 2016"
    other: str  # the other vintage's, short: "11 Jan 2012"


def _vs_traces(rows: pd.DataFrame, view: View, lang: str, words: str) -> list[dict]:
    """The other vintage, one dotted line of open markers per sex, placed where its own figures would stand
    (on stacked bars, at the top of each sex's part), so a revision reads as a gap between mark and bar."""
    out, below = [], None
    for sex, group in rows.groupby("sex", sort=False):
        group = group.reset_index(drop=True)
        value = group["value"].astype("Float64")
        if view.stacked and below is not None:
            value = value + below.reindex(group["period_end"]).fillna(0).to_numpy()
        below = pd.Series(value.to_numpy(), index=group["period_end"])
        name = t("series_name", lang, sex=t("metric_share" if view.metric == "share" else f"sex_{sex}", lang),
                 words=words)
        shown = [None if is_missing(v) else (float(v) if view.metric == "share" else int(v)) for v in value]
        out.append({
            "type": "scatter", "mode": "lines+markers", "x": labels(group, lang), "y": shown, "name": name,
            "connectgaps": False,
            "line": {"color": VS_STYLE["colour"], "width": 1.5, "dash": VS_STYLE["dash"]},
            "marker": {"color": VS_STYLE["colour"], "size": 9, "symbol": f"{SEX_STYLE[sex]['symbol']}-open",
                       "line": {"color": VS_STYLE["colour"], "width": 2}},
            "customdata": [[_value_text(v, view.metric, lang), p] for v, p in zip(group["value"], group["period"])],
            "hovertemplate": "<b>%{x}</b> · " + _escape(name) + "<br>%{customdata[0]}<br>“%{customdata[1]}”"
                             "<extra></extra>",
            "meta": {"sex": sex, "vs": True}})
    return out


def _tick_text(value: float, metric: str, lang: str) -> str:
    if metric == "share":
        return f"{value:.0f}%"
    return locale.number(value, lang, sign=metric == "yoy" and value != 0)


def _unit(text: str) -> dict:
    """The unit, read horizontally above the value axis (never a rotated axis title)."""
    return {"text": _escape(text), "xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "left",
            "yanchor": "bottom", "yshift": 4, "showarrow": False, "align": "left",
            "font": {"size": 11, "color": MUTED}, "name": "unit"}


def _key(trace: dict) -> dict:
    """One entry of the chart's key, for the HTML legend the page draws beside the chart (the other vintage of a
    compare view as a swatch of its own)."""
    sex, vs = trace["meta"]["sex"], trace["meta"].get("vs", False)
    return {"name": trace["name"], "sex": "vs" if vs else sex, "type": trace["type"],
            "colour": VS_STYLE["colour"] if vs else COLOURS[sex], "dash": VS_STYLE["dash"] if vs
            else SEX_STYLE[sex]["dash"]}


def _trace(rows: pd.DataFrame, sex: str, view: View, lang: str, published: dict[str, str]) -> dict:
    styles = [STATUS_STYLE[Status(s)] for s in rows["status"]]
    colour = COLOURS[sex]
    name = t("metric_share" if view.metric == "share" else f"sex_{sex}", lang)
    y = [None if is_missing(v) else (float(v) if view.metric == "share" else int(v)) for v in rows["value"]]
    customdata = [
        [_value_text(v, view.metric, lang), _status_text(st, lang), p, published.get(src, ""), src,
         _value_text(c, "count", lang)]
        for v, st, p, src, c in zip(rows["value"], rows["status"], rows["period"], rows["source"], rows["count"])
    ]
    hover = ("<b>%{x}</b> · " + _escape(name) + "<br>%{customdata[0]}"
             + ("" if view.metric == "count" else " (%{customdata[5]})")
             + "<br>%{customdata[1]}<br>“%{customdata[2]}”, %{customdata[3]}<br>%{customdata[4]}<extra></extra>")
    trace = {"x": labels(rows, lang), "y": y, "name": name, "customdata": customdata, "hovertemplate": hover,
             "meta": {"sex": sex, "status": list(rows["status"]), "period": list(rows["period"])}}
    if view.chart == "line":
        symbol = SEX_STYLE[sex]["symbol"]
        return {**trace, "type": "scatter", "mode": "lines+markers", "connectgaps": False,
                "line": {"color": colour, "width": 2.5, "dash": SEX_STYLE[sex]["dash"]},
                "marker": {"color": colour, "size": [11 if s["open"] else 7 for s in styles],
                           "symbol": [f"{symbol}-open" if s["open"] else symbol for s in styles],
                           "line": {"color": colour, "width": 2}}}
    return {**trace, "type": "bar",
            "marker": {"color": colour, "opacity": [s["opacity"] for s in styles],
                       "line": {"color": INK, "width": [s["outline"] for s in styles]},
                       **_pattern(sex)}}


def _pattern(sex: str) -> dict:
    """Bars' fill pattern per sex, where the style table asks for one (colour and the key tell sexes apart)."""
    shape = SEX_STYLE[sex]["pattern"]
    return {"pattern": {"shape": shape, "fgcolor": BACKGROUND, "solidity": 0.35, "fillmode": "overlay"}} \
        if shape else {}


def _add_events(layout: dict, periods: pd.DataFrame, events: pd.DataFrame, lang: str) -> None:
    """Each cited event shades the shown periods it overlaps and gets a numbered marker at the top of the plot,
    above every mark (the value axis leaves HEADROOM); its words go in the key beside the chart and in an
    image's notes, where they wrap instead of covering bars, ticks or each other.

    On a category axis the n-th category sits at x = n, so a span is drawn from n - 0.5 to m + 0.5."""
    spans = list(zip(periods["period_start"], periods["period_end"]))
    shown = []
    for event in events.itertuples(index=False):
        hit = [i for i, (s, e) in enumerate(spans) if (s or "0000") <= event.date_end and e >= event.date_start]
        if not hit:
            continue
        number = MARKERS[len(shown)]
        label = getattr(event, f"label_{lang}")
        layout["shapes"].append({"type": "rect", "xref": "x", "yref": "paper", "x0": hit[0] - 0.5,
                                 "x1": hit[-1] + 0.5, "y0": 0, "y1": 1, "fillcolor": EVENT, "opacity": 0.12,
                                 "line": {"width": 0}, "layer": "below", "name": f"event-{event.event}"})
        layout["annotations"].append({
            "x": (hit[0] + hit[-1]) / 2, "xref": "x", "y": 1, "yref": "paper", "xanchor": "center",
            "yanchor": "top", "yshift": -2, "text": number, "showarrow": False,
            "font": {"size": 13, "color": INK}, "hovertext": _escape(f"{label} — " + t(
                "event_source", lang, publisher=event.publisher) + f" ({event.url})"),
            "name": f"event-{event.event}"})
        shown.append({"number": number, "label": label, "url": event.url, "publisher": event.publisher,
                      "event": event.event})
    layout["meta"]["events"] = shown
    if shown:
        key = " ".join(f"{e['number']} {e['label']}" for e in shown)
        source = next(a for a in layout["annotations"] if a["name"] == "source")
        source["text"] += "<br>" + _escape(key)
        layout["margin"]["b"] += 14


def plain_title(figure: go.Figure, subtitle: bool = False) -> str:
    """A figure's title (or subtitle) as plain text (figures escape it for plotly's pseudo-HTML)."""
    return _unescape((figure.layout.title.subtitle.text if subtitle else figure.layout.title.text) or "")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def screen(figure: go.Figure | dict) -> dict:
    """The figure as the page and the embed draw it: title, subtitle, legend, source line, notes and the events'
    key move to the HTML around the chart, where they wrap at any width; the plot keeps its marks, ticks, the
    unit label and the numbered event markers, and fills the box the page gives it."""
    fig = figure.to_plotly_json() if isinstance(figure, go.Figure) else json.loads(json.dumps(figure))
    layout = fig["layout"]
    layout.pop("height", None)
    title = layout.get("title")
    layout.setdefault("meta", {})["title"] = _unescape((title.get("text") if isinstance(title, dict) else title) or "")
    layout["title"] = {"text": ""}
    layout["showlegend"] = False
    layout["autosize"] = True
    layout["annotations"] = [a for a in layout.get("annotations", []) if a.get("name") != "source"]
    layout["margin"] = {"l": 8, "r": 12, "t": 24, "b": 8, "pad": 2}
    return fig


def words(figure: go.Figure) -> dict:
    """The words `screen` moves out of a figure, for the HTML around its plot (the static site's index): title,
    subtitle, key entries, the lines under it (source line first, then the style note) and the events' key."""
    meta = figure.layout.meta or {}
    notes = next((a.text for a in figure.layout.annotations if a.name == "source"), "") or ""
    return {"title": plain_title(figure), "subtitle": plain_title(figure, subtitle=True), "key": meta.get("key", []),
            "notes": [_unescape(line) for line in notes.split("<br>") if line],
            "events": [f"{e['number']} {e['label']}" for e in meta.get("events", [])]}


def breakdown_layout(frame: pd.DataFrame, dimension: str, citations_: list[Citation], footnote: str,
                     lang: str) -> dict:
    """A breakdown chart's title (what it counts, to which date: a residence table counts residents, not
    arrivals), the footnote as its subtitle and the source line."""
    dim = t(f"dim_{dimension}", lang)
    as_of = locale.date_text(frame["period_end"].max()[:7], lang) if len(frame) else "–"
    sexes = [s for s in ("male", "female") if s in set(frame["sex"])] or ["total"]
    if dimension == RESIDENTS:
        title = t("breakdown_title_residents", lang, dimension=dim, as_of=as_of)
    elif len(sexes) == 1 and sexes != ["total"]:  # a table of one sex only says so ('20.09 education: men)
        title = t("breakdown_title_one", lang, dimension=dim, as_of=as_of, sex=t(f"sex_{sexes[0]}_of", lang))
    else:
        title = t("breakdown_title", lang, dimension=dim, as_of=as_of)
    return _layout(title, footnote, [citations.source_line(citations_, lang)], lang)


def breakdown_chart(frame: pd.DataFrame, dimension: str, citations_: list[Citation], footnote: str,
                    lang: str) -> go.Figure:
    """Men and women side by side for each category of one breakdown table, as printed by MOU: horizontal bars,
    so that long category names read in full on the value axis' left."""
    layout = breakdown_layout(frame, dimension, citations_, footnote, lang)
    if frame.empty:
        return empty_figure(layout, lang)
    sexes = [s for s in ("male", "female") if s in set(frame["sex"])] or ["total"]
    frame = frame.assign(category_name=[locale.category_name(c, lang) for c in frame["category_en"]])
    categories = list(dict.fromkeys(frame["category_name"]))
    data = []
    for sex in sexes:
        rows = frame[frame["sex"] == sex]
        data.append({
            "type": "bar", "orientation": "h", "y": list(rows["category_name"]), "x": [int(c) for c in rows["count"]],
            "name": t(f"sex_{sex}", lang),
            "customdata": [[locale.number(int(c), lang, unit=True), printed]
                           for c, printed in zip(rows["count"], rows["category"])],
            "hovertemplate": "<b>%{y}</b> (%{customdata[1]})<br>%{customdata[0]}<extra></extra>",
            "marker": {"color": COLOURS[sex], **_pattern(sex)}, "meta": {"sex": sex}})
    tickvals, value_range = value_ticks(0.0, float(frame["count"].max()))
    layout.update(barmode="group", showlegend=len(data) > 1, bargap=0.25,
                  yaxis={"type": "category", "categoryorder": "array", "categoryarray": categories[::-1],
                         "automargin": True, "fixedrange": True},
                  xaxis={"tickvals": tickvals, "ticktext": [locale.number(v, lang) for v in tickvals],
                         "range": value_range, "gridcolor": GRID, "automargin": True, "fixedrange": True})
    layout["meta"]["key"] = [_key(trace) for trace in data] if sexes != ["total"] else []  # men only: said too
    return plain_figure(data, layout)


def revisions_chart(frame: pd.DataFrame, label: str, citations_: list[Citation], lang: str) -> go.Figure:
    """How one period's figure changed from publication to publication: a step line per sex of the revision
    itself (each figure less the first one published for that sex, named in the key), over the date each was
    published (where a source does not state it, the earliest it can have been, and the hover says so). On one
    axis with the levels, 2,737 -> 2,706 beside 795 men would be a flat line."""
    layout = _layout(t("revision_title", lang, period=label), t("revision_subtitle", lang),
                     [citations.source_line(citations_, lang)], lang)
    if frame.empty:
        return empty_figure(layout, lang)
    by_source = {c.source: c for c in citations_}
    data, changes = [], []
    for sex, rows in frame.groupby("sex", sort=False):
        symbol = SEX_STYLE[sex]["symbol"]
        dated = [by_source[v] for v in rows["source"]]
        first = int(rows["count"].iloc[0])
        change = [int(c) - first for c in rows["count"]]
        changes += change
        data.append({
            "type": "scatter", "x": [c.published or c.published_after or a for c, a in zip(dated, rows["as_of"])],
            "y": change, "name": t("revision_series", lang, sex=t(f"sex_{sex}", lang),
                                   first=locale.number(first, lang, unit=True)), "mode": "lines+markers",
            "line": {"shape": "hv", "color": COLOURS[sex], "dash": SEX_STYLE[sex]["dash"]},
            "marker": {"symbol": [f"{symbol}-open" if p else symbol for p in rows["provisional"]], "size": 10,
                       "color": COLOURS[sex], "line": {"color": COLOURS[sex], "width": 2}},
            "customdata": [[locale.number(int(n), lang, unit=True), v, citations.published(c, lang),
                            _status_text(Status.PROVISIONAL if p else Status.FINAL, lang),
                            locale.number(d, lang, sign=d != 0)]
                           for n, v, c, p, d in zip(rows["count"], rows["vintage"], dated, rows["provisional"],
                                                    change)],
            "hovertemplate": "%{customdata[2]}: <b>%{customdata[0]}</b> (%{customdata[4]})<br>%{customdata[3]}"
                             "<br>%{customdata[1]}<extra></extra>",
            "meta": {"sex": sex}})
    tickvals, value_range = _line_ticks(min(min(changes), 0), max(max(changes), 0), 4, floor=None)  # 0 shown
    layout.update(xaxis={"type": "date", "automargin": True, "fixedrange": True, "linecolor": AXIS},
                  yaxis={"tickvals": tickvals, "ticktext": [locale.number(v, lang, sign=v != 0) for v in tickvals],
                         "range": value_range, "gridcolor": GRID, "zeroline": True, "zerolinecolor": AXIS,
                         "automargin": True, "fixedrange": True})
    layout["annotations"].append(_unit(t("axis_revision", lang)))
    layout["meta"]["key"] = [_key(trace) for trace in data] if len(data) > 1 else []
    return plain_figure(data, layout)


def summary(frame: pd.DataFrame, view: View, lang: str) -> str:
    """A sentence a screen reader can read instead of the chart: extent, highs and lows, provisional periods."""
    kind = t("kind_line" if view.chart == "line" else "kind_bar", lang)
    what = t(_title_key(view), lang)
    shown = frame.dropna(subset=["value"])
    if view.metric != "share" and view.sex == "both":
        shown = shown.groupby(["period_start", "period_end", "status"], as_index=False, sort=False)["value"].sum()
    if shown.empty:
        return t("summary_empty", lang, kind=kind, what=what)
    names = labels(shown, lang)
    values = [float(v) for v in shown["value"]]
    hi = max(range(len(values)), key=values.__getitem__)
    lo = min(range(len(values)), key=values.__getitem__)
    sex = "female" if view.metric == "share" else view.sex
    text = t("summary", lang, kind=kind, what=what, sex=t(f"sex_{sex}", lang), first=names[0],
                  last=names[-1], n=len(values), hi_period=names[hi], hi=_value_text(values[hi], view.metric, lang),
                  lo_period=names[lo], lo=_value_text(values[lo], view.metric, lang), last_period=names[-1],
                  last_value=_value_text(values[-1], view.metric, lang))
    change = _largest_change(shown, names, view.metric, lang)
    if change:
        text += t("summary_change", lang, **change)
    for status in (Status.PROVISIONAL, Status.PARTIAL, Status.BUCKET):
        periods = [n for n, s in zip(names, shown["status"]) if s == status]
        if periods:
            text += t(f"summary_{status}", lang, periods=", ".join(dict.fromkeys(periods)))
    return text


def _largest_change(shown: pd.DataFrame, names: list[str], metric: str, lang: str) -> dict | None:
    """The largest rise or fall between two consecutive whole periods of a series (years, or half-years or
    quarters with no gap between them; buckets and part-years are nothing to compare), as the words of
    `summary_change`; None where no two such periods follow each other."""
    whole = [s in (Status.FINAL, Status.PROVISIONAL) for s in shown["status"]]
    starts = [date.fromisoformat(s) if s else None for s in shown["period_start"]]
    after = [date.fromisoformat(e) + timedelta(days=1) for e in shown["period_end"]]
    values = [float(v) for v in shown["value"]]
    steps = [(values[i] - values[i - 1], i) for i in range(1, len(values))
             if whole[i] and whole[i - 1] and starts[i] == after[i - 1]]
    if not steps or metric in ("yoy", "cumulative"):  # a change of a change, or of a running total, says little
        return None
    step, i = max(steps, key=lambda pair: abs(pair[0]))
    size = t("summary_points", lang, points=f"{step:+.1f}") if metric == "share" \
        else locale.number(int(step), lang, sign=True, unit=True)
    return {"before": names[i - 1], "after": names[i], "change": size}


def breakdown_summary(frame: pd.DataFrame, dimension: str, lang: str, kind: str = "kind_bar") -> str:
    """The largest category for each sex, out of that sex's total, for a chart of `kind` (bars, a map)."""
    parts = []
    for sex, rows in frame.groupby("sex", sort=False):
        top = rows.loc[rows["count"].idxmax()]
        parts.append(t("summary_breakdown_part", lang, sex=t(f"sex_{sex}", lang),
                       category=locale.category_name(top["category_en"], lang),
                       count=locale.number(int(top["count"]), lang),
                       total=locale.number(int(rows["count"].sum()), lang)))
    dim = t(f"dim_{dimension}", lang)
    if not parts:
        return t("summary_empty", lang, kind=t(kind, lang), what=dim)
    return t("summary_breakdown", lang, kind=t(kind, lang), dimension=dim, parts="; ".join(parts))


def revisions_summary(frame: pd.DataFrame, label: str, citations_: list[Citation], lang: str) -> str:
    """Each sex's sequence of distinct published values with when each first appeared (one value: none)."""
    published = {c.source: citations.published(c, lang) for c in citations_}
    parts = []
    for sex, rows in frame.groupby("sex", sort=False):
        rows = first_publications(rows)
        steps = " → ".join(f"{locale.number(int(n), lang)} ({published[source]})"
                           for n, source in zip(rows["count"], rows["source"]))
        parts.append(f"{t(f'sex_{sex}', lang)}: {steps}")
    if not parts or frame.groupby("sex")["count"].nunique().max() == 1:
        return t("revision_none", lang, period=label) + (" " + "; ".join(parts) + "." if parts else "")
    return t("summary_revisions", lang, kind=t("kind_line", lang), period=label, parts="; ".join(parts))


# --- the charts of the data layer's answers: what the page, the exports and the static site draw --------------
def main_chart(arrivals: Arrivals, view: View) -> go.Figure:
    """The main chart of a view, exactly as every export renders it."""
    frame = arrivals.series(view)
    against = Against(arrivals.vs_series(view), vintage_words(arrivals, view)[1],
                      *vintage_words(arrivals, view, short=True)) if view.vs else None
    vintage = _vintage_citation(arrivals, view)
    cited = arrivals.citations(list(frame["source"]) + (list(against.frame["source"]) if against else []))
    warning = caveats.misquote_line(arrivals.caveats(frame, view), view.lang)
    return arrivals_chart(frame, view, cited, arrivals.events(), view.lang, vintage, against, warning)


def vintage_words(arrivals: Arrivals, view: View, short: bool = False) -> tuple[str, str]:
    """A compare view's two vintages in words: its own figures, and those of `vs` (a publication by its kind and
    date, never its id; a day as a day); `short`, each by its day alone ("latest" for the latest figures), as
    the chart's key names its series."""
    lang = view.lang
    pubs = arrivals.publication_list(lang).set_index("publication")

    def day(iso: str) -> str:
        return locale.date_text(iso, lang) if short else t("series_asof", lang, date=locale.date_text(iso, lang))

    if view.asof:
        this = day(view.asof)
    elif view.vintage == "latest":
        this = t("series_latest_short" if short else "series_latest", lang)
    else:
        cited = _vintage_citation(arrivals, view)
        published = citations.published(cited, lang) if cited else view.vintage
        this = published if short else t("vintage_one", lang, published=published)
    if view.vs not in pubs.index:
        return this, day(view.vs)
    row = pubs.loc[view.vs]
    published = citations.publication(row["published"], row["published_after"], lang)
    if short:
        return this, published
    group = t(f"vintage_group_{'table' if row['kind'] == 'table' else 'announcement'}", lang)
    return this, t("series_publication", lang, group=group, published=published)


def compare_figure(arrivals: Arrivals, view: View) -> tuple[go.Figure, str]:
    """ALFRED's revision per period of a compare view (the view's value minus the other vintage's, for every
    period both hold) as a small bar chart per sex, and its summary for screen readers."""
    lang = view.lang
    frame = arrivals.revision_by_period(view)
    this, other = vintage_words(arrivals, view)
    unit = t("axis_share_points" if view.metric == "share" else UNIT[view.metric], lang)
    layout = _layout(t("compare_title", lang, this=this, other=other), "", [], lang, view)
    layout["height"] = COMPARE_HEIGHT
    if frame.empty:
        return empty_figure(layout, lang), t("compare_empty", lang, this=this, other=other)
    periods = frame.drop_duplicates(["period_start", "period_end"])
    data = []
    for sex, rows in frame.groupby("sex", sort=False):
        change = [float(c) if view.metric == "share" else int(c) for c in rows["change"]]
        data.append({"type": "bar", "x": labels(rows, lang), "y": change,
                     "name": t("metric_share" if view.metric == "share" else f"sex_{sex}", lang),
                     "customdata": [[_value_text(c, "yoy" if view.metric != "share" else "share", lang)]
                                    for c in rows["change"]],
                     "hovertemplate": "<b>%{x}</b><br>%{customdata[0]}<extra></extra>",
                     "marker": {"color": COLOURS[sex], **_pattern(sex)}, "meta": {"sex": sex}})
    changes = frame["change"].astype(float)
    low, high = min(float(changes.min()), 0.0), max(float(changes.max()), 0.0)
    tickvals, value_range = value_ticks(*((low, high) if low < high else (-1.0, 1.0)))  # no revision: around 0
    layout.update(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": labels(periods, lang),
               "range": [-0.5, len(periods) - 0.5], "linecolor": AXIS, "autotickangles": [0, -45, -90],
               "automargin": True, "fixedrange": True},
        yaxis={"gridcolor": GRID, "zerolinecolor": ZERO, "tickvals": tickvals, "range": value_range,
               "ticktext": [_tick_text(v, "yoy" if view.metric != "share" else "share", lang) for v in tickvals],
               "automargin": True, "fixedrange": True},
        barmode="group", bargap=0.2, showlegend=len(data) > 1)
    layout["annotations"].append(_unit(t("axis_vs_change", lang, unit=unit)))
    layout["meta"]["key"] = [_key(trace) for trace in data] if len(data) > 1 else []
    revised = frame[frame["change"] != 0]
    if revised.empty:
        return plain_figure(data, layout), t("compare_none", lang, this=this, other=other, n=len(periods))
    top = revised.loc[revised["change"].abs().idxmax()]
    return plain_figure(data, layout), t(
        "compare_summary", lang, this=this, other=other, n=len(periods),
        changed=len(revised.drop_duplicates(["period_start", "period_end"])),
        period=labels(top.to_frame().T, lang)[0],
        change=_value_text(top["change"], "yoy" if view.metric != "share" else "share", lang))


def _vintage_citation(arrivals: Arrivals, view: View) -> Citation | None:
    """The citation that dates one publication's figures: its first witness's (a table is its own)."""
    frame = arrivals.series(view)
    first = list(frame["source"][:1]) or ([view.vintage] if view.vintage in arrivals.source_ids() else [])
    return None if view.vintage == "latest" or not first else arrivals.citations(first)[0]


def breakdown_figure(arrivals: Arrivals, dimension: str, lang: str,
                     vintage: str = "latest") -> tuple[go.Figure, str, str]:
    """One breakdown table's chart, its text summary and the footnote on the protective-facility gap."""
    if vintage == COMPARE:
        return breakdown_shares_figure(arrivals, dimension, lang)
    frame = arrivals.breakdown(dimension, vintage)
    breakdown_total, arrivals_total = arrivals.breakdown_gap(dimension, vintage)
    if dimension in PLACES:  # ranked bars, the largest first, as beside the tile map (charts/regions.py)
        order = frame[frame["sex"] == "total"].sort_values("count", ascending=False, kind="stable")["category_en"]
        rank = {c: i for i, c in enumerate(order)}
        frame = frame.sort_values("category_en", key=lambda c: c.map(rank), kind="stable").reset_index(drop=True)
    if dimension == RESIDENTS:  # who lives where: people who died or left are not in it, so no arrivals gap
        footnote = t("residents_note", lang)
    elif breakdown_total is not None and arrivals_total is not None:
        footnote = t("breakdown_footnote", lang, breakdown=locale.number(breakdown_total, lang),
                     arrivals=locale.number(arrivals_total, lang))
    else:
        footnote = t("breakdown_footnote_plain", lang)
    if len(frame) and frame["partial"].any():
        footnote += " " + t("breakdown_partial", lang)
    cited = arrivals.citations(frame["source"])
    return (breakdown_chart(frame, dimension, cited, footnote, lang), breakdown_summary(frame, dimension, lang),
            footnote)


COMPARE = "compare"  # the breakdown "vintage" that sets every vintage's shares side by side
VINTAGE_SHADES = ("#08306B", "#2171B5", "#6BAED6", "#BDD7E7", "#EFF3FF")  # newest darkest: order, not only hue


def breakdown_shares_figure(arrivals: Arrivals, dimension: str, lang: str) -> tuple[go.Figure, str, str]:
    """Every vintage of one breakdown side by side, as shares of all arrivals it covers: a category's share
    of the breakdown's total, or of the arrivals total of the same date where a source lists only some
    categories. A vintage with neither total is left out, and the footnote says so."""
    listed = arrivals.breakdown_vintages(dimension)
    data, cited, left_out = [], [], []
    for shade, row in zip(VINTAGE_SHADES, listed.itertuples(index=False)):
        rows = arrivals.breakdown(dimension, row.vintage)
        rows = rows[rows["sex"] == "total"]
        # residents are never shares of arrivals: a partial residence list has no whole and is left out
        whole = row.breakdown_total if not row.partial else None if dimension == RESIDENTS else row.arrivals_total
        if rows.empty or is_missing(whole):
            left_out.append(locale.date_text(row.period_end[:7], lang))
            continue
        citation = arrivals.citations([row.source])[0]
        cited.append(citation)
        name = t("breakdown_vintage", lang, month=locale.date_text(row.period_end[:7], lang))
        shares = [round(int(c) / int(whole) * 100, 1) for c in rows["count"]]
        names = [locale.category_name(c, lang) for c in rows["category_en"]]
        data.append({"type": "bar", "orientation": "h", "y": names, "x": shares, "name": name,
                     "customdata": [[locale.number(int(c), lang, unit=True), locale.number(int(whole), lang)]
                                    for c in rows["count"]],
                     "hovertemplate": "<b>%{y}</b><br>%{x:.1f}% (%{customdata[0]} / %{customdata[1]})<extra>"
                                      + _escape(name) + "</extra>",
                     "marker": {"color": shade, "line": {"color": INK, "width": 0.5}},
                     "meta": {"sex": "total", "vintage": row.vintage, "colour": shade}})
    dim = t(f"dim_{dimension}", lang)
    footnote = t("breakdown_compare_note", lang) + (" " + t("breakdown_left_out", lang, months=", ".join(left_out))
                                                    if left_out else "")
    layout = _layout(t("breakdown_compare_title", lang, dimension=dim), footnote,
                     [citations.source_line(cited, lang)], lang)
    if not data:
        return empty_figure(layout, lang), t("summary_empty", lang, kind=t("kind_bar", lang), what=dim), footnote
    categories = list(dict.fromkeys(c for trace in data for c in trace["y"]))
    top = max(max(trace["x"]) for trace in data)
    tickvals, value_range = value_ticks(0.0, top)
    layout.update(barmode="group", showlegend=True, bargap=0.2,
                  yaxis={"type": "category", "categoryorder": "array", "categoryarray": categories[::-1],
                         "automargin": True, "fixedrange": True},
                  xaxis={"tickvals": tickvals, "ticktext": [f"{v:.0f}%" for v in tickvals], "range": value_range,
                         "gridcolor": GRID, "automargin": True, "fixedrange": True})
    layout["meta"]["key"] = [{"name": trace["name"], "sex": f"vintage-{i}", "type": "bar",
                              "colour": trace["meta"]["colour"], "dash": "solid"} for i, trace in enumerate(data)]
    summary = t("summary_compare", lang, dimension=dim, n=len(data),
                parts="; ".join(f"{trace['name']}: {trace['y'][trace['x'].index(max(trace['x']))]} "
                                f"{max(trace['x']):.1f}%" for trace in data))
    return plain_figure(data, layout), summary, footnote


def revision_figure(arrivals: Arrivals, year: int | None, lang: str) -> tuple[go.Figure, str]:
    """Every published value of the period ending in `year`: chart and text summary."""
    frame = arrivals.publications(year)
    label = labels(frame.head(1), lang)[0] if len(frame) else str(year)
    cited = arrivals.citations(frame["source"])
    return revisions_chart(frame, label, cited, lang), revisions_summary(frame, label, cited, lang)

"""Pure figure builders: frames from `data.py` in, `go.Figure` out, with everything an image must carry inside
`fig.layout` (title, subtitle, source line, the note on provisional figures).

One style table per Status and per sex drives every chart, so provisional, part-year and multi-year periods look
the same everywhere, and men and women differ by pattern, dash and marker as well as by colour.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import (
    AXIS,
    BACKGROUND,
    COLOURS,
    EVENT,
    FONT,
    GRID,
    HEIGHT,
    INK,
    MUTED,
    SEX_STYLE,
    STATUS_STYLE,
    ZERO,
)
from dashboard.data import Arrivals, Citation, Status, View, first_publications, is_missing
from dashboard.text import locale
from dashboard.text.catalogue import t
from dashboard.text.citations import source_line

VALUE_FORMAT = {"count": ",d", "cumulative": ",d", "yoy": "+,d", "share": ".1f"}
AXIS_TITLE = {"count": "axis_count", "cumulative": "axis_count", "yoy": "axis_yoy", "share": "axis_share"}


def labels(frame: pd.DataFrame, lang: str) -> list[str]:
    """Axis labels for a frame's periods: buckets read as ranges, part-years name their last month."""
    return [locale.period_label(s, e, st, lang) for s, e, st in
            zip(frame["period_start"], frame["period_end"], frame["status"])]


def _status_text(status: str, lang: str) -> str:
    return t(f"status_{status}", lang)


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """A go.Figure from plain dicts without plotly's per-property validation, which costs several times the whole
    build (docs/performance.md); the unit tests re-validate every builder's output instead."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _layout(title: str, subtitle: str, notes: list[str], lang: str, view: View | None = None) -> dict:
    """Title, subtitle and the source/notes lines inside the figure, so an exported image carries them."""
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
        # the legend sits between the subtitle and the plot, so it never covers either on a narrow screen
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        "hoverlabel": {"font": {"family": FONT}},
        "annotations": annotations,
        "shapes": [],
        "meta": {"lang": lang, **({"view": dataclasses.asdict(view)} if view else {})},  # says what is drawn
    }


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in text; data from files is shown as text, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _empty(layout: dict, lang: str) -> go.Figure:
    layout["annotations"].append({"text": t("no_data", lang), "xref": "paper", "yref": "paper", "x": 0.5,
                                  "y": 0.5, "showarrow": False, "font": {"size": 16}, "name": "no-data"})
    layout["xaxis"] = layout["yaxis"] = {"visible": False}
    return _figure([], layout)


def _title_key(view: View) -> str:
    return f"chart_title_{view.metric}"


def subtitle(view: View, frame: pd.DataFrame, vintage_as_of: str | None, lang: str) -> str:
    """The filter in words: sex, years shown, which figures (latest or one publication)."""
    sex = "female" if view.metric == "share" else view.sex
    shown = labels(frame.drop_duplicates(["period_start", "period_end"]), lang) if len(frame) else ["–"]
    vintage = t("vintage_latest", lang) if view.vintage == "latest" else \
        t("vintage_as_of", lang, date=locale.date_text(vintage_as_of, lang) if vintage_as_of else view.vintage)
    return t("subtitle_view", lang, sex=t(f"sex_{sex}", lang), first=shown[0], last=shown[-1],
                  vintage=vintage)


def _value_text(value, metric: str, lang: str) -> str:
    if is_missing(value):
        return "–"
    if metric == "share":
        return locale.percent(float(value), lang)
    return locale.number(int(value), lang, sign=metric == "yoy", unit=True)


def arrivals_chart(frame: pd.DataFrame, view: View, citations: list[Citation], events: pd.DataFrame,
                   lang: str, vintage_as_of: str | None = None) -> go.Figure:
    """The main chart of `view`: one trace per sex, provisional/part-year/bucket periods styled by Status,
    cited events as shaded spans, the source line and the style note inside the figure."""
    notes = [source_line(citations, lang)]
    if (frame["status"] != Status.FINAL).any():
        notes.append(t("style_note", lang))
    layout = _layout(t(_title_key(view), lang), subtitle(view, frame, vintage_as_of, lang), notes, lang, view)
    if frame.empty:
        return _empty(layout, lang)
    periods = frame.drop_duplicates(["period_start", "period_end"])
    categories = labels(periods, lang)
    data = [_trace(rows, sex, view, lang) for sex, rows in frame.groupby("sex", sort=False)]
    layout.update(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": categories, "showgrid": False,
               "range": [-0.5, len(categories) - 0.5],
               "linecolor": AXIS, "tickangle": -45 if len(categories) > 14 else 0},
        yaxis={"title": {"text": t(AXIS_TITLE[view.metric], lang)}, "gridcolor": GRID,
               "zerolinecolor": ZERO, "tickformat": ".0f" if view.metric == "share" else ",",
               "ticksuffix": "%" if view.metric == "share" else "",
               "type": "log" if view.log_applies else "linear"},
        barmode="stack" if view.stacked else "group",
        bargap=0.2,
        showlegend=len(data) > 1,
    )
    if view.events:
        _add_events(layout, periods, events, lang)
    return _figure(data, layout)


def _trace(rows: pd.DataFrame, sex: str, view: View, lang: str) -> dict:
    styles = [STATUS_STYLE[Status(s)] for s in rows["status"]]
    colour = COLOURS[sex]
    name = t("metric_share" if view.metric == "share" else f"sex_{sex}", lang)
    y = [None if is_missing(v) else (float(v) if view.metric == "share" else int(v)) for v in rows["value"]]
    customdata = [
        [_value_text(v, view.metric, lang), _status_text(st, lang), p,
         t("hover_as_of", lang, date=locale.date_text(a, lang)), src, locale.number(int(c), lang, unit=True)]
        for v, st, p, a, src, c in zip(rows["value"], rows["status"], rows["period"], rows["as_of"], rows["source"],
                                       rows["count"])
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
                "marker": {"color": colour, "size": [13 if s["open"] else 8 for s in styles],
                           "symbol": [f"{symbol}-open" if s["open"] else symbol for s in styles],
                           "line": {"color": colour, "width": 2}}}
    return {**trace, "type": "bar",
            "marker": {"color": colour, "opacity": [s["opacity"] for s in styles],
                       "line": {"color": INK, "width": [s["outline"] for s in styles]},
                       "pattern": _pattern(sex)}}


def _pattern(sex: str) -> dict:
    return {"shape": SEX_STYLE[sex]["pattern"], "fgcolor": BACKGROUND, "solidity": 0.35, "fillmode": "overlay"}


def _add_events(layout: dict, periods: pd.DataFrame, events: pd.DataFrame, lang: str) -> None:
    """Each cited event shades the shown periods it overlaps, labelled and hover-cited; others are skipped.

    On a category axis the n-th category sits at x = n, so a span is drawn from n - 0.5 to m + 0.5."""
    spans = list(zip(periods["period_start"], periods["period_end"]))
    for row, event in enumerate(events.itertuples(index=False)):
        hit = [i for i, (s, e) in enumerate(spans) if (s or "0000") <= event.date_end and e >= event.date_start]
        if not hit:
            continue
        layout["shapes"].append({"type": "rect", "xref": "x", "yref": "paper", "x0": hit[0] - 0.5,
                                 "x1": hit[-1] + 0.5, "y0": 0, "y1": 1, "fillcolor": EVENT, "opacity": 0.12,
                                 "line": {"width": 0}, "layer": "below", "name": f"event-{event.event}"})
        near_end = hit[-1] >= len(spans) - 3  # anchor labels by the right edge there, so they are not cut off
        layout["annotations"].append({
            "x": hit[-1] + 0.5 if near_end else (hit[0] + hit[-1]) / 2, "xref": "x", "y": 1 - 0.07 * (row % 3),
            "yref": "paper", "xanchor": "right" if near_end else "center",
            "text": _escape(getattr(event, f"label_{lang}")), "showarrow": False, "yanchor": "top",
            "font": {"size": 11, "color": MUTED}, "bgcolor": "rgba(255,255,255,0.85)",
            "hovertext": _escape(t("event_source", lang, publisher=event.publisher)
                                 + f" — {event.title} ({event.url})"),
            "name": f"event-{event.event}"})


def breakdown_chart(frame: pd.DataFrame, dimension: str, citations: list[Citation], footnote: str,
                    lang: str) -> go.Figure:
    """Men and women side by side for each category of one breakdown table, as printed by MOU."""
    dim = t(f"dim_{dimension}", lang)
    as_of = locale.date_text(frame["as_of"].iloc[0], lang) if len(frame) else "–"
    layout = _layout(t("breakdown_title", lang, dimension=dim, as_of=as_of), footnote,
                     [source_line(citations, lang)], lang)
    if frame.empty:
        return _empty(layout, lang)
    sexes = [s for s in ("male", "female") if s in set(frame["sex"])] or ["total"]
    data = []
    for sex in sexes:
        rows = frame[frame["sex"] == sex]
        data.append({
            "type": "bar", "x": list(rows["category_en"]), "y": [int(c) for c in rows["count"]],
            "name": t(f"sex_{sex}", lang),
            "customdata": [[locale.number(int(c), lang, unit=True), printed]
                           for c, printed in zip(rows["count"], rows["category"])],
            "hovertemplate": "<b>%{x}</b> (%{customdata[1]})<br>%{customdata[0]}<extra></extra>",
            "marker": {"color": COLOURS[sex], "pattern": _pattern(sex)}, "meta": {"sex": sex}})
    layout.update(barmode="group", showlegend=True, xaxis={"type": "category"},
                  yaxis={"title": {"text": t("axis_count", lang)}, "tickformat": ",", "gridcolor": GRID})
    return _figure(data, layout)


def revisions_chart(frame: pd.DataFrame, label: str, citations: list[Citation], lang: str) -> go.Figure:
    """How one period's figure changed from vintage to vintage: a step line per sex over publication dates."""
    layout = _layout(t("revision_title", lang, period=label), "", [source_line(citations, lang)], lang)
    if frame.empty:
        return _empty(layout, lang)
    data = []
    for sex, rows in frame.groupby("sex", sort=False):
        symbol = SEX_STYLE[sex]["symbol"]
        data.append({
            "type": "scatter", "x": list(rows["as_of"]), "y": [int(c) for c in rows["count"]],
            "name": t(f"sex_{sex}", lang), "mode": "lines+markers",
            "line": {"shape": "hv", "color": COLOURS[sex], "dash": SEX_STYLE[sex]["dash"]},
            "marker": {"symbol": [f"{symbol}-open" if p else symbol for p in rows["provisional"]], "size": 10,
                       "color": COLOURS[sex], "line": {"color": COLOURS[sex], "width": 2}},
            "customdata": [[locale.number(int(c), lang, unit=True), v, locale.date_text(a, lang),
                            _status_text(Status.PROVISIONAL if p else Status.FINAL, lang)]
                           for c, v, a, p in zip(rows["count"], rows["vintage"], rows["as_of"], rows["provisional"])],
            "hovertemplate": "%{customdata[2]}: <b>%{customdata[0]}</b><br>%{customdata[3]}<br>%{customdata[1]}"
                             "<extra></extra>",
            "meta": {"sex": sex}})
    layout.update(xaxis={"type": "date", "title": {"text": t("revision_axis", lang)}},
                  yaxis={"title": {"text": t("axis_count", lang)}, "tickformat": ",", "gridcolor": GRID})
    return _figure(data, layout)


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
    for status in (Status.PROVISIONAL, Status.PARTIAL, Status.BUCKET):
        periods = [n for n, s in zip(names, shown["status"]) if s == status]
        if periods:
            text += t(f"summary_{status}", lang, periods=", ".join(dict.fromkeys(periods)))
    return text


def breakdown_summary(frame: pd.DataFrame, dimension: str, lang: str) -> str:
    """The largest category for each sex, out of that sex's total."""
    parts = []
    for sex, rows in frame.groupby("sex", sort=False):
        top = rows.loc[rows["count"].idxmax()]
        parts.append(t("summary_breakdown_part", lang, sex=t(f"sex_{sex}", lang), category=top["category_en"],
                       count=locale.number(int(top["count"]), lang),
                       total=locale.number(int(rows["count"].sum()), lang)))
    dim = t(f"dim_{dimension}", lang)
    if not parts:
        return t("summary_empty", lang, kind=t("kind_bar", lang), what=dim)
    return t("summary_breakdown", lang, kind=t("kind_bar", lang), dimension=dim, parts="; ".join(parts))


def revisions_summary(frame: pd.DataFrame, label: str, lang: str) -> str:
    """Each sex's sequence of distinct published values with the date each first appeared (one value: none)."""
    parts = []
    for sex, rows in frame.groupby("sex", sort=False):
        rows = first_publications(rows)
        steps = " → ".join(f"{locale.number(int(c), lang)} ({locale.date_text(a, lang)})"
                           for c, a in zip(rows["count"], rows["as_of"]))
        parts.append(f"{t(f'sex_{sex}', lang)}: {steps}")
    if not parts or frame.groupby("sex")["count"].nunique().max() == 1:
        return t("revision_none", lang, period=label) + (" " + "; ".join(parts) + "." if parts else "")
    return t("summary_revisions", lang, kind=t("kind_line", lang), period=label, parts="; ".join(parts))


# --- the charts of the data layer's answers: what the page, the exports and the static site draw --------------
def main_chart(arrivals: Arrivals, view: View) -> go.Figure:
    """The main chart of a view, exactly as every export renders it."""
    frame = arrivals.series(view)
    vintages = arrivals.vintages().set_index("vintage")["as_of"]
    vintage_as_of = None if view.vintage == "latest" else vintages.get(view.vintage)
    return arrivals_chart(frame, view, arrivals.citations(frame["source"]), arrivals.events(), view.lang,
                          vintage_as_of)


def breakdown_figure(arrivals: Arrivals, dimension: str, lang: str) -> tuple[go.Figure, str, str]:
    """One breakdown table's chart, its text summary and the footnote on the protective-facility gap."""
    frame = arrivals.breakdown(dimension)
    breakdown_total, arrivals_total = arrivals.breakdown_gap(dimension)
    footnote = t("breakdown_footnote", lang, breakdown=locale.number(breakdown_total, lang),
                           arrivals=locale.number(arrivals_total, lang)) \
        if breakdown_total is not None and arrivals_total is not None \
        else t("breakdown_footnote_plain", lang)
    cited = arrivals.citations(frame["source"])
    return (breakdown_chart(frame, dimension, cited, footnote, lang), breakdown_summary(frame, dimension, lang),
            footnote)


def revision_figure(arrivals: Arrivals, year: int | None, lang: str) -> tuple[go.Figure, str]:
    """Every published value of the period ending in `year`: chart and text summary."""
    frame = arrivals.publications(year)
    label = labels(frame.head(1), lang)[0] if len(frame) else str(year)
    cited = arrivals.citations(frame["source"])
    return revisions_chart(frame, label, cited, lang), revisions_summary(frame, label, lang)

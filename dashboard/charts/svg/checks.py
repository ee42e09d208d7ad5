"""The subset of plotly.js attributes (src/plot_api/plot_schema.js) that charts/svg draws: anything else raises
ValueError naming the property, so that a change to a builder shows up in the tests rather than as a wrong picture."""

from __future__ import annotations

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
                raise ValueError(f"{where}.{key}: property not drawn by charts/svg")
            check(item, spec[key], f"{where}.{key}")
    elif isinstance(spec, list):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}: expected a list")
        for i, item in enumerate(value):
            check(item, spec[0], f"{where}[{i}]")
    elif isinstance(spec, set):
        if isinstance(value, list | tuple | dict) or value not in spec:
            supported = ", ".join(repr(v) for v in sorted(spec, key=str))
            raise ValueError(f"{where}: value {value!r:.60} not drawn by charts/svg (supported: {supported})")
    else:
        types = spec if isinstance(spec, tuple) else (spec,)
        if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            raise ValueError(f"{where}: value {value!r:.60} not drawn by charts/svg")


def merged(base: dict | None, over: dict | None) -> dict:
    """`over` on top of `base`, nested objects merged (a template under a figure's own properties)."""
    out = dict(base or {})
    for key, value in (over or {}).items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out



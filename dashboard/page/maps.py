"""The tile map beside a place breakdown's ranked bars (where defectors live, where arrivals came from): a static
chart drawn on the server (`/charts/map.svg`), redrawn when the card's table choice changes.

The map shows one table; with every table compared (the bars' shares), the latest one (`regions.map_table`).
"""

from __future__ import annotations

from functools import lru_cache

from dash import Dash, Input, Output
from dash import State as DashState

from dashboard import urls
from dashboard.charts import figures, regions
from dashboard.data import PLACES, Arrivals
from dashboard.page import ids

OUTPUTS = (("src", "map", "src"), ("narrow", "map-narrow", "srcSet"), ("title", "map", "alt"),
           ("summary", "map-summary", "children"))


@lru_cache(maxsize=64)  # pure in (dimension, lang, vintage, immutable data)
def map_outputs(dimension: str, lang: str, vintage: str, arrivals: Arrivals) -> dict:
    """The map's title, image addresses (wide and narrow) and text summary."""
    figure, summary = regions.map_figure(arrivals, dimension, lang, vintage)
    shown = regions.map_table(vintage)
    return {"title": figures.plain_title(figure), "summary": summary,
            "src": urls.chart_image_url("map", lang, dimension=dimension, bv=shown),
            "narrow": urls.chart_image_url("map", lang, width="360", dimension=dimension, bv=shown)}


def register(app: Dash, arrivals: Arrivals) -> None:
    """One callback per place breakdown: its table choice redraws its map."""
    for dimension in PLACES:
        @app.callback(*[Output(ids.breakdown(dimension, part), prop) for _, part, prop in OUTPUTS],
                      Input(ids.breakdown(dimension, "vintage"), "value"), DashState(ids.LANG, "data"),
                      prevent_initial_call=True)
        def draw_map(vintage, lang, dimension=dimension):
            lang = urls.parse_pairs([("lang", lang if isinstance(lang, str) else "")], arrivals).view.lang
            try:  # a table no menu offers (a request the page did not send) draws the default one
                chosen = urls.read("bv", vintage if isinstance(vintage, str) else "", arrivals)
            except urls.Invalid:
                chosen = "latest"
            out = map_outputs(dimension, lang, chosen, arrivals)
            return tuple(out[key] for key, *_ in OUTPUTS)

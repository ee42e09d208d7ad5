"""The one style table of every chart: font, colours, marks per sex and per status, sizes.

The page's stylesheet (assets/style.css) and the HTML pages outside Dash name the same font stack; a test keeps
them equal to FONT.
"""

from __future__ import annotations

from dashboard.data import Status

# NanumGothic first: without a CJK family Chromium may pick a font with no Hangul and draw empty boxes.
FONT = "NanumGothic, 'Noto Sans CJK KR', 'Malgun Gothic', Arial, sans-serif"
INK = "#1a1a1a"  # titles and values
MUTED = "#333333"  # notes, source line, event labels
AXIS = "#444444"
ZERO = "#888888"
GRID = "#e5e5e5"
EVENT = "#999999"  # event spans, faint
BACKGROUND = "#ffffff"
# Okabe-Ito colours (safe for the common colour-vision deficiencies), each at least 3:1 against white.
COLOURS = {"total": "#0072B2", "male": "#7A5195", "female": "#D55E00"}
# Colour is never the only cue: women's bars are dotted, their lines dashed with diamond markers.
SEX_STYLE = {
    "total": {"pattern": "", "dash": "solid", "symbol": "circle"},
    "male": {"pattern": "", "dash": "solid", "symbol": "square"},
    "female": {"pattern": ".", "dash": "dash", "symbol": "diamond"},
}
STATUS_STYLE = {
    Status.FINAL: {"opacity": 1.0, "outline": 0, "open": False},
    Status.PROVISIONAL: {"opacity": 0.45, "outline": 2, "open": True},
    Status.PARTIAL: {"opacity": 0.45, "outline": 2, "open": True},
    Status.BUCKET: {"opacity": 0.3, "outline": 2, "open": True},
}
HEIGHT = 520  # a chart on the page
EMBED_HEIGHT = 560  # the iframe of the embed snippet: the chart and its words at 340 to 900 px wide
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 675  # an exported image, in CSS pixels (PNG is rendered at 2x)
# plotly.js options of every interactive chart (page, embed, static site)
GRAPH_CONFIG = {"responsive": True, "displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

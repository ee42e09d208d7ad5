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
# The other vintage of a compare view (vs=): near-black dots and open markers over the view's own colours, so
# that it reads as "the other vintage" whatever the sex, and apart from them without colour.
VS_STYLE = {"colour": "#1a1a1a", "dash": "dot"}
HEIGHT = 520  # a chart on the page
COMPARE_HEIGHT = 300  # the small chart of the revision per period under a compare view
EMBED_HEIGHT = 560  # the iframe of the embed snippet: the chart and its words at 340 to 900 px wide
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 675  # an exported image, in CSS pixels (PNG is rendered at 2x)
# Exported images: Latin text in Liberation Sans (Arial's metrics; Debian's chromium depends on fonts-liberation),
# Hangul in NanumGothic. Chromium's PDF text layer maps each glyph back to one code point, and NanumGothic's space
# and hyphen glyphs also serve U+0001 and U+00AD, so with NanumGothic first a PDF's text read "Source:\x01Ministry".
EXPORT_FONT = "'Liberation Sans', Arial, NanumGothic, 'Noto Sans CJK KR', 'Malgun Gothic', sans-serif"
MM = 96 / 25.4  # CSS pixels per millimetre
# Image sizes (width, height) in CSS pixels; charts/sizes.py lays a figure out for each. `print` is one column of a
# two-column A4 page (88 mm wide, 110 mm tall), meant for the vector formats (PDF, SVG).
SIZES = {
    "default": (IMAGE_WIDTH, IMAGE_HEIGHT),
    "social": (1200, 630),  # link previews (Open Graph, X)
    "square": (1080, 1080),
    "portrait": (1080, 1350),  # 4:5, for mobile stories and feeds
    "print": (round(88 * MM), round(110 * MM)),
}
SIZE_SCALE = {"default": 1.0, "social": 1.1, "square": 1.25, "portrait": 1.3, "print": 0.85}  # text size factor
# Exported images carry no fill patterns (Chromium's PDF backend rasterises them: ten images, 11 MB for one chart);
# in a bar chart of men and women each series is instead named at the end of its bars, in its colour, so the two
# stay apart without colour. Lines keep their dashes and markers (SEX_STYLE).
EXPORT_PATTERNS = False
DIRECT_LABELS = True
# plotly.js options of every interactive chart (page, embed, static site): no mode bar. Its camera saved a PNG
# without the title, source line and key that every export carries (the Download tab has ours), its cloud buttons
# sent the chart to an outside site, and the axes are fixed (no zoom), so it had nothing else to offer.
GRAPH_CONFIG = {"responsive": True, "displayModeBar": False}

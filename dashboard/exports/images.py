"""Chart images (PNG, SVG, PDF) rendered by kaleido with one persistent Chromium per process."""

from __future__ import annotations

import threading
import warnings

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts.style import FONT, IMAGE_HEIGHT, IMAGE_WIDTH
from dashboard.exports.formats import IMAGES

MIN_PNG_SCALE = 2

# kaleido's sync server hands results back through one shared queue, so two threads (Dash serves callbacks
# on several) calling it at once could swap images: one lock serialises the calls.
_lock = threading.Lock()


def render(fig: go.Figure, fmt: str, width: int = IMAGE_WIDTH, height: int = IMAGE_HEIGHT,
           scale: float = MIN_PNG_SCALE) -> bytes:
    """Image bytes; PNG is never rendered below 2x so that it stays sharp in print.

    A figure that names no font family gets the charts' Hangul-capable FONT, so no image ever falls back to a
    font without Hangul.
    """
    if fmt not in IMAGES:
        raise ValueError(f"unknown image format {fmt!r}: choose one of {', '.join(IMAGES)}")
    if fmt == "png" and scale < MIN_PNG_SCALE:
        raise ValueError(f"PNG scale must be at least {MIN_PNG_SCALE}, got {scale}")
    if width <= 0 or height <= 0:
        raise ValueError(f"image size must be positive, got {width}x{height}")
    if not fig.layout.font.family:
        fig = go.Figure(fig).update_layout(font_family=FONT)
    with _lock:
        # A no-op once running; mathjax=False because its default comes from a CDN that is not reachable.
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        with warnings.catch_warnings():
            # plotly passes its default request headers as kopts, which a running server ignores (and says so).
            warnings.filterwarnings("ignore", "The kopts argument is ignored", UserWarning)
            return pio.to_image(fig, format=fmt, width=width, height=height, scale=scale)


def close() -> None:
    """Stop the renderer; a one-shot process (the CLI) calls it so Chromium is not left to interpreter exit, where
    its pipe can print a decode error."""
    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)

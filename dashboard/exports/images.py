"""Chart images (PNG, SVG, PDF) rendered by kaleido with one persistent Chromium per process.

Every image is laid out for one of the sizes of charts/style.py (`charts/sizes.fit`) in the export font, so its
title and source line are whole. SVG and PDF are then made reproducible and readable by others: the SVG's
`width`/`height` equal its viewBox and plotly's random ids become ids derived from the drawing itself; the PDF gets
its title, author (the publisher) and subject, and dates from the data instead of the moment it was rendered.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import struct
import threading
import warnings
import zlib
from datetime import datetime

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.charts import sizes
from dashboard.charts.style import EXPORT_FONT, IMAGE_HEIGHT, IMAGE_WIDTH, SIZES
from dashboard.exports.formats import IMAGES
from etl import priority

MIN_PNG_SCALE = 2
CSS_PX_PER_METRE = 96 / 0.0254  # CSS pixels are 1/96 inch: a PNG at scale 2 has 2 × this many pixels a metre
# Korean fonts of every common system, named in exported SVGs after the fonts the image was laid out in, so a
# reader's machine draws Hangul in whichever it has (macOS/iOS, Windows, Android/Noto, Adobe, Linux), never boxes.
SVG_HANGUL_FONTS = ("'Apple SD Gothic Neo'", "AppleGothic", "'Malgun Gothic'", "'맑은 고딕'", "'Noto Sans KR'",
                    "'Noto Sans CJK KR'", "'Source Han Sans K'", "'Source Han Sans KR'", "'Nanum Gothic'",
                    "NanumGothic", "Dotum", "Gulim", "UnDotum", "'Baekmuk Gulim'")

# kaleido's sync server hands results back through one shared queue, so two threads (Dash serves callbacks
# on several) calling it at once could swap images: one lock serialises the calls.
_lock = threading.Lock()


def render(fig: go.Figure, fmt: str, width: int | None = None, height: int | None = None,
           scale: float = MIN_PNG_SCALE, size: str | None = None, info: dict | None = None,
           screen: bool = False) -> bytes:
    """Image bytes of a figure, laid out for `size` (default: "default") unless an explicit width and height are
    asked for; PNG is never rendered below 2x so that it stays sharp in print. `info` (title, author, subject,
    description, source, licence, date) becomes the PDF's document information, the PNG's text chunks and the
    SVG's `<title>` and `<desc>`; a PNG also states its pixel density (pHYs), so it prints at its CSS size. A PNG
    for `screen` only (a link preview, at the pixel size platforms ask for) may be 1x.

    Text is drawn in EXPORT_FONT (Latin letters in Liberation Sans, Hangul in NanumGothic), so no image falls back
    to a font without Hangul and a PDF's text extracts with ordinary spaces.
    """
    if fmt not in IMAGES:
        raise ValueError(f"unknown image format {fmt!r}: choose one of {', '.join(IMAGES)}")
    if fmt == "png" and scale < (1 if screen else MIN_PNG_SCALE):
        raise ValueError(f"PNG scale must be at least {MIN_PNG_SCALE}, got {scale}")
    if width is None and height is None:
        size = size or "default"
    if size is not None:
        fig = sizes.fit(fig, size)
        width, height = SIZES[size]
    else:
        width = IMAGE_WIDTH if width is None else width
        height = IMAGE_HEIGHT if height is None else height
        fig = go.Figure(fig).update_layout(font_family=EXPORT_FONT)
    if width <= 0 or height <= 0:
        raise ValueError(f"image size must be positive, got {width}x{height}")
    import kaleido  # here, not at the top: with Chromium's driver, ~0.1 s of every server's start

    with _lock:
        # A no-op once running; mathjax=False because its default comes from a CDN that is not reachable. Started
        # at the lowest CPU priority (its thread and Chromium inherit it): an export may wait, the API may not.
        priority.started_low(lambda: kaleido.start_sync_server(mathjax=False, silence_warnings=True))
        with warnings.catch_warnings():
            # plotly passes its default request headers as kopts, which a running server ignores (and says so).
            warnings.filterwarnings("ignore", "The kopts argument is ignored", UserWarning)
            body = pio.to_image(fig, format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)
    if fmt == "svg":
        return described_svg(stable_svg(body), info or {})
    if fmt == "pdf":
        return pdf_with_info(body, info or {})
    return png_with_info(body, scale, info or {})


def described_svg(svg: bytes, info: dict) -> bytes:
    """The SVG as an image with a name and a description a screen reader reads (role="img", `<title>` and
    `<desc>` first, aria-labelledby both), and its font stack widened with SVG_HANGUL_FONTS before the generic
    family."""
    text = svg.decode("utf-8")
    text = re.sub(r"(font-family: [^;\"]*?)(,\s*sans-serif)", lambda m: widen(m.group(1)) + m.group(2), text)
    if not info.get("title"):
        return text.encode("utf-8")
    root = re.match(r"<svg\b[^>]*>", text).group(0)
    key = "c" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    labelled = root[:-1] + f' role="img" aria-labelledby="{key}-0 {key}-1">'
    parts = [f'<title id="{key}-0">{html.escape(info["title"])}</title>',
             f'<desc id="{key}-1">{html.escape(info.get("description", ""))}</desc>']
    return (labelled + "".join(parts) + text[len(root):]).encode("utf-8")


def widen(families: str) -> str:
    """A font-family list with every Korean font of SVG_HANGUL_FONTS it does not name yet added at its end."""
    named = {f.strip().strip("'\"") for f in families.split(":", 1)[1].split(",")}
    return ", ".join([families, *(f for f in SVG_HANGUL_FONTS if f.strip("'") not in named)])


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_info(png: bytes, scale: float, info: dict) -> bytes:
    """The PNG with its pixel density (pHYs: `scale` device pixels per CSS pixel at 96 per inch, so a print-size
    image places at its stated millimetres) and international text chunks (iTXt, UTF-8, so Hangul too) for the
    keywords exiftool and image viewers read: Title, Description (the alt text), Author, Source, Copyright
    (the licence), Creation Time. Inserted after IHDR, before the image data."""
    end = 8 + 8 + 13 + 4  # signature, then the IHDR chunk (length, type, 13 bytes, CRC)
    density = round(scale * CSS_PX_PER_METRE)
    chunks = [png_chunk(b"pHYs", struct.pack(">IIB", density, density, 1))]
    when = info.get("date")
    texts = {"Title": info.get("title", ""), "Description": info.get("description", ""),
             "Author": info.get("author", ""), "Source": info.get("source", ""),
             "Copyright": info.get("licence", ""), "Creation Time": when.strftime("%Y-%m-%d") if when else ""}
    for keyword, value in texts.items():
        if value:
            chunks.append(png_chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0" + info.get("lang", "").encode()
                                    + b"\0\0" + value.encode("utf-8")))
    return png[:end] + b"".join(chunks) + png[end:]


def stable_svg(svg: bytes) -> bytes:
    """The SVG with `width`/`height` equal to its viewBox and plotly's random ids (clip paths, defs, patterns)
    renamed from a digest of the drawing, so that the same view gives the same bytes and two different charts
    on one page never share an id."""
    text = svg.decode("utf-8")
    root = re.match(r"<svg\b[^>]*>", text)
    if root:
        tag = root.group(0)
        box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', tag)
        if box:
            fixed = re.sub(r'\bwidth="[^"]*"', f'width="{box.group(1)}"', tag, count=1)
            fixed = re.sub(r'\bheight="[^"]*"', f'height="{box.group(2)}"', fixed, count=1)
            text = fixed + text[len(tag):]
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', text)))
    if not ids:
        return text.encode("utf-8")
    blank = _rename(text, {old: f"id{n}" for n, old in enumerate(ids)})
    digest = hashlib.sha256(blank.encode("utf-8")).hexdigest()[:8]
    return _rename(text, {old: f"c{digest}-{n}" for n, old in enumerate(ids)}).encode("utf-8")


def _rename(text: str, names: dict[str, str]) -> str:
    """Every reference to an id (id="", url(#), href="#") renamed; exact names only."""
    def one(match: re.Match) -> str:
        return match.group(1) + names.get(match.group(2), match.group(2)) + match.group(3)
    return re.sub(r"""(\bid="|url\(['"]?#|href="#)([^"')]+)(["')])""", one, text)


def pdf_with_info(pdf: bytes, info: dict) -> bytes:
    """The PDF with its document information set (Chromium names it "Kaleido-fier" and dates it now): /Title,
    /Author, /Subject, /Creator and both dates from `info`, nothing from the clock, so the same view gives the
    same bytes."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter(clone_from=reader)
    when = info.get("date")
    stamp = _pdf_date(when) if when else "D:20000101000000Z"
    writer.metadata = None
    writer.add_metadata({
        "/Title": info.get("title", ""),
        "/Author": info.get("author", ""),
        "/Subject": info.get("subject", ""),
        "/Creator": "nk-arrivals",
        "/Producer": "nk-arrivals (Chromium via kaleido; pypdf)",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    undated = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", pdf)
    digest = hashlib.md5(undated, usedforsecurity=False).digest()  # the file identifier, from its content
    writer._ID = pypdf.generic.ArrayObject([pypdf.generic.ByteStringObject(digest)] * 2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%SZ")


def close() -> None:
    """Stop the renderer; a one-shot process (the CLI) calls it so Chromium is not left to interpreter exit, where
    its pipe can print a decode error."""
    import kaleido

    with _lock:
        kaleido.stop_sync_server(silence_warnings=True)

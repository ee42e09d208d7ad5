"""Chart images from kaleido: the source line travels as text in SVG and PDF, Hangul stays text, PNG at its size."""

import html
import io
import os
import re
import shutil
import struct
import subprocess

import plotly.graph_objects as go
import pypdf
import pytest

from dashboard.charts import figures
from dashboard.data import View
from dashboard.exports import images
from dashboard.text import citations

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def squeeze(text: str) -> str:
    """Compare without spaces: pypdf drops some, and Chromium's subset of NanumGothic maps the space glyph to U+0001
    and the hyphen to a soft hyphen (U+00AD) in the PDF's ToUnicode table."""
    return re.sub(r"[\s\x01]+", "", text).replace("\xad", "-")


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.fixture(scope="module", params=["en", "ko"])
def rendered(request, arrivals):
    """SVG and PDF of the default view with the 2025 provisional year in it, and the lines they must carry."""
    view = View(lang=request.param, start=2015)
    frame = arrivals.series(view)
    fig = figures.main_chart(arrivals, view)
    line = citations.source_line(arrivals.citations(frame["source"]), view.lang)
    title = fig.layout.title.text
    subtitle = fig.layout.title.subtitle.text
    return view, line, title, subtitle, images.render(fig, "svg"), images.render(fig, "pdf")


def test_svg_carries_title_subtitle_source_line_and_provisional_note(rendered, raw, svg_text):
    view, line, title, subtitle, svg, _ = rendered
    text = svg_text(svg)
    assert html.unescape(title) in text and html.unescape(subtitle) in text
    assert line in text
    source = raw("sources").set_index("source").loc["mou-kr-2025"]
    assert ("Ministry of Unification" if view.lang == "en" else source["publisher_ko"]) in line  # its short name
    provisional = {"en": "provisional", "ko": "잠정"}[view.lang]
    assert provisional in text.split(line)[1]  # the style note under the source line names provisional figures


def test_korean_svg_keeps_hangul_as_text_in_a_hangul_font(rendered, svg_text):
    view, line, _, _, svg, _ = rendered
    text = svg_text(svg)
    assert HANGUL.search(text)  # both languages name 통일부 in the source line
    assert "NanumGothic" in svg.decode("utf-8")
    if view.lang == "ko":
        assert len(HANGUL.findall(text)) > 50


def test_a_hangul_font_is_installed():
    """The font the figures name must exist with Hangul coverage, or Chromium draws empty boxes."""
    if not shutil.which("fc-list"):
        pytest.fail("fc-list (fontconfig) is missing: install fonts-nanum (make test does)")
    families = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True, check=True).stdout
    assert "NanumGothic" in families


def test_pdf_contains_the_source_line_as_text(rendered):
    _, line, title, _, _, pdf = rendered
    text = squeeze("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert squeeze(line) in text
    assert squeeze(html.unescape(title)) in text


@pytest.mark.parametrize("width,height,scale", [(800, 450, 2), (1200, 675, 2), (640, 480, 3)])
def test_png_has_the_requested_pixel_size(arrivals, width, height, scale):
    png = images.render(figures.main_chart(arrivals, View(start=2020)), "png", width=width, height=height, scale=scale)
    assert png_size(png) == (width * scale, height * scale)


@pytest.mark.parametrize("kwargs,message", [
    ({"fmt": "gif"}, "unknown image format 'gif'"),
    ({"fmt": "png", "scale": 1}, "PNG scale must be at least 2"),
    ({"fmt": "svg", "width": 0}, "image size must be positive"),
])
def test_bad_image_requests_are_clear_errors(arrivals, kwargs, message):
    with pytest.raises(ValueError, match=message):
        images.render(figures.main_chart(arrivals, View()), **kwargs)


def test_a_figure_without_a_font_still_gets_a_hangul_family(svg_text):
    svg = images.render(go.Figure(layout={"title": {"text": "북한이탈주민 입국"}}), "svg")
    assert "북한이탈주민 입국" in svg_text(svg)
    assert "NanumGothic" in svg.decode("utf-8")


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (from /proc's children lists of each of its threads)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in os.listdir(f"/proc/{parent}/task"):
            try:
                children = open(f"/proc/{parent}/task/{task}/children").read().split()
            except OSError:
                continue
            found += [int(c) for c in children]
            todo += [int(c) for c in children]
    return found


def test_the_chromium_that_draws_exports_runs_at_the_lowest_priority():
    """Four readers making packs must not slow an API answer: every thread of every Chromium process is scheduled
    only when nothing else wants the CPU (SCHED_IDLE, whatever nice value Chromium gives itself); this one is not."""
    images.close()  # a Chromium of its own, apart from the test browser's (also this process's child)
    before = set(descendants(os.getpid()))
    images.render(go.Figure(go.Bar(x=[1], y=[1])), "svg")
    chromium = [pid for pid in set(descendants(os.getpid())) - before if "chrom" in open(f"/proc/{pid}/comm").read()]
    threads = [int(task) for pid in chromium for task in os.listdir(f"/proc/{pid}/task")]
    assert chromium and len(threads) > len(chromium)
    assert {os.sched_getscheduler(tid) for tid in threads} == {os.SCHED_IDLE}
    assert os.sched_getscheduler(0) == os.SCHED_OTHER

"""What a chart image says of itself, read by the tools people use: exiftool reads a PNG's pixel density (the print
size places at its stated millimetres) and its title, description, source and licence; every SVG is an image with a
title and a description naming the chart and its figures, which rsvg-convert still draws; the Korean PDF is Korean
throughout and names the chart's makers, not MOU, as its author; the pack carries the alt text."""

import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest

from dashboard.charts import figures
from dashboard.charts import svg as svg_charts
from dashboard.charts.style import SIZES
from dashboard.data import CHARTS, METRICS, View
from dashboard.exports import pack

MM_PER_INCH = 25.4
LATIN_FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
KOREAN_FONT = "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf"  # a Korean font no SVG names
PRINT_MM = (88, 110)  # docs/exports.md: the print size is one column of a two-column A4 page


def exiftool(path) -> dict:
    binary = shutil.which("exiftool")
    assert binary, "exiftool is missing: apt-get install libimage-exiftool-perl (TEST_APT)"
    out = subprocess.run([binary, "-json", "-a", "-G1", "-lang", "ko", str(path)], capture_output=True, check=True)
    return json.loads(out.stdout)[0]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_exiftool_reads_the_print_size_and_the_text_of_a_png(arrivals, tmp_path, lang):
    view = View(lang=lang, start=2002, end=2025)
    path = tmp_path / "chart.png"
    path.write_bytes(pack.take_away(arrivals, view, "png", "print")[1])
    tags = exiftool(path)
    assert tags["PNG-pHYs:PixelUnits"] == "meters"
    per_metre = tags["PNG-pHYs:PixelsPerUnitX"]
    width_mm = tags["PNG:ImageWidth"] / per_metre * 1000
    height_mm = tags["PNG:ImageHeight"] / per_metre * 1000
    assert abs(width_mm - PRINT_MM[0]) < 0.5 and abs(height_mm - PRINT_MM[1]) < 0.5, (width_mm, height_mm)
    text = {key.split(":", 1)[1].split("-")[0]: value for key, value in tags.items() if key.startswith("PNG:")}
    fig_title = pack.image_info(arrivals, view, pack.figures.main_chart(arrivals, view))["title"]
    assert text["Title"] == fig_title
    assert text["Description"] == pack.alt_text(arrivals, view)
    assert "2009" in text["Description"] and "2,914" in text["Description"]  # the peak, as published
    assert text["Source"].startswith("Source: Ministry of Unification" if lang == "en" else "출처: 통일부")
    assert "KOGL Type 1" in text["Copyright"]
    assert text["Author"] == "The nk-arrivals contributors"


def test_a_default_png_states_2x_css_pixels(arrivals, tmp_path):
    path = tmp_path / "chart.png"
    path.write_bytes(pack.take_away(arrivals, View(), "png")[1])
    tags = exiftool(path)
    width_in = tags["PNG:ImageWidth"] / tags["PNG-pHYs:PixelsPerUnitX"] * 1000 / MM_PER_INCH
    assert abs(width_in * 96 - SIZES["default"][0]) < 1  # 1200 CSS pixels at 96 per inch, whatever the scale


@pytest.mark.parametrize("metric", METRICS)
def test_every_svg_is_an_image_with_a_title_and_a_description_of_its_figures(arrivals, metric, tmp_path):
    for chart in CHARTS:
        for lang in ("en", "ko"):
            view = View(metric=metric, sex="female" if metric == "share" else "total", chart=chart, lang=lang,
                        start=2002, end=2025)
            svg = pack.take_away(arrivals, view, "svg")[1].decode("utf-8")
            root = re.match(r"<svg\b[^>]*>", svg).group(0)
            ids = re.search(r'aria-labelledby="([^"]+) ([^"]+)"', root).groups()
            assert 'role="img"' in root
            title = re.search(rf'<title id="{ids[0]}">([^<]+)</title>', svg).group(1)
            desc = re.search(rf'<desc id="{ids[1]}">([^<]+)</desc>', svg).group(1)
            assert svg.index("<title") < svg.index("<rect")  # the first children, where readers look
            assert title and html.unescape(desc) == pack.alt_text(arrivals, view) and "2025" in desc
            assert ("Highest" if lang == "en" else "최고") in desc
    path = tmp_path / "chart.svg"
    path.write_text(svg, encoding="utf-8")
    binary = shutil.which("rsvg-convert")
    assert binary, "rsvg-convert is missing: apt-get install librsvg2-bin (TEST_APT)"
    png = subprocess.run([binary, str(path)], capture_output=True, check=True).stdout
    assert png.startswith(b"\x89PNG") and len(png) > 10_000  # another renderer draws it whole


def test_svg_fonts_name_a_korean_font_of_every_common_system(arrivals):
    svg = pack.take_away(arrivals, View(lang="ko"), "svg")[1].decode("utf-8")
    stacks = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert stacks
    for stack in stacks:
        for family in ("Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "NanumGothic"):
            assert family in stack, stack
        assert stack.rstrip().endswith("sans-serif")


def test_the_korean_pdf_is_korean_and_names_the_charts_makers(arrivals):
    info = pypdf.PdfReader(io.BytesIO(pack.take_away(arrivals, View(lang="ko"), "pdf")[1])).metadata
    assert info.author == "The nk-arrivals contributors" and "통일부" not in info.author
    assert info.subject.startswith(pack.alt_text(arrivals, View(lang="ko"))) and "출처: 통일부" in info.subject


def test_the_pack_carries_the_alt_text_and_the_pdf(arrivals):
    view = View(lang="ko", start=2015, end=2025)
    archive = zipfile.ZipFile(io.BytesIO(pack.newsroom(arrivals, view)))
    assert archive.read("alt.txt").decode("utf-8") == pack.alt_text(arrivals, view) + "\n"
    assert archive.read("chart.pdf").startswith(b"%PDF-")
    readme = archive.read("README.md").decode("utf-8")
    assert "`alt.txt`" in readme and "`chart.pdf`" in readme and "`data-wide.csv`" in readme


def rsvg_with_fonts(svg: str, fonts: list[str], folder) -> bytes:
    """rsvg-convert's PNG of `svg` on a machine whose only fonts are `fonts` (a fontconfig of just those files)."""
    binary = shutil.which("rsvg-convert")
    assert binary, "rsvg-convert is missing: apt-get install librsvg2-bin (TEST_APT)"
    folder.mkdir()
    for font in fonts:
        (folder / Path(font).name).symlink_to(font)
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{folder}</dir><cachedir>{folder}/cache</cachedir>'
                    "</fontconfig>", encoding="utf-8")
    (folder / "chart.svg").write_text(svg, encoding="utf-8")
    return subprocess.run([binary, str(folder / "chart.svg")], capture_output=True, check=True,
                          env={"FONTCONFIG_FILE": str(conf), "PATH": os.environ.get("PATH", "")}).stdout


@pytest.mark.parametrize("made_by", ["take-away", "charts/svg"])
def test_svg_hangul_is_drawn_in_whichever_korean_font_the_reader_has(arrivals, tmp_path, made_by):
    """A reader with one Korean font that no stack names (NanumMyeongjo) sees Hangul in it, not boxes: the drawing
    is the one made with that font named, and not the one made without any Korean font."""
    view = View(lang="ko")
    if made_by == "take-away":
        svg = pack.take_away(arrivals, view, "svg")[1].decode("utf-8")
    else:
        svg = svg_charts.render(figures.screen(figures.main_chart(arrivals, view)), 760, 440)
    assert "NanumMyeongjo" not in svg
    named = re.sub(r"font-family(: |=\")[^;\"]+", lambda m: f"font-family{m.group(1)}'Liberation Sans', "
                   "NanumMyeongjo, sans-serif", svg)
    reader = rsvg_with_fonts(svg, [LATIN_FONT, KOREAN_FONT], tmp_path / "reader")
    assert reader == rsvg_with_fonts(named, [LATIN_FONT, KOREAN_FONT], tmp_path / "named")
    assert reader != rsvg_with_fonts(svg, [LATIN_FONT], tmp_path / "none")

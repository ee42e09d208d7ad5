"""Chart images as other tools read them: a PDF whose text searches with ordinary spaces, with its own title,
author and subject, drawn as vectors (well under 1 MB for every measure x sex x chart type); an SVG that displays
at its own size and gives the same bytes for the same view."""

import io
import re

import pypdf
import pytest
from pdfminer.high_level import extract_text

from dashboard.charts import figures
from dashboard.data import CHARTS, METRICS, SEXES, View
from dashboard.exports import pack
from dashboard.text import references

SOURCE = "Source: Ministry of Unification"


def images_in(page) -> int:
    """Raster images a page draws: its image XObjects and those of its patterns."""
    resources = page["/Resources"]
    count = sum(1 for x in (resources.get("/XObject") or {}).values() if x.get_object().get("/Subtype") == "/Image")
    for pattern in (resources.get("/Pattern") or {}).values():
        inner = pattern.get_object().get("/Resources", {}).get("/XObject") or {}
        count += sum(1 for x in inner.values() if x.get_object().get("/Subtype") == "/Image")
    return count


@pytest.mark.parametrize("metric", METRICS)
def test_every_measure_sex_and_chart_type_is_a_small_searchable_vector_pdf(arrivals, metric):
    for sex in SEXES:
        for chart in CHARTS:
            view = View(metric=metric, sex=sex, chart=chart, start=2002, end=2025)
            name, pdf = pack.take_away(arrivals, view, "pdf")
            assert len(pdf) < 1_000_000, (name, len(pdf))
            reader = pypdf.PdfReader(io.BytesIO(pdf))
            assert images_in(reader.pages[0]) == 0, name
            assert SOURCE in reader.pages[0].extract_text(), name
            title = references.plain_text(figures.main_chart(arrivals, view).layout.title.text)
            assert reader.metadata.title == title, name


def test_pdf_text_reads_with_ordinary_spaces_in_pdfminer_too(arrivals):
    pdf = pack.take_away(arrivals, View(sex="both", lang="en", start=2002, end=2025), "pdf")[1]
    text = extract_text(io.BytesIO(pdf))
    assert "Source: Ministry of Unification (통일부)" in text
    assert "\x01" not in text and "\xad" not in text
    assert "2002–2025" in text  # the en dash stays an en dash


def test_pdf_document_information_is_set_from_the_data(arrivals):
    view = View(sex="both", lang="ko", start=2002, end=2025)
    pdf = pack.take_away(arrivals, view, "pdf")[1]
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "북한이탈주민 입국 인원" != "Kaleido-fier"
    assert info.author == "The nk-arrivals contributors"  # who made the chart: not MOU, whose figures it draws
    assert info.subject and "2002–2025" in info.subject and "출처: 통일부" in info.subject  # Korean throughout
    assert not re.search(r"[A-Za-z]{4,}", info.subject)
    # the dataset's date: the newest publication date its sources record (mou-kr-2025: published on or after 4 Feb
    # 2026), neither the clock nor the date a copy was seen (22 Nov 2026)
    assert info["/CreationDate"] == info["/ModDate"] == "D:20260204000000Z"
    assert pack.take_away(arrivals, view, "pdf")[1] == pdf  # the same view, the same bytes
    assert b"Kaleido-fier" not in pdf


def test_svg_has_its_viewbox_size_and_stable_ids(arrivals):
    view = View(sex="both", start=2002, end=2025)
    svg = pack.take_away(arrivals, view, "svg")[1]
    root = re.match(rb"<svg\b[^>]*>", svg).group(0)
    assert b'width="1200"' in root and b'height="675"' in root and b'viewBox="0 0 1200 675"' in root
    assert pack.take_away(arrivals, view, "svg")[1] == svg
    ids = re.findall(rb'\bid="([^"]+)"', svg)
    assert ids and all(re.fullmatch(rb"c[0-9a-f]{8}-\d+", i) for i in ids)
    for reference in re.findall(rb"url\(#([^)]+)\)", svg):
        assert reference in ids  # every clip path still points at its definition
    other = pack.take_away(arrivals, View(start=2002, end=2025), "svg")[1]
    assert not set(re.findall(rb'\bid="([^"]+)"', other)) & set(ids)  # two charts on one page never share an id


@pytest.mark.parametrize("size,width,height", [("social", 1200, 630), ("square", 1080, 1080),
                                               ("portrait", 1080, 1350), ("print", 333, 416)])
def test_sizes_give_their_pixels(arrivals, size, width, height):
    view = View(start=2002, end=2025)
    svg = pack.take_away(arrivals, view, "svg", size)[1]
    assert f'viewBox="0 0 {width} {height}"'.encode() in svg[:400]
    png = pack.take_away(arrivals, view, "png", size)[1]
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (2 * width, 2 * height)
    assert pack.take_away(arrivals, view, "png", size)[0].endswith(f"_{size}.png")


def test_the_export_fonts_are_installed():
    """Latin text needs Liberation Sans (Debian's chromium depends on fonts-liberation), Hangul NanumGothic."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        pytest.fail("fc-list (fontconfig) is missing")
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    assert "Liberation Sans" in families and "NanumGothic" in families

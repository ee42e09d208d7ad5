"""Real browser: click every download button of the export panel and read each file back; copy a quote; open the
embed page on a phone-sized screen. Headless Debian chromium driven by Playwright, the app on 127.0.0.1."""

import datetime
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pypdf
import pytest
import requests

from dashboard import urls
from dashboard.charts import figures
from dashboard.data import View
from dashboard.exports import data_files, formats, pack
from dashboard.text import citations, quotes
from dashboard.text.catalogue import t
from support.browser import open_page
from support.live_server import story_page

QUERY = "?from=2015&to=2025&sex=both&lang=en"
VIEW = View(start=2015, end=2025, sex="both", lang="en")
TIMEOUT_MS = 60_000


def scenario(browser, base: str, folder: Path, serve) -> dict:
    """Everything the browser does, in one session; returns what it saw for the assertions in the test thread."""
    seen = {"files": {}}
    context = browser.new_context(accept_downloads=True, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_page(page, base + "/" + QUERY)
    page.click("#tabs a[data-tab=download]")  # the take-aways come on demand, in the card's Download tab
    page.wait_for_selector("#quote-0", state="visible", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")  # the panel's texts are refreshed once for the URL: then it stays put
    for fmt in formats.VIEW_FORMATS:
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            page.click(f"button[id*='\"format\":\"{fmt}\"']")
        target = folder / info.value.suggested_filename
        info.value.save_as(target)
        seen["files"][fmt] = target
    seen["quote"] = page.inner_text("#quote-0")
    page.focus("#quote-0 + .copy-button")  # reached and pressed from the keyboard, as a screen-reader user would
    seen["copy_button_tag"] = page.eval_on_selector("#quote-0 + .copy-button", "el => el.tagName")
    page.keyboard.press("Enter")
    page.wait_for_function("async (text) => (await navigator.clipboard.readText()) === text", arg=seen["quote"],
                           timeout=TIMEOUT_MS)
    seen["clipboard"] = page.evaluate("navigator.clipboard.readText()")
    page.click("#tabs a[data-tab=share]")
    page.wait_for_selector("#embed-snippet", state="visible", timeout=TIMEOUT_MS)
    seen["snippet"] = page.inner_text("#embed-snippet")
    seen["console_errors"] = errors
    phone = browser.new_context(viewport={"width": 375, "height": 640})
    embed = phone.new_page()
    embed.goto(base + "/embed?from=2015&lang=ko")
    embed.wait_for_selector("#chart .main-svg", timeout=TIMEOUT_MS)
    seen["embed_source"] = embed.inner_text(".source")
    seen["embed_source_visible"] = embed.is_visible(".source")
    seen["embed_width"] = embed.evaluate("document.querySelector('#chart .main-svg').getBoundingClientRect().width")
    seen["embed_scroll_width"] = embed.evaluate("document.documentElement.scrollWidth")
    with serve(story_page(seen["snippet"])) as story_url:
        story = phone.new_page()
        story.goto(story_url)
        frame = story.frame_locator("iframe")
        frame.locator("#chart .main-svg").first.wait_for(timeout=TIMEOUT_MS)
        seen["framed_source"] = frame.locator(".source").inner_text()
    for opened in (context, phone):
        opened.close()
    return seen


@pytest.fixture(scope="module")
def seen(app_url, tmp_path_factory, serve, browser):
    folder = tmp_path_factory.mktemp("downloads")
    return browser.session(lambda chromium: scenario(chromium, app_url, folder, serve))


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a CSV shows them: missing values empty, everything else str()."""
    return frame.map(lambda v: "" if pd.isna(v) else str(v)).reset_index(drop=True)


def normalise_svg(svg: bytes) -> bytes:
    """plotly.js names clip paths, defs and fill patterns with random 6-hex tokens on each render; only the tokens
    that appear inside id="..." attributes are renamed, in order of first appearance, and nothing else."""
    tokens = dict.fromkeys(t for ident in re.findall(rb'id="([^"]+)"', svg) for t in re.findall(rb"[0-9a-f]{6}", ident))
    for n, token in enumerate(tokens):
        svg = svg.replace(token, b"ID%d" % n)
    return svg


def test_every_button_downloads_a_file(seen):
    assert set(seen["files"]) == set(formats.VIEW_FORMATS)
    for fmt, path in seen["files"].items():
        assert path.suffix == f".{fmt}" and path.stat().st_size > 0
    assert seen["console_errors"] == []


def test_csv_download_reads_back_as_the_view_with_its_citation(seen, arrivals):
    frame = arrivals.series(VIEW)
    raw_bytes = seen["files"]["csv"].read_bytes()
    assert raw_bytes.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw_bytes), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    printed = data_files.measured(frame).assign(period=frame["period"].map(data_files.as_printed))  # '02 stays text
    pd.testing.assert_frame_equal(back.drop(columns=["label", "citation"]), as_text(printed))
    assert list(back["label"]) == figures.labels(frame, "en")
    cited = arrivals.citations(frame["source"])
    assert list(back["citation"].unique()) == [citations.long(c, "en") for c in cited]
    assert all(c.url in text for c, text in zip(cited, back["citation"].unique()))


def test_xlsx_download_has_the_data_and_a_source_sheet(seen, arrivals):
    frame = arrivals.series(VIEW)
    book = openpyxl.load_workbook(seen["files"]["xlsx"])
    assert book.sheetnames == [data_files.DATA_SHEET, data_files.NOTES_SHEET]
    rows = list(book[data_files.DATA_SHEET].iter_rows(values_only=True))
    at = rows[0].index("period_start")
    assert all(isinstance(row[at], datetime.datetime) for row in rows[1:])  # spreadsheet dates, not text
    back = pd.DataFrame(rows[1:], columns=rows[0])
    back = back.map(lambda v: v.date().isoformat() if isinstance(v, datetime.datetime) else v)
    pd.testing.assert_frame_equal(as_text(back.drop(columns=["label", "citation"])),
                                  as_text(data_files.measured(frame)))
    assert back["count"].map(type).eq(int).all()
    notes = [(str(a), str(b)) for a, b in book[data_files.NOTES_SHEET].iter_rows(values_only=True)]
    text = "\n".join(f"{a}: {b}" for a, b in notes)
    citation = arrivals.citations(frame["source"])[0]
    assert citation.url in text and "Ministry of Unification (통일부)" in text
    assert ("Figures to", "December 2025 (provisional)") in notes
    assert ("Copy of the source seen", "22 Nov 2026") in notes
    assert not any(a == "As of" for a, _ in notes)   # a copy's date is never an "as of"
    assert arrivals.package["version"] in text
    assert any("provisional" in b for a, b in notes if a.startswith("Caveats"))


def test_json_download_is_the_view_with_its_citation(seen, arrivals):
    frame = arrivals.series(VIEW)
    document = json.loads(seen["files"]["json"].read_bytes())
    back = pd.DataFrame(document["data"], columns=document["columns"])
    pd.testing.assert_frame_equal(as_text(back.drop(columns="label")), as_text(frame))
    assert list(back["label"]) == figures.labels(frame, "en")
    assert document["dates"]["figures_to"] == frame["period_end"].max()[:7] == "2025-12"
    assert [c["source"] for c in document["citations"]] == list(dict.fromkeys(frame["source"]))


def test_images_carry_the_source_line_and_png_is_2x(seen, arrivals, svg_text):
    frame = arrivals.series(VIEW)
    line = citations.source_line(arrivals.citations(frame["source"]), "en")
    assert line in svg_text(seen["files"]["svg"].read_bytes())
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(seen["files"]["pdf"]).pages)
    assert re.sub(r"[\s\x01]", "", line) in re.sub(r"[\s\x01]", "", pdf_text)
    png = seen["files"]["png"].read_bytes()
    assert int.from_bytes(png[16:20], "big") == 2 * 1200 and int.from_bytes(png[20:24], "big") == 2 * 675


def test_cli_and_button_give_the_same_svg(seen, tmp_path):
    out = tmp_path / "cli.svg"
    subprocess.run([sys.executable, "-m", "dashboard", "export", "chart", "--from", "2015", "--to", "2025",
                    "--sex", "both",
                    "--lang", "en", "--format", "svg", "-o", str(out)], check=True, capture_output=True, timeout=120)
    assert normalise_svg(out.read_bytes()) == normalise_svg(seen["files"]["svg"].read_bytes())


def test_pack_holds_images_data_readme_and_quotes(seen, arrivals):
    archive = zipfile.ZipFile(seen["files"]["zip"])
    assert sorted(archive.namelist()) == sorted(["README.md", *pack.FILES, *pack.CITATION_FILES.values()])
    assert archive.read("data.csv") == seen["files"]["csv"].read_bytes()
    readme = archive.read("README.md").decode("utf-8")
    frame = arrivals.series(VIEW)
    cited = arrivals.citations(frame["source"])
    assert citations.short(cited[0], "en") in readme and citations.long(cited[0], "en") in readme
    said = quotes.quotes(arrivals, VIEW, "en")
    assert all(sentence in readme for sentence in said.sentences)
    assert archive.read("quotes.txt").decode("utf-8").splitlines() == list(said.sentences)
    assert "2025" in readme and "revised" in readme


def test_copy_button_puts_the_quote_on_the_clipboard(seen, arrivals):
    assert seen["clipboard"] == seen["quote"] == quotes.quotes(arrivals, VIEW, "en").sentences[0]
    assert seen["copy_button_tag"] == "BUTTON"  # a native button: focusable, Enter and Space press it


def test_api_on_the_app_serves_the_buttons_csv_with_etag(seen, app_url):
    url = urls.api_url("arrivals", "csv", VIEW, app_url)
    served = requests.get(url, timeout=30)
    assert served.content == seen["files"]["csv"].read_bytes()
    again = requests.get(url, headers={"If-None-Match": served.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


def test_embed_page_is_responsive_with_its_source_line_visible(seen, app_url):
    assert seen["embed_source_visible"] and seen["embed_source"].startswith("출처: 통일부")
    assert seen["embed_width"] <= 375 and seen["embed_scroll_width"] <= 375
    assert '<iframe src="' in seen["snippet"] and "/embed?" in seen["snippet"]


def test_the_copied_snippet_works_in_a_story_on_another_origin(seen, arrivals):
    frame = arrivals.series(VIEW)
    assert seen["framed_source"].startswith(citations.source_line(arrivals.citations(frame["source"]), "en"))


def without_scripts(browser, base: str, lang: str) -> dict:
    """The Download tab with JavaScript off: each plain link clicked as a reader would, its file kept."""
    context = browser.new_context(accept_downloads=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/?from=2015&to=2025&sex=both&lang={lang}&tab=download")
        links = page.locator("#ssr .export-links a")
        files = {}
        for index in range(links.count()):
            with page.expect_download(timeout=TIMEOUT_MS) as info:
                links.nth(index).click()
            files[links.nth(index).inner_text()] = (info.value.suggested_filename,
                                                    Path(info.value.path()).read_bytes())
        return files
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_without_javascript_every_download_is_a_link_that_returns_its_file(browser, app_url, arrivals, lang):
    files = browser.session(lambda b: without_scripts(b, app_url, lang))
    view = View(start=2015, end=2025, sex="both", lang=lang)
    assert len(files) == len(formats.VIEW_FORMATS)
    for fmt in formats.VIEW_FORMATS:
        name, body = pack.take_away(arrivals, view, fmt, "default")
        got = files[t(f"takeaway_{fmt}", lang)]
        assert got[0] == name  # the view's own name
        if fmt in formats.DATA:  # the data files are the same bytes; images and the pack are rendered anew
            assert got[1] == body
        else:
            assert got[1][:8] == body[:8] and len(got[1]) > 1_000

"""Printing, saving as PDF and full-page screenshots draw every chart area: the main chart, the breakdown and
revision charts and the data tables, with nothing left in a closed <details>; the controls and tabs bar are not
printed, and closing the print dialog gives the reader back the page as it was.

Headless Debian chromium on the app at 127.0.0.1: print media emulated and `beforeprint` dispatched as a real
print does, both on the static first paint and once Dash has taken over; one real PDF read back with pypdf.
"""

import io
import re

import pypdf
import pytest

from dashboard.data import BREAKDOWN_DIMENSIONS, View
from dashboard.page import outputs
from dashboard.text import citations
from support.browser import open_page

# What a printed page would show, read from the DOM: each chart area with its drawn marks (an inline SVG's bars,
# lines and points; a static chart image's, read from the SVG it shows), the tables' visible rows, the
# <details> still closed, and whether the controls and tabs bar are shown.
PRINTED = """async () => {
  const shown = el => !!el && el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
  const marks = svg => svg.querySelectorAll(
    '.trace rect, .trace path, .bars path, .scatterlayer path.js-line, .points path').length;
  const inline = Array.from(document.querySelectorAll(
    '#main-chart .main-svg:has(.cartesianlayer), #ssr .ssr-chart svg')).filter(shown);
  const printed = 'img.static-chart:not(figure.tile-map img)';  // the tile maps are not printed
  const images = await Promise.all(Array.from(document.querySelectorAll(printed)).map(async img => {
    const svg = new DOMParser().parseFromString(await (await fetch(img.currentSrc)).text(), 'image/svg+xml');
    return {id: img.id, shown: shown(img), loaded: img.complete && img.naturalWidth > 0, marks: marks(svg)};
  }));
  const rows = id => Array.from(document.querySelectorAll(`#${id} tbody tr`)).filter(shown).length;
  const scope = document.querySelector('#ssr') || document.querySelector('#takeover');
  return {
    main: inline.map(svg => marks(svg)), images,
    tables: {main: rows('main-table'), revisions: rows('revision-table')},
    closed: Array.from(scope.querySelectorAll('details:not([open])')).map(d => d.querySelector('summary').textContent),
    open: Array.from(scope.querySelectorAll('details')).map(d => d.open),
    sources: shown(scope.querySelector('#main-citation')),
    controls: shown(scope.querySelector('.controls')), tabs: shown(scope.querySelector('#tabs')),
  };
}"""


def printed(page) -> dict:
    """The page as a print shows it: print media, then the event a print sends first."""
    before = page.evaluate("() => Array.from(document.querySelectorAll('details')).map(d => d.open)")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    seen = page.evaluate(PRINTED)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    seen["restored"] = page.evaluate("() => Array.from(document.querySelectorAll('details')).map(d => d.open)") \
        == before
    return seen


def print_both_paints(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_load_state("load")  # every static chart image fetched
    first = printed(page)
    open_page(page, url)
    page.wait_for_selector("#main-chart .main-svg .trace")
    return {"static": first, "live": printed(page)}


@pytest.fixture(scope="module")
def prints(browser, app_url):
    return browser.page(lambda page: print_both_paints(page, app_url + "/?sex=both"))


@pytest.mark.parametrize("paint", ["static", "live"])
def test_every_chart_area_is_drawn_in_print(prints, paint):
    seen = prints[paint]
    assert len(seen["main"]) == 1 and seen["main"][0] > 0  # one main chart, marks drawn
    assert len(seen["images"]) == 6  # five breakdowns and the revisions chart (the tile maps are not printed)
    for image in seen["images"]:
        assert image["shown"] and image["loaded"] and image["marks"] > 0, image
    assert seen["tables"]["main"] > 0 and seen["tables"]["revisions"] > 0  # the table tab and the closed table
    assert seen["sources"]  # the Sources tab's panel


@pytest.mark.parametrize("paint", ["static", "live"])
def test_print_opens_every_disclosure_and_leaves_the_controls_out(prints, paint):
    seen = prints[paint]
    assert seen["closed"] == [] and len(seen["open"]) > 0
    assert not seen["controls"] and not seen["tabs"]


@pytest.mark.parametrize("paint", ["static", "live"])
def test_after_printing_the_page_is_as_it_was(prints, paint):
    assert prints[paint]["restored"]


def screenshot_whole_page(page, url: str) -> dict:
    open_page(page, url)
    page.wait_for_selector("#main-chart .main-svg .trace")
    png = page.screenshot(full_page=True)
    return {"png_height": int.from_bytes(png[20:24], "big"),
            "page_height": page.evaluate("document.documentElement.scrollHeight"), **page.evaluate(PRINTED)}


def test_a_full_page_screenshot_has_every_chart_drawn(browser, app_url):
    seen = browser.page(lambda page: screenshot_whole_page(page, app_url + "/?tab=table"),
                        viewport={"width": 1280, "height": 900})
    assert seen["png_height"] == seen["page_height"] > 900  # the whole page, not the first screen
    assert len(seen["main"]) == 1 and seen["main"][0] > 0
    assert len(seen["images"]) == 6 and all(i["shown"] and i["loaded"] and i["marks"] > 0 for i in seen["images"])
    assert seen["tables"]["main"] > 0


def save_as_pdf(page, url: str, paint: str) -> bytes:
    """Chromium's own print to PDF: it sends `beforeprint` and `afterprint` as a print from the menu does."""
    if paint == "live":
        open_page(page, url)
        page.wait_for_selector("#main-chart .main-svg .trace")
    else:
        page.goto(url)
        page.wait_for_load_state("load")
    return page.pdf(format="A4", print_background=True)


@pytest.mark.parametrize("paint", ["static", "live"])
def test_a_saved_pdf_holds_the_chart_first_then_the_tables_and_the_sources(browser, app_url, arrivals, paint):
    pdf = browser.page(lambda page: save_as_pdf(page, app_url + "/?from=2015&to=2020&sex=female", paint))
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert "201520162017201820192020" in re.sub(r"[\s\x01]", "", pages[0])  # the chart's years, on the first sheet
    lines = [line for page in pages for line in page.splitlines()]
    for row in arrivals.series(View(start=2015, end=2020, sex="female")).itertuples():  # the Table tab's rows
        assert any(line.startswith(row.period_end[:4]) and f" {row.count} " in line for line in lines), row
    text = re.sub(r"[\s\x01]", "", "".join(lines))  # pypdf marks some word gaps with \x01
    assert "MinistryofUnification" in text and "Sourceandcitation" in text  # the Sources tab
    revised = arrivals.citations(arrivals.publications(2025)["source"])  # the default revisions' table, in a
    named = {re.sub(r"\s", "", citations.name(c, "en")) for c in revised}      # closed <details>, by publisher
    assert "Newsis" in named and all(n in text for n in named)


LANGS = ("en", "ko")
PAINTS = ("static", "live")


def _flat(text: str) -> str:
    return re.sub(r"[\s\x01]", "", text)  # pypdf drops or marks some word gaps


@pytest.fixture(scope="module")
def default_pdfs(browser, app_url):
    """The default page in each language, printed to A4 by Chromium, static and live: each sheet's text."""
    return {(lang, paint): [_flat(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(browser.page(
        lambda page, lang=lang, paint=paint: save_as_pdf(page, f"{app_url}/?lang={lang}", paint)))).pages]
            for lang in LANGS for paint in PAINTS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paint", PAINTS)
def test_the_default_page_prints_on_at_most_three_a4_sheets(default_pdfs, lang, paint):
    sheets = default_pdfs[lang, paint]
    assert 1 <= len(sheets) <= 3, len(sheets)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paint", PAINTS)
def test_no_card_is_cut_by_a_sheet_edge(default_pdfs, arrivals, lang, paint):
    """Each card's first words (its title) and its last (the footnote, or the main chart's source line) on one sheet."""
    sheets = default_pdfs[lang, paint]
    main = outputs.main_outputs(View(lang=lang), arrivals)
    cards = [(main["title"], main["source"][0])]
    cards += [(out["title"], out["footnote"]) for out in
              (outputs.breakdown_outputs(d, lang, "latest", arrivals) for d in BREAKDOWN_DIMENSIONS)]
    for first, last in cards:
        on = [i for i, sheet in enumerate(sheets) if _flat(first) in sheet]
        assert on and _flat(last)[:40] in sheets[on[0]], (first, last)


FILLED = """() => {
  const box = document.querySelector('#main-chart').closest('.chart-box').getBoundingClientRect();
  const svg = document.querySelector('#main-chart .main-svg').getBoundingClientRect();
  return {box: [box.width, box.height], svg: [svg.width, svg.height]};
}"""


def live_chart_in_print(page, url: str) -> dict:
    open_page(page, url)
    page.wait_for_selector("#main-chart .main-svg .trace")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed_ = page.evaluate(FILLED)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    page.wait_for_function("() => document.querySelector('#main-chart .main-svg').getBoundingClientRect().width > 1000")
    return {"print": printed_, "screen": page.evaluate(FILLED)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_live_chart_fills_its_print_box_and_gets_its_screen_size_back(browser, app_url, lang):
    """No blank band under the chart on paper (it was drawn for the screen's box, taller or shorter)."""
    seen = browser.page(lambda page: live_chart_in_print(page, f"{app_url}/?lang={lang}"))
    for sizes in seen.values():
        assert sizes["svg"] == pytest.approx(sizes["box"], abs=2), seen
    assert seen["print"]["box"][0] < seen["screen"]["box"][0]

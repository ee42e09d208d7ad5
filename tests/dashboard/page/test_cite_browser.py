"""Real browser: the Download & cite panel offers every citation format of each source and of the dataset, as the
same bytes `nk-arrivals export cite` writes, and the image size chosen beside the buttons is the one downloaded."""

import struct
import subprocess
import sys

import pytest

from dashboard.exports import pack
from dashboard.text import references
from support.browser import open_page

QUERY = "?from=2015&to=2025&sex=both&lang=en"
TIMEOUT_MS = 60_000


def scenario(browser, base: str, folder) -> dict:
    seen = {"cites": {}, "texts": {}}
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    open_page(page, base + "/" + QUERY)
    page.click("#tabs a[data-tab=download]")  # the take-aways come on demand, in the card's Download tab
    page.wait_for_selector("#quote-0", state="visible", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")  # the panel's texts are refreshed once for the URL: then it stays put
    for source in ("mou-kr-2025", "dataset"):
        for fmt in references.FORMATS:
            link = page.locator(f"a[id*='\"source\":\"{source}\"'][id*='\"format\":\"{fmt}\"']")
            details = link.locator("xpath=ancestor::details[1]")
            if not details.evaluate("d => d.open"):
                details.locator("summary").click()  # opened as a reader opens it
            link.wait_for(state="visible", timeout=TIMEOUT_MS)
            seen["texts"][source, fmt] = link.evaluate("a => a.closest('details').querySelector('pre').innerText")
            with page.expect_download(timeout=TIMEOUT_MS) as info:
                link.click()
            target = folder / info.value.suggested_filename
            info.value.save_as(target)
            seen["cites"][source, fmt] = target
    page.check("#export-size input[value='social']")
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.click("button[id*='\"format\":\"png\"']")
    seen["social"] = folder / info.value.suggested_filename
    info.value.save_as(seen["social"])
    context.close()
    return seen


@pytest.fixture(scope="module")
def seen(app_url, tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("cites")
    return browser.session(lambda chromium: scenario(chromium, app_url, folder))


def test_every_citation_download_is_the_commands_file(seen, arrivals, tmp_path):
    for (source, fmt), path in seen["cites"].items():
        name, body = pack.cite(arrivals, source, fmt)
        assert path.name == name and path.read_bytes() == body, (source, fmt)
        assert seen["texts"][source, fmt] == body.decode("utf-8").rstrip("\n")  # the copyable text, the same
    out = tmp_path / "cli.bib"
    subprocess.run([sys.executable, "-m", "dashboard", "export", "cite", "--format", "bibtex", "-o", str(out)],
                   check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == seen["cites"]["mou-kr-2025", "bibtex"].read_bytes()


def test_the_chosen_size_is_downloaded(seen):
    png = seen["social"].read_bytes()
    assert struct.unpack(">II", png[16:24]) == (2 * 1200, 2 * 630)
    assert seen["social"].name.endswith("_social.png")

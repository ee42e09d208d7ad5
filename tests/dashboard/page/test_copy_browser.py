"""The copy buttons in headless Debian chromium, both ways: where the page may write the clipboard, the text is on
it and the status says so; where the Clipboard API is refused, the text is selected and the status says how to
copy it. On the static first paint (no Dash yet) and on Dash's page alike."""

import pytest

from dashboard import urls
from dashboard.data import Arrivals
from dashboard.text.catalogue import t
from support.browser import open_page
from support.paths import ARRIVALS as DATASETS

DENIED = ({"name": "clipboard-write"}, {"name": "clipboard-write", "allowWithoutSanitization": True})


def refuse_clipboard(page):
    """The reader's browser says no to writing the clipboard (as a site setting or a frame's policy does)."""
    cdp = page.context.new_cdp_session(page)
    context = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    for permission in DENIED:
        cdp.send("Browser.setPermission", {"permission": permission, "setting": "denied",
                                           "browserContextId": context})


def press_copy(page, box: str) -> dict:
    """Press the copy button of a `.copyable` box; what the page then says and holds."""
    page.click(f"{box} .copy-button")
    page.wait_for_selector(f"{box}[data-copy]")
    return page.evaluate("""box => ({
        state: document.querySelector(box).getAttribute('data-copy'),
        status: document.querySelector(box + ' .copy-status').textContent,
        text: document.querySelector(box + ' .copy-text').textContent,
        selected: window.getSelection().toString(),
    })""", box)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_copy_puts_the_link_a_quote_and_a_citation_on_the_clipboard(browser, app_url, lang):
    def scenario(page):
        page.goto(f"{app_url}/?tab=share&lang={lang}")  # the static page: the link is there before any script
        link = press_copy(page, "#ssr .copyable:has(#page-link)")
        link["clipboard"] = page.evaluate("navigator.clipboard.readText()")
        open_page(page, f"{app_url}/?tab=download&lang={lang}")
        page.wait_for_selector("#takeover #quote-0")
        quote = press_copy(page, "#takeover .copyable:has(#quote-0)")
        quote["clipboard"] = page.evaluate("navigator.clipboard.readText()")
        page.click("#takeover #export-cites details:has(#cite-0-apa) summary")  # a citation, in its format's fold
        cited = press_copy(page, "#takeover .copyable:has(#cite-0-apa)")
        cited["clipboard"] = page.evaluate("navigator.clipboard.readText()")
        return link, quote, cited, page.errors

    link, quote, cited, errors = browser.page(scenario, permissions=["clipboard-read", "clipboard-write"])
    arrivals = Arrivals.load(DATASETS)
    for seen in link, quote, cited:
        assert seen["state"] == "copied" and seen["status"] == t("takeaway_copied", lang)
        assert seen["clipboard"] == seen["text"] != ""
    assert link["text"].startswith(app_url + "/?")
    view = urls.parse(link["text"].split("?", 1)[1], arrivals).view
    assert view == urls.parse(f"lang={lang}", arrivals).view  # the link opens the view it was copied from
    assert errors == []


def test_a_refused_clipboard_selects_the_text_and_says_so(browser, app_url):
    def scenario(page):
        page.goto(f"{app_url}/?tab=share")
        refuse_clipboard(page)
        static = press_copy(page, "#ssr .copyable:has(#embed-snippet)")
        open_page(page, f"{app_url}/?tab=download")
        page.wait_for_selector("#takeover #quote-0")
        refuse_clipboard(page)
        dash = press_copy(page, "#takeover .copyable:has(#quote-0)")
        return static, dash, page.errors

    static, dash, errors = browser.page(scenario)
    for seen in static, dash:
        assert seen["state"] == "selected" and seen["status"] == t("takeaway_copy_refused", "en")
        assert seen["selected"] == seen["text"] != ""  # one Ctrl+C away
    assert "<iframe" in static["text"]
    assert errors == []

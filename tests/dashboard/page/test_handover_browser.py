"""The hand-over from the static first paint to Dash's page loses nothing the reader did before it: an opened "More
options" stays open, a keyboard focus stays where it is (and the next Tab goes on from there), a chosen radio
draws its chart without a page load, and a download pressed before the interactive layer arrived saves its file,
by mouse and by keyboard. Headless Debian chromium on the app at 127.0.0.1, in English and Korean."""

import pytest

from dashboard.data import View
from dashboard.exports import pack
from support.dash_page import tab_to, wait_view

LANGS = ("en", "ko")
TIMEOUT_MS = 60_000


def live(page) -> None:
    """Wait until Dash's page has taken over and has nothing more to fetch."""
    page.wait_for_selector("#takeover.live", state="attached", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", LANGS)
def test_an_open_menu_a_focus_and_a_choice_made_before_dash_are_kept(browser, app_url, lang):
    def scenario(page):
        seen = {}
        page.goto(f"{app_url}/?lang={lang}")
        page.evaluate("window.__samePage = true")  # gone if the page were loaded again
        page.click("#ssr #chart .more summary")
        live(page)
        wait_view(page, lang=lang)
        seen["open"] = page.evaluate("document.querySelector('#chart .more').open")

        page.goto(f"{app_url}/?lang={lang}")
        page.evaluate("window.__samePage = true")
        tab_to(page, "#sex")  # the keyboard's first press loads Dash; the focus is on a radio of the static page
        live(page)
        seen["focus"] = page.evaluate("""() => { const el = document.activeElement;
            return [el.closest('#takeover') !== null, el.closest('#sex') !== null, el.type, el.value]; }""")
        page.keyboard.press("ArrowRight")  # the arrow keys go on inside the group: the reader is where they were
        seen["arrowed"] = wait_view(page, sex="male")["search"]
        page.keyboard.press("Tab")
        seen["next"] = page.evaluate("document.activeElement.id")

        page.goto(f"{app_url}/?lang={lang}")
        page.evaluate("window.__samePage = true")
        page.click("#ssr #sex label:has(input[value=female])")
        live(page)
        seen["chosen"] = wait_view(page, sex="female", lang=lang)["search"]
        seen["same_page"] = page.evaluate("window.__samePage === true")
        seen["errors"] = page.errors
        return seen

    seen = browser.page(scenario)
    assert seen["open"] is True  # "More options" does not close again when the scripts arrive
    assert seen["focus"] == [True, True, "radio", "total"]
    assert "sex=male" in seen["arrowed"] and seen["next"] == "year-from"  # focus never jumped to the top
    assert "sex=female" in seen["chosen"] and seen["same_page"]
    assert seen["errors"] == []


def download_before_dash(chromium, base: str, lang: str, fmt: str, keyboard: bool) -> tuple[str, bool]:
    context = chromium.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{base}/?from=2015&sex=both&lang={lang}&tab=download")
        button = f"#ssr button[id*='\"format\":\"{fmt}\"']"
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            if keyboard:
                page.focus(button)  # a keyboard user reaches the button and presses Enter before Dash is there
                busy = page.evaluate("document.activeElement.tagName") == "BUTTON"
                page.keyboard.press("Enter")
            else:
                page.click(button)
                busy = True
            busy = busy and page.evaluate(f"""() => {{ const el = document.querySelector(`{button}`)
                || document.querySelector(`#takeover button[id*='"format":"{fmt}"']`);
                return el.classList.contains('busy'); }}""")
        return info.value.suggested_filename, busy
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt, keyboard", [("png", False), ("csv", True)])
def test_a_download_pressed_before_dash_saves_its_file_on_the_first_press(browser, app_url, lang, fmt, keyboard):
    name, busy = browser.session(lambda chromium: download_before_dash(chromium, app_url, lang, fmt, keyboard))
    assert name == pack.filename(View(start=2015, end=2025, sex="both", lang=lang), fmt)  # the view's name
    assert busy  # feedback while the file is made

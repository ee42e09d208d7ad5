"""Controls that mean what they show: a choice that would change nothing for the view is disabled, and the note
under the controls says why in words: the sex buttons and side-by-side bars for women's share, the log scale for a
measure it does not apply to. On the static first paint and once Dash has taken over, following the URL as the
reader changes the measure. Headless Debian chromium on the app at 127.0.0.1, in English and Korean.
"""

import pytest

from dashboard.text.catalogue import t
from support.browser import open_page

LANGS = ("en", "ko")
SEEN = """() => {
  const scope = document.querySelector('#ssr') || document.querySelector('#takeover');
  const off = sel => Array.from(scope.querySelectorAll(sel)).filter(i => i.disabled).map(i => i.value);
  return {sex: off('#sex input'), chart: off('#chart-type input'),
          log: Array.from(scope.querySelectorAll('#options input')).filter(i => i.disabled).length,
          note: scope.querySelector('#main-note').innerText};
}"""


def choices(page, base: str, lang: str) -> dict:
    page.goto(f"{base}/?metric=share&lang={lang}")
    seen = {"static": page.evaluate(SEEN)}
    open_page(page, f"{base}/?metric=share&lang={lang}")
    seen["live"] = page.evaluate(SEEN)
    for name, index in (("count", 1), ("yoy", 4)):  # counts: every choice applies again; yoy: no log scale
        title = page.inner_text("#chart-title")
        page.click(f"#metric label:nth-child({index})")
        page.wait_for_function("(title) => document.querySelector('#chart-title').innerText !== title", arg=title)
        page.wait_for_load_state("networkidle")  # the choices' own callback answered too
        seen[name] = page.evaluate(SEEN)
    return seen


@pytest.fixture(scope="module")
def seen(browser, app_url):
    return {lang: browser.page(lambda page, lang=lang: choices(page, app_url, lang)) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paint", ["static", "live"])
def test_for_womens_share_the_sex_buttons_and_side_by_side_are_disabled_with_the_reason(seen, lang, paint):
    share = seen[lang][paint]
    assert share["sex"] == ["total", "male", "female", "both"] and share["chart"] == ["grouped"]
    assert t("share_sex_note", lang) in share["note"]
    assert share["log"] == 1 and t("log_unavailable", lang) in share["note"]  # a percentage: no log scale either


@pytest.mark.parametrize("lang", LANGS)
def test_the_choices_follow_the_view(seen, lang):
    count, yoy = seen[lang]["count"], seen[lang]["yoy"]
    assert count["sex"] == [] and count["chart"] == [] and count["log"] == 0 and count["note"] == ""
    assert yoy["sex"] == [] and yoy["log"] == 1 and yoy["note"] == t("log_unavailable", lang)

"""The page's words, as the issue found them and mended, in English and Korean: the peak's year said once, the
table's sex column in the page's language."""

import pytest

from dashboard.data import View
from dashboard.page import ids, layout, outputs
from dashboard.text.catalogue import t
from dashboard.urls import parse
from support.dash_tree import find


def texts(node) -> list[str]:
    """Every text of a component tree as sent (outputs.plain), in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for child in node for text in texts(child)]
    return texts(node.get("props", {}).get("children") or []) if isinstance(node, dict) else []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_peak_year_is_said_once(arrivals, lang):
    headlines = find(outputs.plain(layout.page(arrivals, parse(f"?lang={lang}", arrivals))), ids.HEADLINES)
    (peak,) = [item for item in headlines["children"][1]["props"]["children"]
               if item["props"].get("data-key") == "peak"]
    year = arrivals.headline()["peak"].period_end[:4]
    words = texts(peak)
    assert t("hl_peak", lang) in words and sum(year in w for w in words) == 1, words


@pytest.mark.parametrize(("lang", "men", "women"), [("en", "Men", "Women"), ("ko", "남성", "여성")])
def test_the_table_names_each_sex_in_the_page_language(arrivals, lang, men, women):
    out = outputs.main_outputs(View(sex="both", lang=lang, start=2015, end=2016), arrivals)
    cells = texts(outputs.plain(out["table"][0])["props"]["children"][1])  # the Table, then any figure's citation
    assert men in cells and women in cells and "male" not in cells and "female" not in cells


@pytest.mark.parametrize(("lang", "said"), [("en", "Total, 2025;"), ("ko", "합계, 2025년;")])
def test_a_one_year_view_says_its_year_once(arrivals, lang, said):
    subtitle = outputs.main_outputs(View(start=2025, end=2025, lang=lang), arrivals)["subtitle"]
    assert subtitle.startswith(said) and "2025–2025" not in subtitle, subtitle


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_range_of_years_is_written_with_an_en_dash(arrivals, lang):
    assert "2002–2025" in outputs.main_outputs(View(start=2002, end=2025, lang=lang), arrivals)["subtitle"]


@pytest.mark.parametrize("lang, said", [
    ("en", "223 North Koreans arrived in South Korea (provisional figure: 25 men and 198 women);"),
    ("ko", "223명(잠정, 남성 25명, 여성 198명)이며")])
def test_a_provisional_year_split_by_sex_is_one_parenthesis(arrivals, lang, said):
    """Not "(provisional figure) (25 men and 198 women)": one parenthesis says both."""
    from dashboard.text import quotes

    sentence = quotes.quotes(arrivals, View(start=2002, end=2025, sex="both", lang=lang), lang).sentences[0]
    assert said in sentence and ")(" not in sentence and ") (" not in sentence.split(";")[0]

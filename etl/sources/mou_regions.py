"""Where defectors live in the South (by region) and where arrivals came from in the North (by province), as MOU
released them through the National Assembly (audit data, a committee report, a member's release) and the press:
a transcribed CSV with one row per category (URL, witness, dates, printed count).

MOU data a National Assembly member releases is MOU's publication; the member's office or the newspaper that
printed it is its witness (`publisher_*`), and the page the figures were read on, when it is a copy, is `via`.
Three dates stay apart: `through` (the day the figures run to), `published` (the release; empty when the copy
states none) and the sidecar's `retrieved_at` (the day the copy was seen). A residence table counts the people
living in each region on its date (residents, not arrivals: people who died or left the country are not in it).
"""

import re
from urllib.parse import urlsplit

from etl.errors import SourceFormatError
from etl.labels import parse_printed_count, parse_through
from etl.origin import Snapshot
from etl.sources import Parsed, csv_rows, press, press_breakdowns, source_row

SOURCE = "mou-regions"
COLUMNS = ["url", "publisher_en", "publisher_ko", "published", "through", "via", "dimension", "category",
           "category_en", "sex", "printed", "complete", "agrees_with", "source_note", "note"]
# Categories as MOU prints them: the 17 first-level divisions of the South (충남·세종 is one row in 2024), and
# North Korea's provinces (two rows of 2016 are sums of two provinces, as printed).
VOCABULARY = {
    "residence": {*press_breakdowns.RESIDENCE, "South Chungcheong and Sejong", "all"},
    "origin": {"North Hamgyong", "South Hamgyong", "Ryanggang", "Chagang", "North Pyongan", "South Pyongan",
               "North Hwanghae", "South Hwanghae", "Kangwon", "Pyongyang", "Nampo", "Rason", "Kaesong",
               "South Pyongan and South Hamgyong", "Chagang and North Pyongan", "all"},
}
RESIDENTS = "Residents, not arrivals: the people living in each region on the date."
ARTICLE = ("publisher_en", "publisher_ko", "published", "through", "via", "source_note")  # one value per article


def parse(snapshot: Snapshot) -> Parsed:
    rows = csv_rows(snapshot, SOURCE, COLUMNS)
    for n, r in enumerate(rows, start=2):
        check_row(rows, r, n)
    parsed = Parsed()
    for url, sid in sorted(source_ids(rows).items(), key=lambda kv: kv[1]):
        mine = [(n, r) for n, r in enumerate(rows, start=2) if r["url"] == url]
        first = mine[0][1]
        through = parse_through(first["through"], SOURCE, f"{sid} through").isoformat()
        agreeing = sorted({u for _, r in mine for u in r["agrees_with"].split() if u != "none"})
        residents = any(r["dimension"] == "residence" for _, r in mine)
        caveats = ["" if first["published"] else press.UNDATED, RESIDENTS if residents else "", first["source_note"],
                   f"Other stored reports agree: {' '.join(agreeing)}." if agreeing else
                   "Single source: no other stored report gives these figures."]
        parsed.sources.append(source_row(
            snapshot, f"raw/{SOURCE}/{snapshot.path.name}", source=sid, url=url, publisher_en=first["publisher_en"],
            publisher_ko=first["publisher_ko"], via=first["via"], title_ko="", title_en="", language="ko",
            as_of=first["published"] or through, published=first["published"],
            published_after="" if first["published"] else through, as_of_label="",
            caveats=" ".join(filter(None, caveats))))
        for n, r in mine:
            count, approximate = parse_printed_count(r["printed"], SOURCE, f"line {n} printed")
            if approximate:
                raise SourceFormatError(SOURCE, f"line {n} printed", r["printed"],
                                        "is approximate: a breakdown cell must be an exact count")
            parsed.breakdowns.append({
                "vintage": sid, "as_of": first["published"] or through, "period_end": through,
                "dimension": r["dimension"], "category": r["category"], "category_en": r["category_en"],
                "sex": r["sex"], "count": count, "printed": r["printed"], "sex_inferred": False,
                "partial": r["complete"] == "false", "note": r["note"], "source": sid})
    return parsed


def source_ids(rows: list[dict]) -> dict[str, str]:
    """url -> `mou-regions-<published>-<site>` (site: the page's host without www), one id per article."""
    ids = {}
    for url in sorted({r["url"] for r in rows}):
        row = next(r for r in rows if r["url"] == url)
        host = urlsplit(url).hostname.removeprefix("www.").split(".")[0]
        ids[url] = f"{SOURCE}-{row['published'] or 'undated'}-{re.sub(r'[^a-z0-9]+', '-', host)}"
    if len(set(ids.values())) != len(ids):
        raise SourceFormatError(SOURCE, "url", sorted(ids), "gives two articles of one site and day")
    return ids


def check_row(rows: list[dict], r: dict, n: int) -> None:
    """A known dimension, category and sex, a dated or undated article with one value per article field, and no
    category given twice."""
    press_breakdowns.check_cell(r, n, VOCABULARY, SOURCE)
    if not r["publisher_en"] or not r["publisher_ko"]:
        raise SourceFormatError(SOURCE, f"line {n}", r["url"], "names no witness (publisher_en, publisher_ko)")
    for column in ARTICLE:
        if len({x[column] for x in rows if x["url"] == r["url"]}) != 1:
            raise SourceFormatError(SOURCE, f"line {n}", r["url"], f"has more than one {column}")
    same = [x for x in rows if (x["url"], x["dimension"], x["category"], x["sex"]) ==
            (r["url"], r["dimension"], r["category"], r["sex"])]
    if len(same) > 1:
        raise SourceFormatError(SOURCE, f"line {n}", (r["dimension"], r["category"]), "repeats a category")

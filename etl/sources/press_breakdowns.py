"""Breakdowns of all arrivals up to a date, as press reports give them (age at entry, occupation and education in
the North, residence in the South): a transcribed CSV with one row per category (URL, publisher, date, printed).

Each article is its own source and vintage (`press-breakdowns-<date>-<site>`), as for press figures. `category`
keeps the label as printed; `category_en` must be one of the English categories the MOU tables use (so that
shares can be compared across vintages, e.g. 무직 / 無職 / 无业抚养 are all `unemployed or dependant`), and the cell's
`note` says where the printed label is narrower. `complete` says whether the article lists every category of the
dimension (false: the largest only, so the rows do not add up to the breakdown's total); `printed` is the count
as printed (`1만 3399명`), read by the label grammar.
"""

import re

from etl.errors import SourceFormatError
from etl.labels import SEXES, parse_printed_count, parse_through
from etl.origin import Snapshot
from etl.outlets import publisher_fields
from etl.sources import Parsed, csv_rows, mou_cn_2020, press, source_row

SOURCE = "press-breakdowns"
COLUMNS = ["url", "publisher", "published", "through", "dimension", "category", "category_en", "sex", "printed",
           "complete", "agrees_with", "source_note", "note"]
RESIDENCE = ("Seoul", "Gyeonggi", "Incheon", "Busan", "Daegu", "Daejeon", "Gwangju", "Ulsan", "Sejong", "Gangwon",
             "North Chungcheong", "South Chungcheong", "North Jeolla", "South Jeolla", "North Gyeongsang",
             "South Gyeongsang", "Jeju")
VOCABULARY = {dimension: set(categories.values()) for dimension, categories in mou_cn_2020.DIMENSIONS.values()}
VOCABULARY["residence"] = set(RESIDENCE)
ARTICLE = ("publisher", "published", "through", "source_note")   # one value per article
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def parse(snapshot: Snapshot) -> Parsed:
    rows = csv_rows(snapshot, SOURCE, COLUMNS)
    seen = set()
    for n, r in enumerate(rows, start=2):
        check_row(rows, r, n)
        key = (r["url"], r["dimension"], r["category"], r["sex"])
        if key in seen:
            raise SourceFormatError(SOURCE, f"line {n}", key[1:], "repeats a category of the same article")
        seen.add(key)
    ids = press.source_ids(rows, SOURCE)
    parsed = Parsed()
    for url, sid in sorted(ids.items(), key=lambda kv: kv[1]):
        mine = [r for r in rows if r["url"] == url]
        first = mine[0]
        through = parse_through(first["through"], SOURCE, f"{sid} through").isoformat()
        as_of = first["published"] or through
        agreeing = sorted({u for r in mine for u in r["agrees_with"].split() if u != "none"})
        caveats = ["" if first["published"] else press.UNDATED, first["source_note"],
                   f"Other stored reports agree: {' '.join(agreeing)}." if agreeing else
                   "Single source: no other stored report gives these figures."]
        parsed.sources.append(source_row(
            snapshot, f"raw/{SOURCE}/{snapshot.path.name}", source=sid, url=url,
            **publisher_fields(first["publisher"], SOURCE), title_ko="", title_en="", language="", as_of=as_of,
            published=first["published"], published_after="" if first["published"] else through, as_of_label="",
            caveats=" ".join(filter(None, caveats))))
        for n, r in ((n, r) for n, r in enumerate(rows, start=2) if r["url"] == url):
            count, approximate = parse_printed_count(r["printed"], SOURCE, f"line {n} printed")
            if approximate:
                raise SourceFormatError(SOURCE, f"line {n} printed", r["printed"],
                                        "is approximate: a breakdown cell must be an exact count")
            parsed.breakdowns.append({
                "vintage": sid, "as_of": as_of, "period_end": through, "dimension": r["dimension"],
                "category": r["category"], "category_en": r["category_en"], "sex": r["sex"], "count": count,
                "printed": r["printed"], "sex_inferred": False, "partial": r["complete"] == "false",
                "note": r["note"], "source": sid})
    return parsed


def check_row(rows: list[dict], r: dict, n: int) -> None:
    """A known dimension, category and sex, flags and dates; one value per article for its article fields, and one
    `complete` per article and dimension."""
    check_cell(r, n, VOCABULARY, SOURCE)
    if r["published"] and not _DATE.match(r["published"]):
        raise SourceFormatError(SOURCE, f"line {n} published", r["published"], "is not an ISO date or month")
    urls = r["agrees_with"].split()
    if r["agrees_with"] != "none" and not (urls and all(u.startswith(("http://", "https://")) for u in urls)):
        raise SourceFormatError(SOURCE, f"line {n} agrees_with", r["agrees_with"][:40], "is not 'none' or URLs")
    for column in ARTICLE:
        if len({x[column] for x in rows if x["url"] == r["url"]}) != 1:
            raise SourceFormatError(SOURCE, f"line {n}", r["url"], f"has more than one {column}")
    if len({x["complete"] for x in rows if (x["url"], x["dimension"]) == (r["url"], r["dimension"])}) != 1:
        raise SourceFormatError(SOURCE, f"line {n}", (r["url"], r["dimension"]), "is both complete and not")


def check_cell(r: dict, n: int, vocabulary: dict[str, set[str]], source: str) -> None:
    """A transcribed breakdown cell of `source`: a dimension and English category of `vocabulary`, a printed
    category, a sex and complete = true/false."""
    if r["dimension"] not in vocabulary or r["category_en"] not in vocabulary[r["dimension"]]:
        raise SourceFormatError(source, f"line {n}", (r["dimension"], r["category_en"]),
                                "is not a known dimension and category")
    if r["sex"] not in SEXES or r["complete"] not in ("true", "false") or not r["category"].strip():
        raise SourceFormatError(source, f"line {n}", (r["category"], r["sex"], r["complete"]),
                                "needs a printed category, a sex and complete = true/false")

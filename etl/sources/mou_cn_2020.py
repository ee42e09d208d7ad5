"""MOU Chinese statistics page ('20.09 暂定): the arrivals table and the age, occupation and education tables.

The stored copy is text with one table row per line and cells separated by spaces. Breakdown headers have
categories that contain spaces (`学龄前 儿童`), so they are read against the category list below, never split
by guesswork. The male/female rows of the breakdowns carry no label: `infer_sexes` assigns them only where the
arithmetic proves it, and says how.
"""

import re

from etl.errors import SourceFormatError
from etl.labels import normalise, parse_count
from etl.origin import Snapshot
from etl.sources import Parsed, records, source_row
from etl.tables import read_grid

SOURCE = "mou-cn-2020"
ARRIVALS_TITLE = "脱北居民现况"
DIMENSIONS = {  # table title -> (dimension, {category as printed: English})
    "各年龄段类型表": ("age", {
        "0-9岁": "0-9", "10-19岁": "10-19", "20-29岁": "20-29", "30-39岁": "30-39", "40-49岁": "40-49",
        "50-59岁": "50-59", "60岁以上": "60 and over"}),
    "在北韩时的职业类型表": ("occupation", {
        "管理职": "management", "军人": "soldier", "劳动者": "worker", "无业抚养": "unemployed or dependant",
        "服务行业": "service", "艺术体育": "arts and sports", "专门职业": "professional",
        "非对象 (儿童等)": "not applicable (children etc.)"}),
    "在北韩时的各学历持有者入境现状": ("education", {
        "学龄前 儿童": "pre-school child", "幼儿园": "kindergarten", "人民学校 (小学)": "people's school (primary)",
        "中学校 (初高中)": "middle school (secondary)", "专科大学": "junior college",
        "大学以上": "university or above", "无学历 (北)": "no schooling", "其他 (不详等)": "other (unknown etc.)"}),
}
TOTAL_LABEL = "合计(名)"
ALL = ("合计", "all")  # the row-total column, kept so that checks can compare it with the categories' sum
# Failed checks that are errors of the page itself: reported in findings.csv, the figures left as printed.
KNOWN_FINDINGS = {
    ("printed female ratio within rounding", "’20.09 (暂定)", "72.1%"):
        "the page prints a female ratio of 72.1% for '20.09, but its own counts give 131 / 195 = 67.2%; "
        "the counts agree with later MOU figures for January-September 2020, so the ratio cell is in error",
}
# Cells the stored page prints wrongly. Kept as printed; `count` takes the value the table's own sums prove.
KNOWN_TYPOS = {
    ("age", "40-49岁"): ("5,597", "printed 5,597, but male + female = 1,376 + 4,581 = 5,957, and only 5,957 "
                                  "makes the row add up to the printed 33,648"),
    ("age", "50-59岁"): ("2.026", "printed 2.026 with a period as thousands separator; male + female = "
                                  "573 + 1,453 = 2,026"),
}


def _blocks(text: str) -> dict[str, list[str]]:
    """Table title -> its header and data lines (from the line starting 类别 to the next blank line)."""
    lines = [" ".join(x.split()) for x in text.splitlines()]  # labels keep their apostrophes as printed
    blocks: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        if line.startswith("类别 ") and i >= 1:
            title = lines[i - 1]
            body = []
            for row in lines[i:]:
                if not row:
                    break
                body.append(row)
            blocks[title] = body
    return blocks


def _arrivals_grid(lines: list[str]) -> list[list[str]]:
    """Cells split on spaces; a parenthesised word (`(暂定)`) belongs to the cell before it."""
    grid = []
    for line in lines:
        cells: list[str] = []
        for token in line.split(" "):
            if token.startswith("(") and cells:
                cells[-1] += " " + token
            else:
                cells.append(token)
        grid.append(cells)
    return grid


def _categories(header: str, vocabulary: dict[str, str], where: str) -> list[str]:
    rest = header.removeprefix("类别 ")
    found = []
    names = sorted([*vocabulary, "合计"], key=len, reverse=True)
    while rest:
        name = next((n for n in names if rest == n or rest.startswith(n + " ")), None)
        if name is None:
            raise SourceFormatError(SOURCE, where, rest, "starts with an unknown category")
        found.append(name)
        rest = rest[len(name):].lstrip()
    if found[-1:] != [ALL[0]] or found.count(ALL[0]) != 1:
        raise SourceFormatError(SOURCE, where, header, "does not end with one 合计 column")
    return found


def parse(snapshot: Snapshot) -> Parsed:
    blocks = _blocks(snapshot.text)
    if ARRIVALS_TITLE not in blocks:
        raise SourceFormatError(SOURCE, "page", ARRIVALS_TITLE, "table not found")
    as_of = snapshot.origin["as_of"]
    parsed = records(read_grid(_arrivals_grid(blocks[ARRIVALS_TITLE]), SOURCE), SOURCE, as_of, "合计")
    parsed.sources.append(source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}"))
    sex_totals = {r["sex"]: r["count"] for r in parsed.cumulative}
    proven: dict[int, str] = {}
    for title, (dimension, vocabulary) in DIMENSIONS.items():
        if title in blocks:
            rows, notes = _breakdown(blocks[title], dimension, vocabulary, sex_totals, proven, as_of)
            parsed.breakdowns += rows
            parsed.notes += notes
    end = parsed.flows[-1]["period_end"]   # the tables cover every arrival up to the arrivals table's last period
    for row in parsed.breakdowns:
        row.update(period_end=end, partial=False)
    return parsed


def _breakdown(lines, dimension, vocabulary, sex_totals, proven, as_of):
    """Rows of one breakdown table; `proven` carries row totals whose sex an earlier table proved."""
    where = f"{dimension} table"
    categories = _categories(lines[0], vocabulary, f"{where} header")
    vocabulary = {**vocabulary, ALL[0]: ALL[1]}
    width = len(categories)
    unlabelled, printed_total, notes, printed_rows = [], None, [], []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split(" ")
        if line.startswith(TOTAL_LABEL + " "):
            printed_total = cells[1:]
            if len(printed_total) != width:
                raise SourceFormatError(SOURCE, f"{where} row {n}", line,
                                        f"has {len(printed_total)} cells, not {width}")
        elif all(re.fullmatch(r"[\d,.]+", c) for c in cells):
            unlabelled.append((n, cells))
        else:
            raise SourceFormatError(SOURCE, f"{where} row {n}", cells[0], "is not a known row label")
    complete = []
    for n, cells in unlabelled:
        if len(cells) == width:
            complete.append([parse_count(c, SOURCE, f"{where} row {n} cell {i}") for i, c in enumerate(cells, 2)])
            printed_rows.append(cells)
        else:
            notes.append(_note("truncated-row", where, f"{width} cells", f"{len(cells)} cells",
                               f"row {n} is cut off in the stored copy; its figures are not used"))
    sexes, how = infer_sexes(complete, printed_total is not None, sex_totals, proven, where)
    for values, sex in zip(complete, sexes):
        proven[values[-1]] = sex
    notes.append(_note("inferred-sex", where, "male/female row labels", "no labels", how))
    rows = []
    for values, cells, sex in zip(complete, printed_rows, sexes):
        for category, value, text in zip(categories, values, cells):
            rows.append(_row(as_of, dimension, category, vocabulary[category], sex, value, text, True, ""))
    if printed_total is not None:
        for i, (category, text) in enumerate(zip(categories, printed_total)):
            rows.append(_total_row(as_of, dimension, category, vocabulary[category], text, complete, i, where, notes))
    return rows, notes


def infer_sexes(rows: list[list[int]], has_total: bool, sex_totals: dict, proven: dict, where: str):
    """Which unlabelled row is male, which female - only where the sums prove it.

    Two complete rows: the breakdown covers the same people as the arrivals table, so each row's total can be at
    most that sex's cumulative arrivals; exactly one of the two orders must fit. One row (its partner cut off):
    its total must equal the total an earlier table of the same snapshot proved for one sex.
    """
    totals = [r[-1] for r in rows]
    if len(rows) == 2 and has_total:
        fits = [order for order in (("male", "female"), ("female", "male"))
                if all(t <= sex_totals[s] for t, s in zip(totals, order))]
        if len(fits) == 1:
            return list(fits[0]), (f"row totals {totals[0]:,} and {totals[1]:,} fit only as {fits[0][0]}/{fits[0][1]}: "
                                   f"cumulative arrivals in the same table are {sex_totals['male']:,} men and "
                                   f"{sex_totals['female']:,} women")
    elif len(rows) == 1 and totals[0] in proven:
        sex = proven[totals[0]]
        return [sex], f"row total {totals[0]:,} equals the {sex} total proved for another breakdown of the same page"
    raise SourceFormatError(SOURCE, where, totals, "rows have no labels and the sums do not prove which sex they are")


def _total_row(as_of, dimension, category, category_en, text, complete, i, where, notes):
    computed = sum(r[i] for r in complete) if len(complete) == 2 else None
    typo = KNOWN_TYPOS.get((dimension, category))
    if typo and normalise(text) == typo[0] and computed is not None:
        notes.append(_note("source-typo", f"{where}, 合计 row, {category}", f"{computed:,}", text, typo[1]))
        return _row(as_of, dimension, category, category_en, "total", computed, text, False,
                    f"typo in source: {typo[1]}")
    value = parse_count(text, SOURCE, f"{where} 合计 row, {category}")
    return _row(as_of, dimension, category, category_en, "total", value, text, False, "")


def _row(as_of, dimension, category, category_en, sex, count, printed, inferred, note):
    return {"vintage": SOURCE, "as_of": as_of, "dimension": dimension, "category": category,
            "category_en": category_en, "sex": sex, "count": count, "printed": printed,
            "sex_inferred": inferred, "note": note, "source": SOURCE}


def _note(check, where, expected, found, note):
    return {"check": check, "severity": "note", "source": SOURCE, "where": where,
            "expected": expected, "found": found, "note": note}

"""Formula injection: text that a spreadsheet would evaluate is neutralised in CSV and XLSX (OWASP's CSV-injection
advice, leading whitespace and full-width forms included); numbers stay numbers."""

import csv
import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.exports import data_files

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "\n=1", " =1", "\u00a0@A1",
           "\u3000+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "\u200b=1"]


def hostile_frame() -> pd.DataFrame:
    """A frame shaped like a view whose text cells carry formula payloads (e.g. from a tampered source)."""
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "period": HOSTILE,
            "year": list(range(2000, 2000 + n)),
            "value": [[-5, 0, 3.5, -1.25, 7, -100][i % 6] for i in range(n)],
            "source": ["=evil"] * n,
        }
    )


PROVENANCE = data_files.Provenance(
    citations={"=evil": "=HYPERLINK(\"http://x\")"},
    dates=data_files.Dates("2025-12", provisional=True),
    caveats=("@caveat",),
    version="1.0.0",
    lang="en",
)


TRIGGERS = "=+-@＝＋－＠"
# What spreadsheets skip before deciding a cell is a formula: ASCII and Unicode spaces, line breaks, controls, marks
BLANKS = " \t\r\n\v\f\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\u0085\u200b\u200e\u2060\ufeff"
blank = st.text(st.sampled_from(BLANKS), max_size=4)
formula = st.builds(lambda lead, trigger, rest: lead + trigger + rest, blank, st.sampled_from(TRIGGERS), st.text())
harmless = st.builds(lambda lead, first, rest: lead + first + rest, blank,
                     st.characters(blacklist_characters=TRIGGERS + BLANKS,
                                   blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cf", "Cs")), st.text())
numbers = st.one_of(st.integers(), st.floats(), st.integers(-10**6, 10**6).map(np.int64), st.floats().map(np.float64))
# XML 1.0 holds no other control character, no lone surrogate and neither U+FFFE nor U+FFFF: no XLSX cell can
NOT_XML = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
xml_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=NOT_XML))
xml_formula = st.builds(lambda lead, trigger, rest: lead + trigger + rest,
                        st.text(st.sampled_from(BLANKS.translate({ord(c): None for c in NOT_XML})), max_size=4),
                        st.sampled_from(TRIGGERS), xml_text)


@settings(max_examples=200)
@given(formula)
def test_formula_like_text_is_neutralised_after_any_leading_blank(text):
    assert data_files.formula_like(text)
    assert data_files.neutralise(text) == "'" + text


@settings(max_examples=200)
@given(harmless)
def test_other_text_is_left_exactly_as_it_is(text):
    assert not data_files.formula_like(text)
    assert data_files.neutralise(text) == text


@given(st.one_of(st.text(), formula))
def test_neutralised_text_is_the_text_or_the_text_quoted(text):
    out = data_files.neutralise(text)
    assert out == ("'" + text if data_files.formula_like(text) else text)
    assert not data_files.formula_like(out)  # an apostrophe is not blank: nothing is left to evaluate


@given(numbers)
def test_numbers_pass_unchanged(number):
    assert data_files.neutralise(number) is number


def test_missing_values_pass_unchanged():
    assert data_files.neutralise(None) is None and data_files.neutralise(pd.NA) is pd.NA


def frame_of(texts: list[str], values: list) -> pd.DataFrame:
    return pd.DataFrame({"period": texts, "value": values, "source": ["=evil"] * len(texts)})


def rows(text):
    return st.lists(st.tuples(text, st.one_of(st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False))),
                    min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(rows(st.one_of(st.text(), formula)))
def test_csv_neutralises_text_and_keeps_numbers(pairs):
    texts, values = map(list, zip(*pairs))
    body = data_files.to_csv(frame_of(texts, values), PROVENANCE).decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(body, newline=""))
    assert [line[header.index("period")] for line in lines] == \
        [data_files.as_printed(data_files.neutralise(t)) for t in texts]
    assert all(math.isclose(float(line[header.index("value")]), v) for line, v in zip(lines, values))


@settings(max_examples=40, deadline=None)
@given(rows(st.one_of(xml_text, xml_formula)))
def test_xlsx_keeps_the_exact_text_quote_prefixed_and_numbers_as_numbers(pairs):
    texts, values = map(list, zip(*pairs))
    book = openpyxl.load_workbook(io.BytesIO(data_files.to_xlsx(frame_of(texts, values), PROVENANCE)))
    data = book[data_files.DATA_SHEET]
    header = [c.value for c in data[1]]
    cells = [row[header.index("period")] for row in data.iter_rows(min_row=2)]
    assert [c.value or "" for c in cells] == texts  # an empty text is an empty cell
    assert [c.quotePrefix for c in cells] == [data_files.formula_like(t) for t in texts]
    assert all(c.data_type == "s" for c in cells if c.value is not None)
    numbers = [row[header.index("value")] for row in data.iter_rows(min_row=2)]
    assert all(c.data_type == "n" and math.isclose(c.value, v, rel_tol=1e-14) for c, v in zip(numbers, values))


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    frame = hostile_frame()
    back = pd.read_csv(io.BytesIO(data_files.to_csv(frame, PROVENANCE)), encoding="utf-8-sig", keep_default_na=False)
    assert list(back["period"]) == ["'" + text for text in HOSTILE]
    assert set(back["citation"]) == {"'" + PROVENANCE.citations["=evil"]}
    assert pd.api.types.is_numeric_dtype(back["value"])
    assert list(back["value"]) == list(frame["value"])


def test_xlsx_cells_are_text_not_formulas_and_numbers_stay_numbers():
    frame = hostile_frame()
    book = openpyxl.load_workbook(io.BytesIO(data_files.to_xlsx(frame, PROVENANCE)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    hostile = [c for c in cells if data_files.formula_like(c.value)]
    assert {c.value for c in hostile} >= {*HOSTILE, PROVENANCE.citations["=evil"], "@caveat"}
    assert all(c.quotePrefix and c.data_type == "s" for c in hostile)
    data = book[data_files.DATA_SHEET]
    header = [c.value for c in data[1]]
    values = [row[header.index("value")] for row in data.iter_rows(min_row=2, values_only=True)]
    assert values == list(frame["value"])
    assert all(isinstance(v, (int, float)) for v in values)


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown data format 'docx'"):
        data_files.export(hostile_frame(), PROVENANCE, "docx")

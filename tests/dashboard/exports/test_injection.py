"""Formula injection: text that a spreadsheet would evaluate is neutralised in CSV and XLSX; numbers stay numbers."""

import io

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.exports import data_files

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]


def hostile_frame() -> pd.DataFrame:
    """A frame shaped like a view whose text cells carry formula payloads (e.g. from a tampered source)."""
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "period": HOSTILE,
            "year": list(range(2000, 2000 + n)),
            "value": [-5, 0, 3.5, -1.25, 7, -100],
            "source": ["=evil"] * n,
        }
    )


PROVENANCE = data_files.Provenance(
    citations={"=evil": "=HYPERLINK(\"http://x\")"},
    as_of="-2025",
    caveats=("@caveat",),
    version="1.0.0",
    lang="en",
)


@given(st.text())
def test_neutralised_text_never_starts_a_formula(text):
    out = data_files.neutralise(text)
    assert not out.startswith(data_files.FORMULA_PREFIXES)
    assert out.removeprefix("'") == text or out == text


@given(st.one_of(st.integers(), st.floats(allow_nan=False)))
def test_numbers_pass_unchanged(number):
    assert data_files.neutralise(number) is number


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
    assert not any(isinstance(c.value, str) and c.value.startswith(data_files.FORMULA_PREFIXES) for c in cells)
    data = book[data_files.DATA_SHEET]
    header = [c.value for c in data[1]]
    values = [row[header.index("value")] for row in data.iter_rows(min_row=2, values_only=True)]
    assert values == list(frame["value"])
    assert all(isinstance(v, (int, float)) for v in values)


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown data format 'docx'"):
        data_files.export(hostile_frame(), PROVENANCE, "docx")

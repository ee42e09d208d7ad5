"""Data files as spreadsheets read them: LibreOffice (headless, the CSV import a user gets by opening the file)
keeps period labels as text; the XLSX's dates are dates; `value` always comes with its measure and unit."""

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest

from dashboard.charts import figures
from dashboard.data import View
from dashboard.exports import data_files, pack

NUMBER = re.compile(r"-?\d+(\.\d+)?")  # what a chart tool parses as a number: no separator, no unit
SHARE = View(metric="share", sex="female", start=2002, end=2025)


def soffice_convert(source, out_dir, *filters) -> None:
    """A file converted by headless LibreOffice, with its own profile folder so runs never share one."""
    binary = shutil.which("soffice")
    assert binary, "LibreOffice is missing: apt-get install libreoffice-calc (TEST_APT)"
    profile = out_dir / "profile"
    subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", *filters, "--convert-to",
                    "xlsx", "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(out_dir)})


def test_libreoffice_keeps_period_labels_as_text_and_values_as_numbers(arrivals, tmp_path):
    name, body = pack.take_away(arrivals, SHARE, "csv")
    source = tmp_path / name
    source.write_bytes(body)
    # 44 = comma, 34 = double quote, 76 = UTF-8: what LibreOffice's import dialog offers for our file
    soffice_convert(source, tmp_path, "--infilter=CSV:44,34,76,1")
    sheet = openpyxl.load_workbook(source.with_suffix(".xlsx")).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    periods = [row[header.index("period")] for row in rows]
    assert periods[0] == "'02" and all(isinstance(p, str) for p in periods)  # MOU's '02, never the number 2
    assert all(isinstance(row[header.index("value")], (int, float)) for row in rows)
    assert {row[header.index("measure")] for row in rows} == {"share"}
    assert {row[header.index("unit")] for row in rows} == {"percent"}


def test_every_spreadsheet_row_says_what_value_is(arrivals):
    for metric, unit in data_files.UNITS.items():
        view = View(metric=metric, sex="female" if metric == "share" else "total", start=2002, end=2025)
        text = pack.take_away(arrivals, view, "csv")[1].decode("utf-8-sig")
        header, *lines = csv.reader(io.StringIO(text, newline=""))
        assert header[header.index("value") + 1:header.index("value") + 3] == ["measure", "unit"]
        assert {(line[header.index("measure")], line[header.index("unit")]) for line in lines} == {(metric, unit)}
    document = pack.take_away(arrivals, SHARE, "json")[1]
    assert json.loads(document)["value"]["unit"] == "percent"


@pytest.mark.parametrize("lang,words", [("en", "value: Women's share (%), in percent"),
                                        ("ko", "value: 여성 비율(%)")])
def test_the_xlsx_has_real_dates_and_its_notes_say_what_value_is(arrivals, lang, words):
    from dataclasses import replace

    book = openpyxl.load_workbook(io.BytesIO(pack.take_away(arrivals, replace(SHARE, lang=lang), "xlsx")[1]))
    data = book[data_files.DATA_SHEET]
    header = [cell.value for cell in data[1]]
    first = list(data.iter_rows(min_row=2, max_row=2))[0]
    for column, day in (("period_start", datetime(2002, 1, 1)), ("period_end", datetime(2002, 12, 31))):
        cell = first[header.index(column)]
        assert cell.is_date and cell.value == day and cell.number_format == "yyyy-mm-dd"
    assert first[header.index("period")].value == "02" and first[header.index("period")].data_type == "s"
    notes = dict(book[data_files.NOTES_SHEET].iter_rows(values_only=True))
    assert any(text.startswith(words) for text in notes.values())


@pytest.mark.parametrize("view", [View(buckets=True), View(lang="ko", start=2015, end=2025),
                                  View(metric="share", sex="female")])
def test_the_wide_csv_meets_datawrappers_expectations(arrivals, view):
    """Datawrapper's CSV rules (academy.datawrapper.de, "How to prepare your data"): a header row, the first
    column the x-axis (one row per period, each once), then one column per series, holding plain numbers
    (no thousands separators, no units); no other column (the citation is in the sidecar)."""
    archive = zipfile.ZipFile(io.BytesIO(pack.newsroom(arrivals, view)))
    header, *rows = csv.reader(io.StringIO(archive.read("data-wide.csv").decode("utf-8-sig"), newline=""))
    periods = [row[0] for row in rows]
    series = arrivals.series(view if view.metric == "share" else dataclasses.replace(view, sex="total"))
    assert periods == figures.labels(series, view.lang) and len(set(periods)) == len(periods)
    expected = 1 if view.metric == "share" else 3
    assert len(header) == 1 + expected and all(len(row) == len(header) for row in rows)
    assert not any("citation" in name.lower() or "출처" in name for name in header)
    for row in rows:
        assert all(cell == "" or NUMBER.fullmatch(cell) for cell in row[1:]), row
    if expected == 3:  # men + women = total wherever MOU published all three
        for row in rows:
            if all(row[1:]):
                assert int(row[1]) + int(row[2]) == int(row[3]), row
    sidecar = archive.read("data-wide.txt").decode("utf-8")
    assert data_files.measure_text(view.metric, view.lang) in sidecar and "unikorea.go.kr" in sidecar

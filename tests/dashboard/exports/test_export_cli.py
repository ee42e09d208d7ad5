"""`nk-arrivals export`: defaults are the dashboard's default view, bad input is a clear error that writes nothing."""

import argparse
import dataclasses
import json
import subprocess
import sys

import pytest

from dashboard import cli
from dashboard.exports import commands, pack
from dashboard.urls import default_view


def export(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "dashboard", "export", *args], capture_output=True, text=True,
                          timeout=180, cwd=cwd)


def test_defaults_are_the_dashboards_default_view(arrivals, tmp_path):
    out = tmp_path / "default.json"
    result = export("data", "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_bytes())
    expected = arrivals.series(default_view(arrivals))
    assert [row["period_end"] for row in document["data"]] == list(expected["period_end"])
    assert out.read_bytes() == pack.take_away(arrivals, default_view(arrivals), "json")[1]


def test_options_give_the_same_file_as_the_download(arrivals, tmp_path):
    out = tmp_path / "view.csv"
    # --log-scale, not --log: kaleido's logistro parses sys.argv on import and exits on an ambiguous "--log"
    result = export("data", "--from", "1998", "--to", "2012", "--sex", "female", "--lang", "ko", "--buckets",
                    "--log-scale", "--no-events", "-o", str(out))
    assert result.returncode == 0, result.stderr
    view = dataclasses.replace(default_view(arrivals), start=1998, end=2012, sex="female", lang="ko", buckets=True,
                               log=True, events=False)
    assert out.read_bytes() == pack.take_away(arrivals, view, "csv")[1]


@pytest.mark.parametrize("args,message", [
    (["--from", "1800"], "--from '1800' is not valid: use a year from"),
    (["--from", "²"], "--from '²' is not valid: use a year from 1998 to"),
    (["--to", "２０１５"], "--to '２０１５' is not valid: use a year from 1998 to"),
    (["--from", "9" * 4301], f"--from '{'9' * 40}…' is not valid: use a year from 1998 to"),
    (["--vintage", "x" * 500], "is not valid: use one of latest, mou-kr-2025"),
    (["--vintage", "no-such-vintage"], "--vintage 'no-such-vintage' is not valid"),
    (["--sex", "\x1f\U0001342f" * 300], "--sex '\\x1f\\U0001342f\\x1f\\U0001342f\\x1f…' is not valid"),
    (["--from", "2020", "--to", "2010"], "--from is after --to"),
    (["--format", "csv"], "does not end in .csv"),
])
def test_bad_input_is_a_clear_error_and_the_existing_file_is_kept(tmp_path, capsys, args, message):
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"an earlier export")
    assert cli.main(["export", "data", *args, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert out.read_bytes() == b"an earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.xlsx"]


def test_bad_input_from_the_shell_has_no_traceback(tmp_path):
    result = export("chart", "--lang", "ko", "--from", "abc", "-o", str(tmp_path / "x.svg"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: --from 'abc' is not valid") and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_missing_output_folder_is_a_clear_error(tmp_path):
    with pytest.raises(commands.ExportError, match="does not exist"):
        commands.write_atomically(tmp_path / "missing" / "x.csv", b"data")


def test_format_follows_the_output_suffix():
    args = argparse.Namespace(output="chart.pdf", format=None, formats=("png", "svg", "pdf"))
    assert commands.format_of(args) == "pdf"
    assert commands.format_of(argparse.Namespace(output=None, format=None, formats=("png", "svg"))) == "png"

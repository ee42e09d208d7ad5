"""The misquote candidates of the 2026-12-07 fact base (checkpoints_regions.md §6) in misquotes.csv.

Expected values are written out from the fact base, not read from our own output: YTN's '2만4천538명' of
2026-01-20 is a dropped digit of MOU's 34,538 of that day (corrected to 34,537 on 2026-02-04), and the 2024
'여성 216명' spread from Yonhap's own Korean wire (bulgyoilbo's copy) while MOU gives 210 women of 236.
"""

import pandas as pd
import pytest

from etl.errors import SourceFormatError
from etl.origin import Snapshot
from etl.sources import misquotes
from support.paths import DATASETS


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / "arrivals" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_a_cumulative_misquote_is_compared_with_the_newest_announced_cumulative():
    row = read("misquotes").set_index("misquote").loc["2025-cumulative-24538"]
    assert (row["claimed_start"], row["claimed_end"], row["sex"], row["claimed_count"]) == (
        "", "2025-12-31", "total", "24538")
    assert (row["official_count"], row["official_as_of"]) == ("34537", "2026-02-04")
    assert "34,538" in row["explanation"] and "3만4천538명" in row["explanation_ko"]
    assert "https://m.ytn.co.kr/news_view.amp.php?param=0101_202601201059205011" in row["urls"].split()


def test_the_2024_women_misreport_names_the_wire_it_spread_from():
    row = read("misquotes").set_index("misquote").loc["2024-216"]
    assert "http://bulgyoilbo.com/View.aspx?No=3530845" in row["urls"].split()
    assert (row["claimed_count"], row["official_count"]) == ("216", "210")
    assert "Yonhap" in row["explanation"] and "연합뉴스" in row["explanation_ko"]


def test_a_cumulative_is_never_compared_with_one_periods_figure(tmp_path):
    source = DATASETS / "raw" / "misquotes" / "misquotes.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    mixed = lines[-1].replace(",to 2025-12-31,,2025-12-31,", ",2025,2025-01-01,2025-12-31,", 1)
    assert mixed != lines[-1]
    snapshot = Snapshot(path=tmp_path / "misquotes.csv", data="\n".join([lines[0], mixed]).encode("utf-8"),
                        origin={"source": "misquotes"})
    with pytest.raises(SourceFormatError, match="cumulative"):
        misquotes.parse(snapshot)

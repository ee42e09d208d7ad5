"""The label grammar and number parsing: every form seen in the sources, and hypothesis properties."""

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.errors import SourceFormatError
from etl.labels import (
    CUMULATIVE,
    parse_count,
    parse_percent,
    parse_press_period,
    parse_printed_count,
    parse_row_label,
    parse_table_period,
    parse_through,
)
from etl.tables import read_grid

S = "test-source"


@pytest.mark.parametrize("label", ["~'98", "~’98", "~98", "~1998", " ~ '98 "])
def test_leading_bucket_is_everything_up_to_1998(label):
    p = parse_table_period(label, S, "c")
    assert (p.start, p.end, p.provisional) == (None, date(1998, 12, 31), False)


def test_following_bucket_starts_after_the_previous_column():
    p = parse_table_period("~'01", S, "c", previous_end=date(1998, 12, 31))
    assert (p.start, p.end) == (date(1999, 1, 1), date(2001, 12, 31))


@pytest.mark.parametrize("label, year", [("'02", 2002), ("’02", 2002), ("‘04", 2004), ("02", 2002), ("2002", 2002),
                                         ("'98", 1998)])
def test_single_years(label, year):
    p = parse_table_period(label, S, "c")
    assert (p.start, p.end, p.provisional, p.label) == (date(year, 1, 1), date(year, 12, 31), False, label)


@pytest.mark.parametrize("label, start, end", [
    ("’20.09 (暂定)", date(2020, 1, 1), date(2020, 9, 30)),
    ("'25.12(잠정)", date(2025, 1, 1), date(2025, 12, 31)),
    ("‘11 (Provisional Figures)", date(2011, 1, 1), date(2011, 12, 31)),
    ("25.12(잠정)", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_provisional_labels(label, start, end):
    p = parse_table_period(label, S, "c")
    assert (p.start, p.end, p.provisional) == (start, end, True)


@pytest.mark.parametrize("label", ["合计", "합계", "Total", "合计(名)", "total"])
def test_cumulative_labels(label):
    assert parse_table_period(label, S, "c") == CUMULATIVE


@pytest.mark.parametrize("label", ["2002년", "'02.13", "~'98 ~'01", "Q1", "", "'1949", "’20.09 (final)"])
def test_unknown_period_labels_raise_naming_source_cell_and_value(label):
    with pytest.raises(SourceFormatError) as e:
        parse_table_period(label, S, "header cell 7")
    assert (e.value.source, e.value.cell, e.value.value) == (S, "header cell 7", label)
    assert S in str(e.value) and "header cell 7" in str(e.value)


@pytest.mark.parametrize("text, value", [("1,043", 1043), ("947", 947), ("34,537", 34537), ("0", 0), (" 12 ", 12)])
def test_counts(text, value):
    assert parse_count(text, S, "c") == value


@pytest.mark.parametrize("text", ["2.026", "1,04", "1,0433", "-3", "12명", "", "1 043", "x"])
def test_bad_counts_raise(text):
    with pytest.raises(SourceFormatError):
        parse_count(text, S, "c")


@pytest.mark.parametrize("text, value", [("72.1%", (72.1, 1)), ("12%", (12.0, 0)), ("67.0", (67.0, 1))])
def test_percentages(text, value):
    assert parse_percent(text, S, "c") == value


@pytest.mark.parametrize("text, kind", [("男(名)", "male"), ("남", "male"), ("Male", "male"), ("女(名)", "female"),
                                        ("여", "female"), ("Female", "female"), ("合计(名)", "total"),
                                        ("합계", "total"),
                                        ("女性比例", "share"), ("여성비율", "share"), ("Female Ratio", "share")])
def test_row_labels_in_three_languages(text, kind):
    assert parse_row_label(text, S, "c") == kind


@pytest.mark.parametrize("label, start, end, provisional", [
    ("2012 Q1", date(2012, 1, 1), date(2012, 3, 31), False),
    ("2013 H1", date(2013, 1, 1), date(2013, 6, 30), False),
    ("2018 Jan-Aug", date(2018, 1, 1), date(2018, 8, 31), False),
    ("2011 Jan-Apr17", date(2011, 1, 1), date(2011, 4, 17), False),
    ("2011-02", date(2011, 2, 1), date(2011, 2, 28), False),
    ("2004 (to 2004-12-30)", date(2004, 1, 1), date(2004, 12, 30), False),
    ("2025 (first report)", date(2025, 1, 1), date(2025, 12, 31), True),
    ("2025 (corrected)", date(2025, 1, 1), date(2025, 12, 31), False),
    ("2022 Q1", date(2022, 1, 1), date(2022, 3, 31), False),
    ("2022 H1", date(2022, 1, 1), date(2022, 6, 30), False),
    ("2022 Jan–Sep", date(2022, 1, 1), date(2022, 9, 30), False),       # en dash, as more_figures.md prints it
    ("2015 Jan–Apr", date(2015, 1, 1), date(2015, 4, 30), False),
    ("2005-01-01 to 2005-09-15", date(2005, 1, 1), date(2005, 9, 15), False),
    ("2021 H1 (revised)", date(2021, 1, 1), date(2021, 6, 30), False),
    ("2021 Q2 (first report)", date(2021, 4, 1), date(2021, 6, 30), True),
])
def test_press_period_labels(label, start, end, provisional):
    p = parse_press_period(label, S, "c")
    assert (p.start, p.end, p.provisional) == (start, end, provisional)


@pytest.mark.parametrize("label", ["2005-09-15 to 2005-01-01", "2005-01-01 to 2006-09-15", "2005-02-30 to 2005-03-01",
                                   "2005-01-01 to 2005-9-15", "2005-01-01 - 2005-09-15", "2022 Q5", "2022 Sep–Jan"])
def test_bad_press_periods_raise(label):
    with pytest.raises(SourceFormatError):
        parse_press_period(label, S, "c")


def test_cumulative_reference_dates():
    assert parse_through("to 1998-09-15", S, "c") == date(1998, 9, 15)
    assert parse_through("to 2025-12-31", S, "c") == date(2025, 12, 31)
    assert parse_through("to 2016-11", S, "c") == date(2016, 11, 30)
    with pytest.raises(SourceFormatError):
        parse_through("to 2025-13-01", S, "c")


# --- tables, both orientations --------------------------------------------------------------------------------

def grid(rows):
    """A small MOU-style table: periods across, rows 남/여/합계/여성비율 and a 합계 column."""
    heads = ["~'98", "~'01", "'02", "’20.09 (暂定)"]
    m = [r[0] for r in rows]
    f = [r[1] for r in rows]
    t = [a + b for a, b in rows]
    share = [f"{100 * b / (a + b):.1f}%" if a + b else "0.0%" for a, b in rows]
    sm, sf = sum(m), sum(f)
    return [["구분", *heads, "합계"],
            ["남", *(f"{x:,}" for x in m), f"{sm:,}"],
            ["여", *(f"{x:,}" for x in f), f"{sf:,}"],
            ["합계", *(f"{x:,}" for x in t), f"{sm + sf:,}"],
            ["여성비율", *share, f"{100 * sf / (sm + sf):.1f}%" if sm + sf else "0.0%"]]


BASE = grid([(831, 116), (565, 478), (510, 632), (64, 131)])


def test_both_orientations_read_alike():
    across = read_grid(BASE, S)
    down = read_grid([list(col) for col in zip(*BASE)], S)
    assert across.counts == down.counts and across.printed_total == down.printed_total
    assert [p.end for p in across.periods] == [date(1998, 12, 31), date(2001, 12, 31), date(2002, 12, 31),
                                               date(2020, 9, 30)]
    assert across.periods[1].start == date(1999, 1, 1)


counts = st.integers(min_value=0, max_value=30000)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=4, max_size=4), st.booleans())
def test_generated_tables_read_back_their_numbers(rows, transpose):
    g = grid(rows)
    g = [list(c) for c in zip(*g)] if transpose else g
    table = read_grid(g, S)
    assert [table.counts[(i, "male")] for i in range(4)] == [r[0] for r in rows]
    assert [table.counts[(i, "total")] for i in range(4)] == [a + b for a, b in rows]


text_cells = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "~'98", "'02", "’02", "2.026", "1,04", "合计", "Total", "男(名)", "여성비율", "12.5%", "-1", "１２",
     "'25.12(잠정)",
     "~'01", "\u00a0", "NaN", "1e3", "٣", "'99.13"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
@example(None)
def test_mutated_tables_parse_or_raise_source_format_error(data):
    """Replace, drop or duplicate cells and rows: the reader returns a table or raises SourceFormatError only."""
    g = [row[:] for row in BASE]
    if data is not None:
        for _ in range(data.draw(st.integers(1, 3))):
            r = data.draw(st.integers(0, len(g) - 1))
            action = data.draw(st.sampled_from(["replace", "drop", "duplicate-row", "swap"]))
            if action == "replace" and g[r]:
                g[r][data.draw(st.integers(0, len(g[r]) - 1))] = data.draw(text_cells)
            elif action == "drop" and g[r]:
                del g[r][data.draw(st.integers(0, len(g[r]) - 1))]
            elif action == "duplicate-row":
                g.insert(r, g[r][:])
            elif action == "swap" and len(g[r]) > 2:
                i = data.draw(st.integers(0, len(g[r]) - 2))
                g[r][i], g[r][i + 1] = g[r][i + 1], g[r][i]
    try:
        table = read_grid(g, S)
    except SourceFormatError:
        return
    assert all(isinstance(v, int) and v >= 0 for v in table.counts.values())
    if g == BASE:
        assert table.counts == read_grid(BASE, S).counts


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_label_or_a_source_format_error(text):
    for parse in (parse_count, parse_percent, parse_row_label, parse_table_period, parse_press_period, parse_through,
                  parse_printed_count):
        try:
            parse(text, S, "c")
        except SourceFormatError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip_with_and_without_separators(n):
    assert parse_count(f"{n:,}", S, "c") == n == parse_count(str(n), S, "c")


@pytest.mark.parametrize("text", ["١٢", "１２", "'٠٢"])
def test_only_ascii_digits_are_numbers(text):
    with pytest.raises(SourceFormatError):
        parse_count(text, S, "c")
    with pytest.raises(SourceFormatError):
        parse_table_period(text, S, "c")


# --- counts as the press prints them ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, approximate", [
    ("1,297", 1297, False), ("1297명", 1297, False), ("1만 3399명", 13399, False), ("2만 3471명", 23471, False),
    ("4천570명", 4570, False), ("7천186명", 7186, False), ("2만9천543명", 29543, False), ("9,249人", 9249, False),
    ("약 590명", 590, True), ("590여 명", 590, True), ("2만9380여 명", 29380, True), ("1만 399", 10399, False),
])
def test_printed_counts(text, value, approximate):
    assert parse_printed_count(text, S, "c") == (value, approximate)


@pytest.mark.parametrize("text", ["", "명", "약", "여 명", "만", "1만 13399", "1천 1000", "2.026", "1,2만", "-3명",
                                  "１２명", "590 여여 명", "12 34"])
def test_bad_printed_counts_raise(text):
    with pytest.raises(SourceFormatError):
        parse_printed_count(text, S, "c")


def korean(n: int, space: bool, thousands: bool) -> str:
    """n the way Korean papers print it: 2만9380, 1만 3399, 4천570."""
    man, rest = divmod(n, 10000)
    parts = [f"{man}만"] if man else []
    if thousands and rest >= 1000:
        cheon, rest = divmod(rest, 1000)
        parts.append(f"{cheon}천")
    if rest or not parts:
        parts.append(str(rest))
    return (" " if space else "").join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999), st.booleans(), st.booleans(),
       st.sampled_from(["", "명", " 명", "人"]), st.sampled_from(["", "약 ", "about "]), st.booleans())
def test_printed_counts_round_trip(n, space, thousands, unit, about, more):
    text = f"{about}{korean(n, space, thousands)}{'여' if more else ''}{unit}"
    assert parse_printed_count(text, S, "c") == (n, bool(about or more))
    assert parse_printed_count(f"{n:,}{unit}", S, "c") == (n, False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,만천여약명 人", max_size=14))
def test_any_printed_count_parses_or_raises_source_format_error(text):
    try:
        value, approximate = parse_printed_count(text, S, "c")
    except SourceFormatError:
        return
    assert value >= 0 and isinstance(approximate, bool)

"""One reader for every MOU arrivals table, whatever its language or orientation.

A source module turns its snapshot into a grid (rows of cell text, as printed); `read_grid` applies the label
grammar to it. Periods may run across (header row) or down (first column).
"""

from dataclasses import dataclass, field

from etl.errors import SourceFormatError
from etl.labels import (
    CUMULATIVE,
    SEXES,
    Period,
    normalise,
    parse_count,
    parse_percent,
    parse_row_label,
    parse_table_period,
)

CORNER_LABELS = {"", "구분", "类别", "類別", "연도", "year/sex", "year", "sex", "period"}


@dataclass
class Table:
    """Cells of one arrivals table: counts per period and sex, the printed cumulative and female ratios."""

    periods: list[Period]
    counts: dict[tuple[int, str], int]                        # (period index, sex) -> count
    printed_total: dict[str, int] = field(default_factory=dict)   # sex -> the table's 합계/Total column
    # period index or CUMULATIVE -> (pct, decimals)
    shares: dict[object, tuple[float, int]] = field(default_factory=dict)


def read_grid(grid: list[list[str]], source: str) -> Table:
    """Periods across (the MOU page layout) or down (a transposed copy); anything unknown raises."""
    if not grid or len(grid) < 2 or not all(grid):
        raise SourceFormatError(source, "table", grid, "has no data rows, or an empty row")
    try:
        return _read_across(grid, source)
    except SourceFormatError as across:
        transposed = [list(col) for col in zip(*grid)] if _rectangular(grid) else None
        if transposed is None:
            raise
        try:
            return _read_across(transposed, source)
        except SourceFormatError:
            raise across from None


def _rectangular(grid):
    return len({len(r) for r in grid}) == 1


def _read_across(grid: list[list[str]], source: str) -> Table:
    header = grid[0]
    if normalise(header[0]).lower() not in CORNER_LABELS:
        raise SourceFormatError(source, "header cell 1", header[0], "is not a known table heading")
    columns: list = []
    previous_end = None
    for i, text in enumerate(header[1:], start=2):
        p = parse_table_period(text, source, f"header cell {i}", previous_end)
        if p != CUMULATIVE:
            if columns and CUMULATIVE in columns:
                raise SourceFormatError(source, f"header cell {i}", text, "follows the cumulative column")
            if any(q != CUMULATIVE and (q.start, q.end) == (p.start, p.end) for q in columns):
                raise SourceFormatError(source, f"header cell {i}", text, "duplicates an earlier period")
            previous_end = p.end
        elif CUMULATIVE in columns:
            raise SourceFormatError(source, f"header cell {i}", text, "is a second cumulative column")
        columns.append(p)
    periods = [c for c in columns if c != CUMULATIVE]
    if not periods:
        raise SourceFormatError(source, "header", header, "has no period columns")
    table = Table(periods, {})
    seen = set()
    for r, row in enumerate(grid[1:], start=2):
        if len(row) != len(header):
            raise SourceFormatError(source, f"row {r}", row, f"has {len(row)} cells, the header {len(header)}")
        kind = parse_row_label(row[0], source, f"row {r} label")
        if kind in seen:
            raise SourceFormatError(source, f"row {r} label", row[0], "repeats an earlier row")
        seen.add(kind)
        index = 0
        for c, (col, cell) in enumerate(zip(columns, row[1:]), start=2):
            where = f"row {r} ({row[0]}), column {c} ({header[c - 1]})"
            key = CUMULATIVE if col == CUMULATIVE else index
            if kind == "share":
                table.shares[key] = parse_percent(cell, source, where)
            elif col == CUMULATIVE:
                table.printed_total[kind] = parse_count(cell, source, where)
            else:
                table.counts[(index, kind)] = parse_count(cell, source, where)
            if col != CUMULATIVE:
                index += 1
    missing = [s for s in SEXES if s not in seen]
    if missing:
        raise SourceFormatError(source, "rows", [row[0] for row in grid[1:]], f"lack the {'/'.join(missing)} row")
    return table

"""MOU English press release of 2012-01-11: its yearly table, stored with one cell per line."""

from etl.errors import SourceFormatError
from etl.labels import parse_row_label
from etl.origin import Snapshot
from etl.sources import Parsed, records, source_row
from etl.tables import read_grid

SOURCE = "mou-en-2012"
KIND = "announcement"   # an English press release, not a statistics table


def _cells(text: str) -> list[str]:
    """Non-empty lines, with a header split over lines ('‘11', '(Provisional', 'Figures)') joined back."""
    cells: list[str] = []
    open_paren = False
    for line in (" ".join(x.split()) for x in text.splitlines()):   # labels keep their apostrophes as printed
        if not line:
            continue
        if open_paren or (line.startswith("(") and cells):
            cells[-1] += " " + line
        else:
            cells.append(line)
        open_paren = cells[-1].count("(") > cells[-1].count(")")
    return cells


def parse(snapshot: Snapshot) -> Parsed:
    cells = _cells(snapshot.text)
    try:
        start = cells.index("Year")
    except ValueError:
        raise SourceFormatError(SOURCE, "table", "Year", "heading not found") from None
    if cells[start + 1:start + 2] != ["Sex"]:
        raise SourceFormatError(SOURCE, "table heading", cells[start + 1:start + 2], "is not 'Sex'")
    i = start + 2
    header = ["Year/Sex"]
    while i < len(cells) and cells[i] != "Total":
        header.append(cells[i])
        i += 1
    header.append("Total")
    i += 1
    grid = [header]
    width = len(header) - 1
    while i < len(cells) and cells[i] != "Ministry of Unification":
        label = cells[i]
        parse_row_label(label, SOURCE, f"line {i + 1}")  # a row label must come first, or we have lost count
        grid.append([label] + cells[i + 1:i + 1 + width])
        i += 1 + width
    parsed = records(read_grid(grid, SOURCE), SOURCE, snapshot.origin["as_of"], "Total")
    parsed.sources.append(source_row(snapshot, f"raw/{SOURCE}/{snapshot.path.name}"))
    return parsed

"""Reference formats for the MOU source and the dataset version, checked against sources.csv and datapackage.json."""

import json
import re

import pytest

from dashboard.data import View
from dashboard.text import references

TAGGED = re.compile(r"^[A-Z][A-Z0-9]  - ")


@pytest.fixture(scope="session")
def mou(arrivals, raw):
    """The MOU table the latest series comes from, as a Citation and as its raw sources.csv row."""
    source = arrivals.series(View())["source"].iloc[-1]
    return arrivals.citations([source])[0], raw("sources").set_index("source").loc[source]


def test_source_reference_in_every_style(mou):
    citation, row = mou
    styles = references.formats(references.source_reference(citation))
    assert list(styles) == list(references.STYLES)
    year = row["as_of"][:4]
    for style, text in styles.items():
        assert row["publisher_en"] in text, style
        assert row["title_ko"] in text and row["title_en"] in text, style
        assert row["url"] in text and year in text, style
    assert f"({year}, " in styles["apa"] and "[Data set]" in styles["apa"]
    assert styles["chicago"].startswith(row["publisher_en"] + '. "')


def test_bibtex_is_well_formed(mou):
    text = references.bibtex(references.source_reference(mou[0]))
    assert text.startswith(f"@misc{{{mou[0].source},") and text.endswith("}")
    depth = 0
    for char, previous in zip(text, " " + text):
        if previous != "\\":
            depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert re.search(r"urldate = \{\d{4}-\d{2}-\d{2}\}", text)


def test_ris_lines_are_tagged_and_closed(mou):
    lines = references.ris(references.source_reference(mou[0])).splitlines()
    assert lines[0] == "TY  - DATA" and lines[-1] == "ER  - "
    assert all(TAGGED.match(line) for line in lines)


def test_dataset_reference_carries_the_datapackage_version(arrivals, raw, datapackage):
    package = json.loads(datapackage.read_text(encoding="utf-8"))
    latest_as_of = raw("latest")["as_of"].max()
    styles = references.formats(references.dataset_reference(arrivals.package, arrivals.as_of()))
    for style, text in styles.items():
        assert package["version"] in text and package["title"] in text, style
        assert latest_as_of[:4] in text, style
    assert f"(Version {package['version']})" in styles["apa"]
    assert f"ET  - {package['version']}" in styles["ris"].splitlines()

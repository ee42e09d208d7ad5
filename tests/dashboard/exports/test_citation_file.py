"""CITATION.cff, the file GitHub, Zenodo and Zotero read to cite a repository: valid by cffconvert (the reference
validator of the Citation File Format), and saying what datapackage.json and the exported references say."""

import shutil
import subprocess
from pathlib import Path

import yaml

from dashboard.text import references

CFF = Path(__file__).parents[3] / "CITATION.cff"


def test_cffconvert_validates_it():
    binary = shutil.which("cffconvert", path=str(Path(__import__("sys").executable).parent))
    assert binary, "cffconvert is missing: make .venv/.installed installs it (--no-deps: it pins jsonschema 3)"
    result = subprocess.run([binary, "--validate", "-i", str(CFF)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_it_says_what_the_package_and_the_references_say(arrivals):
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    dataset = references.dataset_reference(arrivals)
    assert cff["title"] == arrivals.package["title"] and cff["version"] == arrivals.package["version"]
    assert [a["name"] for a in cff["authors"]] == [dataset.author]
    assert cff["license-url"] == arrivals.package["licenses"][0]["path"]
    cited = {c["url"]: c for c in cff["references"]}
    for source in ("mou-kr-2025", "mou-en-2012", "mou-cn-2020"):
        ref = references.reference(arrivals, source)
        assert cited[ref.url]["title"] == ref.full_title
        assert [a["name"] for a in cited[ref.url]["authors"]] == [ref.author]  # one name in every format
        assert cited[ref.url].get("date-released", "") == ref.issued

"""Every resource has a primary key and every source/publication column a foreign key that `frictionless validate`
checks: a broken reference fails it; revisions step from one MOU publication to another."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from support.paths import ARRIVALS

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FRICTIONLESS), "validate", "--json", str(folder / "datapackage.json")],
                          capture_output=True, text=True, timeout=300)


def test_every_resource_has_a_primary_key_and_every_source_column_a_foreign_key():
    package = json.loads((ARRIVALS / "datapackage.json").read_text("utf-8"))
    assert package["version"].startswith("3.") and package["homepage"] and package["created"]
    for r in package["resources"]:
        schema = r["schema"]
        assert schema.get("primaryKey"), r["name"]
        joins = {f["name"] for f in schema["fields"]} & {"source", "publication"}
        joins -= set(schema["primaryKey"]) if r["name"] in ("sources", "publications") else set()
        assert joins <= {k["fields"] for k in schema.get("foreignKeys", [])}, r["name"]


def test_the_package_validates_and_a_broken_reference_fails(tmp_path):
    assert validate(ARRIVALS).returncode == 0
    broken = tmp_path / "arrivals"
    shutil.copytree(ARRIVALS, broken)
    witnesses = broken / "witnesses.csv"
    text = witnesses.read_text("utf-8").replace(",mou-kr-2025,mou,", ",mou-kr-2099,mou,", 1)
    assert "mou-kr-2099" in text
    witnesses.write_text(text, "utf-8")
    package = json.loads((broken / "datapackage.json").read_text("utf-8"))
    for r in package["resources"]:
        if r["name"] == "witnesses":   # the file is re-described, so only the reference is wrong
            r["hash"] = "sha256:" + hashlib.sha256(witnesses.read_bytes()).hexdigest()
            r["bytes"] = witnesses.stat().st_size
    (broken / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), "utf-8")
    result = validate(broken)
    assert result.returncode != 0
    assert "foreign-key" in result.stdout


def test_every_figure_belongs_to_an_mou_publication_with_its_real_time_period():
    flows = pd.read_csv(ARRIVALS / "vintages.csv", dtype=str, keep_default_na=False)
    pubs = pd.read_csv(ARRIVALS / "publications.csv", dtype=str, keep_default_na=False).set_index("publication")
    assert set(flows["publication"]) <= set(pubs.index)
    assert (flows["realtime_start"] == flows["publication"].map(pubs["realtime_start"])).all()
    ended = flows[flows["realtime_end"] != ""]
    assert (ended["realtime_end"] >= ended["realtime_start"]).all()
    assert set(pubs["publisher_en"]) == {"Ministry of Unification (MOU), Republic of Korea"}

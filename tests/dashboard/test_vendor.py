"""The vendor shelf: every third-party script is named with its version, listed in SHA256SUMS with the hash
`sha256sum -c` confirms, and the version in its name is the one its own banner states."""

import re
import subprocess

from dashboard.charts import bundle

SHELF = bundle.VENDOR
NAMED = re.compile(r"^(?P<package>[a-z-]+?)-(?P<version>\d+\.\d+\.\d+)(?:\.min)?\.(?:js|LICENSE)$")


def test_sha256sum_confirms_every_file_of_the_shelf():
    listed = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=SHELF, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    named = {line.split(None, 1)[1].strip() for line in (SHELF / "SHA256SUMS").read_text().splitlines()}
    assert named == {p.name for p in SHELF.iterdir() if p.name not in ("SHA256SUMS", "README.md")}


def test_each_file_is_named_with_the_version_it_states():
    for script in SHELF.glob("*.js"):
        found = NAMED.match(script.name)
        assert found, f"{script.name}: not <package>-<version>[.min].js"
        head = script.read_text(encoding="utf-8")[:300]
        assert found["version"] in head and found["package"].split("-")[0] in head, script.name
        assert (SHELF / f"{found['package']}-{found['version']}.LICENSE").is_file(), script.name
        assert script.name in (SHELF / "README.md").read_text(encoding="utf-8"), script.name
    assert bundle.PATH.parent == SHELF and NAMED.match(bundle.PATH.name)["version"] == bundle.version()

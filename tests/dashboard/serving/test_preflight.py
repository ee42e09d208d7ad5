"""A dataset whose files match datapackage.json's hashes but break its schema, or leave the pages nothing to draw,
is refused at start in one line naming the file and the fault (both servers), and refused by a reload."""

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from support.live_server import free_port, nk_arrivals_serve
from support.paths import DATASETS, REPO


def rewrite(datasets: Path, name: str, edit) -> None:
    """Edit one file of datasets/arrivals/ and update its hash and size in datapackage.json: consistent, but wrong."""
    folder = datasets / "arrivals"
    data = edit((folder / name).read_bytes())
    (folder / name).write_bytes(data)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["path"] == name:
            resource["hash"], resource["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")


BROKEN = {  # file -> (edit, words the refusal says)
    "latest.csv": (lambda data: data.split(b"\n")[0] + b"\n", "holds no rows"),
    "vintages.csv": (lambda data: data.replace(b",female,", b",woman,", 1), "breaks its schema"),
}


@pytest.fixture(params=list(BROKEN))
def broken(request, tmp_path):
    datasets = tmp_path / "datasets"
    shutil.copytree(DATASETS, datasets)
    edit, words = BROKEN[request.param]
    rewrite(datasets, request.param, edit)
    return datasets, request.param, words


@pytest.mark.parametrize("mode", [(), ("--prod",), ("--prod", "--no-proxy")])
def test_a_consistent_but_wrong_dataset_is_refused_at_start_in_one_line(broken, mode, tmp_path):
    datasets, name, words = broken
    done = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--port", str(free_port()), *mode,
                           "--datasets", str(datasets)], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={"HOME": str(tmp_path), "PATH": "/usr/sbin:/usr/bin:/bin"})
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{name} " in errors[0] and words in errors[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_reload_onto_a_wrong_dataset_is_refused_and_the_old_data_stay_served(tmp_path):
    datasets = tmp_path / "datasets"
    shutil.copytree(DATASETS, datasets)
    with nk_arrivals_serve("--prod", "--datasets", str(datasets), env={"HOME": str(tmp_path)}) as (base, process):
        rewrite(datasets, "latest.csv", BROKEN["latest.csv"][0])
        process.send_signal(signal.SIGHUP)
        time.sleep(5)
        assert process.poll() is None
        for _ in range(10):
            assert requests.get(base + "/", timeout=10).status_code == 200
            assert requests.get(base + "/api/v1/arrivals.csv", timeout=10).status_code == 200

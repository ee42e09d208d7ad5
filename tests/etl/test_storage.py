"""Atomic writes: a file appears whole, with the permissions the umask gives any new file (mkstemp's are 0600);
a dataset folder is replaced whole or not at all, whatever stops the build (a full disk, a write error, Ctrl-C)."""

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.data import Arrivals
from etl.errors import EtlError
from etl.paths import OUTPUT
from etl.storage import replace_folder, write_atomic
from support.paths import DATASETS, REPO


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_written_files_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "out.txt", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o666 & ~umask
    assert (tmp_path / "out.txt").read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def build(datasets: Path) -> subprocess.CompletedProcess:
    """`python -m etl build` on `datasets`, as a person runs it."""
    return subprocess.run([sys.executable, "-m", "etl", "build", "--datasets", str(datasets)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def small_disk(tmp_path):
    """A real 480 KiB tmpfs (mounted as root): the committed datasets/arrivals/ fits once, a second copy does not."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=480k,nr_inodes=64", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_build_on_a_full_disk_leaves_the_old_dataset_byte_identical_and_says_so_in_one_line(small_disk):
    datasets = small_disk / "datasets"
    shutil.copytree(DATASETS / OUTPUT, datasets / OUTPUT)
    (datasets / "raw").symlink_to(DATASETS / "raw")  # the snapshots stay on the big disk: only the output is small
    readme = datasets / OUTPUT / "README.md"
    readme.write_bytes(readme.read_bytes() + b"\nAn older release.\n")  # so that the build has files to write
    before = snapshot(datasets / OUTPUT)
    assert shutil.disk_usage(small_disk).free < sum(map(len, before.values()))  # no room for a copy beside it
    done = build(datasets)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0] and "left as it was" in lines[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert snapshot(datasets / OUTPUT) == before
    assert sorted(p.name for p in datasets.iterdir()) == [OUTPUT, "raw"]  # the half-written copy is gone


def test_replace_folder_swaps_the_whole_folder_or_nothing(tmp_path):
    folder = tmp_path / "arrivals"
    replace_folder(folder, {"a.csv": b"1", "b.csv": b"2"})
    replace_folder(folder, {"a.csv": b"3", "c.csv": b"4"})
    assert snapshot(folder) == {"a.csv": b"3", "c.csv": b"4"}
    assert [p.name for p in tmp_path.iterdir()] == ["arrivals"]
    with pytest.raises(EtlError, match="left as it was"):
        replace_folder(folder, {"a.csv": b"5", "sub/d.csv": b"6"})  # a write error: no such folder inside
    assert snapshot(folder) == {"a.csv": b"3", "c.csv": b"4"}


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
def test_ctrl_c_at_any_moment_leaves_the_old_dataset_whole_or_the_new_one_whole(datasets_copy, delay):
    """SIGINT (Ctrl-C) lands at a different point of each build once it has started (parsing, writing, swapping)."""
    readme = datasets_copy / OUTPUT / "README.md"
    readme.write_bytes(readme.read_bytes() + b"\nAn older release.\n")
    old, new = snapshot(datasets_copy / OUTPUT), snapshot(DATASETS / OUTPUT)
    process = subprocess.Popen([sys.executable, "-m", "etl", "build", "--datasets", str(datasets_copy)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().startswith("Building ")
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert snapshot(datasets_copy / OUTPUT) in (old, new)
    assert sorted(p.name for p in datasets_copy.iterdir()) == [OUTPUT, "raw"]


def test_the_dashboard_starts_while_builds_run(datasets_copy):
    """A server starting during a build reads the old release or the new one whole, never refuses."""
    readme = datasets_copy / OUTPUT / "README.md"
    older = readme.read_bytes() + b"\nAn older release.\n"
    builds = 0
    stop = threading.Event()

    def rebuild():
        nonlocal builds
        while not stop.is_set():
            readme.write_bytes(older)
            assert build(datasets_copy).returncode == 0
            builds += 1

    worker = threading.Thread(target=rebuild)
    worker.start()
    try:
        loads = 0
        while builds < 3:
            Arrivals.load(datasets_copy / OUTPUT)
            loads += 1
    finally:
        stop.set()
        worker.join()
    assert loads > 3

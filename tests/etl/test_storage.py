"""Atomic writes: the file appears whole, with the permissions the umask gives any new file (mkstemp's are 0600)."""

import os
import stat

import pytest

from etl.storage import write_atomic


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

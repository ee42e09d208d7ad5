"""Atomic writes and content hashes: a reader never sees a half-written file, nor a half-written folder."""

import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from etl.errors import EtlError

RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step (Linux 3.15+; ext4, xfs, btrfs, tmpfs)
AT_FDCWD = -100
_LIBC = ctypes.CDLL(None, use_errno=True)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    """The process umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; a written file follows the umask like open() does
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `files` (name -> bytes), all or nothing.

    The files are written, and fsynced, into a new folder beside it; then the two folders are swapped in one
    rename (RENAME_EXCHANGE) and the old one removed. Until that step, readers see the old folder whole; from
    it, the new one whole. A failure before it (a full disk, a write error, Ctrl-C) removes the new folder and
    leaves `folder` as it was; an OSError becomes an EtlError saying so, in one line.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(folder)
    new = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new-"))
    try:
        try:
            os.chmod(new, 0o777 & ~_umask())
            for name, data in files.items():
                with open(new / name, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            _fsync_folder(new)
            if folder.exists():
                _exchange(new, folder)  # `new` now names the old folder
            else:
                os.rename(new, folder)
            _fsync_folder(folder.parent)
        except OSError as error:
            raise EtlError(f"could not write {folder}: {error.strerror or error} ({error.filename or folder}); "
                           f"{folder} was left as it was") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically; where the file system cannot (EINVAL), two renames a moment apart."""
    if _LIBC.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    if code not in (errno.EINVAL, errno.ENOSYS):
        raise OSError(code, os.strerror(code), str(b))
    aside = a.with_name(a.name.replace(".new-", ".old-"))
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_leftovers(folder: Path) -> None:
    """New or old folders a killed build left beside `folder` (a kill -9 runs no clean-up)."""
    for kind in ("new", "old"):
        for stale in folder.parent.glob(f".{folder.name}.{kind}-*"):
            shutil.rmtree(stale, ignore_errors=True)

"""Replacing a file's content atomically: readers and crashes see old bytes or new, never a mix.

The new content is written to a temporary file in the same folder, flushed and fsynced, then
renamed over the old file with `os.replace` (atomic on POSIX within one file system), and the
folder is fsynced so that the rename itself survives a power cut. Every file operation goes
through a `FileOps` value, a seam through which the tests inject a failure at the first, second,
... Nth operation, the way SQLite tests its commits.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from attrs import frozen

from ..errors import LedgerWriteError

__all__ = ["REAL_OPS", "FileOps", "write_atomic"]


def _fsync_dir(path: str) -> None:
    # Windows cannot open a folder; there a rename is made durable by the file system itself.
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fchmod(fd: int, mode: int) -> None:
    # Windows has no os.fchmod before Python 3.13, and no permission bits to keep.
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def _mkstemp(folder: str, prefix: str, suffix: str) -> tuple[int, str]:
    return tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)


@frozen(kw_only=True)
class FileOps:
    """The file operations a write makes, in the order it makes them."""

    mkstemp: Callable[[str, str, str], tuple[int, str]] = _mkstemp
    """(folder, prefix, suffix) → (fd, path) of a new, empty, private file."""
    fchmod: Callable[[int, int], None] = _fchmod
    write: Callable[[int, bytes], int] = os.write
    fsync: Callable[[int], None] = os.fsync
    close: Callable[[int], None] = os.close
    replace: Callable[[str, str], None] = os.replace
    fsync_dir: Callable[[str], None] = _fsync_dir
    unlink: Callable[[str], None] = os.unlink
    """Only used to clean up after a failure."""


REAL_OPS = FileOps()


def _mode_for(path: Path) -> int:
    """The permission bits the new file should have: the old file's, or the umask's default."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        pass
    # mkstemp creates files readable by their owner only; a new ledger file should get the
    # permissions any editor would give it. Python < 3.13 can only read the umask by setting it.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _cause(error: OSError) -> str:
    if error.strerror:
        return error.strerror
    if error.errno is not None:
        return os.strerror(error.errno)
    return str(error) or type(error).__name__


def write_atomic(
    path: Path, data: bytes, *, ops: FileOps = REAL_OPS, name: str | None = None
) -> None:
    """Replace the content of `path` with `data`, or leave the file exactly as it was.

    `name` is how the file is named in error messages (by default the path as given). On any
    failure before the rename the temporary file is removed (best effort) and
    `LedgerWriteError` says that nothing was changed; a failure to sync the folder after the
    rename says that the new content is in place but may not survive a power cut.
    """
    shown = name if name is not None else str(path)
    folder = str(path.parent)
    try:
        mode = _mode_for(path)
        fd, temp = ops.mkstemp(folder, "." + path.name + ".", ".tmp")
    except OSError as error:
        raise LedgerWriteError(
            shown, f"could not write: {_cause(error)} (nothing was changed)"
        ) from error
    replaced = False
    try:
        try:
            ops.fchmod(fd, mode)
            remaining = data
            while remaining:
                written = ops.write(fd, remaining)
                if written <= 0:
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                remaining = remaining[written:]
            ops.fsync(fd)
        except BaseException:
            with contextlib.suppress(OSError):  # The first error is the one worth reporting.
                ops.close(fd)
            raise
        ops.close(fd)
        ops.replace(temp, str(path))
        replaced = True
        ops.fsync_dir(folder)
    except BaseException as error:
        if replaced:
            if not isinstance(error, OSError):
                raise
            raise LedgerWriteError(
                shown,
                f"the new content is in place, but its folder could not be synced: "
                f"{_cause(error)} (a power cut now could undo the change)",
            ) from error
        # Best effort, also on Ctrl-C: a stray `.tmp` file is never read as part of the ledger.
        with contextlib.suppress(OSError):
            ops.unlink(temp)
        if not isinstance(error, OSError):
            raise
        raise LedgerWriteError(
            shown, f"could not write: {_cause(error)} (nothing was changed)"
        ) from error

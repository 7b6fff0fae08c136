"""One writer at a time: an exclusive lock on a lock file at the ledger root.

Every write to a ledger happens inside `ledger_lock(root)`, which holds an exclusive
`fcntl.flock` on `<root>/.predictledger.lock`. Two things matter here:

* The lock is taken on a file of its own, never on a data file. A write replaces the data
  file with `os.replace`, so the path then names a new inode: a second writer would lock the
  new file while the first still holds the old one, and both would write. The lock file is
  never replaced nor deleted (deleting it would bring back the same race), so it is created
  once and then left in place; it holds no data, and a ledger kept in git lists it in
  `.gitignore`.
* `fcntl.flock` is in the standard library, so the lock costs no dependency, and the kernel
  drops it when its holder dies, even by SIGKILL: a crashed writer never leaves a stale lock.
  It is POSIX only. On a platform without `fcntl` (Windows) writing refuses with a clear error
  rather than run on an untested `msvcrt.locking` fallback; reading needs no lock.

The lock is re-entrant within a thread, so a command can hold it across "read, decide,
append" while the append takes it again. Across threads and processes it excludes. A process
forked while holding the lock does not hold it in the child.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import LedgerWriteError

if sys.platform != "win32":
    import fcntl

__all__ = ["LOCK_NAME", "ledger_lock"]

LOCK_NAME = ".predictledger.lock"
"""The lock file, relative to the ledger root."""

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for another writer; writes take milliseconds, so this means one is stuck."""


class _Held(threading.local):
    def __init__(self) -> None:
        self.locks: dict[str, tuple[int, int]] = {}
        """Lock file path → (file descriptor, depth), for the locks this thread holds."""


_held = _Held()


def _forget_in_child() -> None:
    # The child shares the parent's open lock file, and so its lock: closing the child's copy
    # leaves the parent's lock alone, and the child must take the lock anew to write.
    for fd, _depth in _held.locks.values():
        with suppress(OSError):
            os.close(fd)
    _held.locks = {}


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def ledger_lock(root: Path, *, timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the ledger's write lock for the duration of the `with` block.

    Waits up to `timeout` seconds for another writer (forever with `None`), then raises
    `LedgerWriteError`. The lock file is created if need be and never removed.
    """
    if sys.platform == "win32":
        raise LedgerWriteError(
            LOCK_NAME,
            "cannot lock the ledger: writing needs POSIX file locks (fcntl), which this "
            "platform lacks; write from Linux, macOS or WSL (nothing was changed)",
        )
    key = os.path.abspath(root / LOCK_NAME)
    held = _held.locks.get(key)
    if held is not None:
        fd, depth = held
        _held.locks[key] = (fd, depth + 1)
        try:
            yield
        finally:
            _held.locks[key] = (fd, depth)
        return
    fd = _acquire(Path(key), timeout)
    _held.locks[key] = (fd, 1)
    try:
        yield
    finally:
        del _held.locks[key]
        # Closing the file releases the lock; the file itself stays for the next writer.
        os.close(fd)


def _acquire(path: Path, timeout: float | None) -> int:
    # Never through a symbolic link (it would create or lock a file outside the ledger), nor
    # on anything but a regular file (a named pipe would block, a device obey).
    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as error:
        cause = error.strerror or str(error)
        if error.errno == errno.ELOOP or path.is_symlink():
            cause = "it is a symbolic link; remove it, and the next write makes a plain file"
        raise LedgerWriteError(
            LOCK_NAME, f"cannot lock the ledger: {cause} (nothing was changed)"
        ) from error
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise LedgerWriteError(
            LOCK_NAME,
            "cannot lock the ledger: it is not a regular file; remove it, and the next write "
            "makes a plain file (nothing was changed)",
        )
    try:
        if timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return fd
        deadline = time.monotonic() + timeout
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LedgerWriteError(
                        LOCK_NAME,
                        f"another process has been writing to this ledger for {timeout:g} s; "
                        "let it finish and try again (nothing was changed)",
                    ) from None
                time.sleep(pause)
                # A short cap: a writer holds the lock for milliseconds, and a waiter that
                # sleeps longer leaves the ledger idle (8 writers ran 60% slower at 50 ms).
                pause = min(pause * 2, 0.005)
    except BaseException:
        os.close(fd)
        raise

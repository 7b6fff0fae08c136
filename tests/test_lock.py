"""ledger_lock: one writer at a time, across threads and processes, on a file of its own."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from predictledger._write.atomic import write_atomic
from predictledger._write.lock import LOCK_NAME, ledger_lock
from predictledger.errors import LedgerWriteError

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="needs os.fork and fcntl locks (POSIX)"
)

# Fork is the cheap way to get a second lock holder; the lock is POSIX-only anyway.
if hasattr(os, "fork"):
    FORK = multiprocessing.get_context("fork")


def _hold(root: Path, taken: object, release: object) -> None:
    with ledger_lock(root):
        taken.set()  # type: ignore[attr-defined]
        release.wait(10)  # type: ignore[attr-defined]


def _other_process_holds(root: Path):
    taken, release = FORK.Event(), FORK.Event()
    child = FORK.Process(target=_hold, args=(root, taken, release))
    child.start()
    assert taken.wait(10), "the child never took the lock"
    return child, release


def test_the_lock_file_sits_at_the_root_and_stays(tmp_path: Path) -> None:
    with ledger_lock(tmp_path):
        assert (tmp_path / LOCK_NAME).is_file()
    assert (tmp_path / LOCK_NAME).is_file()  # removing it would let two writers in
    assert (tmp_path / LOCK_NAME).read_bytes() == b""


def test_another_process_waits_and_then_times_out(tmp_path: Path) -> None:
    child, release = _other_process_holds(tmp_path)
    try:
        started = time.monotonic()
        with pytest.raises(LedgerWriteError) as raised, ledger_lock(tmp_path, timeout=0.3):
            pass
        assert time.monotonic() - started >= 0.3
        assert str(raised.value) == (
            ".predictledger.lock: another process has been writing to this ledger for 0.3 s; "
            "let it finish and try again (nothing was changed)"
        )
    finally:
        release.set()
        child.join(10)
    with ledger_lock(tmp_path, timeout=5):
        pass


def test_the_lock_holds_while_the_data_file_is_replaced(tmp_path: Path) -> None:
    data = tmp_path / "predictions" / "x.toml"
    data.parent.mkdir()
    data.write_bytes(b"old\n")
    child, release = _other_process_holds(tmp_path)
    try:
        write_atomic(data, b"new\n")  # a new inode under the data file's name
        with pytest.raises(LedgerWriteError), ledger_lock(tmp_path, timeout=0.05):
            pass
    finally:
        release.set()
        child.join(10)


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    child, _release = _other_process_holds(tmp_path)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    with ledger_lock(tmp_path, timeout=5):
        pass


def test_threads_exclude_each_other(tmp_path: Path) -> None:
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(tmp_path, taken, release))
    holder.start()
    try:
        assert taken.wait(10)
        with pytest.raises(LedgerWriteError), ledger_lock(tmp_path, timeout=0.05):
            pass
    finally:
        release.set()
        holder.join(10)


def test_the_lock_is_reentrant_within_a_thread(tmp_path: Path) -> None:
    with ledger_lock(tmp_path, timeout=0.05):
        with ledger_lock(tmp_path, timeout=0.05):
            pass
        # Leaving the inner block must not release the outer one.
        child = FORK.Process(target=_try_lock, args=(tmp_path,))
        child.start()
        child.join(10)
        assert child.exitcode == 3


def _try_lock(root: Path) -> None:
    try:
        with ledger_lock(root, timeout=0.05):
            os._exit(0)
    except LedgerWriteError:
        os._exit(3)


def test_a_forked_child_does_not_inherit_the_lock(tmp_path: Path) -> None:
    with ledger_lock(tmp_path):
        child = FORK.Process(target=_try_lock, args=(tmp_path,))
        child.start()
        child.join(10)
        assert child.exitcode == 3  # the child had to take the lock, and could not
        # The child closing its copy of the lock file did not release the parent's lock.
        second = FORK.Process(target=_try_lock, args=(tmp_path,))
        second.start()
        second.join(10)
        assert second.exitcode == 3


def test_a_missing_root_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerWriteError) as raised, ledger_lock(tmp_path / "nowhere"):
        pass
    assert str(raised.value) == (
        ".predictledger.lock: cannot lock the ledger: No such file or directory "
        "(nothing was changed)"
    )


def test_waiting_without_a_timeout_blocks_until_released(tmp_path: Path) -> None:
    child, release = _other_process_holds(tmp_path)
    threading.Timer(0.2, release.set).start()
    started = time.monotonic()
    with ledger_lock(tmp_path, timeout=None):
        assert time.monotonic() - started >= 0.15
    child.join(10)

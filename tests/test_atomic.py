"""write_atomic: the old bytes or the new, never a mix, and a clear one-line error on failure."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from predictledger._write.atomic import REAL_OPS, FileOps, write_atomic
from predictledger.errors import LedgerError, LedgerWriteError
from tests.helpers_writer import FaultyOps

OLD = b"# kept by hand\n[[outcome]]\nid = 'a'\n"
NEW = b"something else entirely\n" * 100


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "x.toml"
    path.write_bytes(OLD)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replaces_the_content_and_leaves_no_temporary_file(target: Path) -> None:
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert leftovers(target.parent) == []


def test_creates_a_missing_file_with_the_umask_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.toml", NEW)
    finally:
        os.umask(mask)
    assert (tmp_path / "new.toml").read_bytes() == NEW
    # mkstemp's private 0600 must not leak into the ledger.
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_keeps_the_permissions_of_the_file_it_replaces(target: Path) -> None:
    target.chmod(0o604)
    write_atomic(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_the_temporary_file_is_hidden_beside_the_target(target: Path) -> None:
    seen: list[str] = []

    def spy(folder: str, prefix: str, suffix: str) -> tuple[int, str]:
        fd, name = REAL_OPS.mkstemp(folder, prefix, suffix)
        seen.append(name)
        return fd, name

    write_atomic(target, NEW, ops=FileOps(mkstemp=spy))
    (name,) = seen
    assert Path(name).parent == target.parent
    assert Path(name).name.startswith(".x.toml.")
    assert name.endswith(".tmp")


def test_operations_happen_in_the_durable_order(target: Path) -> None:
    faults = FaultyOps()
    write_atomic(target, NEW, ops=faults.ops())
    assert faults.calls == ["mkstemp", "fchmod", "write", "fsync", "close", "replace", "fsync_dir"]


@pytest.mark.parametrize(
    ("operation", "error", "cause"),
    [
        ("write", errno.ENOSPC, "No space left on device"),
        ("write", errno.EIO, "Input/output error"),
        ("fsync", errno.EIO, "Input/output error"),
        ("replace", errno.EIO, "Input/output error"),
        ("mkstemp", errno.EACCES, "Permission denied"),
        ("close", errno.EIO, "Input/output error"),
        ("fchmod", errno.EPERM, "Operation not permitted"),
    ],
)
def test_a_failure_before_the_rename_changes_nothing(
    target: Path, operation: str, error: int, cause: str
) -> None:
    faults = FaultyOps(1, error=error, only=operation)
    with pytest.raises(LedgerWriteError) as raised:
        write_atomic(target, NEW, ops=faults.ops(), name="predictions/outcomes/x.toml")
    assert str(raised.value) == (
        f"predictions/outcomes/x.toml: could not write: {cause} (nothing was changed)"
    )
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_failure_to_sync_the_folder_says_the_change_is_in_place(target: Path) -> None:
    faults = FaultyOps(1, only="fsync_dir")
    with pytest.raises(LedgerWriteError, match="the new content is in place") as raised:
        write_atomic(target, NEW, ops=faults.ops(), name="x.toml")
    assert "power cut" in str(raised.value)
    assert target.read_bytes() == NEW
    assert leftovers(target.parent) == []


def test_the_error_is_a_ledger_error_with_one_problem(target: Path) -> None:
    with pytest.raises(LedgerError) as raised:
        write_atomic(target, NEW, ops=FaultyOps(1, only="write").ops(), name="x.toml")
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].path == "x.toml"
    assert "\n" not in str(raised.value)


def test_short_writes_are_continued(target: Path) -> None:
    def one_byte(fd: int, data: bytes) -> int:
        return os.write(fd, data[:1])

    write_atomic(target, NEW[:300], ops=FileOps(write=one_byte))
    assert target.read_bytes() == NEW[:300]


def test_a_write_that_makes_no_progress_is_an_error(target: Path) -> None:
    with pytest.raises(LedgerWriteError, match="Input/output error"):
        write_atomic(target, NEW, ops=FileOps(write=lambda fd, data: 0))
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_an_interrupt_mid_write_removes_the_temporary_file(target: Path) -> None:
    def interrupted(fd: int, data: bytes) -> int:
        os.write(fd, data[:10])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW, ops=FileOps(write=interrupted))
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_failed_cleanup_leaves_only_a_tmp_file(target: Path) -> None:
    faults = FaultyOps(3, persistent=True)  # write, and everything after it, fails
    with pytest.raises(LedgerWriteError, match="could not write"):
        write_atomic(target, NEW, ops=faults.ops())
    assert target.read_bytes() == OLD
    assert "unlink" in faults.calls
    # The stray file cannot be mistaken for ledger data: it does not end in .toml.
    assert [name.endswith(".tmp") for name in leftovers(target.parent)] == [True]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LedgerWriteError, match="No such file or directory"):
        write_atomic(tmp_path / "nowhere" / "x.toml", NEW, name="nowhere/x.toml")

"""Crashes and I/O faults during an append: the ledger always loads, passes check, loses nothing.

Two kinds of test, after SQLite's: a fault injected at the 1st, 2nd, ... Nth file operation
of an append, for every N until the append succeeds; and a real writer process killed with
SIGKILL at random moments, hundreds of times.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import time
from pathlib import Path

import pytest

from predictledger._checks import check
from predictledger._loader import read_ledger
from predictledger._records import Prediction
from predictledger._write.append import append_records, render_records
from predictledger.errors import LedgerError, LedgerWriteError
from tests.helpers_writer import (
    OUTCOMES,
    FaultyOps,
    ledger_problems,
    make_ledger,
    outcome_for,
    outcome_ids,
    stray_files,
)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="needs os.fork and fcntl locks (POSIX)"
)

CRASH_TRIALS = int(os.environ.get("PREDICTLEDGER_CRASH_TRIALS", "200"))
"""SIGKILL trials; raise it for a longer search: PREDICTLEDGER_CRASH_TRIALS=5000."""


def _ledger(root: Path, *, with_outcome: bool) -> list[Prediction]:
    predictions = make_ledger(root, sources=2, per_source=3)
    if with_outcome:
        append_records(root, OUTCOMES, [outcome_for(predictions[0])])
    return predictions


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


# -- faults at every file operation ---------------------------------------------------------


@pytest.mark.parametrize("persistent", [False, True], ids=["one-fault", "every-op-after"])
@pytest.mark.parametrize("existing", [True, False], ids=["existing-file", "new-file"])
def test_a_fault_at_every_file_operation_loses_nothing(
    tmp_path: Path, existing: bool, persistent: bool
) -> None:
    positions = 0
    n = 0
    while True:
        n += 1
        root = tmp_path / f"fault-{n}"
        root.mkdir()
        predictions = _ledger(root, with_outcome=existing)
        path = root / OUTCOMES
        before = _snapshot(path)
        outcome = outcome_for(predictions[1])
        faults = FaultyOps(n, persistent=persistent)
        try:
            append_records(root, OUTCOMES, [outcome], ops=faults.ops())
        except LedgerWriteError as error:
            assert faults.fired
            message = str(error)
            assert message.startswith(f"{OUTCOMES}: ")
            assert "\n" not in message
        if not faults.fired:
            assert n > 1, "no fault was ever injected"
            break
        positions += 1
        replaced = "replace" in faults.calls[: n - 1]  # the rename was made before the fault
        assert ledger_problems(root) == [], f"fault at operation {n} ({faults.calls[-1]})"
        after = _snapshot(path)
        if replaced:
            assert after is not None
            assert after.startswith(before or b"")
            assert outcome_ids(root)[-1] == outcome.id
            assert "in place" in message
        else:
            assert after == before, f"fault at operation {n} changed the file"
            assert outcome.id not in outcome_ids(root)
            assert "(nothing was changed)" in message
        leftovers = stray_files(root)
        if not persistent or "unlink" not in faults.calls:
            assert leftovers == []
        # The next writer finds a sound ledger: it records the outcome, or says it is there.
        if replaced:
            with pytest.raises(LedgerError, match="already used"):
                append_records(root, OUTCOMES, [outcome])
        else:
            append_records(root, OUTCOMES, [outcome])
        assert outcome_ids(root).count(outcome.id) == 1
        assert ledger_problems(root) == []
    # A write to an existing file makes 7 operations, a new file in a new folder 8.
    assert positions == (7 if existing else 8)
    print(f"{positions} fault positions, {'persistent' if persistent else 'one'} fault")


@pytest.mark.parametrize(
    ("operation", "error", "cause"),
    [
        ("write", errno.ENOSPC, "No space left on device"),
        ("write", errno.EIO, "Input/output error"),
        ("fsync", errno.EIO, "Input/output error"),
        ("replace", errno.EIO, "Input/output error"),
        ("write", errno.EDQUOT, "Disk quota exceeded"),
        ("mkstemp", errno.EROFS, "Read-only file system"),
    ],
)
def test_an_io_failure_leaves_the_file_byte_identical(
    tmp_path: Path, operation: str, error: int, cause: str
) -> None:
    predictions = _ledger(tmp_path, with_outcome=True)
    before = (tmp_path / OUTCOMES).read_bytes()
    faults = FaultyOps(1, error=error, only=operation)
    with pytest.raises(LedgerWriteError) as raised:
        append_records(tmp_path, OUTCOMES, [outcome_for(predictions[1])], ops=faults.ops())
    assert str(raised.value) == f"{OUTCOMES}: could not write: {cause} (nothing was changed)"
    assert (tmp_path / OUTCOMES).read_bytes() == before
    assert stray_files(tmp_path) == []
    assert ledger_problems(tmp_path) == []


# -- SIGKILL at random moments ----------------------------------------------------------------


def _writer(root: Path, predictions: list[Prediction]) -> None:
    """Resolve these predictions, one append each; runs in a forked child."""
    status = 1
    try:
        for prediction in predictions:
            append_records(root, OUTCOMES, [outcome_for(prediction)], timeout=10)
        status = 0
    finally:
        os._exit(status)  # never return into the parent's pytest


def _expected_growth(old: bytes, new_ids: list[str], by_id: dict[str, Prediction]) -> bytes:
    """What whole appends of these outcomes add to `old`: nothing more, nothing less."""
    grown = b""
    for number, outcome_id in enumerate(new_ids):
        separator = b"\n" if old or number else b""
        prediction = by_id[outcome_id.removesuffix("-r1")]
        grown += separator + render_records([outcome_for(prediction)]).encode()
    return grown


def _state(root: Path) -> tuple[list[str], list[str]]:
    """What `check` reports and the outcome ids, from one reading of the ledger."""
    result = read_ledger(root)
    problems = check(result)
    return [str(problem) for problem in problems], [o.id for o in result.ledger.outcomes]


def test_a_writer_killed_at_random_moments_leaves_a_sound_ledger(tmp_path: Path) -> None:
    predictions = make_ledger(tmp_path, sources=2, per_source=6)
    by_id = {p.id: p for p in predictions}
    path = tmp_path / OUTCOMES
    rng = random.Random(20240101)  # the same moments on every run
    killed_mid_write = finished = records_written = 0
    problems, ids = _state(tmp_path)
    seen: set[str] = set()
    started = time.monotonic()
    for trial in range(CRASH_TRIALS):
        if len(ids) == len(predictions):
            path.unlink()  # all resolved: start the outcomes over
            ids = []
        old, old_ids = _snapshot(path) or b"", ids
        pid = os.fork()
        if pid == 0:
            _writer(tmp_path, [p for p in predictions if f"{p.id}-r1" not in ids])
        # An append takes some 5 to 20 ms, most of it in fsync: kills land before, between
        # and inside appends.
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        finished += os.WIFEXITED(status)

        context = f"trial {trial}"
        problems, ids = _state(tmp_path)
        assert problems == [], context
        new = _snapshot(path) or b""
        assert new.startswith(old), context  # append-only: nothing lost, nothing rewritten
        assert ids[: len(old_ids)] == old_ids, context
        assert len(set(ids)) == len(ids), context
        assert new[len(old) :] == _expected_growth(old, ids[len(old_ids) :], by_id), context
        records_written += len(ids) - len(old_ids)
        # A kill between creating the temporary file and the rename leaves it behind. It is
        # left there: the reader and later writers must ignore it (it does not end in .toml).
        leftovers = set(stray_files(tmp_path))
        killed_mid_write += len(leftovers - seen)
        seen = leftovers
    elapsed = time.monotonic() - started
    print(
        f"{CRASH_TRIALS} SIGKILL trials in {elapsed:.1f} s: {records_written} records written, "
        f"{killed_mid_write} kills mid-write, {finished} writers finished before the kill"
    )
    assert killed_mid_write > 0, "no kill landed during a write; the trials prove little"
    assert records_written > 0

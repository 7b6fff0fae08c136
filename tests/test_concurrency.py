"""Concurrent writers, as real processes: every record lands once, whole, and nothing is lost."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import Counter
from pathlib import Path

import pytest

from predictledger._loader import read_ledger
from predictledger._records import Prediction
from predictledger._write.append import append_records
from predictledger.errors import LedgerError, LedgerWriteError
from tests.helpers_writer import OUTCOMES, ledger_problems, make_ledger, outcome_for

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="needs os.fork and fcntl locks (POSIX)"
)

WRITERS = 8
PER_WRITER = 50
SOURCES = 4

# Fork starts a writer in milliseconds and shares the parsed source files already in the
# parent's cache; each writer still takes the lock and re-reads the outcomes file on its own.
if hasattr(os, "fork"):
    FORK = multiprocessing.get_context("fork")


def _writer(root: Path, predictions: list[Prediction], start: object, report: object) -> None:
    start.wait(30)  # type: ignore[attr-defined]
    failures = []
    for prediction in predictions:
        try:
            append_records(root, OUTCOMES, [outcome_for(prediction)], timeout=120)
        except (LedgerError, LedgerWriteError) as error:
            failures.append(str(error))
    report.put((os.getpid(), failures))  # type: ignore[attr-defined]


def test_eight_writers_append_four_hundred_outcomes_to_one_file(tmp_path: Path) -> None:
    predictions = make_ledger(tmp_path, sources=SOURCES, per_source=WRITERS * PER_WRITER // SOURCES)
    assert len(predictions) == WRITERS * PER_WRITER
    assert ledger_problems(tmp_path) == []  # also warms the cache the writers inherit
    start, report = FORK.Event(), FORK.Queue()
    # Writer w resolves every WRITERS-th prediction, so the writers' records interleave
    # across all sources instead of each writer owning one.
    writers = [
        FORK.Process(target=_writer, args=(tmp_path, predictions[w::WRITERS], start, report))
        for w in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    started = time.monotonic()
    start.set()
    results = [report.get(timeout=300) for _ in writers]
    for writer in writers:
        writer.join(30)
    elapsed = time.monotonic() - started

    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    assert [failures for _, failures in results] == [[]] * WRITERS
    outcomes = read_ledger(tmp_path).ledger.outcomes
    ids = Counter(outcome.id for outcome in outcomes)
    assert len(outcomes) == WRITERS * PER_WRITER
    assert [record for record, count in ids.items() if count > 1] == []
    assert set(ids) == {f"{p.id}-r1" for p in predictions}
    assert ledger_problems(tmp_path) == []
    assert sorted(p.name for p in tmp_path.rglob("*.tmp")) == []
    # The writers really ran at once: their records alternate in the file.
    writer_of = {f"{p.id}-r1": number % WRITERS for number, p in enumerate(predictions)}
    order = [writer_of[outcome.id] for outcome in outcomes]
    switches = sum(a != b for a, b in itertools.pairwise(order))
    assert switches >= WRITERS, "the writers took turns instead of contending"
    print(
        f"{WRITERS} writers, {len(outcomes)} outcomes in {elapsed:.1f} s, "
        f"{switches} changes of writer in the file"
    )

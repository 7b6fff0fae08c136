"""What the keeper's commands share: reading the ledger before a write, and appending to it.

Two kinds of failure are kept apart, because they are fixed in different places: a
`RequestError` says the caller asked for something that cannot be done (an unknown id, a credit
out of range) and is fixed on the command line; a `LedgerError` says the ledger's files have
problems and is fixed in the files. Neither is raised after anything was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .._read.loader import ReadResult, read_ledger
from .._write.append import Append, Record, append_records, prepare_append
from ..errors import LedgerError

__all__ = ["read_for_writing"]


def read_for_writing(root: Path) -> ReadResult:
    """The ledger read whole before a record is appended to it (call it under the lock).

    Raises `LedgerError` when a file cannot be read into records, as `load` does: a record is
    not added to a ledger that cannot be read. The reading keeps each file's records, so that
    the append is checked without reading the other files again.
    """
    reading = read_ledger(root)
    if reading.problems:
        raise LedgerError(reading.problems)
    return reading


def append_checked(
    root: Path, target: str, records: Sequence[Record], reading: ReadResult, *, dry_run: bool
) -> Append:
    """Append `records` to `target`, checked against `reading` (`read_for_writing`, under the
    lock); with `dry_run`, check only and write nothing."""
    if dry_run:
        return prepare_append(root, target, records, base=reading)
    return append_records(root, target, records, base=reading)

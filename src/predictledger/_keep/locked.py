"""The one way a keeper's verb reads the ledger it will append to."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from .._loader import read_ledger
from .._read.result import ReadResult
from .._write.lock import ledger_lock
from ..errors import LedgerError

__all__ = ["locked_reading"]


@contextlib.contextmanager
def locked_reading(root: Path, *, dry_run: bool) -> Iterator[ReadResult]:
    """The ledger at `root` read under its lock, held until the block ends, so that the append
    is checked against what it lands on. A dry run writes nothing, not even the lock file.
    Raises `LedgerError` for a ledger that cannot be read cleanly: a record is not added to a
    ledger with problems."""
    with contextlib.nullcontext() if dry_run else ledger_lock(root):
        reading = read_ledger(root)
        if reading.problems:
            raise LedgerError(reading.problems)
        yield reading

"""What the keeper's commands share: refusing a request, and finding a prediction by its id.

Two kinds of failure are kept apart, because they are fixed in different places: a
`RequestError` says the caller asked for something that cannot be done (an unknown id, a credit
out of range) and is fixed on the command line; a `LedgerError` says the ledger's files have
problems and is fixed in the files. Neither is raised after anything was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .._ledger import Ledger
from .._read.loader import ReadResult, read_ledger
from .._records import Prediction
from .._text import closest
from .._write.append import Append, Record, append_records, prepare_append
from ..errors import LedgerError, RequestError

__all__ = ["did_you_mean", "find_prediction", "read_for_writing"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest choices, or an empty string when none is close."""
    close = closest(word, choices)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{choice}'" for choice in close) + "?"


def find_prediction(ledger: Ledger, prediction_id: str) -> Prediction:
    """The prediction with this id, or a `RequestError` suggesting the closest ids."""
    try:
        return ledger.prediction(prediction_id)
    except KeyError:
        known = (prediction.id for prediction in ledger.predictions)
        raise RequestError(
            f"unknown prediction '{prediction_id}'{did_you_mean(prediction_id, known)}"
        ) from None


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

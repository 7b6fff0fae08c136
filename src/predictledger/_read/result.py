"""What reading a ledger gave: each file's result, and the ledger they assemble into.

Files are the unit of reading (and of caching and of parallel work): each gives a `FileResult`,
and `assemble` joins them, in file order, into a `ReadResult`. A reading keeps its files'
results, so that the ledger with one file's content replaced (`ReadResult.replacing`, which is
how an append is checked) costs no other file's reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from attrs import field, frozen

from .._ledger import Ledger
from .._problems import Problem
from .._records import KINDS
from .structure import FileRecords

__all__ = ["FileResult", "ReadResult", "assemble"]


@frozen(kw_only=True)
class FileResult:
    """Everything reading one file gave: the problems that kept it from being read, or what
    structuring its tables gave (records, their problems, the ids of records left out)."""

    path: str
    read_problems: tuple[Problem, ...] = ()
    records: FileRecords = field(factory=FileRecords)


@frozen(kw_only=True)
class ReadResult:
    """A ledger as far as it could be read, what could not be, and the ids of what was lost."""

    ledger: Ledger
    problems: tuple[Problem, ...]
    unreadable: frozenset[tuple[str, str]] = field(factory=frozenset)
    """(kind, id) of records left out because they could not be structured."""
    files: tuple[FileResult, ...] = field(default=(), eq=False, repr=False)
    """What each file gave, in file order."""

    def replacing(self, name: str, result: FileResult) -> ReadResult:
        """This reading with the file `name` (relative to the root) read as `result`: in its
        place, or added in file order if the ledger had no such file."""
        files = [reading for reading in self.files if reading.path != name]
        files.append(result)
        files.sort(key=lambda reading: reading.path)
        return assemble(self.ledger.root, files)


def assemble(
    root: Path, readings: Sequence[FileResult], problems: Iterable[Problem] = ()
) -> ReadResult:
    """The ledger of every file's reading, in the order given, keeping the readings; the
    `problems` of the whole ledger come first."""
    parts = [reading.records for reading in readings]
    ledger = Ledger(
        root=root,
        **{
            kind.plural: tuple(record for part in parts for record in getattr(part, kind.plural))
            for kind in KINDS
        },
    )
    unreadable: frozenset[tuple[str, str]] = frozenset().union(*(p.unreadable for p in parts))
    return ReadResult(
        ledger=ledger,
        problems=(
            *problems,
            *(problem for reading in readings for problem in reading.read_problems),
            *(problem for part in parts for problem in part.problems),
        ),
        unreadable=unreadable,
        files=tuple(readings),
    )

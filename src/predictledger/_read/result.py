"""What reading a ledger gave: each file's result, and the ledger they assemble into.

Files are the unit of reading (and of caching and of parallel work): each gives a `FileResult`,
and `assemble` joins them, in file order, into a `ReadResult`. A reading keeps its files'
results, so that the ledger with one file's content replaced (`ReadResult.replacing`, which is
how an append is checked) costs no other file's reading.

`ReadResult.sound()` is the ledger of the records a reader may trust while the ledger has
problems (docs/reliability.md, "Reading a ledger with problems"): every record read without a
problem, less those that depend on a record left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from .._ledger import Ledger
from .._problems import Problem
from .._records import KINDS
from .structure import OUTCOME_OF, FileRecords

__all__ = ["FileResult", "ReadResult", "Sound", "assemble"]

_OUTCOME_ID = re.compile(r"(.+)-r[0-9]+")
"""An outcome's id as `resolve` makes it, `<prediction>-r<N>`: a lost outcome whose table
named no prediction is taken to be one of that prediction."""


@frozen(kw_only=True)
class Sound:
    """The records of a ledger a reader may trust, and what was left out to get them."""

    ledger: Ledger
    """Every record read without a problem, less the records that depend on one left out."""
    unreadable: Mapping[str, int]
    """Records that could not be read, by kind (as far as their ids could be made out)."""
    dependent: Mapping[str, int]
    """Sound records left out because they depend on one that is not: by kind."""

    @property
    def left_out(self) -> int:
        """How many records were left out in all."""
        return sum(self.unreadable.values()) + sum(self.dependent.values())

    def summary(self) -> str:
        """`12 records left out (10 predictions, 2 outcomes)`, or an empty string."""
        counts: dict[str, int] = {}
        for part in (self.unreadable, self.dependent):
            for kind, count in part.items():
                counts[kind] = counts.get(kind, 0) + count
        total = self.left_out
        if not total:
            return ""
        detail = ", ".join(
            f"{count} {kind.name if count == 1 else kind.plural}"
            for kind in KINDS
            if (count := counts.get(kind.name, 0))
        )
        return f"{total} record{'s' if total != 1 else ''} left out ({detail})"


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

    def sound(self) -> Sound:
        """The ledger of sound records: read without a problem, and not depending on a record
        that was left out. Dependents left out: a prediction whose source could not be read
        (already left out when its file was read), a prediction with an outcome that could not
        be read (its verdict is unknown), and every outcome of a prediction left out."""
        ledger = self.ledger
        names = {kind.name for kind in KINDS}
        unreadable: dict[str, int] = {}
        for kind, _ in self.unreadable:
            if kind in names:
                unreadable[kind] = unreadable.get(kind, 0) + 1
        lost = {
            record_id for kind, record_id in self.unreadable if kind in ("prediction", OUTCOME_OF)
        }
        for kind, record_id in self.unreadable:
            if kind == "outcome" and (own := _OUTCOME_ID.fullmatch(record_id)):
                lost.add(own.group(1))
        # A question that could not be read, or one of whose outcomes could not be: the verdict
        # of every claim on it is unknown.
        lost_questions = lost | {
            record_id for kind, record_id in self.unreadable if kind == "question"
        }
        if not self.problems and not lost:
            return Sound(ledger=ledger, unreadable=unreadable, dependent={})
        lost |= {
            p.id
            for p in ledger.predictions
            if p.question is not None and p.question in lost_questions
        }
        predictions = tuple(p for p in ledger.predictions if p.id not in lost)
        outcomes = tuple(o for o in ledger.outcomes if o.target not in lost)
        references = tuple(r for r in ledger.references if r.target not in lost)
        left_out = self.unreadable | {
            *(("prediction", p.id) for p in ledger.predictions if p.id in lost),
            *(("outcome", o.id) for o in ledger.outcomes if o.target in lost),
            *(("reference", r.id) for r in ledger.references if r.target in lost),
        }
        dependent = {
            "prediction": len(ledger.predictions) - len(predictions),
            "outcome": len(ledger.outcomes) - len(outcomes),
            "reference": len(ledger.references) - len(references),
        }
        return Sound(
            ledger=evolve(
                ledger.keeping(predictions, outcomes, references),
                problems=self.problems,
                left_out=frozenset(left_out),
            ),
            unreadable=unreadable,
            dependent={kind: count for kind, count in dependent.items() if count},
        )

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
    records: dict[str, Any] = {
        kind.plural: tuple(record for part in parts for record in getattr(part, kind.plural))
        for kind in KINDS
    }
    ledger = Ledger(root=root, **records)
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

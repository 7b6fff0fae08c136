"""The ledger a site is built from: the sound records of the reading (as every read command
uses them: `ReadResult.sound`), less those `check` finds a problem with.

A site is published from a ledger that may have problems; rather than refuse, it is built from
the sound records and the problems are reported. A problem found by `check` stands where its
record stands (the record's file and line), so the predictions and outcomes at those places are
left out. Authors, sources and sectors are kept: the predictions that refer to one that is
missing are themselves reported, and left out.
"""

from __future__ import annotations

import datetime as dt
import os

from attrs import frozen

from .._ledger import Ledger
from .._problems import Problem
from .._score.status import made_by

__all__ = ["Reading", "as_of", "read_sound"]


@frozen(kw_only=True)
class Reading:
    ledger: Ledger
    """The sound records."""
    problems: tuple[Problem, ...]
    """Every problem, of reading and of `check`, in file and line order."""
    left_out: int
    """How many predictions and outcomes were left out for a problem of their own."""


def read_sound(path: str | os.PathLike[str]) -> Reading:
    """Read the ledger at `path` and keep its sound records (never raises for a problem in the
    ledger; a folder that is no ledger gives an empty one and the problem that says so)."""
    from .._checks import check
    from .._loader import read_ledger
    from .._problems import sorted_problems

    result = read_ledger(path)
    base = result.sound()
    ledger = base.ledger
    checked = check(ledger) if ledger.predictions or ledger.outcomes else []
    problems = sorted_problems([*result.problems, *checked])
    places = {(p.path, p.line) for p in checked if p.line}
    if not places:
        return Reading(ledger=ledger, problems=tuple(problems), left_out=base.left_out)

    def sound(record: object) -> bool:
        origin = getattr(record, "origin", None)
        return origin is None or (origin.path, origin.line) not in places

    predictions = tuple(p for p in ledger.predictions if sound(p))
    # A kept claim on a question is resolved by the question's outcome: keep that one too.
    kept = {p.id for p in predictions} | {p.question for p in predictions if p.question}
    outcomes = tuple(o for o in ledger.outcomes if sound(o) and o.target in kept)
    left_out = base.left_out + len(ledger.predictions) - len(predictions)
    left_out += len(ledger.outcomes) - len(outcomes)
    trimmed = ledger.keeping(predictions, outcomes)
    return Reading(ledger=trimmed, problems=tuple(problems), left_out=left_out)


def as_of(ledger: Ledger, day: dt.date) -> Ledger:
    """The ledger as it stood on `day`: predictions made by then, outcomes resolved by then."""
    predictions = tuple(p for p in ledger.predictions if made_by(p, day))
    outcomes = tuple(o for o in ledger.outcomes if o.resolved_on <= day)
    if len(predictions) == len(ledger.predictions) and len(outcomes) == len(ledger.outcomes):
        return ledger
    return ledger.keeping(predictions, outcomes)

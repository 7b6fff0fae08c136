"""Recording what happened to a prediction: one new outcome, appended, never an edit.

`plan_outcome` decides the outcome from the ledger as it is (its id, the prediction's digest,
the outcome it corrects) and refuses a request that cannot stand; `resolve_prediction` appends
it to the outcomes file of the prediction's source under the ledger's lock, so that the outcome
is numbered and checked against the ledger exactly as it is written to. A verdict is corrected by
a new outcome that supersedes the one in force, so every verdict ever given stays on file.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence

from attrs import frozen

from .._digest import prediction_digest, question_digest
from .._ledger import Ledger
from .._paths import PREDICTIONS_DIR, find_ledger
from .._records import Outcome, Prediction, Question, Verdict
from .._text import nfc, suggest
from .._views.entries import find_prediction
from .._write.append import Append, commit, prepare_append
from ..errors import RequestError
from .locked import locked_reading

__all__ = [
    "QUESTION_OUTCOMES",
    "Resolution",
    "outcomes_file",
    "plan_outcome",
    "resolve_prediction",
]

QUESTION_OUTCOMES = f"{PREDICTIONS_DIR}/outcomes/questions.toml"
"""The file that holds the outcomes of questions."""


@frozen(kw_only=True)
class Resolution:
    """An outcome and where it went (or, in a dry run, would go)."""

    outcome: Outcome
    append: Append
    written: bool


def outcomes_file(prediction: Prediction) -> str:
    """The file, relative to the ledger root, that holds the outcomes of a prediction's source."""
    return f"{PREDICTIONS_DIR}/outcomes/{prediction.source}.toml"


def plan_outcome(
    ledger: Ledger,
    prediction_id: str,
    verdict: Verdict,
    evidence: Sequence[str],
    *,
    on: dt.date,
    today: dt.date,
    credit: float | None = None,
    note: str | None = None,
    supersede: bool = False,
) -> Outcome:
    """The outcome to append, or a `RequestError` saying what to change in the request.

    The outcome's id is `<prediction>-r<N>`, N one more than the outcomes already recorded for
    the prediction (corrections included); its digest is the prediction's digest now. A
    question's id resolves the question, for every claim on it, with the question's digest.
    """
    if ledger.has_question(prediction_id) and not ledger.has_prediction(prediction_id):
        return _plan_question_outcome(
            ledger,
            ledger.question(prediction_id),
            verdict,
            evidence,
            on=on,
            today=today,
            credit=credit,
            note=note,
            supersede=supersede,
        )
    if ledger.questions and not ledger.has_prediction(prediction_id):
        # The id may have meant either: suggest from both, and name both.
        known = sorted({p.id for p in ledger.predictions} | {q.id for q in ledger.questions})
        raise RequestError(
            f"unknown prediction or question '{prediction_id}'{suggest(prediction_id, known)}"
        )
    prediction = find_prediction(ledger, prediction_id)
    if prediction.question is not None:
        raise RequestError(
            f"prediction '{prediction.id}' is on question '{prediction.question}', resolved "
            f"once for every claim on it: resolve the question (resolve {prediction.question})"
        )
    if not prediction.kind.scored:
        raise RequestError(
            f"prediction '{prediction.id}' is "
            f"{'an' if prediction.kind.value[:1] in 'aeiou' else 'a'} {prediction.kind.value}: "
            "it is kept for the record and never resolved"
        )
    _check_credit(verdict, credit)
    cited = _cited(evidence)
    if on > today:
        raise RequestError(f"--on {on} is in the future; a verdict is recorded once it is known")
    if on < prediction.made_on.earliest:
        # A claim known only to a range may be resolved on any day it could have been made.
        raise RequestError(
            f"--on {on} is before prediction '{prediction.id}' could have been made "
            f"({prediction.made_on})"
        )
    in_force = ledger.outcome(prediction.id)
    _check_in_force("prediction", prediction.id, in_force, on, supersede)
    return Outcome(
        id=_next_id(ledger, prediction.id),
        prediction=prediction.id,
        verdict=verdict,
        credit=credit,
        resolved_on=on,
        evidence=cited,
        note=nfc(note.strip()) if note and note.strip() else None,
        digest=prediction_digest(prediction),
        supersedes=in_force.id if in_force is not None else None,
    )


def _cited(evidence: Sequence[str]) -> tuple[str, ...]:
    cited = tuple(nfc(item.strip()) for item in evidence)
    if not cited or not all(cited):
        raise RequestError(
            "cite the evidence with --evidence TEXT (what happened, when, and which public "
            "record shows it); empty evidence is not evidence"
        )
    return cited


def _check_in_force(
    what: str, target: str, in_force: Outcome | None, on: dt.date, supersede: bool
) -> None:
    if in_force is not None and not supersede:
        raise RequestError(
            f"{what} '{target}' is already resolved by outcome '{in_force.id}' "
            f"({in_force.verdict.value}, {in_force.resolved_on}); to correct it, add "
            "--supersede, which keeps the old outcome on file"
        )
    if in_force is None and supersede:
        raise RequestError(f"{what} '{target}' has no outcome to supersede; drop --supersede")
    if in_force is not None and on < in_force.resolved_on:
        raise RequestError(
            f"--on {on} is before {in_force.resolved_on}, when outcome '{in_force.id}' that it "
            "corrects was recorded; a correction comes after what it corrects"
        )


def _plan_question_outcome(
    ledger: Ledger,
    question: Question,
    verdict: Verdict,
    evidence: Sequence[str],
    *,
    on: dt.date,
    today: dt.date,
    credit: float | None,
    note: str | None,
    supersede: bool,
) -> Outcome:
    _check_credit(verdict, credit)
    cited = _cited(evidence)
    if on > today:
        raise RequestError(f"--on {on} is in the future; a verdict is recorded once it is known")
    claims = ledger.on_question(question.id)
    if claims:
        last = max(claims, key=lambda p: p.made_on.earliest)
        if on < last.made_on.earliest:
            raise RequestError(
                f"--on {on} is before prediction '{last.id}' on question '{question.id}' could "
                f"have been made ({last.made_on})"
            )
    in_force = ledger.question_outcome(question.id)
    _check_in_force("question", question.id, in_force, on, supersede)
    return Outcome(
        id=_next_id(ledger, question.id),
        question=question.id,
        verdict=verdict,
        credit=credit,
        resolved_on=on,
        evidence=cited,
        note=nfc(note.strip()) if note and note.strip() else None,
        digest=question_digest(question),
        supersedes=in_force.id if in_force is not None else None,
    )


def _check_credit(verdict: Verdict, credit: float | None) -> None:
    if verdict is Verdict.PARTIAL:
        if credit is None:
            raise RequestError(
                "a partial verdict needs --credit X, the share that came true, between 0 and 1"
            )
        if not (math.isfinite(credit) and 0.0 <= credit <= 1.0):
            raise RequestError(f"--credit {credit} is not between 0 and 1; write 0.5, not 50")
    elif credit is not None:
        raise RequestError(
            f"--credit is only for a partial verdict, not '{verdict.value}'; drop it or use "
            "--verdict partial"
        )


def _next_id(ledger: Ledger, target: str) -> str:
    taken = {outcome.id for outcome in ledger.outcomes}
    number = len(ledger.outcomes_of(target)) + 1
    # A hand-written outcome may already use the next number; never reuse an id.
    while f"{target}-r{number}" in taken:
        number += 1
    return f"{target}-r{number}"


def resolve_prediction(
    path: str | os.PathLike[str] | None,
    prediction_id: str,
    verdict: Verdict,
    evidence: Sequence[str],
    *,
    on: dt.date | None = None,
    credit: float | None = None,
    note: str | None = None,
    supersede: bool = False,
    dry_run: bool = False,
) -> Resolution:
    """Append one outcome for a prediction, or a question, of the ledger at `path` (`on`
    defaults to today).

    Raises `RequestError` for a request that cannot stand and `LedgerError` when the ledger
    cannot be read or the outcome would bring a problem into it; in every such case nothing is
    written. With `dry_run`, everything is checked and nothing is written.
    """
    root = find_ledger(path)
    today = dt.date.today()
    # A dry run writes nothing, not even the lock file. The append is checked against the
    # ledger as read here, under the lock, with the outcomes file's records replaced.
    with locked_reading(root, dry_run=dry_run) as reading:
        ledger = reading.ledger
        outcome = plan_outcome(
            ledger,
            prediction_id,
            verdict,
            evidence,
            on=on or today,
            today=today,
            credit=credit,
            note=note,
            supersede=supersede,
        )
        target = (
            outcomes_file(ledger.prediction(outcome.prediction))
            if outcome.prediction is not None
            else QUESTION_OUTCOMES
        )
        append = prepare_append(reading, target, [outcome])
        if not dry_run:
            commit(append)
    return Resolution(outcome=outcome, append=append, written=not dry_run)

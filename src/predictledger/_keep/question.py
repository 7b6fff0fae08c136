"""Shared questions and reference probabilities: `question add` and `reference add`.

A question is one event several claims point at (`add --question ID`), resolved once
(`resolve QUESTION-ID`). A reference records what the world gave an event before a claim on it
was made: a prediction market's price, a bookmaker's odds, a published consensus or a base rate,
with where it can be checked. Recording one is a keeper's step, done by hand from a source the
keeper can cite; scoring never looks anything up. Both are appended through the same locked,
checked, atomic append as every other record, and a request that cannot stand is refused with
one line before anything is written.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Sequence

from attrs import frozen

from .._checks import normalised_probability
from .._ledger import Ledger
from .._paths import PREDICTIONS_DIR, find_ledger
from .._records import Horizon, Match, Prediction, Question, Reference, ReferenceKind
from .._text import nfc, slug_problem, suggest
from .._write.append import Append, commit, prepare_append
from ..errors import RequestError
from .locked import locked_reading

__all__ = [
    "Kept",
    "add_question",
    "add_reference",
    "plan_reference",
    "questions_file",
    "references_file",
]

QUESTIONS_FILE = f"{PREDICTIONS_DIR}/questions.toml"
ODDS_TOLERANCE = 1e-9
"""How far a bookmaker reference's probability may be from its normalised odds (as `check`)."""


@frozen(kw_only=True)
class Kept:
    """A new question or reference and where it went (or, in a dry run, would go)."""

    record: Question | Reference
    append: Append
    written: bool
    computed: bool = False
    """For a bookmaker reference: its probability was computed from the odds."""


def questions_file(ledger: Ledger) -> str:
    """The file new questions go to: the one holding the last question, else
    `predictions/questions.toml`."""
    for question in reversed(ledger.questions):
        if question.origin is not None:
            return question.origin.path
    return QUESTIONS_FILE


def references_file(ledger: Ledger, reference: Reference) -> str:
    """`predictions/references/<source-id>.toml` for a reference on a prediction,
    `predictions/references/<question-id>.toml` for one on a question."""
    if reference.prediction is not None:
        name = ledger.prediction(reference.prediction).source
    else:
        name = reference.target
    return f"{PREDICTIONS_DIR}/references/{name}.toml"


def _text(value: str | None) -> str | None:
    return nfc(value.strip()) if value is not None and value.strip() else None


def _ids(ledger: Ledger) -> set[str]:
    return {p.id for p in ledger.predictions} | {q.id for q in ledger.questions}


def plan_question(
    ledger: Ledger,
    question_id: str,
    *,
    claim: str,
    resolution: str,
    start: dt.date,
    end: dt.date | None,
    sector: str | None = None,
    note: str | None = None,
) -> Question:
    """The question to append, or a `RequestError` saying what to change."""
    problem = slug_problem(question_id)
    if problem is not None:
        raise RequestError(f"question id '{question_id}' {problem}")
    if question_id in _ids(ledger):
        what = "question" if ledger.has_question(question_id) else "prediction"
        raise RequestError(f"'{question_id}' is already the id of a {what}; give another id")
    if not claim.strip():
        raise RequestError("give the event with --claim, one English sentence")
    if not resolution.strip():
        raise RequestError("say with --resolution what would make the event true or false")
    if end is not None and end < start:
        raise RequestError(f"--end {end} is before --start {start}")
    if sector is not None and sector not in {s.id for s in ledger.sectors}:
        known = [s.id for s in ledger.sectors]
        raise RequestError(f"unknown sector '{sector}'{suggest(sector, known)}")
    return Question(
        id=question_id,
        claim=nfc(claim.strip()),
        resolution=nfc(resolution.strip()),
        horizon=Horizon(start=start, end=end),
        sector=sector,
        note=_text(note),
    )


def add_question(
    path: str | os.PathLike[str] | None,
    question_id: str,
    *,
    claim: str,
    resolution: str,
    start: dt.date,
    end: dt.date | None = None,
    sector: str | None = None,
    note: str | None = None,
    dry_run: bool = False,
) -> Kept:
    """Append one `[[question]]` to the ledger at `path` (found if `None`).

    Raises `RequestError` for a request that cannot stand and `LedgerError` when the ledger
    cannot be read or the append would bring in a problem; nothing is written then.
    """
    root = find_ledger(path)
    with locked_reading(root, dry_run=dry_run) as reading:
        ledger = reading.ledger
        question = plan_question(
            ledger,
            question_id,
            claim=claim,
            resolution=resolution,
            start=start,
            end=end,
            sector=sector,
            note=note,
        )
        append = prepare_append(reading, questions_file(ledger), [question])
        if not dry_run:
            commit(append)
    return Kept(record=question, append=append, written=not dry_run)


def _day(moment: dt.date | dt.datetime) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _claims(ledger: Ledger, target: str) -> tuple[str, tuple[Prediction, ...]]:
    """What `target` names ("prediction" or "question") and the claims a reference on it
    serves."""
    if ledger.has_prediction(target):
        return "prediction", (ledger.prediction(target),)
    if ledger.has_question(target):
        return "question", ledger.on_question(target)
    known = sorted(_ids(ledger))
    raise RequestError(f"unknown prediction or question '{target}'{suggest(target, known)}")


def _next_id(ledger: Ledger, target: str) -> str:
    taken = {r.id for r in ledger.references}
    number = len(ledger.references_of(target)) + 1
    while f"{target}-ref{number}" in taken:
        number += 1
    return f"{target}-ref{number}"


def plan_reference(
    ledger: Ledger,
    target: str,
    *,
    kind: ReferenceKind,
    probability: float | None,
    priced_at: dt.date | dt.datetime,
    match: Match,
    evidence: Sequence[str],
    today: dt.date,
    platform: str | None = None,
    market: str | None = None,
    url: str | None = None,
    odds: Sequence[float] | None = None,
    note: str | None = None,
    reference_id: str | None = None,
) -> tuple[Reference, bool]:
    """The reference to append and whether its probability was computed from the odds; or a
    `RequestError` saying what to change."""
    what, claims = _claims(ledger, target)
    day = _day(priced_at)
    if day > today:
        raise RequestError(f"--priced-at {priced_at.isoformat()} is in the future")
    if claims:
        last = max(claims, key=lambda p: p.made_on.earliest)
        if day >= last.made_on.earliest:
            who = (
                f"prediction '{last.id}' was made ({last.made_on})"
                if what == "prediction"
                else f"any claim on question '{target}' was made (the last on {last.made_on})"
            )
            raise RequestError(
                f"--priced-at {priced_at.isoformat()} is not before {who}; give the price as "
                "it stood on an earlier day, never the close"
            )
    computed = False
    if odds is not None:
        values = tuple(float(value) for value in odds)
        if len(values) < 2:
            raise RequestError("--odds needs the decimal odds of every outcome: 1.8,2.1")
        bad = [v for v in values if not math.isfinite(v) or v <= 1.0]
        if bad:
            raise RequestError(
                f"--odds {bad[0]} is not decimal odds: decimal odds are above 1 (2.0 pays "
                "double the stake)"
            )
        fair = normalised_probability(values)
        if probability is None:
            if kind is not ReferenceKind.BOOKMAKER:
                raise RequestError(
                    "give --probability; only a bookmaker's reference reads it from --odds"
                )
            probability, computed = fair, True
        elif kind is ReferenceKind.BOOKMAKER and abs(probability - fair) > ODDS_TOLERANCE:
            raise RequestError(
                f"--probability {probability} is not the odds' probability: odds not normalised "
                f"for the overround: (1/o1)/sum(1/oi) = {fair!r}; drop --probability to use it"
            )
    elif kind is ReferenceKind.BOOKMAKER:
        raise RequestError(
            "a bookmaker's reference needs --odds, the decimal odds of every outcome with the "
            "claim's side first (--odds 1.8,2.1)"
        )
    if probability is None:
        raise RequestError("give --probability, the price as a probability: 0.23")
    if not (math.isfinite(probability) and 0.0 < probability < 1.0):
        raise RequestError(
            f"--probability {probability} is not strictly between 0 and 1; write 0.23 for a "
            "market at 23 cents"
        )
    cited = tuple(nfc(item.strip()) for item in evidence)
    if not cited or not all(cited):
        raise RequestError(
            "cite where the number can be checked with --evidence TEXT (an archived page, a "
            "dataset); empty evidence is not evidence"
        )
    if reference_id is not None:
        problem = slug_problem(reference_id)
        if problem is not None:
            raise RequestError(f"reference id '{reference_id}' {problem}")
        if reference_id in {r.id for r in ledger.references}:
            raise RequestError(f"reference '{reference_id}' is already in the ledger")
    reference = Reference(
        id=reference_id or _next_id(ledger, target),
        prediction=target if what == "prediction" else None,
        question=target if what == "question" else None,
        kind=kind,
        probability=probability,
        priced_at=priced_at,
        match=match,
        evidence=cited,
        platform=_text(platform),
        market=_text(market),
        url=_text(url),
        odds=None if odds is None else tuple(float(value) for value in odds),
        note=_text(note),
    )
    return reference, computed


def add_reference(
    path: str | os.PathLike[str] | None,
    target: str,
    *,
    kind: ReferenceKind,
    probability: float | None,
    priced_at: dt.date | dt.datetime,
    match: Match,
    evidence: Sequence[str],
    platform: str | None = None,
    market: str | None = None,
    url: str | None = None,
    odds: Sequence[float] | None = None,
    note: str | None = None,
    reference_id: str | None = None,
    dry_run: bool = False,
) -> Kept:
    """Append one `[[reference]]` on a prediction or a question of the ledger at `path`.

    Raises `RequestError` for a request that cannot stand (a price on or after the claim, a
    probability outside (0, 1), odds not normalised...) and `LedgerError` when the ledger
    cannot be read or the append would bring in a problem; nothing is written then.
    """
    root = find_ledger(path)
    today = dt.date.today()
    with locked_reading(root, dry_run=dry_run) as reading:
        ledger = reading.ledger
        reference, computed = plan_reference(
            ledger,
            target,
            kind=kind,
            probability=probability,
            priced_at=priced_at,
            match=match,
            evidence=evidence,
            today=today,
            platform=platform,
            market=market,
            url=url,
            odds=odds,
            note=note,
            reference_id=reference_id,
        )
        append = prepare_append(reading, references_file(ledger, reference), [reference])
        if not dry_run:
            commit(append)
    return Kept(record=reference, append=append, written=not dry_run, computed=computed)

"""Shared questions: each author's peer score, and two authors head to head.

Several authors' claims may point at one question, resolved once. Here a forecast on a question
is a plain `QuestionForecast`: who, which question, the claim's probability p and outcome y,
both framed as the claim is (a claim that negates the question has p and y of the negation,
which gives the same ln p(y)). `question_forecasts` gathers them from a ledger as of a date;
everything else is pure.

* `peer_scores`: Metaculus' peer score of each (author, question), for questions that at least
  two distinct authors forecast (`fair.question_peer_scores`).
* `head_to_head`: two authors on the questions both forecast with a probability; per question
  the difference of their log scores in points, 100 (ln p_a(y) - ln p_b(y)), which is also
  each one's peer score when they are the only two.

Only scored claims with a probability enter: void and ambiguous questions scored nothing, and a
call without a probability has no ln p(y). An author with several claims on a question counts
once, with the mean of their ln p(y).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from fractions import Fraction

from attrs import frozen

from .._ledger import Ledger
from .._records import Prediction
from .fair import bootstrap_interval, question_peer_scores
from .measures import credit_of, log_term, probability_of
from .status import Status, made_by, status_given

__all__ = [
    "HeadToHead",
    "QuestionForecast",
    "Versus",
    "head_to_head",
    "peer_scores",
    "question_forecasts",
    "question_of",
]


@frozen(kw_only=True)
class QuestionForecast:
    """One scored claim with a probability on a question."""

    author: str
    question: str
    probability: Fraction
    """p, for the claim as phrased."""
    outcome: Fraction
    """y, for the claim as phrased: 1, 0 or the partial credit."""
    prediction: str = ""
    """The claim's id, for the reader; it plays no part in a score."""


def question_of(prediction: Prediction) -> str | None:
    """The question a claim points at, or None."""
    return prediction.question


def question_forecasts(ledger: Ledger, as_of: dt.date) -> Iterator[QuestionForecast]:
    """The scored claims with a probability and a question, as they stood on `as_of`."""
    known: dict[float, Fraction] = {}
    for prediction in ledger.predictions:
        question = question_of(prediction)
        if question is None or not made_by(prediction, as_of):
            continue
        outcome = ledger.outcome(prediction.id, as_of=as_of)
        if status_given(prediction, outcome, as_of) is not Status.RESOLVED:
            continue
        assert outcome is not None
        credit = credit_of(outcome, known)
        probability = probability_of(prediction, known)
        if credit is None or probability is None:
            continue
        yield QuestionForecast(
            author=prediction.author,
            question=question,
            probability=probability,
            outcome=credit,
            prediction=prediction.id,
        )


def _by_question(
    forecasts: Iterable[QuestionForecast],
) -> dict[str, dict[str, list[tuple[Fraction, Fraction]]]]:
    questions: dict[str, dict[str, list[tuple[Fraction, Fraction]]]] = {}
    for f in forecasts:
        questions.setdefault(f.question, {}).setdefault(f.author, []).append(
            (f.probability, f.outcome)
        )
    # Sorted, so that a mean of logs is summed in one order whatever the records' order.
    for authors in questions.values():
        for pairs in authors.values():
            pairs.sort()
    return questions


def peer_scores(forecasts: Iterable[QuestionForecast]) -> dict[tuple[str, str], float]:
    """The peer score of each (author, question) on questions with at least two authors.

    The scores of one question sum to 0. Questions are independent, so the peer scores of a
    ledger split by question and merged (`dict` union) are those of the whole.
    """
    scores: dict[tuple[str, str], float] = {}
    for question, authors in _by_question(forecasts).items():
        for author, score in question_peer_scores(authors).items():
            scores[(author, question)] = score
    return scores


@frozen(kw_only=True)
class Versus:
    """One question two authors both forecast with a probability."""

    question: str
    score_a: float
    """100 x the mean ln p(y) of author a's claims on it (a log score in points)."""
    score_b: float
    difference: float
    """score_a - score_b: above 0 is a win for a."""


@frozen(kw_only=True)
class HeadToHead:
    """Two authors on the questions they share."""

    author_a: str
    author_b: str
    shared: int
    """Questions on which both have a scored claim with a probability."""
    wins: int
    losses: int
    ties: int
    """Counted from a's side: a win is a question where a's log score is higher."""
    mean_difference: float | None
    """The mean of score_a - score_b over the shared questions, in points."""
    low: float | None
    high: float | None
    """The seeded bootstrap 95% interval of the mean difference; None below two questions."""
    questions: tuple[Versus, ...]


def _points(pairs: list[tuple[Fraction, Fraction]]) -> float:
    return 100 * math.fsum(log_term(p, y) for p, y in pairs) / len(pairs)


def head_to_head(forecasts: Iterable[QuestionForecast], author_a: str, author_b: str) -> HeadToHead:
    """`author_a` against `author_b` on every question both forecast, in question order."""
    rows = []
    for question, authors in sorted(_by_question(forecasts).items()):
        mine, theirs = authors.get(author_a), authors.get(author_b)
        if not mine or not theirs or author_a == author_b:
            continue
        a, b = _points(mine), _points(theirs)
        rows.append(Versus(question=question, score_a=a, score_b=b, difference=a - b))
    differences = [row.difference for row in rows]
    interval = bootstrap_interval(differences)
    return HeadToHead(
        author_a=author_a,
        author_b=author_b,
        shared=len(rows),
        wins=sum(1 for d in differences if d > 0),
        losses=sum(1 for d in differences if d < 0),
        ties=sum(1 for d in differences if d == 0),
        mean_difference=math.fsum(differences) / len(rows) if rows else None,
        low=interval[0] if interval else None,
        high=interval[1] if interval else None,
        questions=tuple(rows),
    )

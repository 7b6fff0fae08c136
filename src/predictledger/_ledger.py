"""The loaded ledger: every record, with lookups by id, author, source and sector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

from attrs import evolve, field, frozen

from ._problems import Problem
from ._records import Author, Outcome, Prediction, Question, Reference, Sector, Source, Verdict
from .errors import NotFoundError

__all__ = ["Ledger", "seen_from"]

_R = TypeVar("_R", Author, Sector, Source, Prediction, Outcome, Question, Reference)

_NEGATED = {Verdict.TRUE: Verdict.FALSE, Verdict.FALSE: Verdict.TRUE}


def seen_from(outcome: Outcome, prediction: Prediction) -> Outcome:
    """A question's outcome as it judges a claim on the question: for a claim that negates the
    question, true and false swap and a partial credit c becomes 1 - c (void and ambiguous stay).
    The outcome returned names the claim as its `prediction` (and no question), so that status
    and scoring treat it as the claim's own."""
    verdict, credit = outcome.verdict, outcome.credit
    if prediction.negates:
        verdict = _NEGATED.get(verdict, verdict)
        if credit is not None and verdict is Verdict.PARTIAL:
            credit = 1.0 - credit
    return evolve(outcome, prediction=prediction.id, question=None, verdict=verdict, credit=credit)


def _first_by_id(records: Iterable[_R]) -> dict[str, _R]:
    # With duplicate ids (a problem `check` reports) the first record read wins.
    return {record.id: record for record in reversed(tuple(records))}


def _group(predictions: Iterable[Prediction], attribute: str) -> dict[str, tuple[Prediction, ...]]:
    groups: dict[str, list[Prediction]] = {}
    for prediction in predictions:
        groups.setdefault(getattr(prediction, attribute), []).append(prediction)
    return {key: tuple(members) for key, members in groups.items()}


@frozen(kw_only=True)
class Ledger:
    """Every record of a ledger, in the order the files were read.

    A ledger may hold problems (duplicate ids, dangling references...):
    `predictledger.check(ledger)` lists them. A ledger of sound records
    (`load(path, strict=False)`) also remembers the problems that left records out
    (`problems`), which `check(ledger)` lists with the others.
    Lookups by id return the first record read with that id.
    """

    root: Path
    sources: tuple[Source, ...] = ()
    authors: tuple[Author, ...] = ()
    sectors: tuple[Sector, ...] = ()
    predictions: tuple[Prediction, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    """The outcomes as written in the files, of predictions and of questions."""
    questions: tuple[Question, ...] = ()
    references: tuple[Reference, ...] = ()
    """The references as written in the files, superseded ones included."""
    problems: tuple[Problem, ...] = field(default=(), eq=False, repr=False)
    """The problems met reading the ledger that left records out of it (none for a ledger
    read whole)."""
    left_out: frozenset[tuple[str, str]] = field(default=frozenset(), eq=False, repr=False)
    """(kind, id) of the records left out, so that what refers to them is not reported
    missing as well."""

    _sources: Mapping[str, Source] = field(init=False, eq=False, repr=False)
    _authors: Mapping[str, Author] = field(init=False, eq=False, repr=False)
    _sectors: Mapping[str, Sector] = field(init=False, eq=False, repr=False)
    _predictions: Mapping[str, Prediction] = field(init=False, eq=False, repr=False)
    _groups: dict[str, Mapping[str, tuple[Prediction, ...]]] = field(
        init=False, factory=dict, eq=False, repr=False
    )
    """Predictions by author, source or sector, each built on first use: loading and
    checking a ledger need none of them."""
    _outcomes_of: Mapping[str, tuple[Outcome, ...]] = field(init=False, eq=False, repr=False)
    """Outcomes as written, by prediction id and by question id."""
    _questions: Mapping[str, Question] = field(init=False, eq=False, repr=False)
    _references_of: Mapping[str, tuple[Reference, ...]] = field(init=False, eq=False, repr=False)
    _superseded_references: frozenset[str] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Indexes are derived data; building them once keeps every lookup O(1).
        outcomes_of: dict[str, list[Outcome]] = {}
        for outcome in self.outcomes:
            outcomes_of.setdefault(outcome.target, []).append(outcome)
        references_of: dict[str, list[Reference]] = {}
        for reference in self.references:
            references_of.setdefault(reference.target, []).append(reference)
        derived: dict[str, object] = {
            "_sources": _first_by_id(self.sources),
            "_authors": _first_by_id(self.authors),
            "_sectors": _first_by_id(self.sectors),
            "_predictions": _first_by_id(self.predictions),
            "_outcomes_of": {key: tuple(value) for key, value in outcomes_of.items()},
            "_questions": _first_by_id(self.questions),
            "_references_of": {key: tuple(value) for key, value in references_of.items()},
            "_superseded_references": frozenset(
                r.supersedes for r in self.references if r.supersedes is not None
            ),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def keeping(
        self,
        predictions: Iterable[Prediction],
        outcomes: Iterable[Outcome],
        references: Iterable[Reference] | None = None,
    ) -> Ledger:
        """This ledger narrowed to these predictions and outcomes (and references, when given):
        its sources, registries, questions and remembered problems kept, its indexes built
        anew."""
        kept = self.references if references is None else tuple(references)
        return evolve(
            self, predictions=tuple(predictions), outcomes=tuple(outcomes), references=kept
        )

    def counts(self) -> dict[str, int]:
        """How many records of each kind `check` reports: sources, predictions, outcomes, then
        shared questions and references."""
        return {
            "sources": len(self.sources),
            "predictions": len(self.predictions),
            "outcomes": len(self.outcomes),
            "questions": len(self.questions),
            "references": len(self.references),
        }

    # -- lookups by id ------------------------------------------------------------------

    def source(self, source_id: str) -> Source:
        """The source with this id; `NotFoundError` (a `KeyError`) naming the closest ids if
        there is none."""
        try:
            return self._sources[source_id]
        except KeyError:
            raise NotFoundError("source", source_id, self._sources.keys()) from None

    def author(self, author_id: str) -> Author:
        """The author with this id; `NotFoundError` (a `KeyError`) naming the closest ids if
        there is none."""
        try:
            return self._authors[author_id]
        except KeyError:
            raise NotFoundError("author", author_id, self._authors.keys()) from None

    def sector(self, sector_id: str) -> Sector:
        """The sector with this id; `NotFoundError` (a `KeyError`) naming the closest ids if
        there is none."""
        try:
            return self._sectors[sector_id]
        except KeyError:
            raise NotFoundError("sector", sector_id, self._sectors.keys()) from None

    def prediction(self, prediction_id: str) -> Prediction:
        """The prediction with this id; `NotFoundError` (a `KeyError`) naming the closest ids if
        there is none."""
        try:
            return self._predictions[prediction_id]
        except KeyError:
            raise NotFoundError("prediction", prediction_id, self._predictions.keys()) from None

    def has_prediction(self, prediction_id: str) -> bool:
        return prediction_id in self._predictions

    def question(self, question_id: str) -> Question:
        """The question with this id; `NotFoundError` (a `KeyError`) naming the closest ids if
        there is none."""
        try:
            return self._questions[question_id]
        except KeyError:
            raise NotFoundError("question", question_id, self._questions.keys()) from None

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    # -- groups ---------------------------------------------------------------------------

    def by_author(self, author_id: str) -> tuple[Prediction, ...]:
        """The predictions of one author, in file order."""
        return self._grouped("author").get(author_id, ())

    def by_source(self, source_id: str) -> tuple[Prediction, ...]:
        """The predictions of one source, in file order."""
        return self._grouped("source").get(source_id, ())

    def by_sector(self, sector_id: str) -> tuple[Prediction, ...]:
        """The predictions filed under one sector, in file order."""
        return self._grouped("sector").get(sector_id, ())

    def on_question(self, question_id: str) -> tuple[Prediction, ...]:
        """The predictions on one question, in file order."""
        return self._grouped("question").get(question_id, ())

    def _grouped(self, attribute: str) -> Mapping[str, tuple[Prediction, ...]]:
        groups = self._groups.get(attribute)
        if groups is None:
            groups = self._groups[attribute] = _group(self.predictions, attribute)
        return groups

    # -- outcomes -------------------------------------------------------------------------

    def outcomes_of(self, prediction_id: str) -> tuple[Outcome, ...]:
        """Every outcome recorded for a prediction (or a question), superseded ones included,
        in file order: as written, a claim on a question having none of its own."""
        return self._outcomes_of.get(prediction_id, ())

    def outcome(self, prediction_id: str, *, as_of: dt.date | None = None) -> Outcome | None:
        """The outcome in force for a prediction, or `None` while it is unresolved.

        That is the last outcome (in file order) that no other outcome supersedes. With
        `as_of`, outcomes resolved after that date are ignored, as if they were not yet written.
        For a claim on a question, it is the question's outcome in force, seen from the claim
        (`seen_from`: negated for a claim that `negates` the question).
        """
        prediction = self._predictions.get(prediction_id)
        if prediction is not None and prediction.question is not None:
            found = self._in_force(prediction.question, as_of)
            return None if found is None else seen_from(found, prediction)
        return self._in_force(prediction_id, as_of)

    def question_outcome(self, question_id: str, *, as_of: dt.date | None = None) -> Outcome | None:
        """The outcome in force for a question, as written, or `None` while it is unresolved."""
        return self._in_force(question_id, as_of)

    def _in_force(self, target: str, as_of: dt.date | None) -> Outcome | None:
        known = self.outcomes_of(target)
        if len(known) < 2:  # the usual case, without building sets and lists
            if not known:
                return None
            only = known[0]
            too_late = as_of is not None and only.resolved_on > as_of
            return None if too_late or only.supersedes == only.id else only
        if as_of is not None:
            known = tuple(o for o in known if o.resolved_on <= as_of)
        superseded = {o.supersedes for o in known if o.supersedes is not None}
        current = [o for o in known if o.id not in superseded]
        return current[-1] if current else None

    # -- references -----------------------------------------------------------------------

    def references_of(self, target_id: str) -> tuple[Reference, ...]:
        """Every reference recorded on a prediction (or a question), superseded ones
        included, in file order."""
        return self._references_of.get(target_id, ())

    def reference_for(self, prediction: Prediction) -> Reference | None:
        """The reference a claim is compared with, or `None`.

        Among the references on the prediction itself and on its question (superseded ones
        left out), the latest priced on a day strictly before the earliest day the claim may
        have been made; on equal days, the one written last.
        """
        candidates = list(self.references_of(prediction.id))
        if prediction.question is not None:
            candidates += self.references_of(prediction.question)
        if not candidates:
            return None
        superseded = self._superseded_references
        before = prediction.made_on.earliest
        best: Reference | None = None
        for reference in candidates:
            if reference.id in superseded or reference.day >= before:
                continue
            if best is None or _moment(reference) >= _moment(best):
                best = reference
        return best

    def reference_probability(self, prediction: Prediction) -> float | None:
        """The probability `reference_for` gives the claim as it is phrased: the reference's,
        or one minus it for a claim that negates the question the reference prices."""
        reference = self.reference_for(prediction)
        if reference is None:
            return None
        if reference.question is not None and prediction.negates:
            # 1 - m of the decimal the keeper wrote, then rounded once: 1 - 0.7 is 0.3, not
            # the float subtraction's 0.30000000000000004 (scoring uses the same exact value).
            return float(1 - Fraction(repr(reference.probability)))
        return reference.probability


def _moment(reference: Reference) -> tuple[dt.date, dt.time]:
    """When a reference was priced, comparable between dates and date-times: a date stands for
    the start of its day (with and without an offset, the wall-clock time as written)."""
    value = reference.priced_at
    if isinstance(value, dt.datetime):
        return value.date(), value.time()
    return value, dt.time.min

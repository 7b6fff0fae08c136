"""The checks a loaded ledger must pass: plain functions, run in order from one tuple.

Each check takes a `CheckContext` and yields problems; none stops at the first. Adding a check
is adding a function to `CHECKS`.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field, frozen

from ._digest import (
    DIGEST_FORM,
    DIGEST_LINES,
    DIGEST_PREFIX,
    changed_fields,
    changed_question_fields,
    question_digest,
    seals,
)
from ._ledger import Ledger
from ._paths import Within, readable_text
from ._problems import Problem, sorted_problems
from ._records import (
    KINDS,
    Basis,
    Kind,
    Outcome,
    Prediction,
    Question,
    Reference,
    ReferenceKind,
    Source,
    Verdict,
)
from ._text import (
    all_slugs,
    is_placeholder,
    plain_apostrophes,
    quote_key,
    slug_problem,
    suggest,
    terminal_safe,
)

if TYPE_CHECKING:
    from ._read.result import ReadResult

__all__ = ["CHECKS", "CheckContext", "check", "check_ledger"]


@define
class CheckContext:
    """What the checks share: the ledger, and the ids of records that could not be read."""

    ledger: Ledger
    unreadable: frozenset[tuple[str, str]] = frozenset()
    today: dt.date = field(factory=dt.date.today)
    """The day the checks are run on: an outcome resolved after it is a problem."""
    consequences: list[Problem] = field(factory=list)
    """Problems that follow from others (the goalposts that moved because a prediction
    changed): listed after all the rest, so that the cause comes first."""
    _texts: dict[str, SourceText | _Unreadable] = field(factory=dict)
    _within: Within | None = None

    def unread(self, kind: str, record_id: str) -> bool:
        """True for a record that exists but could not be read: its problem is reported."""
        return (kind, record_id) in self.unreadable

    def source_text(self, source: Source) -> SourceText | None:
        """The source's full text, or `None` when it cannot be read (`check_source_texts`
        reports why)."""
        text = self.read_source_text(source)
        return text if not isinstance(text, _Unreadable) else None

    def read_source_text(self, source: Source) -> SourceText | _Unreadable:
        """The source's text, or why it cannot be read; each file is read once per check."""
        if source.text not in self._texts:
            if self._within is None:
                # Source texts share a few folders: each is resolved once per check.
                self._within = Within(self.ledger.root)
            self._texts[source.text] = _read_text(self.ledger.root, source.text, self._within)
        return self._texts[source.text]


class SourceText:
    """A source's full text, in which quotes are looked for as `quote_key` folds them."""

    __slots__ = ("_folded", "_plain")

    def __init__(self, text: str) -> None:
        # An NFC text with its apostrophes made plain is kept; folding it (collapsing its
        # whitespace) is done only if a quote is not found as written, which is rare.
        self._plain = plain_apostrophes(text) if unicodedata.is_normalized("NFC", text) else None
        self._folded = quote_key(text) if self._plain is None else None

    @property
    def folded(self) -> str:
        """The text as `quote_key` folds it."""
        if self._folded is None:
            assert self._plain is not None
            self._folded = " ".join(self._plain.split())
        return self._folded

    def holds(self, quote: str) -> bool:
        """`quote_key(quote) in self.folded`: the quote occurs, up to whitespace, Unicode form
        and apostrophes."""
        # A piece of a text folds to a piece of its folding (folding maps character by
        # character and collapses whitespace runs, and a piece of an NFC text is NFC): an NFC
        # quote with plain apostrophes found in the unfolded text is found folded.
        if unicodedata.is_normalized("NFC", quote):
            # The plain text holds no apostrophe variant, so a quote found in it as written
            # has none either: it is its own plain form.
            if self._plain is not None and quote in self._plain:
                return True
            plain = plain_apostrophes(quote)
            if self._plain is not None and plain in self._plain:
                return True
            # The folded text has single spaces only: a quote found in it needs no folding.
            if plain in self.folded:
                return True
        return quote_key(quote) in self.folded


@frozen
class _Unreadable:
    reason: str


def _read_text(root: Path, name: str, within: Within) -> SourceText | _Unreadable:
    path = readable_text(root, name, within)
    if isinstance(path, str):
        return _Unreadable(f"'{name}' {path}")
    try:
        return SourceText(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return _Unreadable(f"'{name}' is not UTF-8 text")
    except OSError as error:
        return _Unreadable(f"'{name}' cannot be read: {error.strerror}")


def _label(kind: str, record: Any) -> str:
    return f"{kind} '{record.id}'"


def _target_word(record: Outcome | Reference) -> str:
    return "prediction" if record.prediction is not None else "question"


def _a(word: str) -> str:
    """The word with its indefinite article: "an abstention", "a stance"."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _problem(kind: str, record: Any, field_name: str | None, message: str) -> Problem:
    prefix = _label(kind, record) + (f": field '{field_name}'" if field_name else "")
    return Problem.at(record.origin, terminal_safe(f"{prefix}: {message}"), field=field_name)


def _kinds(ledger: Ledger) -> Iterator[tuple[str, tuple[Any, ...]]]:
    for kind in KINDS:
        yield kind.name, getattr(ledger, kind.plural)


def check_slugs(context: CheckContext) -> Iterator[Problem]:
    for kind, records in _kinds(context.ledger):
        ids = [record.id for record in records]
        if not ids or all_slugs(ids):
            continue  # only when some id is wrong is each one looked at, to say which and why
        for record in records:
            why = slug_problem(record.id)
            if why:
                yield _problem(kind, record, "id", f"{record.id!r} {why}")


def check_unique_ids(context: CheckContext) -> Iterator[Problem]:
    for kind, records in _kinds(context.ledger):
        if len({record.id for record in records}) == len(records):
            continue
        seen: dict[str, Any] = {}
        for record in records:
            first = seen.setdefault(record.id, record)
            if first is not record:
                yield _problem(
                    kind,
                    record,
                    "id",
                    f"the id is already used by the {kind} at {first.origin}; ids must be unique",
                )


_SUGGESTION_BUDGET = 500_000
"""Comparisons spent on "did you mean" suggestions in one check: a few seconds at most."""


def check_references(context: CheckContext) -> Iterator[Problem]:
    ledger = context.ledger
    authors = [a.id for a in ledger.authors]
    sectors = [s.id for s in ledger.sectors]
    author_ids, sector_ids = set(authors), set(sectors)
    # A suggestion compares the value with every choice: a ledger of thousands of authors and
    # thousands of dangling references would keep `check` busy for hours. Past a fixed amount
    # of work the problems are still reported, without a "did you mean".
    budget = [_SUGGESTION_BUDGET]

    def hint(value: str, choices: list[str]) -> str:
        budget[0] -= len(choices)
        return suggest(value, choices) if budget[0] >= 0 else ""

    def missing(kind: str, record: Any, name: str, value: str, choices: list[str]) -> Problem:
        return _problem(
            kind,
            record,
            name,
            f"unknown {name} '{value}'{hint(value, choices)}; add it to the "
            f"{name} registry or correct the id",
        )

    def dangling(kind: str, value: str, present: Container[str]) -> bool:
        # A record that exists but could not be read is reported once, where it stands.
        return value not in present and not context.unread(kind, value)

    for source in ledger.sources:
        for person in source.people:
            if person.author is not None and dangling("author", person.author, author_ids):
                yield missing("source", source, "author", person.author, authors)
    for prediction in ledger.predictions:
        if dangling("author", prediction.author, author_ids):
            yield missing("prediction", prediction, "author", prediction.author, authors)
        if dangling("sector", prediction.sector, sector_ids):
            yield missing("prediction", prediction, "sector", prediction.sector, sectors)
    predictions = [p.id for p in ledger.predictions]
    prediction_ids = set(predictions)
    outcome_ids = {o.id: o for o in ledger.outcomes}
    for outcome in ledger.outcomes:
        # An outcome of a question: `check_questions` looks at its target.
        if outcome.prediction is not None and dangling(
            "prediction", outcome.prediction, prediction_ids
        ):
            yield _problem(
                "outcome",
                outcome,
                "prediction",
                f"unknown prediction '{outcome.prediction}'{hint(outcome.prediction, predictions)}",
            )
        if outcome.supersedes is None:
            continue
        earlier = outcome_ids.get(outcome.supersedes)
        if earlier is None:
            if dangling("outcome", outcome.supersedes, outcome_ids):
                yield _problem(
                    "outcome",
                    outcome,
                    "supersedes",
                    f"unknown outcome '{outcome.supersedes}'",
                )
        elif earlier.target != outcome.target:
            yield _problem(
                "outcome",
                outcome,
                "supersedes",
                f"outcome '{earlier.id}' resolves {_target_word(earlier)} '{earlier.target}', "
                f"not '{outcome.target}'; a correction supersedes an outcome of the same "
                f"{_target_word(outcome)}",
            )


def check_source_texts(context: CheckContext) -> Iterator[Problem]:
    for source in context.ledger.sources:
        text = context.read_source_text(source)
        if isinstance(text, _Unreadable):
            yield _problem("source", source, "text", text.reason)


def check_quotes(context: CheckContext) -> Iterator[Problem]:
    ledger = context.ledger
    # A source's fifty predictions look up its text once.
    texts: dict[str, tuple[Source, SourceText | None] | None] = {}
    for prediction in ledger.predictions:
        if not prediction.quote.strip():
            yield _problem("prediction", prediction, "quote", "is empty")
            continue
        if prediction.source not in texts:
            try:
                source = ledger.source(prediction.source)
            except KeyError:
                texts[prediction.source] = None  # `check_references` reports it
            else:
                texts[prediction.source] = (source, context.source_text(source))
        found = texts[prediction.source]
        if found is None:
            continue
        source, text = found
        if text is not None and not text.holds(prediction.quote):
            yield _problem(
                "prediction",
                prediction,
                "quote",
                f"does not occur in the text of source '{source.id}' ({source.text}); copy "
                "it verbatim (only whitespace, Unicode form and apostrophes may differ)",
            )


def _hedge_in(hedge: str, quote: str) -> bool:
    """True when the hedge occurs in the quote, in any case, whitespace or apostrophe."""
    # Folding maps character by character and collapses whitespace runs, so a piece of an NFC
    # text folds to a piece of its folding: a hedge found as it stands is found folded.
    if (
        hedge in quote
        and unicodedata.is_normalized("NFC", quote)
        and unicodedata.is_normalized("NFC", hedge)
    ):
        return True
    return quote_key(hedge).casefold() in quote_key(quote).casefold()


def check_texts(context: CheckContext) -> Iterator[Problem]:
    for prediction in context.ledger.predictions:
        if not prediction.claim.strip():
            yield _problem(
                "prediction",
                prediction,
                "claim",
                "is empty; state the claim in one English sentence",
            )
        needs_resolution = prediction.kind.scored
        if needs_resolution and not (prediction.resolution or "").strip():
            yield _problem(
                "prediction",
                prediction,
                "resolution",
                f"a {prediction.kind.value} needs resolution criteria: what would make it "
                "true or false",
            )


_PLACEHOLDER_FIELDS = ("claim", "resolution", "condition", "author", "sector", "note")


def check_placeholders(context: CheckContext) -> Iterator[Problem]:
    """A drafted prediction whose claim, resolution (or another field the drafter could not
    write honestly) still holds the drafter's placeholder is not ready for the ledger."""
    for prediction in context.ledger.predictions:
        for name in _PLACEHOLDER_FIELDS:
            if is_placeholder(getattr(prediction, name)):
                yield _problem(
                    "prediction",
                    prediction,
                    name,
                    "still holds the drafter's placeholder (TO BE WRITTEN BY THE KEEPER...); "
                    f"write the {name} yourself",
                )


def check_dates(context: CheckContext) -> Iterator[Problem]:
    ledger = context.ledger
    for prediction in ledger.predictions:
        horizon, made = prediction.horizon, prediction.made_on
        if horizon.end is not None and horizon.end < horizon.start:
            yield _problem(
                "prediction",
                prediction,
                "horizon.end",
                f"ends on {horizon.end}, before it starts on {horizon.start}",
            )
        elif horizon.end is not None and horizon.end < made.earliest:
            yield _problem(
                "prediction",
                prediction,
                "horizon.end",
                f"the horizon ends on {horizon.end}, before the claim was made on "
                f"{made}: a prediction is about the future",
            )
    today = context.today
    for outcome in ledger.outcomes:
        if outcome.resolved_on > today:
            yield _problem(
                "outcome",
                outcome,
                "resolved_on",
                f"{outcome.resolved_on} is in the future (today is {today}); a verdict is "
                "recorded on the day it is known",
            )
        if outcome.prediction is None or not ledger.has_prediction(outcome.prediction):
            continue
        made = ledger.prediction(outcome.prediction).made_on
        if outcome.resolved_on < made.earliest:
            yield _problem(
                "outcome",
                outcome,
                "resolved_on",
                f"{outcome.resolved_on} is before prediction '{outcome.prediction}' could "
                f"have been made ({made})",
            )


def _probability_problem(value: float) -> str | None:
    if not math.isfinite(value):
        return f"{value} is not a finite number; give a probability between 0 and 1"
    if not 0.0 <= value <= 1.0:
        return f"{value} is outside [0, 1]; write probabilities as fractions, 0.7 not 70"
    return None


def check_probabilities(context: CheckContext) -> Iterator[Problem]:
    for prediction in context.ledger.predictions:
        probability = prediction.probability
        if probability is None:
            continue
        if not prediction.kind.scored:
            yield _problem(
                "prediction",
                prediction,
                "probability",
                f"{_a(prediction.kind.value)} is never scored; remove its probability",
            )
        why = _probability_problem(probability.value)
        if why:
            yield _problem("prediction", prediction, "probability.value", why)
        if probability.basis is Basis.HEDGE:
            if not probability.hedge:
                yield _problem(
                    "prediction",
                    prediction,
                    "probability.hedge",
                    "a probability implied by a hedge names the hedge word",
                )
            elif not _hedge_in(probability.hedge, prediction.quote):
                yield _problem(
                    "prediction",
                    prediction,
                    "probability.hedge",
                    f"the hedge '{probability.hedge}' does not occur in the quote",
                )
            if not probability.scale:
                yield _problem(
                    "prediction",
                    prediction,
                    "probability.scale",
                    "name the published scale the hedge maps through",
                )
        if probability.basis is Basis.JUDGEMENT and not (probability.note or "").strip():
            yield _problem(
                "prediction", prediction, "probability.note", "a judgement says why in a note"
            )


def check_outcomes(context: CheckContext) -> Iterator[Problem]:
    ledger = context.ledger
    # A superseded outcome is history: its digest records the claim as it stood then, and the
    # correction that replaced it carries the digest that must match now.
    superseded = {o.supersedes for o in ledger.outcomes if o.supersedes is not None}
    digests = "\n".join(o.digest for o in ledger.outcomes) + "\n"
    # Every digest's form at once, in one C-speed match; one by one only if that fails.
    forms_ok = digests.count("\n") == len(ledger.outcomes) and DIGEST_LINES.fullmatch(digests)
    for outcome in ledger.outcomes:
        yield from _outcome_fields(outcome, digest_form=not forms_ok)
        if outcome.prediction is None or not ledger.has_prediction(outcome.prediction):
            continue
        prediction = ledger.prediction(outcome.prediction)
        if prediction.kind is Kind.ABSTENTION:
            yield _problem(
                "outcome",
                outcome,
                "prediction",
                f"prediction '{prediction.id}' is an abstention; it is never resolved",
            )
        elif (
            prediction.kind is Kind.STANCE
            and outcome.id not in superseded
            and outcome.verdict is not Verdict.VOID
        ):
            # A record re-kinded as a stance after it was resolved keeps its history; the
            # outcome in force withdraws the verdict.
            yield _problem(
                "outcome",
                outcome,
                "verdict",
                f"prediction '{prediction.id}' is a stance, never scored; only a void "
                "outcome (the verdict withdrawn) may stand for it",
            )
        if outcome.id in superseded:
            continue
        if outcome.digest.startswith(DIGEST_PREFIX) and not seals(outcome.digest, prediction):
            context.consequences.append(_moved(outcome, prediction))
    yield from _competing_outcomes(ledger)


_FIELD_WORDS = {
    "author": "author (or source)",
    "window": "window (horizon.start/end)",
}


def _moved(outcome: Outcome, prediction: Prediction) -> Problem:
    """The goalposts moved: one short line naming the field when the digest can tell it."""
    changed = changed_fields(outcome.digest, prediction)
    if changed is None:
        what = "changed since"  # a digest of the former rule cannot tell which field
    else:
        what = "changed its " + ", ".join(_FIELD_WORDS.get(name, name) for name in changed)
        what += " since"
    return _problem(
        "outcome",
        outcome,
        "digest",
        f"goalposts moved: prediction '{prediction.id}' {what} this verdict; restore it "
        "or supersede this outcome",
    )


def _outcome_fields(outcome: Outcome, *, digest_form: bool = True) -> Iterator[Problem]:
    if outcome.verdict is Verdict.PARTIAL:
        if outcome.credit is None:
            yield _problem(
                "outcome",
                outcome,
                "credit",
                "a partial verdict needs a credit in [0, 1]: the share that came true",
            )
        else:
            why = _probability_problem(outcome.credit)
            if why:
                yield _problem("outcome", outcome, "credit", why.replace("probability", "credit"))
    elif outcome.credit is not None:
        yield _problem(
            "outcome",
            outcome,
            "credit",
            f"only a partial verdict has a credit, not '{outcome.verdict.value}'",
        )
    if not outcome.evidence or not all(item.strip() for item in outcome.evidence):
        yield _problem(
            "outcome", outcome, "evidence", "cite at least one piece of evidence, and no empty ones"
        )
    if digest_form and DIGEST_FORM.fullmatch(outcome.digest) is None:
        yield _problem(
            "outcome",
            outcome,
            "digest",
            f"{outcome.digest!r} is not 'sha256:' and 64 hex digits; "
            "`predictledger resolve` computes it",
        )


def _competing_outcomes(ledger: Ledger) -> Iterator[Problem]:
    superseded_by: dict[str, Outcome] = {}
    for outcome in ledger.outcomes:
        if outcome.supersedes is None:
            continue
        earlier = superseded_by.setdefault(outcome.supersedes, outcome)
        if earlier is not outcome:
            yield _problem(
                "outcome",
                outcome,
                "supersedes",
                f"outcome '{outcome.supersedes}' is already superseded by '{earlier.id}' "
                f"at {earlier.origin}; supersede the latest correction instead",
            )
    in_force: dict[str, Outcome] = {}
    for outcome in ledger.outcomes:
        if outcome.id in superseded_by:
            continue
        first = in_force.setdefault(outcome.target, outcome)
        if first is not outcome:
            what = _target_word(outcome)
            yield _problem(
                "outcome",
                outcome,
                "supersedes",
                f"{what} '{outcome.target}' already has outcome '{first.id}' at "
                f'{first.origin}; a correction says supersedes = "{first.id}"',
            )


def _targets(kind: str, record: Outcome | Reference) -> Iterator[Problem]:
    """An outcome or a reference names exactly one of a prediction and a question."""
    if record.prediction is not None and record.question is not None:
        yield _problem(
            kind,
            record,
            "question",
            f"names both prediction '{record.prediction}' and question '{record.question}'; "
            f"{_a(kind)} is of one of them: keep the question when the claim is on it",
        )
    elif record.prediction is None and record.question is None:
        yield _problem(
            kind,
            record,
            None,
            'name what it is of: prediction = "<id>" or question = "<id>"',
        )


def check_questions(context: CheckContext) -> Iterator[Problem]:
    """Shared questions: the claims on them, their outcomes and their digests."""
    ledger = context.ledger
    questions = [q.id for q in ledger.questions]
    question_ids = set(questions)
    sectors = {s.id for s in ledger.sectors}
    for question in ledger.questions:
        if ledger.has_prediction(question.id):
            yield _problem(
                "question",
                question,
                "id",
                f"'{question.id}' is also the id of a prediction "
                f"({ledger.prediction(question.id).origin}); give the question its own id",
            )
        for name in ("claim", "resolution"):
            if not getattr(question, name).strip():
                yield _problem(
                    "question",
                    question,
                    name,
                    "is empty; state the event in one English sentence"
                    if name == "claim"
                    else "is empty; say what would make the event true or false",
                )
        horizon = question.horizon
        if horizon.end is not None and horizon.end < horizon.start:
            yield _problem(
                "question",
                question,
                "horizon.end",
                f"ends on {horizon.end}, before it starts on {horizon.start}",
            )
        sector = question.sector
        if sector is not None and sector not in sectors and not context.unread("sector", sector):
            yield _problem(
                "question",
                question,
                "sector",
                f"unknown sector '{question.sector}'; add it to the sector registry or "
                "correct the id",
            )
    for prediction in ledger.predictions:
        if prediction.question is None:
            if prediction.negates:
                yield _problem(
                    "prediction",
                    prediction,
                    "negates",
                    "negates = true needs the question whose event the claim denies; add "
                    'question = "<id>" or remove negates',
                )
            continue
        if prediction.question not in question_ids:
            yield from _unknown_question(context, "prediction", prediction, questions)
            continue
        if not prediction.kind.scored:
            yield _problem(
                "prediction",
                prediction,
                "question",
                f"{_a(prediction.kind.value)} is never resolved; remove its question",
            )
        # Outcomes are indexed by target: leave out a question's that shares the claim's id
        # (that clash is reported on its own).
        own = [o for o in ledger.outcomes_of(prediction.id) if o.prediction is not None]
        if own:
            yield _problem(
                "outcome",
                own[0],
                "prediction",
                f"prediction '{prediction.id}' is on question '{prediction.question}', which "
                f"resolves it; resolve the question instead (`predictledger resolve "
                f"{prediction.question}`) and remove this outcome",
            )
        resolved = ledger.question_outcome(prediction.question)
        if resolved is not None and prediction.made_on.earliest > resolved.resolved_on:
            yield _problem(
                "prediction",
                prediction,
                "made_on",
                f"the claim was made ({prediction.made_on}) after its question "
                f"'{prediction.question}' was resolved ({resolved.resolved_on}, outcome "
                f"'{resolved.id}'); a claim on a settled event is no prediction",
            )
    superseded = {o.supersedes for o in ledger.outcomes if o.supersedes is not None}
    for outcome in ledger.outcomes:
        yield from _targets("outcome", outcome)
        if outcome.question is None or outcome.prediction is not None:
            continue
        if outcome.question not in question_ids:
            yield from _unknown_question(context, "outcome", outcome, questions)
            continue
        if outcome.id in superseded or not outcome.digest.startswith(DIGEST_PREFIX):
            continue
        question = ledger.question(outcome.question)
        if outcome.digest != question_digest(question):
            context.consequences.append(_question_moved(outcome, question))


def _unknown_question(
    context: CheckContext,
    kind: str,
    record: Prediction | Outcome | Reference,
    questions: list[str],
) -> Iterator[Problem]:
    """A record naming a question the ledger does not hold (one that exists but could not be
    read is reported once, where it stands)."""
    name = record.question
    assert name is not None
    if not context.unread("question", name):
        yield _problem(
            kind,
            record,
            "question",
            f"unknown question '{name}'{suggest(name, questions)}; add a [[question]] table or "
            "correct the id",
        )


def _question_moved(outcome: Outcome, question: Question) -> Problem:
    changed = changed_question_fields(outcome.digest, question)
    if changed is None:
        what = "changed since"
    else:
        what = "changed its " + ", ".join(_FIELD_WORDS.get(name, name) for name in changed)
        what += " since"
    return _problem(
        "outcome",
        outcome,
        "digest",
        f"goalposts moved: question '{question.id}' {what} this verdict; restore it or "
        "supersede this outcome",
    )


_ODDS_TOLERANCE = 1e-9


def normalised_probability(odds: Iterable[float]) -> float:
    """The probability decimal odds give their first outcome once the bookmaker's margin (the
    overround) is taken out: (1/o1) / sum(1/oi)."""
    inverse = [1.0 / value for value in odds]
    return inverse[0] / math.fsum(inverse)


def check_reference_records(context: CheckContext) -> Iterator[Problem]:
    """References: what they price, their number, odds, evidence, and that they were priced
    before the claims they are compared with."""
    ledger = context.ledger
    questions = {q.id for q in ledger.questions}
    references = {r.id: r for r in ledger.references}
    for reference in ledger.references:
        yield from _targets("reference", reference)
        if reference.prediction is not None and reference.question is None:
            if not ledger.has_prediction(reference.prediction):
                if not context.unread("prediction", reference.prediction):
                    yield _problem(
                        "reference",
                        reference,
                        "prediction",
                        f"unknown prediction '{reference.prediction}'; correct the id",
                    )
            else:
                yield from _priced_before(reference, (ledger.prediction(reference.prediction),))
        elif reference.question is not None and reference.prediction is None:
            if reference.question not in questions:
                yield from _unknown_question(
                    context, "reference", reference, [q.id for q in ledger.questions]
                )
            else:
                yield from _priced_before(reference, ledger.on_question(reference.question))
        if reference.day > context.today:
            yield _problem(
                "reference",
                reference,
                "priced_at",
                f"{reference.priced_at.isoformat()} is in the future (today is "
                f"{context.today}); a price is recorded once it has held",
            )
        value = reference.probability
        if not math.isfinite(value) or not 0.0 < value < 1.0:
            yield _problem(
                "reference",
                reference,
                "probability",
                f"{value} is not strictly between 0 and 1; a price or a consensus is a "
                "probability such as 0.23 (a market at 23 cents), never 0, 1 or 23",
            )
        yield from _odds(reference)
        if not reference.evidence or not all(item.strip() for item in reference.evidence):
            yield _problem(
                "reference",
                reference,
                "evidence",
                "cite where the number can be checked (an archived page, a dataset), and no "
                "empty citation",
            )
        if reference.supersedes is not None:
            earlier = references.get(reference.supersedes)
            if earlier is None:
                if not context.unread("reference", reference.supersedes):
                    yield _problem(
                        "reference",
                        reference,
                        "supersedes",
                        f"unknown reference '{reference.supersedes}'",
                    )
            elif earlier.target != reference.target:
                yield _problem(
                    "reference",
                    reference,
                    "supersedes",
                    f"reference '{earlier.id}' prices '{earlier.target}', not "
                    f"'{reference.target}'; a correction supersedes a reference of the same "
                    f"{_target_word(reference)}",
                )


def _odds(reference: Reference) -> Iterator[Problem]:
    odds = reference.odds
    if odds is None:
        if reference.kind is ReferenceKind.BOOKMAKER:
            yield _problem(
                "reference",
                reference,
                "odds",
                "a bookmaker's reference gives its decimal odds, the claim's side first "
                "(odds = [1.8, 2.1]), so that the overround can be taken out",
            )
        return
    if len(odds) < 2:
        yield _problem(
            "reference",
            reference,
            "odds",
            "give the decimal odds of every outcome of the market, the claim's side first: "
            "at least two",
        )
        return
    bad = [value for value in odds if not math.isfinite(value) or value <= 1.0]
    if bad:
        yield _problem(
            "reference",
            reference,
            "odds",
            f"{bad[0]} is not decimal odds: decimal odds are above 1 (2.0 pays double the "
            "stake); convert fractional or American odds",
        )
        return
    expected = normalised_probability(odds)
    value = reference.probability
    if not math.isfinite(value) or abs(value - expected) > _ODDS_TOLERANCE:
        yield _problem(
            "reference",
            reference,
            "probability",
            f"{value} is not the odds' probability: odds not normalised for the overround: "
            f"(1/o1)/sum(1/oi) = {expected!r}; write probability = {expected!r}",
        )


def _priced_before(reference: Reference, claims: Iterable[Prediction]) -> Iterator[Problem]:
    """A reference priced on or after the day of every claim it could serve is refused: a price
    moves as the outcome becomes known, and the close is the outcome."""
    claims = list(claims)
    if not claims:
        return
    last = max(claims, key=lambda p: p.made_on.earliest)
    if reference.day < last.made_on.earliest:
        return  # it can serve a claim made after it (`Ledger.reference_for` picks)
    who = (
        f"prediction '{last.id}' was made ({last.made_on})"
        if reference.prediction is not None
        else f"any claim on question '{reference.question}' was made (the last, "
        f"'{last.id}', on {last.made_on})"
    )
    yield _problem(
        "reference",
        reference,
        "priced_at",
        f"{reference.priced_at.isoformat()} is not before {who}; record the price as it stood "
        "on an earlier day, never use a close price",
    )


Check = Callable[[CheckContext], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    check_slugs,
    check_unique_ids,
    check_references,
    check_source_texts,
    check_quotes,
    check_texts,
    check_placeholders,
    check_dates,
    check_probabilities,
    check_outcomes,
    check_questions,
    check_reference_records,
)


def check_ledger(
    ledger: Ledger,
    unreadable: frozenset[tuple[str, str]] = frozenset(),
    checks: Iterable[Check] = CHECKS,
    *,
    today: dt.date | None = None,
    before: Iterable[Problem] = (),
) -> list[Problem]:
    """Run every check and return all problems in file and line order, the consequences of
    others (goalposts that moved) last, so that a cause is read before what follows from it.
    `before` are problems found earlier (reading the files), sorted in with the rest."""
    context = CheckContext(ledger, unreadable)
    if today is not None:
        context.today = today
    problems: list[Problem] = list(before)
    for one_check in checks:
        problems.extend(one_check(context))
    return [*sorted_problems(problems), *sorted_problems(context.consequences)]


def check(subject: Ledger | ReadResult, *, today: dt.date | None = None) -> list[Problem]:
    """Every problem of a ledger, in file and line order (the goalposts that moved last): an
    empty list means it is sound. `today` (default: the system's date) is the day an outcome
    may not be resolved after.

    Given a reading (`read_ledger`), the problems that kept records from being read come with
    those between the records; the records left out are not reported missing elsewhere.
    """
    if isinstance(subject, Ledger):  # with the problems that left records out of it, if any
        return check_ledger(subject, subject.left_out, today=today, before=subject.problems)
    return check_ledger(subject.ledger, subject.unreadable, today=today, before=subject.problems)

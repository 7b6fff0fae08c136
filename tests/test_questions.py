"""Shared questions and reference probabilities: the records, reading them, and the Ledger API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from predictledger import (
    Horizon,
    Ledger,
    Match,
    Outcome,
    Prediction,
    Question,
    Reference,
    ReferenceKind,
    Verdict,
    load,
    question_digest,
    read_ledger,
)
from predictledger.errors import NotFoundError

from .ledger_factory import make_ledger

DAY = dt.date(2024, 3, 5)
QUESTION = Question(
    id="btc-100k-2024",
    claim="Bitcoin trades above 100,000 US dollars in 2024.",
    resolution="True if BTC/USD trades above 100,000 on any day of 2024.",
    horizon=Horizon(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
)


def claim(pid: str, *, question: str | None = QUESTION.id, negates: bool = False) -> Prediction:
    return Prediction(
        id=pid,
        source="s",
        author="a",
        made_on=DAY,
        claim="c",
        quote="q",
        horizon=Horizon(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
        sector="x",
        resolution="r",
        question=question,
        negates=negates,
    )


def question_outcome(
    verdict: Verdict, credit: float | None = None, *, oid: str = "btc-100k-2024-r1", **more: object
) -> Outcome:
    return Outcome(
        id=oid,
        question=QUESTION.id,
        verdict=verdict,
        credit=credit,
        resolved_on=dt.date(2024, 12, 6),
        evidence=("e",),
        digest=question_digest(QUESTION),
        **more,  # type: ignore[arg-type]
    )


def reference(
    rid: str,
    priced_at: dt.date | dt.datetime,
    *,
    probability: float = 0.23,
    on_question: bool = True,
    **more: object,
) -> Reference:
    return Reference(
        id=rid,
        question=QUESTION.id if on_question else None,
        prediction=None if on_question else "yes",
        kind=ReferenceKind.MARKET,
        probability=probability,
        priced_at=priced_at,
        match=Match.EXACT,
        evidence=("e",),
        **more,  # type: ignore[arg-type]
    )


def ledger(*outcomes: Outcome, references: tuple[Reference, ...] = ()) -> Ledger:
    return Ledger(
        root=Path("l"),
        predictions=(claim("yes"), claim("no", negates=True), claim("alone", question=None)),
        questions=(QUESTION,),
        outcomes=outcomes,
        references=references,
    )


def test_questions_are_looked_up_by_id_and_list_their_claims() -> None:
    held = ledger()
    assert held.questions == (QUESTION,)
    assert held.question(QUESTION.id) is QUESTION
    assert held.has_question(QUESTION.id)
    assert not held.has_question("yes")
    assert [p.id for p in held.on_question(QUESTION.id)] == ["yes", "no"]
    assert held.on_question("nothing") == ()
    with pytest.raises(NotFoundError, match="btc-100k-2024"):
        held.question("btc-100k-202")


def test_an_outcome_target_is_its_prediction_or_its_question() -> None:
    assert question_outcome(Verdict.TRUE).target == QUESTION.id
    assert attrs.evolve(question_outcome(Verdict.TRUE), question=None, prediction="p").target == "p"


@pytest.mark.parametrize(
    ("verdict", "credit", "seen", "seen_credit"),
    [
        (Verdict.TRUE, None, Verdict.FALSE, None),
        (Verdict.FALSE, None, Verdict.TRUE, None),
        (Verdict.PARTIAL, 0.25, Verdict.PARTIAL, 0.75),
        (Verdict.VOID, None, Verdict.VOID, None),
        (Verdict.AMBIGUOUS, None, Verdict.AMBIGUOUS, None),
    ],
)
def test_the_question_outcome_is_seen_from_each_claim(
    verdict: Verdict, credit: float | None, seen: Verdict, seen_credit: float | None
) -> None:
    written = question_outcome(verdict, credit)
    held = ledger(written)
    yes, no = held.outcome("yes"), held.outcome("no")
    assert yes is not None
    assert no is not None
    assert (yes.prediction, yes.question, yes.verdict, yes.credit) == ("yes", None, verdict, credit)
    assert (no.prediction, no.verdict, no.credit) == ("no", seen, seen_credit)
    assert yes.id == no.id == written.id
    assert yes.digest == written.digest
    assert held.outcome("alone") is None
    assert held.outcomes == (written,)  # the records as written
    assert held.question_outcome(QUESTION.id) == written


def test_a_question_outcome_counts_from_its_day_and_corrections_apply() -> None:
    first = question_outcome(Verdict.TRUE)
    fixed = attrs.evolve(
        question_outcome(Verdict.FALSE, oid="btc-100k-2024-r2"),
        supersedes=first.id,
        resolved_on=dt.date(2025, 1, 2),
    )
    held = ledger(first, fixed)
    assert held.outcome("yes", as_of=dt.date(2024, 12, 5)) is None
    early = held.outcome("no", as_of=dt.date(2024, 12, 31))
    assert early is not None
    assert early.verdict is Verdict.FALSE
    late = held.outcome("no")
    assert late is not None
    assert late.verdict is Verdict.TRUE
    assert late.id == fixed.id


def test_the_reference_is_the_latest_priced_strictly_before_the_claim_day() -> None:
    before = reference("day-before", DAY - dt.timedelta(days=1))
    earlier = reference("earlier", DAY - dt.timedelta(days=30), probability=0.5)
    same_day = reference("same-day", DAY)
    same_day_time = reference("same-day-time", dt.datetime(2024, 3, 5, 0, 1, tzinfo=dt.UTC))
    after = reference("after", DAY + dt.timedelta(days=1))
    held = ledger(references=(earlier, before, same_day, same_day_time, after))
    assert held.reference_for(held.prediction("yes")) == before
    assert held.reference_probability(held.prediction("yes")) == pytest.approx(0.23)
    assert held.reference_probability(held.prediction("no")) == pytest.approx(0.77)
    assert held.reference_for(held.prediction("alone")) is None
    assert held.reference_probability(held.prediction("alone")) is None
    only_late = ledger(references=(same_day, same_day_time, after))
    assert only_late.reference_for(only_late.prediction("yes")) is None


def test_superseded_references_are_left_out_and_times_order_one_day() -> None:
    morning = reference("morning", dt.datetime(2024, 3, 4, 9, 0))
    evening = reference("evening", dt.datetime(2024, 3, 4, 21, 0), probability=0.3)
    fixed = reference("fixed", dt.date(2024, 3, 1), probability=0.4, supersedes="evening")
    held = ledger(references=(evening, morning))
    assert held.reference_for(held.prediction("yes")) == evening
    held = ledger(references=(evening, morning, fixed))
    assert held.reference_for(held.prediction("yes")) == morning


def test_a_reference_on_the_claim_itself_is_not_negated() -> None:
    own = attrs.evolve(
        reference("own", DAY - dt.timedelta(days=2), on_question=False), prediction="no"
    )
    held = ledger(references=(own,))
    assert held.references_of("no") == (own,)
    assert held.reference_probability(held.prediction("no")) == pytest.approx(0.23)


QUESTIONS_FILE = """\
[[question]]
id = "btc-100k-2025"
claim = "Bitcoin trades above 100,000 US dollars before 2026."
resolution = "True if BTC/USD trades above 100,000 on any day before 2026."
horizon = { start = 2024-01-01, end = 2025-12-31 }
sector = "layer-2"

[[reference]]
id = "btc-100k-2025-market"
question = "btc-100k-2025"
kind = "market"
probability = 0.3
priced_at = 2023-12-01T10:00:00Z
match = "proxy"
evidence = ["A market page."]
platform = "manifold"
"""


def test_a_ledger_file_holds_questions_references_and_claims_on_them(tmp_path: Path) -> None:
    root = make_ledger(tmp_path)
    (root / "predictions" / "questions.toml").write_text(QUESTIONS_FILE, encoding="utf-8")
    source = root / "predictions" / "sources" / "techflow-zixi-2024-outlook.toml"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            'sector = "layer-2"\n\n[[prediction]]\nid = "zixi-rollups',
            'sector = "layer-2"\nquestion = "btc-100k-2025"\n\n[[prediction]]\nid = "zixi-rollups',
        ),
        encoding="utf-8",
    )
    for cache in (False, True, True):
        reading = read_ledger(root, cache=cache)
        assert reading.problems == ()
        held = reading.ledger
        (question,) = held.questions
        assert question.origin is not None
        assert question.origin.line == 1
        (priced,) = held.references
        assert priced.priced_at == dt.datetime(2023, 12, 1, 10, tzinfo=dt.UTC)
        assert priced.day == dt.date(2023, 12, 1)
        assert held.prediction("zixi-2025-btc-100k").question == "btc-100k-2025"
        assert held.reference_for(held.prediction("zixi-2025-btc-100k")) == priced
        assert held == load(root)


def test_a_question_digest_seals_id_claim_resolution_and_window() -> None:
    from predictledger._digest import DIGEST_FORM, changed_question_fields

    digest = question_digest(QUESTION)
    assert DIGEST_FORM.fullmatch(digest)
    assert changed_question_fields(digest, QUESTION) == []
    # Filing and remarks are not sealed.
    assert question_digest(attrs.evolve(QUESTION, sector="s", note="n")) == digest
    moved = attrs.evolve(
        QUESTION,
        resolution="True if it trades above 90,000.",
        horizon=Horizon(start=dt.date(2024, 1, 1), end=dt.date(2025, 6, 30)),
    )
    assert changed_question_fields(digest, moved) == ["resolution", "window"]
    assert changed_question_fields("sha256:" + "0" * 64, QUESTION) is None

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


def test_a_negating_claim_gets_one_minus_the_decimal_written() -> None:
    """1 - 0.7 is 0.3 for the claim that negates, as scoring reads it; the float subtraction
    would give 0.30000000000000004."""
    held = ledger(references=(reference("r", DAY - dt.timedelta(days=1), probability=0.7),))
    assert held.reference_probability(held.prediction("no")) == 0.3
    assert held.reference_probability(held.prediction("yes")) == 0.7


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


# -- checks ---------------------------------------------------------------------------------

ANA = "ana-2024-two-cuts"  # made on 2024-03-05
BTC = "zixi-2025-btc-100k"  # made on 2023-12-31
BTC_QUESTION = QUESTIONS_FILE.split("\n\n[[reference]]")[0] + "\n"


def ref_table(target: str = f'prediction = "{ANA}"', **fields: str) -> str:
    values = {
        "id": '"ref"',
        "kind": '"market"',
        "probability": "0.23",
        "priced_at": "2024-03-04",
        "match": '"exact"',
        "evidence": '["An archived market page."]',
    }
    values.update(fields)
    body = "\n".join(f"{key} = {value}" for key, value in values.items() if value)
    return f"\n[[reference]]\n{target}\n{body}\n"


def problems_of(tmp_path: Path, extra: str, *, linked: str = "", own: str = "") -> list[str]:
    """The problems `check` finds in the factory ledger with `predictions/questions.toml`
    holding `extra`, and `linked` added to the BTC claim's table."""
    from predictledger import check

    root = make_ledger(tmp_path)
    if extra:
        (root / "predictions" / "questions.toml").write_text(extra, encoding="utf-8")
    if linked:
        source = root / "predictions" / "sources" / "techflow-zixi-2024-outlook.toml"
        text = source.read_text(encoding="utf-8")
        marker = 'sector = "layer-2"\n\n[[prediction]]\nid = "zixi-rollups'
        source.write_text(
            text.replace(marker, marker.replace("\n\n", f"\n{linked}\n\n", 1)), encoding="utf-8"
        )
    if own:
        (root / "predictions" / "outcomes").mkdir(exist_ok=True)
        (root / "predictions" / "outcomes" / "own.toml").write_text(own, encoding="utf-8")
    return [
        str(problem) for problem in check(read_ledger(root, cache=False), today=DAY.replace(2026))
    ]


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_sound_reference_passes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, ref_table()) == []


@pytest.mark.parametrize(
    "priced_at", ["2024-03-05", "2024-03-05T00:00:01Z", "2024-03-05T23:59:00", "2024-04-01"]
)
def test_a_reference_priced_on_or_after_the_claim_day_is_refused(
    tmp_path: Path, priced_at: str
) -> None:
    problem = only(problems_of(tmp_path, ref_table(priced_at=priced_at)))
    assert problem.startswith("predictions/questions.toml:2: reference 'ref': field 'priced_at':")
    assert f"is not before prediction '{ANA}' was made (2024-03-05)" in problem
    assert "never use a close price" in problem


def test_a_reference_on_a_question_serves_the_claims_made_after_it(tmp_path: Path) -> None:
    target = 'question = "btc-100k-2025"'
    linked = 'question = "btc-100k-2025"'
    # The only claim on the question was made on 2023-12-31.
    sound = BTC_QUESTION + ref_table(target, priced_at="2023-12-30T23:00:00Z")
    assert problems_of(tmp_path / "a", sound, linked=linked) == []
    late = BTC_QUESTION + ref_table(target, priced_at="2023-12-31")
    problem = only(problems_of(tmp_path / "b", late, linked=linked))
    assert "field 'priced_at'" in problem
    assert f"any claim on question 'btc-100k-2025' was made (the last, '{BTC}'" in problem


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0.0", "0.0"), ("1.0", "1.0"), ("nan", "nan"), ("23", "23.0"), ("-0.2", "-0.2")],
)
def test_a_reference_probability_is_strictly_between_0_and_1(
    tmp_path: Path, value: str, shown: str
) -> None:
    problem = only(problems_of(tmp_path, ref_table(probability=value)))
    assert problem.startswith("predictions/questions.toml:2: reference 'ref': field 'probability':")
    assert f"{shown} is not strictly between 0 and 1" in problem


def test_bookmaker_odds_are_normalised_for_the_overround(tmp_path: Path) -> None:
    fair = (1 / 1.8) / (1 / 1.8 + 1 / 2.1)
    good = ref_table(kind='"bookmaker"', odds="[1.8, 2.1]", probability=repr(fair))
    assert problems_of(tmp_path / "good", good) == []
    raw = ref_table(kind='"bookmaker"', odds="[1.8, 2.1]", probability=repr(1 / 1.8))
    problem = only(problems_of(tmp_path / "raw", raw))
    assert "field 'probability'" in problem
    assert f"odds not normalised for the overround: (1/o1)/sum(1/oi) = {fair!r}" in problem
    missing = only(problems_of(tmp_path / "missing", ref_table(kind='"bookmaker"')))
    assert "field 'odds': a bookmaker's reference gives its decimal odds" in missing
    low = only(problems_of(tmp_path / "low", ref_table(kind='"bookmaker"', odds="[0.9, 2.0]")))
    assert "field 'odds': 0.9 is not decimal odds" in low
    one = only(problems_of(tmp_path / "one", ref_table(kind='"bookmaker"', odds="[1.0, 2.0]")))
    assert "field 'odds': 1.0 is not decimal odds" in one
    single = only(problems_of(tmp_path / "single", ref_table(kind='"bookmaker"', odds="[1.5]")))
    assert "at least two" in single


def test_a_reference_names_one_known_target(tmp_path: Path) -> None:
    unknown = only(problems_of(tmp_path / "p", ref_table('prediction = "nope"')))
    assert unknown == (
        "predictions/questions.toml:2: reference 'ref': field 'prediction': unknown prediction "
        "'nope'; correct the id"
    )
    question = only(problems_of(tmp_path / "q", ref_table('question = "nope"')))
    assert "field 'question': unknown question 'nope'" in question
    both = problems_of(
        tmp_path / "both",
        BTC_QUESTION + ref_table(f'prediction = "{ANA}"\nquestion = "btc-100k-2025"'),
    )
    assert any("names both prediction" in p and "question 'btc-100k-2025'" in p for p in both)
    neither = only(problems_of(tmp_path / "n", ref_table("")))
    assert 'name what it is of: prediction = "<id>" or question = "<id>"' in neither


def test_reference_evidence_and_supersedes(tmp_path: Path) -> None:
    empty = only(problems_of(tmp_path / "e", ref_table(evidence='[" "]')))
    assert "field 'evidence': cite where the number can be checked" in empty
    dangling = only(problems_of(tmp_path / "s", ref_table(supersedes='"old"')))
    assert "field 'supersedes': unknown reference 'old'" in dangling


def test_negates_needs_a_question(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, "", linked="negates = true"))
    assert problem.startswith("predictions/sources/techflow-zixi-2024-outlook.toml:")
    assert f"prediction '{BTC}': field 'negates': negates = true needs the question" in problem


def test_a_claim_on_an_unknown_question(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, BTC_QUESTION, linked='question = "btc-100k-2205"'))
    assert (
        "field 'question': unknown question 'btc-100k-2205' (did you mean 'btc-100k-2025'?)"
        in problem
    )


def question_outcome_table(
    digest: str, *, question: str = "btc-100k-2025", on: str = "2024-12-06"
) -> str:
    return (
        f'\n[[outcome]]\nid = "{question}-r1"\nquestion = "{question}"\nverdict = "true"\n'
        f'resolved_on = {on}\nevidence = ["Coinbase BTC-USD on 2024-12-05."]\ndigest = "{digest}"\n'
    )


def _btc_question() -> Question:
    import tomllib

    from predictledger._convert import structure

    return structure(tomllib.loads(BTC_QUESTION)["question"][0], Question)


def test_a_question_outcome_is_checked_against_the_question_digest(tmp_path: Path) -> None:
    digest = question_digest(_btc_question())
    linked = 'question = "btc-100k-2025"'
    assert (
        problems_of(tmp_path / "a", BTC_QUESTION + question_outcome_table(digest), linked=linked)
        == []
    )
    moved = BTC_QUESTION.replace("any day before 2026", "any day before 2027").replace(
        "end = 2025-12-31", "end = 2026-12-31"
    )
    problem = only(
        problems_of(tmp_path / "b", moved + question_outcome_table(digest), linked=linked)
    )
    assert problem.startswith("predictions/questions.toml:")
    assert (
        "field 'digest': goalposts moved: question 'btc-100k-2025' changed its resolution, "
        "window (horizon.start/end) since this verdict" in problem
    )
    unknown = only(
        problems_of(tmp_path / "c", BTC_QUESTION + question_outcome_table(digest, question="btc"))
    )
    assert "field 'question': unknown question 'btc'" in unknown


def test_a_claim_on_a_question_is_resolved_through_it(tmp_path: Path) -> None:
    from .ledger_factory import outcome_table

    root = make_ledger(tmp_path / "template")
    own = outcome_table(root, BTC, on=dt.date(2025, 1, 2))
    problem = only(
        problems_of(tmp_path / "a", BTC_QUESTION, linked='question = "btc-100k-2025"', own=own)
    )
    assert problem.startswith("predictions/outcomes/own.toml:1: outcome")
    assert "resolve the question instead (`predictledger resolve btc-100k-2025`)" in problem


def test_a_claim_made_after_its_question_was_resolved(tmp_path: Path) -> None:
    digest = question_digest(_btc_question())
    early = BTC_QUESTION + question_outcome_table(digest, on="2023-12-30")
    problem = only(problems_of(tmp_path, early, linked='question = "btc-100k-2025"'))
    assert f"prediction '{BTC}': field 'made_on': the claim was made (2023-12-31) after" in problem


def test_a_question_and_a_prediction_never_share_an_id(tmp_path: Path) -> None:
    clash = BTC_QUESTION.replace('id = "btc-100k-2025"', f'id = "{ANA}"')
    problem = only(problems_of(tmp_path, clash))
    assert f"question '{ANA}': field 'id': '{ANA}' is also the id of a prediction" in problem


def test_an_outcome_names_exactly_one_target(tmp_path: Path) -> None:
    digest = question_digest(_btc_question())
    both = question_outcome_table(digest).replace("question =", f'prediction = "{ANA}"\nquestion =')
    problems = problems_of(tmp_path / "a", BTC_QUESTION + both)
    assert any("names both prediction" in p for p in problems)
    neither = question_outcome_table(digest).replace('question = "btc-100k-2025"\n', "")
    assert any(
        'name what it is of: prediction = "<id>" or question = "<id>"' in p
        for p in problems_of(tmp_path / "b", BTC_QUESTION + neither)
    )


def test_a_reference_priced_in_the_future_is_refused(tmp_path: Path) -> None:
    from predictledger import check

    root = make_ledger(tmp_path)
    (root / "predictions" / "questions.toml").write_text(BTC_QUESTION + ref_table(
        'question = "btc-100k-2025"', priced_at="2027-01-01"
    ), encoding="utf-8")  # fmt: skip
    problems = [str(p) for p in check(read_ledger(root, cache=False), today=dt.date(2026, 1, 1))]
    assert only(problems).endswith(
        "field 'priced_at': 2027-01-01 is in the future (today is 2026-01-01); a price is "
        "recorded once it has held"
    )


def test_the_site_keeps_a_question_outcome_when_other_records_have_problems(
    tmp_path: Path,
) -> None:
    """The site builds from the sound records of a ledger with problems: a claim resolved
    through its question keeps that resolution (the outcome's target is the question)."""
    from predictledger._site.reading import read_sound

    digest = question_digest(_btc_question())
    broken = ref_table(probability="1.5")  # a problem elsewhere, so that records are left out
    problems_of(
        tmp_path,
        BTC_QUESTION + question_outcome_table(digest) + broken,
        linked=('question = "btc-100k-2025"'),
    )
    reading = read_sound(tmp_path)
    assert any("probability" in problem.message for problem in reading.problems)
    outcome = reading.ledger.outcome(BTC)
    assert outcome is not None
    assert outcome.verdict is Verdict.TRUE

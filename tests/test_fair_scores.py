"""Fair comparisons: scores against a reference, Metaculus' baseline and peer scores, two
authors head to head, the trend by year of resolution and calibration by horizon length."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from fractions import Fraction as F
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from predictledger import read_ledger
from predictledger._ledger import Ledger
from predictledger._records import (
    Horizon,
    Match,
    Outcome,
    Prediction,
    Question,
    Reference,
    ReferenceKind,
    Verdict,
)
from predictledger._report import render
from predictledger._report._sections import sections
from predictledger._report.head_to_head import render as render_head_to_head
from predictledger._score.fair import (
    baseline_term,
    bootstrap_interval,
    brier_difference_term,
    payout,
    question_peer_scores,
    relative_log_term,
)
from predictledger._score.groups import horizon_length, merge_groups, tally_groups
from predictledger._score.measures import probability_of
from predictledger._score.scorecard import scorecard
from predictledger._score.shared import (
    QuestionForecast,
    head_to_head,
    peer_scores,
    question_forecasts,
)
from predictledger._score.tally import Tally
from predictledger.errors import ScoringError
from tests.test_scorecard import AS_OF, worked_example
from tests.test_scoring import D, outcome, prediction

from .ledger_factory import ZIXI_SOURCE, make_ledger
from .oracles import scoring as oracle
from .test_scoring_properties import build, record_specs

# -- the worked example of docs/scoring.md, extended -------------------------------------------

MARKETS = {"a1": 0.8, "a2": 0.95, "a3": 0.6, "a4": 0.7, "a5": 0.5, "a7": 0.5, "a9": 0.25}
"""The reference probabilities of the worked example: a6 and a8 have none; a10 (void) and
a11 (ambiguous) have one, which never counts."""


BEFORE = D(2024, 1, 14)
"""The day before the worked example's claims were made."""


def market(pid: str, value: float, *, day: dt.date = BEFORE) -> Reference:
    return Reference(
        id=f"{pid}-m",
        prediction=pid,
        kind=ReferenceKind.MARKET,
        probability=value,
        priced_at=day,
        match=Match.EXACT,
        evidence=("A market's price history.",),
    )


def referenced_example() -> Ledger:
    references = [market(pid, value) for pid, value in MARKETS.items()]
    references += [market("a10", 0.6), market("a11", 0.4)]
    return attrs.evolve(worked_example(), references=tuple(references))


def test_the_worked_example_against_its_references() -> None:
    (ada,) = scorecard(referenced_example(), as_of=AS_OF).groups
    fair = ada.fair
    assert fair.referenced == 6  # a1-a5 and a7
    assert fair.brier_difference == F(-283, 2400)
    assert fair.market_skill == F(-283, 297)
    logs = [
        math.log(0.9 / 0.8),
        math.log(0.9 / 0.95),
        math.log(0.1 / 0.4),
        0.0,
        0.5 * math.log(0.7 / 0.5) + 0.5 * math.log(0.3 / 0.5),
        math.log(0.3 / 0.5),
    ]
    assert fair.relative_log == pytest.approx(100 * sum(logs) / 6)
    assert fair.relative_log == pytest.approx(-32.01, abs=0.005)
    assert fair.kelly_growth == pytest.approx(0.7261, abs=5e-5)
    assert fair.calls == 1  # a9; a11 is ambiguous
    assert fair.call_yield == 4
    assert (fair.yield_low, fair.yield_high) == (None, None)  # one call has no interval
    assert ada.log_score is not None
    assert fair.baseline == pytest.approx(100 * (1 + ada.log_score / math.log(2)))
    assert fair.baseline == pytest.approx(4.13, abs=0.005)


def test_without_references_only_the_baseline_is_scored() -> None:
    (ada,) = scorecard(worked_example(), as_of=AS_OF).groups
    assert ada.fair.referenced == ada.fair.calls == 0
    assert ada.fair.relative_log is None
    assert ada.fair.call_yield is None
    assert ada.fair.baseline is not None


def test_a_negating_claim_takes_one_minus_the_question_price_exactly() -> None:
    book = shared_ledger()
    (cy,) = [g for g in scorecard(book, as_of=D(2025, 6, 30)).groups if g.key == ("cy",)]
    # q1 is priced 0.7: cy says it will not happen, at 0.7, against a market at exactly 3/10.
    assert cy.tally.referenced[0].reference == F(3, 10)


def test_a_reference_outside_the_open_interval_cannot_be_scored() -> None:
    book = attrs.evolve(worked_example(), references=(market("a1", 1.0),))
    with pytest.raises(ScoringError, match="outside \\(0, 1\\)"):
        scorecard(book, as_of=AS_OF)


def test_a_reference_priced_on_the_claims_day_is_not_used() -> None:
    book = attrs.evolve(worked_example(), references=(market("a1", 0.8, day=D(2024, 1, 15)),))
    (ada,) = scorecard(book, as_of=AS_OF).groups
    assert ada.fair.referenced == 0


# -- the terms -----------------------------------------------------------------------------------

units = st.integers(1, 999).map(lambda k: F(k, 1000))
outcomes = st.integers(0, 20).map(lambda k: F(k, 20))
anywhere = st.integers(0, 1000).map(lambda k: F(k, 1000))


@given(anywhere, outcomes)
def test_a_forecast_equal_to_its_reference_scores_zero(p: F, y: F) -> None:
    assert relative_log_term(p, p, y) == 0.0
    assert brier_difference_term(p, p, y) == 0


@given(units, units, units)
def test_the_relative_log_score_is_strictly_proper_for_a_fixed_reference(p: F, q: F, m: F) -> None:
    """A forecaster who believes the event comes true with probability q expects the most
    from saying q: E[score(p)] - E[score(q)] = -KL(q || p) < 0 for p != q."""

    def expected(forecast: F) -> float:
        return float(q) * relative_log_term(forecast, m, F(1)) + float(1 - q) * relative_log_term(
            forecast, m, F(0)
        )

    if p != q:
        assert expected(p) < expected(q)


@given(units, st.lists(st.tuples(outcomes, st.integers(1, 5)), min_size=1, max_size=6))
def test_the_yield_has_expectation_one_when_the_reference_is_calibrated(
    m: F, spread: list[tuple[F, int]]
) -> None:
    """Exact expectation, no sample: outcomes y with any distribution whose mean is m (a
    calibrated reference) pay y / m, whose expectation is exactly 1."""
    assert m * payout(m, F(1)) + (1 - m) * payout(m, F(0)) == 1
    # Any distribution of partial credits with mean m: mix the spread with 0 and 1 to fix it.
    total = sum(w for _, w in spread)
    mean = sum((y * w for y, w in spread), F(0)) / total
    # weights: t on the spread, the rest on 1 or 0 so that the overall mean is m.
    if mean == m:
        distribution: list[tuple[F, F]] = [(y, F(w, total)) for y, w in spread]
    elif mean < m:
        t = (1 - m) / (1 - mean)
        distribution = [(y, t * w / total) for y, w in spread] + [(F(1), 1 - t)]
    else:
        t = m / mean
        distribution = [(y, t * w / total) for y, w in spread] + [(F(0), 1 - t)]
    assert sum(w for _, w in distribution) == 1
    assert sum(y * w for y, w in distribution) == m
    assert sum(w * payout(m, y) for y, w in distribution) == 1


def test_the_baseline_score_is_metaculus() -> None:
    assert round(baseline_term(F(9, 10), F(1)), 1) == 84.8
    assert round(baseline_term(F(9, 10), F(0)), 1) == -232.2
    assert round(baseline_term(F(1), F(1)), 1) == 99.9
    assert round(baseline_term(F(0), F(1)), 1) == -896.6
    assert baseline_term(F(1, 2), F(1)) == pytest.approx(0.0)
    assert baseline_term(F(1), F(1)) == pytest.approx(100 * math.log2(2 * 0.999))
    assert baseline_term(F(1), F(0)) == pytest.approx(100 * math.log2(2 * 0.001))
    assert baseline_term(F(9, 10), F(0)) == pytest.approx(100 * math.log2(0.2))
    # A partial outcome weighs both sides, as the log score does.
    assert baseline_term(F(7, 10), F(1, 2)) == pytest.approx(
        50 * math.log2(1.4) + 50 * math.log2(0.6)
    )


def test_payout_refuses_a_reference_of_zero() -> None:
    with pytest.raises(ValueError, match="\\(0, 1\\]"):
        payout(F(0), F(1))


# -- peers -----------------------------------------------------------------------------------------

authors = st.sampled_from(["ada", "bob", "cy", "dee"])
forecast_lists = st.lists(
    st.tuples(authors, st.sampled_from(["q1", "q2", "q3"]), anywhere, outcomes), max_size=25
)


def forecasts_of(items: list[tuple[str, str, F, F]]) -> list[QuestionForecast]:
    return [
        QuestionForecast(author=a, question=q, probability=p, outcome=y) for a, q, p, y in items
    ]


@given(forecast_lists)
def test_peer_scores_on_one_question_sum_to_zero(items: list[tuple[str, str, F, F]]) -> None:
    scores = peer_scores(forecasts_of(items))
    for question in {q for _, q in scores}:
        values = [v for (_, q), v in scores.items() if q == question]
        assert len(values) >= 2
        assert math.fsum(values) == pytest.approx(0, abs=1e-9 * max(1.0, *map(abs, values)))


@given(forecast_lists)
def test_peer_scores_are_the_references(items: list[tuple[str, str, F, F]]) -> None:
    assert peer_scores(forecasts_of(items)) == pytest.approx(oracle.peer_scores(items))


@given(forecast_lists, st.randoms(use_true_random=False))
def test_peer_scores_merge_by_question_and_ignore_order(
    items: list[tuple[str, str, F, F]], rng: random.Random
) -> None:
    whole = peer_scores(forecasts_of(items))
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert peer_scores(forecasts_of(shuffled)) == whole  # to the last bit
    merged: dict[tuple[str, str], float] = {}
    for question in ("q1", "q2", "q3"):
        merged |= peer_scores(forecasts_of([i for i in items if i[1] == question]))
    assert merged == whole


def test_one_author_counts_once_on_a_question() -> None:
    scores = question_peer_scores(
        {"ada": [(F(8, 10), F(1)), (F(6, 10), F(1))], "bob": [(F(1, 2), F(1))]}
    )
    ada = (math.log(0.8) + math.log(0.6)) / 2
    assert scores["ada"] == pytest.approx(100 * 2 * (ada - (ada + math.log(0.5)) / 2))
    assert question_peer_scores({"ada": [(F(8, 10), F(1))]}) == {}


# -- shared questions in a ledger --------------------------------------------------------------

Q_END = D(2024, 12, 31)


def question(qid: str) -> Question:
    return Question(
        id=qid,
        claim=f"Event {qid} happens in 2024.",
        resolution="As reported.",
        horizon=Horizon(start=D(2024, 1, 1), end=Q_END),
    )


def claim(pid: str, author: str, qid: str, p: float | None, *, negates: bool = False) -> Prediction:
    return attrs.evolve(
        prediction(pid, p, author=author), question=qid, negates=negates, sector="l2"
    )


def question_outcome(qid: str, verdict: str, credit: float | None = None) -> Outcome:
    return Outcome(
        id=f"{qid}-r1",
        question=qid,
        verdict=Verdict(verdict),
        credit=credit,
        resolved_on=D(2025, 1, 20),
        evidence=("Evidence.",),
        digest="sha256:" + "0" * 64,
    )


def shared_ledger() -> Ledger:
    """The shared-questions example of docs/scoring.md."""
    predictions = (
        claim("ada-q1", "ada", "q1", 0.8),
        claim("bob-q1", "bob", "q1", 0.6),
        claim("cy-q1", "cy", "q1", 0.7, negates=True),
        claim("ada-q2", "ada", "q2", 0.3),
        claim("bob-q2", "bob", "q2", 0.1),
        claim("ada-q3", "ada", "q3", 0.5),
        claim("bob-q3", "bob", "q3", 0.5),
        claim("ada-q4", "ada", "q4", 0.9),
        claim("bob-q4", "bob", "q4", None),
    )
    questions = tuple(question(q) for q in ("q1", "q2", "q3", "q4"))
    outcomes = (
        question_outcome("q1", "true"),
        question_outcome("q2", "false"),
        question_outcome("q3", "true"),
        question_outcome("q4", "true"),
    )
    references = (
        Reference(
            id="q1-m",
            question="q1",
            kind=ReferenceKind.MARKET,
            probability=0.7,
            priced_at=D(2024, 1, 10),
            match=Match.EXACT,
            evidence=("A market's price history.",),
        ),
    )
    return Ledger(
        root=worked_example().root,
        predictions=predictions,
        outcomes=outcomes,
        questions=questions,
        references=references,
    )


def test_the_peer_scores_of_the_shared_example() -> None:
    scores = peer_scores(question_forecasts(shared_ledger(), D(2025, 6, 30)))
    logs = {"ada": math.log(0.8), "bob": math.log(0.6), "cy": math.log(0.3)}
    mean = sum(logs.values()) / 3
    for author, value in logs.items():
        assert scores[(author, "q1")] == pytest.approx(150 * (value - mean))
    assert scores[("ada", "q1")] == pytest.approx(63.43, abs=0.005)
    assert scores[("cy", "q1")] == pytest.approx(-83.70, abs=0.005)
    assert scores[("ada", "q2")] == pytest.approx(100 * math.log(0.7 / 0.9))
    assert scores[("ada", "q3")] == 0.0
    assert ("ada", "q4") not in scores  # bob gave no probability: ada has no peer on q4
    card = scorecard(shared_ledger(), as_of=D(2025, 6, 30))
    by_key = {g.key: g for g in card.groups}
    assert by_key[("ada",)].peer_questions == 3
    assert by_key[("ada",)].peer_score == pytest.approx(
        (scores[("ada", "q1")] + scores[("ada", "q2")] + 0.0) / 3
    )
    assert by_key[("cy",)].peer_questions == 1
    assert card.total.peer_questions == 7
    assert round(by_key[("ada",)].peer_score or 0, 2) == 12.76
    assert round(by_key[("bob",)].peer_score or 0, 2) == 15.13
    assert by_key[("bob",)].peer_questions == 3
    assert scores[("bob", "q1")] == pytest.approx(20.27, abs=0.005)
    assert scores[("bob", "q2")] == pytest.approx(25.13, abs=0.005)


def test_a_groups_peer_score_comes_from_its_own_forecasts() -> None:
    # bob also made a call without a probability on q1: by basis, the "none" group holds it
    # and q4's call, neither of which has a peer score; bob's q1 peer score is the "stated"
    # group's alone.
    book = shared_ledger()
    book = attrs.evolve(
        book, predictions=(*book.predictions, claim("bob-q1-call", "bob", "q1", None))
    )
    groups = {g.key: g for g in scorecard(book, by="author,basis", as_of=AS_OF).groups}
    assert (groups[("bob", "none")].peer_score, groups[("bob", "none")].peer_questions) == (None, 0)
    assert groups[("bob", "stated")].peer_questions == 3
    assert groups[("bob", "stated")].peer_score == pytest.approx(15.1349, abs=1e-4)


def test_head_to_head_of_the_shared_example() -> None:
    result = head_to_head(question_forecasts(shared_ledger(), D(2025, 6, 30)), "ada", "bob")
    assert result.shared == 3  # q4: bob gave no probability
    assert (result.wins, result.losses, result.ties) == (1, 1, 1)
    differences = [v.difference for v in result.questions]
    assert [v.question for v in result.questions] == ["q1", "q2", "q3"]
    assert differences == pytest.approx([100 * math.log(0.8 / 0.6), 100 * math.log(0.7 / 0.9), 0.0])
    assert result.mean_difference == pytest.approx(sum(differences) / 3)
    assert result.low is not None
    assert result.high is not None
    assert result.mean_difference is not None
    assert result.low <= result.mean_difference <= result.high
    # The figures of docs/scoring.md.
    assert [round(v.score_a, 1) for v in result.questions] == [-22.3, -35.7, -69.3]
    assert [round(v.score_b, 1) for v in result.questions] == [-51.1, -10.5, -69.3]
    assert round(result.mean_difference, 1) == 1.2
    assert (round(result.low, 1), round(result.high, 1)) == (-25.1, 28.8)
    # Before the questions were resolved there is nothing to compare.
    early = head_to_head(question_forecasts(shared_ledger(), D(2024, 12, 31)), "ada", "bob")
    assert early.shared == 0
    assert early.mean_difference is None
    assert early.low is None


def test_the_head_to_head_counts_read_in_the_singular_and_plural() -> None:
    one_each = head_to_head(question_forecasts(shared_ledger(), D(2025, 6, 30)), "ada", "bob")
    text = render_head_to_head(one_each, "table", label_a="ada", label_b="bob", as_of="x")
    assert "3 shared questions: ada 1 win, 1 loss, 1 tie\n" in text
    two = attrs.evolve(one_each, wins=2, losses=0, ties=2)
    text = render_head_to_head(two, "markdown", label_a="ada", label_b="bob", as_of="x")
    assert "3 shared questions: ada 2 wins, 0 losses, 2 ties\n" in text


@given(st.lists(st.floats(-500, 500), min_size=2, max_size=30), st.randoms(use_true_random=False))
@example([0.0, 0.0, 341.5043051445506], random.Random(0))
@example([341.7605751868824] * 3, random.Random(0))
def test_the_bootstrap_is_seeded_and_ignores_order(values: list[float], rng: random.Random) -> None:
    interval = bootstrap_interval(values)
    assert interval is not None
    shuffled = values[:]
    rng.shuffle(shuffled)
    assert bootstrap_interval(shuffled) == interval
    assert min(values) <= interval[0] <= interval[1] <= max(values)


def test_the_bootstrap_interval_is_the_2_5th_to_97_5th_percentile() -> None:
    # 40 values, half 0 and half 1: a resample's mean is Binomial(40, 1/2) / 40, whose 2.5th
    # and 97.5th percentiles are 14/40 and 26/40 (P(X <= 13) = 0.019, P(X <= 14) = 0.040).
    # Of 2000 resamples about 38 fall below 14 and 80 at most on it, so the 50th sorted mean
    # is 14/40 (the 5th percentile would be 15/40, the extremes 8/40 or so), and symmetrically.
    assert bootstrap_interval([0.0] * 20 + [1.0] * 20) == (14 / 40, 26 / 40)


# -- merging and the reference oracle ---------------------------------------------------------


@st.composite
def referenced_ledgers(draw: st.DrawFn) -> Ledger:
    specs = draw(st.lists(record_specs, max_size=20))
    pairs = [build(index, spec) for index, spec in enumerate(specs)]
    references = []
    for p, _ in pairs:
        if draw(st.booleans()):
            value = draw(st.integers(1, 999)) / 1000
            day = p.made_on.earliest - dt.timedelta(days=draw(st.integers(1, 30)))
            references.append(market(p.id, value, day=day))
    return Ledger(
        root=worked_example().root,
        predictions=tuple(p for p, _ in pairs),
        outcomes=tuple(o for _, o in pairs if o is not None),
        references=tuple(references),
    )


def fair_parts(tally: Tally) -> dict[str, object]:
    fair = tally.fair()
    return {name: getattr(fair, name) for name in oracle.fair_parts(tally)}


@given(referenced_ledgers(), st.integers(0, 365 * 7), st.randoms(use_true_random=False))
def test_merging_shards_equals_the_whole_for_every_new_measure(
    book: Ledger, days: int, rng: random.Random
) -> None:
    as_of = D(2020, 1, 1) + dt.timedelta(days=days)
    whole = tally_groups(book, ("author",), as_of)
    predictions = list(book.predictions)
    rng.shuffle(predictions)
    cut = rng.randint(0, len(predictions))
    shards = [
        tally_groups(book, ("author",), as_of, predictions[:cut]),
        tally_groups(book, ("author",), as_of, predictions[cut:]),
    ]
    merged = merge_groups(*shards)
    assert merged == whole
    for key, tally in whole.items():
        assert merged[key].fair() == tally.fair()
        parts = oracle.fair_parts(tally)
        engine = fair_parts(tally)
        for name in ("referenced", "calls", "brier_difference", "market_skill", "call_yield"):
            assert engine[name] == parts[name], name  # exact: Fractions and counts
        for name in ("brier_difference", "market_skill", "call_yield"):
            assert engine[name] is None or isinstance(engine[name], F)
        for name in ("relative_log", "kelly_growth", "baseline"):
            if parts[name] is None:
                assert engine[name] is None, name
            else:
                assert engine[name] == pytest.approx(parts[name], rel=1e-12, abs=1e-12), name


# -- over time and by horizon -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "length"),
    [
        (D(2024, 4, 14), "under-3m"),
        (D(2024, 4, 15), "3-12m"),
        (D(2025, 1, 15), "3-12m"),
        (D(2025, 1, 16), "over-1y"),
        (None, "open-ended"),
    ],
)
def test_horizon_lengths_have_exact_boundaries(end: dt.date | None, length: str) -> None:
    assert horizon_length(prediction("x", 0.5, made=D(2024, 1, 15), end=end)) == length


def test_a_month_end_moves_to_the_last_day_of_a_shorter_month() -> None:
    made = D(2023, 11, 30)  # three months on is 29 February 2024
    assert horizon_length(prediction("x", 0.5, made=made, end=D(2024, 2, 28))) == "under-3m"
    assert horizon_length(prediction("x", 0.5, made=made, end=D(2024, 2, 29))) == "3-12m"


def trend_ledger() -> Ledger:
    predictions = [
        prediction("t1", 0.9, made=D(2023, 1, 10), end=D(2023, 2, 1)),
        prediction("t2", 0.8, made=D(2023, 1, 10), end=D(2023, 12, 1)),
        prediction("t3", 0.6, made=D(2023, 1, 10), end=D(2025, 6, 1)),
        prediction("t4", None, made=D(2023, 1, 10), end=D(2023, 12, 1)),
        prediction("t5", 0.3, made=D(2023, 1, 10), end=D(2024, 1, 5)),
    ]
    outcomes = [
        outcome("t1", "true", on=D(2023, 2, 2)),
        outcome("t2", "false", on=D(2023, 12, 2)),
        outcome("t3", "partial", 0.5, on=D(2025, 6, 2)),
        outcome("t4", "true", on=D(2024, 1, 3)),
        outcome("t5", "void", on=D(2024, 1, 6)),
    ]
    return Ledger(
        root=worked_example().root, predictions=tuple(predictions), outcomes=tuple(outcomes)
    )


def test_the_trend_by_year_of_resolution_and_calibration_by_horizon() -> None:
    (ada,) = scorecard(trend_ledger(), as_of=D(2025, 6, 30)).groups
    years = {row.key: row for row in ada.by_resolution_year}
    assert list(years) == ["2023", "2024", "2025"]
    assert years["2023"].scored == 2
    assert years["2023"].hit_rate == 0.5
    assert years["2023"].brier == pytest.approx((0.01 + 0.64) / 2)
    assert years["2024"].scored == 1
    assert years["2024"].forecasts == 0
    assert years["2024"].tally.counts.void == 1
    assert years["2025"].brier == pytest.approx(0.01)
    lengths = {row.key: row for row in ada.by_horizon_length}
    assert list(lengths) == ["under-3m", "3-12m", "over-1y"]
    assert lengths["under-3m"].forecasts == 1
    assert lengths["under-3m"].observed == 1
    assert lengths["3-12m"].forecasts == 1  # t2; t4 has no probability, t5 is void
    assert lengths["3-12m"].mean_forecast == pytest.approx(0.8)
    assert lengths["over-1y"].mean_forecast == pytest.approx(0.6)
    assert lengths["over-1y"].observed == pytest.approx(0.5)
    assert lengths["over-1y"].reliability == pytest.approx(0.01)
    # Every year's and every horizon's tally merges back into the group's.
    assert Tally.sum(r.tally for r in ada.by_horizon_length) == ada.tally
    resolved = Tally.sum(r.tally for r in ada.by_resolution_year)
    assert resolved.counts.resolved == ada.counts.resolved
    assert resolved.forecasts == ada.tally.forecasts


# -- every format ------------------------------------------------------------------------------


def test_every_format_shows_the_new_sections() -> None:
    card = scorecard(referenced_example(), as_of=AS_OF)
    table = render(card, "table")
    for title in ("Fair comparisons", "By year of resolution", "Calibration by horizon length"):
        assert title in table
        assert title in render(card, "markdown")
        assert f"<h2>{title}</h2>" in render(card, "html")
    assert "-32.0" in table
    assert "0.726" in table
    assert "4.00" in table
    html = render(card, "html")
    assert "yield of 1 call:<" in html  # a9
    # The group's figures give every score against the reference that the table does.
    assert "Kelly 0.726, Brier difference -0.118, Brier skill -0.95" in html
    data = json.loads(render(card, "json"))
    (ada,) = data["groups"]
    assert ada["fair"]["referenced"] == 6
    assert ada["fair"]["market_skill"] == pytest.approx(-283 / 297)
    assert ada["fair"]["yield"] == 4.0
    assert ada["fair"]["yield_low"] is None
    assert ada["peer_score"] is None
    assert ada["peer_questions"] == 0
    assert [row["year"] for row in ada["by_resolution_year"]] == ["2025"]
    assert [row["horizon"] for row in ada["by_horizon_length"]] == ["3-12m", "over-1y"]  # a12
    assert len(ada["by_horizon_length"][0]["calibration"]) == 10
    assert data["total"]["by_resolution_year"] == []
    assert data["total"]["fair"]["referenced"] == 6
    # Each claim's row carries the m it was scored against, so a reader can redo the sums.
    rows = {row["id"]: row for row in ada["predictions"]}
    assert (rows["a1"]["reference"], rows["a9"]["reference"], rows["a6"]["reference"]) == (
        0.8,
        0.25,
        None,
    )
    assert (rows["a1"]["question"], rows["a1"]["negates"]) == (None, False)


def test_a_row_carries_a_reference_only_once_its_claim_is_resolved() -> None:
    # A reference outside (0, 1) cannot be scored; on a pending claim it is not looked at,
    # as the tally does not look at it, so the scorecard is still produced.
    book = referenced_example()
    book = attrs.evolve(book, references=(*book.references, market("a12", 1.5)))
    data = json.loads(render(scorecard(book, as_of=AS_OF), "json"))
    rows = {row["id"]: row for row in data["groups"][0]["predictions"]}
    assert rows["a12"]["status"] == "pending"
    assert rows["a12"]["reference"] is None
    assert rows["a10"]["reference"] == 0.6  # void, but resolved


def test_a_negating_claims_row_carries_one_minus_the_question_price() -> None:
    data = json.loads(render(scorecard(shared_ledger(), as_of=AS_OF), "json"))
    rows = {row["id"]: row for group in data["groups"] for row in group["predictions"]}
    on_q1 = {i: rows[i] for i in rows if rows[i]["question"] == "q1"}
    assert sorted((row["author"], row["negates"], row["reference"]) for row in on_q1.values()) == [
        ("ada", False, 0.7),
        ("bob", False, 0.7),
        ("cy", True, 0.3),  # 1 - 0.7 exactly, not 0.30000000000000004
    ]


def test_every_column_of_the_fair_section_is_explained_below_it() -> None:
    card = scorecard(referenced_example(), as_of=AS_OF)
    (fair, _, lengths) = sections(card)
    notes = "\n".join(fair.notes)
    for header in fair.headers[1:]:
        name = header.removesuffix(" (pairs)").removesuffix(" 95% CI")
        assert f"{name}:" in notes, header
    # Every horizon length a row can carry is named under the table.
    assert all(label in " ".join(lengths.notes) for label in ("under 3", "3-12", "over a", "open"))


def test_a_scorecard_without_forecasts_has_no_fair_section() -> None:
    book = Ledger(
        root=worked_example().root,
        predictions=(prediction("n1", None),),
        outcomes=(outcome("n1", "true"),),
    )
    text = render(scorecard(book, as_of=AS_OF), "table")
    assert "Fair comparisons" not in text
    assert "By year of resolution" in text


# -- what the docs say the engine does ---------------------------------------------------------


@pytest.mark.parametrize("cache", [False, True])
def test_a_probability_is_the_float_written_read_back_as_its_shortest_decimal(
    tmp_path: Path, cache: bool
) -> None:
    """The TOML reader rounds the decimal written to the nearest double, and the engine reads
    that double as the shortest decimal that rounds to it: 0.20000000000000001 is the double of
    0.2, so it is 1/5; 0.19999999999999999 is a different double, read as 0.19999999999999998."""
    root = make_ledger(tmp_path)
    source = root / "predictions" / "sources" / f"{ZIXI_SOURCE}.toml"
    text = source.read_text(encoding="utf-8")
    assert "value = 0.7," in text
    for written, expected in [
        ("0.20000000000000001", F(1, 5)),
        ("0.19999999999999999", F(19999999999999998, 10**17)),
        ("0.30000000000000004", F(30000000000000004, 10**17)),
    ]:
        source.write_text(text.replace("value = 0.7,", f"value = {written},"), encoding="utf-8")
        for _ in range(2 if cache else 1):
            held = read_ledger(root, cache=cache).ledger
            found = held.prediction("zixi-2024-l2-competition")
            assert probability_of(found) == expected


def test_fractional_successes_enter_the_wilson_interval_as_they_are() -> None:
    """Six halves rank like three of six: the same credit over the same n."""
    halves = [prediction(f"h{i}", 0.5, author="halves") for i in range(6)]
    whole = [prediction(f"w{i}", 0.5, author="whole") for i in range(6)]
    outcomes = [outcome(p.id, "partial", 0.5) for p in halves]
    outcomes += [outcome(p.id, "true" if i < 3 else "false") for i, p in enumerate(whole)]
    book = Ledger(
        root=worked_example().root, predictions=(*halves, *whole), outcomes=tuple(outcomes)
    )
    card = scorecard(book, as_of=AS_OF)
    first, second = card.groups
    assert first.tally.credit == second.tally.credit == 3
    assert (first.hit_rate_low, first.hit_rate_high) == (second.hit_rate_low, second.hit_rate_high)
    assert first.rank == second.rank == 1


def test_the_yield_of_several_calls_has_a_seeded_interval() -> None:
    calls = [prediction(f"c{i}", None) for i in range(6)]
    verdicts = ["true", "true", "false", "true", "false", "partial"]
    outcomes = [
        outcome(p.id, v, 0.5 if v == "partial" else None)
        for p, v in zip(calls, verdicts, strict=True)
    ]
    prices = [0.5, 0.25, 0.8, 0.4, 0.6, 0.5]
    book = Ledger(
        root=worked_example().root,
        predictions=tuple(calls),
        outcomes=tuple(outcomes),
        references=tuple(market(p.id, m) for p, m in zip(calls, prices, strict=True)),
    )
    (ada,) = scorecard(book, as_of=AS_OF).groups
    fair = ada.fair
    assert fair.calls == 6
    assert fair.referenced == 0
    # Payouts 2, 4, 0, 2.5, 0 and 0.5 / 0.5 = 1: 9.5 / 6.
    assert fair.call_yield == F(19, 12)
    assert fair.yield_low is not None
    assert fair.yield_high is not None
    assert 0 <= fair.yield_low < float(fair.call_yield) < fair.yield_high <= 4
    again = scorecard(attrs.evolve(book, predictions=tuple(reversed(calls))), as_of=AS_OF)
    assert again.groups[0].fair == fair
    # The HTML group figures give the interval, as the table does.
    interval = f"{fair.yield_low:.2f} to {fair.yield_high:.2f}"
    assert f"yield of 6 calls:</strong> 1.58 (95% interval {interval})" in render(again, "html")
    assert interval in render(again, "table")

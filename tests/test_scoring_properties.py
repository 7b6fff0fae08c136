"""Properties of the scoring engine, checked with hypothesis.

The ledgers drawn here are small and made of simple records, so each example is cheap: the
interest is in the combinations of statuses, verdicts, probabilities and dates. The engine's
tallies and scores are compared with the textbook reference of `tests/oracles/scoring.py`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from predictledger._ledger import Ledger
from predictledger._records import (
    Basis,
    Horizon,
    Kind,
    Outcome,
    Prediction,
    Probability,
    Verdict,
)
from predictledger._score.groups import group_key, merge_groups, tally_groups, tally_one
from predictledger._score.measures import LOG_EPSILON, bin_index, brier_term, log_term, wilson
from predictledger._score.scorecard import scorecard
from predictledger._score.tally import Counts, ForecastCount, Tally
from predictledger.errors import ScoringError

from .oracles import scoring as oracle

D = dt.date
DIGEST = "sha256:" + "0" * 64
START = D(2020, 1, 1)
AS_OF = D(2024, 6, 30)

# Probabilities as a keeper writes them: round numbers, a few edge cases and some finer ones.
probability_values = st.one_of(
    st.sampled_from([0.0, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0]),
    st.integers(0, 1000).map(lambda k: k / 1000),
)
credits = st.integers(0, 20).map(lambda k: k / 20)
days = st.integers(0, 365 * 6)


# A record is drawn as a flat tuple of plain values and built afterwards: strategies made once
# at import time and few draws per record keep each example cheap.
_VERDICTS = st.sampled_from(list(Verdict))
record_specs = st.tuples(
    days,  # made, in days after START
    st.none() | st.integers(0, 365 * 4),  # horizon length in days; None is open-ended
    st.none() | probability_values,
    st.sampled_from(list(Basis)),
    st.sampled_from(["ada", "bob", "cy"]),
    st.sampled_from(["l2", "macro"]),
    st.sampled_from(["s1", "s2"]),
    st.sampled_from([Kind.FORECAST, Kind.FORECAST, Kind.COMMITMENT, Kind.ABSTENTION]),
    st.booleans(),  # conditional
    st.none() | st.tuples(_VERDICTS, st.integers(0, 365 * 5), credits),  # the outcome
)

Spec = tuple[
    int,
    int | None,
    float | None,
    Basis,
    str,
    str,
    str,
    Kind,
    bool,
    tuple[Verdict, int, float] | None,
]


def build(index: int, spec: Spec) -> tuple[Prediction, Outcome | None]:
    """One prediction and maybe its outcome, anywhere between 2020 and 2026."""
    made_day, length, value, basis, author, sector, source, kind, conditional, result = spec
    pid = f"p{index}"
    made = START + dt.timedelta(days=made_day)
    prediction = Prediction(
        id=pid,
        source=source,
        author=author,
        made_on=made,
        claim="A claim.",
        quote="Une citation.",
        horizon=Horizon(
            phrase="bientôt",
            start=made,
            end=None if length is None else made + dt.timedelta(days=length),
        ),
        sector=sector,
        kind=kind,
        probability=None if value is None else Probability(value=value, basis=basis),
        condition="If it rains" if conditional else None,
    )
    if result is None:
        return prediction, None
    verdict, delay, credit = result
    outcome = Outcome(
        id=f"{pid}-r1",
        prediction=pid,
        verdict=verdict,
        resolved_on=made + dt.timedelta(days=delay),
        evidence=("Evidence.",),
        digest=DIGEST,
        credit=credit if verdict is Verdict.PARTIAL else None,
    )
    return prediction, outcome


def build_ledger(specs: Sequence[Spec]) -> Ledger:
    pairs = [build(index, spec) for index, spec in enumerate(specs)]
    return make_ledger([p for p, _ in pairs], [o for _, o in pairs if o is not None])


def ledgers(max_size: int = 20) -> st.SearchStrategy[Ledger]:
    return st.lists(record_specs, max_size=max_size).map(build_ledger)


def make_ledger(predictions: Sequence[Prediction], outcomes: Sequence[Outcome]) -> Ledger:
    return Ledger(root=Path("."), predictions=tuple(predictions), outcomes=tuple(outcomes))


as_of_dates = st.integers(0, 365 * 7).map(lambda d: START + dt.timedelta(days=d))
groupings = st.sampled_from(
    [("author",), ("sector",), ("horizon",), ("year",), ("author", "sector"), ("author", "basis")]
)


def scores(tally: Tally) -> tuple[object, ...]:
    """Everything a tally scores, leaving out the counts of claims."""
    return (
        tally.hit_rate(),
        tally.hit_interval(),
        tally.brier(),
        tally.log_score(),
        tally.brier_skill(),
        tally.brier_skill_base_rate(),
        tally.calibration(),
        tally.murphy(),
    )


# -- bounds ------------------------------------------------------------------------------------


@given(ledgers(), as_of_dates, groupings)
def test_every_rate_and_score_is_within_its_bounds(
    ledger: Ledger, as_of: dt.date, by: tuple[str, ...]
) -> None:
    card = scorecard(ledger, by=by, as_of=as_of)
    for group in (*card.groups, card.total):
        counts = group.counts
        assert counts.made == counts.abstentions + counts.pending + counts.due + counts.resolved
        assert counts.resolved == (
            counts.hits + counts.misses + counts.partial + counts.void + counts.ambiguous
        )
        if group.scored:
            assert group.hit_rate is not None
            assert group.hit_rate_low is not None
            assert group.hit_rate_high is not None
            assert 0 <= group.hit_rate_low <= group.hit_rate <= group.hit_rate_high <= 1
        else:
            assert group.hit_rate is None
        if group.forecasts:
            assert group.brier is not None
            assert group.log_score is not None
            assert 0 <= group.brier <= 1
            assert math.log(LOG_EPSILON) - 1e-12 <= group.log_score <= 0
            for skill in (group.brier_skill, group.brier_skill_base_rate):
                assert skill is None or skill <= 1
            assert group.murphy is not None
            assert group.murphy.reliability >= 0
            assert group.murphy.resolution >= 0
            assert 0 <= group.murphy.uncertainty <= F(1, 4)
        else:
            assert group.brier is None
            assert group.log_score is None
            assert group.murphy is None
        share = group.void_ambiguous_share
        assert share is None or 0 <= share <= 1
        assert sum(b.count for b in group.calibration) == group.forecasts
        for b in group.calibration:
            if b.count:
                assert b.mean_forecast is not None
                assert b.observed is not None
                assert b.low is not None
                assert b.high is not None
                assert b.lower <= b.mean_forecast <= b.upper
                assert 0 <= b.low <= b.observed <= b.high <= 1
        assert group.graded == (group.scored >= card.min_graded)
        assert (group.rank is not None) == (group.graded and bool(group.key))


# -- order and sharding ------------------------------------------------------------------------


@given(ledgers(), as_of_dates, groupings, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_records(
    ledger: Ledger, as_of: dt.date, by: tuple[str, ...], rng: random.Random
) -> None:
    predictions, outcomes = list(ledger.predictions), list(ledger.outcomes)
    rng.shuffle(predictions)
    rng.shuffle(outcomes)
    shuffled = make_ledger(predictions, outcomes)
    assert tally_groups(shuffled, by, as_of) == tally_groups(ledger, by, as_of)
    original, reordered = scorecard(ledger, by, as_of), scorecard(shuffled, by, as_of)
    assert [g.key for g in original.groups] == [g.key for g in reordered.groups]
    pairs = zip(
        (*original.groups, original.total), (*reordered.groups, reordered.total), strict=True
    )
    for a, b in pairs:
        assert a.tally == b.tally
        # Floats derived from equal tallies are equal to the last bit, log score included.
        assert scores(a.tally) == scores(b.tally)
        assert (a.hit_rate, a.brier, a.log_score, a.rank) == (
            b.hit_rate,
            b.brier,
            b.log_score,
            b.rank,
        )


@given(ledgers(), as_of_dates, groupings)
def test_group_tallies_are_the_sums_of_the_tallies_of_one(
    ledger: Ledger, as_of: dt.date, by: tuple[str, ...]
) -> None:
    # tally_groups and the scorecard count per group; the reference's tally of each
    # prediction, summed, is what they must give.
    members: dict[tuple[str, ...], list[Tally]] = {}
    for prediction in ledger.predictions:
        if prediction.made_on.latest <= as_of:
            key = group_key(prediction, by)
            reference = oracle.tally_one(ledger, prediction, as_of)
            assert tally_one(ledger, prediction, as_of) == reference
            members.setdefault(key, []).append(reference)
    expected = {key: Tally.sum(tallies) for key, tallies in members.items()}
    assert tally_groups(ledger, by, as_of) == expected
    card = scorecard(ledger, by, as_of)
    assert {g.key: g.tally for g in card.groups} == expected
    assert card.total.tally == Tally.sum(expected.values())


@pytest.mark.parametrize(
    ("probability", "verdict", "credit", "message"),
    [
        (1.5, Verdict.TRUE, None, "probability outside"),
        (float("nan"), Verdict.FALSE, None, "not a finite number"),
        (0.5, Verdict.PARTIAL, None, "partial but has no credit"),
        (0.5, Verdict.PARTIAL, -0.25, "credit outside"),
        (0.5, Verdict.PARTIAL, float("inf"), "not a finite number"),
    ],
)
def test_group_tallies_refuse_what_tally_one_refuses(
    probability: float, verdict: Verdict, credit: float | None, message: str
) -> None:
    good = [
        Prediction(
            id=f"p{index}",
            source="s",
            author="ada",
            made_on=START,
            claim="c",
            quote="q",
            horizon=Horizon(phrase="2021", start=START, end=D(2021, 1, 1)),
            sector="x",
            probability=Probability(value=value, basis=Basis.STATED),
        )
        for index, value in enumerate((0.5, probability))
    ]
    outcomes = [
        Outcome(
            id=f"{p.id}-r1",
            prediction=p.id,
            verdict=v,
            resolved_on=D(2022, 1, 1),
            evidence=("e",),
            digest=DIGEST,
            credit=c,
        )
        for p, v, c in zip(good, (Verdict.TRUE, verdict), (None, credit), strict=True)
    ]
    ledger = make_ledger(good, outcomes)
    with pytest.raises(ScoringError, match=message) as reference:
        oracle.tally_one(ledger, good[1], AS_OF)
    with pytest.raises(ScoringError, match=message) as alone:
        tally_one(ledger, good[1], AS_OF)
    assert str(alone.value) == str(reference.value)
    with pytest.raises(ScoringError, match=message) as grouped:
        tally_groups(ledger, ("author",), AS_OF)
    assert str(grouped.value) == str(reference.value)
    with pytest.raises(ScoringError, match=message) as carded:
        scorecard(ledger, "author", AS_OF)
    assert str(carded.value) == str(reference.value)


def assert_scores_are_the_references(tally: Tally) -> None:
    """`Tally.scores` (integer sums over one denominator) gives what the reference's sums of
    Fractions give, exactly, the log score to the last bit; so does each method."""
    expected = oracle.scores(tally)
    scores = tally.scores()
    assert scores.brier == expected.brier
    assert scores.base_rate == expected.base_rate
    assert scores.uncertainty == expected.uncertainty
    assert scores.brier_skill == expected.brier_skill
    assert scores.brier_skill_base_rate == expected.brier_skill_base_rate
    assert scores.log_score == expected.log_score
    assert scores.calibration == expected.calibration
    assert scores.murphy == expected.murphy
    assert scores == expected
    assert tally.brier() == expected.brier
    assert tally.base_rate() == expected.base_rate
    assert tally.uncertainty() == expected.uncertainty
    assert tally.brier_skill() == expected.brier_skill
    assert tally.brier_skill_base_rate() == expected.brier_skill_base_rate
    assert tally.log_score() == expected.log_score
    assert tally.calibration() == expected.calibration
    assert tally.murphy() == expected.murphy


@given(ledgers(), as_of_dates, groupings)
def test_the_scores_are_those_of_the_reference(
    ledger: Ledger, as_of: dt.date, by: tuple[str, ...]
) -> None:
    for tally in (*tally_groups(ledger, by, as_of).values(), Tally.empty()):
        assert_scores_are_the_references(tally)


_unit_fractions = st.one_of(
    st.fractions(0, 1, max_denominator=10**6),
    st.sampled_from([F(0), F(1), F(1, 1000), F(999, 1000), F(1, 1001), F(1000, 1001)]),
)


@given(
    st.dictionaries(
        st.tuples(_unit_fractions, _unit_fractions), st.integers(1, 50), min_size=1, max_size=30
    )
)
def test_the_scores_are_exact_for_any_fractions(
    pairs: dict[tuple[F, F], int],
) -> None:
    # Any denominators, and probabilities at and around the log score's clamp.
    forecasts = tuple(
        ForecastCount(probability=p, outcome=o, count=n) for (p, o), n in sorted(pairs.items())
    )
    assert_scores_are_the_references(Tally(forecasts=forecasts))


@given(_unit_fractions, _unit_fractions, st.integers(1, 10**6))
def test_each_term_over_a_scale_is_the_references_to_the_last_bit(p: F, o: F, factor: int) -> None:
    # A tally passes its forecasts as integers over a common denominator: any multiple of
    # both denominators gives the reference's value of the fractions, bit for bit.
    d = p.denominator * o.denominator * factor
    scaled_p, scaled_o = int(p * d), int(o * d)
    assert log_term(scaled_p, scaled_o, d) == log_term(p, o) == oracle.log_term(p, o)
    assert F(brier_term(scaled_p, scaled_o), d * d) == brier_term(p, o)
    assert brier_term(p, o) == oracle.brier_term(p, o)
    assert bin_index(scaled_p, d) == bin_index(p) == oracle.bin_index(p)


@given(ledgers(), as_of_dates, groupings, st.data())
def test_scoring_shards_and_merging_equals_scoring_the_whole(
    ledger: Ledger, as_of: dt.date, by: tuple[str, ...], data: st.DataObject
) -> None:
    shard_of = data.draw(
        st.lists(
            st.integers(0, 3), min_size=len(ledger.predictions), max_size=len(ledger.predictions)
        )
    )
    shards = [
        [p for p, s in zip(ledger.predictions, shard_of, strict=True) if s == shard]
        for shard in range(4)
    ]
    parts = [tally_groups(ledger, by, as_of, shard) for shard in shards]
    whole = tally_groups(ledger, by, as_of)
    assert merge_groups(*parts) == whole
    assert merge_groups(*reversed(parts)) == whole
    total = Tally.sum(whole.values())
    for key, tally in whole.items():
        assert scores(tally) == scores(merge_groups(*parts)[key])
    assert Tally.sum(t for part in parts for t in part.values()) == total


tallies = st.builds(
    lambda ledger, as_of: Tally.sum(tally_groups(ledger, ("author",), as_of).values()),
    ledgers(max_size=8),
    as_of_dates,
)


@given(tallies, tallies, tallies)
def test_merge_is_associative_and_commutative_with_an_identity(
    a: Tally, b: Tally, c: Tally
) -> None:
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert a.merge(Tally.empty()) == a == Tally.empty().merge(a)


# -- monotony and what never counts ------------------------------------------------------------

HIT = Tally(counts=Counts(made=1, resolved=1, hits=1), credit=F(1))
MISS = Tally(counts=Counts(made=1, resolved=1, misses=1))


@given(tallies)
def test_a_hit_never_lowers_the_hit_rate_and_a_miss_never_raises_it(tally: Tally) -> None:
    rate = tally.hit_rate()
    with_hit, with_miss = (tally + HIT).hit_rate(), (tally + MISS).hit_rate()
    assert with_hit is not None
    assert with_miss is not None
    if rate is not None:
        assert with_hit >= rate
        assert with_miss <= rate
    else:
        assert (with_hit, with_miss) == (F(1), F(0))


UNSCORED = ("void", "ambiguous", "pending", "due", "abstention")
unscored_specs = st.tuples(
    st.sampled_from(UNSCORED),
    st.integers(0, 365),  # made, in days after START
    st.integers(0, 2),  # which author
    st.none() | probability_values,
)


def build_unscored(
    index: int, spec: tuple[str, int, int, float | None], authors: Sequence[str]
) -> tuple[Prediction, Outcome | None]:
    """A record that must not move any score: void, ambiguous, pending, due or an abstention."""
    what, made_day, author, value = spec
    pid = f"u{index}"
    made = START + dt.timedelta(days=made_day)
    end = made + dt.timedelta(days=30)
    prediction = Prediction(
        id=pid,
        source="s1",
        author=authors[author % len(authors)],
        made_on=made,
        claim="An unscored claim.",
        quote="Une citation.",
        horizon=Horizon(phrase="x", start=made, end=None if what == "pending" else end),
        sector="l2",
        kind=Kind.ABSTENTION if what == "abstention" else Kind.FORECAST,
        probability=None if value is None else Probability(value=value, basis=Basis.STATED),
    )
    if what == "pending" or what == "due":
        return prediction, None
    # An abstention stays unscored even with a "true" outcome recorded against it.
    verdict = Verdict.TRUE if what == "abstention" else Verdict(what)
    return prediction, Outcome(
        id=f"{pid}-r1",
        prediction=pid,
        verdict=verdict,
        resolved_on=end,
        evidence=("Evidence.",),
        digest=DIGEST,
    )


@given(ledgers(), st.lists(unscored_specs, max_size=6))
def test_void_ambiguous_pending_due_and_abstentions_never_change_a_score(
    ledger: Ledger, specs: list[tuple[str, int, int, float | None]]
) -> None:
    authors = sorted({p.author for p in ledger.predictions}) or ["ada"]
    extra = [build_unscored(index, spec, authors) for index, spec in enumerate(specs)]
    more = make_ledger(
        [*ledger.predictions, *(p for p, _ in extra)],
        [*ledger.outcomes, *(o for _, o in extra if o is not None)],
    )
    as_of = D(2027, 1, 1)  # every extra record is made, and resolved or ended, by then
    before = tally_groups(ledger, ("author",), as_of)
    after = tally_groups(more, ("author",), as_of)
    for key, tally in before.items():
        assert scores(after[key]) == scores(tally)
        assert after[key].forecasts == tally.forecasts
        assert after[key].credit == tally.credit
    for key in after.keys() - before.keys():
        assert after[key].scored == 0
        assert after[key].forecast_count == 0


# -- propriety ---------------------------------------------------------------------------------

fractions = st.fractions(min_value=0, max_value=1, max_denominator=1000)


def expected_brier(p: F, q: F) -> F:
    """The expected Brier score of forecasting p when the claim is true with probability q."""
    return q * brier_term(p, F(1)) + (1 - q) * brier_term(p, F(0))


@given(fractions, fractions)
def test_the_brier_score_is_strictly_proper(p: F, q: F) -> None:
    # Exactly: E_q[(p - o)^2] - E_q[(q - o)^2] = (p - q)^2, so forecasting q is the only minimum.
    assert expected_brier(p, q) - expected_brier(q, q) == (p - q) ** 2
    if p != q:
        assert expected_brier(p, q) > expected_brier(q, q)


@given(
    st.integers(1, 998).map(lambda k: F(k, 1000)),
    st.integers(1, 998).map(lambda k: F(k, 1000)),
)
def test_the_log_score_is_proper_away_from_the_clamp(p: F, q: F) -> None:
    assume(abs(p - q) > F(1, 1000))

    def expected(forecast: F) -> float:
        return float(q) * log_term(forecast, F(1)) + float(1 - q) * log_term(forecast, F(0))

    assert expected(p) < expected(q)


# -- Murphy ------------------------------------------------------------------------------------

# One value per calibration bin: with these, the decomposition holds with nothing left over.
BIN_VALUES = [0.0, 0.15, 0.2, 0.35, 0.45, 0.5, 0.65, 0.7, 0.85, 1.0]
assert sorted({bin_index(F(str(v))) for v in BIN_VALUES}) == list(range(10))


@given(st.lists(st.tuples(st.sampled_from(BIN_VALUES), credits), min_size=1, max_size=40))
def test_the_murphy_identity_holds_exactly(pairs: list[tuple[float, float]]) -> None:
    predictions, outcomes = [], []
    for i, (value, credit) in enumerate(pairs):
        pid = f"p{i}"
        predictions.append(
            Prediction(
                id=pid,
                source="s",
                author="ada",
                made_on=START,
                claim="c",
                quote="q",
                horizon=Horizon(phrase="x", start=START, end=START),
                sector="l2",
                probability=Probability(value=value, basis=Basis.STATED),
            )
        )
        verdict = Verdict.TRUE if credit == 1 else Verdict.FALSE if credit == 0 else Verdict.PARTIAL
        outcomes.append(
            Outcome(
                id=f"{pid}-r1",
                prediction=pid,
                verdict=verdict,
                resolved_on=START,
                evidence=("e",),
                digest=DIGEST,
                credit=credit if verdict is Verdict.PARTIAL else None,
            )
        )
    tally = tally_groups(make_ledger(predictions, outcomes), ("author",), AS_OF)[("ada",)]
    murphy, brier = tally.murphy(), tally.brier()
    assert murphy is not None
    assert brier is not None
    assert murphy.within_bin == 0
    assert brier == murphy.reliability - murphy.resolution + murphy.uncertainty

    # The same numbers computed independently, straight from the pairs.
    ps = [F(str(v)) for v, _ in pairs]
    os_ = [F(str(c)) for _, c in pairs]
    n = len(pairs)
    assert brier == sum((p - o) ** 2 for p, o in zip(ps, os_, strict=True)) / n
    mean = sum(os_) / n
    assert murphy.uncertainty == sum((o - mean) ** 2 for o in os_) / n
    by_value: dict[F, list[F]] = {}
    for p, o in zip(ps, os_, strict=True):
        by_value.setdefault(p, []).append(o)
    reliability = sum(len(v) * (p - sum(v) / len(v)) ** 2 for p, v in by_value.items()) / n
    resolution = sum(len(v) * (sum(v) / len(v) - mean) ** 2 for v in by_value.values()) / n
    assert murphy.reliability == reliability
    assert murphy.resolution == resolution


@given(ledgers(), as_of_dates)
def test_the_decomposition_always_adds_up_with_the_within_bin_term(
    ledger: Ledger, as_of: dt.date
) -> None:
    for tally in tally_groups(ledger, ("author",), as_of).values():
        murphy, brier = tally.murphy(), tally.brier()
        if brier is None:
            assert murphy is None
            continue
        assert murphy is not None
        assert brier == (
            murphy.reliability - murphy.resolution + murphy.uncertainty + murphy.within_bin
        )


# -- Wilson ------------------------------------------------------------------------------------


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_wilson_interval_contains_the_estimate(case: tuple[int, int]) -> None:
    successes, n = case
    low, high = wilson(successes, n)
    assert 0 <= low <= successes / n <= high <= 1


@given(
    st.integers(1, 50).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 20),
    st.integers(1, 20),
)
def test_the_wilson_interval_narrows_as_n_grows_at_a_fixed_rate(
    case: tuple[int, int], m: int, extra: int
) -> None:
    successes, n = case
    low_a, high_a = wilson(successes * m, n * m)
    low_b, high_b = wilson(successes * (m + extra), n * (m + extra))
    assert high_b - low_b <= high_a - low_a + 1e-12

"""The scoring engine's primitives: exact conversion, terms, Wilson, tallies and dimensions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction as F
from pathlib import Path

import pytest

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
from predictledger._score.groups import (
    DIMENSIONS,
    HORIZON_BUCKETS,
    HORIZON_LABELS,
    grouping,
    horizon_bucket,
    merge_groups,
    tally_groups,
    tally_one,
)
from predictledger._score.measures import (
    BINS,
    LOG_EPSILON,
    bin_index,
    brier_term,
    credit_of,
    exact,
    log_term,
    wilson,
)
from predictledger._score.tally import MIN_GRADED, Counts, ForecastCount, Tally
from predictledger.errors import ScoringError

D = dt.date
DIGEST = "sha256:" + "0" * 64
AS_OF = D(2025, 6, 30)
MADE = D(2024, 1, 15)
END = D(2024, 12, 31)
RESOLVED = D(2025, 1, 20)


def prediction(
    pid: str,
    p: float | None = None,
    *,
    author: str = "ada",
    made: dt.date = MADE,
    end: dt.date | None = END,
    kind: Kind = Kind.FORECAST,
    basis: Basis = Basis.STATED,
    condition: str | None = None,
) -> Prediction:
    return Prediction(
        id=pid,
        source="src",
        author=author,
        made_on=made,
        claim=f"Claim {pid}.",
        quote="Citation.",
        horizon=Horizon(phrase="en 2024", start=D(2024, 1, 1), end=end),
        sector="l2",
        kind=kind,
        probability=None if p is None else Probability(value=p, basis=basis),
        condition=condition,
    )


def outcome(pid: str, verdict: str, credit: float | None = None, on: dt.date = RESOLVED) -> Outcome:
    return Outcome(
        id=f"{pid}-r1",
        prediction=pid,
        verdict=Verdict(verdict),
        resolved_on=on,
        evidence=("Evidence.",),
        digest=DIGEST,
        credit=credit,
    )


def ledger(predictions: Sequence[Prediction], outcomes: Sequence[Outcome] = ()) -> Ledger:
    return Ledger(root=Path("."), predictions=tuple(predictions), outcomes=tuple(outcomes))


# -- exact numbers ----------------------------------------------------------------------------


def test_exact_takes_the_decimal_as_written() -> None:
    assert exact(0.3) == F(3, 10)
    assert exact(0.1) == F(1, 10)
    assert exact(1.0) == 1
    assert exact(1e-05) == F(1, 100000)
    assert exact(0.3) != F(0.3)  # the binary double is not what the keeper wrote


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_exact_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ScoringError, match="finite"):
        exact(bad)


def test_bins_are_half_open_and_the_last_includes_one() -> None:
    assert [bin_index(F(k, 10)) for k in range(11)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    assert bin_index(exact(0.3)) == 3
    assert bin_index(F(299, 1000)) == 2
    assert BINS == 10


# -- terms --------------------------------------------------------------------------------------


def test_brier_term() -> None:
    assert brier_term(F(9, 10), F(1)) == F(1, 100)
    assert brier_term(F(9, 10), F(0)) == F(81, 100)
    assert brier_term(F(6, 10), F(1, 2)) == F(1, 100)
    assert brier_term(6, 5) == 1  # 6/10 and 5/10: the term times 10^2


def test_terms_and_bins_over_a_scale_are_those_of_the_fractions() -> None:
    assert log_term(9, 10, 10) == log_term(F(9, 10), F(1))
    assert log_term(7, 5, 10) == log_term(F(7, 10), F(1, 2))
    assert log_term(0, 3, 3) == log_term(F(0), F(1))
    assert bin_index(3, 10) == bin_index(F(3, 10)) == 3
    assert bin_index(10, 10) == bin_index(F(1)) == BINS - 1


def test_log_term_is_the_log_of_the_probability_of_what_happened() -> None:
    assert log_term(F(9, 10), F(1)) == pytest.approx(math.log(0.9))
    assert log_term(F(9, 10), F(0)) == pytest.approx(math.log(0.1))
    assert log_term(F(7, 10), F(1, 2)) == pytest.approx(0.5 * math.log(0.7) + 0.5 * math.log(0.3))


def test_log_term_clamps_certainty() -> None:
    floor = math.log(float(LOG_EPSILON))
    assert log_term(F(1), F(0)) == pytest.approx(floor)
    assert log_term(F(0), F(1)) == pytest.approx(floor)
    assert log_term(F(1), F(1)) == pytest.approx(math.log(1 - float(LOG_EPSILON)))
    assert math.isfinite(log_term(F(0), F(1, 2)))


def test_credit_of_each_verdict() -> None:
    assert credit_of(outcome("p", "true")) == 1
    assert credit_of(outcome("p", "false")) == 0
    assert credit_of(outcome("p", "partial", 0.25)) == F(1, 4)
    assert credit_of(outcome("p", "void")) is None
    assert credit_of(outcome("p", "ambiguous")) is None


def test_credit_of_a_partial_verdict_needs_a_credit_in_range() -> None:
    with pytest.raises(ScoringError, match="no credit"):
        credit_of(outcome("p", "partial"))
    with pytest.raises(ScoringError, match="outside"):
        credit_of(outcome("p", "partial", 1.5))


# -- Wilson ------------------------------------------------------------------------------------


def test_wilson_matches_a_published_value() -> None:
    # 8 of 10 at 95%: 0.4902 to 0.9433 (Newcombe 1998, method 3).
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=5e-5)
    assert high == pytest.approx(0.9433, abs=5e-5)


def test_wilson_at_the_edges() -> None:
    low, high = wilson(0, 5)
    assert low == 0.0
    assert 0 < high < 1
    low, high = wilson(5, 5)
    assert high == 1.0
    assert 0 < low < 1
    with pytest.raises(ScoringError, match="at least one"):
        wilson(0, 0)


# -- tallies ------------------------------------------------------------------------------------


def test_the_empty_tally_has_no_scores() -> None:
    empty = Tally.empty()
    assert empty == Tally()
    assert empty.hit_rate() is None
    assert empty.hit_interval() is None
    assert empty.brier() is None
    assert empty.log_score() is None
    assert empty.brier_skill() is None
    assert empty.brier_skill_base_rate() is None
    assert empty.murphy() is None
    assert empty.void_ambiguous_share() is None
    assert not empty.graded
    assert [b.count for b in empty.calibration()] == [0] * BINS


def test_forecasts_must_be_canonical() -> None:
    one = ForecastCount(probability=F(1, 2), outcome=F(1), count=1)
    other = ForecastCount(probability=F(1, 10), outcome=F(1), count=1)
    with pytest.raises(ValueError, match="sorted"):
        Tally(forecasts=(one, other))
    with pytest.raises(ValueError, match="sorted"):
        Tally(forecasts=(one, one))
    with pytest.raises(ValueError, match="sorted"):
        Tally(forecasts=(ForecastCount(probability=F(1, 2), outcome=F(1), count=0),))


def test_merge_adds_counts_and_multisets() -> None:
    a, b = prediction("a", 0.7), prediction("b", 0.7)
    book = ledger([a, b], [outcome("a", "true"), outcome("b", "true")])
    merged = tally_one(book, a, AS_OF) + tally_one(book, b, AS_OF)
    assert merged.counts == Counts(made=2, resolved=2, hits=2)
    assert merged.forecasts == (ForecastCount(probability=F(7, 10), outcome=F(1), count=2),)
    assert merged.credit == 2


def test_each_status_tallies_once() -> None:
    preds = [
        prediction("pending", 0.5, end=D(2026, 1, 1)),
        prediction("due", 0.5),
        prediction("abstain", kind=Kind.ABSTENTION),
        prediction("void", 0.5),
        prediction("amb", 0.5),
        prediction("later", 0.5, made=D(2025, 7, 1)),
    ]
    book = ledger(preds, [outcome("void", "void"), outcome("amb", "ambiguous")])
    tallies = {p.id: tally_one(book, p, AS_OF) for p in preds}
    assert tallies["pending"].counts == Counts(made=1, pending=1)
    assert tallies["due"].counts == Counts(made=1, due=1)
    assert tallies["abstain"].counts == Counts(made=1, abstentions=1)
    assert tallies["void"].counts == Counts(made=1, resolved=1, void=1)
    assert tallies["amb"].counts == Counts(made=1, resolved=1, ambiguous=1)
    assert tallies["later"] == Tally()
    assert all(not t.forecasts and t.credit == 0 for t in tallies.values())


def test_a_probability_out_of_range_is_refused() -> None:
    bad = prediction("bad", 1.5)
    with pytest.raises(ScoringError, match="outside"):
        tally_one(ledger([bad], [outcome("bad", "true")]), bad, AS_OF)


def test_grading_needs_the_minimum() -> None:
    assert MIN_GRADED == 5
    counts = Counts(made=MIN_GRADED, resolved=MIN_GRADED, hits=MIN_GRADED - 1)
    assert not Tally(counts=counts, credit=F(MIN_GRADED - 1)).graded
    counts = Counts(made=MIN_GRADED, resolved=MIN_GRADED, hits=MIN_GRADED - 1, misses=1)
    assert Tally(counts=counts, credit=F(MIN_GRADED - 1)).graded


def test_skill_is_none_when_the_reference_is_perfect() -> None:
    # Every outcome the same: the base rate forecaster has a Brier score of 0.
    forecasts = (ForecastCount(probability=F(9, 10), outcome=F(1), count=3),)
    tally = Tally(counts=Counts(made=3, resolved=3, hits=3), credit=F(3), forecasts=forecasts)
    assert tally.uncertainty() == 0
    assert tally.brier_skill_base_rate() is None
    assert tally.brier_skill() == 1 - F(1, 100) / F(1, 4)


# -- dimensions -------------------------------------------------------------------------------


def test_grouping() -> None:
    assert grouping("author") == ("author",)
    assert grouping(" Author , sector ") == ("author", "sector")
    assert grouping("author,basis") == ("author", "basis")
    assert grouping(("author", "basis")) == ("author", "basis")
    with pytest.raises(ScoringError, match=r"unknown grouping 'colour'.*author, sector"):
        grouping("colour")
    with pytest.raises(ScoringError, match="twice"):
        grouping("author,author")
    with pytest.raises(ScoringError, match="empty"):
        grouping("author,")
    with pytest.raises(ScoringError, match="empty"):
        grouping(())


def test_tallying_by_an_unknown_dimension_is_a_scoring_error() -> None:
    book = ledger([prediction("a", 0.9)])
    with pytest.raises(ScoringError, match=r"unknown grouping 'colour': choose from author, "):
        tally_groups(book, ("author", "colour"), AS_OF)


def test_every_horizon_bucket_has_a_label() -> None:
    assert tuple(HORIZON_LABELS) == HORIZON_BUCKETS


def test_horizon_buckets() -> None:
    made = D(2024, 2, 29)
    assert horizon_bucket(prediction("a", made=made, end=D(2025, 2, 28))) == "up-to-1y"
    assert horizon_bucket(prediction("a", made=made, end=D(2025, 3, 1))) == "1-3y"
    assert horizon_bucket(prediction("a", made=made, end=D(2027, 2, 28))) == "1-3y"
    assert horizon_bucket(prediction("a", made=made, end=D(2027, 3, 1))) == "over-3y"
    assert horizon_bucket(prediction("a", made=made, end=None)) == "open-ended"
    assert horizon_bucket(prediction("a", made=made, end=D(2023, 1, 1))) == "up-to-1y"


def test_dimension_values() -> None:
    p = prediction("a", 0.6, basis=Basis.HEDGE, condition="If rates fall")
    values = {name: d.value(p) for name, d in DIMENSIONS.items()}
    assert values == {
        "author": "ada",
        "sector": "l2",
        "source": "src",
        "horizon": "up-to-1y",
        "year": "2024",
        "kind": "forecast",
        "conditional": "conditional",
        "basis": "hedge",
    }
    assert DIMENSIONS["basis"].value(prediction("b")) == "none"
    assert DIMENSIONS["conditional"].value(prediction("b")) == "plain"
    order = DIMENSIONS["horizon"].sort_key
    assert sorted(["over-3y", "open-ended", "1-3y", "up-to-1y"], key=order) == [
        "up-to-1y",
        "1-3y",
        "over-3y",
        "open-ended",
    ]


def test_tally_groups_and_merge_groups() -> None:
    preds = [prediction("a", 0.9), prediction("b", 0.2, author="bob"), prediction("c", 0.9)]
    outs = [outcome("a", "true"), outcome("b", "false"), outcome("c", "false")]
    book = ledger(preds, outs)
    whole = tally_groups(book, ("author",), AS_OF)
    assert set(whole) == {("ada",), ("bob",)}
    assert whole[("ada",)].counts == Counts(made=2, resolved=2, hits=1, misses=1)
    shards = [tally_groups(book, ("author",), AS_OF, [p]) for p in preds]
    assert merge_groups(*shards) == whole
    assert tally_groups(book, ("author",), D(2020, 1, 1)) == {}


@pytest.mark.parametrize(
    "pairs",
    [
        [(F(7, 10), F(1), 1), (F(3, 10), F(0), 2)],  # out of order
        [(F(1, 3), F(1), 1), (F(1, 3), F(1), 1)],  # the same pair twice
        [(F(1, 3), F(1), 1), (F(1, 3), F(0), 1)],  # same probability, outcomes out of order
        [(F(1, 2), F(0), 0)],  # counted zero times
    ],
)
def test_a_tally_refuses_forecasts_that_are_not_canonical(
    pairs: list[tuple[F, F, int]],
) -> None:
    forecasts = tuple(ForecastCount(probability=p, outcome=o, count=n) for p, o, n in pairs)
    with pytest.raises(ValueError, match="sorted, unique and counted at least once"):
        Tally(forecasts=forecasts)


def test_a_tally_takes_canonical_forecasts_over_any_denominators() -> None:
    pairs = [(F(1, 3), F(0), 2), (F(1, 3), F(1, 7), 1), (F(1, 2), F(1), 1), (F(5, 7), F(0), 3)]
    forecasts = tuple(ForecastCount(probability=p, outcome=o, count=n) for p, o, n in pairs)
    assert Tally(forecasts=forecasts).forecast_count == 7


def test_the_public_scoring_module_names_the_engines_own_objects() -> None:
    import predictledger
    from predictledger import scoring

    assert len(set(scoring.__all__)) == len(scoring.__all__)
    assert {"Tally", "Scores", "DIMENSIONS", "tally_groups", "status_of"} <= set(scoring.__all__)
    for name in scoring.__all__:
        value = getattr(scoring, name)
        assert value is not None
        if name in predictledger.__all__:
            assert getattr(predictledger, name) is value
    assert scoring.tally_groups is tally_groups
    assert scoring.Tally is Tally

"""The scores of a tally, and the tally of one prediction, computed the textbook way.

Each score is a mean of per-forecast terms summed as `Fraction`s, straight from the formulas of
docs/scoring.md, and a prediction's tally is built record by record. The engine computes the
same numbers its own, faster way (integers over one denominator, counters per group); the
property tests check that both agree: exactly, and the log score to the last bit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction

from predictledger._ledger import Ledger
from predictledger._records import Outcome, Prediction, Verdict
from predictledger._score.measures import BINS, LOG_EPSILON, exact, wilson
from predictledger._score.status import Status, made_by, status_of
from predictledger._score.tally import (
    CalibrationBin,
    Counts,
    ForecastCount,
    Murphy,
    Scores,
    Tally,
)
from predictledger.errors import ScoringError

_ONE = Fraction(1)
_ZERO = Fraction(0)
_HALF = Fraction(1, 2)


# -- one forecast ------------------------------------------------------------------------------


def brier_term(probability: Fraction, outcome: Fraction) -> Fraction:
    return (probability - outcome) ** 2


def log_term(probability: Fraction, outcome: Fraction) -> float:
    p = min(max(probability, LOG_EPSILON), _ONE - LOG_EPSILON)
    total = 0.0
    if outcome:
        total += float(outcome) * math.log(p)
    if outcome != _ONE:
        total += float(_ONE - outcome) * math.log(_ONE - p)
    return total


def bin_index(probability: Fraction) -> int:
    return min(math.floor(probability * BINS), BINS - 1)


def credit_of(outcome: Outcome) -> Fraction | None:
    match outcome.verdict:
        case Verdict.TRUE:
            return _ONE
        case Verdict.FALSE:
            return _ZERO
        case Verdict.PARTIAL:
            if outcome.credit is None:
                raise ScoringError(f"outcome {outcome.id!r} is partial but has no credit")
            credit = exact(outcome.credit)
            if not _ZERO <= credit <= _ONE:
                raise ScoringError(f"outcome {outcome.id!r} has a credit outside [0, 1]")
            return credit
        case Verdict.VOID | Verdict.AMBIGUOUS:
            return None


# -- one prediction ----------------------------------------------------------------------------


def tally_one(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> Tally:
    """The tally of a single prediction as of a date; empty if it was not made yet."""
    if not made_by(prediction, as_of):
        return Tally()
    status = status_of(ledger, prediction, as_of)
    if status is Status.ABSTENTION:
        return Tally(counts=Counts(made=1, abstentions=1))
    if status is Status.PENDING:
        return Tally(counts=Counts(made=1, pending=1))
    if status is Status.DUE:
        return Tally(counts=Counts(made=1, due=1))
    outcome = ledger.outcome(prediction.id, as_of=as_of)
    assert outcome is not None
    credit = credit_of(outcome)
    if credit is None:
        void = outcome.verdict is Verdict.VOID
        return Tally(counts=Counts(made=1, resolved=1, void=int(void), ambiguous=int(not void)))
    counts = Counts(
        made=1,
        resolved=1,
        hits=int(outcome.verdict is Verdict.TRUE),
        misses=int(outcome.verdict is Verdict.FALSE),
        partial=int(outcome.verdict is Verdict.PARTIAL),
    )
    forecasts: tuple[ForecastCount, ...] = ()
    if prediction.probability is not None:
        probability = exact(prediction.probability.value)
        if not _ZERO <= probability <= _ONE:
            raise ScoringError(f"prediction {prediction.id!r} has a probability outside [0, 1]")
        forecasts = (ForecastCount(probability=probability, outcome=credit, count=1),)
    return Tally(counts=counts, credit=credit, forecasts=forecasts)


# -- the scores of a tally -----------------------------------------------------------------------


def _mean(tally: Tally, term: Callable[[ForecastCount], Fraction]) -> Fraction | None:
    n = tally.forecast_count
    return sum((f.count * term(f) for f in tally.forecasts), _ZERO) / n if n else None


def _skill(score: Fraction | None, reference: Fraction | None) -> Fraction | None:
    if score is None or not reference:
        return None
    return 1 - score / reference


def brier(tally: Tally) -> Fraction | None:
    return _mean(tally, lambda f: brier_term(f.probability, f.outcome))


def base_rate(tally: Tally) -> Fraction | None:
    return _mean(tally, lambda f: f.outcome)


def uncertainty(tally: Tally) -> Fraction | None:
    base = base_rate(tally)
    if base is None:
        return None
    squares = _mean(tally, lambda f: f.outcome**2)
    assert squares is not None
    return squares - base**2


def brier_skill(tally: Tally) -> Fraction | None:
    return _skill(brier(tally), _mean(tally, lambda f: brier_term(_HALF, f.outcome)))


def brier_skill_base_rate(tally: Tally) -> Fraction | None:
    return _skill(brier(tally), uncertainty(tally))


def log_score(tally: Tally) -> float | None:
    n = tally.forecast_count
    if not n:
        return None
    return math.fsum(f.count * log_term(f.probability, f.outcome) for f in tally.forecasts) / n


def calibration(tally: Tally) -> tuple[CalibrationBin, ...]:
    sizes = [0] * BINS
    forecast_sums = [_ZERO] * BINS
    outcome_sums = [_ZERO] * BINS
    for f in tally.forecasts:
        index = bin_index(f.probability)
        sizes[index] += f.count
        forecast_sums[index] += f.count * f.probability
        outcome_sums[index] += f.count * f.outcome
    bins = []
    for index in range(BINS):
        n = sizes[index]
        interval = wilson(outcome_sums[index], n) if n else None
        bins.append(
            CalibrationBin(
                lower=Fraction(index, BINS),
                upper=Fraction(index + 1, BINS),
                count=n,
                mean_forecast=forecast_sums[index] / n if n else None,
                observed=outcome_sums[index] / n if n else None,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
            )
        )
    return tuple(bins)


def murphy(tally: Tally) -> Murphy | None:
    score, base, spread = brier(tally), base_rate(tally), uncertainty(tally)
    if score is None or base is None or spread is None:
        return None
    reliability = resolution = _ZERO
    for row in calibration(tally):
        if row.count:
            assert row.mean_forecast is not None
            assert row.observed is not None
            reliability += row.count * (row.mean_forecast - row.observed) ** 2
            resolution += row.count * (row.observed - base) ** 2
    n = tally.forecast_count
    reliability /= n
    resolution /= n
    return Murphy(
        reliability=reliability,
        resolution=resolution,
        uncertainty=spread,
        within_bin=score - (reliability - resolution + spread),
    )


def scores(tally: Tally) -> Scores:
    """Every score of `tally`, each from its own Fraction sums."""
    return Scores(
        brier=brier(tally),
        base_rate=base_rate(tally),
        uncertainty=uncertainty(tally),
        brier_skill=brier_skill(tally),
        brier_skill_base_rate=brier_skill_base_rate(tally),
        log_score=log_score(tally),
        calibration=calibration(tally),
        murphy=murphy(tally),
    )


# -- against a reference, Metaculus' baseline, peers ----------------------------------------------

_LN2 = math.log(2)


def relative_log_term(p: Fraction, m: Fraction, y: Fraction) -> float:
    return log_term(p, y) - log_term(m, y)


def baseline_term(p: Fraction, y: Fraction) -> float:
    return 100 * log_term(p, y) / _LN2 + 100


def fair_parts(tally: Tally) -> dict[str, object]:
    """The scores of `Tally.fair` that are sums, each straight from its formula: exact sums of
    Fractions one term at a time, floats summed with `math.fsum` over every forecast."""
    referenced = [
        (r.probability, r.reference, r.outcome) for r in tally.referenced for _ in range(r.count)
    ]
    calls = [(c.reference, c.outcome) for c in tally.calls for _ in range(c.count)]
    forecasts = [(f.probability, f.outcome) for f in tally.forecasts for _ in range(f.count)]
    k, n, c = len(referenced), len(forecasts), len(calls)
    parts: dict[str, object] = {"referenced": k, "calls": c}
    parts["baseline"] = math.fsum(baseline_term(p, y) for p, y in forecasts) / n if n else None
    if k:
        mean = math.fsum(relative_log_term(p, m, y) for p, m, y in referenced) / k
        parts["relative_log"] = 100 * mean
        parts["kelly_growth"] = math.exp(mean)
        difference = _ZERO
        own = theirs = _ZERO
        for p, m, y in referenced:
            difference += (m - y) ** 2 - (p - y) ** 2
            own += (p - y) ** 2
            theirs += (m - y) ** 2
        parts["brier_difference"] = difference / k
        parts["market_skill"] = 1 - own / theirs if theirs else None
    else:
        parts.update(relative_log=None, kelly_growth=None, brier_difference=None, market_skill=None)
    total = _ZERO
    for m, y in calls:
        total += y / m
    parts["call_yield"] = total / c if c else None
    return parts


def peer_scores(
    forecasts: list[tuple[str, str, Fraction, Fraction]],
) -> dict[tuple[str, str], float]:
    """(author, question) -> 100 N/(N-1) ln(p / geometric mean of the N authors' p), with an
    author's several claims on a question merged into the geometric mean of their p(outcome)."""
    questions: dict[str, dict[str, list[float]]] = {}
    for author, question, p, y in forecasts:
        questions.setdefault(question, {}).setdefault(author, []).append(log_term(p, y))
    scores: dict[tuple[str, str], float] = {}
    for question, authors in questions.items():
        n = len(authors)
        if n < 2:
            continue
        own = {a: math.fsum(v) / len(v) for a, v in authors.items()}
        geometric = math.fsum(own.values()) / n
        for author, value in own.items():
            scores[(author, question)] = 100 * n / (n - 1) * (value - geometric)
    return scores

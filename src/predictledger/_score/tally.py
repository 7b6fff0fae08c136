"""Exact, mergeable tallies and the scores derived from them.

Everything the engine computes from a ledger is first gathered into a `Tally`, a mergeable
accumulator: `Tally.empty()` is the identity and `merge` is associative and commutative, so a
ledger scored in shards and merged gives exactly (`==`) the tally of the whole. To make that
hold, a tally keeps nothing but integers, exact `fractions.Fraction` sums and a multiset of
(forecast, outcome) pairs; every rate and score is derived from it at the end, so the order in
which records are read cannot change a digit.

`Tally.scores()` derives every probabilistic score at once, as a `Scores` record. Its sums are
taken in integers over one common denominator and divided once, which gives the exact values
the textbook sums of Fractions give (docs/scoring.md states the formulas; the tests hold a
Fraction-sum reference and compare). The log score is a float, the same to the last bit
whatever the order of the records, since the multiset is canonical.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from .fair import (
    bootstrap_interval,
    brier_difference_term,
    payout,
    relative_log_term,
)
from .measures import BINS, bin_index, brier_term, log_term, wilson

__all__ = [
    "MIN_GRADED",
    "CalibrationBin",
    "Counts",
    "FairScores",
    "ForecastCount",
    "Murphy",
    "ReferencedCall",
    "ReferencedForecast",
    "Scores",
    "Tally",
]

MIN_GRADED = 5
"""The fewest scored claims a group needs before it is graded and ranked (docs/scoring.md)."""

_ZERO = Fraction(0)
_LN2 = math.log(2)


@frozen(kw_only=True)
class Counts:
    """How many claims stand where. Every field adds up when tallies merge.

    made = abstentions + pending + due + resolved, and
    resolved = hits + misses + partial + void + ambiguous.
    """

    made: int = 0
    abstentions: int = 0
    pending: int = 0
    due: int = 0
    resolved: int = 0
    hits: int = 0
    misses: int = 0
    partial: int = 0
    void: int = 0
    ambiguous: int = 0

    @property
    def scored(self) -> int:
        """The claims that enter the hit rate: true, false and partial verdicts."""
        return self.hits + self.misses + self.partial

    def merge(self, other: Counts) -> Counts:
        return Counts(
            made=self.made + other.made,
            abstentions=self.abstentions + other.abstentions,
            pending=self.pending + other.pending,
            due=self.due + other.due,
            resolved=self.resolved + other.resolved,
            hits=self.hits + other.hits,
            misses=self.misses + other.misses,
            partial=self.partial + other.partial,
            void=self.void + other.void,
            ambiguous=self.ambiguous + other.ambiguous,
        )


@frozen(kw_only=True, order=True)
class ForecastCount:
    """How many scored forecasts gave `probability` to a claim whose outcome was `outcome`."""

    probability: Fraction
    outcome: Fraction
    """1 for true, 0 for false, the credit for partial."""
    count: int


def _order(pairs: Iterable[tuple[Fraction, Fraction]]) -> Callable[[Any], tuple[int, int]]:
    """A sort key for items whose first element is one of `pairs`: the pair as integers
    over one common denominator, which compare at C speed where Fractions compare in Python."""
    d = math.lcm(*(p.denominator * o.denominator for p, o in pairs))

    def key(item: Any) -> tuple[int, int]:
        p, o = item[0]
        return p.numerator * (d // p.denominator), o.numerator * (d // o.denominator)

    return key


def canonical_forecasts(
    pairs: Iterable[tuple[tuple[Fraction, Fraction], int]],
) -> tuple[ForecastCount, ...]:
    """The multiset of ((probability, outcome), count) items as a tally holds it: sorted by
    (probability, outcome), with no zero counts, so that equal multisets compare equal."""
    items = [item for item in pairs if item[1]]
    items.sort(key=_order(pair for pair, _ in items))
    return tuple(ForecastCount(probability=p, outcome=o, count=n) for (p, o), n in items)


@frozen(kw_only=True, order=True)
class ReferencedForecast:
    """How many scored forecasts gave `probability` to a claim whose reference gave it
    `reference` and whose outcome was `outcome`."""

    probability: Fraction
    reference: Fraction
    outcome: Fraction
    count: int


@frozen(kw_only=True, order=True)
class ReferencedCall:
    """How many scored calls without a probability had the reference probability `reference`
    and the outcome `outcome`."""

    reference: Fraction
    outcome: Fraction
    count: int


def canonical_referenced(
    items: Iterable[tuple[tuple[Fraction, Fraction, Fraction], int]],
) -> tuple[ReferencedForecast, ...]:
    """The multiset of ((p, m, y), count) items as a tally holds it: sorted, no zero counts."""
    return tuple(
        ReferencedForecast(probability=p, reference=m, outcome=y, count=n)
        for (p, m, y), n in sorted(item for item in items if item[1])
    )


def canonical_calls(
    items: Iterable[tuple[tuple[Fraction, Fraction], int]],
) -> tuple[ReferencedCall, ...]:
    """The multiset of ((m, y), count) items as a tally holds it: sorted, no zero counts."""
    return tuple(
        ReferencedCall(reference=m, outcome=y, count=n)
        for (m, y), n in sorted(item for item in items if item[1])
    )


def _check_sorted_counts(
    _: object, __: object, value: tuple[ReferencedForecast, ...] | tuple[ReferencedCall, ...]
) -> None:
    keys = [tuple(getattr(item, name) for name in _KEYS[type(item)]) for item in value]
    increasing = all(a < b for a, b in itertools.pairwise(keys))
    if not increasing or any(item.count <= 0 for item in value):
        raise ValueError("referenced forecasts must be sorted, unique and counted at least once")


_KEYS: dict[type, tuple[str, ...]] = {
    ReferencedForecast: ("probability", "reference", "outcome"),
    ReferencedCall: ("reference", "outcome"),
}


def _check_canonical(_: object, __: object, value: tuple[ForecastCount, ...]) -> None:
    items = [((f.probability, f.outcome), f.count) for f in value]
    order = _order(pair for pair, _ in items)
    keys = [order(item) for item in items]
    increasing = all(a < b for a, b in itertools.pairwise(keys))  # sorted, and no pair twice
    if not increasing or any(f.count <= 0 for f in value):
        raise ValueError("forecasts must be sorted, unique and counted at least once")


@frozen(kw_only=True)
class CalibrationBin:
    """One row of the calibration table: the forecasts whose probability fell in the bin."""

    lower: Fraction
    upper: Fraction
    """The bin is [lower, upper), except the last one, which includes 100%."""
    count: int
    mean_forecast: Fraction | None
    observed: Fraction | None
    """The observed frequency: the mean outcome, partial credit included."""
    low: float | None
    high: float | None
    """The Wilson 95% interval of the observed frequency: the error bars of the diagram."""


@frozen(kw_only=True)
class Murphy:
    """Murphy's decomposition of the Brier score over the calibration bins, exactly.

    brier = reliability - resolution + uncertainty + within_bin. `within_bin` is the part
    due to forecasts that differ inside a bin; it is zero when each bin holds one value.
    """

    reliability: Fraction
    """How far each bin's mean forecast is from what happened in it: lower is better."""
    resolution: Fraction
    """How far the bins' outcomes are from the overall base rate: higher is better."""
    uncertainty: Fraction
    """The variance of the outcomes, base rate * (1 - base rate) for true/false ones."""
    within_bin: Fraction


@frozen(kw_only=True)
class Scores:
    """The probabilistic scores of one tally (`Tally.scores`). Each is None when the tally
    holds no forecast; the calibration table always has its BINS rows."""

    brier: Fraction | None
    """The mean Brier score, (p - o)^2 on the 0-1 scale: lower is better."""
    base_rate: Fraction | None
    """The mean outcome of the forecasts: how often such claims came true."""
    uncertainty: Fraction | None
    """The variance of the outcomes: the Brier score of always forecasting the base rate."""
    brier_skill: Fraction | None
    """1 - brier / brier of always saying 50%; None when that reference is 0."""
    brier_skill_base_rate: Fraction | None
    """1 - brier / brier of always forecasting the group's own base rate (climatology)."""
    log_score: float | None
    """The mean log score (`measures.log_term`): 0 is perfect, higher is better."""
    calibration: tuple[CalibrationBin, ...]
    """The BINS bins of 0-100%, empty ones included, lowest first."""
    murphy: Murphy | None


@frozen(kw_only=True)
class FairScores:
    """The scores of a tally against a reference and a fixed baseline (`Tally.fair`).

    Each is None when nothing feeds it (docs/scoring.md gives each formula and its source)."""

    referenced: int
    """Scored forecasts (claims with a probability) whose claim has a reference probability."""
    relative_log: float | None
    """The mean of ln p(y) - ln m(y), in points (x 100): above 0 beats the reference."""
    kelly_growth: float | None
    """exp(mean ln p(y) - ln m(y)): the growth factor per bet of a Kelly bettor who believes p
    and trades at m; above 1 beats the reference."""
    brier_difference: Fraction | None
    """The mean of (m - y)^2 - (p - y)^2: above 0 beats the reference."""
    market_skill: Fraction | None
    """1 - sum (p - y)^2 / sum (m - y)^2, the Brier skill against the reference; None when the
    reference's sum is 0."""
    calls: int
    """Scored calls without a probability whose claim has a reference probability."""
    call_yield: Fraction | None
    """PunditTracker's yield: the mean payout y / m of $1 staked on each call at the
    reference's odds; 1 is no better than the consensus at the time."""
    yield_low: float | None
    yield_high: float | None
    """The seeded bootstrap 95% interval of the yield; None with fewer than two calls."""
    baseline: float | None
    """Metaculus' baseline score, the mean of 100 log2(2 p(y)) over every scored forecast."""


_NO_FAIR = FairScores(
    referenced=0,
    relative_log=None,
    kelly_growth=None,
    brier_difference=None,
    market_skill=None,
    calls=0,
    call_yield=None,
    yield_low=None,
    yield_high=None,
    baseline=None,
)

_BOUNDS = tuple((Fraction(index, BINS), Fraction(index + 1, BINS)) for index in range(BINS))

_NO_SCORES = Scores(
    brier=None,
    base_rate=None,
    uncertainty=None,
    brier_skill=None,
    brier_skill_base_rate=None,
    log_score=None,
    calibration=tuple(
        CalibrationBin(
            lower=lower,
            upper=upper,
            count=0,
            mean_forecast=None,
            observed=None,
            low=None,
            high=None,
        )
        for lower, upper in _BOUNDS
    ),
    murphy=None,
)


@frozen(kw_only=True)
class Tally:
    """Everything the scores of one group are derived from; merge tallies with `merge` or `+`."""

    counts: Counts = Counts()
    credit: Fraction = _ZERO
    """Hits plus the credit of partial verdicts: the numerator of the hit rate."""
    forecasts: tuple[ForecastCount, ...] = field(default=(), validator=_check_canonical)
    """Scored claims that carry a probability, as a multiset of (probability, outcome)."""
    referenced: tuple[ReferencedForecast, ...] = field(default=(), validator=_check_sorted_counts)
    """Those of them whose claim has a reference probability m, as a multiset of (p, m, y)."""
    calls: tuple[ReferencedCall, ...] = field(default=(), validator=_check_sorted_counts)
    """Scored claims without a probability that have a reference m, as a multiset of (m, y)."""

    @classmethod
    def empty(cls) -> Tally:
        return cls()

    def merge(self, other: Tally) -> Tally:
        return Tally.sum((self, other))

    def __add__(self, other: Tally) -> Tally:
        return self.merge(other)

    @classmethod
    def sum(cls, tallies: Iterable[Tally]) -> Tally:
        """The merge of any number of tallies, in one pass."""
        counts = Counts()
        credit = _ZERO
        pairs: Counter[tuple[Fraction, Fraction]] = Counter()
        triples: Counter[tuple[Fraction, Fraction, Fraction]] = Counter()
        calls: Counter[tuple[Fraction, Fraction]] = Counter()
        for tally in tallies:
            counts = counts.merge(tally.counts)
            credit += tally.credit
            for f in tally.forecasts:
                pairs[(f.probability, f.outcome)] += f.count
            for r in tally.referenced:
                triples[(r.probability, r.reference, r.outcome)] += r.count
            for c in tally.calls:
                calls[(c.reference, c.outcome)] += c.count
        return cls(
            counts=counts,
            credit=credit,
            forecasts=canonical_forecasts(pairs.items()),
            referenced=canonical_referenced(triples.items()),
            calls=canonical_calls(calls.items()),
        )

    # -- hit rate ------------------------------------------------------------------------

    @property
    def scored(self) -> int:
        return self.counts.scored

    @property
    def graded(self) -> bool:
        """Whether there are enough scored claims to grade and rank the group."""
        return self.scored >= MIN_GRADED

    def hit_rate(self) -> Fraction | None:
        """(hits + partial credit) / scored, or None when nothing is scored."""
        return self.credit / self.scored if self.scored else None

    def hit_interval(self) -> tuple[float, float] | None:
        return wilson(self.credit, self.scored) if self.scored else None

    def void_ambiguous_share(self) -> Fraction | None:
        """The share of resolved claims that could not be scored: where vague claims hide."""
        counts = self.counts
        if not counts.resolved:
            return None
        return Fraction(counts.void + counts.ambiguous, counts.resolved)

    # -- probabilistic scores -------------------------------------------------------------

    @property
    def forecast_count(self) -> int:
        """How many scored claims carry a probability."""
        return sum(f.count for f in self.forecasts)

    def scores(self) -> Scores:
        """Every probabilistic score, each computed once (see the module's docstring)."""
        n = self.forecast_count
        if not n:
            return _NO_SCORES
        d, rows = _scaled(self.forecasts)
        # Each sum is taken in integers over one common denominator and divided once; a sum
        # of Fractions would reduce by a gcd at every addition.
        outcome_sum = sum(c * o for c, _, o in rows)
        square_sum = sum(c * o * o for c, _, o in rows)
        brier = Fraction(sum(c * brier_term(p, o) for c, p, o in rows), n * d * d)
        base = Fraction(outcome_sum, n * d)
        # The mean square less the square of the mean.
        uncertainty = Fraction(n * square_sum - outcome_sum * outcome_sum, n * n * d * d)
        # Always saying 50%: 1/2 and o are d / (2 d) and 2 O / (2 d).
        coin = Fraction(sum(c * brier_term(d, 2 * o) for c, _, o in rows), 4 * n * d * d)
        sums = _bin_sums(d, rows)
        return Scores(
            brier=brier,
            base_rate=base,
            uncertainty=uncertainty,
            brier_skill=_skill(brier, coin),
            brier_skill_base_rate=_skill(brier, uncertainty),
            log_score=math.fsum(c * log_term(p, o, d) for c, p, o in rows) / n,
            calibration=_calibration(d, sums),
            murphy=_murphy(d, n, sums, outcome_sum, brier, uncertainty),
        )

    def fair(self, scores: Scores | None = None) -> FairScores:
        """The scores against the reference and Metaculus' baseline, each computed once:
        exact sums of Fractions where the score is a fraction, `math.fsum` over the canonical
        multiset where it is a float, so neither depends on the order of the records.

        The baseline score is the mean log score on Metaculus' scale, 100 (1 + log / ln 2)
        (`fair.baseline_term` term by term); `scores`, this tally's `scores()` when the caller
        has them, spares computing the log score twice."""
        if not self.forecasts and not self.calls:
            return _NO_FAIR
        log_score = (self.scores() if scores is None else scores).log_score
        baseline = None if log_score is None else 100 * (1 + log_score / _LN2)
        k = sum(r.count for r in self.referenced)
        relative_log = brier_difference = market_skill = None
        kelly = None
        if k:
            mean_log = (
                math.fsum(
                    r.count * relative_log_term(r.probability, r.reference, r.outcome)
                    for r in self.referenced
                )
                / k
            )
            relative_log, kelly = 100 * mean_log, math.exp(mean_log)
            brier_difference = (
                sum(
                    (
                        r.count * brier_difference_term(r.probability, r.reference, r.outcome)
                        for r in self.referenced
                    ),
                    _ZERO,
                )
                / k
            )
            own = sum(
                (r.count * brier_term(r.probability, r.outcome) for r in self.referenced), _ZERO
            )
            theirs = sum(
                (r.count * brier_term(r.reference, r.outcome) for r in self.referenced), _ZERO
            )
            market_skill = _skill(own / k, theirs / k)
        c = sum(call.count for call in self.calls)
        call_yield: Fraction | None = None
        interval = None
        if c:
            payouts = [(call.count, payout(call.reference, call.outcome)) for call in self.calls]
            call_yield = sum((count * value for count, value in payouts), _ZERO) / c
            interval = bootstrap_interval(
                float(value) for count, value in payouts for _ in range(count)
            )
        return FairScores(
            referenced=k,
            relative_log=relative_log,
            kelly_growth=kelly,
            brier_difference=brier_difference,
            market_skill=market_skill,
            calls=c,
            call_yield=call_yield,
            yield_low=interval[0] if interval else None,
            yield_high=interval[1] if interval else None,
            baseline=baseline,
        )

    # Each of these reads one field of `scores()`, which computes them all.

    def brier(self) -> Fraction | None:
        return self.scores().brier

    def base_rate(self) -> Fraction | None:
        return self.scores().base_rate

    def uncertainty(self) -> Fraction | None:
        return self.scores().uncertainty

    def brier_skill(self) -> Fraction | None:
        return self.scores().brier_skill

    def brier_skill_base_rate(self) -> Fraction | None:
        return self.scores().brier_skill_base_rate

    def log_score(self) -> float | None:
        return self.scores().log_score

    def calibration(self) -> tuple[CalibrationBin, ...]:
        return self.scores().calibration

    def murphy(self) -> Murphy | None:
        return self.scores().murphy


_Row = tuple[int, int, int]


def _scaled(forecasts: tuple[ForecastCount, ...]) -> tuple[int, list[_Row]]:
    """The forecasts over one common denominator `d`: (d, [(count, P, O)]) where the
    probability is P / d and the outcome O / d."""
    d = math.lcm(
        *(f.probability.denominator for f in forecasts), *(f.outcome.denominator for f in forecasts)
    )
    return d, [
        (
            f.count,
            f.probability.numerator * (d // f.probability.denominator),
            f.outcome.numerator * (d // f.outcome.denominator),
        )
        for f in forecasts
    ]


def _bin_sums(d: int, rows: list[_Row]) -> list[tuple[int, int, int]]:
    """(count, P, O) of each calibration bin, lowest first: how many scaled forecasts fell in
    it, and the sums of their probabilities and outcomes (over `d`)."""
    sizes = [0] * BINS
    forecast_sums = [0] * BINS
    outcome_sums = [0] * BINS
    for c, p, o in rows:
        index = bin_index(p, d)
        sizes[index] += c
        forecast_sums[index] += c * p
        outcome_sums[index] += c * o
    return list(zip(sizes, forecast_sums, outcome_sums, strict=True))


def _calibration(d: int, sums: list[tuple[int, int, int]]) -> tuple[CalibrationBin, ...]:
    bins = []
    for (lower, upper), (k, f, o) in zip(_BOUNDS, sums, strict=True):
        interval = wilson(Fraction(o, d), k) if k else None
        bins.append(
            CalibrationBin(
                lower=lower,
                upper=upper,
                count=k,
                mean_forecast=Fraction(f, k * d) if k else None,
                observed=Fraction(o, k * d) if k else None,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
            )
        )
    return tuple(bins)


def _murphy(
    d: int,
    n: int,
    sums: list[tuple[int, int, int]],
    outcome_sum: int,
    brier: Fraction,
    uncertainty: Fraction,
) -> Murphy:
    # A bin of k forecasts with scaled sums F and O has mean forecast F / (k d) and observed
    # frequency O / (k d); the base rate is B / (n d). Then
    #   reliability = sum k (F/(kd) - O/(kd))^2 / n = sum (F - O)^2 / k / (n d^2), and
    #   resolution = sum k (O/(kd) - B/(nd))^2 / n = sum (n O - k B)^2 / k / (n^3 d^2),
    # each sum over 1/k taken over the common multiple m of the bins' sizes.
    filled = [(k, f, o) for k, f, o in sums if k]
    m = math.lcm(*(k for k, _, _ in filled))
    reliability = Fraction(sum((f - o) ** 2 * (m // k) for k, f, o in filled), n * m * d * d)
    resolution = Fraction(
        sum((n * o - k * outcome_sum) ** 2 * (m // k) for k, _, o in filled),
        n * n * n * m * d * d,
    )
    return Murphy(
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        within_bin=brier - (reliability - resolution + uncertainty),
    )


def _skill(score: Fraction, reference: Fraction) -> Fraction | None:
    if not reference:
        return None
    return 1 - score / reference

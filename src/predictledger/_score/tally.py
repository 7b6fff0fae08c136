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

from .measures import BINS, bin_index, brier_term, log_term, wilson

__all__ = [
    "MIN_GRADED",
    "CalibrationBin",
    "Counts",
    "ForecastCount",
    "Murphy",
    "Scores",
    "Tally",
]

MIN_GRADED = 5
"""The fewest scored claims a group needs before it is graded and ranked (docs/scoring.md)."""

_ZERO = Fraction(0)


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
        for tally in tallies:
            counts = counts.merge(tally.counts)
            credit += tally.credit
            for f in tally.forecasts:
                pairs[(f.probability, f.outcome)] += f.count
        return cls(counts=counts, credit=credit, forecasts=canonical_forecasts(pairs.items()))

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

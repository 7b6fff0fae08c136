"""The scoring engine: exact, mergeable tallies and the scores derived from them.

This module is pure: no I/O, no printing, no clock. Everything it computes from a ledger is
first gathered into a `Tally`, a mergeable accumulator: `Tally.empty()` is the identity and
`merge` is associative and commutative, so a ledger scored in shards and merged gives exactly
(`==`) the tally of the whole. To make that hold, a tally keeps nothing but integers, exact
`fractions.Fraction` sums and a multiset of (forecast, outcome) pairs; every rate and score is
derived from it at the end, so the order in which records are read cannot change a digit.

Probabilities and partial credits are floats in the ledger. They enter the engine as the exact
*decimal* the keeper wrote: `Fraction(repr(value))`, so 0.3 is 3/10, not the binary double
0.299999999999999988897769753748... That keeps hand-worked examples exact and puts 0.3 in the
30-40% calibration bin rather than the 20-30% one (see docs/scoring.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from .._ledger import Ledger
from .._records import Outcome, Prediction, Verdict
from ..errors import ScoringError
from .status import Status, made_by, status_given, status_of

__all__ = [
    "BINS",
    "DIMENSIONS",
    "HORIZON_BUCKETS",
    "LOG_EPSILON",
    "MIN_GRADED",
    "Z95",
    "CalibrationBin",
    "Counts",
    "Derived",
    "Dimension",
    "ForecastCount",
    "GroupAccumulator",
    "Murphy",
    "Tally",
    "bin_index",
    "brier_term",
    "credit_of",
    "exact",
    "group_key",
    "horizon_bucket",
    "log_term",
    "merge_groups",
    "parse_by",
    "standings",
    "tally_groups",
    "tally_one",
    "wilson",
]

Z95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

MIN_GRADED = 5
"""The fewest scored claims a group needs before it is graded and ranked (docs/scoring.md)."""

LOG_EPSILON = Fraction(1, 1000)
"""The log score treats a forecast of 0 or 1 as 0.001 or 0.999, so one confident miss costs
ln(0.001) = -6.9 instead of minus infinity (which no later record could ever offset)."""

BINS = 10
"""The calibration table splits 0-100% into this many equal bins."""

_ONE = Fraction(1)
_ZERO = Fraction(0)
_HALF = Fraction(1, 2)


def exact(value: float) -> Fraction:
    """The exact decimal a float was written as: `exact(0.3) == Fraction(3, 10)`.

    `repr` gives the shortest decimal that reads back as the same float, which is what a TOML
    file holds for any value typed with up to 15 significant digits.
    """
    if not math.isfinite(value):
        raise ScoringError(f"not a finite number: {value!r}")
    return Fraction(repr(value))


def wilson(successes: Fraction | int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a rate of `successes / n` (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is not degenerate at 0 or n
    successes. Partial credit makes `successes` a fraction; the formula takes it as it is.
    """
    if n <= 0:
        raise ScoringError("a Wilson interval needs at least one trial")
    rate = float(Fraction(successes) / n)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (rate + z2 / (2 * n)) / denominator
    half = z * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n)) / denominator
    # The interval contains the rate in exact arithmetic; clamping keeps that true in floats at
    # rates of exactly 0 or 1, where the rounding of `centre - half` could step over it.
    low = max(0.0, min(rate, centre - half))
    high = min(1.0, max(rate, centre + half))
    return low, high


# -- one record ---------------------------------------------------------------------------


def credit_of(outcome: Outcome) -> Fraction | None:
    """What a verdict counts for: 1 for true, 0 for false, the credit for partial, else None.

    Void and ambiguous verdicts return None: they never enter a score (docs/scoring.md).
    """
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


def brier_term(probability: Fraction, outcome: Fraction) -> Fraction:
    """One forecast's Brier score on the 0-1 scale: (p - o)^2, lower is better."""
    return (probability - outcome) ** 2


def log_term(probability: Fraction, outcome: Fraction) -> float:
    """One forecast's log score: the natural log of the probability given to what happened.

    Higher is better; 0 is perfect and ln(0.5) = -0.693 is a coin flip. A partial outcome o
    counts as o of a true outcome and 1 - o of a false one: o ln p + (1 - o) ln(1 - p).
    The probability is clamped to [LOG_EPSILON, 1 - LOG_EPSILON] first.
    """
    p = min(max(probability, LOG_EPSILON), _ONE - LOG_EPSILON)
    total = 0.0
    # Skipping zero weights keeps 0 * ln(...) terms out of the sum.
    if outcome:
        total += float(outcome) * math.log(p)
    if outcome != _ONE:
        total += float(_ONE - outcome) * math.log(_ONE - p)
    return total


# -- the accumulator ------------------------------------------------------------------------


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


def _canonical(
    pairs: Iterable[tuple[tuple[Fraction, Fraction], int]],
) -> tuple[ForecastCount, ...]:
    # Sorted by (probability, outcome) with no zero counts: equal multisets compare equal.
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
        return cls(counts=counts, credit=credit, forecasts=_canonical(pairs.items()))

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

    def _mean(self, term: Callable[[ForecastCount], Fraction]) -> Fraction | None:
        n = self.forecast_count
        return sum((f.count * term(f) for f in self.forecasts), _ZERO) / n if n else None

    def brier(self) -> Fraction | None:
        return self._mean(lambda f: brier_term(f.probability, f.outcome))

    def base_rate(self) -> Fraction | None:
        """The mean outcome of the forecasts: how often such claims came true."""
        return self._mean(lambda f: f.outcome)

    def uncertainty(self) -> Fraction | None:
        """The variance of the outcomes: the Brier score of always forecasting the base rate."""
        base = self.base_rate()
        if base is None:
            return None
        squares = self._mean(lambda f: f.outcome**2)
        assert squares is not None
        return squares - base**2

    def brier_skill(self) -> Fraction | None:
        """1 - brier / brier of always saying 50%; None when that reference is 0."""
        return _skill(self.brier(), self._mean(lambda f: brier_term(_HALF, f.outcome)))

    def brier_skill_base_rate(self) -> Fraction | None:
        """1 - brier / brier of always forecasting the group's own base rate (climatology)."""
        return _skill(self.brier(), self.uncertainty())

    def log_score(self) -> float | None:
        """The mean log score. The multiset is canonical, so the float sum is too."""
        n = self.forecast_count
        if not n:
            return None
        return math.fsum(f.count * log_term(f.probability, f.outcome) for f in self.forecasts) / n

    def calibration(self) -> tuple[CalibrationBin, ...]:
        """The BINS bins of 0-100%, empty ones included, lowest first."""
        sizes = [0] * BINS
        forecast_sums = [_ZERO] * BINS
        outcome_sums = [_ZERO] * BINS
        for f in self.forecasts:
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

    def murphy(self) -> Murphy | None:
        brier, base, uncertainty = self.brier(), self.base_rate(), self.uncertainty()
        if brier is None or base is None or uncertainty is None:
            return None
        return _murphy(brier, base, uncertainty, self.calibration(), self.forecast_count)

    def derived(self) -> Derived:
        """Every probabilistic score at once, each computed once: what the methods give.

        `murphy()` alone computes the Brier score, the base rate and the calibration table
        again; a scorecard that asks for each score in turn computed the Brier score four
        times and the base rate five.
        """
        n = self.forecast_count
        if not n:
            return Derived(
                brier=None,
                base_rate=None,
                uncertainty=None,
                brier_skill=None,
                brier_skill_base_rate=None,
                log_score=None,
                calibration=self.calibration(),
                murphy=None,
            )
        # Each sum is taken in integers over one common denominator and divided once: the
        # same exact values as the methods' sums of Fractions (tested), whose every addition
        # reduces by a gcd. On 100,000 predictions that was half the time of a scorecard.
        d, rows = _scaled(self.forecasts)
        brier = Fraction(sum(c * (p - o) ** 2 for c, p, o in rows), n * d * d)
        base = Fraction(sum(c * o for c, _, o in rows), n * d)
        squares = Fraction(sum(c * o * o for c, _, o in rows), n * d * d)
        uncertainty = squares - base**2
        # Always saying 50%: (1/2 - o)^2 = (d - 2 O)^2 / (2 d)^2.
        coin = Fraction(sum(c * (d - 2 * o) ** 2 for c, _, o in rows), 4 * n * d * d)
        calibration = _scaled_calibration(d, rows)
        return Derived(
            brier=brier,
            base_rate=base,
            uncertainty=uncertainty,
            brier_skill=_skill(brier, coin),
            brier_skill_base_rate=_skill(brier, uncertainty),
            log_score=math.fsum(c * _scaled_log_term(d, p, o) for c, p, o in rows) / n,
            calibration=calibration,
            murphy=_murphy(brier, base, uncertainty, calibration, n),
        )


@frozen(kw_only=True)
class Derived:
    """The probabilistic scores of one tally, as `Tally.derived` computes them together."""

    brier: Fraction | None
    base_rate: Fraction | None
    uncertainty: Fraction | None
    brier_skill: Fraction | None
    brier_skill_base_rate: Fraction | None
    log_score: float | None
    calibration: tuple[CalibrationBin, ...]
    murphy: Murphy | None


def _scaled(forecasts: Iterable[ForecastCount]) -> tuple[int, list[tuple[int, int, int]]]:
    """The forecasts over one common denominator `d`: (d, [(count, P, O)]) where the
    probability is P / d and the outcome O / d."""
    forecasts = tuple(forecasts)
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


def _scaled_calibration(d: int, rows: Sequence[tuple[int, int, int]]) -> tuple[CalibrationBin, ...]:
    """`Tally.calibration` of the scaled forecasts."""
    sizes = [0] * BINS
    forecast_sums = [0] * BINS
    outcome_sums = [0] * BINS
    for c, p, o in rows:
        index = min(p * BINS // d, BINS - 1)  # floor(P / d * BINS), as `bin_index`
        sizes[index] += c
        forecast_sums[index] += c * p
        outcome_sums[index] += c * o
    bins = []
    for index in range(BINS):
        n = sizes[index]
        interval = wilson(Fraction(outcome_sums[index], d), n) if n else None
        bins.append(
            CalibrationBin(
                lower=Fraction(index, BINS),
                upper=Fraction(index + 1, BINS),
                count=n,
                mean_forecast=Fraction(forecast_sums[index], n * d) if n else None,
                observed=Fraction(outcome_sums[index], n * d) if n else None,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
            )
        )
    return tuple(bins)


_EPSILON_FLOAT = float(LOG_EPSILON)
_ONE_LESS_EPSILON_FLOAT = float(_ONE - LOG_EPSILON)


def _scaled_log_term(d: int, p: int, o: int) -> float:
    """`log_term(P / d, O / d)`, to the last bit: a Fraction's float is its numerator divided
    by its denominator, correctly rounded, as is the division of the scaled integers."""
    epsilon_n, epsilon_d = LOG_EPSILON.numerator, LOG_EPSILON.denominator
    if p * epsilon_d < epsilon_n * d:  # below the clamp
        chance, against = _EPSILON_FLOAT, _ONE_LESS_EPSILON_FLOAT
    elif (d - p) * epsilon_d < epsilon_n * d:  # above 1 - the clamp
        chance, against = _ONE_LESS_EPSILON_FLOAT, _EPSILON_FLOAT
    else:
        chance, against = p / d, (d - p) / d
    total = 0.0
    if o:
        total += (o / d) * math.log(chance)
    if o != d:
        total += ((d - o) / d) * math.log(against)
    return total


def _murphy(
    brier: Fraction,
    base: Fraction,
    uncertainty: Fraction,
    calibration: tuple[CalibrationBin, ...],
    n: int,
) -> Murphy:
    reliability = resolution = _ZERO
    for row in calibration:
        if row.count:
            assert row.mean_forecast is not None
            assert row.observed is not None
            reliability += row.count * (row.mean_forecast - row.observed) ** 2
            resolution += row.count * (row.observed - base) ** 2
    reliability /= n
    resolution /= n
    return Murphy(
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        within_bin=brier - (reliability - resolution + uncertainty),
    )


def _skill(score: Fraction | None, reference: Fraction | None) -> Fraction | None:
    if score is None or not reference:
        return None
    return 1 - score / reference


def bin_index(probability: Fraction) -> int:
    """The calibration bin of a probability: [0, 0.1) is 0, ..., [0.9, 1] is 9."""
    return min(math.floor(probability * BINS), BINS - 1)


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


class GroupAccumulator:
    """The tally of one group, gathered prediction by prediction in plain counters.

    `add` gives exactly what summing `tally_one` over the same predictions gives, without a
    `Tally`, a `Counts` and a `ForecastCount` per prediction: statuses and verdicts are
    counted as integers, forecasts as a multiset keyed by (probability, credit), and each
    distinct probability or credit is read as an exact fraction once. The one `Tally` is built
    at the end by `tally()`. Errors are raised for the same record, in the same order, as
    `tally_one` would raise them.
    """

    __slots__ = ("_credits", "_exact", "_pairs", "_statuses", "_verdicts")

    def __init__(self, exact_values: dict[float, Fraction] | None = None) -> None:
        self._statuses: Counter[Status] = Counter()
        self._verdicts: Counter[Verdict] = Counter()
        self._credits: Counter[Fraction] = Counter()
        self._pairs: Counter[tuple[float | Fraction, float | Fraction]] = Counter()
        # Shared between the accumulators of one scoring: exact values of valid floats.
        self._exact: dict[float, Fraction] = {} if exact_values is None else exact_values

    def _in_unit(self, value: float) -> Fraction | None:
        # Only floats are remembered: `True == 1.0` would otherwise skip `exact`'s refusal.
        if type(value) is float:
            known = self._exact.get(value)
            if known is not None:
                return known
        fraction = exact(value)
        if not _ZERO <= fraction <= _ONE:
            return None
        if type(value) is float:
            self._exact[value] = fraction
        return fraction

    def add(self, prediction: Prediction, status: Status, outcome: Outcome | None) -> None:
        """Count a prediction made by the date, with its status and the outcome in force."""
        if status is not Status.RESOLVED:
            self._statuses[status] += 1
            return
        assert outcome is not None
        verdict = outcome.verdict
        if verdict is Verdict.PARTIAL:
            if outcome.credit is None:
                raise ScoringError(f"outcome {outcome.id!r} is partial but has no credit")
            credit = self._in_unit(outcome.credit)
            if credit is None:
                raise ScoringError(f"outcome {outcome.id!r} has a credit outside [0, 1]")
            credit_key: float | Fraction = _float_key(outcome.credit, credit)
        elif verdict is Verdict.TRUE:
            credit_key = 1.0
        elif verdict is Verdict.FALSE:
            credit_key = 0.0
        else:
            self._verdicts[verdict] += 1
            return
        if prediction.probability is not None:
            value = prediction.probability.value
            probability = self._in_unit(value)
            if probability is None:
                raise ScoringError(f"prediction {prediction.id!r} has a probability outside [0, 1]")
            # Counted by the values as written: a float hashes at C speed, a Fraction in
            # Python. Equal floats have equal exact values, so the multiset is the same.
            self._pairs[(_float_key(value, probability), credit_key)] += 1
        self._verdicts[verdict] += 1
        if verdict is Verdict.PARTIAL:
            self._credits[self._exact_of(credit_key)] += 1

    def _exact_of(self, key: float | Fraction) -> Fraction:
        if type(key) is not float:
            return Fraction(key)
        known = self._exact.get(key)
        if known is None:
            known = self._exact[key] = exact(key)
        return known

    def tally(self) -> Tally:
        statuses, verdicts = self._statuses, self._verdicts
        resolved = sum(verdicts.values())
        counts = Counts(
            made=sum(statuses.values()) + resolved,
            abstentions=statuses[Status.ABSTENTION],
            pending=statuses[Status.PENDING],
            due=statuses[Status.DUE],
            resolved=resolved,
            hits=verdicts[Verdict.TRUE],
            misses=verdicts[Verdict.FALSE],
            partial=verdicts[Verdict.PARTIAL],
            void=verdicts[Verdict.VOID],
            ambiguous=verdicts[Verdict.AMBIGUOUS],
        )
        credit = _ZERO + verdicts[Verdict.TRUE]
        for value, n in self._credits.items():
            credit += n * value
        # Distinct keys have distinct exact values (a float's is its shortest repr, and an
        # int key equals the float of the same value), so nothing merges here.
        pairs = [
            ((self._exact_of(probability), self._exact_of(credit_key)), n)
            for (probability, credit_key), n in self._pairs.items()
        ]
        return Tally(counts=counts, credit=credit, forecasts=_canonical(pairs))


def _float_key(value: object, fraction: Fraction) -> float | Fraction:
    """The key a value is counted under: itself if a float, else its exact fraction."""
    return value if type(value) is float else fraction


# -- groups ---------------------------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


HORIZON_BUCKETS = ("up-to-1y", "1-3y", "over-3y", "open-ended")


def horizon_bucket(prediction: Prediction) -> str:
    """How far ahead the claim reaches, from the day it was made to the horizon's last day.

    "up-to-1y" when the end is at most one calendar year after `made_on`, "1-3y" up to three
    years, "over-3y" beyond, and "open-ended" with no end.
    """
    end = prediction.horizon.end
    if end is None:
        return "open-ended"
    if end <= _add_years(prediction.made_on, 1):
        return "up-to-1y"
    if end <= _add_years(prediction.made_on, 3):
        return "1-3y"
    return "over-3y"


@frozen(kw_only=True)
class Dimension:
    """A way to group predictions: the value of a prediction, and how values sort."""

    name: str
    help: str
    value: Callable[[Prediction], str]
    order: tuple[str, ...] = ()
    """The values in their natural order, when it is not alphabetical."""

    def sort_key(self, value: str) -> tuple[int, str]:
        return (self.order.index(value) if value in self.order else len(self.order), value)


DIMENSIONS: Mapping[str, Dimension] = {
    d.name: d
    for d in (
        Dimension(name="author", help="the author id", value=lambda p: p.author),
        Dimension(name="sector", help="the sector id", value=lambda p: p.sector),
        Dimension(name="source", help="the source id", value=lambda p: p.source),
        Dimension(
            name="horizon",
            help="how far ahead the claim reaches: " + ", ".join(HORIZON_BUCKETS),
            value=horizon_bucket,
            order=HORIZON_BUCKETS,
        ),
        Dimension(
            name="year",
            help="the year the claim was made",
            value=lambda p: str(p.made_on.year),
        ),
        Dimension(
            name="kind",
            help="forecast, commitment or abstention",
            value=lambda p: p.kind.value,
            order=("forecast", "commitment", "abstention"),
        ),
        Dimension(
            name="conditional",
            help="if-then claims (conditional) or plain ones",
            value=lambda p: "conditional" if p.conditional else "plain",
            order=("plain", "conditional"),
        ),
        Dimension(
            name="basis",
            help="where the probability comes from: stated, hedge, judgement, none",
            value=lambda p: p.probability.basis.value if p.probability else "none",
            order=("stated", "hedge", "judgement", "none"),
        ),
    )
}


def parse_by(text: str) -> tuple[str, ...]:
    """The dimensions named by a `--by` value such as "author" or "author,sector".

    Raises `ScoringError` with a message fit for a user on an unknown or repeated name.
    """
    names = tuple(part.strip().lower() for part in text.split(","))
    known = ", ".join(DIMENSIONS)
    for name in names:
        if not name:
            raise ScoringError(f"empty grouping in {text!r}: choose from {known}")
        if name not in DIMENSIONS:
            raise ScoringError(f"unknown grouping {name!r}: choose from {known}")
    if len(set(names)) != len(names):
        raise ScoringError(f"grouping {text!r} names a dimension twice")
    return names


def group_key(prediction: Prediction, by: tuple[str, ...]) -> tuple[str, ...]:
    """The prediction's group: one value per dimension of `by`."""
    return tuple(DIMENSIONS[name].value(prediction) for name in by)


Standing = tuple[tuple[str, ...], Prediction, Status, Outcome | None]


def standings(
    ledger: Ledger,
    by: tuple[str, ...],
    as_of: dt.date,
    predictions: Iterable[Prediction] | None = None,
) -> Iterator[Standing]:
    """(group, prediction, status, outcome) of each prediction made by `as_of`, in order; the
    outcome is the one in force on `as_of` for a resolved prediction, else `None`."""
    values = tuple(DIMENSIONS[name].value for name in by)
    (one,) = values if len(values) == 1 else (None,)
    for prediction in ledger.predictions if predictions is None else predictions:
        if not made_by(prediction, as_of):
            continue
        key = (one(prediction),) if one else tuple(value(prediction) for value in values)
        outcome = ledger.outcome(prediction.id, as_of=as_of)
        status = status_given(prediction, outcome, as_of)
        # An abstention's stray outcome is not its outcome.
        yield key, prediction, status, outcome if status is Status.RESOLVED else None


def tally_groups(
    ledger: Ledger,
    by: tuple[str, ...],
    as_of: dt.date,
    predictions: Iterable[Prediction] | None = None,
) -> dict[tuple[str, ...], Tally]:
    """The tally of each group, over `predictions` (by default all of the ledger's).

    Only predictions made by `as_of` appear, so a group with none is absent. Outcomes are
    looked up in `ledger`, which lets a caller tally a shard of the predictions.
    """
    # Counted per group, then one Tally per group: `tally_one` summed, without its cost.
    exact_values: dict[float, Fraction] = {}
    members: dict[tuple[str, ...], GroupAccumulator] = {}
    for key, prediction, status, outcome in standings(ledger, by, as_of, predictions):
        accumulator = members.get(key)
        if accumulator is None:
            accumulator = members[key] = GroupAccumulator(exact_values)
        accumulator.add(prediction, status, outcome)
    return {key: accumulator.tally() for key, accumulator in members.items()}


def merge_groups(
    *groupings: Mapping[tuple[str, ...], Tally],
) -> dict[tuple[str, ...], Tally]:
    """Merge the group tallies of several shards, key by key."""
    merged: dict[tuple[str, ...], list[Tally]] = {}
    for grouping in groupings:
        for key, tally in grouping.items():
            merged.setdefault(key, []).append(tally)
    return {key: Tally.sum(tallies) for key, tallies in merged.items()}

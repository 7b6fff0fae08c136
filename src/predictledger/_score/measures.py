"""What one record counts for, and the per-forecast measures every score is made of.

Probabilities and partial credits are floats in the ledger. They enter the engine as the exact
*decimal* the keeper wrote: `Fraction(repr(value))`, so 0.3 is 3/10, not the binary double
0.299999999999999988897769753748... That keeps hand-worked examples exact and puts 0.3 in the
30-40% calibration bin rather than the 20-30% one (see docs/scoring.md).

The terms and the bin index take exact fractions, or integers read over a common `scale`:
a tally passes its forecasts as integers over one denominator, which add, compare and divide
at C speed, and gets exactly what the fractions give (each function computes one formula for
both). Everything here is pure: no I/O, no clock. Records the engine cannot score raise
`ScoringError`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TypeVar

from .._records import Outcome, Prediction, Verdict
from ..errors import ScoringError

__all__ = [
    "BINS",
    "LOG_EPSILON",
    "Z95",
    "bin_index",
    "brier_term",
    "credit_of",
    "exact",
    "exact_in_unit",
    "log_term",
    "probability_of",
    "wilson",
]

Z95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

LOG_EPSILON = Fraction(1, 1000)
"""The log score treats a forecast of 0 or 1 as 0.001 or 0.999, so one confident miss costs
ln(0.001) = -6.9 instead of minus infinity (which no later record could ever offset)."""

BINS = 10
"""The calibration table splits 0-100% into this many equal bins."""

_ONE = Fraction(1)
_ZERO = Fraction(0)

_Number = TypeVar("_Number", int, Fraction)


def exact(value: float) -> Fraction:
    """The exact decimal a float was written as: `exact(0.3) == Fraction(3, 10)`.

    `repr` gives the shortest decimal that reads back as the same float, which is what a TOML
    file holds for any value typed with up to 15 significant digits.
    """
    if not math.isfinite(value):
        raise ScoringError(f"not a finite number: {value!r}")
    return Fraction(repr(value))


def exact_in_unit(value: float, known: dict[float, Fraction] | None = None) -> Fraction | None:
    """`exact(value)` when it lies in [0, 1], else None.

    `known` remembers the exact values of the floats already read, so that a scoring reads
    each distinct probability once; only floats are remembered, since `True == 1.0` would
    otherwise skip `exact`'s refusal of a bool.
    """
    if known is not None and type(value) is float:
        fraction = known.get(value)
        if fraction is None:
            fraction = exact(value)
            if not _ZERO <= fraction <= _ONE:
                return None
            known[value] = fraction
        return fraction
    fraction = exact(value)
    return fraction if _ZERO <= fraction <= _ONE else None


def credit_of(outcome: Outcome, known: dict[float, Fraction] | None = None) -> Fraction | None:
    """What a verdict counts for: 1 for true, 0 for false, the credit for partial, else None.

    Void and ambiguous verdicts return None: they never enter a score (docs/scoring.md). A
    partial verdict without a credit in [0, 1] raises `ScoringError`. `known` is
    `exact_in_unit`'s.
    """
    match outcome.verdict:
        case Verdict.TRUE:
            return _ONE
        case Verdict.FALSE:
            return _ZERO
        case Verdict.PARTIAL:
            if outcome.credit is None:
                raise ScoringError(f"outcome {outcome.id!r} is partial but has no credit")
            credit = exact_in_unit(outcome.credit, known)
            if credit is None:
                raise ScoringError(f"outcome {outcome.id!r} has a credit outside [0, 1]")
            return credit
        case Verdict.VOID | Verdict.AMBIGUOUS:
            return None


def probability_of(
    prediction: Prediction, known: dict[float, Fraction] | None = None
) -> Fraction | None:
    """The exact probability of a prediction, None when it gives none.

    A probability outside [0, 1] raises `ScoringError`. `known` is `exact_in_unit`'s.
    """
    if prediction.probability is None:
        return None
    probability = exact_in_unit(prediction.probability.value, known)
    if probability is None:
        raise ScoringError(f"prediction {prediction.id!r} has a probability outside [0, 1]")
    return probability


def brier_term(probability: _Number, outcome: _Number) -> _Number:
    """One forecast's Brier score on the 0-1 scale: (p - o)^2, lower is better.

    Given integers P and O that stand for P / d and O / d, it is the term times d^2.
    """
    return (probability - outcome) ** 2


_EPSILON_FLOAT = float(LOG_EPSILON)
_ONE_LESS_EPSILON_FLOAT = float(_ONE - LOG_EPSILON)


def log_term(probability: Fraction | int, outcome: Fraction | int, scale: int = 1) -> float:
    """One forecast's log score: the natural log of the probability given to what happened.

    Higher is better; 0 is perfect and ln(0.5) = -0.693 is a coin flip. A partial outcome o
    counts as o of a true outcome and 1 - o of a false one: o ln p + (1 - o) ln(1 - p).
    The probability is clamped to [LOG_EPSILON, 1 - LOG_EPSILON] first.

    The forecast is `probability / scale` and `outcome / scale`. The result does not depend
    on how the same numbers are written: a quotient of integers is correctly rounded to a
    float, as is a Fraction, so P / d and the Fraction P/d give the same float, bit for bit.
    """
    epsilon_n, epsilon_d = LOG_EPSILON.numerator, LOG_EPSILON.denominator
    if probability * epsilon_d < epsilon_n * scale:  # below the clamp
        chance, against = _EPSILON_FLOAT, _ONE_LESS_EPSILON_FLOAT
    elif (scale - probability) * epsilon_d < epsilon_n * scale:  # above 1 - the clamp
        chance, against = _ONE_LESS_EPSILON_FLOAT, _EPSILON_FLOAT
    else:
        chance, against = float(probability / scale), float((scale - probability) / scale)
    total = 0.0
    # Skipping zero weights keeps 0 * ln(...) terms out of the sum.
    if outcome:
        total += float(outcome / scale) * math.log(chance)
    if outcome != scale:
        total += float((scale - outcome) / scale) * math.log(against)
    return total


def bin_index(probability: Fraction | int, scale: int = 1) -> int:
    """The calibration bin of `probability / scale`: [0, 0.1) is 0, ..., [0.9, 1] is 9."""
    return min(probability * BINS // scale, BINS - 1)


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

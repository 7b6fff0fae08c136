"""Fair comparisons: scores against a reference probability, against a fixed baseline, and
against the other authors who forecast the same question.

Every function here is pure (no I/O, no clock) and takes plain values: `p` the probability the
author gave the claim, `m` the reference probability of the same claim (a market's price, a
consensus, a base rate: what the world gave it before the claim was made), `y` the outcome
(1 true, 0 false, the credit of a partial verdict). Void and ambiguous verdicts never reach
these functions: nothing was at stake (docs/scoring.md).

* `relative_log_term(p, m, y)`: ln p(y) - ln m(y), the log return of a bettor who believes p
  and trades at m (Kelly); `brier_difference_term`: (m - y)^2 - (p - y)^2;
* `payout(m, y)`: what $1 staked on a call at the reference's odds returns, y / m
  (PunditTracker's yield is its mean);
* `baseline_term(p, y)`: Metaculus' baseline score, 100 log2(2 p(y));
* `question_peer_scores`: Metaculus' peer score on one question, for N >= 2 authors;
* `bootstrap_interval`: the seeded percentile bootstrap of a mean, the same on every run.

The exact terms take Fractions, as the tally holds them; the log terms are floats, computed
from the same clamped probabilities as the log score (`measures.log_term`), so a claim with
p = m has a relative log score of exactly 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from .measures import log_term

__all__ = [
    "BOOTSTRAP_RESAMPLES",
    "BOOTSTRAP_SEED",
    "baseline_term",
    "bootstrap_interval",
    "brier_difference_term",
    "payout",
    "question_peer_scores",
    "relative_log_term",
]

BOOTSTRAP_SEED = 18
"""The seed of every bootstrap interval: the same ledger gives the same interval every run."""

BOOTSTRAP_RESAMPLES = 2000
"""How many resamples a bootstrap interval draws."""

_LN2 = math.log(2)


def relative_log_term(p: Fraction, m: Fraction, y: Fraction) -> float:
    """ln p(y) - ln m(y): y ln(p / m) + (1 - y) ln((1 - p) / (1 - m)), in nats.

    Positive when the author gave what happened more than the reference did. Both
    probabilities are clamped to [0.001, 0.999] as for the log score, so a claim that agrees
    with its reference scores exactly 0 and a certain miss costs a finite amount.
    """
    return log_term(p, y) - log_term(m, y)


def brier_difference_term(p: Fraction, m: Fraction, y: Fraction) -> Fraction:
    """(m - y)^2 - (p - y)^2: how much lower the author's Brier term is than the reference's.

    Positive is better than the reference; exact, and unclamped like the Brier score.
    """
    return (m - y) ** 2 - (p - y) ** 2


def payout(m: Fraction, y: Fraction) -> Fraction:
    """What a $1 stake on the called side returns at the reference's odds: 1 / m when the call
    is right, 0 when it is wrong, c / m for a partial verdict with credit c.

    Its mean over calls is the yield; its expectation is exactly 1 when the call comes true
    with probability m (a calibrated reference), whatever m is.
    """
    if not 0 < m <= 1:
        raise ValueError(f"a reference probability must lie in (0, 1], not {m}")
    return y / m


def baseline_term(p: Fraction, y: Fraction) -> float:
    """Metaculus' baseline score of one binary forecast: 100 log2(2 p(y)), clamped like the log
    score; y log2(2p) + (1 - y) log2(2(1 - p)) for a partial outcome.

    0 is what saying 50% scores; a certain hit 99.86, a certain miss -896.6.
    """
    return 100 * (log_term(p, y) / _LN2 + 1)


def question_peer_scores(
    forecasts: Mapping[str, Sequence[tuple[Fraction, Fraction]]],
) -> dict[str, float]:
    """Metaculus' peer score of each author on one question: 100 N/(N - 1) ln(p_a / G), where
    p_a is the probability author a gave what happened and G the geometric mean of all N
    authors' (a partial outcome weighs ln p(y) as the log score does).

    `forecasts` maps each author to the (p, y) pairs of their claims on the question, each
    framed as the claim is (a negating claim's p and y are those of the negation, which gives
    the same ln p(y)). An author with several claims on the question counts once, with the mean
    of their ln p(y) (the geometric mean of their p(y)). With fewer than two authors there is
    no peer, and the result is empty. The scores sum to 0 over the authors.
    """
    logs = {
        author: math.fsum(log_term(p, y) for p, y in pairs) / len(pairs)
        for author, pairs in forecasts.items()
        if pairs
    }
    n = len(logs)
    if n < 2:
        return {}
    mean = math.fsum(logs.values()) / n
    return {author: 100 * n / (n - 1) * (value - mean) for author, value in logs.items()}


def bootstrap_interval(
    values: Iterable[float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float] | None:
    """The 95% percentile bootstrap interval of the mean of `values`; None for fewer than two.

    The values are sorted first and the generator seeded, so the interval depends only on the
    multiset of values: the same on every run and in any order of the records. Each of
    `resamples` resamples draws len(values) values with replacement; the interval runs from
    the 2.5th to the 97.5th percentile of their means (the 50th and 1951st of 2000, sorted).
    """
    data = sorted(values)
    n = len(data)
    if n < 2:
        return None
    generator = random.Random(seed)
    means = sorted(math.fsum(generator.choices(data, k=n)) / n for _ in range(resamples))
    low = means[math.floor(0.025 * resamples)]
    high = means[math.ceil(0.975 * resamples) - 1]
    # A mean lies between the least and the greatest value; the float division can step one
    # unit past them (three times 341.5043051445506, summed and divided by 3, is ...064).
    least, greatest = data[0], data[-1]
    return min(max(low, least), greatest), min(max(high, least), greatest)

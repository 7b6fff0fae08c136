"""The scorecard: each group's scores as of a date, ready for a renderer.

`scorecard()` runs the scoring engine over a ledger and turns each group's exact tally into
plain numbers (floats, None where there is no value), keeps the per-prediction rows the HTML
report shows, and ranks the groups that have enough scored claims to be graded. It does no I/O.

A group's `key` is always a tuple of strings, one value per dimension of `by`, even for a
single dimension: `("zixi-eth",)` for `by=("author",)`, `("zixi-eth", "layer-2")` for
`by=("author", "sector")`. The scorecard's `total` merges every group and has the key `()`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TypeVar

from attrs import frozen

from .._ledger import Ledger
from .._records import Author, Outcome, Prediction, Source
from .groups import (
    DIMENSIONS,
    HORIZON_LABELS,
    HORIZON_LENGTH_LABELS,
    HORIZON_LENGTHS,
    Standing,
    grouping,
    horizon_length,
    reference_of,
    standings,
    tally_standings,
)
from .shared import peer_scores, question_forecasts, question_of
from .status import Status
from .tally import MIN_GRADED, CalibrationBin, Counts, FairScores, Murphy, Tally

__all__ = [
    "Breakdown",
    "GroupScore",
    "PredictionRow",
    "Scorecard",
    "by_horizon_length",
    "by_resolution_year",
    "length_breakdowns",
    "peer_means",
    "peer_pairs",
    "scorecard",
    "year_breakdowns",
]

_T = TypeVar("_T")


@frozen(kw_only=True)
class PredictionRow:
    """One prediction as it stood on the scorecard's date, with what a reader needs beside it."""

    prediction: Prediction
    status: Status
    outcome: Outcome | None
    """The outcome in force on the scorecard's date; None unless the status is resolved."""
    author: Author | None
    """The author's registry entry, when the ledger has one."""
    source: Source | None
    """The source's record, when the ledger has one."""
    reference: Fraction | None = None
    """The reference probability m of a resolved claim as phrased, as the fair scores use it
    (one minus the question's price for a claim that negates it); None when it has none or is
    not resolved."""


@frozen(kw_only=True)
class Breakdown:
    """A group's claims in one year of resolution, or in one horizon length."""

    key: str
    """The year ("2024"), or the horizon length ("under-3m", "3-12m", "over-1y", "open-ended")."""
    label: str
    scored: int
    hit_rate: float | None
    hit_rate_low: float | None
    hit_rate_high: float | None
    forecasts: int
    brier: float | None
    mean_forecast: float | None
    """The mean probability of the forecasts."""
    observed: float | None
    """The mean outcome of the forecasts: mean_forecast above it is over-confidence in 'yes'."""
    reliability: float | None
    """The calibration error of Murphy's decomposition: lower is better."""
    calibration: tuple[CalibrationBin, ...]
    tally: Tally


@frozen(kw_only=True)
class GroupScore:
    """The scores of one group. Rates and scores are None when nothing feeds them."""

    key: tuple[str, ...]
    label: str
    """The key for people: author and sector names instead of ids, joined by " / "."""
    counts: Counts
    scored: int
    """hits + misses + partial: the claims behind the hit rate."""
    forecasts: int
    """The scored claims that carry a probability: the claims behind the Brier and log scores."""
    hit_rate: float | None
    hit_rate_low: float | None
    hit_rate_high: float | None
    brier: float | None
    log_score: float | None
    brier_skill: float | None
    """Brier skill score against always forecasting 50%."""
    brier_skill_base_rate: float | None
    """Brier skill score against always forecasting the group's own base rate."""
    base_rate: float | None
    murphy: Murphy | None
    """The exact decomposition of the Brier score, as Fractions."""
    calibration: tuple[CalibrationBin, ...]
    void_ambiguous_share: float | None
    graded: bool
    """Whether the group has at least MIN_GRADED scored claims; only then is it ranked."""
    rank: int | None
    """1 for the best graded group by the lower end of its hit-rate interval; None if ungraded."""
    rows: tuple[PredictionRow, ...]
    tally: Tally
    """The exact tally everything above is derived from."""
    fair: FairScores
    """The scores against the claims' reference probabilities, and Metaculus' baseline."""
    peer_score: float | None = None
    """The mean Metaculus peer score over the (author, question) pairs of the group's claims on
    questions at least two authors forecast; None when there are none."""
    peer_questions: int = 0
    """How many (author, question) pairs the peer score averages."""
    years: tuple[Breakdown, ...] | None = None
    """`by_resolution_year` when it was computed without rows (a ledger scored in shards)."""
    lengths: tuple[Breakdown, ...] | None = None
    """`by_horizon_length` when it was computed without rows (a ledger scored in shards)."""

    @property
    def by_resolution_year(self) -> tuple[Breakdown, ...]:
        """The resolved claims by the year of their outcome, earliest first (empty for the
        total, which has no rows). Derived from `rows` when asked, not kept."""
        if self.years is not None:
            return self.years
        return year_breakdowns(tally_standings(by_resolution_year(_row_standings(self.rows))))

    @property
    def by_horizon_length(self) -> tuple[Breakdown, ...]:
        """The claims by horizon length, shortest first (empty for the total). Derived from
        `rows` when asked, not kept."""
        if self.lengths is not None:
            return self.lengths
        return length_breakdowns(tally_standings(by_horizon_length(_row_standings(self.rows))))


@frozen(kw_only=True)
class Scorecard:
    """Every group's scores as of one date."""

    as_of: dt.date
    by: tuple[str, ...]
    groups: tuple[GroupScore, ...]
    """In key order: alphabetical, except horizon lengths and other ordered dimensions."""
    total: GroupScore
    """All groups merged; its `rows` are empty since the groups already hold them."""
    min_graded: int = MIN_GRADED


def _optional_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _breakdown(key: str, label: str, tally: Tally) -> Breakdown:
    interval = tally.hit_interval()
    scores = tally.scores()
    n = tally.forecast_count
    mean = sum((f.count * f.probability for f in tally.forecasts), Fraction(0)) / n if n else None
    return Breakdown(
        key=key,
        label=label,
        scored=tally.scored,
        hit_rate=_optional_float(tally.hit_rate()),
        hit_rate_low=interval[0] if interval else None,
        hit_rate_high=interval[1] if interval else None,
        forecasts=n,
        brier=_optional_float(scores.brier),
        mean_forecast=_optional_float(mean),
        observed=_optional_float(scores.base_rate),
        reliability=_optional_float(scores.murphy.reliability if scores.murphy else None),
        calibration=scores.calibration,
        tally=tally,
    )


@frozen(kw_only=True)
class _Extra:
    """What a group gets beyond its own tally."""

    peer_score: float | None = None
    peer_questions: int = 0


def _group_score(
    key: tuple[str, ...],
    label: str,
    tally: Tally,
    rows: tuple[PredictionRow, ...],
    rank: int | None,
    extra: _Extra = _Extra(),
) -> GroupScore:
    interval = tally.hit_interval()
    scores = tally.scores()
    return GroupScore(
        key=key,
        label=label,
        counts=tally.counts,
        scored=tally.scored,
        forecasts=tally.forecast_count,
        hit_rate=_optional_float(tally.hit_rate()),
        hit_rate_low=interval[0] if interval else None,
        hit_rate_high=interval[1] if interval else None,
        brier=_optional_float(scores.brier),
        log_score=scores.log_score,
        brier_skill=_optional_float(scores.brier_skill),
        brier_skill_base_rate=_optional_float(scores.brier_skill_base_rate),
        base_rate=_optional_float(scores.base_rate),
        murphy=scores.murphy,
        calibration=scores.calibration,
        void_ambiguous_share=_optional_float(tally.void_ambiguous_share()),
        graded=tally.graded,
        rank=rank,
        rows=rows,
        tally=tally,
        fair=tally.fair(scores),
        peer_score=extra.peer_score,
        peer_questions=extra.peer_questions,
    )


def _row_standings(rows: Iterable[PredictionRow]) -> Iterator[Standing]:
    for row in rows:
        yield (), row.prediction, row.status, row.outcome


def by_resolution_year(items: Iterable[Standing]) -> Iterator[Standing]:
    """The resolved claims of `items`, each group's key extended with its outcome's year."""
    for key, prediction, status, outcome in items:
        if status is Status.RESOLVED and outcome is not None:
            yield (*key, str(outcome.resolved_on.year)), prediction, status, outcome


def by_horizon_length(items: Iterable[Standing]) -> Iterator[Standing]:
    """The claims of `items`, each group's key extended with its horizon length."""
    for key, prediction, status, outcome in items:
        yield (*key, horizon_length(prediction)), prediction, status, outcome


def year_breakdowns(tallies: Mapping[tuple[str, ...], Tally]) -> tuple[Breakdown, ...]:
    """The breakdowns of tallies keyed by (..., year), earliest first."""
    return tuple(_breakdown(key[-1], key[-1], tallies[key]) for key in sorted(tallies))


def length_breakdowns(tallies: Mapping[tuple[str, ...], Tally]) -> tuple[Breakdown, ...]:
    """The breakdowns of tallies keyed by (..., horizon length), shortest first."""
    return tuple(
        _breakdown(key[-1], HORIZON_LENGTH_LABELS[key[-1]], tallies[key])
        for key in sorted(tallies, key=lambda key: HORIZON_LENGTHS.index(key[-1]))
    )


def peer_pairs(
    stood: Iterable[Standing], entered: Container[str]
) -> dict[tuple[str, ...], set[tuple[str, str]]]:
    """Each group's (author, question) pairs: of its claims on a question that `entered` the
    pair's score (scored, with a probability), not of a call or a pending claim by the same
    author on the question."""
    pairs: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for key, prediction, _, _ in stood:
        question = question_of(prediction)
        if question is not None and prediction.id in entered:
            pairs.setdefault(key, set()).add((prediction.author, question))
    return pairs


def _peers(
    ledger: Ledger, stood: list[Standing], day: dt.date
) -> dict[tuple[str, ...] | None, tuple[float | None, int]]:
    """Each group's (mean peer score, pairs), and the total's under the key None."""
    forecasts = list(question_forecasts(ledger, day))
    entered = {forecast.prediction for forecast in forecasts}
    return peer_means(peer_scores(forecasts), peer_pairs(stood, entered))


def peer_means(
    scores: Mapping[tuple[str, str], float],
    candidates: Mapping[tuple[str, ...], set[tuple[str, str]]],
) -> dict[tuple[str, ...] | None, tuple[float | None, int]]:
    """Each group's (mean peer score, pairs) over its pairs that have a peer score, and the
    total's under the key None."""
    if not scores:
        return {}
    pairs = {
        key: {pair for pair in members if pair in scores} for key, members in candidates.items()
    }
    pairs = {key: members for key, members in pairs.items() if members}
    found: dict[tuple[str, ...] | None, tuple[float | None, int]] = {}
    for key, members in pairs.items():
        found[key] = (
            math.fsum(scores[pair] for pair in sorted(members)) / len(members),
            len(members),
        )
    found[None] = (math.fsum(scores[pair] for pair in sorted(scores)) / len(scores), len(scores))
    return found


def _ranks(tallies: Mapping[tuple[str, ...], Tally]) -> dict[tuple[str, ...], int]:
    # Ranked by the lower end of the Wilson interval, not the hit rate itself: 4 of 4 is less
    # convincing than 45 of 50, and the lower bound says so. Equal bounds share a rank.
    def merit(key: tuple[str, ...]) -> tuple[float, float]:
        interval = tallies[key].hit_interval()
        rate = tallies[key].hit_rate()
        assert interval is not None
        assert rate is not None
        return (interval[0], float(rate))

    graded = sorted((key for key, t in tallies.items() if t.graded), key=merit, reverse=True)
    ranks: dict[tuple[str, ...], int] = {}
    for position, key in enumerate(graded, start=1):
        previous = graded[position - 2] if position > 1 else None
        if previous is not None and merit(previous) == merit(key):
            ranks[key] = ranks[previous]
        else:
            ranks[key] = position
    return ranks


def _lookup(lookup: Callable[[str], _T], key: str) -> _T | None:
    # A dangling reference is for `check` to report; the scorecard still shows the id.
    try:
        return lookup(key)
    except KeyError:
        return None


def _label(ledger: Ledger, dimension: str, value: str) -> str:
    """How a reader knows a group: names instead of ids where the ledger has them."""
    if dimension == "author":
        author = _lookup(ledger.author, value)
        return author.name if author else value
    if dimension == "sector":
        sector = _lookup(ledger.sector, value)
        return sector.name if sector else value
    if dimension == "horizon":
        return HORIZON_LABELS.get(value, value)
    return value


def scorecard(
    ledger: Ledger,
    by: str | tuple[str, ...] = "author",
    as_of: dt.date | None = None,
) -> Scorecard:
    """Score a ledger as it stood on `as_of` (today by default), grouped `by` dimensions.

    `by` is a comma-separated string ("author,sector") or a tuple of dimension names; see
    `DIMENSIONS`. Raises `ScoringError` for an unknown or repeated dimension. Predictions made
    after `as_of` are absent, and outcomes resolved after it are ignored.
    """
    dimensions = grouping(by)
    day = dt.date.today() if as_of is None else as_of
    # Each prediction's status and outcome are looked up once, for its tally and its row.
    stood = list(standings(ledger, dimensions, day))
    references = reference_of(ledger)
    tallies = tally_standings(stood, references)
    peers = _peers(ledger, stood, day)
    rows: dict[tuple[str, ...], list[PredictionRow]] = {}
    for key, prediction, status, outcome in stood:
        rows.setdefault(key, []).append(
            PredictionRow(
                prediction=prediction,
                status=status,
                outcome=outcome,
                author=_lookup(ledger.author, prediction.author),
                source=_lookup(ledger.source, prediction.source),
                # As the tally takes it: only a resolved claim is scored against its reference.
                reference=references(prediction) if status is Status.RESOLVED else None,
            )
        )
    ranks = _ranks(tallies)

    def order(key: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
        pairs = zip(dimensions, key, strict=True)
        return tuple(DIMENSIONS[name].sort_key(value) for name, value in pairs)

    def label(key: tuple[str, ...]) -> str:
        pairs = zip(dimensions, key, strict=True)
        return " / ".join(_label(ledger, name, value) for name, value in pairs)

    groups = tuple(
        _group_score(
            key,
            label(key),
            tallies[key],
            tuple(rows[key]),
            ranks.get(key),
            _Extra(
                peer_score=peers.get(key, (None, 0))[0],
                peer_questions=peers.get(key, (None, 0))[1],
            ),
        )
        for key in sorted(tallies, key=order)
    )
    total_peer = peers.get(None, (None, 0))
    total = _group_score(
        (),
        "all",
        Tally.sum(tallies.values()),
        (),
        None,
        _Extra(peer_score=total_peer[0], peer_questions=total_peer[1]),
    )
    return Scorecard(as_of=day, by=dimensions, groups=groups, total=total)

"""The scorecard's sections below the summary, shared by the terminal, Markdown and HTML renderers.

* fair comparisons: Metaculus' baseline and peer scores, and the scores against the claims'
  reference probabilities (relative log score and Kelly growth, Brier difference and skill
  against the reference, PunditTracker's yield of calls without a probability);
* the trend: each group's Brier score and hit rate by year of resolution;
* calibration by horizon length: under 3 months, 3-12 months, over a year, open-ended.

A section is plain text cells; a renderer lays it out. A section with no row is left out.
"""

from __future__ import annotations

from attrs import frozen

from .._score.scorecard import Breakdown, GroupScore, Scorecard
from ._columns import MISSING, decimal, percent, signed

__all__ = ["Section", "sections"]


@frozen(kw_only=True)
class Section:
    title: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    """Numeric columns align right."""
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    """The row of all groups merged, when the section has one."""
    notes: tuple[str, ...]


def _interval(low: float | None, high: float | None, digits: int = 2, scale: float = 1) -> str:
    if low is None or high is None:
        return MISSING
    return f"{scale * low:.{digits}f} to {scale * high:.{digits}f}"


def _percent_interval(low: float | None, high: float | None) -> str:
    """As the summary writes the hit rate's interval: 31-85%."""
    if low is None or high is None:
        return MISSING
    return f"{100 * low:.0f}-{100 * high:.0f}%"


def _points(value: float | None) -> str:
    return MISSING if value is None else f"{value:+.1f}"


def _fair_row(group: GroupScore) -> tuple[str, ...]:
    fair = group.fair
    peer = (
        MISSING
        if group.peer_score is None
        else f"{_points(group.peer_score)} ({group.peer_questions})"
    )
    return (
        group.label,
        str(group.forecasts),
        _points(fair.baseline),
        peer,
        str(fair.referenced),
        _points(fair.relative_log),
        decimal(fair.kelly_growth),
        signed(None if fair.brier_difference is None else float(fair.brier_difference), 3),
        signed(None if fair.market_skill is None else float(fair.market_skill)),
        str(fair.calls),
        decimal(None if fair.call_yield is None else float(fair.call_yield), 2),
        _interval(fair.yield_low, fair.yield_high),
    )


_FAIR_HEADERS = (
    "group",
    "forecasts",
    "baseline",
    "peer (pairs)",
    "with ref",
    "rel log",
    "Kelly",
    "Brier diff",
    "skill vs ref",
    "calls",
    "yield",
    "yield 95% CI",
)

_FAIR_NOTES = (
    "forecasts: scored claims with a probability; calls: scored claims without one that have "
    "a reference probability (void and ambiguous verdicts are never scored)",
    "baseline: Metaculus' 100 log2(2 p(outcome)), mean over forecasts; 0 is saying 50%",
    "peer: Metaculus' peer score on questions two or more authors forecast, "
    "mean over (author, question) pairs; the peers of a question sum to 0",
    "with ref: forecasts whose claim has a reference probability m (a market, a consensus, a "
    "base rate priced before the claim)",
    "rel log: mean of 100 (ln p(outcome) - ln m(outcome)); Kelly: exp of its mean in nats, the "
    "growth per bet of a bettor who believes p and trades at m; above 0 (above 1) beats m",
    "Brier diff: mean (m - y)^2 - (p - y)^2; skill vs ref: 1 - sum (p - y)^2 / sum (m - y)^2",
    "yield: mean payout y / m of $1 on each call without a probability at the reference's odds; "
    "1.00 is no better than the consensus; seeded bootstrap 95% interval",
)


def _year_row(group: GroupScore, row: Breakdown) -> tuple[str, ...]:
    return (
        group.label,
        row.label,
        str(row.scored),
        percent(row.hit_rate),
        _percent_interval(row.hit_rate_low, row.hit_rate_high),
        str(row.forecasts),
        decimal(row.brier),
    )


def _length_row(group: GroupScore, row: Breakdown) -> tuple[str, ...]:
    return (
        group.label,
        row.label,
        str(row.forecasts),
        percent(row.mean_forecast),
        percent(row.observed),
        decimal(row.reliability),
        decimal(row.brier),
    )


def _fair(card: Scorecard) -> Section | None:
    groups = [g for g in card.groups if g.forecasts or g.fair.calls]
    if not groups:
        return None
    return Section(
        title="Fair comparisons",
        headers=_FAIR_HEADERS,
        numeric=(False, *([True] * (len(_FAIR_HEADERS) - 1))),
        rows=tuple(_fair_row(g) for g in groups),
        total=_fair_row(card.total),
        notes=_FAIR_NOTES,
    )


def _trend(card: Scorecard) -> Section | None:
    rows = tuple(_year_row(g, row) for g in card.groups for row in g.by_resolution_year)
    if not rows:
        return None
    return Section(
        title="By year of resolution",
        headers=("group", "resolved in", "scored", "hit rate", "95% CI", "forecasts", "Brier"),
        numeric=(False, False, True, True, True, True, True),
        rows=rows,
        total=None,
        notes=(
            "claims resolved in each year (the year of the outcome in force), "
            "with the hit rate's Wilson 95% interval",
        ),
    )


def _lengths(card: Scorecard) -> Section | None:
    rows = tuple(
        _length_row(g, row) for g in card.groups for row in g.by_horizon_length if row.forecasts
    )
    if not rows:
        return None
    return Section(
        title="Calibration by horizon length",
        headers=("group", "horizon", "forecasts", "mean p", "observed", "reliability", "Brier"),
        numeric=(False, False, True, True, True, True, True),
        rows=rows,
        total=None,
        notes=(
            "horizon: from made_on to the horizon's end; under 3 months (ends before the day "
            "3 calendar months on), 3-12 months (at most one calendar year on), over a year, "
            "open-ended (no end)",
            "mean p against observed: the mean forecast and how often those claims came true; "
            "reliability: the calibration error of Murphy's decomposition, lower is better",
        ),
    )


def sections(card: Scorecard) -> tuple[Section, ...]:
    """The sections that have rows, in the order they are shown."""
    found = (_fair(card), _trend(card), _lengths(card))
    return tuple(section for section in found if section is not None)

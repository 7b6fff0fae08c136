"""The columns of the summary table, shared by the terminal, Markdown and HTML renderers.

Each column turns a `GroupScore` into short text. Missing values print as "-": a group with
nothing scored has no hit rate, which is not the same as a hit rate of 0%.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from .._score.scorecard import GroupScore, Scorecard

__all__ = [
    "COLUMNS",
    "MISSING",
    "Column",
    "decimal",
    "footnotes",
    "percent",
    "signed",
]

MISSING = "-"


@frozen(kw_only=True)
class Column:
    header: str
    cell: Callable[[GroupScore], str]
    numeric: bool = True
    """Numeric columns align right."""
    help: str = ""


def percent(value: float | None) -> str:
    return MISSING if value is None else f"{100 * value:.0f}%"


def decimal(value: float | None, digits: int = 3) -> str:
    return MISSING if value is None else f"{value:.{digits}f}"


def signed(value: float | None, digits: int = 2) -> str:
    return MISSING if value is None else f"{value:+.{digits}f}"


def _interval(group: GroupScore) -> str:
    if group.hit_rate_low is None or group.hit_rate_high is None:
        return MISSING
    return f"{100 * group.hit_rate_low:.0f}-{100 * group.hit_rate_high:.0f}%"


def _rank(group: GroupScore) -> str:
    return MISSING if group.rank is None else str(group.rank)


def _unscored(group: GroupScore) -> str:
    counts = group.counts
    share = group.void_ambiguous_share
    return f"{counts.void + counts.ambiguous} ({percent(share)})" if share is not None else "0"


def _verdicts(group: GroupScore) -> str:
    counts = group.counts
    return f"{counts.hits}/{counts.misses}/{counts.partial}"


COLUMNS: tuple[Column, ...] = (
    Column(header="#", cell=_rank, help="rank among graded groups"),
    Column(header="group", cell=lambda g: g.label, numeric=False),
    Column(header="made", cell=lambda g: str(g.counts.made), help="claims made by the date"),
    Column(header="abst", cell=lambda g: str(g.counts.abstentions), help="abstentions"),
    Column(header="pend", cell=lambda g: str(g.counts.pending), help="horizon not ended"),
    Column(header="due", cell=lambda g: str(g.counts.due), help="ended, awaiting a verdict"),
    Column(header="hit/miss/part", cell=_verdicts, help="true, false and partial verdicts"),
    Column(header="void+amb", cell=_unscored, help="unscorable verdicts and their share"),
    Column(header="hit rate", cell=lambda g: percent(g.hit_rate)),
    Column(header="95% CI", cell=_interval, help="Wilson score interval of the hit rate"),
    Column(header="Brier", cell=lambda g: decimal(g.brier), help="0 is perfect, 0.25 a coin"),
    Column(header="skill", cell=lambda g: signed(g.brier_skill), help="Brier skill vs 50%"),
    Column(header="log", cell=lambda g: decimal(g.log_score), help="mean ln p; 0 is perfect"),
)


def footnotes(card: Scorecard) -> tuple[str, ...]:
    """The lines a reader needs under the table to read it right."""
    return (
        f"as of {card.as_of.isoformat()}, grouped by {', '.join(card.by)}",
        "hit rate = (hits + partial credit) / scored, with its Wilson 95% interval",
        "Brier: mean (p - outcome)^2 over claims with a probability; 0 is perfect, 0.25 a coin",
        "skill: 1 - Brier / Brier of always saying 50%; above 0 beats a coin",
        "log: mean ln of the probability given to what happened; 0 is perfect, -0.693 a coin",
        f"groups with fewer than {card.min_graded} scored claims are not ranked (#: -)",
    )

"""Predictions grouped by dimensions, and the tally of each group.

A `Dimension` gives each prediction a value (its author, its sector, how far ahead it
reaches, ...); a grouping by several dimensions crosses them, and a group's key is the tuple of
its values. `standings` walks a ledger as it stood on a date, and `GroupAccumulator` is the one
way the engine turns predictions into a `Tally`: `tally_groups` runs one per group, `tally_one`
is the accumulator of a single prediction, and `merge_groups` merges groups tallied apart.
Records the engine cannot score, and groupings it does not know, raise `ScoringError`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction

from attrs import frozen

from .._ledger import Ledger
from .._records import Outcome, Prediction, Verdict
from ..errors import ScoringError
from .measures import credit_of, exact, probability_of
from .status import Status, made_by, status_given
from .tally import Counts, Tally, canonical_calls, canonical_forecasts, canonical_referenced

__all__ = [
    "DIMENSIONS",
    "HORIZON_BUCKETS",
    "HORIZON_LABELS",
    "HORIZON_LENGTHS",
    "HORIZON_LENGTH_LABELS",
    "Dimension",
    "GroupAccumulator",
    "Standing",
    "group_key",
    "grouping",
    "horizon_bucket",
    "horizon_length",
    "merge_groups",
    "reference_of",
    "standings",
    "tally_groups",
    "tally_one",
    "tally_standings",
]

# -- dimensions -----------------------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years; past the last year the calendar holds, its last day (a
    claim made in 9998 "within three years" reaches to the end of time)."""
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=year, day=28)


HORIZON_BUCKETS = ("up-to-1y", "1-3y", "over-3y", "open-ended")

HORIZON_LABELS: Mapping[str, str] = {
    "up-to-1y": "up to 1 year",
    "1-3y": "1-3 years",
    "over-3y": "over 3 years",
    "open-ended": "open-ended",
}
"""Each horizon bucket as a reader sees it."""


def horizon_bucket(prediction: Prediction) -> str:
    """How far ahead the claim reaches, from the day it was made to the horizon's last day.

    "up-to-1y" when the end is at most one calendar year after `made_on`, "1-3y" up to three
    years, "over-3y" beyond, and "open-ended" with no end.
    """
    end = prediction.horizon.end
    if end is None:
        return "open-ended"
    if end <= _add_years(prediction.made_on.latest, 1):
        return "up-to-1y"
    if end <= _add_years(prediction.made_on.latest, 3):
        return "1-3y"
    return "over-3y"


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; a day the target month lacks becomes its last
    (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    month += 1
    last = 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


HORIZON_LENGTHS = ("under-3m", "3-12m", "over-1y", "open-ended")

HORIZON_LENGTH_LABELS: Mapping[str, str] = {
    "under-3m": "under 3 months",
    "3-12m": "3-12 months",
    "over-1y": "over a year",
    "open-ended": "open-ended",
}
"""Each horizon length of the calibration-by-horizon breakdown as a reader sees it."""


def horizon_length(prediction: Prediction) -> str:
    """The horizon length of the calibration breakdown, from `made_on` (a range's latest day)
    to the horizon's last day: "under-3m" when the end is before the day three calendar months
    after `made_on`, "3-12m" when it is at most one calendar year after, "over-1y" beyond,
    "open-ended" with no end.

    Made on 2024-01-15: an end up to 2024-04-14 is under 3 months, 2024-04-15 to 2025-01-15
    is 3-12 months, 2025-01-16 on is over a year.
    """
    end = prediction.horizon.end
    if end is None:
        return "open-ended"
    made = prediction.made_on.latest
    if end < _add_months(made, 3):
        return "under-3m"
    if end <= _add_years(made, 1):
        return "3-12m"
    return "over-1y"


@frozen(kw_only=True)
class Dimension:
    """A way to group predictions: the value of a prediction, and how values sort."""

    name: str
    value: Callable[[Prediction], str]
    order: tuple[str, ...] = ()
    """The values in their natural order, when it is not alphabetical."""

    def sort_key(self, value: str) -> tuple[int, str]:
        return (self.order.index(value) if value in self.order else len(self.order), value)


DIMENSIONS: Mapping[str, Dimension] = {
    d.name: d
    for d in (
        Dimension(name="author", value=lambda p: p.author),
        Dimension(name="sector", value=lambda p: p.sector),
        Dimension(name="source", value=lambda p: p.source),
        Dimension(name="horizon", value=horizon_bucket, order=HORIZON_BUCKETS),
        Dimension(name="year", value=lambda p: str(p.made_on.latest.year)),
        Dimension(
            name="kind",
            value=lambda p: p.kind.value,
            order=("forecast", "commitment", "abstention"),
        ),
        Dimension(
            name="conditional",
            value=lambda p: "conditional" if p.conditional else "plain",
            order=("plain", "conditional"),
        ),
        Dimension(
            name="basis",
            value=lambda p: p.probability.basis.value if p.probability else "none",
            order=("stated", "hedge", "judgement", "none"),
        ),
    )
}


def _unknown(name: str) -> ScoringError:
    return ScoringError(f"unknown grouping {name!r}: choose from {', '.join(DIMENSIONS)}")


def grouping(by: str | Iterable[str]) -> tuple[str, ...]:
    """The dimensions named by `by`: "author", "author,sector" or ("author", "sector").

    Names are trimmed and lower-cased. Raises `ScoringError`, with a message fit for a user,
    on an empty, unknown or repeated name.
    """
    text = by if isinstance(by, str) else ",".join(by)
    names = tuple(part.strip().lower() for part in text.split(","))
    for name in names:
        if not name:
            raise ScoringError(f"empty grouping in {text!r}: choose from {', '.join(DIMENSIONS)}")
        if name not in DIMENSIONS:
            raise _unknown(name)
    if len(set(names)) != len(names):
        raise ScoringError(f"grouping {text!r} names a dimension twice")
    return names


def _values(by: tuple[str, ...]) -> tuple[Callable[[Prediction], str], ...]:
    try:
        return tuple(DIMENSIONS[name].value for name in by)
    except KeyError as error:
        raise _unknown(error.args[0]) from None


def group_key(prediction: Prediction, by: tuple[str, ...]) -> tuple[str, ...]:
    """The prediction's group: one value per dimension of `by`."""
    return tuple(value(prediction) for value in _values(by))


# -- standings ------------------------------------------------------------------------------

Standing = tuple[tuple[str, ...], Prediction, Status, Outcome | None]
"""(group, prediction, status, outcome in force) of one prediction on a date."""


def standings(
    ledger: Ledger,
    by: tuple[str, ...],
    as_of: dt.date,
    predictions: Iterable[Prediction] | None = None,
) -> Iterator[Standing]:
    """(group, prediction, status, outcome) of each prediction made by `as_of`, in order; the
    outcome is the one in force on `as_of` for a resolved prediction, else `None`."""
    values = _values(by)
    (one,) = values if len(values) == 1 else (None,)
    for prediction in ledger.predictions if predictions is None else predictions:
        if not made_by(prediction, as_of):
            continue
        key = (one(prediction),) if one else tuple(value(prediction) for value in values)
        outcome = ledger.outcome(prediction.id, as_of=as_of)
        status = status_given(prediction, outcome, as_of)
        # An abstention's stray outcome is not its outcome.
        yield key, prediction, status, outcome if status is Status.RESOLVED else None


# -- tallies --------------------------------------------------------------------------------

_CREDIT_KEYS = {Verdict.TRUE: 1.0, Verdict.FALSE: 0.0}


class GroupAccumulator:
    """The tally of one group, gathered prediction by prediction in plain counters.

    Statuses and verdicts are counted as integers, forecasts as a multiset keyed by the values
    as written, and each distinct probability or credit is read as an exact fraction once (in
    `exact_values`, which the accumulators of one scoring share). The one `Tally` is built at
    the end by `tally()`. `add` raises `ScoringError` for a record the engine cannot score.
    """

    __slots__ = ("_calls", "_credits", "_exact", "_pairs", "_referenced", "_statuses", "_verdicts")

    def __init__(self, exact_values: dict[float, Fraction] | None = None) -> None:
        self._statuses: Counter[Status] = Counter()
        self._verdicts: Counter[Verdict] = Counter()
        self._credits: Counter[Fraction] = Counter()
        self._pairs: Counter[tuple[float | Fraction, float | Fraction]] = Counter()
        self._referenced: Counter[tuple[Fraction, Fraction, Fraction]] = Counter()
        self._calls: Counter[tuple[Fraction, Fraction]] = Counter()
        self._exact: dict[float, Fraction] = {} if exact_values is None else exact_values

    def add(
        self,
        prediction: Prediction,
        status: Status,
        outcome: Outcome | None,
        reference: Fraction | None = None,
    ) -> None:
        """Count a prediction made by the date, with its status, the outcome in force and the
        reference probability of the claim as phrased (None when it has none)."""
        if status is not Status.RESOLVED:
            self._statuses[status] += 1
            return
        assert outcome is not None
        verdict = outcome.verdict
        credit = credit_of(outcome, self._exact)
        if credit is not None:
            probability = probability_of(prediction, self._exact)
            if verdict is Verdict.PARTIAL:
                self._credits[credit] += 1
                credit_key = _key(outcome.credit, credit)
            else:
                credit_key = _CREDIT_KEYS[verdict]
            if probability is not None:
                assert prediction.probability is not None
                # Counted by the values as written: a float hashes at C speed, a Fraction in
                # Python. Equal floats have equal exact values, so the multiset is the same.
                self._pairs[(_key(prediction.probability.value, probability), credit_key)] += 1
            if reference is not None:
                if probability is not None:
                    self._referenced[(probability, reference, credit)] += 1
                else:
                    self._calls[(reference, credit)] += 1
        self._verdicts[verdict] += 1

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
        credit = Fraction(verdicts[Verdict.TRUE])
        for value, n in self._credits.items():
            credit += n * value
        # Distinct keys have distinct exact values (a float's is its shortest repr, and an
        # int key equals the float of the same value), so nothing merges here.
        pairs = [
            ((self._exact_of(probability), self._exact_of(credit_key)), n)
            for (probability, credit_key), n in self._pairs.items()
        ]
        return Tally(
            counts=counts,
            credit=credit,
            forecasts=canonical_forecasts(pairs),
            referenced=canonical_referenced(self._referenced.items()),
            calls=canonical_calls(self._calls.items()),
        )


def _key(value: object, fraction: Fraction) -> float | Fraction:
    """The key a value is counted under: itself if a float, else its exact fraction."""
    return value if type(value) is float else fraction


References = Callable[[Prediction], Fraction | None]
"""The exact reference probability of a claim as phrased, or None: `reference_of(ledger)`."""


def reference_of(ledger: Ledger) -> References:
    """The reference probability m of each claim as phrased, exactly: the probability of
    `Ledger.reference_for` read like any probability (`measures.exact`), and 1 - m, exactly,
    for a claim that negates the question the reference prices (the float 1.0 - 0.7 would be
    0.30000000000000004). None for a claim without a reference."""

    if not ledger.references:
        return _no_reference

    def reference(prediction: Prediction) -> Fraction | None:
        found = ledger.reference_for(prediction)
        if found is None:
            return None
        value = exact(found.probability)
        if not 0 < value < 1:
            raise ScoringError(
                f"reference {found.id!r} has a probability {found.probability!r} outside (0, 1)"
            )
        negated = found.question is not None and prediction.negates
        return 1 - value if negated else value

    return reference


def _no_reference(_: Prediction) -> Fraction | None:
    return None


def tally_standings(
    items: Iterable[Standing], references: References = _no_reference
) -> dict[tuple[str, ...], Tally]:
    """The tally of each group of `items`, one `GroupAccumulator` per group; `references`
    gives each resolved claim's reference probability (none by default)."""
    exact_values: dict[float, Fraction] = {}
    members: dict[tuple[str, ...], GroupAccumulator] = {}
    for key, prediction, status, outcome in items:
        accumulator = members.get(key)
        if accumulator is None:
            accumulator = members[key] = GroupAccumulator(exact_values)
        if status is Status.RESOLVED:
            accumulator.add(prediction, status, outcome, references(prediction))
        else:
            accumulator.add(prediction, status, outcome)
    return {key: accumulator.tally() for key, accumulator in members.items()}


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
    return tally_standings(standings(ledger, by, as_of, predictions), reference_of(ledger))


def tally_one(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> Tally:
    """The tally of a single prediction as of a date; empty if it was not made yet."""
    return tally_groups(ledger, (), as_of, (prediction,)).get((), Tally())


def merge_groups(
    *groupings: Mapping[tuple[str, ...], Tally],
) -> dict[tuple[str, ...], Tally]:
    """Merge the group tallies of several shards, key by key."""
    merged: dict[tuple[str, ...], list[Tally]] = {}
    for grouping in groupings:
        for key, tally in grouping.items():
            merged.setdefault(key, []).append(tally)
    return {key: Tally.sum(tallies) for key, tallies in merged.items()}

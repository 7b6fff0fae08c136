"""Which predictions stand where on a date: the `list` and `due` views of a ledger.

A listing is taken as of a date, like every status: predictions made after it are left out, and
outcomes resolved after it are ignored, so yesterday's reminder list can be replayed exactly.
Filters name authors, sectors and sources by id; an id the ledger does not know is refused with
a suggestion rather than silently matching nothing, and so is an unknown id looked up with
`find_prediction`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from attrs import frozen

from .._ledger import Ledger
from .._records import Outcome, Prediction, Verdict
from .._score.status import Status, predictions_as_of, status_of
from .._text import suggest
from ..errors import RequestError

__all__ = ["Entry", "due_predictions", "find_prediction", "list_predictions", "select"]

Wanted = str | Iterable[str] | None
"""A filter: one id, several (any of them matches), or `None` for no filter."""


@frozen(kw_only=True)
class Entry:
    """One prediction as it stood on `as_of`."""

    prediction: Prediction
    status: Status
    as_of: dt.date
    outcome: Outcome | None = None
    """The outcome in force on `as_of`, if any."""

    @property
    def overdue_days(self) -> int | None:
        """Days since the horizon's last day, for a prediction that is due."""
        end = self.prediction.horizon.end
        if self.status is not Status.DUE or end is None:
            return None
        return (self.as_of - end).days


def list_predictions(
    ledger: Ledger,
    as_of: dt.date,
    *,
    author: Wanted = None,
    sector: Wanted = None,
    source: Wanted = None,
    status: Status | None = None,
    verdict: Verdict | Iterable[Verdict] | None = None,
) -> tuple[Entry, ...]:
    """The predictions that existed on `as_of` and match every filter given, in ledger order.

    `author`, `sector` and `source` each take one id or several (a prediction matches when it
    has any of them); `verdict` keeps the predictions whose outcome in force on `as_of` has one
    of these verdicts.
    """
    matches = _matcher(ledger, author=author, sector=sector, source=source)
    verdicts = (
        None
        if verdict is None
        else frozenset((verdict,) if isinstance(verdict, Verdict) else verdict)
    )
    entries = []
    for prediction in predictions_as_of(ledger.predictions, as_of):
        if not matches(prediction):
            continue
        outcome = ledger.outcome(prediction.id, as_of=as_of)
        if verdicts is not None and (outcome is None or outcome.verdict not in verdicts):
            continue
        entry = Entry(
            prediction=prediction,
            status=status_of(ledger, prediction, as_of),
            as_of=as_of,
            outcome=outcome,
        )
        if status is None or entry.status is status:
            entries.append(entry)
    return tuple(entries)


def select(
    ledger: Ledger, *, author: Wanted = None, sector: Wanted = None, source: Wanted = None
) -> Ledger:
    """The ledger narrowed to the predictions that match every filter, with their outcomes;
    every author, sector and source stays, so names and labels still resolve."""
    matches = _matcher(ledger, author=author, sector=sector, source=source)
    if author is None and sector is None and source is None:
        return ledger
    predictions = tuple(p for p in ledger.predictions if matches(p))
    # The questions of the claims kept are kept with their outcomes: they resolve those claims.
    kept = {p.id for p in predictions} | {p.question for p in predictions if p.question}
    outcomes = tuple(o for o in ledger.outcomes if o.target in kept)
    return ledger.keeping(predictions, outcomes)


def _ids(value: Wanted) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset((value,) if isinstance(value, str) else value)


def _matcher(
    ledger: Ledger, *, author: Wanted, sector: Wanted, source: Wanted
) -> Callable[[Prediction], bool]:
    """A test of a prediction against the filters, after refusing any id the ledger lacks."""
    authors, sectors, sources = _ids(author), _ids(sector), _ids(source)
    _known("author", authors, (a.id for a in ledger.authors))
    _known("sector", sectors, (s.id for s in ledger.sectors))
    _known("source", sources, (s.id for s in ledger.sources))

    def matches(prediction: Prediction) -> bool:
        return (
            (authors is None or prediction.author in authors)
            and (sectors is None or prediction.sector in sectors)
            and (sources is None or prediction.source in sources)
        )

    return matches


def due_predictions(
    ledger: Ledger,
    as_of: dt.date,
    *,
    author: Wanted = None,
    sector: Wanted = None,
    source: Wanted = None,
) -> tuple[Entry, ...]:
    """The keeper's reminder list: unresolved predictions whose horizon ended before `as_of`,
    the longest overdue first; filtered as `list_predictions` filters."""
    due = list_predictions(
        ledger, as_of, author=author, sector=sector, source=source, status=Status.DUE
    )

    def oldest_first(entry: Entry) -> tuple[dt.date, str]:
        end = entry.prediction.horizon.end
        assert end is not None  # a due prediction's horizon has ended
        return end, entry.prediction.id

    return tuple(sorted(due, key=oldest_first))


def _known(kind: str, values: frozenset[str] | None, ids: Iterable[str]) -> None:
    if values is None:
        return
    known = list(ids)
    for value in sorted(values):
        if value not in known:
            raise RequestError(f"unknown {kind} '{value}'{suggest(value, known)}")


def find_prediction(ledger: Ledger, prediction_id: str) -> Prediction:
    """The prediction with this id, or a `RequestError` suggesting the closest ids."""
    try:
        return ledger.prediction(prediction_id)
    except KeyError:
        known = (prediction.id for prediction in ledger.predictions)
        raise RequestError(
            f"unknown prediction '{prediction_id}'{suggest(prediction_id, known)}"
        ) from None

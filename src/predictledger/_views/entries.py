"""Which predictions stand where on a date: the `list` and `due` views of a ledger.

A listing is taken as of a date, like every status: predictions made after it are left out, and
outcomes resolved after it are ignored, so yesterday's reminder list can be replayed exactly.
Filters name authors, sectors and sources by id; an id the ledger does not know is refused with
a suggestion rather than silently matching nothing, and so is an unknown id looked up with
`find_prediction`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from attrs import frozen

from .._ledger import Ledger
from .._records import Outcome, Prediction
from .._score.status import Status, predictions_as_of, status_of
from .._text import suggest
from ..errors import RequestError

__all__ = ["Entry", "due_predictions", "find_prediction", "list_predictions"]


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
    author: str | None = None,
    sector: str | None = None,
    source: str | None = None,
    status: Status | None = None,
) -> tuple[Entry, ...]:
    """The predictions that existed on `as_of` and match every filter given, in ledger order."""
    _known("author", author, (a.id for a in ledger.authors))
    _known("sector", sector, (s.id for s in ledger.sectors))
    _known("source", source, (s.id for s in ledger.sources))
    entries = []
    for prediction in predictions_as_of(ledger.predictions, as_of):
        if author is not None and prediction.author != author:
            continue
        if sector is not None and prediction.sector != sector:
            continue
        if source is not None and prediction.source != source:
            continue
        entry = Entry(
            prediction=prediction,
            status=status_of(ledger, prediction, as_of),
            as_of=as_of,
            outcome=ledger.outcome(prediction.id, as_of=as_of),
        )
        if status is None or entry.status is status:
            entries.append(entry)
    return tuple(entries)


def due_predictions(ledger: Ledger, as_of: dt.date) -> tuple[Entry, ...]:
    """The keeper's reminder list: unresolved predictions whose horizon ended before `as_of`,
    the longest overdue first."""
    due = list_predictions(ledger, as_of, status=Status.DUE)

    def oldest_first(entry: Entry) -> tuple[dt.date, str]:
        end = entry.prediction.horizon.end
        assert end is not None  # a due prediction's horizon has ended
        return end, entry.prediction.id

    return tuple(sorted(due, key=oldest_first))


def _known(kind: str, value: str | None, ids: Iterable[str]) -> None:
    if value is None:
        return
    known = list(ids)
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

"""Which predictions stand where on a date: the `list` and `due` views of a ledger.

A listing is taken as of a date, like every status: predictions made after it are left out, and
outcomes resolved after it are ignored, so yesterday's reminder list can be replayed exactly.
Filters name authors, sectors and sources by id; an id the ledger does not know is refused with
a suggestion rather than silently matching nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from attrs import frozen

from .._ledger import Ledger
from .._records import Outcome, Prediction
from .._score.status import Status, predictions_as_of, status_of
from ..errors import RequestError
from .keeping import did_you_mean

__all__ = ["Entry", "due_predictions", "entry_json", "list_predictions"]


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
        raise RequestError(f"unknown {kind} '{value}'{did_you_mean(value, known)}")


def entry_json(entry: Entry, ledger: Ledger) -> dict[str, Any]:
    """An entry as JSON-ready data: dates in ISO form, absent values as `None`."""
    prediction = entry.prediction
    horizon = prediction.horizon
    try:
        author_name: str | None = ledger.author(prediction.author).name
    except KeyError:
        author_name = None
    outcome = entry.outcome
    return {
        "id": prediction.id,
        "status": entry.status.value,
        "author": prediction.author,
        "author_name": author_name,
        "source": prediction.source,
        "sector": prediction.sector,
        "kind": prediction.kind.value,
        "made_on": prediction.made_on.isoformat(),
        "claim": prediction.claim,
        "horizon": {
            "phrase": horizon.phrase,
            "start": horizon.start.isoformat(),
            "end": horizon.end.isoformat() if horizon.end is not None else None,
        },
        "overdue_days": entry.overdue_days,
        "verdict": outcome.verdict.value if outcome is not None else None,
        "outcome": outcome.id if outcome is not None else None,
    }

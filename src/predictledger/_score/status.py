"""Where a prediction stands on a given date: pending, due, resolved or an abstention.

The status is always taken *as of* a date, so that a scorecard, the `due` list and the
`list` command can all be replayed as they stood on any past day:

* a prediction exists from the day it was made: one made after the date does not exist yet,
  and asking for its status is an error (callers filter with `made_by` first);
* an outcome counts only from the day it was resolved (`Ledger.outcome(..., as_of=...)`).

A horizon has *ended* on a date when its last day is strictly before that date
(`horizon.end < as_of`): the window includes its last day, so a claim "in 2024" is still
pending on 2024-12-31 and becomes due on 2025-01-01. An open-ended horizon never ends, so its
prediction stays pending until an outcome resolves it. An outcome may resolve a prediction before
its horizon ends (the event happened early, or the claim was withdrawn): it is resolved from then.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

from .._ledger import Ledger
from .._records import Horizon, Outcome, Prediction
from ..errors import ScoringError

__all__ = [
    "Status",
    "horizon_ended",
    "made_by",
    "predictions_as_of",
    "status_given",
    "status_of",
]


class Status(enum.Enum):
    """Where a prediction stands on a date. The values are the words the CLI prints."""

    PENDING = "pending"
    """The horizon has not ended yet (or is open-ended) and no outcome is recorded."""
    DUE = "due"
    """The horizon has ended and no outcome is recorded: the keeper owes a verdict."""
    RESOLVED = "resolved"
    """An outcome is in force, whatever its verdict (void and ambiguous included)."""
    ABSTENTION = "abstention"
    """An explicit refusal to forecast: kept for the record, never due and never scored."""


def made_by(prediction: Prediction, as_of: dt.date) -> bool:
    """Whether the prediction existed on `as_of` (it was made that day or earlier)."""
    # A claim known only to a range counts from its latest day, when it certainly had been
    # made: never before it could have been, never hidden after it certainly was.
    return prediction.made_on.latest <= as_of


def horizon_ended(horizon: Horizon, as_of: dt.date) -> bool:
    """Whether the window's last day is strictly before `as_of`; never for an open horizon."""
    return horizon.end is not None and horizon.end < as_of


def status_of(ledger: Ledger, prediction: Prediction, as_of: dt.date) -> Status:
    """The prediction's status on `as_of`.

    Raises `ScoringError` for a prediction made after `as_of`: it has no status on a day when it
    did not exist yet, and silently calling it pending would count it in the past.
    """
    if not made_by(prediction, as_of):
        raise ScoringError(
            f"prediction {prediction.id!r} was made on {prediction.made_on}, "
            f"after {as_of.isoformat()}: it has no status on that date"
        )
    return status_given(prediction, ledger.outcome(prediction.id, as_of=as_of), as_of)


def status_given(prediction: Prediction, outcome: Outcome | None, as_of: dt.date) -> Status:
    """The status on `as_of` of a prediction made by then, whose outcome in force that day
    is `outcome` (`Ledger.outcome(..., as_of=as_of)`): for callers that need both."""
    # An abstention stays an abstention even if someone recorded an outcome for it: it was
    # never a claim, so it can be neither due nor resolved.
    if not prediction.kind.scored:  # an abstention or a stance: kept, never scored
        return Status.ABSTENTION
    if outcome is not None:
        return Status.RESOLVED
    if horizon_ended(prediction.horizon, as_of):
        return Status.DUE
    return Status.PENDING


def predictions_as_of(predictions: Iterable[Prediction], as_of: dt.date) -> Iterator[Prediction]:
    """The predictions that existed on `as_of`, in their given order."""
    return (prediction for prediction in predictions if made_by(prediction, as_of))

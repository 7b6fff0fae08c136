"""What the keeper's commands share: refusing a request, and finding a prediction by its id.

Two kinds of failure are kept apart, because they are fixed in different places: a
`RequestError` says the caller asked for something that cannot be done (an unknown id, a credit
out of range) and is fixed on the command line; a `LedgerError` says the ledger's files have
problems and is fixed in the files. Neither is raised after anything was written.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._ledger import Ledger
from .._records import Prediction
from .._text import closest
from ..errors import RequestError

__all__ = ["did_you_mean", "find_prediction"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest choices, or an empty string when none is close."""
    close = closest(word, choices)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{choice}'" for choice in close) + "?"


def find_prediction(ledger: Ledger, prediction_id: str) -> Prediction:
    """The prediction with this id, or a `RequestError` suggesting the closest ids."""
    try:
        return ledger.prediction(prediction_id)
    except KeyError:
        known = (prediction.id for prediction in ledger.predictions)
        raise RequestError(
            f"unknown prediction '{prediction_id}'{did_you_mean(prediction_id, known)}"
        ) from None

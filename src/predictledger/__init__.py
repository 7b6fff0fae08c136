"""predictledger: a plain-text ledger of forward-looking claims, their outcomes and scorecards.

The pipeline reads in the names: `load` reads a ledger's files into records (`read_ledger`
keeps every file's reading and its problems), `check` lists the problems, and `scorecard`
turns the ledger into each author's record. Secondary concerns are public submodules:
`predictledger.scoring` (tallies and their scores), `predictledger.hedges` (hedge words and
the probabilities they imply), `predictledger.writing` (appending records as the commands do)
and `predictledger.errors`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The core: every command reads a ledger, so importing it here costs a command nothing.
from ._checks import check
from ._convert import to_table
from ._digest import prediction_digest, question_digest
from ._ledger import Ledger
from ._loader import load, read_ledger
from ._problems import Problem
from ._read.file import Limits
from ._read.result import ReadResult
from ._records import (
    Author,
    Basis,
    Dating,
    Horizon,
    Kind,
    Location,
    Match,
    Outcome,
    PartialDate,
    Participant,
    Precision,
    Prediction,
    Probability,
    Question,
    Reference,
    ReferenceKind,
    Role,
    Sector,
    Source,
    Verdict,
)
from .errors import (
    HedgeDataError,
    HorizonError,
    LedgerError,
    LedgerNotFoundError,
    LedgerWriteError,
    NotFoundError,
    PredictLedgerError,
    RequestError,
    ScoringError,
)

if TYPE_CHECKING:
    from . import errors, hedges, scoring, writing
    from ._draft import Candidate, draft
    from ._keep.add import Addition, Snippet, add_prediction
    from ._keep.resolve import Resolution, resolve_prediction
    from ._phrases.horizons import parse_horizon
    from ._score.scorecard import GroupScore, PredictionRow, Scorecard, scorecard
    from ._score.status import Status, status_of
    from ._version import __version__
    from ._views.entries import Entry, due_predictions, list_predictions
    from ._views.rows import export_rows, to_csv, to_jsonl

# What only some commands need is imported on first use (PEP 562).
_LAZY: dict[str, str] = {
    "Candidate": "._draft",
    "draft": "._draft",
    "Addition": "._keep.add",
    "Snippet": "._keep.add",
    "add_prediction": "._keep.add",
    "Resolution": "._keep.resolve",
    "resolve_prediction": "._keep.resolve",
    "parse_horizon": "._phrases.horizons",
    "GroupScore": "._score.scorecard",
    "PredictionRow": "._score.scorecard",
    "Scorecard": "._score.scorecard",
    "scorecard": "._score.scorecard",
    "Status": "._score.status",
    "status_of": "._score.status",
    "Entry": "._views.entries",
    "due_predictions": "._views.entries",
    "list_predictions": "._views.entries",
    "export_rows": "._views.rows",
    "to_csv": "._views.rows",
    "to_jsonl": "._views.rows",
    "__version__": "._version",
}
_LAZY_SUBMODULES = frozenset({"errors", "hedges", "scoring", "writing"})

__all__ = [
    "Addition",
    "Author",
    "Basis",
    "Candidate",
    "Dating",
    "Entry",
    "GroupScore",
    "HedgeDataError",
    "Horizon",
    "HorizonError",
    "Kind",
    "Ledger",
    "LedgerError",
    "LedgerNotFoundError",
    "LedgerWriteError",
    "Limits",
    "Location",
    "Match",
    "NotFoundError",
    "Outcome",
    "PartialDate",
    "Participant",
    "Precision",
    "PredictLedgerError",
    "Prediction",
    "PredictionRow",
    "Probability",
    "Problem",
    "Question",
    "ReadResult",
    "Reference",
    "ReferenceKind",
    "RequestError",
    "Resolution",
    "Role",
    "Scorecard",
    "ScoringError",
    "Sector",
    "Snippet",
    "Source",
    "Status",
    "Verdict",
    "__version__",
    "add_prediction",
    "check",
    "draft",
    "due_predictions",
    "errors",
    "export_rows",
    "hedges",
    "list_predictions",
    "load",
    "parse_horizon",
    "prediction_digest",
    "question_digest",
    "read_ledger",
    "resolve_prediction",
    "scorecard",
    "scoring",
    "status_of",
    "to_csv",
    "to_jsonl",
    "to_table",
    "writing",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_LAZY_SUBMODULES})

"""predictledger: a plain-text ledger of forward-looking claims, their outcomes and scorecards.

The pipeline is visible in the names: `load` reads a ledger's files into records, `check` lists
its problems, and the scorecard turns it into each author's record.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._checks import check
    from ._convert import to_table
    from ._digest import prediction_digest
    from ._keep.add import Addition, add_prediction
    from ._keep.resolve import Resolution, resolve_prediction
    from ._ledger import Ledger
    from ._loader import load, read_ledger
    from ._phrases.hedges import (
        HedgeReading,
        HedgeTable,
        ProbabilityScale,
        find_hedge,
        find_hedges,
        implied_probability,
        load_hedges,
        scales,
    )
    from ._phrases.horizons import parse_horizon
    from ._problems import Problem
    from ._read.file import Limits
    from ._records import (
        Author,
        Basis,
        Horizon,
        Kind,
        Location,
        Outcome,
        PartialDate,
        Participant,
        Precision,
        Prediction,
        Probability,
        Role,
        Sector,
        Source,
        Verdict,
    )
    from ._score.scorecard import GroupScore, PredictionRow, Scorecard, scorecard
    from ._score.status import Status, status_of
    from ._score.tally import MIN_GRADED, CalibrationBin, Counts, ForecastCount, Murphy, Tally
    from ._views.entries import Entry, due_predictions, list_predictions
    from ._views.rows import export_rows, to_csv, to_jsonl
    from ._write.append import Append, append_records, commit, prepare_append, render_records
    from ._write.lock import ledger_lock
    from .errors import (
        HedgeDataError,
        HorizonError,
        LedgerError,
        LedgerWriteError,
        PredictLedgerError,
        RequestError,
        ScoringError,
    )

# Names are imported on first use (PEP 562), so that a command loads only the modules it
# needs: importing every module took about 200 ms of each command's start.
_HOMES: dict[str, str] = {
    "HedgeDataError": ".errors",
    "HorizonError": ".errors",
    "LedgerError": ".errors",
    "LedgerWriteError": ".errors",
    "PredictLedgerError": ".errors",
    "RequestError": ".errors",
    "ScoringError": ".errors",
    "to_table": "._convert",
    "prediction_digest": "._digest",
    "Addition": "._keep.add",
    "add_prediction": "._keep.add",
    "export_rows": "._views.rows",
    "to_csv": "._views.rows",
    "to_jsonl": "._views.rows",
    "Entry": "._views.entries",
    "due_predictions": "._views.entries",
    "list_predictions": "._views.entries",
    "Resolution": "._keep.resolve",
    "resolve_prediction": "._keep.resolve",
    "Ledger": "._ledger",
    "Problem": "._problems",
    "check": "._checks",
    "Limits": "._read.file",
    "load": "._loader",
    "read_ledger": "._loader",
    "Author": "._records",
    "Basis": "._records",
    "Horizon": "._records",
    "Kind": "._records",
    "Location": "._records",
    "Outcome": "._records",
    "PartialDate": "._records",
    "Participant": "._records",
    "Precision": "._records",
    "Prediction": "._records",
    "Probability": "._records",
    "Role": "._records",
    "Sector": "._records",
    "Source": "._records",
    "Verdict": "._records",
    "GroupScore": "._score.scorecard",
    "PredictionRow": "._score.scorecard",
    "Scorecard": "._score.scorecard",
    "scorecard": "._score.scorecard",
    "CalibrationBin": "._score.tally",
    "Counts": "._score.tally",
    "ForecastCount": "._score.tally",
    "MIN_GRADED": "._score.tally",
    "Murphy": "._score.tally",
    "Tally": "._score.tally",
    "Status": "._score.status",
    "status_of": "._score.status",
    "HedgeReading": "._phrases.hedges",
    "HedgeTable": "._phrases.hedges",
    "ProbabilityScale": "._phrases.hedges",
    "find_hedge": "._phrases.hedges",
    "find_hedges": "._phrases.hedges",
    "implied_probability": "._phrases.hedges",
    "load_hedges": "._phrases.hedges",
    "scales": "._phrases.hedges",
    "parse_horizon": "._phrases.horizons",
    "Append": "._write.append",
    "append_records": "._write.append",
    "commit": "._write.append",
    "prepare_append": "._write.append",
    "render_records": "._write.append",
    "ledger_lock": "._write.lock",
}


__all__ = [
    "MIN_GRADED",
    "Addition",
    "Append",
    "Author",
    "Basis",
    "CalibrationBin",
    "Counts",
    "Entry",
    "ForecastCount",
    "GroupScore",
    "HedgeDataError",
    "HedgeReading",
    "HedgeTable",
    "Horizon",
    "HorizonError",
    "Kind",
    "Ledger",
    "LedgerError",
    "LedgerWriteError",
    "Limits",
    "Location",
    "Murphy",
    "Outcome",
    "PartialDate",
    "Participant",
    "Precision",
    "PredictLedgerError",
    "Prediction",
    "PredictionRow",
    "Probability",
    "ProbabilityScale",
    "Problem",
    "RequestError",
    "Resolution",
    "Role",
    "Scorecard",
    "ScoringError",
    "Sector",
    "Source",
    "Status",
    "Tally",
    "Verdict",
    "add_prediction",
    "append_records",
    "check",
    "commit",
    "due_predictions",
    "export_rows",
    "find_hedge",
    "find_hedges",
    "implied_probability",
    "ledger_lock",
    "list_predictions",
    "load",
    "load_hedges",
    "parse_horizon",
    "prediction_digest",
    "prepare_append",
    "read_ledger",
    "render_records",
    "resolve_prediction",
    "scales",
    "scorecard",
    "status_of",
    "to_csv",
    "to_jsonl",
    "to_table",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

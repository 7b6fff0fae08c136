"""predictledger: a plain-text ledger of forward-looking claims, their outcomes and scorecards.

The pipeline is visible in the names: `load` reads a ledger's files into records, `Ledger.check`
lists its problems, and the scorecard turns it into each author's record.
"""

from ._converter import to_table
from ._digest import prediction_digest
from ._keep.add import Addition, add_prediction
from ._keep.export import export_rows, to_csv, to_jsonl
from ._keep.keeping import RequestError
from ._keep.listing import Entry, due_predictions, list_predictions
from ._keep.resolve import Resolution, resolve_prediction
from ._ledger import Ledger
from ._problems import LedgerError, Problem
from ._read.loader import Limits, load, read_ledger
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
from ._score.scoring import MIN_GRADED, CalibrationBin, Counts, ForecastCount, Murphy, Tally
from ._score.status import Status, status_of
from ._words.hedges import (
    HedgeDataError,
    HedgeReading,
    HedgeTable,
    ProbabilityScale,
    find_hedge,
    find_hedges,
    implied_probability,
    load_hedges,
    scales,
)
from ._words.horizon import HorizonError, parse_horizon
from ._write.append import Append, append_records, prepare_append, render_records
from ._write.atomic import LedgerWriteError
from ._write.lock import ledger_lock

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
    "Prediction",
    "PredictionRow",
    "Probability",
    "ProbabilityScale",
    "Problem",
    "RequestError",
    "Resolution",
    "Role",
    "Scorecard",
    "Sector",
    "Source",
    "Status",
    "Tally",
    "Verdict",
    "add_prediction",
    "append_records",
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

"""predictledger: a plain-text ledger of forward-looking claims, their outcomes and scorecards.

The pipeline is visible in the names: `load` reads a ledger's files into records, `Ledger.check`
lists its problems, and the scorecard turns it into each author's record.
"""

from ._converter import to_table
from ._digest import prediction_digest
from ._hedges import (
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
from ._horizon import HorizonError, parse_horizon
from ._ledger import Ledger
from ._loader import Limits, load, read_ledger
from ._problems import LedgerError, Problem
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

__all__ = [
    "Author",
    "Basis",
    "HedgeDataError",
    "HedgeReading",
    "HedgeTable",
    "Horizon",
    "HorizonError",
    "Kind",
    "Ledger",
    "LedgerError",
    "Limits",
    "Location",
    "Outcome",
    "PartialDate",
    "Participant",
    "Precision",
    "Prediction",
    "Probability",
    "ProbabilityScale",
    "Problem",
    "Role",
    "Sector",
    "Source",
    "Verdict",
    "find_hedge",
    "find_hedges",
    "implied_probability",
    "load",
    "load_hedges",
    "parse_horizon",
    "prediction_digest",
    "read_ledger",
    "scales",
    "to_table",
]

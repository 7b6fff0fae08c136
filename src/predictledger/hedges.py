"""Hedge words and the probabilities they imply: the public API.

`implied_probability` reads one phrase, `find_hedge` and `find_hedges` scan a quote for known
phrases, `scales` lists the published scales the readings cite, and `load_hedges` builds a
`HedgeTable` from the bundled data and a user's own files. See `docs/hedges.md`.
"""

from __future__ import annotations

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
from .errors import HedgeDataError

__all__ = [
    "HedgeDataError",
    "HedgeReading",
    "HedgeTable",
    "ProbabilityScale",
    "find_hedge",
    "find_hedges",
    "implied_probability",
    "load_hedges",
    "scales",
]

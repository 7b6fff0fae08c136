"""The scorecard as JSON, with the stable schema documented in docs/scoring.md.

The schema is versioned by the top-level `schema` string: fields may be added within a
version, never renamed or removed. Every value that does not exist (a hit rate with nothing
scored, the mean forecast of an empty bin) is `null`, never 0. Numbers are the floats the
scorecard holds, unrounded.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from .._score.scorecard import GroupScore, PredictionRow, Scorecard
from .._score.tally import CalibrationBin, Murphy

__all__ = ["SCHEMA", "render", "to_data"]

SCHEMA = "predictledger.scorecard/1"

_COUNTS = (
    "made",
    "abstentions",
    "pending",
    "due",
    "resolved",
    "hits",
    "misses",
    "partial",
    "void",
    "ambiguous",
)


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _bin(row: CalibrationBin) -> dict[str, Any]:
    return {
        "lower": float(row.lower),
        "upper": float(row.upper),
        "count": row.count,
        "mean_forecast": _number(row.mean_forecast),
        "observed": _number(row.observed),
        "low": row.low,
        "high": row.high,
    }


def _murphy(murphy: Murphy | None) -> dict[str, Any] | None:
    if murphy is None:
        return None
    return {
        "reliability": float(murphy.reliability),
        "resolution": float(murphy.resolution),
        "uncertainty": float(murphy.uncertainty),
        "within_bin": float(murphy.within_bin),
    }


def _prediction(row: PredictionRow) -> dict[str, Any]:
    prediction, outcome = row.prediction, row.outcome
    probability = prediction.probability
    return {
        "id": prediction.id,
        "author": prediction.author,
        "source": prediction.source,
        "made_on": prediction.made_on.isoformat(),
        "horizon_end": prediction.horizon.end.isoformat() if prediction.horizon.end else None,
        "status": row.status.value,
        "verdict": outcome.verdict.value if outcome else None,
        "credit": outcome.credit if outcome else None,
        "resolved_on": outcome.resolved_on.isoformat() if outcome else None,
        "probability": probability.value if probability else None,
        "basis": probability.basis.value if probability else None,
        "conditional": prediction.conditional,
    }


def _group(group: GroupScore) -> dict[str, Any]:
    return {
        "key": list(group.key),
        "label": group.label,
        **{name: getattr(group.counts, name) for name in _COUNTS},
        "scored": group.scored,
        "forecasts": group.forecasts,
        "hit_rate": group.hit_rate,
        "hit_rate_low": group.hit_rate_low,
        "hit_rate_high": group.hit_rate_high,
        "brier": group.brier,
        "log_score": group.log_score,
        "brier_skill": group.brier_skill,
        "brier_skill_base_rate": group.brier_skill_base_rate,
        "base_rate": group.base_rate,
        "murphy": _murphy(group.murphy),
        "calibration": [_bin(row) for row in group.calibration],
        "void_ambiguous_share": group.void_ambiguous_share,
        "graded": group.graded,
        "rank": group.rank,
        "predictions": [_prediction(row) for row in group.rows],
    }


def to_data(card: Scorecard) -> dict[str, Any]:
    """The scorecard as plain JSON-ready data (dicts, lists, str, int, float, bool, None)."""
    return {
        "schema": SCHEMA,
        "as_of": card.as_of.isoformat(),
        "by": list(card.by),
        "min_graded": card.min_graded,
        "groups": [_group(group) for group in card.groups],
        "total": _group(card.total),
    }


def render(card: Scorecard) -> str:
    # allow_nan=False: the scorecard never holds NaN or infinity, and JSON has no such values.
    return json.dumps(to_data(card), ensure_ascii=False, indent=2, allow_nan=False) + "\n"

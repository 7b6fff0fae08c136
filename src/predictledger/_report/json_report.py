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

from .._score.scorecard import Breakdown, GroupScore, PredictionRow, Scorecard
from .._score.tally import CalibrationBin, FairScores, Murphy
from .._text import json_safe
from .._views.rows import prediction_fields

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


def _fair(fair: FairScores) -> dict[str, Any]:
    return {
        "baseline": fair.baseline,
        "referenced": fair.referenced,
        "relative_log": fair.relative_log,
        "kelly_growth": fair.kelly_growth,
        "brier_difference": _number(fair.brier_difference),
        "market_skill": _number(fair.market_skill),
        "calls": fair.calls,
        "yield": _number(fair.call_yield),
        "yield_low": fair.yield_low,
        "yield_high": fair.yield_high,
    }


def _breakdown(row: Breakdown, name: str) -> dict[str, Any]:
    return {
        name: row.key,
        "scored": row.scored,
        "hit_rate": row.hit_rate,
        "hit_rate_low": row.hit_rate_low,
        "hit_rate_high": row.hit_rate_high,
        "forecasts": row.forecasts,
        "brier": row.brier,
        "mean_forecast": row.mean_forecast,
        "observed": row.observed,
        "reliability": row.reliability,
        "calibration": [_bin(b) for b in row.calibration],
    }


def _prediction(row: PredictionRow) -> dict[str, Any]:
    fields = prediction_fields(row.prediction, row.outcome)
    return {
        "id": fields["id"],
        "author": fields["author"],
        "source": fields["source"],
        "made_on": fields["made_on"],
        "horizon_end": fields["horizon_end"],
        "status": row.status.value,
        "verdict": fields["verdict"],
        "credit": fields["credit"],
        "resolved_on": fields["resolved_on"],
        "probability": fields["probability"],
        "basis": fields["probability_basis"],
        "conditional": row.prediction.conditional,
        "question": row.prediction.question,
        "negates": row.prediction.negates,
        "reference": _number(row.reference),
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
        "fair": _fair(group.fair),
        "peer_score": group.peer_score,
        "peer_questions": group.peer_questions,
        "by_resolution_year": [_breakdown(row, "year") for row in group.by_resolution_year],
        "by_horizon_length": [_breakdown(row, "horizon") for row in group.by_horizon_length],
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
    return (
        json_safe(json.dumps(to_data(card), ensure_ascii=False, indent=2, allow_nan=False)) + "\n"
    )

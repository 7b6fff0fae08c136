"""The ledger as one flat row per prediction, for pandas and spreadsheets: CSV or JSON Lines.

Each row carries the prediction and its outcome in force (the latest verdict that no correction
superseded). JSON Lines keeps values typed: numbers are numbers, dates ISO strings, tags and
evidence arrays, an absent (or non-finite) value `null`. CSV has only text, so lists are joined
and absent values are empty cells.

A spreadsheet runs any cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
treat a leading tab or carriage return that way; ledger text is quoted from the web, so such a
cell is written with a leading apostrophe, which spreadsheets show as plain text ("CSV
injection", OWASP). JSON Lines is left exactly as the ledger holds it.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._ledger import Ledger
from .._records import Prediction

__all__ = ["COLUMNS", "EVIDENCE_SEPARATOR", "export_rows", "neutralise", "to_csv", "to_jsonl"]

COLUMNS: tuple[str, ...] = (
    "id",
    "source",
    "author",
    "author_name",
    "sector",
    "kind",
    "made_on",
    "claim",
    "quote",
    "resolution",
    "condition",
    "horizon_phrase",
    "horizon_start",
    "horizon_end",
    "probability",
    "probability_basis",
    "probability_hedge",
    "tags",
    "outcome",
    "verdict",
    "credit",
    "resolved_on",
    "evidence",
    "outcome_note",
    "outcomes",
)
"""Every row's keys, in column order. `outcomes` counts every outcome recorded, corrections
included; the other outcome columns describe the one in force."""

EVIDENCE_SEPARATOR = " | "
"""How a CSV cell joins several pieces of evidence (tags are joined with `; `)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """One row per prediction, in ledger order, with typed values (see `COLUMNS`)."""
    return [_row(ledger, prediction) for prediction in ledger.predictions]


def _row(ledger: Ledger, prediction: Prediction) -> dict[str, Any]:
    horizon = prediction.horizon
    probability = prediction.probability
    outcome = ledger.outcome(prediction.id)
    try:
        author_name: str | None = ledger.author(prediction.author).name
    except KeyError:
        author_name = None
    row: dict[str, Any] = {
        "id": prediction.id,
        "source": prediction.source,
        "author": prediction.author,
        "author_name": author_name,
        "sector": prediction.sector,
        "kind": prediction.kind.value,
        "made_on": prediction.made_on.isoformat(),
        "claim": prediction.claim,
        "quote": prediction.quote,
        "resolution": prediction.resolution,
        "condition": prediction.condition,
        "horizon_phrase": horizon.phrase,
        "horizon_start": horizon.start.isoformat(),
        "horizon_end": horizon.end.isoformat() if horizon.end is not None else None,
        "probability": probability.value if probability is not None else None,
        "probability_basis": probability.basis.value if probability is not None else None,
        "probability_hedge": probability.hedge if probability is not None else None,
        "tags": list(prediction.tags),
        "outcome": None,
        "verdict": None,
        "credit": None,
        "resolved_on": None,
        "evidence": [],
        "outcome_note": None,
        "outcomes": len(ledger.outcomes_of(prediction.id)),
    }
    if outcome is not None:
        row.update(
            outcome=outcome.id,
            verdict=outcome.verdict.value,
            credit=outcome.credit,
            resolved_on=outcome.resolved_on.isoformat(),
            evidence=list(outcome.evidence),
            outcome_note=outcome.note,
        )
    return row


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _csv_cell(value: Any, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        joined = (EVIDENCE_SEPARATOR if key == "evidence" else "; ").join(value)
        return neutralise(joined)
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] = COLUMNS) -> str:
    """The rows as CSV text with a header line, every cell safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key), key) for key in columns])
    return buffer.getvalue()


def to_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows as JSON Lines: one JSON object a line, UTF-8 text, typed values."""
    return "".join(
        json.dumps(
            {key: _json_value(value) for key, value in row.items()},
            ensure_ascii=False,
            allow_nan=False,
        )
        + "\n"
        for row in rows
    )


def _json_value(value: Any) -> Any:
    # JSON has no NaN or infinity; `check` faults such a probability, but the export still
    # writes valid JSON, with the value missing.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value

"""The ledger as one flat row per prediction, for pandas and spreadsheets: CSV or JSON Lines;
and `prediction_fields`, the one projection of a prediction to plain data behind every view
(the export, `list --format json`, the scorecard's JSON).

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
from .._records import Outcome, Prediction
from .._text import json_safe

__all__ = [
    "COLUMNS",
    "EVIDENCE_SEPARATOR",
    "author_name",
    "export_rows",
    "neutralise",
    "prediction_fields",
    "to_csv",
    "to_jsonl",
]

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
    "question",
    "negates",
    "reference",
    "reference_probability",
)
"""Every row's keys, in column order. `outcomes` counts every outcome recorded, corrections
included (a question's, for a claim on one); the other outcome columns describe the one in
force, seen from the claim. `reference` is the id of the reference the claim is compared with
(`Ledger.reference_for`) and `reference_probability` its probability for the claim as phrased."""

EVIDENCE_SEPARATOR = " | "
"""How a CSV cell joins several pieces of evidence (tags are joined with `; `)."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def author_name(ledger: Ledger, author_id: str) -> str | None:
    """The name the author registry gives `author_id`, or `None` when the ledger has no such
    author (a dangling reference is for `check` to report; a view still shows the id)."""
    try:
        return ledger.author(author_id).name
    except KeyError:
        return None


def prediction_fields(prediction: Prediction, outcome: Outcome | None) -> dict[str, Any]:
    """A prediction and its outcome in force as flat, JSON-ready values: the one projection
    every view of a prediction picks its fields from (see `COLUMNS` for their meaning).

    Dates are ISO strings, lists are lists, enums their words, and an absent value `None`; the
    outcome's fields are `None` (evidence empty) while `outcome` is `None`. `author_name` and
    `outcomes` need the ledger and are not among them.
    """
    horizon = prediction.horizon
    probability = prediction.probability
    return {
        "id": prediction.id,
        "source": prediction.source,
        "author": prediction.author,
        "sector": prediction.sector,
        "kind": prediction.kind.value,
        "made_on": str(prediction.made_on),
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
        "outcome": outcome.id if outcome is not None else None,
        "verdict": outcome.verdict.value if outcome is not None else None,
        "credit": outcome.credit if outcome is not None else None,
        "resolved_on": outcome.resolved_on.isoformat() if outcome is not None else None,
        "evidence": list(outcome.evidence) if outcome is not None else [],
        "outcome_note": outcome.note if outcome is not None else None,
    }


def export_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """One row per prediction, in ledger order, with typed values (see `COLUMNS`)."""
    return [_row(ledger, prediction) for prediction in ledger.predictions]


def _row(ledger: Ledger, prediction: Prediction) -> dict[str, Any]:
    fields = prediction_fields(prediction, ledger.outcome(prediction.id))
    fields["author_name"] = author_name(ledger, prediction.author)
    fields["outcomes"] = len(ledger.outcomes_of(prediction.question or prediction.id))
    fields["question"] = prediction.question
    fields["negates"] = prediction.negates
    reference = ledger.reference_for(prediction)
    fields["reference"] = reference.id if reference is not None else None
    fields["reference_probability"] = ledger.reference_probability(prediction)
    return {key: fields[key] for key in COLUMNS}


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
        json_safe(
            json.dumps(
                {key: _json_value(value) for key, value in row.items()},
                ensure_ascii=False,
                allow_nan=False,
            )
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

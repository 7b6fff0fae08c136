"""The read-only views share one projection of a prediction; each keeps its own schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from predictledger import load, scorecard
from predictledger._cli import main
from predictledger._report.json_report import to_data
from predictledger._views.rows import COLUMNS, author_name, export_rows, prediction_fields
from tests.ledger_factory import make_ledger

AS_OF = dt.date(2026, 6, 30)


def test_the_projection_holds_every_export_column_but_the_ledger_ones(tmp_path: Path) -> None:
    ledger = load(make_ledger(tmp_path, resolved=True))
    for prediction in ledger.predictions:
        fields = prediction_fields(prediction, ledger.outcome(prediction.id))
        ledger_ones = (
            "author_name",
            "outcomes",
            "question",
            "negates",
            "reference",
            "reference_probability",
        )
        assert [*fields, *ledger_ones] == [
            *(c for c in COLUMNS if c not in ledger_ones),
            *ledger_ones,
        ]


def test_list_json_export_and_the_scorecard_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_ledger(tmp_path, resolved=True)
    ledger = load(root)
    assert main(["list", str(root), "--as-of", AS_OF.isoformat(), "--format", "json"]) == 0
    listed = {entry["id"]: entry for entry in json.loads(capsys.readouterr().out)}
    exported = {row["id"]: row for row in export_rows(ledger)}
    card = to_data(scorecard(ledger, as_of=AS_OF))
    scored = {row["id"]: row for group in card["groups"] for row in group["predictions"]}
    assert listed.keys() == exported.keys() == scored.keys()
    for id_, row in exported.items():
        entry, card_row = listed[id_], scored[id_]
        assert entry["author_name"] == row["author_name"]
        assert entry["horizon"] == {
            "phrase": row["horizon_phrase"],
            "start": row["horizon_start"],
            "end": row["horizon_end"],
        }
        assert (entry["verdict"], entry["outcome"]) == (row["verdict"], row["outcome"])
        assert card_row["basis"] == row["probability_basis"]
        for key in ("author", "source", "made_on", "probability", "credit", "resolved_on"):
            assert card_row[key] == row[key], key


def test_an_author_missing_from_the_registry_has_no_name(tmp_path: Path) -> None:
    ledger = load(make_ledger(tmp_path))
    assert author_name(ledger, "nobody") is None
    known = ledger.authors[0]
    assert author_name(ledger, known.id) == known.name

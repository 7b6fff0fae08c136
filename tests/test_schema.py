"""The shipped JSON Schema stays in step with the record classes and accepts real files."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import predictledger as pl
from predictledger._schema import ledger_schema, render_schema

ROOT = Path(__file__).parent.parent
LEDGER_FILES = sorted(
    (ROOT / "tests" / "golden" / "ledger" / "predictions").rglob("*.toml")
) + sorted((ROOT / "predictions").rglob("*.toml"))


def _shipped() -> str:
    return resources.files("predictledger").joinpath("data/ledger.schema.json").read_text("utf-8")


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert _shipped() == render_schema(), (
        "regenerate: python -m predictledger._schema > src/predictledger/data/ledger.schema.json"
    )


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (pl.Source, "Source"),
        (pl.Author, "Author"),
        (pl.Sector, "Sector"),
        (pl.Prediction, "Prediction"),
        (pl.Outcome, "Outcome"),
        (pl.Horizon, "Horizon"),
        (pl.Probability, "Probability"),
        (pl.Participant, "Participant"),
    ],
)
def test_every_field_of_every_record_is_in_the_schema(kind: type, name: str) -> None:
    schema = ledger_schema()["$defs"][name]
    expected = {f.name for f in attrs.fields(kind)} - {"origin"}
    if kind is pl.Prediction:
        expected -= {"source"}  # inherited from the file's [source]
    assert set(schema["properties"]) == expected
    required = {f.name for f in attrs.fields(kind) if f.default is attrs.NOTHING} - {
        "made_on",
        "source",
    }
    assert set(schema["required"]) == required


def _as_json(value: Any) -> Any:
    """TOML values as JSON sees them: a language server validates dates as strings."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(_shipped())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("path", LEDGER_FILES, ids=lambda p: p.name)
def test_every_valid_ledger_file_satisfies_the_schema(path: Path) -> None:
    tables = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = list(_validator().iter_errors(_as_json(tables)))
    assert errors == []


@pytest.mark.parametrize(
    ("mistake", "fragment"),
    [
        ({"probabilty": 0.7}, "Additional properties"),
        ({"id": "Not A Slug"}, "does not match"),
        ({"kind": "forcast"}, "is not one of"),
        ({"tags": "ab"}, "is not of type 'array'"),
        ({"probability": {"value": "0.7", "basis": "stated"}}, "is not of type 'number'"),
    ],
)
def test_the_schema_flags_mistakes(mistake: dict[str, Any], fragment: str) -> None:
    good = tomllib.loads(
        (ROOT / "tests/golden/ledger/predictions/sources/weather-outlook-2024.toml").read_text(
            "utf-8"
        )
    )
    good["prediction"][0].update(mistake)
    messages = [error.message for error in _validator().iter_errors(_as_json(good))]
    assert any(fragment in message for message in messages), messages

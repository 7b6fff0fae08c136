"""Golden files: a hand-written ledger read to records, and records rendered back to TOML.

Set UPDATE_GOLDEN=1 to rewrite the expected files after an intended format change, then review
the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import predictledger as pl

GOLDEN = Path(__file__).parent / "golden"
LEDGER = GOLDEN / "ledger"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def _records_as_json(ledger: pl.Ledger) -> str:
    kinds = ("sources", "authors", "sectors", "predictions", "outcomes")
    data = {
        kind: [
            {"at": str(record.origin), **pl.to_table(record)} for record in getattr(ledger, kind)
        ]
        for kind in kinds
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain) + "\n"


def _compare(expected_path: Path, actual: str) -> None:
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


def test_the_golden_ledger_reads_to_the_golden_records() -> None:
    _compare(GOLDEN / "ledger.json", _records_as_json(pl.load(LEDGER)))


def test_the_golden_ledger_passes_check() -> None:
    assert pl.check(pl.load(LEDGER)) == []


def _render(ledger: pl.Ledger) -> str:
    """Every record rendered as tomli-w renders it when a command appends it."""
    parts = []
    for kind, records in (("prediction", ledger.predictions), ("outcome", ledger.outcomes)):
        for record in records:
            table = pl.to_table(record)
            table.pop("source", None)
            parts.append(tomli_w.dumps({kind: [table]}, multiline_strings=True))
    return "\n".join(parts)


def test_records_render_to_the_golden_toml() -> None:
    _compare(GOLDEN / "rendered.toml", _render(pl.load(LEDGER)))


def test_rendered_records_read_back_to_the_same_records(tmp_path: Path) -> None:
    """Re-rendering every file with tomli-w gives a ledger equal to the hand-written one."""
    original = pl.load(LEDGER)
    copy = tmp_path / "ledger"
    shutil.copytree(LEDGER, copy)
    for path in sorted((copy / "predictions").rglob("*.toml")):
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
        path.write_text(tomli_w.dumps(tables, multiline_strings=True), encoding="utf-8")
    reread = pl.load(copy)
    for kind in ("sources", "authors", "sectors", "predictions", "outcomes"):
        assert getattr(reread, kind) == getattr(original, kind)
    assert pl.check(reread) == []


@pytest.mark.parametrize("name", ["ledger.json", "rendered.toml"])
def test_golden_files_exist_and_are_not_empty(name: str) -> None:
    assert (GOLDEN / name).stat().st_size > 500


def test_a_record_built_in_python_digests_like_the_same_record_read() -> None:
    import unicodedata

    import attrs

    read = pl.load(LEDGER).prediction("paris-rain-2024")
    decomposed = attrs.evolve(read, quote=unicodedata.normalize("NFD", read.quote))
    assert decomposed.quote != read.quote
    assert pl.prediction_digest(decomposed) == pl.prediction_digest(read)

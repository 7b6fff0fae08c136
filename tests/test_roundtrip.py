"""Any ledger written to files and loaded again is equal to the original."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given

import predictledger as pl
from tests.strategies import ledgers, write_ledger


@given(ledgers())
def test_a_written_ledger_loads_back_equal(ledger: pl.Ledger) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_ledger(ledger, root)
        loaded = pl.load(root)
    # Files are read in sorted path order, so compare as sets of records per kind.
    for kind in ("sources", "authors", "sectors", "predictions", "outcomes"):
        assert sorted(map(repr, getattr(loaded, kind))) == sorted(
            map(repr, getattr(ledger, kind))
        ), kind


@given(ledgers())
def test_every_loaded_record_knows_its_file_and_line(ledger: pl.Ledger) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_ledger(ledger, root)
        loaded = pl.load(root)
        records: tuple[pl.Prediction | pl.Outcome | pl.Source, ...] = (
            *loaded.predictions,
            *loaded.outcomes,
            *loaded.sources,
        )
        for record in records:
            assert record.origin is not None
            lines = (root / record.origin.path).read_text(encoding="utf-8").split("\n")
            header = lines[record.origin.line - 1]
            assert header.strip() in ("[[prediction]]", "[[outcome]]", "[source]")

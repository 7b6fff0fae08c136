"""`predictledger export`: CSV for spreadsheets, JSON Lines for pandas, written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from predictledger import load
from predictledger._cli import main
from predictledger._views.rows import COLUMNS, export_rows, neutralise, to_csv
from tests.ledger_factory import ZIXI_SOURCE, make_ledger, outcome_table, snapshot


def export(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> str:
    status = main(["export", str(root), *argv])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return out


def test_jsonl_has_one_typed_row_per_prediction(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    rows = [json.loads(line) for line in export(capsys, root, "--format", "jsonl").splitlines()]
    assert len(rows) == 5
    assert all(list(row) == list(COLUMNS) for row in rows)
    l2 = next(row for row in rows if row["id"] == "zixi-2024-l2-competition")
    assert l2["probability"] == 0.7
    assert l2["tags"] == ["ethereum"]
    assert l2["verdict"] == "true"
    assert l2["resolved_on"] == "2025-01-15"
    assert l2["evidence"] == ["A public record."]
    assert l2["outcomes"] == 1
    rollups = next(row for row in rows if row["id"] == "zixi-rollups-long-term")
    assert rollups["horizon_end"] is None
    assert rollups["verdict"] is None


def test_the_outcome_in_force_is_exported_not_the_superseded_one(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    correction = outcome_table(
        root,
        "zixi-2024-l2-competition",
        on=dt.date(2025, 2, 1),
        verdict="partial",
        credit=0.25,
        number=2,
        supersedes="zixi-2024-l2-competition-r1",
    )
    outcomes = root / "predictions/outcomes" / f"{ZIXI_SOURCE}.toml"
    outcomes.write_text(outcomes.read_text(encoding="utf-8") + "\n" + correction, "utf-8")
    rows = [json.loads(line) for line in export(capsys, root, "--format", "jsonl").splitlines()]
    l2 = next(row for row in rows if row["id"] == "zixi-2024-l2-competition")
    assert (l2["outcome"], l2["verdict"], l2["outcomes"]) == (
        "zixi-2024-l2-competition-r2",
        "partial",
        2,
    )
    assert l2["credit"] == 0.25
    assert isinstance(l2["credit"], float)
    table = csv.DictReader(io.StringIO(export(capsys, root, "--format", "csv")))
    assert next(r for r in table if r["id"] == l2["id"])["credit"] == "0.25"


def test_csv_reads_back_with_a_header_and_joined_lists(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    rows = list(csv.DictReader(io.StringIO(export(capsys, root, "--format", "csv"))))
    assert len(rows) == 5
    l2 = next(row for row in rows if row["id"] == "zixi-2024-l2-competition")
    assert (l2["probability"], l2["credit"], l2["evidence"]) == ("0.7", "", "A public record.")
    assert l2["quote"] == "La concurrence entre les L2 sera probablement féroce en 2024"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_cells_get_a_leading_apostrophe(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("text", ["1+1", "Bitcoin -5%", "a=b", " =1", "", "'quoted"])
def test_other_cells_are_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_a_formula_in_a_claim_or_evidence_is_neutralised_in_csv(tmp_path: Path) -> None:
    root = make_ledger(tmp_path)
    path = root / "predictions/sources/ana-blog-2024-rates.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'claim = "The Federal', 'claim = "=HYPERLINK(\\"http://evil\\")The Federal'
        ),
        encoding="utf-8",
    )
    rows = export_rows(load(root))
    rows[0]["evidence"] = ["@SUM(A1:A9)", "fine"]
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert parsed[0]["claim"].startswith("'=HYPERLINK(")
    assert parsed[0]["evidence"] == "'@SUM(A1:A9) | fine"
    # JSON Lines is data for programs: it keeps the text exactly.
    assert rows[0]["claim"].startswith("=HYPERLINK(")


def test_output_writes_the_same_bytes_to_a_file(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path / "ledger")
    target = tmp_path / "out.jsonl"
    target.write_text("old content\n", encoding="utf-8")
    status = main(["export", str(root), "--format", "jsonl", "--output", str(target)])
    out, err = capsys.readouterr()
    assert (status, out) == (0, "")
    assert err == f"wrote 5 rows to {target}\n"
    assert target.read_text(encoding="utf-8") == export(capsys, root, "--format", "jsonl")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_inside_the_ledger_is_refused(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    before = snapshot(root)
    target = root / "predictions" / "export.csv"
    status = main(["export", str(root), "--format", "csv", "--output", str(target)])
    err = capsys.readouterr().err
    assert status == 2
    assert "lies inside the ledger's predictions/ folder" in err
    assert snapshot(root) == before


def test_output_into_a_missing_folder_is_refused(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path / "ledger")
    status = main(["export", str(root), "--format", "csv", "-o", str(tmp_path / "no/x.csv")])
    assert status == 2
    assert "does not exist" in capsys.readouterr().err


def test_format_is_required(tmp_path: Path, capsys) -> None:
    status = main(["export", str(make_ledger(tmp_path))])
    assert status == 2
    assert "--format" in capsys.readouterr().err

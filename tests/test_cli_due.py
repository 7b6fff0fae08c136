"""`predictledger due`: the reminder list, oldest horizon first, as of any day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predictledger._cli import main
from tests.ledger_factory import make_ledger


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["due", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_lists_overdue_predictions_oldest_first(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    (root / "predictions/sources/ana-blog-2024-rates.toml").write_text(
        (root / "predictions/sources/ana-blog-2024-rates.toml")
        .read_text(encoding="utf-8")
        .replace("end = 2024-12-31", "end = 2024-06-30"),
        encoding="utf-8",
    )
    status, out, err = run(capsys, str(root), "--as-of", "2025-01-10", "--format", "json")
    assert (status, err) == (0, "")
    items = json.loads(out)
    assert [item["id"] for item in items] == ["ana-2024-two-cuts", "zixi-2024-l2-competition"]
    assert [item["overdue_days"] for item in items] == [194, 10]
    assert items[1]["author"] == "zixi-eth"
    assert items[1]["claim"].startswith("Competition between Ethereum")


def test_resolved_abstention_open_and_pending_are_not_due(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    status, out, _ = run(capsys, str(root), "--as-of", "2026-03-01", "--format", "json")
    # l2-competition is resolved, rollups open-ended, the abstention never due.
    assert status == 0
    assert [item["id"] for item in json.loads(out)] == ["ana-2024-two-cuts", "zixi-2025-btc-100k"]


def test_the_last_day_of_the_horizon_is_not_yet_due(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    _, out, _ = run(capsys, str(root), "--as-of", "2024-12-31", "--format", "json")
    assert json.loads(out) == []
    _, out, _ = run(capsys, str(root), "--as-of", "2025-01-01", "--format", "json")
    assert [item["overdue_days"] for item in json.loads(out)] == [1, 1]


def test_an_outcome_recorded_after_the_as_of_date_is_ignored(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)  # resolved on 2025-01-15
    _, out, _ = run(capsys, str(root), "--as-of", "2025-01-14", "--format", "json")
    assert "zixi-2024-l2-competition" in [item["id"] for item in json.loads(out)]


def test_table_shows_days_overdue_author_and_claim(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, _ = run(capsys, str(root), "--as-of", "2025-01-31")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["OVERDUE", "ENDED", "ID", "AUTHOR", "CLAIM"]
    assert lines[1].split()[:4] == ["31d", "2024-12-31", "ana-2024-two-cuts", "ana-lopez"]
    assert lines[1].endswith("at least twice in 2024.")
    assert lines[-1] == "2 predictions due as of 2025-01-31"


def test_nothing_due_says_so(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, _ = run(capsys, str(root), "--as-of", "2024-06-01")
    assert (status, out) == (0, "nothing is due as of 2024-06-01\n")


def test_a_bad_date_is_a_usage_error(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = run(capsys, str(root), "--as-of", "2025-13-01")
    assert (status, out) == (2, "")
    assert "'2025-13-01' is not a date" in err
    assert len(err.splitlines()) == 1


def test_an_unreadable_ledger_reports_its_problems(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    (root / "predictions/sectors.toml").write_text("[[sector]\n", encoding="utf-8")
    status, out, err = run(capsys, str(root), "--strict")
    assert (status, out) == (1, "")
    assert err.startswith("predictions/sectors.toml:1: TOML syntax error")
    # Without --strict the problem is reported and the sound records still listed.
    status, out, err = run(capsys, str(root))
    assert status == 0
    assert err.startswith("predictions/sectors.toml:1: TOML syntax error")
    assert "the rest is shown" in err.splitlines()[-1]

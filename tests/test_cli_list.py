"""`predictledger list`: predictions with their status, filtered by author, sector, source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predictledger._cli import main
from tests.ledger_factory import ANA_SOURCE, make_ledger


def listed(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> list[dict[str, object]]:
    status = main(["list", str(root), "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    items: list[dict[str, object]] = json.loads(out)
    return items


def test_every_prediction_with_its_status(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    items = listed(capsys, root, "--as-of", "2025-06-30")
    assert {item["id"]: item["status"] for item in items} == {
        "ana-2024-two-cuts": "due",
        "zixi-2024-l2-competition": "resolved",
        "zixi-2025-btc-100k": "pending",
        "zixi-rollups-long-term": "pending",
        "zixi-eth-price-abstention": "abstention",
    }
    resolved = next(item for item in items if item["status"] == "resolved")
    assert resolved["verdict"] == "true"
    assert resolved["outcome"] == "zixi-2024-l2-competition-r1"


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("--author", "ana-lopez"), {"ana-2024-two-cuts"}),
        (("--sector", "macro"), {"ana-2024-two-cuts"}),
        (("--source", ANA_SOURCE), {"ana-2024-two-cuts"}),
        (("--status", "pending"), {"zixi-2025-btc-100k", "zixi-rollups-long-term"}),
        (("--status", "due", "--author", "zixi-eth"), set()),
        (("--status", "abstention"), {"zixi-eth-price-abstention"}),
    ],
)
def test_filters(tmp_path: Path, capsys, flags: tuple[str, ...], expected: set[str]) -> None:
    root = make_ledger(tmp_path, resolved=True)
    items = listed(capsys, root, "--as-of", "2025-06-30", *flags)
    assert {item["id"] for item in items} == expected


def test_predictions_made_after_the_as_of_date_are_left_out(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    # Ana's post was published on 2024-03-05; Zixi's claims date from 2023-12-31.
    items = listed(capsys, root, "--as-of", "2024-01-01")
    assert "ana-2024-two-cuts" not in {item["id"] for item in items}
    assert len(items) == 4


def test_an_unknown_filter_value_is_refused_with_a_suggestion(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status = main(["list", str(root), "--author", "ana-lopes"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err == "predictledger: error: unknown author 'ana-lopes' (did you mean 'ana-lopez'?)\n"


def test_an_unknown_status_is_a_usage_error(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status = main(["list", str(root), "--status", "late"])
    assert status == 2
    assert "invalid choice: 'late'" in capsys.readouterr().err


def test_table_has_one_line_per_prediction_and_a_count(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status = main(["list", str(root), "--as-of", "2025-06-30", "--sector", "layer-2"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0].split() == ["ID", "STATUS", "VERDICT", "AUTHOR", "SECTOR", "ENDS", "CLAIM"]
    assert len(lines) == 1 + 4 + 1
    rollups = next(line for line in lines if line.startswith("zixi-rollups-long-term"))
    assert rollups.split()[1:6] == ["pending", "-", "zixi-eth", "layer-2", "open"]
    assert lines[-1] == "4 predictions as of 2025-06-30"


def test_control_characters_in_a_claim_cannot_reach_the_terminal(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    path = root / "predictions/sources/ana-blog-2024-rates.toml"
    text = path.read_text(encoding="utf-8").replace(
        'claim = "The Federal', 'claim = "\\u001b[31mred\\nThe Federal'
    )
    path.write_text(text, encoding="utf-8")
    status = main(["list", str(root), "--as-of", "2025-06-30", "--author", "ana-lopez"])
    out = capsys.readouterr().out
    assert status == 0
    assert "\x1b" not in out
    assert "\\x1b[31mred The Federal" in out


def test_an_empty_table_says_nothing_matches(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status = main(["list", str(root), "--as-of", "2025-06-30", "--status", "resolved"])
    assert (status, capsys.readouterr().out) == (0, "no predictions match as of 2025-06-30\n")

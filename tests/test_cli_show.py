"""`predictledger show ID`, `list --verdict` and the filters of `scorecard`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from predictledger._cli import main
from tests.ledger_factory import ANA_SOURCE, ZIXI_SOURCE, make_ledger, outcome_table, snapshot

L2 = "zixi-2024-l2-competition"


def field(label: str, value: str) -> str:
    """A line of `show`'s text: the label in its column, then the value."""
    return f"  {label:<15}{value}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def corrected(tmp_path: Path) -> Path:
    """The ledger with L2 resolved true, then corrected to partial 0.5 by a second outcome."""
    root = make_ledger(tmp_path, resolved=True)
    second = outcome_table(
        root,
        L2,
        on=dt.date(2025, 2, 1),
        verdict="partial",
        number=2,
        credit=0.5,
        supersedes=f"{L2}-r1",
    )
    path = root / "predictions" / "outcomes" / f"{ZIXI_SOURCE}.toml"
    path.write_text(path.read_text("utf-8") + "\n" + second, "utf-8")
    return root


def test_show_gives_everything_about_a_claim(corrected: Path, capsys) -> None:
    before = snapshot(corrected)
    status, out, err = run(capsys, "show", L2, str(corrected), "--as-of", "2025-06-30")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == L2
    own = lines[: lines.index("")]  # the prediction's fields, before its outcomes
    fields = {line[2:17].strip(): line[17:] for line in own[1:]}
    assert fields["status"] == "resolved as of 2025-06-30"
    assert (
        fields["claim"] == "Competition between Ethereum layer-2 networks will be intense in 2024."
    )
    assert fields["quote"] == "La concurrence entre les L2 sera probablement féroce en 2024"
    assert fields["resolution"].startswith("True if at least five L2 networks")
    assert fields["horizon"] == '"en 2024": 2024-01-01 to 2024-12-31'
    assert fields["probability"] == (
        "0.7 (hedge: \"probablement\" on mauboussin-2018 as 'probably')"
    )
    assert fields["author"] == "Zixi.eth (zixi-eth)"
    assert fields["source"] == f"Perspectives 2024 ({ZIXI_SOURCE})"
    assert fields["sector"] == "Layer 2 (layer-2)"
    assert fields["made on"] == "2023-12-31"
    assert fields["tags"] == "ethereum"
    assert fields["file"] == f"predictions/sources/{ZIXI_SOURCE}.toml:10"
    # The outcome in force first, then the one it superseded, each with its evidence and place.
    assert f"outcome in force: {L2}-r2" in lines
    assert f"earlier outcome: {L2}-r1" in lines
    assert lines.index(f"outcome in force: {L2}-r2") < lines.index(f"earlier outcome: {L2}-r1")
    assert field("verdict", "partial 0.5") in lines
    assert field("supersedes", f"{L2}-r1") in lines
    assert field("superseded by", f"{L2}-r2") in lines
    assert field("evidence", "A public record.") in lines
    assert field("file", f"predictions/outcomes/{ZIXI_SOURCE}.toml:1") in lines
    assert snapshot(corrected) == before


def test_show_as_json(corrected: Path, capsys) -> None:
    status, out, _ = run(capsys, "show", L2, str(corrected), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["prediction"]["id"] == L2
    assert data["prediction"]["horizon"] == {
        "phrase": "en 2024",
        "start": "2024-01-01",
        "end": "2024-12-31",
    }
    assert data["prediction"]["probability"]["basis"] == "hedge"
    assert data["prediction"]["file"] == f"predictions/sources/{ZIXI_SOURCE}.toml:10"
    assert data["status"] == "resolved"
    assert data["outcome"]["id"] == f"{L2}-r2"
    assert data["outcome"]["credit"] == 0.5
    assert data["outcome"]["superseded_by"] is None
    assert [o["id"] for o in data["history"]] == [f"{L2}-r1"]
    assert data["history"][0]["superseded_by"] == f"{L2}-r2"
    assert data["history"][0]["resolved_on"] == "2025-01-15"


def test_show_an_unresolved_claim(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, _ = run(capsys, "show", "zixi-rollups-long-term", str(root))
    assert status == 0
    assert field("horizon", '"à long terme": 2024-01-01 to open-ended') in out.splitlines()
    assert field("probability", "none") in out.splitlines()
    assert out.endswith("\nno outcome recorded\n")
    data = json.loads(
        run(capsys, "show", "zixi-rollups-long-term", str(root), "--format", "json")[1]
    )
    assert (data["outcome"], data["history"], data["status"]) == (None, [], "pending")


def test_show_an_outcome_recorded_after_the_as_of_date(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path, resolved=True)
    _, out, _ = run(capsys, "show", L2, str(root), "--as-of", "2025-01-01")
    assert field("status", "due as of 2025-01-01") in out.splitlines()
    assert f"outcome in force (recorded after the --as-of date): {L2}-r1" in out.splitlines()


def test_show_an_unknown_id_suggests_the_closest(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    status, out, err = run(capsys, "show", "zixi-l2-compet", str(root))
    assert (status, out) == (2, "")
    assert err == (
        f"predictledger: error: unknown prediction 'zixi-l2-compet' (did you mean '{L2}'?)\n"
    )


def test_show_keeps_control_characters_off_the_terminal(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    path = root / "predictions/sources/ana-blog-2024-rates.toml"
    text = path.read_text("utf-8").replace('claim = "The', 'claim = "\\u001b[2J\\u2028The')
    path.write_text(text, "utf-8")
    _, out, _ = run(capsys, "show", "ana-2024-two-cuts", str(root))
    assert "\x1b" not in out
    assert "\u2028" not in out
    assert field("claim", "\\x1b[2J\\u2028The Federal Reserve") in out


def listed(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> list[str]:
    status, out, err = run(capsys, "list", str(root), "--format", "json", *argv)
    assert (status, err) == (0, "")
    return [item["id"] for item in json.loads(out)]


def test_list_shows_and_filters_the_verdict(corrected: Path, capsys) -> None:
    status, out, _ = run(capsys, "list", str(corrected), "--as-of", "2025-06-30")
    assert status == 0
    row = next(line for line in out.splitlines() if line.startswith(L2))
    assert row.split()[1:4] == ["resolved", "partial", "0.5"]
    assert listed(capsys, corrected, "--verdict", "partial") == [L2]
    assert listed(capsys, corrected, "--verdict", "true") == []
    # On 2025-01-20 the first verdict (true) was the one in force.
    assert listed(capsys, corrected, "--verdict", "true", "--as-of", "2025-01-20") == [L2]
    assert listed(capsys, corrected, "--verdict", "false,partial") == [L2]
    assert listed(capsys, corrected, "--verdict", "false", "--verdict", "partial") == [L2]


def test_list_filters_take_several_ids(tmp_path: Path, capsys) -> None:
    root = make_ledger(tmp_path)
    both = listed(capsys, root, "--as-of", "2025-06-30", "--author", "zixi-eth,ana-lopez")
    assert len(both) == 5
    assert listed(capsys, root, "--author", "ana-lopez", "--author", "ana-lopez") == [
        "ana-2024-two-cuts"
    ]
    assert listed(capsys, root, "--source", f"{ANA_SOURCE},{ZIXI_SOURCE}", "--sector", "macro") == [
        "ana-2024-two-cuts"
    ]
    status, _, err = run(capsys, "list", str(root), "--sector", "macro,layer2")
    assert status == 2
    assert err == "predictledger: error: unknown sector 'layer2' (did you mean 'layer-2'?)\n"
    status, _, err = run(capsys, "list", str(root), "--author", "zixi-eth,")
    assert status == 2
    assert "holds an empty id" in err


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    root = make_ledger(tmp_path / "ledger", resolved=True)
    outcome = outcome_table(root, "ana-2024-two-cuts", on=dt.date(2025, 1, 5), verdict="false")
    (root / "predictions" / "outcomes" / f"{ANA_SOURCE}.toml").write_text(outcome, "utf-8")
    return root


def groups(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> dict[str, int]:
    status, out, err = run(
        capsys, "scorecard", str(root), "--format", "json", "--as-of", "2025-06-30", *argv
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    return {group["label"]: group["made"] for group in data["groups"]}


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((), {"Zixi.eth": 4, "Ana López": 1}),
        (("--author", "ana-lopez"), {"Ana López": 1}),
        (("--author", "ana-lopez,zixi-eth"), {"Zixi.eth": 4, "Ana López": 1}),
        (("--sector", "layer-2"), {"Zixi.eth": 4}),
        (("--source", ANA_SOURCE), {"Ana López": 1}),
        (("--source", ANA_SOURCE, "--sector", "layer-2"), {}),
        (("--by", "sector", "--author", "zixi-eth"), {"Layer 2": 4}),
    ],
)
def test_scorecard_filters(
    scored: Path,
    capsys: pytest.CaptureFixture[str],
    flags: tuple[str, ...],
    expected: dict[str, int],
) -> None:
    assert groups(capsys, scored, *flags) == expected


def test_scorecard_filters_are_part_of_the_memo_key(scored: Path, capsys) -> None:
    # The same question with and without a filter must not share a remembered answer.
    for _ in range(2):
        assert groups(capsys, scored) == {"Zixi.eth": 4, "Ana López": 1}
        assert groups(capsys, scored, "--author", "ana-lopez") == {"Ana López": 1}


def test_scorecard_unknown_filter_value_suggests(scored: Path, capsys) -> None:
    status, out, err = run(capsys, "scorecard", str(scored), "--author", "ana-lopes")
    assert (status, out) == (2, "")
    assert err == "predictledger: error: unknown author 'ana-lopes' (did you mean 'ana-lopez'?)\n"


def test_scorecard_short_output_option(scored: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "card.md"
    status, _, err = run(
        capsys, "scorecard", str(scored), "--format", "markdown", "-o", str(target)
    )
    assert (status, err) == (0, f"wrote the scorecard to {target}\n")
    assert "| # | group |" in target.read_text("utf-8")

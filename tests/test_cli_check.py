"""`predictledger check`: bean-check style output and exit statuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from predictledger._cli import main

GOLDEN = Path(__file__).parent / "golden" / "ledger"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(GOLDEN, root)
    return root


def test_a_sound_ledger_gives_a_one_line_summary_and_status_0(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(ledger)]) == 0
    assert capsys.readouterr().out == "1 sources, 6 predictions, 5 outcomes: ok\n"


def test_the_predictions_folder_itself_is_accepted(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(ledger / "predictions")]) == 0
    assert capsys.readouterr().out.endswith(": ok\n")


def test_every_problem_is_listed_as_path_line_message(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ledger / "predictions/sources/weather-outlook-2024.toml"
    text = source.read_text(encoding="utf-8")
    text = text.replace('sector = "weather"\ntags', 'sector = "wether"\ntags', 1)
    text = text.replace("probability = { value = 0.6,", "probability = { value = 1.5,", 1)
    source.write_text(text, encoding="utf-8")
    assert main(["check", str(ledger)]) == 1
    out = capsys.readouterr().out.splitlines()
    # The cause first (the probability out of range), then what follows from it: the
    # verdict's goalposts moved, in one short line (this fixture's digests are of the former
    # rule, which cannot tell which field changed; see test_dating.py for one that can).
    assert out == [
        "predictions/sources/weather-outlook-2024.toml:12: prediction 'paris-rain-2024': field "
        "'sector': unknown sector 'wether' (did you mean 'weather'?); add it to the sector "
        "registry or correct the id",
        "predictions/sources/weather-outlook-2024.toml:70: prediction 'seine-flood-2024': field "
        "'probability.value': 1.5 is outside [0, 1]; write probabilities as fractions, 0.7 not 70",
        "predictions/outcomes/weather-outlook-2024.toml:30: outcome 'seine-flood-2024-r2': field "
        "'digest': goalposts moved: prediction 'seine-flood-2024' changed since this verdict; "
        "restore it or supersede this outcome",
        "1 sources, 6 predictions, 5 outcomes: 3 problems",
    ]


def test_json_output_carries_the_same_problems(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ledger / "predictions/authors.toml").write_text('[[author]]\nid = "ana-lopez"\nnam = "x"\n')
    assert main(["check", "--format", "json", str(ledger)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert {
        "path": "predictions/authors.toml",
        "line": 3,
        "column": None,
        "field": "nam",
        "message": "author 'ana-lopez': field 'nam': unknown field 'nam' (did you mean 'name'?)",
    } in report["problems"]


def test_a_folder_without_a_ledger_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Naming a folder that is no ledger is bad usage, as finding none is: one line, status 2.
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no predictions/ folder here" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_usage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "yaml"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "invalid choice: 'yaml'" in err

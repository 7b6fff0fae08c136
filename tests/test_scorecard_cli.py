"""`predictledger scorecard`: formats, --by, --as-of, --output and the exit statuses."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from predictledger import _cli
from predictledger._cli import scorecard as command
from tests.ledger_factory import ANA_SOURCE, make_ledger, outcome_table


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_ledger(tmp_path / "ledger", resolved=True)
    outcome = outcome_table(root, "ana-2024-two-cuts", on=dt.date(2025, 1, 5), verdict="false")
    (root / "predictions" / "outcomes" / f"{ANA_SOURCE}.toml").write_text(outcome, "utf-8")
    return root


def run(*argv: str) -> int:
    return _cli.main(["scorecard", *argv])


def test_the_default_table(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(root), "--as-of", "2025-06-30") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # captured output is not a terminal
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "group", "made"]
    assert any(line.split()[1:3] == ["Ana", "López"] for line in lines)
    assert any(line.split()[1:2] == ["Zixi.eth"] for line in lines)
    assert "as of 2025-06-30, grouped by author" in out


def test_json_output(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(root), "--as-of", "2025-06-30", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    groups = {tuple(g["key"]): g for g in data["groups"]}
    assert set(groups) == {("ana-lopez",), ("zixi-eth",)}
    assert groups[("zixi-eth",)]["hits"] == 1
    assert groups[("zixi-eth",)]["abstentions"] == 1
    assert groups[("zixi-eth",)]["brier"] == pytest.approx(0.09)
    assert groups[("ana-lopez",)]["misses"] == 1
    assert groups[("ana-lopez",)]["brier"] is None  # no probability


def test_as_of_and_by(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(root), "--as-of", "2025-01-10", "--by", "author,sector", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == ["author", "sector"]
    assert data["as_of"] == "2025-01-10"
    zixi = next(g for g in data["groups"] if g["key"] == ["zixi-eth", "layer-2"])
    assert zixi["resolved"] == 0  # its outcome came on 2025-01-15
    assert zixi["due"] == 1


def test_markdown_and_html(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(root), "--format", "markdown") == 0
    assert capsys.readouterr().out.startswith("**Scorecard as of ")
    assert run(str(root), "--format", "html") == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_output_writes_the_file_and_nothing_else(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "card.html"
    target.parent.mkdir()
    target.write_text("old", "utf-8")
    assert run(str(root), "--format", "html", "--output", str(target)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "wrote the scorecard to" in captured.err
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["card.html"]  # no temporary left


def test_output_into_a_missing_folder_is_refused(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(str(root), "--output", str(tmp_path / "nowhere" / "card.txt")) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--by", "colour"], "unknown grouping 'colour'"),
        (["--by", "author,author"], "twice"),
        (["--by", "author,"], "empty grouping"),
        (["--as-of", "30/06/2025"], "is not a date"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(
    root: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(str(root), *argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_parse_by_reads_the_grouping_or_is_a_usage_error() -> None:
    assert command.parse_by("author") == ("author",)
    assert command.parse_by(" Author , sector ") == ("author", "sector")
    with pytest.raises(argparse.ArgumentTypeError, match=r"unknown grouping 'colour'.*author"):
        command.parse_by("colour")
    with pytest.raises(argparse.ArgumentTypeError, match="twice"):
        command.parse_by("author,author")


def test_every_dimension_is_explained_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    from predictledger.scoring import DIMENSIONS

    assert list(command.DIMENSION_HELP) == list(DIMENSIONS)
    with pytest.raises(SystemExit):
        run("--help")
    listing = " ".join(capsys.readouterr().out.split())
    for name, text in command.DIMENSION_HELP.items():
        assert f"{name} ({text})" in listing


def test_a_folder_without_a_ledger_is_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(str(tmp_path)) == 2
    assert "predictions/" in capsys.readouterr().err


def test_a_ledger_the_engine_cannot_score_is_status_1_when_strict(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = root / "predictions" / "outcomes" / f"{ANA_SOURCE}.toml"
    path.write_text(path.read_text("utf-8").replace('"false"', '"partial"'), "utf-8")
    assert run(str(root), "--as-of", "2025-06-30", "--strict") == 1
    err = capsys.readouterr().err
    assert "cannot score this ledger" in err
    assert "no credit" in err


def test_a_record_the_engine_cannot_score_is_left_out_and_said(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = root / "predictions" / "outcomes" / f"{ANA_SOURCE}.toml"
    path.write_text(path.read_text("utf-8").replace('"false"', '"partial"'), "utf-8")
    assert run(str(root), "--as-of", "2025-06-30") == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert any(
        line.startswith(f"predictions/outcomes/{ANA_SOURCE}.toml:") and "no credit" in line
        for line in lines
    )
    assert "1 prediction left out of the scorecard" in lines[-1]
    assert "AUTHOR" in out or "author" in out.lower()


def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = argparse.Namespace(format="table", output=None)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert command._wants_colour(args)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not command._wants_colour(args)
    monkeypatch.setenv("NO_COLOR", "")
    assert command._wants_colour(args)
    assert not command._wants_colour(argparse.Namespace(format="json", output=None))
    assert not command._wants_colour(argparse.Namespace(format="table", output="x.txt"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not command._wants_colour(args)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "where",
    [
        "predictions/sources/{source}.toml",  # an existing ledger file
        "predictions/card.html",  # a new file among the ledger's data
        "predictions/outcomes/../sources/{source}.toml",  # the same file by another path
        "link/{source}.toml",  # a symbolic link into the data folder
    ],
)
def test_output_inside_the_ledger_data_is_refused_and_nothing_changes(
    root: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "link").symlink_to(root / "predictions" / "sources")
    before = _files(root)
    target = root / where.format(source=ANA_SOURCE)
    assert run(str(root), "--format", "html", "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert "lies inside the ledger's predictions/ folder" in err
    assert len(err.strip().splitlines()) == 1
    assert _files(root) == before

"""`predictledger init`: a new, valid, empty ledger; nothing touched where there is something."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from predictledger._cli import main
from predictledger._keep.init import FILES, FOLDERS
from tests.ledger_factory import tree


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_init_makes_a_ledger_that_checks(tmp_path: Path, capsys) -> None:
    root = tmp_path / "ledger"
    status, out, err = run(capsys, "init", str(root))
    assert status == 0
    assert out == ""
    assert "made an empty ledger" in err
    for folder in FOLDERS:
        assert (root / folder).is_dir()
    for name, text in FILES.items():
        assert (root / name).read_text(encoding="utf-8") == text
    assert "predictledger --help" in FILES["predictions/authors.toml"]
    assert "ledger.schema.json" in FILES["predictions/sectors.toml"]
    assert run(capsys, "check", str(root))[0] == 0
    status, out, _ = run(capsys, "scorecard", "-f", str(root))
    assert status == 0
    # Nothing is left beside the ledger (the folder it was built in is gone).
    assert [p.name for p in tmp_path.iterdir()] == ["ledger"]


def test_init_in_the_current_folder_when_empty(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init")[0] == 0
    assert (tmp_path / "predictions" / "authors.toml").is_file()
    assert run(capsys, "check")[0] == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: (p / "predictions").mkdir(parents=True), "already holds a ledger"),
        (
            lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")),
            "is not empty (it holds notes.txt)",
        ),
        (lambda p: (p.mkdir(), (p / ".git").mkdir()), "is not empty (it holds .git)"),
        (lambda p: p.write_text("a file"), "is a file, not a folder"),
    ],
    ids=["ledger", "other-file", "hidden-folder", "a-file"],
)
def test_init_refuses_what_is_there(tmp_path: Path, capsys, setup, message) -> None:
    target = tmp_path / "there"
    setup(target)
    before = tree(tmp_path, with_lock=True)
    status, out, err = run(capsys, "init", str(target))
    assert status == 2
    assert out == ""
    assert message in err
    assert err.endswith("(nothing was written)\n")
    assert err.count("\n") == 1
    assert tree(tmp_path, with_lock=True) == before


def test_an_empty_predictions_folder_points_at_init(tmp_path: Path, capsys) -> None:
    (tmp_path / "predictions").mkdir()
    status, out, _ = run(capsys, "check", str(tmp_path))
    assert status == 1
    assert "holds no .toml files; `predictledger init NEW-FOLDER` starts a ledger" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_init_refuses_a_folder_it_cannot_write(tmp_path: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, _, err = run(capsys, "init", str(locked / "ledger"))
    finally:
        locked.chmod(0o700)
    assert status == 2
    assert "cannot write" in err
    assert list(locked.iterdir()) == []


def test_init_refuses_a_folder_whose_parent_is_missing(tmp_path: Path, capsys) -> None:
    status, _, err = run(capsys, "init", str(tmp_path / "no" / "such" / "ledger"))
    assert status == 2
    assert "does not exist; create it first" in err
    assert list(tmp_path.iterdir()) == []

"""Tables fit the terminal: `COLUMNS` when set, the terminal's width on a terminal, whole lines
when piped; claims are shortened by display width, ids are never cut."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from predictledger._cli import _common, main
from predictledger._text import cell_width
from predictledger._views.text_table import ELLIPSIS, render_table, shorten
from tests.ledger_factory import make_ledger

BUNDLED = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    for folder in ("predictions", "seeds"):
        shutil.copytree(BUNDLED / folder, root / folder)
    return root


def lines_of(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines()


def ids_of(capsys: pytest.CaptureFixture[str], root: Path, command: str) -> list[str]:
    import json

    assert main([command, str(root), "--as-of", "2026-06-30", "--format", "json"]) == 0
    return [item["id"] for item in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("command", ["due", "list"])
@pytest.mark.parametrize("columns", [80, 40])
def test_tables_fit_columns_and_never_cut_an_id(
    bundled: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    columns: int,
) -> None:
    ids = ids_of(capsys, bundled, command)
    assert ids, "the bundled ledger has predictions to show"
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = lines_of(capsys, command, str(bundled), "--as-of", "2026-06-30")
    rows = lines[1:-1]
    assert len(rows) == len(ids)
    longest_id = max(map(len, ids))
    for row, prediction_id in zip(rows, ids, strict=True):
        assert prediction_id in row.split(), "the id is whole"
        assert ELLIPSIS in row or cell_width(row) <= columns
        if longest_id + 30 <= columns:
            assert cell_width(row) <= columns
    if columns == 80:
        # The bundled ids (up to about 50 characters) leave room for a shortened claim.
        assert all(cell_width(line) <= 80 for line in lines)
        assert any(ELLIPSIS in row for row in rows)


@pytest.mark.parametrize("command", ["due", "list"])
def test_piped_output_keeps_whole_lines(
    bundled: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from predictledger import load

    claims = {p.claim for p in load(bundled).predictions}
    lines = lines_of(capsys, command, str(bundled), "--as-of", "2026-06-30")
    assert not any(ELLIPSIS in line for line in lines)
    assert all(any(line.endswith(claim) for claim in claims) for line in lines[1:-1])
    assert max(map(len, lines)) > 120


def _wide_ledger(tmp_path: Path) -> Path:
    root = make_ledger(tmp_path)
    path = root / "predictions/sources/ana-blog-2024-rates.toml"
    text = path.read_text(encoding="utf-8").replace(
        'claim = "The Federal Reserve',
        'claim = "美联储将在二〇二四年至少降息两次。Cafe\u0301 cre\u0300me: The Federal Reserve',
    )
    path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("columns", [60, 70, 71, 90])
def test_wide_characters_count_two_cells(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> None:
    root = _wide_ledger(tmp_path)
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = lines_of(capsys, "list", str(root), "--as-of", "2025-06-30", "--author", "ana-lopez")
    (row,) = lines[1:-1]
    assert row.startswith("ana-2024-two-cuts ")
    assert cell_width(row) <= columns
    assert row.endswith(ELLIPSIS)


def test_shorten_counts_display_width() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("美联储将在二〇二四年", 7) == "美联储…"  # 6 cells and the ellipsis
    assert shorten("美联储将在二〇二四年", 8) == "美联储…"  # a wide character never straddles
    assert cell_width(shorten("美联储将在二〇二四年", 8)) == 7
    # A combining mark stays with its letter, and counts no cell.
    assert shorten("e\u0301" * 10, 4) == "e\u0301" * 3 + ELLIPSIS
    assert shorten("ab cd ef", 5) == "ab c" + ELLIPSIS
    assert shorten("ab  cdef", 4) == "ab" + ELLIPSIS  # no space before the ellipsis


def test_only_the_shrinking_column_is_cut() -> None:
    header = ["ID", "CLAIM"]
    rows = [["an-id-that-is-long", "x" * 100]]
    table = render_table(header, rows, width=40)
    assert table.splitlines()[1] == "an-id-that-is-long  " + "x" * 19 + ELLIPSIS
    # Narrower than the id allows: the id stays whole and the claim keeps its minimum.
    narrow = render_table(header, rows, width=10).splitlines()[1]
    assert narrow.startswith("an-id-that-is-long  ")
    assert cell_width(narrow) == len("an-id-that-is-long  ") + 12
    # Columns that may be dropped go first, in the order given.
    three = render_table(["ID", "AUTHOR", "CLAIM"], [["id", "someone", "y" * 50]], width=20)
    assert three.splitlines()[1] == "id  someone  " + "y" * 11 + ELLIPSIS
    kept = render_table(
        ["ID", "AUTHOR", "CLAIM"], [["id", "someone", "y" * 50]], width=20, drop=(1,)
    ).splitlines()
    assert kept == ["ID  CLAIM", "id  " + "y" * 15 + ELLIPSIS]


def test_the_width_comes_from_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert _common.terminal_width() == 72
    for junk in ("", "wide", "-3", "0"):
        monkeypatch.setenv("COLUMNS", junk)
        monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
        assert _common.terminal_width() is None, "piped: whole lines"
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "fileno", lambda: 1)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((101, 30)))
    assert _common.terminal_width() == 101


def test_the_scorecard_shortens_group_names_when_that_is_enough(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_ledger(tmp_path, resolved=True)
    argv = ["scorecard", str(root), "--by", "author,sector", "--as-of", "2025-06-30"]
    whole = lines_of(capsys, *argv)
    table_width = max(cell_width(line) for line in whole[:1])
    monkeypatch.setenv("COLUMNS", str(table_width - 4))
    fitted = lines_of(capsys, *argv)
    header = fitted[0]
    assert cell_width(header) <= table_width - 4
    assert any(ELLIPSIS in line for line in fitted)
    # The numbers are the same, column for column.
    assert [line.split()[-3:] for line in fitted[:3]] == [line.split()[-3:] for line in whole[:3]]
    # Too narrow for shortening names to help: the table keeps them whole.
    monkeypatch.setenv("COLUMNS", "40")
    assert lines_of(capsys, *argv) == whole

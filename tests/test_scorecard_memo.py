"""An unchanged ledger's scorecard is served from the memo; any change computes it again."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from predictledger import _cli
from predictledger._cli import scorecard as command
from predictledger._speed import cache as cache_module
from predictledger._speed import memo as memo_module
from predictledger._speed.memo import KEEP, ScorecardMemo
from tests.ledger_factory import ANA_SOURCE, make_ledger, outcome_table

ARGS = ("--as-of", "2025-06-30")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREDICTLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PREDICTLEDGER_NO_CACHE", raising=False)
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # files written by a test are "racy"
    return make_ledger(tmp_path / "ledger", resolved=True)


def _scorecard(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert _cli.main(["scorecard", str(root), *ARGS, *args]) == 0
    return capsys.readouterr().out


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the ledger was read")

    monkeypatch.setattr(command, "read_sound", refuse)


def _entries(root: Path) -> list[Path]:
    memo = ScorecardMemo.open(root)
    assert memo is not None
    folder = memo._folder
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def test_an_unchanged_ledger_is_not_read_again(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _scorecard(root, capsys)
    assert len(_entries(root)) == 1
    _no_loading(monkeypatch)
    assert _scorecard(root, capsys) == first


def test_each_question_has_its_own_answer(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {args: _scorecard(root, capsys, *args) for args in _QUESTIONS}
    assert len(set(answers.values())) == len(_QUESTIONS)
    _no_loading(monkeypatch)
    for args, text in answers.items():
        assert _scorecard(root, capsys, *args) == text


_QUESTIONS = [(), ("--format", "json"), ("--by", "sector"), ("--as-of", "2025-01-01")]


def test_a_changed_file_is_read_and_scored_again(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _scorecard(root, capsys)
    outcome = outcome_table(root, "ana-2024-two-cuts", on=dt.date(2025, 1, 5), verdict="false")
    (root / "predictions" / "outcomes" / f"{ANA_SOURCE}.toml").write_text(outcome, "utf-8")
    after = _scorecard(root, capsys)
    assert after != before
    assert _scorecard(root, capsys) == after


def test_a_file_modified_just_now_is_not_memoised(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 10**18)
    _scorecard(root, capsys)
    assert _entries(root) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-5],  # truncated
        lambda data: data.replace(b"Ana", b"Eve"),  # another text, the checksum no longer fits
        lambda data: b"{}\n" + data.partition(b"\n")[2],  # another header
    ],
    ids=["truncated", "edited", "foreign"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    root: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    first = _scorecard(root, capsys)
    (entry,) = _entries(root)
    assert b"Ana" in entry.read_bytes()  # so that the edited entry would show
    entry.write_bytes(damage(entry.read_bytes()))
    assert _scorecard(root, capsys) == first
    assert _scorecard(root, capsys) == first


def test_a_forged_entry_cannot_send_escapes_to_the_terminal(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _scorecard(root, capsys)
    (entry,) = _entries(root)
    memo = ScorecardMemo.open(root)
    assert memo is not None
    full = _key_of(memo)
    assert full.startswith(entry.stem)
    memo.put(full, "\x1b]0;pwned\x07 hello\n")  # a valid checksum over a terminal escape
    assert memo.get(full) is None
    memo.put(full, "\x1b[1mbold\x1b[0m\n")  # colour codes are what a table may hold
    assert memo.get(full) == "\x1b[1mbold\x1b[0m\n"
    memo.put(full, first)
    assert _scorecard(root, capsys) == first


def _key_of(memo: ScorecardMemo) -> str:
    key = memo.key({"by": ["author"], "as_of": "2025-06-30", "format": "table", "colour": False})
    assert key is not None
    return key


def test_an_entry_another_user_may_write_is_ignored(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _scorecard(root, capsys)
    (entry,) = _entries(root)
    os.chmod(entry, 0o666)
    memo = ScorecardMemo.open(root)
    assert memo is not None
    assert memo.get(_key_of(memo)) is None


def test_only_the_latest_answers_are_kept(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for day in range(1, KEEP + 4):
        _scorecard(root, capsys, "--as-of", f"2025-01-{day:02d}")
    assert len(_entries(root)) == KEEP


def test_without_the_cache_nothing_is_kept(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    _scorecard(root, capsys)
    monkeypatch.delenv("PREDICTLEDGER_NO_CACHE")
    assert _entries(root) == []


def test_the_code_is_part_of_the_key(root: Path) -> None:
    memo = ScorecardMemo.open(root)
    assert memo is not None
    before = _key_of(memo)
    memo_module._code_state.cache_clear()
    assert _key_of(memo) == before
    source = Path(memo_module.__file__)
    stamp = source.stat()
    try:
        os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1))
        memo_module._code_state.cache_clear()
        assert _key_of(memo) != before
    finally:
        os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        memo_module._code_state.cache_clear()

"""The progress bar: on a terminal only, only for slow loads, erased when done."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from predictledger._loader import read_ledger
from predictledger._speed import progress as _progress
from predictledger._speed.progress import Progress

from .generated_ledgers import make_ledger


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_slow_load_on_a_terminal_draws_a_bar_and_erases_it() -> None:
    terminal, clock = FakeTerminal(), Clock()
    with Progress(1000, "reading", stream=terminal, clock=clock) as bar:
        bar.advance(100)
        assert terminal.getvalue() == ""  # nothing during the first second
        clock.now += 1.5
        bar.advance(400)
        assert "reading [###############---------------]  50%" in terminal.getvalue()
        clock.now += 0.01
        bar.advance(100)
        assert terminal.getvalue().count("\r") == 1  # redraws are throttled
        clock.now += 0.5
        bar.advance(400)
        assert "100%" in terminal.getvalue()
    drawn = terminal.getvalue()
    # The last write returns to the start of a blank line: nothing is left on screen.
    assert drawn.endswith("\r")
    assert drawn.rsplit("\r", 2)[1].strip() == ""


def test_nothing_is_drawn_into_a_pipe_or_a_file() -> None:
    pipe, clock = io.StringIO(), Clock()
    with Progress(1000, "reading", stream=pipe, clock=clock) as bar:
        clock.now += 5
        bar.advance(500)
    assert pipe.getvalue() == ""


def test_a_quick_load_draws_nothing() -> None:
    terminal, clock = FakeTerminal(), Clock()
    with Progress(1000, "reading", stream=terminal, clock=clock) as bar:
        bar.advance(1000)
    assert terminal.getvalue() == ""


def test_reading_a_ledger_draws_on_a_terminal_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = make_ledger(tmp_path / "ledger", predictions=100, broken=False)
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(_progress, "RATE", 1e9)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = read_ledger(ledger, jobs=1)
    assert result.ledger.predictions
    assert "reading the ledger [" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")

    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    read_ledger(ledger, jobs=1)
    assert piped.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", terminal)
    before = terminal.getvalue()
    read_ledger(ledger, jobs=1, progress=False)
    assert terminal.getvalue() == before

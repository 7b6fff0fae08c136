"""`resolve_prediction` reads, decides and appends under one hold of the ledger's lock."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from predictledger import Verdict, load
from predictledger._keep.resolve import resolve_prediction
from predictledger._write.lock import ledger_lock
from predictledger.errors import RequestError
from tests.ledger_factory import make_ledger

L2 = "zixi-2024-l2-competition"


def test_a_writer_waiting_for_the_lock_decides_on_the_ledger_it_then_finds(
    tmp_path: Path,
) -> None:
    root = make_ledger(tmp_path)
    errors: list[BaseException] = []

    def second_keeper() -> None:
        try:
            resolve_prediction(root, L2, Verdict.FALSE, ["Later."], on=dt.date(2025, 1, 20))
        except BaseException as error:  # the assertion below says which error was expected
            errors.append(error)

    with ledger_lock(root):
        waiting = threading.Thread(target=second_keeper)
        waiting.start()
        # The other keeper is now blocked on the lock; this one records its verdict first.
        waiting.join(timeout=0.2)
        assert waiting.is_alive()
        resolve_prediction(root, L2, Verdict.TRUE, ["First."], on=dt.date(2025, 1, 15))
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    assert len(errors) == 1
    assert isinstance(errors[0], RequestError)
    assert "already resolved by outcome 'zixi-2024-l2-competition-r1'" in str(errors[0])
    assert [o.id for o in load(root).outcomes] == [f"{L2}-r1"]


def test_dry_run_returns_the_outcome_it_would_write(tmp_path: Path) -> None:
    root = make_ledger(tmp_path)
    result = resolve_prediction(
        root,
        L2,
        Verdict.PARTIAL,
        [" A record. "],
        on=dt.date(2025, 1, 15),
        credit=0.4,
        dry_run=True,
    )
    assert not result.written
    assert (result.outcome.id, result.outcome.credit, result.outcome.evidence) == (
        f"{L2}-r1",
        0.4,
        ("A record.",),
    )
    assert result.append.path == "predictions/outcomes/techflow-zixi-2024-outlook.toml"
    assert load(root).outcomes == ()


@pytest.mark.parametrize("credit", [float("nan"), -0.1, 1.01])
def test_the_library_refuses_a_credit_out_of_range(tmp_path: Path, credit: float) -> None:
    root = make_ledger(tmp_path)
    with pytest.raises(RequestError, match="not between 0 and 1"):
        resolve_prediction(root, L2, Verdict.PARTIAL, ["x"], on=dt.date(2025, 1, 15), credit=credit)


def test_resolve_and_add_read_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from predictledger._keep.add import add_prediction, read_snippet
    from predictledger._write import append as append_module

    root = make_ledger(tmp_path)

    def no_second_reading(*args: object) -> None:
        raise AssertionError("the append read the ledger's files a second time")

    monkeypatch.setattr(append_module, "read_ledger", no_second_reading)
    monkeypatch.setattr(append_module, "read_file", no_second_reading)
    result = resolve_prediction(root, L2, Verdict.TRUE, ["A record."], on=dt.date(2025, 1, 15))
    assert result.written
    first = load(root).predictions[0]
    snippet = (
        f'id = "one-more"\nauthor = "{first.author}"\nclaim = "It will rain."\n'
        f'quote = "{first.quote}"\nhorizon = {{ phrase = "en 2024" }}\n'
        f'sector = "{first.sector}"\nresolution = "True if it rains."\n'
    )
    added = add_prediction(root, read_snippet(snippet), source=first.source)
    assert added.written
    monkeypatch.undo()
    assert result.outcome in load(root).outcomes

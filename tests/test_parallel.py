"""Parsing in worker processes gives the reading one process gives, in the same order."""

from __future__ import annotations

import concurrent.futures
import gc
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from predictledger._loader import read_ledger
from predictledger._speed import cache as cache_module
from predictledger._speed import parallel as _parallel

from .generated_ledgers import make_ledger, same_reading


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_ledger(tmp_path_factory.mktemp("parallel") / "ledger", predictions=400)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREDICTLEDGER_NO_CACHE", "1")
    monkeypatch.delenv("PREDICTLEDGER_JOBS", raising=False)


def test_two_workers_read_what_one_process_reads(ledger: Path) -> None:
    one = read_ledger(ledger, jobs=1)
    two = read_ledger(ledger, jobs=2)
    assert same_reading(one, two)
    assert len(two.ledger.predictions) == 400 + 2  # the generator's and two on a question
    assert len(two.ledger.questions) == 2
    assert len(two.ledger.references) == 3
    assert two.problems  # the broken files' problems came back from the workers, in order


def test_workers_fill_the_cache_that_a_warm_reading_then_uses(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREDICTLEDGER_NO_CACHE")
    monkeypatch.setenv("PREDICTLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    copy = Path(shutil.copytree(ledger, tmp_path / "ledger"))
    cold = read_ledger(copy, jobs=2)
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == len(list((copy / "predictions").rglob("*.toml")))
    assert same_reading(cold, read_ledger(copy, jobs=2))
    assert same_reading(cold, read_ledger(copy, jobs=1, cache=False))


def test_without_processes_the_reading_falls_back_to_one(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Refused(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise PermissionError("no processes in this sandbox")

    expected = read_ledger(ledger, jobs=1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Refused)
    assert same_reading(expected, read_ledger(ledger, jobs=2))


def _dying_chunk(*args: object) -> None:
    os._exit(3)  # a helper killed mid-way: by the kernel, out of memory, by a user


def test_what_dead_helpers_held_is_read_here(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = read_ledger(ledger, jobs=1)
    monkeypatch.setattr(_parallel, "_parse_chunk", _dying_chunk)
    assert same_reading(expected, read_ledger(ledger, jobs=2))
    assert same_reading(expected, read_ledger(ledger, jobs=3))


def test_this_process_reads_chunks_while_its_helpers_do(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here: list[int] = []
    original = _parallel._read_here

    def counted(reader: Any, chunk: list[Any], *rest: Any) -> Any:
        here.append(len(chunk))
        return original(reader, chunk, *rest)

    monkeypatch.setattr(_parallel, "_read_here", counted)
    expected = read_ledger(ledger, jobs=1)
    here.clear()
    assert same_reading(expected, read_ledger(ledger, jobs=2))
    # This process took chunks itself rather than wait (how many depends on the helper's pace).
    assert sum(here) > 0


def test_small_ledgers_are_read_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREDICTLEDGER_TOML", "tomllib")
    monkeypatch.setattr(_parallel, "_cpus", lambda: 8)
    assert _parallel.auto_jobs(100_000) == 1
    assert _parallel.auto_jobs(10**9) == 8
    monkeypatch.setattr(_parallel, "_cpus", lambda: 1)
    assert _parallel.auto_jobs(10**9) == 1
    monkeypatch.setenv("PREDICTLEDGER_JOBS", "3")
    assert _parallel.auto_jobs(100) == 3


def test_the_fast_parser_takes_helpers_only_for_larger_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("toml_rs")
    monkeypatch.delenv("PREDICTLEDGER_TOML", raising=False)
    monkeypatch.setattr(_parallel, "_cpus", lambda: 8)
    # 10 MB: one process with the fast parser, several with tomllib.
    assert _parallel.auto_jobs(10_000_000) == 1
    assert _parallel.auto_jobs(10**9) == 8
    monkeypatch.setenv("PREDICTLEDGER_TOML", "tomllib")
    assert _parallel.auto_jobs(10_000_000) == 8


def test_chunks_keep_file_order_and_balance_bytes() -> None:
    items = [(index, Path(f"f{index}"), size) for index, size in enumerate([5, 5, 5, 5, 20, 1])]
    chunks = list(_parallel._chunks(items, 3))
    assert [item for chunk in chunks for item in chunk] == items
    assert len(chunks) == 3


def test_the_garbage_collector_is_left_as_it_was(ledger: Path) -> None:
    assert gc.isenabled()
    read_ledger(ledger, jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        read_ledger(ledger, jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_check_takes_a_number_of_jobs(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from predictledger._cli import main

    assert main(["check", "--jobs", "1", str(ledger)]) == 1
    one = capsys.readouterr().out
    assert main(["check", "--jobs", "2", str(ledger)]) == 1
    assert capsys.readouterr().out == one
    assert "402 predictions" in one
    assert main(["check", "--jobs", "0", str(ledger)]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_shards_read_apart_and_merged_score_as_the_whole(tmp_path: Path) -> None:
    # The recipe of docs/performance.md, "Beyond one machine": each shard is a ledger of its
    # own (the registries, some sources with their outcome files), read and tallied apart.
    import datetime as dt

    from predictledger.scoring import merge_groups, tally_groups

    whole = make_ledger(tmp_path / "whole", predictions=300, broken=False)
    sources = sorted((whole / "predictions" / "sources").glob("*.toml"))
    shards = [sources[0::3], sources[1::3], sources[2::3]]
    as_of, by = dt.date(2026, 6, 30), ("author", "sector")
    tallies = []
    for number, members in enumerate(shards):
        shard = tmp_path / f"shard-{number}"
        # The registries and the shared questions (with their outcome) go into every shard.
        for name in ("authors.toml", "sectors.toml", "zzz-questions.toml"):
            (shard / "predictions").mkdir(parents=True, exist_ok=True)
            shutil.copy(whole / "predictions" / name, shard / "predictions" / name)
        for source in members:
            for folder in ("sources", "outcomes"):
                original = whole / "predictions" / folder / source.name
                if original.exists():
                    (shard / "predictions" / folder).mkdir(exist_ok=True)
                    shutil.copy(original, shard / "predictions" / folder / source.name)
        result = read_ledger(shard, jobs=1)
        assert not result.problems
        tallies.append(tally_groups(result.ledger, by, as_of))
    expected = tally_groups(read_ledger(whole, jobs=1).ledger, by, as_of)
    assert merge_groups(*tallies) == expected
    assert len(expected) > 10


def test_helpers_leave_no_file_behind(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    spools = tmp_path / "spools"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    expected = read_ledger(ledger, jobs=1)
    assert same_reading(expected, read_ledger(ledger, jobs=2))
    assert list(spools.iterdir()) == []


def test_only_a_file_of_the_helpers_folder_is_read_back(tmp_path: Path) -> None:
    stray = tmp_path / "elsewhere.pickle"
    stray.write_bytes(b"not ours")
    with pytest.raises(OSError, match="outside its folder"):
        _parallel._unspooled(str(stray), str(tmp_path / "spool"))
    assert stray.read_bytes() == b"not ours"


def test_a_run_whose_submission_fails_is_read_here(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pool breaks between two submissions (a helper died meanwhile): the run that could
    # not be handed over is neither lost nor read twice.
    class Breaking(concurrent.futures.ProcessPoolExecutor):
        submitted = 0

        def submit(self, *args: Any, **kwargs: Any) -> Any:
            Breaking.submitted += 1
            if Breaking.submitted > 1:
                raise concurrent.futures.process.BrokenProcessPool("a helper died")
            return super().submit(*args, **kwargs)

    expected = read_ledger(ledger, jobs=1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Breaking)
    assert same_reading(expected, read_ledger(ledger, jobs=2))
    assert Breaking.submitted == 2

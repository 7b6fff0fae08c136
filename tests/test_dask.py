"""The sharded checks and tallies on a Dask `LocalCluster` of two worker processes, over ten
shards: the one-process problems and tallies, digit for digit, on sound ledgers and on ledgers
whose problems span shards. Skipped, naming it, where Dask's distributed scheduler is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.shard_ledgers import (
    CROSS_FILE,
    TODAY,
    WITH_PROBLEMS,
    cross_file_ledger,
    one_process,
)

pytest.importorskip(
    "distributed", reason="needs Dask's distributed scheduler: pip install 'predictledger[dask]'"
)

from distributed import get_task_stream

from predictledger._interop.dask import connect, run_on_dask


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # One cluster for the module: starting two worker processes takes about a second.
    dask_client = connect("local:2")
    try:
        assert len(dask_client.scheduler_info()["workers"]) == 2
        yield dask_client
    finally:
        dask_client.close()


@pytest.mark.parametrize("variant", [None, *CROSS_FILE, "all"])
def test_ten_shards_on_two_workers_give_the_one_process_answer(
    client: Any, variant: str | None, tmp_path: Path
) -> None:
    root = cross_file_ledger(tmp_path / "ledger", variant)
    problems, tallies = one_process(root)
    assert bool(problems) == (variant in WITH_PROBLEMS)
    result = run_on_dask(client, root, shards=10, today=TODAY, as_of=TODAY)
    assert result.problems() == problems
    assert result.tallies == tallies


def test_the_work_is_spread_over_both_workers(client: Any, tmp_path: Path) -> None:
    root = cross_file_ledger(tmp_path / "ledger", "all")
    timings: dict[str, float] = {}
    with get_task_stream(client) as stream:
        result = run_on_dask(
            client,
            root,
            shards=10,
            by=("author", "sector"),
            today=TODAY,
            as_of=TODAY,
            timings=timings,
        )
    assert result.tallies == one_process(root, ("author", "sector"))[1]
    assert set(timings) == {"read", "reduce", "finish", "index_bytes"}
    # Ten shards read, by both worker processes; then checked and tallied, by both.
    reads = [task for task in stream.data if str(task["key"]).startswith("read-")]
    finishes = [task for task in stream.data if str(task["key"]).startswith("finish-")]
    assert len(reads) == len(finishes) == 10
    assert len({task["worker"] for task in reads}) == 2


def test_a_ledger_with_unreadable_files_checks_alike(client: Any, tmp_path: Path) -> None:
    from tests.generated_ledgers import make_ledger

    root = make_ledger(tmp_path / "ledger", 300, broken=True)
    problems, tallies = one_process(root)
    assert problems
    result = run_on_dask(client, root, shards=10, today=TODAY, as_of=TODAY)
    assert result.problems() == problems
    assert result.tallies == tallies
    assert result.left_out


def test_check_and_scorecard_with_dask_print_the_one_process_output(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from predictledger._cli import main

    root = cross_file_ledger(tmp_path / "ledger", "all")
    address = client.scheduler.address
    assert main(["check", str(root)]) == 1
    alone = capsys.readouterr()
    assert main(["check", "--dask", address, "--shards", "10", str(root)]) == 1
    assert capsys.readouterr() == alone
    assert main(["check", "--format", "json", str(root)]) == 1
    alone = capsys.readouterr()
    assert main(["check", "--format", "json", "--dask", address, str(root)]) == 1
    assert capsys.readouterr() == alone
    for by in ("author", "sector,horizon"):
        for form in ("table", "markdown"):
            command = ["scorecard", "--by", by, "--as-of", "2026-06-30", "--format", form]
            assert main([*command, str(root)]) == 0
            alone = capsys.readouterr()
            assert "Traceback" not in alone.err
            assert main([*command, "--dask", address, str(root)]) == 0
            assert capsys.readouterr() == alone


def test_what_dask_cannot_give_is_refused_in_one_line(
    client: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from predictledger._cli import main

    root = cross_file_ledger(tmp_path / "ledger")
    address = client.scheduler.address
    for args, word in (
        (["scorecard", "--format", "json"], "--format json"),
        (["scorecard", "--format", "html"], "--format html"),
        (["scorecard", "--author", "x"], "--author"),
        (["check", "--jobs", "2"], "--jobs"),
    ):
        assert main([*args, "--dask", address, str(root)]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count("\n") == 1
        assert word in err
    assert main(["check", "--dask", "local:none", str(root)]) == 2
    assert "local:2" in capsys.readouterr().err

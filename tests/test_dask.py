"""The sharded checks and tallies on a Dask `LocalCluster` of two worker processes, over ten
shards: the one-process problems and tallies, digit for digit, on sound ledgers and on ledgers
whose problems span shards. Skipped, naming it, where Dask's distributed scheduler is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.shard_ledgers import CROSS_FILE, TODAY, cross_file_ledger, one_process

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
    assert bool(problems) == (variant in ("duplicate-ids", "unknown-author", "all"))
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
    assert set(timings) == {"read", "reduce", "finish"}
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

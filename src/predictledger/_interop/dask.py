"""Checking and scoring a ledger on a Dask cluster: the rounds of `predictledger._shard` as
Dask tasks (`pip install 'predictledger[dask]'`).

Each shard is read by a task whose result, the shard's records, stays in its worker's memory;
only the shard's index comes back to this process, which merges the indexes, runs the checks
that need every id, and sends each shard the positions of the records of other shards it
depends on. The second round's tasks fetch those few records from the workers that hold them,
check and tally their shard, and their results are merged on the workers, pairwise, before
the one result comes back. Every worker must see the ledger's files at the same path as this
process (a shared or copied folder).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import TYPE_CHECKING, Any

from .._read.file import DEFAULT_LIMITS, Limits
from .._shard import (
    LedgerIndex,
    ShardedResult,
    ShardReading,
    ShardResult,
    finish_shard,
    pick,
    plan_shards,
    read_shard,
    shard_files,
)

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["INSTALL", "connect", "dask_missing", "run_on_dask"]

INSTALL = "pip install 'predictledger[dask]'"

CONNECT_TIMEOUT = 10
"""Seconds to wait for a scheduler that does not answer."""


def dask_missing() -> str | None:
    """A one-line message saying how to install Dask when it cannot be imported, else None."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return f"scoring on Dask needs Dask and its distributed scheduler: {INSTALL}"
    return None


def connect(scheduler: str) -> Client:
    """A client of the cluster at `scheduler` (`tcp://host:8786`), or of a cluster started
    here and closed with the client: `local` (two worker processes) or `local:N` (N of
    them), one thread each."""
    from distributed import Client

    if scheduler == "local" or scheduler.startswith("local:"):
        count = scheduler.partition(":")[2] or "2"
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"'{scheduler}' names no number of workers; write local:2")
        # A cluster the client starts is closed with it.
        return Client(
            n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=None
        )
    return Client(scheduler, timeout=CONNECT_TIMEOUT)


def _index(reading: ShardReading) -> Any:
    return reading.index()


def _merge(*results: ShardResult) -> ShardResult:
    return ShardResult.merge_all(results)


FAN_IN = 8
"""How many results one merge task takes: each group's tallies are summed once per task, so a
wide tree does far less work than pairwise merges (a group per author and year)."""


def run_on_dask(
    client: Client,
    path: str | os.PathLike[str] | None,
    *,
    shards: int | None = None,
    by: tuple[str, ...] | None = ("author",),
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    timings: dict[str, float] | None = None,
) -> ShardedResult:
    """Check the ledger at `path` and tally it `by` these dimensions (None: check only) on
    the cluster of `client`, in `shards` shards (by default four per worker thread): the
    problems of `check` and the tallies of `scorecard`, exactly. `timings`, when given,
    receives the seconds each round took and the bytes of the indexes (`index_bytes`)."""
    import time

    clock = time.perf_counter()
    day = today or dt.date.today()
    count = shards or 4 * max(1, sum(client.nthreads().values()))
    plan = plan_shards(path, count)
    run = uuid.uuid4().hex[:8]
    readings = [
        client.submit(read_shard, plan.root, *shard_files(plan, n), limits, key=f"read-{run}-{n}")
        for n in range(len(plan.shards))
    ]
    indexes = client.gather(
        [client.submit(_index, r, key=f"index-{run}-{n}") for n, r in enumerate(readings)]
    )
    started = time.perf_counter()
    if timings is not None:  # what crossed to this process, measured outside the rounds
        import pickle

        timings["index_bytes"] = len(pickle.dumps(indexes, protocol=5))
        clock += time.perf_counter() - started
        started = time.perf_counter()
    index = LedgerIndex(plan, indexes)
    halos = index.halos()
    index_problems, index_consequences = index.checked(day)
    reduced = time.perf_counter()
    results = []
    for n, halo in enumerate(halos):
        parts = [
            client.submit(pick, readings[owner], wanted, key=f"pick-{run}-{owner}-for-{n}")
            for owner, wanted in halo.wanted.items()
        ]
        results.append(
            client.submit(
                finish_shard,
                readings[n],
                *parts,
                unreadable=index.unreadable,
                read_problems=bool(index.read_problems),
                today=day,
                by=by,
                as_of=as_of or day,
                key=f"finish-{run}-{n}",
            )
        )
    level = 0
    while len(results) > 1:  # merged on the workers: a tree of depth log8(shards)
        level += 1
        results = [
            client.submit(_merge, *results[n : n + FAN_IN], key=f"merge-{run}-{level}-{n}")
            for n in range(0, len(results), FAN_IN)
        ]
    result: ShardResult = results[0].result() if results else ShardResult()
    del readings, results
    finished = time.perf_counter()
    if timings is not None:
        timings.update(
            read=started - clock,
            reduce=reduced - started,
            finish=finished - reduced,
        )
    return index.sharded(result, index_problems, index_consequences)

"""`--dask SCHEDULER` of `check` and `scorecard`: the ledger checked and scored on a Dask
cluster, shard by shard (`predictledger._interop.dask`), with the one-process answer."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .._read.file import Limits
from ..errors import RequestError

if TYPE_CHECKING:
    from .._shard import ShardedResult


def add_dask_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask",
        metavar="SCHEDULER",
        default=None,
        help="read, check and tally the ledger's files shard by shard on a Dask cluster: a "
        "scheduler's address (tcp://host:8786), or local (local:N) for N worker processes "
        "started here; the answer is the one-process answer (needs the dask extra: "
        "pip install 'predictledger[dask]')",
    )
    parser.add_argument(
        "--shards",
        type=_shards,
        default=None,
        metavar="N",
        help="with --dask: split the ledger's files into N shards (default: four per worker "
        "thread)",
    )


def _shards(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of shards; give 1 or more")
    return int(text)


def run_on_cluster(
    args: argparse.Namespace,
    root: Path,
    *,
    by: tuple[str, ...] | None,
    as_of: dt.date | None = None,
    limits: Limits | None = None,
) -> ShardedResult:
    """The sharded result of the ledger at `root` on the cluster `args.dask` names; a
    `RequestError` (one line, status 2) when Dask is missing or the scheduler cannot be
    reached."""
    from .._interop.dask import connect, dask_missing, run_on_dask

    missing = dask_missing()
    if missing is not None:
        raise RequestError(missing)
    try:
        client = connect(args.dask)
    except ValueError as error:
        raise RequestError(f"--dask {args.dask}: {error}") from None
    except (OSError, TimeoutError) as error:
        raise RequestError(f"--dask {args.dask}: cannot reach the scheduler: {error}") from None
    try:
        return run_on_dask(
            client, root, shards=args.shards, by=by, as_of=as_of, limits=limits or Limits()
        )
    finally:
        client.close()

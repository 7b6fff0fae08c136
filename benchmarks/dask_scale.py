"""Checking and scoring a large generated ledger on Dask, beside one process.

`python benchmarks/dask_scale.py LEDGER` (a ledger of `benchmarks/generate.py`, e.g.
`python benchmarks/generate.py 1000000 /tmp/ledger-1m`) runs, each in a fresh process so that
its peak memory is its own:

- one process: `read_ledger` (one process, no cache), `check`, the tallies by author: the
  floor, each step timed;
- Dask: a `LocalCluster` of `--workers` worker processes (one thread each) started, then
  `run_on_dask` over `--shards` shards: each round timed, the bytes of the indexes that
  cross to this process, the peak resident memory of this process and of each worker.

Both must give the same problems and tallies (a digest of each is compared), and the Dask
figures are printed as ratios of the one-process floor measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

AS_OF = "2026-06-30"


def _digest(problems: Any, tallies: Any) -> str:
    text = repr([str(p) for p in problems]) + repr(sorted(tallies.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_process(root: str) -> dict[str, Any]:
    import datetime as dt

    from predictledger._checks import check
    from predictledger._loader import read_ledger
    from predictledger._score.groups import tally_groups

    day = dt.date.fromisoformat(AS_OF)
    started = time.perf_counter()
    reading = read_ledger(root, jobs=1, cache=False, progress=False)
    read = time.perf_counter()
    problems = check(reading, today=day)
    checked = time.perf_counter()
    ledger = reading.sound().ledger if reading.problems else reading.ledger
    tallies = tally_groups(ledger, ("author",), day)
    tallied = time.perf_counter()
    return {
        "files": len(reading.files),
        "predictions": len(reading.ledger.predictions),
        "read": read - started,
        "check": checked - read,
        "tally": tallied - checked,
        "total": tallied - started,
        "peak_mb": _peak_mb(),
        "digest": _digest(problems, tallies),
        "problems": len(problems),
    }


def on_dask(root: str, workers: int, shards: int) -> dict[str, Any]:
    import datetime as dt

    from predictledger._interop import dask as on

    day = dt.date.fromisoformat(AS_OF)
    started = time.perf_counter()
    client = on.connect(f"local:{workers}")
    up = time.perf_counter()
    timings: dict[str, float] = {}
    result = on.run_on_dask(client, root, shards=shards, today=day, as_of=day, timings=timings)
    done = time.perf_counter()
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    client.close()
    return {
        "start": up - started,
        **timings,
        "total": done - up,
        "peak_mb": _peak_mb(),
        "worker_peaks_mb": sorted(peaks.values()),
        "result_bytes": len(pickle.dumps(result.result)),
        "digest": _digest(result.problems(), result.tallies),
        "problems": len(result.problems()),
    }


def _child(what: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, args.ledger, "--child", what]
    command += ["--workers", str(args.workers), "--shards", str(args.shards)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", help="a generated ledger's root")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shards", type=int, default=40)
    parser.add_argument("--child", choices=("one", "dask"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "one":
        print(json.dumps(one_process(args.ledger)))
        return 0
    if args.child == "dask":
        print(json.dumps(on_dask(args.ledger, args.workers, args.shards)))
        return 0
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs", flush=True)
    one = _child("one", args)
    dask = _child("dask", args)
    print(f"load after: {os.getloadavg()[0]:.2f} (1 min)")
    files, predictions = one["files"], one["predictions"]
    print(f"{predictions:,} predictions in {files:,} files; {one['problems']} problems")
    print(
        f"one process: read {one['read']:.1f} s, check {one['check']:.1f} s, tally "
        f"{one['tally']:.1f} s, total {one['total']:.1f} s; peak {one['peak_mb']:.0f} MB"
    )
    per_file = {k: 1000 * one[k] / files for k in ("read", "check", "tally")}
    print("  per file: " + ", ".join(f"{k} {v:.2f} ms" for k, v in per_file.items()))
    print(
        f"dask, {args.workers} workers, {args.shards} shards: cluster start {dask['start']:.1f} s;"
        f" read round {dask['read']:.1f} s, reduce (here) {dask['reduce']:.1f} s, check and "
        f"tally round {dask['finish']:.1f} s, total {dask['total']:.1f} s"
    )
    workers = ", ".join(f"{mb:.0f}" for mb in dask["worker_peaks_mb"])
    print(
        f"  peak: this process {dask['peak_mb']:.0f} MB, workers {workers} MB; indexes "
        f"{dask.get('index_bytes', 0) / 1e6:.1f} MB to this process, result "
        f"{dask['result_bytes'] / 1e3:.1f} kB"
    )
    print(
        f"ratios to one process: time {dask['total'] / one['total']:.2f} x (with the start "
        f"{(dask['total'] + dask['start']) / one['total']:.2f} x); reduce "
        f"{dask['reduce'] / one['total']:.3f} x; peak memory of this process "
        f"{dask['peak_mb'] / one['peak_mb']:.2f} x, of the largest worker "
        f"{max(dask['worker_peaks_mb']) / one['peak_mb']:.2f} x"
    )
    same = one["digest"] == dask["digest"]
    print(f"same problems and tallies: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())

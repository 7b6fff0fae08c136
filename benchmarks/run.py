"""Every benchmark, in one command: `python benchmarks/run.py` (or `--sizes 1000,10000`).

Generates the synthetic ledgers (or reuses them when they are up to date), then times the
commands as a user runs them, each in its own process, against floors measured in the same run
on the same files: reading their bytes, and parsing them with bare `tomllib`. Results are
medians over `--runs` runs, given as ratios to the floors so that they mean the same on a faster
or a busier machine. Peak memory is each process's maximum resident set size.

Environment of each case: PREDICTLEDGER_TOML=tomllib forces the default parser,
PREDICTLEDGER_JOBS the number of processes, PREDICTLEDGER_NO_CACHE=1 turns the cache off, and
PREDICTLEDGER_CACHE_DIR points at a cache folder made for the run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import GENERATOR_VERSION, generate  # noqa: E402
from predictledger import Horizon, Prediction, prediction_digest  # noqa: E402
from predictledger._speed.toml_rs import backend_name  # noqa: E402

SEED = 20240101


def _probe_digest() -> str:
    # Ledgers are regenerated when the digest function changes: their outcomes would fail.
    import datetime as dt

    probe = Prediction(
        id="p",
        source="s",
        author="a",
        made_on=dt.date(2024, 1, 1),
        claim="c",
        quote="q",
        sector="x",
        horizon=Horizon(phrase="2024", start=dt.date(2024, 1, 1)),
    )
    return prediction_digest(probe)


def ensure_ledger(folder: Path, size: int) -> Path:
    """The generated ledger of `size` predictions, regenerated only when out of date."""
    root = folder / str(size)
    stamp = {"generator": GENERATOR_VERSION, "seed": SEED, "size": size, "probe": _probe_digest()}
    stamp_file = root / "generated.json"
    try:
        if json.loads(stamp_file.read_text()) == stamp:
            return root
    except (OSError, ValueError):
        pass
    print(f"generating a ledger of {size:,} predictions...", file=sys.stderr, flush=True)
    generate(root, size, seed=SEED)
    stamp_file.write_text(json.dumps(stamp))
    return root


def _files(root: Path) -> list[Path]:
    return sorted((root / "predictions").rglob("*.toml"))


def floor_read(root: Path) -> float:
    started = time.perf_counter()
    for path in _files(root):
        path.read_bytes()
    return time.perf_counter() - started


def floor_tomllib(root: Path) -> float:
    started = time.perf_counter()
    for path in _files(root):
        tomllib.loads(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - started


def run_process(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident megabytes and exit status of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        process.stderr.close()
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / scale, process.returncode


def median(function: Callable[[], float], runs: int) -> float:
    return statistics.median(function() for _ in range(runs))


class Bench:
    """Cases declared once, then run in rounds: each round measures the floors and every case
    back to back, so that a busy spell of the machine weighs on all of them alike.

    Each case takes a different place in each round (rotated evenly over the rounds): on a
    shared machine, a run right after long ones was measured up to 14 % slower than the same
    command run first, and a fixed order would hand that to the same cases every time. The
    floors and the cold cases depend on nothing; the case that fills the cache runs between
    them and the warm cases, each of which prepares what it needs (`before`).
    """

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        self.cases: list[
            tuple[
                str, list[str], dict[str, str], Callable[[], None] | None, Callable[[], None] | None
            ]
        ] = []
        self.independent = 0
        """How many of the first cases depend on nothing run before them."""
        self.warm_from = 0
        """The first of the cases that need a filled cache, and nothing else."""
        self.times: dict[str, list[float]] = {}
        self.peaks: dict[str, list[float]] = {}

    def env(self, parser: str, jobs: str, cache: bool) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREDICTLEDGER_")}
        if parser == "tomllib":
            env["PREDICTLEDGER_TOML"] = "tomllib"
        if jobs != "auto":
            env["PREDICTLEDGER_JOBS"] = jobs
        if cache:
            env["PREDICTLEDGER_CACHE_DIR"] = str(self.cache)
        else:
            env["PREDICTLEDGER_NO_CACHE"] = "1"
        return env

    def case(
        self,
        name: str,
        command: Sequence[str],
        env: dict[str, str],
        before: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        self.cases.append((name, list(command), env, before, after))

    def round(self, number: int, rounds: int) -> None:
        """Round `number` (from 0) of `rounds`."""
        floors: list[Callable[[], None]] = [
            lambda: self._floor("floor: read the bytes", floor_read),
            lambda: self._floor("floor: bare tomllib parse", floor_tomllib),
        ]
        free: list[Callable[[], None]] = [
            *floors,
            *(functools.partial(self._run, case) for case in self.cases[: self.independent]),
        ]
        for measure in _rotated(free, number, rounds):
            measure()
        for case in self.cases[self.independent : self.warm_from]:
            self._run(case)
        for case in _rotated(self.cases[self.warm_from :], number, rounds):
            self._run(case)

    def _floor(self, name: str, measure: Callable[[Path], float]) -> None:
        self.times.setdefault(name, []).append(measure(self.root))

    def _run(
        self,
        case: tuple[
            str, list[str], dict[str, str], Callable[[], None] | None, Callable[[], None] | None
        ],
    ) -> None:
        name, command, env, before, after = case
        if before:
            before()
        elapsed, peak, status = run_process([sys.executable, "-m", "predictledger", *command], env)
        if after:
            after()
        if status != 0:
            raise SystemExit(f"{name}: exit status {status}")
        self.times.setdefault(name, []).append(elapsed)
        self.peaks.setdefault(name, []).append(peak)

    def results(self) -> dict[str, tuple[float, float]]:
        return {
            name: (statistics.median(times), max(self.peaks.get(name, [0.0])))
            for name, times in self.times.items()
        }

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def forget_scorecards(self) -> None:
        for folder in self.cache.glob("*/scorecards"):
            shutil.rmtree(folder, ignore_errors=True)


_T = TypeVar("_T")


def _rotated(items: Sequence[_T], number: int, rounds: int) -> list[_T]:
    """`items` starting from a place that moves evenly over the rounds."""
    shift = number * len(items) // max(1, rounds)
    return [*items[shift:], *items[:shift]]


def _unresolved(root: Path) -> tuple[str, str, str]:
    """An unresolved forecast's id, its source id and its quote, from the first source file."""
    first = sorted((root / "predictions" / "sources").glob("*.toml"))[0]
    tables = tomllib.loads(first.read_text(encoding="utf-8"))
    resolved = set()
    outcomes = root / "predictions" / "outcomes" / first.name
    if outcomes.exists():
        resolved = {o["prediction"] for o in tomllib.loads(outcomes.read_text())["outcome"]}
    for prediction in tables["prediction"]:
        if prediction["id"] not in resolved and prediction.get("kind") != "abstention":
            return prediction["id"], tables["source"]["id"], prediction["quote"]
    raise SystemExit("no unresolved prediction in the first source file")


def _restoring(paths: Sequence[Path]) -> tuple[Callable[[], None], Callable[[], None]]:
    """Callbacks that save these files before a run and put them back after it."""
    saved: dict[Path, bytes | None] = {}

    def save() -> None:
        for path in paths:
            saved[path] = path.read_bytes() if path.exists() else None

    def restore() -> None:
        for path, data in saved.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)

    return save, restore


def bench_size(root: Path, runs: int, fast: bool) -> dict[str, Any]:
    files = _files(root)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"\n{root.name} predictions: {len(files):,} files, {megabytes:.1f} MB", flush=True)
    cache = Path(tempfile.mkdtemp(prefix="predictledger-bench-cache-"))
    bench = Bench(root, cache)
    path = str(root)
    cold = {
        parser: {jobs: bench.env(parser, jobs, False) for jobs in ("1", "2")}
        for parser in ("tomllib", "fast")
    }
    default = bench.env("tomllib", "auto", False)
    bench.case("check, cold, tomllib, default processes", ["check", path], default)
    bench.case("scorecard, cold, tomllib, default processes", ["scorecard", path], default)
    bench.case("check, cold, tomllib, 1 process", ["check", path], cold["tomllib"]["1"])
    bench.case("scorecard, cold, tomllib, 1 process", ["scorecard", path], cold["tomllib"]["1"])
    bench.case("check, cold, tomllib, 2 processes", ["check", path], cold["tomllib"]["2"])
    site = Path(tempfile.mkdtemp(prefix="predictledger-bench-site-")) / "site"
    bench.case(
        "site, cold, tomllib, default processes",
        ["site", str(site), path],
        default,
        before=functools.partial(shutil.rmtree, site, ignore_errors=True),
    )
    if fast:
        bench.case("check, cold, fast parser, 1 process", ["check", path], cold["fast"]["1"])
        bench.case(
            "scorecard, cold, fast parser, 1 process", ["scorecard", path], cold["fast"]["1"]
        )
        bench.case(
            "check, cold, fast parser, default processes",
            ["check", path],
            bench.env("fast", "auto", False),
        )
    bench.independent = len(bench.cases)
    bench.case(
        "check, cold, tomllib, 1 process, filling the cache",
        ["check", path],
        bench.env("tomllib", "1", True),
        before=bench.clear_cache,
    )
    bench.warm_from = len(bench.cases)
    warm = bench.env("tomllib", "1", True)
    bench.case("check, warm", ["check", path], warm)
    bench.case(
        "scorecard, warm, per-file cache (no memo)",
        ["scorecard", path],
        warm,
        before=bench.forget_scorecards,
    )

    def remember_the_scorecard() -> None:
        # A file written in the last two seconds (a case before restored it) gives no key.
        time.sleep(2.1)
        run_process([sys.executable, "-m", "predictledger", "scorecard", path], warm)

    bench.case(
        "scorecard, warm, asked again (memo)",
        ["scorecard", path],
        warm,
        before=remember_the_scorecard,
    )
    touched = _files(root)[len(_files(root)) // 2]

    def change_one_file() -> None:
        touched.write_bytes(touched.read_bytes())  # same bytes, new times: a changed file

    bench.case(
        "scorecard, warm, one file just changed",
        ["scorecard", path],
        warm,
        before=change_one_file,
    )
    prediction, source, quote = _unresolved(root)
    outcome_file = root / "predictions" / "outcomes" / f"{source}.toml"
    source_file = root / "predictions" / "sources" / f"{source}.toml"
    save, restore = _restoring([outcome_file])
    bench.case(
        "resolve, warm (one outcome appended)",
        [
            "resolve",
            prediction,
            "--verdict",
            "true",
            "--evidence",
            "A benchmark.",
            "--on",
            "2026-01-01",
            "--path",
            path,
        ],
        warm,
        before=save,
        after=restore,
    )
    save_source, restore_source = _restoring([source_file])
    bench.case(
        "add, warm (one prediction appended)",
        [
            "add",
            "--source",
            source,
            "--author",
            _first_author(root),
            "--claim",
            "A benchmark claim comes true.",
            "--quote",
            quote,
            "--resolution",
            "True if it does.",
            "--horizon",
            "in 2030",
            "--start",
            "2030-01-01",
            "--end",
            "2030-12-31",
            "--sector",
            "energy",
            "--id",
            "bench-added-prediction",
            "--no-hedge",
            "--path",
            path,
        ],
        warm,
        before=save_source,
        after=restore_source,
    )
    try:
        for number in range(runs):
            print(f"  round {number + 1} of {runs}...", file=sys.stderr, flush=True)
            bench.round(number, runs)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site.parent, ignore_errors=True)
    results = bench.results()
    read, parse = (
        results.pop("floor: read the bytes")[0],
        results.pop("floor: bare tomllib parse")[0],
    )
    print(f"  {'floor: read the bytes':<52} {read:8.2f} s")
    print(f"  {'floor: bare tomllib parse':<52} {parse:8.2f} s  ({megabytes / parse:.1f} MB/s)")
    for name, (elapsed, peak) in results.items():
        print(f"  {name:<52} {elapsed:8.2f} s  {peak:7.0f} MB")
    return {
        "files": len(files),
        "megabytes": megabytes,
        "read": read,
        "parse": parse,
        "cases": results,
    }


def _first_author(root: Path) -> str:
    return str(
        tomllib.loads((root / "predictions" / "authors.toml").read_text())["author"][0]["id"]
    )


def verdicts(result: dict[str, Any], fast: bool) -> list[tuple[str, str, bool]]:
    """Each target: what was measured, and whether it is met."""
    cases = result["cases"]
    parse = result["parse"]
    out = []

    def ratio(name: str, base: float) -> float:
        return float(cases[name][0] / base)

    for command in ("check", "scorecard"):
        for processes in ("default processes", "1 process"):
            cold = ratio(f"{command}, cold, tomllib, {processes}", parse)
            out.append(
                (
                    f"cold {command} ({processes}) <= 1.15 x bare tomllib parse",
                    f"{cold:.2f} x",
                    cold <= 1.15,
                )
            )
    if fast:
        for processes in ("default processes", "1 process"):
            # Like for like: each parser with the processes it chooses, then one each.
            speedup = (
                cases[f"check, cold, tomllib, {processes}"][0]
                / cases[f"check, cold, fast parser, {processes}"][0]
            )
            out.append(
                (
                    f"fast parser: cold check >= 3 x faster than tomllib ({processes} each)",
                    f"{speedup:.1f} x",
                    speedup >= 3,
                )
            )
    cold_default = cases["scorecard, cold, tomllib, default processes"][0]
    for name in (
        "scorecard, warm, asked again (memo)",
        "scorecard, warm, per-file cache (no memo)",
        "scorecard, warm, one file just changed",
    ):
        warm = ratio(name, cold_default)
        label = name.removeprefix("scorecard, warm, ")
        out.append(
            (f"warm scorecard ({label}) <= 0.1 x cold default", f"{warm:.3f} x", warm <= 0.1)
        )
    site = ratio(
        "site, cold, tomllib, default processes",
        cases["check, cold, tomllib, default processes"][0],
    )
    out.append(("cold site <= 3 x cold check (default processes)", f"{site:.2f} x", site <= 3))
    two = ratio("check, cold, tomllib, 2 processes", cases["check, cold, tomllib, 1 process"][0])
    out.append(("2 processes <= 0.65 x 1 process (cold check)", f"{two:.2f} x", two <= 0.65))
    warm_check = cases["check, warm"][0]
    for command in ("resolve", "add"):
        name = next(n for n in cases if n.startswith(command))
        extra = cases[name][0] - warm_check
        out.append(
            (
                f"{command} <= warm check + one file's write",
                f"{extra:+.2f} s over warm check",
                extra <= 0.25,
            )
        )
    loading = [peak for name, (_, peak) in cases.items() if name.startswith(("check", "score"))]
    peak = max(loading)
    out.append(("peak memory, loading and scoring <= 400 MB", f"{peak:.0f} MB", peak <= 400))
    return out


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()}, parser: {backend_name()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="ledger sizes in predictions, comma-separated"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per case (the median is kept)")
    parser.add_argument(
        "--ledgers",
        type=Path,
        default=HERE / "ledgers",
        help="where generated ledgers are kept between runs",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    fast = backend_name() != "tomllib"
    print(machine())
    report = {}
    for size in (int(part) for part in args.sizes.split(",")):
        root = ensure_ledger(args.ledgers, size)
        result = bench_size(root, args.runs, fast)
        result["targets"] = verdicts(result, fast)
        report[size] = result
        print()
        for target, measured, met in result["targets"]:
            print(f"  {'met    ' if met else 'NOT met'}  {target:<48} {measured}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "sizes": report}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The long fuzz run of the reader: `python benchmarks/fuzz_loader.py --cases 10000 --seed 1`.

It replays the mutations of `tests/test_fuzz.py` (flipped bytes, truncations, inserted Unicode,
duplicated tables, deleted lines, values moved between keys; one to three per case) on a copy
of the sound ledger in `tests/broken/base/`, and reads and checks every mutated ledger through
the library and through `predictledger check`. A case fails when anything but problems comes
out: an exception, a problem spread over several lines, an exit status other than 0 or 1, a
traceback, a file touched. Case `i` draws from `random.Random(f"{seed}:{i}")`, so
`--first i --cases 1` replays it alone.

Prints the cases run, how many ended in problems, the failures (there must be none) and the
time; the exit status is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

# The mutations are shared with the test suite, which lives beside this folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_fuzz import BASE, FILES, mutate, read_and_check

_SHOWN = 5
"""Failures printed in full; the others are counted."""


def run(cases: int, seed: int, first: int = 0) -> tuple[int, int, int]:
    """(cases run, cases that ended in problems, failures)."""
    with_problems = failures = 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ledger"
        shutil.copytree(BASE, root)
        for index in range(first, first + cases):
            for name in FILES:
                shutil.copyfile(BASE / name, root / name)
            done = mutate(random.Random(f"{seed}:{index}"), root)
            try:
                with_problems += read_and_check(root) > 0
            except Exception:
                failures += 1
                if failures <= _SHOWN:
                    print(f"case {index} ({done}) failed:", file=sys.stderr)
                    traceback.print_exc()
    return cases, with_problems, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--first", type=int, default=0, help="index of the first case")
    args = parser.parse_args()
    start = time.perf_counter()
    cases, with_problems, failures = run(args.cases, args.seed, args.first)
    seconds = time.perf_counter() - start
    print(
        f"{cases} cases (seed {args.seed}), {with_problems} ended in problems, "
        f"{failures} failures, {seconds:.1f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

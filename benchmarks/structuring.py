"""Structuring alone, three ways: `python benchmarks/structuring.py LEDGER [--runs 5]`.

Parses every file of LEDGER (a ledger made by `generate.py`) once with tomllib, completes each
prediction's table from its file's [source] as the reader does, then times structuring every
table, best of `--runs` with the garbage collector paused, with:

- the strict converter, with cattrs' detailed validation (what reports problems);
- cattrs' own fast mode: a second converter with the same strict hooks and
  `detailed_validation=False`;
- the generated builders of the fast pass (`_convert.fast`).

All three must give equal records; the script checks that before it times anything.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from predictledger import Author, Outcome, Prediction, Sector, Source
from predictledger._convert.fast import fast_structure
from predictledger._convert.strict import converter, make_converter, partial_date

_ARRAYS: dict[str, type] = {
    "prediction": Prediction,
    "outcome": Outcome,
    "author": Author,
    "sector": Sector,
}


def tables_of(root: Path) -> list[tuple[type, Any]]:
    found: list[tuple[type, Any]] = []
    for path in sorted(root.rglob("*.toml")):
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
        source: Any = tables.get("source")
        if source is not None:
            found.append((Source, source))
        for key, kind in _ARRAYS.items():
            for table in tables.get(key, []):
                if kind is Prediction:
                    table = {**table, "source": source["id"]}
                    table.setdefault("made_on", partial_date(source["published"]).latest)
                found.append((kind, table))
    return found


def best(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    tables = tables_of(args.ledger)
    fast_mode = make_converter(detailed_validation=False)
    ways: dict[str, Callable[[], list[Any]]] = {
        "strict converter (detailed validation)": lambda: [
            converter.structure(table, kind) for kind, table in tables
        ],
        "cattrs fast mode (detailed_validation=False)": lambda: [
            fast_mode.structure(table, kind) for kind, table in tables
        ],
        "generated builders (_convert.fast)": lambda: [
            fast_structure(table, kind) for kind, table in tables
        ],
    }
    results = [way() for way in ways.values()]  # also warms every hook and builder
    if not all(result == results[0] for result in results):
        sys.exit("the three ways disagree")
    print(f"{len(tables):,} tables, best of {args.runs}:")
    for name, way in ways.items():
        seconds = best(way, args.runs)
        each = seconds / len(tables) * 1e6
        print(f"  {name:46} {seconds * 1000:7.1f} ms  {each:5.2f} µs a table")


if __name__ == "__main__":
    main()

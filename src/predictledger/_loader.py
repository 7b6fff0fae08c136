"""`read_ledger` and `load`: the reading core composed with the accelerations.

Like beancount's loader, this is the one place that knows both: the core (`_read`) reads a
ledger on its own; here it is given the fast parser, wrapped in the per-file cache, and spread
over helper processes when there is enough to read.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from ._ledger import Ledger
from ._paths import PREDICTIONS_DIR, Within, find_files, find_ledger
from ._problems import Problem
from ._read import finish_one
from ._read.file import DEFAULT_LIMITS, Limits, read_file
from ._read.result import FileResult, ReadResult, assemble
from ._speed import toml_rs
from ._speed.cache import FileCache, cache_root, read_through
from .errors import LedgerError

__all__ = ["Limits", "ReadResult", "load", "read_ledger"]

_PARSE_FILE = functools.partial(read_file, parse=toml_rs.loads)
"""The core's `read_file` with the fast parser (which parses as `tomllib` does, or defers to it)."""


def read_ledger(
    path: str | os.PathLike[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: bool | None = None,
) -> ReadResult:
    """Read every file of a ledger; never raises for a problem in the ledger's files.

    `path` is the ledger root; without it the ledger is found as the commands find it
    (`PREDICTLEDGER_LEDGER`, else the nearest folder upward holding `predictions/`), and
    `LedgerNotFoundError` is raised when there is none. The result holds every record read,
    every problem met (`problems`) and the ledger of sound records (`sound()`).
    Unchanged files are read from the cache (`cache=False` or `PREDICTLEDGER_NO_CACHE=1` turn
    it off); many files are parsed by `jobs` processes (by default, as many as repay starting
    them); a slow load draws a progress bar when standard error is a terminal (`progress`).
    """
    root = find_ledger(path)
    problems: list[Problem] = []
    files = find_files(root, problems)
    if not files:
        problems.append(
            Problem(
                path=f"{PREDICTIONS_DIR}/",
                line=0,
                message="holds no .toml files; `predictledger init NEW-FOLDER` starts a ledger "
                "with the files it needs",
            )
        )
    within = Within(root)
    # Helper processes are set up only when there is something to read: a scorecard answered
    # from the memo imports none of their machinery.
    from ._speed.parallel import read_files

    def read(work: list[tuple[Path, int | None]]) -> list[FileResult]:
        return read_files(
            root,
            work,
            limits,
            parse_file=_PARSE_FILE,
            finish_file=finish_one,
            within=within,
            jobs=jobs,
            progress=progress,
        )

    store = FileCache.open(root, limits, cache_root()) if cache is not False else None
    if store is not None:
        readings = read_through(store, root, files, read, within)
    else:
        readings = read([(file, None) for file in files])
    return assemble(root, readings, problems)


def load(
    path: str | os.PathLike[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    strict: bool = True,
) -> Ledger:
    """Read a ledger into records (found as `read_ledger` finds it when `path` is `None`).

    Strict (the default): raises `LedgerError`, carrying every problem found, when any record
    cannot be read. With `strict=False`, returns the ledger of sound records instead
    (`ReadResult.sound()`; `read_ledger` gives the problems and what was left out as well).
    Either way a ledger may still have problems between records (a dangling reference, a moved
    goalpost): `predictledger.check(ledger)` lists those. Raises `LedgerNotFoundError` when
    there is no ledger to read.
    """
    result = read_ledger(path, limits)
    if not strict:
        return result.sound().ledger
    if result.problems:
        raise LedgerError(result.problems)
    return result.ledger

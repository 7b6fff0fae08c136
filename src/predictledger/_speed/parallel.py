"""Parsing many ledger files across processes, when there are enough to repay starting them.

The files a reading still needs (those the cache does not hold) are shared between this
process and helper processes: a helper only parses (`parse_file`: bytes → tables) and hands
back each file's tables, which this process structures (`finish_file`: tables → records). Both
functions are the reader's own, given as arguments. The result is the same as reading every
file here, in the order given.
"""

from __future__ import annotations

import collections
import concurrent.futures
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from .._paths import Within
from .._problems import Problem
from .._read.file import FileTables, Limits
from .._read.result import FileResult
from .gc import collector_paused
from .progress import Progress
from .toml_rs import fast_available

__all__ = ["ParseFile", "auto_jobs", "read_files"]


class ParseFile(Protocol):
    """The reader's `read_file`, its parser chosen: picklable, for it runs in helpers too."""

    def __call__(
        self, root: Path, path: Path, limits: Limits, *, within: Within
    ) -> FileTables | list[Problem]: ...


FinishFile = Callable[[Path, Path, Limits, "FileTables | list[Problem]"], FileResult]
"""The reader's `finish_one`: a file's result from what parsing it gave."""


PARALLEL_SECONDS = 1.5
"""Parse work, in estimated seconds, below which helper processes cost more than they save."""

TOMLLIB_BYTES_PER_SECOND = 6_000_000
"""About how fast tomllib parses ledger files: used only to decide on processes."""

FAST_BYTES_PER_SECOND = 30_000_000
"""About how fast ledger files are read, screened and parsed with the fast parser (the part of
the work a helper can take): used only to decide on processes."""

_CHUNKS_PER_WORKER = 16
_QUEUED_PER_HELPER = 2


def _parse_chunk(
    parse_file: ParseFile, root: Path, paths: Sequence[Path], limits: Limits, spool: str
) -> str:
    """Parse `paths` in a helper process; the tables are left in a file of `spool`, whose
    name is returned.

    A helper only parses: tables of plain values (and each file's text, for line numbers)
    pickle and unpickle at C speed and are structured on receipt. Handing back records was
    measured too: each costs this process less to receive, but the helper, structuring as
    well, reads fewer files; with every process busy, the total work sets the time, and it
    is the same either way (docs/performance.md, "Worker processes"). They go through a file
    rather than the pool's pipe: megabytes written into a pipe cross it 64 KB at a time, each
    piece waiting for the receiving thread to win the interpreter lock from the busy main
    thread, and the helper would sit idle meanwhile.
    """
    within = Within(root)
    with collector_paused():  # a helper is a process of its own
        parsed = [parse_file(root, path, limits, within=within) for path in paths]
    handle, name = tempfile.mkstemp(dir=spool, suffix=".pickle")
    with os.fdopen(handle, "wb") as file:
        pickle.dump(parsed, file, protocol=pickle.HIGHEST_PROTOCOL)
    return name


def _unspooled(name: str, spool: str) -> list[FileTables | list[Problem]]:
    # Only a file this process's own helpers wrote, in the private folder it made for them.
    path = Path(name)
    if path.parent != Path(spool):
        raise OSError(f"a helper named a file outside its folder: {name}")
    try:
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    parsed: list[FileTables | list[Problem]] = pickle.loads(data)
    return parsed


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_jobs(work_bytes: int) -> int:
    """How many processes to parse `work_bytes` of TOML with: 1 unless it is worth more.

    `PREDICTLEDGER_JOBS=N` in the environment decides instead, for every command.
    """
    chosen = os.environ.get("PREDICTLEDGER_JOBS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    # Helpers take the reading and parsing off this process, which structures everything:
    # with the fast parser that is a smaller share of the work, so it repays only larger loads.
    speed = FAST_BYTES_PER_SECOND if fast_available() else TOMLLIB_BYTES_PER_SECOND
    cpus = _cpus()
    if cpus < 2 or work_bytes / speed < PARALLEL_SECONDS:
        return 1
    return cpus


_Work = tuple[int, Path, int]
"""A file to parse: its index in the ledger's file list, its path, its size in bytes."""


def _chunks(items: list[_Work], count: int) -> Iterator[list[_Work]]:
    """Consecutive runs of files of about equal bytes, so that workers finish together."""
    target = max(1, sum(size for _, _, size in items) // count)
    chunk: list[_Work] = []
    weight = 0
    for item in items:
        chunk.append(item)
        weight += item[2]
        if weight >= target:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def read_files(
    root: Path,
    work: Sequence[tuple[Path, int | None]],
    limits: Limits,
    *,
    parse_file: ParseFile,
    finish_file: FinishFile,
    within: Within,
    jobs: int | None = None,
    progress: bool | None = None,
) -> list[FileResult]:
    """The `FileResult` of each file of `work` (a path and its size in bytes, if known), in
    that order.

    `jobs`: processes to parse with (None: decide by the amount of work). `progress`: draw a
    bar on standard error (None: when it is a terminal and the load is slow).
    """
    todo: list[_Work] = [
        (index, path, file_size(path) if size is None else size)
        for index, (path, size) in enumerate(work)
    ]
    total = sum(size for _, _, size in todo)
    workers = max(1, jobs) if jobs is not None else auto_jobs(total)
    workers = min(workers, len(todo)) or 1
    results: list[FileResult | None] = [None] * len(todo)
    reader = _Reader(root, limits, parse_file, finish_file, within)
    with Progress(total, "reading the ledger", enabled=progress) as bar:
        for index, result in _parse(reader, todo, workers, bar):
            results[index] = result
    return [result for result in results if result is not None]


class _Reader:
    """The reader's two halves, bound to one ledger."""

    def __init__(
        self,
        root: Path,
        limits: Limits,
        parse_file: ParseFile,
        finish_file: FinishFile,
        within: Within,
    ) -> None:
        self.root, self.limits, self.within = root, limits, within
        self.parse_file, self.finish_file = parse_file, finish_file

    def read(self, path: Path) -> FileResult:
        tables = self.parse_file(self.root, path, self.limits, within=self.within)
        return self.finish_file(self.root, path, self.limits, tables)

    def finish(self, path: Path, tables: FileTables | list[Problem]) -> FileResult:
        return self.finish_file(self.root, path, self.limits, tables)


def file_size(path: Path) -> int:
    """The size of `path` in bytes (0 when it cannot be known): what there is to parse."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _parse(
    reader: _Reader, todo: list[_Work], workers: int, bar: Progress
) -> Iterator[tuple[int, FileResult]]:
    """Parse `todo` with `workers` processes in all: this one and `workers - 1` helpers.

    This process takes runs of files from the front of the list and the helpers from the
    back, until they meet; whichever is faster simply takes more. A helper only parses, and
    this process structures what it hands back.
    """
    chunks = list(_chunks(todo, workers * _CHUNKS_PER_WORKER)) if workers > 1 else [todo]
    front, back = 0, len(chunks)  # chunks[front:back] are not taken yet
    pending: dict[concurrent.futures.Future[str], int] = {}
    current: collections.deque[_Work] = collections.deque()  # the rest of this process's run
    if workers > 1 and len(chunks) > 1:
        try:
            with (
                tempfile.TemporaryDirectory(prefix="predictledger-") as spool,
                concurrent.futures.ProcessPoolExecutor(max_workers=workers - 1) as pool,
            ):

                def top_up() -> None:
                    # Keep runs queued for each helper, so that it never waits for this process.
                    nonlocal back
                    queued = sum(not future.done() for future in pending)
                    while front < back and queued < _QUEUED_PER_HELPER * (workers - 1):
                        paths = [path for _, path, _ in chunks[back - 1]]
                        pending[
                            pool.submit(
                                _parse_chunk,
                                reader.parse_file,
                                reader.root,
                                paths,
                                reader.limits,
                                spool,
                            )
                        ] = back - 1
                        back, queued = back - 1, queued + 1

                while front < back or pending:
                    for future in [f for f in pending if f.done()]:
                        parsed = _unspooled(future.result(), spool)
                        yield from _finished(reader, chunks[pending.pop(future)], parsed, bar)
                    top_up()
                    if front < back:
                        current.extend(chunks[front])
                        front += 1
                        while current:
                            yield from _read_here(reader, [current.popleft()], bar)
                            # A helper's run takes less time than this one: it is topped up
                            # between files, not between runs.
                            top_up()
                    elif pending:
                        # A run a helper has not started yet is read here rather than waited for.
                        waiting = [f for f in pending if f.cancel()]
                        for future in waiting:
                            yield from _read_here(reader, chunks[pending.pop(future)], bar)
                        if not waiting:
                            concurrent.futures.wait(
                                pending, return_when=concurrent.futures.FIRST_COMPLETED
                            )
        except (OSError, concurrent.futures.process.BrokenProcessPool):
            # No processes to be had (a sandbox, a full process table), or the helpers died:
            # what they had not handed back is read here.
            pass
    yield from _read_here(reader, list(current), bar)
    for index in [*range(front, back), *sorted(pending.values())]:
        yield from _read_here(reader, chunks[index], bar)


def _read_here(
    reader: _Reader, chunk: list[_Work], bar: Progress
) -> Iterator[tuple[int, FileResult]]:
    for index, path, size in chunk:
        result = reader.read(path)
        bar.advance(size)
        yield index, result


def _finished(
    reader: _Reader,
    chunk: list[_Work],
    parsed: list[FileTables | list[Problem]],
    bar: Progress,
) -> Iterator[tuple[int, FileResult]]:
    for (index, path, size), tables in zip(chunk, parsed, strict=True):
        bar.advance(size)
        yield index, reader.finish(path, tables)

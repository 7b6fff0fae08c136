"""Reading every file of a ledger: from the cache when unchanged, across processes when many.

Each file is read on its own (`read_one`: bytes → tables → records), which makes files the unit
of caching and of parallel work. Files the cache does not hold are parsed in this process, or,
when there are enough of them to repay starting processes, shared between this process and
helper processes that parse and hand back each file's tables (`finish_one` structures them
here). The result is the same in every case, in file order.
"""

from __future__ import annotations

import collections
import concurrent.futures
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .._collector import collector_paused
from .._problems import Problem
from .._within import folders_remembered
from .cache import FileCache, FileKey, cache_root, file_key
from .flat import FileResult
from .loader import (
    FORMAT_DEPTH,
    FileRecords,
    FileTables,
    Limits,
    _inside,
    depth_problems,
    ids_in_unreadable_file,
    read_file,
    relative,
    structure_file,
    structure_plain_file,
)
from .progress import Progress
from .toml_backend import fast_available

__all__ = ["auto_jobs", "finish_one", "read_cached", "read_files", "read_one"]

PARALLEL_SECONDS = 1.5
"""Parse work, in estimated seconds, below which helper processes cost more than they save."""

TOMLLIB_BYTES_PER_SECOND = 6_000_000
"""About how fast tomllib parses ledger files: used only to decide on processes."""

FAST_BYTES_PER_SECOND = 30_000_000
"""About how fast ledger files are read, screened and parsed with the fast parser (the part of
the work a helper can take): used only to decide on processes."""

_CHUNKS_PER_WORKER = 16
_QUEUED_PER_HELPER = 2


def read_one(root: Path, path: Path, limits: Limits) -> FileResult:
    """Everything reading one file gives: its read problems, or its records and their problems."""
    return finish_one(root, path, limits, read_file(root, path, limits, depth_checked=False))


def finish_one(
    root: Path, path: Path, limits: Limits, tables: FileTables | list[Problem]
) -> FileResult:
    """The `FileResult` of a file from what parsing it gave (`read_file` with the depth check
    left to this function): its records, or the problems that kept it from being read."""
    name = relative(root, path)
    if not isinstance(tables, list):
        # A file whose every table takes the fast pass is shallow by the format's shape; any
        # other has its depth checked before the strict converter sees it.
        plain = structure_plain_file(tables) if limits.max_depth >= FORMAT_DEPTH else None
        if plain is not None:
            return FileResult(path=name, records=plain)
        too_deep = depth_problems(tables, limits)
        if not too_deep:
            return FileResult(path=name, records=structure_file(tables))
        tables = too_deep
    unreadable = ids_in_unreadable_file(path, limits)
    return FileResult(
        path=name, read_problems=tuple(tables), records=FileRecords(unreadable=unreadable)
    )


_STORES: dict[tuple[Path, Limits, Path | None], FileCache | None] = {}


def read_cached(root: Path, path: Path, limits: Limits) -> FileResult:
    """`read_one` through the cache, for callers that read a ledger's files one at a time."""
    base = cache_root()
    if base is None:
        return read_one(root, path, limits)
    place = (root, limits, base)
    if place not in _STORES:
        _STORES[place] = FileCache.open(root, limits, base)
    store = _STORES[place]
    key = file_key(path)
    if store is None or key is None or not _inside(root, path):
        return read_one(root, path, limits)
    name = relative(root, path)
    hit = store.get(name, key)
    if hit is not None:
        return hit
    result = read_one(root, path, limits)
    if file_key(path) == key:
        store.put(name, key, result)
    return result


def _parse_chunk(root: Path, paths: Sequence[Path], limits: Limits, spool: str) -> str:
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
    with folders_remembered(), collector_paused():
        parsed = [read_file(root, path, limits, depth_checked=False) for path in paths]
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
    files: Sequence[Path],
    limits: Limits,
    *,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: bool | None = None,
) -> list[FileResult]:
    """The `FileResult` of each file, in the order given.

    `jobs`: processes to parse with (None: decide by the amount of work). `cache`: use the
    cache (None: unless the environment turns it off). `progress`: draw a bar on standard error
    (None: when it is a terminal and the load is slow).
    """
    with collector_paused(), folders_remembered():
        return _read_files(root, files, limits, jobs, cache, progress)


def _read_files(
    root: Path,
    files: Sequence[Path],
    limits: Limits,
    jobs: int | None,
    cache: bool | None,
    progress: bool | None,
) -> list[FileResult]:
    store = FileCache.open(root, limits, cache_root()) if cache is not False else None
    results: list[FileResult | None] = [None] * len(files)
    keys: list[FileKey | None] = [None] * len(files)
    todo: list[_Work] = []
    for index, path in enumerate(files):
        key = file_key(path) if store is not None else None
        keys[index] = key
        if store is not None and key is not None and _inside(root, path):
            hit = store.get(relative(root, path), key)
            if hit is not None:
                results[index] = hit
                continue
        todo.append((index, path, key[0] if key is not None else _size(path)))

    work = sum(size for _, _, size in todo)
    workers = max(1, jobs) if jobs is not None else auto_jobs(work)
    workers = min(workers, len(todo)) or 1
    with Progress(work, "reading the ledger", enabled=progress) as bar:
        for index, result in _parse(root, todo, limits, workers, bar):
            results[index] = result
            key = keys[index]
            if store is not None and key is not None and file_key(files[index]) == key:
                store.put(result.path, key, result)
    if store is not None:
        store.prune([relative(root, path) for path in files])
    return [result for result in results if result is not None]


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _parse(
    root: Path,
    todo: list[_Work],
    limits: Limits,
    workers: int,
    bar: Progress,
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
                        pending[pool.submit(_parse_chunk, root, paths, limits, spool)] = back - 1
                        back, queued = back - 1, queued + 1

                while front < back or pending:
                    for future in [f for f in pending if f.done()]:
                        parsed = _unspooled(future.result(), spool)
                        yield from _finished(root, chunks[pending.pop(future)], parsed, limits, bar)
                    top_up()
                    if front < back:
                        current.extend(chunks[front])
                        front += 1
                        while current:
                            yield from _read_here(root, [current.popleft()], limits, bar)
                            # A helper's run takes less time than this one: it is topped up
                            # between files, not between runs.
                            top_up()
                    elif pending:
                        # A run a helper has not started yet is read here rather than waited for.
                        waiting = [f for f in pending if f.cancel()]
                        for future in waiting:
                            yield from _read_here(root, chunks[pending.pop(future)], limits, bar)
                        if not waiting:
                            concurrent.futures.wait(
                                pending, return_when=concurrent.futures.FIRST_COMPLETED
                            )
        except (OSError, concurrent.futures.process.BrokenProcessPool):
            # No processes to be had (a sandbox, a full process table), or the helpers died:
            # what they had not handed back is read here.
            pass
    yield from _read_here(root, list(current), limits, bar)
    for index in [*range(front, back), *sorted(pending.values())]:
        yield from _read_here(root, chunks[index], limits, bar)


def _read_here(
    root: Path, chunk: list[_Work], limits: Limits, bar: Progress
) -> Iterator[tuple[int, FileResult]]:
    for index, path, size in chunk:
        result = read_one(root, path, limits)
        bar.advance(size)
        yield index, result


def _finished(
    root: Path,
    chunk: list[_Work],
    parsed: list[FileTables | list[Problem]],
    limits: Limits,
    bar: Progress,
) -> Iterator[tuple[int, FileResult]]:
    for (index, path, size), tables in zip(chunk, parsed, strict=True):
        bar.advance(size)
        yield index, finish_one(root, path, limits, tables)

"""A cache of what each ledger file produced, so that an unchanged file is not parsed again.

Like beancount's, the cache is keyed by each file's path, size and modification time (and its
change time, inode and device, which an editor that restores a modification time cannot keep);
a changed file costs one file's parse. It stores what reading the file gave, records and problems
alike, so that a warm run reports exactly what a cold one does.

Where: each ledger's private folder (`store`); `PREDICTLEDGER_NO_CACHE=1` turns it off.

Format: one file per ledger file: a JSON header line (format, schema fingerprint, version, the
ledger root, the file's key, the SHA-256 of the payload), then the payload, the file's
`FileResult` as plain JSON values. Not pickle: loading a pickle runs whatever code it names, so a
cache file planted by someone else would run as the user. JSON builds only strings, numbers and
lists, and every value is then checked for its type (`codec.decode`). An entry that is truncated,
corrupt, of another format or version, of another ledger or of an older state of the file is
ignored and rewritten, never trusted; so are entries in a folder or file that another user owns
or may write.

A file modified less than `RACY_NS` before it is read is not cached: file systems stamp times
coarsely, and a second edit within the same tick, of the same size, would otherwise look
unchanged (git calls such entries "racily clean").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .._paths import Within, relative
from .._read.file import Limits
from .._read.result import FileResult
from .codec import SCHEMA, decode, encode
from .store import Store, cache_root, is_private

__all__ = ["RACY_NS", "FileCache", "FileKey", "cache_root", "file_key", "is_racy", "read_through"]

FORMAT = "predictledger-cache"
VERSION = 2
"""Bump when the layout of an entry changes; the schema fingerprint covers the records."""

RACY_NS = 2_000_000_000
"""Files modified this recently (in nanoseconds) are read but not cached."""

FileKey = tuple[int, ...]


def file_key(path: Path) -> FileKey | None:
    """What identifies this state of the file, or `None` for anything but a regular file."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def is_racy(key: FileKey) -> bool:
    """True for a file modified too recently to be keyed by its times (see `RACY_NS`)."""
    now = time.time_ns()
    return now - key[1] < RACY_NS or now - key[2] < RACY_NS


class FileCache:
    """The cache entries of one ledger, read and written one file at a time."""

    def __init__(self, store: Store, limits: Limits) -> None:
        self.store = store
        self._limits = [limits.max_file_bytes, limits.max_depth]
        self.hits = 0
        self.writes = 0

    @property
    def folder(self) -> Path:
        return self.store.folder

    @classmethod
    def open(cls, root: Path, limits: Limits, base: Path | None) -> FileCache | None:
        """The cache of the ledger at `root`, or `None` when there is none to use."""
        store = Store.open(root, base)
        return cls(store, limits) if store is not None else None

    def _entry(self, relative: str) -> Path:
        return self.folder / (hashlib.sha256(os.fsencode(relative)).hexdigest()[:40] + ".json")

    def _header(self, relative: str, key: FileKey, digest: str) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "schema": SCHEMA,
            "root": self.store.root,
            "path": relative,
            "key": [*key, *self._limits],
            "sha256": digest,
        }

    def get(self, relative: str, key: FileKey) -> FileResult | None:
        """The cached result of `relative` in the state `key`, or `None`."""
        entry = self._entry(relative)
        try:
            with open(entry, "rb") as handle:
                if not is_private(os.fstat(handle.fileno())):
                    return None
                data = handle.read()
        except OSError:
            return None
        try:
            head, _, payload = data.partition(b"\n")
            header = json.loads(head)
            digest = hashlib.sha256(payload).hexdigest()
            if header != self._header(relative, key, digest):
                return None
            result = decode(json.loads(payload), relative)
        except (ValueError, TypeError, KeyError, RecursionError):
            # FlatError and json's errors are ValueErrors: a damaged entry is rebuilt.
            return None
        self.hits += 1
        return result

    def put(self, relative: str, key: FileKey, result: FileResult | str) -> None:
        """Remember `result` (or its payload, already as JSON) for `relative` in state `key`."""
        if is_racy(key):
            return
        try:
            payload = (
                result
                if isinstance(result, str)
                else json.dumps(encode(result), ensure_ascii=False)
            ).encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: read afresh each time
            return
        header = self._header(relative, key, hashlib.sha256(payload).hexdigest())
        # ASCII: a root whose name is not UTF-8 is written as escapes, never refused.
        data = json.dumps(header).encode("ascii") + b"\n" + payload
        if self.store.write(self.folder, self._entry(relative).name, data):
            self.writes += 1

    def prune(self, relatives: list[str]) -> None:
        """Remove the entries of files that are no longer in the ledger, and stray temporaries."""
        keep = {self._entry(relative).name for relative in relatives}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if (name not in keep and name.endswith(".json")) or name.startswith(".tmp-"):
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)


ReadMany = Callable[[list[tuple[Path, int | None]]], list[FileResult]]
"""Reads files (each a path and its size in bytes, if known) and gives their results in that
order."""


def read_through(
    store: FileCache, root: Path, files: Sequence[Path], read: ReadMany, within: Within
) -> list[FileResult]:
    """The result of each of `files`, from `store` when the file is unchanged, else by `read`
    (and then kept in `store`); entries of files no longer in the ledger are removed."""
    results: list[FileResult | None] = [None] * len(files)
    keys: list[FileKey | None] = []
    todo: list[int] = []
    work: list[tuple[Path, int | None]] = []
    for index, path in enumerate(files):
        key = file_key(path)
        keys.append(key)
        if key is not None and within.holds(path):
            hit = store.get(relative(root, path), key)
            if hit is not None:
                results[index] = hit
                continue
        todo.append(index)
        work.append((path, key[0] if key is not None else None))
    for index, result in zip(todo, read(work), strict=True):
        results[index] = result
        key = keys[index]
        # Kept only if the file did not change while it was read.
        if key is not None and file_key(files[index]) == key:
            store.put(result.path, key, result)
    store.prune([relative(root, path) for path in files])
    return [result for result in results if result is not None]

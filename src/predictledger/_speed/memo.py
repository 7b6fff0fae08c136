"""Rendered scorecards of unchanged ledgers: the same question about the same files, answered
once.

A scorecard depends on the ledger's files, the request (grouping, date, format, colour) and
the code that computes it, and on nothing else. Its text is kept in the ledger's cache folder
under a key made of all three: the path and state (size, times, inode) of every ledger file,
the request, and the state of predictledger's own files. When no file changed, reading,
scoring and rendering are skipped; any change to any file gives another key, and the
scorecard is computed again (the per-file cache still spares parsing the files that did not
change). Files modified in the last two seconds give no key, as the cache does: a second edit
within the same tick of the file system's clock could go unseen.

An entry is trusted as the cache's entries are: owned by the user and writable by no one else,
its checksum right, its key the one asked for; and, since it goes to a terminal as it is, its
text holds no control character but line breaks, tabs and colour codes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from .._paths import find_files, relative
from .._problems import Problem
from .cache import VERSION, file_key, is_racy
from .codec import SCHEMA
from .store import Store, cache_root, is_private

__all__ = ["ScorecardMemo"]

FORMAT = "predictledger-scorecard-memo"
KEEP = 16
"""Rendered scorecards kept per ledger: the latest ones asked for."""

# Colour codes (Select Graphic Rendition) are the only escapes a table holds.
_COLOUR = re.compile("\x1b\\[[0-9;]*m")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ScorecardMemo:
    """The rendered scorecards of one ledger."""

    def __init__(self, store: Store, root: Path) -> None:
        self._store = store
        self._root = root
        self._folder = store.folder / "scorecards"

    @classmethod
    def open(cls, root: Path) -> ScorecardMemo | None:
        """The memo of the ledger at `root`, or `None` when caching is off."""
        store = Store.open(root, cache_root())
        return cls(store, root) if store is not None else None

    def key(self, request: Mapping[str, object]) -> str | None:
        """The key of `request` on the ledger as its files are now, or `None` when a file is
        too freshly modified (or not a regular file) to be keyed."""
        files = []
        unlisted: list[Problem] = []
        found = find_files(self._root, unlisted)
        if unlisted:  # a folder that cannot be listed: the reading must report it
            return None
        for path in found:
            state = file_key(path)
            if state is None or is_racy(state):
                return None
            files.append([relative(self._root, path), *state])
        described = {
            "format": FORMAT,
            "code": _code_state(),
            "root": str(self._root.resolve()),
            "files": files,
            "request": dict(request),
        }
        # ASCII: a root whose name is not UTF-8 is written as escapes, never refused.
        text = json.dumps(described, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    def get(self, key: str) -> str | None:
        """The text kept for `key`, or `None`."""
        try:
            with open(self._folder / f"{key[:40]}.txt", "rb") as handle:
                if not is_private(os.fstat(handle.fileno())):
                    return None
                data = handle.read()
            head, _, payload = data.partition(b"\n")
            header = json.loads(head)
            text = payload.decode("utf-8")
        except (OSError, ValueError):
            return None
        if header != _header(key, payload) or _CONTROL.search(_COLOUR.sub("", text)):
            return None
        return text

    def put(self, key: str, text: str) -> None:
        """Keep `text` for `key`, and only the latest `KEEP` texts."""
        payload = text.encode("utf-8")
        data = json.dumps(_header(key, payload)).encode("utf-8") + b"\n" + payload
        if self._store.write(self._folder, f"{key[:40]}.txt", data):
            self._forget_old()

    def _forget_old(self) -> None:
        try:
            entries = sorted(os.scandir(self._folder), key=_modified, reverse=True)
        except OSError:
            return
        for entry in entries[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _modified(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_mtime_ns
    except OSError:
        return 0


def _header(key: str, payload: bytes) -> dict[str, str | int]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "key": key,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }


@lru_cache(maxsize=1)
def _code_state() -> list[object]:
    """What identifies the code that computes a scorecard: the cache's version, the records'
    fields, and the state of every file of the package (so an upgrade or an edit of the
    code is a new key)."""
    package = Path(__file__).resolve().parent.parent
    files: list[object] = [VERSION, SCHEMA]
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            with contextlib.suppress(OSError):
                info = os.stat(os.path.join(folder, name))
                files.append(
                    [
                        os.path.relpath(os.path.join(folder, name), package),
                        info.st_size,
                        info.st_mtime_ns,
                    ]
                )
    return files

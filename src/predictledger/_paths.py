"""Whether a path lies inside the ledger root once symbolic links are resolved.

Ledger files and source texts must both stay inside the root. Resolving every path costs a
system call per part of it; the thousands of files of a large ledger sit in a few folders, so
while `folders_remembered` is active each folder is resolved once.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path

__all__ = ["folders_remembered", "inside"]

_folders: dict[Path, Path] | None = None


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except RuntimeError as error:  # a loop of links: Python 3.11 raises this, not OSError
        raise OSError(errno.ELOOP, "a loop of symbolic links", str(path)) from error


def _resolved(folder: Path) -> Path:
    if _folders is None:
        return _resolve(folder)
    found = _folders.get(folder)
    if found is None:
        found = _folders[folder] = _resolve(folder)
    return found


def inside(root: Path, path: Path) -> bool:
    """True when `path` lies inside `root` once links are resolved (a link as the last part of
    `path` is resolved too). Raises `OSError` when the path cannot be resolved."""
    if path.is_symlink() or path.name in ("", ".", ".."):
        where = _resolve(path)
    else:
        where = _resolved(path.parent) / path.name
    return where.is_relative_to(_resolved(root))


@contextlib.contextmanager
def folders_remembered() -> Iterator[None]:
    """Resolve each folder once until the block ends (a ledger's files do not move while it
    is read); outside such a block, every path is resolved afresh."""
    global _folders
    outer = _folders
    _folders = {} if outer is None else outer
    try:
        yield
    finally:
        _folders = outer

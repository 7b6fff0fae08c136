"""The private folder where one ledger's cache entries and remembered scorecards are kept.

Where: `$PREDICTLEDGER_CACHE_DIR`, else `$XDG_CACHE_HOME/predictledger`, else
`~/.cache/predictledger`, one folder per ledger root, never inside the ledger;
`PREDICTLEDGER_NO_CACHE=1` turns it off. A folder or entry that another user owns or may write
is never used (`is_private`). Entries are written whole or not at all. Folders of ledgers that
no longer exist are swept once there are more than `SWEEP_ABOVE`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = ["ROOT_FILE", "SWEEP_ABOVE", "Store", "cache_root", "is_private"]

ROOT_FILE = "root.txt"
"""In each ledger's folder: the ledger root it serves, so that a sweep can tell it is gone."""

SWEEP_ABOVE = 32
"""Ledger folders beyond which a new one triggers a sweep of those whose ledger is gone."""

_NAMING = "predictledger-cache"
"""Mixed into the name of each ledger's folder."""


def cache_root(environ: dict[str, str] | None = None) -> Path | None:
    """The folder that holds every ledger's folder, or `None` when caching is turned off."""
    env = os.environ if environ is None else environ
    if env.get("PREDICTLEDGER_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if env.get("PREDICTLEDGER_CACHE_DIR"):
        return Path(env["PREDICTLEDGER_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "predictledger"
    home = env.get("HOME") or os.path.expanduser("~")
    if not home or home == "~":
        return None
    return Path(home) / ".cache" / "predictledger"


def is_private(info: os.stat_result) -> bool:
    """True for a file or folder this user owns and no one else may write."""
    # Owned by this user and writable by nobody else; meaningless where there are no uids.
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class Store:
    """The folder of one ledger, made at the first write."""

    def __init__(self, folder: Path, root: str) -> None:
        self.folder = folder
        self.root = root
        """The ledger root, resolved."""

    @classmethod
    def open(cls, root: Path, base: Path | None) -> Store | None:
        """The folder of the ledger at `root` under `base`, or `None` when there is none to
        use (no `base`, or a folder someone else may write)."""
        if base is None:
            return None
        resolved = str(root.resolve())
        # fsencode: a folder name that is not UTF-8 is hashed by its bytes, never refused.
        name = hashlib.sha256(os.fsencode(f"{_NAMING}\0{resolved}")).hexdigest()[:32]
        folder = base / name
        try:
            if not is_private(os.stat(folder)):
                return None
        except FileNotFoundError:
            pass  # made at the first write: a ledger read only once leaves nothing behind
        except OSError:
            return None
        return cls(folder, resolved)

    def write(self, folder: Path, name: str, data: bytes) -> bool:
        """Put `data` in `folder / name` (`folder` is this one or one inside it), whole or not
        at all; False when it cannot be written, which only makes a later run slower."""
        try:
            if not self.folder.is_dir():
                self._make_folder()
            if not folder.is_dir():
                folder.mkdir(mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, folder / name)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return False
        return True

    def _make_folder(self) -> None:
        self.folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.folder.mkdir(mode=0o700, exist_ok=True)
        # Never through a link planted in its place (O_NOFOLLOW): the folder is private, and
        # this keeps it so.
        fd = os.open(
            self.folder / ROOT_FILE,
            # Windows has neither flag (nor symbolic links a user may plant there).
            os.O_WRONLY
            | os.O_CREAT
            | os.O_TRUNC
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_CLOEXEC", 0),
            0o600,
        )
        with os.fdopen(fd, "wb") as file:
            file.write(os.fsencode(self.root))
        _sweep(self.folder.parent)


def _sweep(base: Path) -> None:
    """Remove the folders of ledgers that no longer exist (temporary ones, moved ones)."""
    try:
        folders = [entry for entry in os.scandir(base) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    if len(folders) <= SWEEP_ABOVE:
        return
    for entry in folders:
        try:
            root = os.fsdecode(Path(entry.path, ROOT_FILE).read_bytes())
        except OSError:
            continue  # not one of ours, or being made: leave it
        if root and not os.path.isdir(root):
            shutil.rmtree(entry.path, ignore_errors=True)

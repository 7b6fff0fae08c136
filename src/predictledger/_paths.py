"""The ledger's layout, and which paths may be read or written.

A ledger is a folder (the root) holding `predictions/`, whose `*.toml` files are the ledger,
and the source texts the sources name (under `seeds/` by convention). Every path the ledger
names, and every file found in it, must stay inside the root once symbolic links are resolved:
`Within` answers that, resolving each folder once for the life of the object (a ledger's files
do not move while it is read). `ledger_file` and `readable_text` return a path, or the reason
it is refused, as a sentence that follows the name.

`find_ledger` is how every command and `load()` find the ledger: the path given, else the
`PREDICTLEDGER_LEDGER` environment variable, else the nearest folder from the current one
upward that holds `predictions/` (as git finds its repository).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ._problems import Problem
from ._text import terminal_safe
from .errors import LedgerError, LedgerNotFoundError

__all__ = [
    "LEDGER_VARIABLE",
    "PREDICTIONS_DIR",
    "Within",
    "find_files",
    "find_ledger",
    "inside",
    "ledger_file",
    "readable_text",
    "relative",
    "resolve_root",
]

PREDICTIONS_DIR = "predictions"


def resolve_root(path: str | os.PathLike[str]) -> Path:
    """The ledger root for `path`: the folder holding `predictions/`, or its parent."""
    candidate = Path(path)
    if _is_ledger(candidate):
        return candidate
    if candidate.name == PREDICTIONS_DIR and _is_ledger(candidate.parent):
        return candidate.parent
    raise LedgerError(
        [
            Problem(
                path=str(candidate),
                line=0,
                message=f"no {PREDICTIONS_DIR}/ folder here: give the ledger root, "
                f"the folder that holds {PREDICTIONS_DIR}/ and seeds/",
            )
        ]
    )


LEDGER_VARIABLE = "PREDICTLEDGER_LEDGER"
"""The environment variable naming the ledger when no path is given."""

_HOW = f"give it with -f PATH, or set {LEDGER_VARIABLE}"


def _is_ledger(folder: Path) -> bool:
    try:
        return (folder / PREDICTIONS_DIR).is_dir()
    except OSError:  # a name too long, a folder that cannot be searched
        return False


def find_ledger(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    start: Path | None = None,
) -> Path:
    """The ledger root: `path` when given (the root, or its `predictions/` folder), else the
    folder `PREDICTLEDGER_LEDGER` names, else the nearest folder from `start` (the current
    folder) upward that holds `predictions/`.

    Raises `LedgerNotFoundError` (a `RequestError`), one line saying what was looked at.
    """
    if path is not None:
        return _root_or_refuse(path, "")
    named = (os.environ if environ is None else environ).get(LEDGER_VARIABLE, "")
    if named:
        return _root_or_refuse(named, f" (from {LEDGER_VARIABLE})")
    try:
        here = Path.cwd() if start is None else start
    except OSError as error:  # the current folder was removed
        raise LedgerNotFoundError(
            f"cannot tell where the ledger is: the current folder cannot be read "
            f"({error.strerror or error}); {_HOW}"
        ) from None
    here = here.absolute()
    for folder in (here, *here.parents):
        if _is_ledger(folder):
            return folder
    raise LedgerNotFoundError(
        f"no ledger found: neither {terminal_safe(str(here))} nor any folder above it holds a "
        f"{PREDICTIONS_DIR}/ folder; {_HOW}"
    )


def _root_or_refuse(path: str | os.PathLike[str], named: str) -> Path:
    try:
        return resolve_root(path)
    except LedgerError as error:
        raise LedgerNotFoundError(str(error.problems[0]) + named) from None


def find_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every `*.toml` file under `root/predictions`, in sorted order.

    A folder that cannot be listed, and a folder that is a symbolic link (which is not
    followed), is added to `problems` (when given) as a problem naming it: what cannot be read
    is never skipped in silence.
    """
    found: list[tuple[str, str]] = []
    top = root / PREDICTIONS_DIR

    def refuse(folder: str, message: str) -> None:
        if problems is not None:
            name = relative(root, Path(folder)) + "/"
            problems.append(Problem(path=name, line=0, message=message))

    # A walk of our own: `Path.rglob` (Python 3.11) skips a folder it cannot list in silence.
    # Strings, not `Path`s, until the end: a large ledger has tens of thousands of files.
    pending = [str(top)]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            refuse(
                folder,
                f"cannot be listed: {error.strerror or error}; its ledger files are left out "
                "(give the folder read and search permission)",
            )
            continue
        for entry in listed:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    if entry.name.endswith(".toml"):
                        found.append((entry.path, entry.path))  # refused by the reader
                elif entry.name.endswith(".toml"):
                    found.append((entry.path, entry.path))
                elif entry.is_symlink() and os.path.isdir(entry.path):
                    refuse(
                        entry.path,
                        "is a symbolic link to a folder, which is not followed; ledger files "
                        "must be regular files inside the ledger root (move the folder here)",
                    )
            except OSError as error:
                refuse(entry.path, f"cannot be examined: {error.strerror or error}")
    # Every path starts with the same folder: sorting the whole strings sorts them as their
    # names relative to the root, in the ledger's order of files.
    if os.sep != "/":
        found = [(path.replace(os.sep, "/"), path) for _, path in found]
    found.sort()
    return [Path(path) for _, path in found]


def relative(root: Path, path: Path) -> str:
    """`path` relative to `root`, as the ledger names its files; as given when outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except RuntimeError as error:  # a loop of links: Python 3.11 raises this, not OSError
        raise OSError(errno.ELOOP, "a loop of symbolic links", str(path)) from error


class Within:
    """Whether paths lie inside one root once links are resolved, each folder resolved once.

    Resolving a path costs a system call per part of it; the thousands of files of a large
    ledger sit in a few folders. Make one for one reading: a folder turned into a link later
    is seen by the next.
    """

    __slots__ = ("_folders", "root")

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[Path, Path] = {}

    def _resolved(self, folder: Path) -> Path:
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = _resolve(folder)
        return found

    def __call__(self, path: Path) -> bool:
        """True when `path` lies inside the root (a link as its last part is resolved too).
        Raises `OSError` when the path cannot be resolved."""
        if path.is_symlink() or path.name in ("", ".", ".."):
            where = _resolve(path)
        else:
            where = self._resolved(path.parent) / path.name
        return where.is_relative_to(self._resolved(self.root))

    def holds(self, path: Path) -> bool:
        """`self(path)`, false when the path cannot be resolved (callers refuse a link as the
        last part on their own)."""
        try:
            return self(path)
        except OSError:
            return False


def inside(root: Path, path: Path) -> bool:
    """True when `path` lies inside `root` once links are resolved; false when it does not
    or cannot be resolved."""
    return Within(root).holds(path)


def ledger_file(root: Path, relative_path: str) -> Path | str:
    """The ledger file `relative_path` (relative to `root`) names, if records may be appended
    to it; else why it is refused."""
    posix = PurePosixPath(relative_path.replace("\\", "/"))
    if (
        posix.is_absolute()
        or ".." in posix.parts
        or len(posix.parts) < 2
        or posix.parts[0] != PREDICTIONS_DIR
        or posix.suffix != ".toml"
        or posix.name.startswith(".")
    ):
        return (
            f"cannot append here: give a .toml file under {PREDICTIONS_DIR}/, relative to the "
            f"ledger root, e.g. {PREDICTIONS_DIR}/outcomes/<source-id>.toml"
        )
    name = posix.as_posix()
    current = root
    for part in posix.parts:
        current = current / part
        if current.is_symlink():
            return (
                f"cannot append: {current.relative_to(root).as_posix()} is a symbolic link; "
                "ledger files must be regular files inside the ledger root"
            )
    path = root / name
    if path.exists() and not path.is_file():
        return "cannot append: it exists and is not a regular file"
    return path


def readable_text(root: Path, name: str, within: Within | None = None) -> Path | str:
    """The path of the source text `name` (relative to `root`), or why it may not be read."""
    if not name.strip():
        return "is empty"
    if terminal_safe(name) != name:
        return "holds a control or invisible character; give a plain relative path"
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or (len(name) > 1 and name[1] == ":") or name.startswith("~"):
        return "is an absolute path; give a path relative to the ledger root"
    if ".." in pure.parts:
        return "leaves the ledger root through '..'; keep source texts under seeds/"
    path = root.joinpath(*pure.parts)
    try:
        if not (within or Within(root))(path):
            return (
                "resolves outside the ledger root (through a symbolic link); keep source "
                "texts inside it"
            )
    except OSError as error:
        return f"cannot be resolved: {error.strerror or error}"
    try:
        is_file = path.is_file()
    except OSError as error:  # a name too long for the file system, for one
        return f"cannot be read: {error.strerror or error}"
    if not is_file:
        return "names no file; copy the source's full text there"
    return path

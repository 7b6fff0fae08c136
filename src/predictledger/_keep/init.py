"""Starting a ledger: `predictledger init [PATH]` makes a new, valid, empty ledger.

The ledger is made in a folder that does not exist yet, or is empty: its `predictions/` folder
(with `sources/` and `outcomes/`), the authors and sectors registries, and the `seeds/` folder
for source texts. Each file starts with a short commented header saying what belongs in it and
where the format is described. The whole tree is built in a sibling folder and moved into place
in one rename, so an interrupted `init` leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .._paths import PREDICTIONS_DIR
from ..errors import RequestError

__all__ = ["FILES", "FOLDERS", "init_ledger"]

_FORMAT = (
    "# The format: `predictledger --help`, the JSON Schema shipped in the package\n"
    "# (predictledger/data/ledger.schema.json), and docs/format.md in the project.\n"
)

FOLDERS = (
    PREDICTIONS_DIR,
    f"{PREDICTIONS_DIR}/sources",
    f"{PREDICTIONS_DIR}/outcomes",
    "seeds",
)
"""The folders of a new ledger, relative to its root."""

FILES = {
    f"{PREDICTIONS_DIR}/authors.toml": (
        "# The people whose claims this ledger tracks: one [[author]] table each, with an id,\n"
        "# a name, and optionally an affiliation and aliases.\n"
        "# Add one with `predictledger author add ID --name NAME`.\n" + _FORMAT
    ),
    f"{PREDICTIONS_DIR}/sectors.toml": (
        "# The fields claims are about: one [[sector]] table each, with an id, a name, and\n"
        "# optionally a description.\n"
        "# Add one with `predictledger sector add ID --name NAME`.\n" + _FORMAT
    ),
    "seeds/README.txt": (
        "The texts of the ledger's sources, one file each, kept exactly as published.\n"
        "`predictledger source add ARTICLE` stores an article here and appends its [source]\n"
        "table to predictions/sources/; each prediction's quote must stand verbatim in it.\n"
    ),
}
"""The files of a new ledger, relative to its root, and their text."""


def init_ledger(path: str | os.PathLike[str]) -> Path:
    """Make a new, empty ledger at `path` and return its root.

    Refuses (`RequestError`, nothing written) a path that is a file, a folder that already
    holds a ledger or any other file, and a folder that cannot be written.
    """
    root = Path(path)
    _refuse_unless_empty(root)
    parent = root.absolute().parent
    if not parent.is_dir():
        raise RequestError(f"{root}: its folder {parent} does not exist; create it first")
    try:
        building = Path(tempfile.mkdtemp(prefix=f".{root.absolute().name}.", dir=parent))
    except OSError as error:
        raise RequestError(
            f"{root}: cannot write in {parent} ({error.strerror or error})"
        ) from None
    try:
        for folder in FOLDERS:
            (building / folder).mkdir(parents=True, exist_ok=True)
        for name, text in FILES.items():
            (building / name).write_text(text, encoding="utf-8", newline="\n")
        building.chmod(0o777 & ~_umask())
        _refuse_unless_empty(root)
        if root.is_dir():
            # An empty folder (perhaps the current one) stays: what was built moves into it,
            # and is taken out again if a move fails.
            moved: list[Path] = []
            try:
                for entry in sorted(building.iterdir()):
                    entry.rename(root / entry.name)
                    moved.append(root / entry.name)
            except OSError:
                for entry in moved:
                    with contextlib.suppress(OSError):
                        shutil.rmtree(entry)
                raise
        else:
            building.rename(root)  # the whole ledger appears in one step
    except OSError as error:
        raise RequestError(f"{root}: cannot make the ledger ({error.strerror or error})") from None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(building)
    return root


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _refuse_unless_empty(root: Path) -> None:
    try:
        if not root.exists() and not root.is_symlink():
            return
        if not root.is_dir():
            raise RequestError(f"{root} is a file, not a folder; give a new or empty folder")
        entries = sorted(entry.name for entry in os.scandir(root))
    except OSError as error:
        raise RequestError(f"{root}: cannot be read ({error.strerror or error})") from None
    if PREDICTIONS_DIR in entries:
        raise RequestError(f"{root} already holds a ledger ({PREDICTIONS_DIR}/)")
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise RequestError(f"{root} is not empty (it holds {shown}); give a new or empty folder")

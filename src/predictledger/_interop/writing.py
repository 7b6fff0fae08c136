"""The one place this package writes to a ledger: every append of an import goes through
`append_to_file`, and every source text it adds through `write_text`.

The ledger's writer is being reworked; when its signatures change, this module is the only one
to follow them.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from .._records import Author, Outcome, Prediction, Sector, Source

__all__ = ["Record", "append_to_file", "ledger_lock", "render", "write_text"]

Record = Author | Sector | Prediction | Outcome


def ledger_lock(root: Path) -> AbstractContextManager[object]:
    """The ledger's lock, held around an import's reading, checking and appends."""
    from .._write.lock import ledger_lock as lock

    return lock(root)


def render(records: Sequence[Record], *, source: Source | None = None) -> str:
    """The TOML text an append of `records` (after `source`, for a new file) adds."""
    from .._write.render import render_records

    return render_records(records, source=source)


def append_to_file(
    root: Path, target: str, records: Sequence[Record], *, source: Source | None = None
) -> None:
    """Append `records` (and `source`, starting a new file) to the ledger file `target`,
    through the ledger's normal append path: checked, atomic, under the lock, or not at all."""
    from .._write.append import append_records

    append_records(root, target, records, source=source)


def write_text(root: Path, relative: str, text: str) -> None:
    """Write a source text (under `seeds/`) atomically, creating its folder."""
    from .._write.atomic import write_atomic

    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), name=relative)

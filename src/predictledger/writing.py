"""Appending records to a ledger the way `add` and `resolve` do: render, prepare, commit.

An append is prepared against a reading of the ledger (`predictledger.read_ledger`) taken under
the ledger's lock, checked as the ledger would be read afterwards, and committed atomically::

    with ledger_lock(root):
        reading = read_ledger(root)
        append = prepare_append(reading, "predictions/outcomes/x.toml", [outcome])
        commit(append)

`append_records` does the four steps in one call.
"""

from __future__ import annotations

from ._write.append import Append, append_records, commit, prepare_append
from ._write.atomic import write_atomic
from ._write.lock import ledger_lock
from ._write.render import render_records

__all__ = [
    "Append",
    "append_records",
    "commit",
    "ledger_lock",
    "prepare_append",
    "render_records",
    "write_atomic",
]

"""Adding to the registries: `predictledger author add` and `predictledger sector add`.

An author or a sector is appended, as one `[[author]]` or `[[sector]]` table, to the file that
already holds the ledger's authors (or sectors), else to `predictions/authors.toml` (or
`sectors.toml`), through the same locked, checked, atomic append as every other record: the
file's text is never re-serialised, and an id already taken is refused with nothing written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from attrs import frozen

from .._ledger import Ledger
from .._paths import PREDICTIONS_DIR, find_ledger
from .._records import Author, Sector
from .._text import slug_problem
from .._write.append import Append, commit, prepare_append
from ..errors import RequestError
from .locked import locked_reading

__all__ = ["Registered", "add_author", "add_sector", "registry_file"]


@frozen(kw_only=True)
class Registered:
    """A new author or sector and where it went (or, in a dry run, would go)."""

    record: Author | Sector
    append: Append
    written: bool


def registry_file(ledger: Ledger, kind: type[Author] | type[Sector]) -> str:
    """The file new records of `kind` go to: the one holding the last of them, else the
    registry a new ledger has (`predictions/authors.toml`, `predictions/sectors.toml`)."""
    records: Sequence[Author | Sector] = ledger.authors if kind is Author else ledger.sectors
    for record in reversed(records):
        if record.origin is not None:
            return record.origin.path
    name = "authors" if kind is Author else "sectors"
    return f"{PREDICTIONS_DIR}/{name}.toml"


def _check_new(ledger: Ledger, kind: str, record_id: str, name: str) -> None:
    problem = slug_problem(record_id)
    if problem is not None:
        raise RequestError(f"{kind} id '{record_id}' {problem}")
    if not name.strip():
        raise RequestError(f"give the {kind}'s name with --name")
    taken = {r.id for r in (ledger.authors if kind == "author" else ledger.sectors)}
    if record_id in taken:
        raise RequestError(f"{kind} '{record_id}' is already in the ledger; give another id")


def _add(
    path: str | os.PathLike[str] | None,
    kind: str,
    make: type[Author] | type[Sector],
    record_id: str,
    name: str,
    fields: dict[str, object],
    dry_run: bool,
) -> Registered:
    root = find_ledger(path)
    with locked_reading(root, dry_run=dry_run) as reading:
        ledger = reading.ledger
        _check_new(ledger, kind, record_id, name)
        record = make(id=record_id, name=name, **fields)  # type: ignore[arg-type]
        append = prepare_append(reading, registry_file(ledger, make), [record])
        if not dry_run:
            commit(append)
    return Registered(record=record, append=append, written=not dry_run)


def add_author(
    path: str | os.PathLike[str] | None,
    author_id: str,
    *,
    name: str,
    affiliation: str | None = None,
    aliases: Sequence[str] = (),
    dry_run: bool = False,
) -> Registered:
    """Append one `[[author]]` to the ledger at `path` (found if `None`).

    Raises `RequestError` for an id that is not a slug or is taken, or an empty name, and
    `LedgerError` when the ledger cannot be read or the append would bring in a problem;
    nothing is written then.
    """
    fields: dict[str, object] = {"affiliation": affiliation, "aliases": tuple(aliases)}
    return _add(path, "author", Author, author_id, name, fields, dry_run)


def add_sector(
    path: str | os.PathLike[str] | None,
    sector_id: str,
    *,
    name: str,
    description: str | None = None,
    dry_run: bool = False,
) -> Registered:
    """Append one `[[sector]]` to the ledger at `path` (found if `None`); see `add_author`."""
    return _add(path, "sector", Sector, sector_id, name, {"description": description}, dry_run)

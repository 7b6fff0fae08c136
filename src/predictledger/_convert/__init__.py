"""Structuring TOML tables into records, and records back into tables.

`structure_record` is the one way a reader turns a table into a record. It tries the generated
fast pass (`fast`) first and, when that declines, the strict converter (`strict`), which either
structures the table or raises cattrs' validation errors, read with `field_errors`. As with
cattrs' `detailed_validation`, the choice is this package's business: the result is the strict
converter's in every case, only sooner for tables that are plainly right.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from .._records import Location
from .fast import fast_structure
from .strict import FieldError, field_errors, structure, to_table

__all__ = ["FieldError", "field_errors", "structure", "structure_record", "to_table"]

T = TypeVar("T")


def structure_record(table: Any, kind: type[T], origin: Location | None) -> T:
    """The record of type `kind` that `table` describes, read from `origin`.

    Raises what the strict converter raises for a table it refuses (pass the error to
    `field_errors` for one `FieldError` per wrong field).
    """
    record = fast_structure(table, kind, origin)
    if record is not None:
        return record
    record = structure(table, kind)
    if origin is None:
        return record
    # Only tables the fast pass is unsure of come here, text not in NFC for one: rare enough
    # that the copy costs nothing that shows.
    changed: T = attrs.evolve(record, origin=origin)  # type: ignore[misc]
    return changed

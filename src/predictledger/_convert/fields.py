"""The fields of a record type as everything that walks them sees them: computed once per type.

`record_fields(kind)` lists, in declaration order, the fields a record is structured from: every
attrs field except `origin`, which says where the record was read and is given to the
constructor by the reader, never taken from a table. `file_fields(kind)` narrows these to the
fields a ledger file may hold. The fast structuring, the cache codec, the JSON Schema and the
strict converter all take these two lists from here, so that which fields are data and what
`X | None` means are decided in one place.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

import attrs

from .._records import Prediction

__all__ = ["ORIGIN", "FieldSpec", "file_fields", "has_origin", "optional_inner", "record_fields"]

ORIGIN = "origin"
"""The bookkeeping field of the record kinds: where the record was read from."""

# What a prediction takes from the [source] of its file (the reader fills it in before
# structuring): its `source` always, so a file never names it, and its `made_on` when the table
# leaves it out.
_NEVER_IN_FILES: Mapping[type, frozenset[str]] = {Prediction: frozenset({"source"})}
_OPTIONAL_IN_FILES: Mapping[type, frozenset[str]] = {Prediction: frozenset({"made_on"})}


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One field of a record type."""

    name: str
    hint: Any
    """The resolved type hint, as declared."""
    inner: Any
    """The hint without its `| None`: what a value present in a table must be (TOML has no
    null, so a present value of an optional field is never `None`)."""
    optional: bool
    """Whether the hint is `X | None`."""
    default: Any
    """The attrs default: `attrs.NOTHING` when a table handed to the converter must give it."""
    in_files: bool
    """Whether a ledger file may hold this field."""
    required_in_files: bool
    """Whether every table of a ledger file must give this field."""


def optional_inner(hint: Any) -> Any | None:
    """X for a hint `X | None` (or `Optional[X]`), else None."""
    if typing.get_origin(hint) not in (Union, types.UnionType):
        return None
    args = typing.get_args(hint)
    rest = [arg for arg in args if arg is not type(None)]
    return rest[0] if len(rest) == 1 and len(args) == 2 else None


def has_origin(kind: type) -> bool:
    """Whether records of `kind` carry the `origin` bookkeeping field."""
    return ORIGIN in attrs.fields_dict(kind)


@functools.cache
def record_fields(kind: type) -> tuple[FieldSpec, ...]:
    """The fields a record of `kind` is structured from, in declaration order (no `origin`)."""
    hints = typing.get_type_hints(kind)
    never = _NEVER_IN_FILES.get(kind, frozenset())
    optional_in_files = _OPTIONAL_IN_FILES.get(kind, frozenset())
    specs = []
    for field in attrs.fields(kind):
        if field.name == ORIGIN:
            continue
        hint = hints[field.name]
        inner = optional_inner(hint)
        specs.append(
            FieldSpec(
                name=field.name,
                hint=hint,
                inner=hint if inner is None else inner,
                optional=inner is not None,
                default=field.default,
                in_files=field.name not in never,
                required_in_files=field.default is attrs.NOTHING
                and field.name not in optional_in_files,
            )
        )
    return tuple(specs)


@functools.cache
def file_fields(kind: type) -> tuple[FieldSpec, ...]:
    """The fields a table of `kind` in a ledger file may hold, in declaration order."""
    return tuple(spec for spec in record_fields(kind) if spec.in_files)

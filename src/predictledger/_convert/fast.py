"""A first, fast pass at turning TOML tables into records, for tables that are plainly right.

The strict converter (`strict`) checks every field with detailed validation so that a wrong
table yields one precise problem per wrong field. Almost every table of a ledger is right, and
for those the checks can be done inline: this module generates, for each record type, one
function that tests each value's exact type and returns the record, or `None` at the first thing
it is not sure of (a missing or unknown key, a value of another type, text not in NFC, a date
the calendar refuses). The caller then asks the strict converter, which structures the table or
reports exactly what is wrong. So the fast pass never decides what is an error; whenever it
returns a record, the strict converter would have returned an equal one (tested property).
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from .._records import Dating, Location, PartialDate
from .codegen import compile_generated
from .fields import ORIGIN, has_origin, record_fields
from .strict import MOMENT, partial_date

__all__ = ["fast_structure"]

T = TypeVar("T")

_Build = Callable[..., Any]
_BUILDERS: dict[type, _Build] = {}
_ABSENT = object()
"""What a generated builder reads for a key the table does not have."""


def fast_structure(table: Any, kind: type[T], origin: Location | None = None) -> T | None:
    """The record of type `kind` that `table` plainly describes, read from `origin`, or `None`
    to ask the strict converter."""
    build = _BUILDERS.get(kind)
    if build is None:
        build = _builder(kind)
    result: T | None = build(table, origin)
    return result


def _partial_date(value: Any) -> PartialDate | None:
    try:
        return partial_date(value)
    except (TypeError, ValueError):
        return None


def _dating(value: Any) -> Dating | None:
    if type(value) is Dating:
        return value
    if type(value) is dict:
        return None  # a range: the strict converter reads it and says what is wrong
    partial = _partial_date(value)
    return None if partial is None else Dating.of(partial)


def _str_tuple(value: Any) -> tuple[str, ...] | None:
    if type(value) is not list:
        return None
    for item in value:
        if type(item) is not str or not unicodedata.is_normalized("NFC", item):
            return None
    return tuple(value)


def _float_tuple(value: Any) -> tuple[float, ...] | None:
    if type(value) is not list:
        return None
    for item in value:
        if type(item) is not float:
            return None  # an integer or anything else: the strict converter decides
    return tuple(value)


def _moment(value: Any) -> dt.date | dt.datetime | None:
    return value if type(value) in (dt.date, dt.datetime) else None


def _tuple_of(build: _Build) -> _Build:
    def structure(value: Any) -> tuple[Any, ...] | None:
        if type(value) is not list:
            return None
        items = []
        for item in value:
            built = build(item)
            if built is None:
                return None
            items.append(built)
        return tuple(items)

    return structure


def _enum_of(kind: type[enum.Enum]) -> _Build:
    members = {member.value: member for member in kind}

    def structure(value: Any) -> Any:
        return members.get(value) if type(value) is str else None

    return structure


def _converter_for(hint: Any) -> _Build:
    """A function value → structured value (or None), for hints that are not plain types."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is PartialDate:
        return _partial_date
    if hint is Dating:
        return _dating
    if origin is tuple and args == (str, ...):
        return _str_tuple
    if origin is tuple and args == (float, ...):
        return _float_tuple
    if hint == MOMENT:
        return _moment
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0]):
        return _tuple_of(_builder(args[0]))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_of(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return _builder(hint)
    raise TypeError(f"no fast structuring for {hint!r}")


def _builder(kind: type) -> _Build:
    if kind not in _BUILDERS:
        _BUILDERS[kind] = _make_builder(kind)
    return _BUILDERS[kind]


def _make_builder(kind: type) -> _Build:
    fields = record_fields(kind)
    namespace: dict[str, Any] = {
        "kind": kind,
        "ABSENT": _ABSENT,
        "is_normalized": unicodedata.is_normalized,
        "known": frozenset(field.name for field in fields),
        "date": dt.date,
        "EXACT": 2**53,
    }
    lines = [
        "def build(table, origin=None):",
        "    if type(table) is not dict or not table.keys() <= known:",
        "        return None",
    ]
    # Each value goes to its own local and the record is built by one call naming them all, a
    # field left out passing its default: no dictionary of keyword arguments is built.
    for index, field in enumerate(fields):
        # TOML has no null, so a value present for `X | None` is an X; None itself falls
        # through to the strict converter, as every value not of the expected type does.
        hint = field.inner
        value = f"v{index}"
        lines.append(f"    {value} = table.get({field.name!r}, ABSENT)")
        if field.default is attrs.NOTHING:
            lines += [f"    if {value} is ABSENT:", "        return None"]
            indent = "    "
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                raise TypeError(f"no fast structuring for the factory default of {field.name}")
            namespace[f"default{index}"] = field.default
            lines += [
                f"    if {value} is ABSENT:",
                f"        {value} = default{index}",
                "    else:",
            ]
            indent = "        "
        if hint is str:
            test = f'type({value}) is not str or not is_normalized("NFC", {value})'
        elif hint in (int, bool):
            test = f"type({value}) is not {hint.__name__}"
        elif hint is float:
            # Only integers a float holds exactly; any other (one of 400 digits would raise
            # OverflowError here) is left to the strict converter, which words the problem.
            lines += [
                f"{indent}if type({value}) is int and -EXACT <= {value} <= EXACT:",
                f"{indent}    {value} = float({value})",
            ]
            test = f"type({value}) is not float"
        elif hint is dt.date:
            test = f"type({value}) is not date"
        else:
            namespace[f"convert{index}"] = _converter_for(hint)
            lines.append(f"{indent}{value} = convert{index}({value})")
            test = f"{value} is None"
        lines += [f"{indent}if {test}:", f"{indent}    return None"]
    arguments = [f"{field.name}=v{index}" for index, field in enumerate(fields)]
    if has_origin(kind):
        arguments.append(f"{ORIGIN}=origin")
    lines += [
        "    try:",
        f"        return kind({', '.join(arguments)})",
        "    except (TypeError, ValueError):",
        "        return None",
    ]
    title = f"fast structuring of {kind.__module__}.{kind.__qualname__}"
    build: _Build = compile_generated("\n".join(lines) + "\n", title, namespace)["build"]
    return build

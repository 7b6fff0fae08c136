"""What one ledger file produced, as plain JSON values and back, for the cache.

A file's records and problems become lists of field values in declaration order (dates as ISO
strings, enums as their words, nested records as lists), which `json` writes and reads in C.
The codec is derived from the attrs fields of the records, so a field added to a record changes
it; `SCHEMA` fingerprints those fields so that entries written by another version are never
read.

Decoding trusts nothing: every value is checked for its type (and dates, enums and partial dates
for their form) and anything unexpected raises `FlatError`, so a corrupt or foreign entry is
rebuilt, never turned into a malformed record.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .._convert.codegen import compile_generated
from .._convert.fields import FieldSpec, has_origin, optional_inner, record_fields
from .._convert.strict import MOMENT
from .._problems import Problem
from .._read.result import FileResult
from .._read.structure import FileRecords
from .._records import KINDS, Location
from ..errors import PredictLedgerError

__all__ = ["SCHEMA", "FlatError", "decode", "encode"]


class FlatError(PredictLedgerError, ValueError):
    """A flat value that does not decode to what one ledger file can produce."""


_Encode = Callable[[Any], Any]
_Decode = Callable[..., Any]


def _fail(what: str, value: object) -> Any:
    raise FlatError(f"expected {what}, got {type(value).__name__}")


def _identity(value: Any) -> Any:
    return value


def _plain_decode(kind: type) -> _Decode:
    def decode(value: Any) -> Any:
        # `type(...) is`, not isinstance: True is not an int here, as in the strict converter.
        return value if type(value) is kind else _fail(kind.__name__, value)

    return decode


def _date_decode(value: Any) -> dt.date:
    if type(value) is not str or len(value) != 10:
        return _fail("an ISO date", value)  # type: ignore[no-any-return]
    return dt.date.fromisoformat(value)


def _moment_decode(value: Any) -> dt.date | dt.datetime:
    if type(value) is not str or len(value) < 10:
        return _fail("an ISO date or date-time", value)  # type: ignore[no-any-return]
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value)


def _enum_codec(kind: type[enum.Enum]) -> tuple[_Encode, _Decode]:
    members = {member.value: member for member in kind}

    def decode(value: Any) -> Any:
        member = members.get(value) if type(value) is str else None
        return member if member is not None else _fail(kind.__name__, value)

    return (lambda member: member.value), decode


def _optional(codec: tuple[_Encode, _Decode]) -> tuple[_Encode, _Decode]:
    encode_inner, decode_inner = codec

    def encode(value: Any) -> Any:
        return None if value is None else encode_inner(value)

    def decode(value: Any) -> Any:
        return None if value is None else decode_inner(value)

    return encode, decode


def _tuple_codec(codec: tuple[_Encode, _Decode]) -> tuple[_Encode, _Decode]:
    encode_inner, decode_inner = codec

    def encode(values: Any) -> list[Any]:
        return [encode_inner(value) for value in values]

    def decode(values: Any) -> tuple[Any, ...]:
        if type(values) is not list:
            return _fail("a list", values)  # type: ignore[no-any-return]
        return tuple(decode_inner(value) for value in values)

    return encode, decode


_CODECS: dict[Any, tuple[_Encode, _Decode]] = {}


def _codec(kind: Any) -> tuple[_Encode, _Decode]:
    if kind in _CODECS:
        return _CODECS[kind]
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    codec: tuple[_Encode, _Decode]
    if kind in (str, int, float, bool):
        codec = _identity, _plain_decode(kind)
    elif kind is dt.date:
        codec = (lambda day: day.isoformat()), _date_decode
    elif kind == MOMENT:
        codec = (lambda moment: moment.isoformat()), _moment_decode
    elif optional_inner(kind) is not None:
        codec = _optional(_codec(optional_inner(kind)))
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        codec = _tuple_codec(_codec(args[0]))
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        codec = _enum_codec(kind)
    elif isinstance(kind, type) and attrs.has(kind):
        codec = _record_codec(kind)
    else:
        raise TypeError(f"no flat form for {kind!r}")
    _CODECS[kind] = codec
    return codec


def _fields(kind: type) -> list[tuple[str, Any]]:
    return [(spec.name, spec.hint) for spec in record_fields(kind)]


_PLAIN = (str, int, float, bool)


def _inline(spec: FieldSpec) -> tuple[str, str, str, dict[str, Any]] | None:
    """For a field decoded without a call: (test that refuses a value `_V_`, the expression of
    the decoded value, what is expected, names they use), or None."""
    optional, inner = spec.optional, spec.inner
    names: dict[str, Any]
    if inner is dt.date:
        test, value, what = "type(_V_) is not str or len(_V_) != 10", "fromiso(_V_)", "an ISO date"
        names = {"fromiso": dt.date.fromisoformat}
    elif typing.get_origin(inner) is tuple and typing.get_args(inner) == (str, ...):
        # The types of all items at once, in C: a set of at most one type, str.
        test = "type(_V_) is not list or not set(map(type, _V_)) <= ONLY_STR"
        value, what, names = "tuple(_V_)", "a list of text", {"ONLY_STR": frozenset({str})}
    else:
        return None
    if optional:
        return f"_V_ is not None and ({test})", f"None if _V_ is None else {value}", what, names
    return test, value, what, names


def _record_codec(kind: type) -> tuple[_Encode, _Decode]:
    """An encoder and a decoder for one record type, generated as Python source.

    As attrs and cattrs do: spelled out field by field, with the type checks of plain fields,
    dates, tuples of text and enums inline and the record's origin passed to its constructor,
    decoding a record costs about half what a loop over per-field functions does.
    """
    fields = record_fields(kind)
    namespace: dict[str, Any] = {"kind": kind, "_fail": _fail, "FlatError": FlatError}
    checks, arguments, encoded = [], [], []
    for index, spec in enumerate(fields):
        name, hint, value = spec.name, spec.hint, f"v{index}"
        inline = _inline(spec)
        if spec.inner in _PLAIN:
            kind_name, what = f"T{index}", spec.inner.__name__
            namespace[kind_name] = spec.inner
            test = f"type({value}) is not {kind_name}"
            if spec.optional:
                test = f"{value} is not None and {test}"
            checks.append(f"    if {test}:\n        _fail('{name}: {what}', {value})")
            arguments.append(f"{name}={value}")
            encoded.append(f"record.{name}")
            continue
        encode_field, decode_field = _codec(hint)
        namespace[f"E{index}"], namespace[f"D{index}"] = encode_field, decode_field
        encoded.append(f"E{index}(record.{name})")
        if inline is not None:
            test, decoded, what, names = inline
            namespace.update(names)
            checks.append(
                f"    if {test.replace('_V_', value)}:\n        _fail('{name}: {what}', {value})"
            )
            arguments.append(f"{name}={decoded.replace('_V_', value)}")
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            namespace[f"M{index}"] = {member.value: member for member in hint}
            checks.append(
                f"    m{index} = M{index}.get({value}) if type({value}) is str else None\n"
                f"    if m{index} is None:\n        _fail('{name}: {hint.__name__}', {value})"
            )
            arguments.append(f"{name}=m{index}")
        elif spec.optional:  # the inner decoder, without the wrapper's call
            namespace[f"D{index}"] = _codec(spec.inner)[1]
            arguments.append(f"{name}=None if {value} is None else D{index}({value})")
        else:
            arguments.append(f"{name}=D{index}({value})")
    if has_origin(kind):
        arguments.append("origin=origin")
    unpack = ", ".join(f"v{index}" for index in range(len(fields)))
    source = "\n".join(
        [
            "def encode(record):",
            f"    return [{', '.join(encoded)}]",
            "",
            "def decode(values, origin=None):",
            f"    if type(values) is not list or len(values) != {len(fields)}:",
            f"        _fail('a list of {len(fields)} fields of {kind.__name__}', values)",
            f"    {unpack}, = values",
            *checks,
            "    try:",
            f"        return kind({', '.join(arguments)})",
            "    except (TypeError, ValueError, OverflowError) as error:",
            f"        raise FlatError('{kind.__name__}: ' + str(error)) from None",
        ]
    )
    title = f"flat codec of {kind.__module__}.{kind.__qualname__}"
    compile_generated(source + "\n", title, namespace)
    return namespace["encode"], namespace["decode"]


_KINDS: tuple[tuple[str, type], ...] = tuple((kind.plural, kind.type) for kind in KINDS)
_PROBLEM = _record_codec(Problem)

SCHEMA = hashlib.sha256(
    repr([(kind.__name__, _fields(kind)) for kind in (*(k for _, k in _KINDS), Problem)]).encode()
).hexdigest()[:16]
"""Changes whenever a field of a record or of `Problem` is added, removed, renamed or retyped."""


def _encode_origin(origin: Location | None, path: str) -> Any:
    if origin is None:
        return None
    if origin.path == path and origin.column is None:
        return origin.line  # the common case: the file's own path, stored once
    return [origin.path, origin.line, origin.column]


def _decode_origin(value: Any, path: str) -> Location | None:
    if value is None:
        return None
    if type(value) is int:
        return Location(path=path, line=value)
    if type(value) is list and len(value) == 3:
        where, line, column = value
        if type(where) is str and type(line) is int and (column is None or type(column) is int):
            return Location(path=where, line=line, column=column)
    return _fail("a location", value)  # type: ignore[no-any-return]


def encode(result: FileResult) -> list[Any]:
    """`result` as JSON values."""
    path = result.path
    kinds = []
    for name, kind in _KINDS:
        encode_record = _codec(kind)[0]
        records = getattr(result.records, name)
        kinds.append(
            [[encode_record(record), _encode_origin(record.origin, path)] for record in records]
        )
    return [
        path,
        [_PROBLEM[0](problem) for problem in result.read_problems],
        kinds,
        [_PROBLEM[0](problem) for problem in result.records.problems],
        sorted([kind, record_id] for kind, record_id in result.records.unreadable),
    ]


def _decode_records(kind: type, values: Any, path: str) -> tuple[Any, ...]:
    decode_record = _codec(kind)[1]
    if type(values) is not list:
        return _fail("a list of records", values)  # type: ignore[no-any-return]
    records = []
    for item in values:
        if type(item) is not list or len(item) != 2:
            return _fail("a record and its origin", item)  # type: ignore[no-any-return]
        records.append(decode_record(item[0], _decode_origin(item[1], path)))
    return tuple(records)


def _decode_problems(values: Any) -> tuple[Problem, ...]:
    return _tuple_codec(_PROBLEM)[1](values)  # type: ignore[no-any-return]


def decode(value: Any, path: str) -> FileResult:
    """The `FileResult` of the file `path` from JSON values; `FlatError` for anything else."""
    if type(value) is not list or len(value) != 5 or value[0] != path:
        return _fail(f"the flat result of {path}", value)  # type: ignore[no-any-return]
    _, read_problems, kinds, problems, unreadable = value
    if type(kinds) is not list or len(kinds) != len(_KINDS):
        return _fail("records by kind", kinds)  # type: ignore[no-any-return]
    records = {
        name: _decode_records(kind, values, path)
        for (name, kind), values in zip(_KINDS, kinds, strict=True)
    }
    if type(unreadable) is not list:
        return _fail("a list of ids", unreadable)  # type: ignore[no-any-return]
    pairs: set[tuple[str, str]] = set()
    for item in unreadable:
        if type(item) is not list or len(item) != 2 or not all(type(x) is str for x in item):
            return _fail("a kind and an id", item)  # type: ignore[no-any-return]
        pairs.add((item[0], item[1]))
    return FileResult(
        path=path,
        read_problems=_decode_problems(read_problems),
        records=FileRecords(
            **records, problems=_decode_problems(problems), unreadable=frozenset(pairs)
        ),
    )

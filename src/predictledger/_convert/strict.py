"""The strict cattrs converter that turns TOML tables into records and records back into tables.

It is the reference for what a table means: the fast pass (`fast`) may only return what this
converter would, and declines everything else to it.

It is our own converter, never cattrs' global one, and it is strict where cattrs is lenient by
default: a misspelt field is an error (extra keys are forbidden), and so is a value of the wrong
type — cattrs would quietly turn `id = 123` into "123", `probability = "0.7"` into 0.7 and
`tags = "ab"` into ("a", "b"). Every string is stored in Unicode NFC.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._records import Dating, PartialDate
from .._text import suggest
from ..errors import PredictLedgerError
from .fields import ORIGIN, has_origin, record_fields

__all__ = [
    "FieldError",
    "converter",
    "dating",
    "field_errors",
    "make_converter",
    "partial_date",
    "structure",
    "to_table",
]

T = TypeVar("T")

_TOML_TYPE_NAMES: Mapping[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    list: "an array",
    dict: "a table",
    dt.datetime: "a date-time",
    dt.date: "a date",
    dt.time: "a time",
}


def describe(value: object) -> str:
    """How a TOML value reads to a person: `the string "0.7"`, `an integer (123)`."""
    for kind, name in _TOML_TYPE_NAMES.items():
        if type(value) is kind:
            if kind is str:
                text = str(value)
                shown = text if len(text) <= 40 else text[:37] + "..."
                return f'the string "{shown}"'
            if kind in (list, dict):
                return name
            if kind is int and abs(value) >= 10**15:  # type: ignore[arg-type]
                # Never the digits of a huge integer: a message stays one short line.
                digits = int(value.bit_length() * 0.30103) + 1  # type: ignore[attr-defined]
                return f"an integer of about {digits} digits"
            return f"{name} ({value})"
    return type(value).__name__


class StrictTypeError(PredictLedgerError, TypeError):
    """A TOML value of the wrong type; the message says what to write instead."""


def _expected(what: str, value: object, hint: str = "") -> StrictTypeError:
    return StrictTypeError(f"expected {what}, got {describe(value)}{hint}")


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _expected("a string", value, _quote_hint(value))
    # Most text is already NFC; checking first avoids building a copy of every string.
    if unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _quote_hint(value: object) -> str:
    return "; put text in quotes" if type(value) in (int, float, bool) else ""


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        hint = "; write numbers without quotes" if type(value) is str else ""
        raise _expected("an integer", value, hint)
    return value


def _structure_float(value: object, _: type) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:  # beyond 1.8e308, no float holds it
            raise _expected("a number", value, "; it is too large to be a number") from None
    hint = "; write numbers without quotes" if type(value) is str else ""
    raise _expected("a number", value, hint)


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _expected("true or false", value)
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is dt.date:
        return value
    if type(value) is str and _ISO_DAY.fullmatch(value):
        raise _expected("a date", value, f"; write it without quotes: {value}")
    raise _expected("a date such as 2024-12-31", value)


def _structure_moment(value: object, _: Any) -> dt.date | dt.datetime:
    """A date, or a date-time (with or without its offset): when a price held."""
    if type(value) in (dt.date, dt.datetime):
        return value  # type: ignore[return-value]
    if type(value) is str and _ISO_MOMENT.fullmatch(value):
        raise _expected("a date or a date-time", value, f"; write it without quotes: {value}")
    raise _expected("a date (2024-01-10) or a date-time (2024-01-10T15:00:00Z)", value)


MOMENT = dt.date | dt.datetime
"""The type of a field that holds a day or a moment (`Reference.priced_at`)."""


def _is_moment(kind: Any) -> bool:
    return bool(kind == MOMENT)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:\d{2})?)?")
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def partial_date(value: object) -> PartialDate:
    """A TOML value as a `PartialDate`: a date, or a string naming a month or a year.

    Raises `StrictTypeError` for a value of another form and `ValueError` for a date the
    calendar refuses.
    """
    if type(value) is dt.date:
        return PartialDate.from_date(value)
    if type(value) is str:
        match = _PARTIAL.fullmatch(value)
        if match:
            year, month, day = (int(part) if part else None for part in match.groups())
            assert year is not None
            try:
                return PartialDate(year=year, month=month, day=day)
            except ValueError as error:
                raise ValueError(f"{value!r} is not a calendar date: {error}") from None
    raise _expected('a date (2025-04-03), a month ("2025-04") or a year ("2025")', value)


_RANGE_KEYS = ("earliest", "latest", "reason")


def dating(value: object) -> Dating:
    """A TOML value as a `Dating`: a date, a month or a year as `partial_date` reads them, or
    a table `{ earliest = <date>, latest = <date>, reason = "<why>" }` for a range.

    Raises `StrictTypeError` for a value of another form and `ValueError` for one the calendar
    or the range's rules refuse.
    """
    if type(value) is Dating:
        return value  # what a claim takes from its source's [source] table, already read
    if type(value) is not dict:
        try:
            return Dating.of(partial_date(value))
        except StrictTypeError:
            raise _expected(
                'a date (2025-04-03), a month ("2025-04"), a year ("2025") or a range '
                '{ earliest = 2025-04-03, latest = 2025-04-30, reason = "..." }',
                value,
            ) from None
    unknown = sorted(set(value) - set(_RANGE_KEYS))
    if unknown:
        raise ValueError(
            f"a range has no field '{unknown[0]}'{suggest(unknown[0], _RANGE_KEYS)}; "
            "write earliest, latest and reason"
        )
    missing = [key for key in _RANGE_KEYS if key not in value]
    if missing:
        raise ValueError(f"a range needs {' and '.join(missing)}: earliest, latest and reason")
    earliest = _structure_date(value["earliest"], dt.date)
    latest = _structure_date(value["latest"], dt.date)
    reason = _structure_str(value["reason"], str)
    if not reason.strip():
        raise ValueError("a range needs its reason: say what bounds it")
    try:
        return Dating(earliest=earliest, latest=latest, reason=reason)
    except ValueError as error:
        raise ValueError(f"the range is not valid: {error}") from None


def _structure_dating(value: object, _: type) -> Dating:
    return dating(value)


def _unstructure_dating(value: Dating) -> dt.date | str | dict[str, Any]:
    if value.reason is not None:
        return {"earliest": value.earliest, "latest": value.latest, "reason": value.reason}
    written = value.written
    assert written is not None  # a dating without a reason is a day, a month or a year
    return _unstructure_partial_date(written)


def _structure_partial_date(value: object, _: type) -> PartialDate:
    return partial_date(value)


def _is_str_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple and get_args(kind) == (str, ...)


def _structure_str_tuple(value: object, _: type) -> tuple[str, ...]:
    if type(value) is not list:
        hint = f'; write ["{value}"]' if type(value) is str else ""
        raise _expected("an array of strings", value, hint)
    return _items(value, _structure_str, str)


def _is_float_tuple(kind: Any) -> bool:
    return get_origin(kind) is tuple and get_args(kind) == (float, ...)


def _structure_float_tuple(value: object, _: type) -> tuple[float, ...]:
    if type(value) is not list:
        raise _expected("an array of numbers", value, "; write [1.8, 2.1]")
    return _items(value, _structure_float, float)


def _items(
    value: list[object], structure: Callable[[object, type], T], kind: type
) -> tuple[T, ...]:
    """Each item of an array structured as `kind`, every bad item reported with its index."""
    items = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            items.append(structure(item, kind))
        except StrictTypeError as error:
            error.__notes__ = []
            errors.append(_with_index(error, index))
    if errors:
        raise IterableValidationError("invalid items", errors, tuple)
    return tuple(items)


def _is_other_tuple(kind: Any) -> bool:
    args = get_args(kind)
    return (
        get_origin(kind) is tuple
        and len(args) == 2
        and args[1] is ...
        and args[0] not in (str, float)
    )


def _array_hook(conv: Converter, kind: Any) -> Callable[[object, type], Any]:
    """An array of tables (`people`): refused whole when the value is not an array, rather
    than taken apart character by character as a string would be."""
    from cattrs.cols import homogenous_tuple_structure_factory

    inner: Callable[[Any, Any], Any] = homogenous_tuple_structure_factory(kind, conv)

    def structure(value: object, _: type) -> Any:
        if type(value) is not list:
            raise _expected("an array of tables", value, "; write [{ ... }, { ... }]")
        return inner(value, kind)

    return structure


def _with_index(error: Exception, index: int) -> Exception:
    from cattrs.errors import IterableValidationNote

    error.__notes__ = [IterableValidationNote(f"Structuring item @ index {index}", index, str)]
    return error


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = [member.value for member in kind]

    def structure(value: object, _: type) -> enum.Enum:
        if type(value) is not str:
            raise _expected("a string", value)
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(f'"{v}"' for v in allowed)
            raise ValueError(
                f'"{value}" is not one of {choices}{suggest(value, allowed)}'
            ) from None

    return structure


def _omit_origin(kind: type) -> dict[str, Any]:
    # `origin` is bookkeeping given by the reader, never a field of a table.
    return {ORIGIN: override(omit=True)} if has_origin(kind) else {}


def _record_hook(conv: Converter, kind: type) -> Callable[[object, type], Any]:
    overrides = _omit_origin(kind)
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        kind, conv, _cattrs_forbid_extra_keys=True, **overrides
    )

    def structure(value: object, _: type) -> Any:
        if type(value) is not dict:
            raise _expected("a table", value)
        return inner(value, kind)

    return structure


def _record_unstructure_hook(conv: Converter, kind: type) -> Callable[[Any], dict[str, Any]]:
    overrides = _omit_origin(kind)
    inner: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(kind, conv, **overrides)

    # A flag off by default (`negates = false`) is left out as well.
    flags = frozenset(f.name for f in attrs.fields(kind) if f.default is False)

    def unstructure(record: Any) -> dict[str, Any]:
        # TOML has no null: an absent optional field is simply not written, and empty tuples
        # (no tags, no aliases) are left out so that files stay short.
        return {
            key: value
            for key, value in inner(record).items()
            if value is not None and value != [] and not (value is False and key in flags)
        }

    return unstructure


def _unstructure_partial_date(value: PartialDate) -> dt.date | str:
    return value.earliest if value.day is not None else str(value)


def make_converter(*, detailed_validation: bool = True) -> Converter:
    """A converter with this module's strict hooks.

    With `detailed_validation` (the module's `converter`) a table that does not structure
    raises an exception group naming every wrong field, which `field_errors` reads. Without it
    (cattrs' fast mode, which `benchmarks/structuring.py` compares with the fast pass) the
    converter raises at the first wrong value.
    """
    conv = Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_structure_hook(Dating, _structure_dating)
    conv.register_structure_hook_func(_is_str_tuple, _structure_str_tuple)
    conv.register_structure_hook_func(_is_float_tuple, _structure_float_tuple)
    conv.register_structure_hook_func(_is_moment, _structure_moment)
    conv.register_structure_hook_factory(_is_other_tuple, lambda kind: _array_hook(conv, kind))
    conv.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(
        lambda kind: attrs.has(kind) and kind not in (PartialDate, Dating),
        lambda kind: _record_hook(conv, kind),
    )
    conv.register_unstructure_hook(dt.date, lambda value: value)
    conv.register_unstructure_hook(dt.datetime, lambda value: value)
    conv.register_unstructure_hook_func(_is_moment, lambda value: value)
    conv.register_unstructure_hook(PartialDate, _unstructure_partial_date)
    conv.register_unstructure_hook(Dating, _unstructure_dating)
    conv.register_unstructure_hook_factory(
        lambda kind: attrs.has(kind) and kind not in (PartialDate, Dating),
        lambda kind: _record_unstructure_hook(conv, kind),
    )
    return conv


converter = make_converter()


def structure(table: Any, kind: type[T]) -> T:
    """One TOML table as a record of `kind`; raises cattrs' validation errors."""
    return converter.structure(table, kind)


def to_table(record: Any) -> dict[str, Any]:
    """A record as the TOML table that reads back to it (dates as dates, no `None`)."""
    table: dict[str, Any] = converter.unstructure(record)
    return table


_REQUIRED_MISSING = "required field is missing"


@attrs.frozen(kw_only=True)
class FieldError:
    """One reason a table did not structure: where (a path of keys and indexes) and why."""

    path: tuple[str | int, ...]
    message: str
    suggestion: str | None = None
    """For an unknown field, the known field it most resembles."""

    @property
    def dotted(self) -> str:
        """The path in cattrs' `transform_error` notation, without the leading `$`."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text.lstrip(".")


def field_errors(error: BaseException) -> list[FieldError]:
    """Every leaf error of a cattrs validation error, with the path that leads to it.

    A misspelt field is both unknown and, under its right name, missing: it is reported once,
    as the unknown field with its suggestion.
    """
    errors = list(_walk(error, ()))
    misspelt = {(*e.path[:-1], e.suggestion) for e in errors if e.suggestion is not None}
    return [e for e in errors if not (e.message == _REQUIRED_MISSING and e.path in misspelt)]


def _walk(error: BaseException, path: tuple[str | int, ...]) -> Iterator[FieldError]:
    if isinstance(error, ForbiddenExtraKeysError):
        known = [spec.name for spec in record_fields(error.cl)]
        for name in sorted(error.extra_fields):
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            yield FieldError(
                path=(*path, name),
                message=f"unknown field '{name}'{suggest(name, known)}",
                suggestion=close[0] if close else None,
            )
        return
    if isinstance(error, IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, index_note in with_notes:
            yield from _walk(inner, (*path, index_note.index))
        for inner in without:
            yield from _walk(inner, path)
        return
    if isinstance(error, ClassValidationError):
        class_notes, loose = error.group_exceptions()
        for inner, name_note in class_notes:
            if isinstance(inner, KeyError):
                yield FieldError(path=(*path, name_note.name), message=_REQUIRED_MISSING)
            else:
                yield from _walk(inner, (*path, name_note.name))
        for inner in loose:
            yield from _walk(inner, path)
        return
    yield FieldError(path=path, message=_leaf_message(error))


def _leaf_message(error: BaseException) -> str:
    if isinstance(error, (StrictTypeError, ValueError)):
        return str(error)
    # A structuring error we did not foresee still gets a plain sentence, not a traceback.
    return f"cannot be read ({type(error).__name__}: {error})"

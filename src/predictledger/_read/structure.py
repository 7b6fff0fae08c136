"""One file's tables → records, collecting every problem, and the ids of what was left out.

A record that cannot be structured is left out and its problems are reported; the ids of such
records are remembered (`unreadable`) so that checks do not pile "unknown prediction" errors
on top of the real one. Each table goes to the fast builder (`fast_record`), and only if it is
not plainly right to the strict converter (`strict_record`), once the file's depth is known to
be safe for it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from .._convert import FieldError, field_errors, structure
from .._convert.fast import fast_structure
from .._problems import Problem
from .._records import (
    KINDS,
    Author,
    Location,
    Outcome,
    Prediction,
    Question,
    Reference,
    Sector,
    Source,
    claim_dating,
)
from .._text import suggest, terminal_safe
from .file import DEFAULT_LIMITS, FORMAT_DEPTH, FileTables, Limits, depth_problems
from .lines import KeyPath
from .toml_lex import ANY_HEADER

__all__ = [
    "OUTCOME_OF",
    "FileRecords",
    "fast_record",
    "ids_in_unreadable_file",
    "strict_record",
    "structure_file",
]

_NAMES = tuple(kind.name for kind in KINDS)


@frozen(kw_only=True)
class FileRecords:
    """The records structured from one file, and the problems met."""

    sources: tuple[Source, ...] = ()
    authors: tuple[Author, ...] = ()
    sectors: tuple[Sector, ...] = ()
    predictions: tuple[Prediction, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    questions: tuple[Question, ...] = ()
    references: tuple[Reference, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: frozenset[tuple[str, str]] = frozenset()


def fast_record(table: dict[str, Any], kind: type[Any], origin: Location) -> Any:
    """The record of type `kind` that `table` plainly describes, read from `origin`, or `None`
    when it is not plainly right (then ask `strict_record`)."""
    return fast_structure(table, kind, origin)


def strict_record(table: dict[str, Any], kind: type[Any], origin: Location) -> Any:
    """The record of type `kind` that `table` describes, read from `origin`, or the reasons it
    cannot be one (a list of `FieldError`): the strict converter decides and words them."""
    try:
        return evolve(structure(table, kind), origin=origin)
    except Exception as error:
        return field_errors(error)


def structure_file(
    file: FileTables, limits: Limits = DEFAULT_LIMITS
) -> FileRecords | list[Problem]:
    """Turn one file's tables into records, collecting every problem; or, for tables nested
    deeper than `limits` allow, the problem that they are.

    Depth is checked before the strict converter sees a table, and once a problem is met. A
    file whose every table is plainly right, with no problem at all, is shallow by the
    format's shape and needs no check.
    """
    problems: list[Problem] = []
    unreadable: set[tuple[str, str]] = set()
    found: dict[str, list[Any]] = {name: [] for name in _NAMES}
    # None while not looked at; then the problem of too deep a nesting, or none.
    too_deep = None if limits.max_depth >= FORMAT_DEPTH else depth_problems(file, limits)
    if too_deep:
        return too_deep

    def at(path: KeyPath) -> Location:
        return Location(path=file.path, line=file.lines.line(path))

    tables = file.tables
    for key in tables:
        if key not in _NAMES:
            problems.append(
                Problem.at(
                    at((key,)),
                    f"unknown table [{terminal_safe(key)}]{suggest(key, _NAMES)}; a ledger file "
                    "holds [source], [[prediction]], [[outcome]], [[question]], [[reference]], "
                    "[[author]] or [[sector]] tables",
                    field=key,
                )
            )

    raw_source = tables.get("source")
    source: Source | None = None
    source_ok = True
    for kind in KINDS:
        name = kind.name
        raw = tables.get(name)
        if raw is None:
            continue
        if kind.many:
            if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
                problems.append(
                    Problem.at(
                        at((name,)),
                        f"write each {name} as a [[{name}]] table (an array of tables)",
                        field=name,
                    )
                )
                continue
            entries: list[tuple[KeyPath, Any]] = [((name, i), item) for i, item in enumerate(raw)]
        elif isinstance(raw, dict):
            entries = [((name,), raw)]
        else:
            source_ok = False
            problems.append(
                Problem.at(
                    at((name,)),
                    "a file holds one [source] table, not an array; give each source its own file",
                    field=name,
                )
            )
            continue
        is_prediction = kind.type is Prediction
        if is_prediction and raw_source is None:
            problems.append(
                Problem.at(
                    at((name, 0)),
                    "[[prediction]] tables need the [source] they come from in the same file",
                    field="source",
                )
            )
            continue
        records = found[name]
        record_type = kind.type
        for path, item in entries:
            table = item
            if is_prediction:
                table = _prediction_table(item, raw_source, source, path, at, problems)
                if table is None:
                    _remember(item, name, unreadable)
                    continue
            origin = at(path)
            record = fast_record(table, record_type, origin)
            if record is None:
                if too_deep is None:
                    too_deep = depth_problems(file, limits)
                    if too_deep:
                        return too_deep
                record = strict_record(table, record_type, origin)
                if isinstance(record, list):
                    label = _label(name, table, path)
                    problems.extend(_field_problem(label, path, error, at) for error in record)
                    record = None
            if record is None:
                if not kind.many:
                    source_ok = False
                _remember(item, name, unreadable)
            elif is_prediction and not source_ok:
                _remember(item, name, unreadable)
            else:
                records.append(record)
                if not kind.many:
                    source = record

    if problems and too_deep is None:
        too_deep = depth_problems(file, limits)
        if too_deep:
            return too_deep
    return FileRecords(
        **{kind.plural: tuple(found[kind.name]) for kind in KINDS},
        problems=tuple(problems),
        unreadable=frozenset(unreadable),
    )


OUTCOME_OF = "outcome-of"
"""The kind under which `unreadable` names a prediction (or a question) one of whose outcomes
was left out: its verdict is then unknown, and a reading that keeps only sound records leaves it
(or every claim on the question) out too."""


def _remember(raw: object, kind: str, unreadable: set[tuple[str, str]]) -> None:
    if not isinstance(raw, dict):
        return
    if isinstance(raw.get("id"), str):
        unreadable.add((kind, raw["id"]))
    if kind == "outcome":
        for target in ("prediction", "question"):
            if isinstance(raw.get(target), str):
                unreadable.add((OUTCOME_OF, raw[target]))


def _label(kind: str, raw: dict[str, Any], path: KeyPath) -> str:
    if isinstance(raw.get("id"), str) and raw["id"]:
        return f"{kind} '{terminal_safe(raw['id'])}'"
    if len(path) > 1 and isinstance(path[1], int):
        return f"{kind} #{path[1] + 1}"
    return kind


def _prediction_table(
    raw: dict[str, Any],
    raw_source: Any,
    source: Source | None,
    path: KeyPath,
    at: Any,
    problems: list[Problem],
) -> dict[str, Any] | None:
    """The prediction's table with what it inherits from its file's [source] filled in."""
    if "source" in raw:
        problems.append(
            Problem.at(
                at((*path, "source")),
                f"{_label('prediction', raw, path)}: field 'source': remove it; a prediction "
                "belongs to the [source] of its file",
                field="source",
            )
        )
        return None
    table = dict(raw)
    source_id = raw_source.get("id") if isinstance(raw_source, dict) else None
    table["source"] = source_id if isinstance(source_id, str) else ""
    if "made_on" not in table:
        # A claim takes its source's date: a range as it is, a month or a year as its last day.
        table["made_on"] = claim_dating(source.published) if source is not None else dt.date.min
    return table


def _field_problem(label: str, path: KeyPath, error: FieldError, at: Any) -> Problem:
    return Problem.at(
        at((*path, *error.path)),
        terminal_safe(
            f"{label}: field '{error.dotted}': {error.message}"
            if error.path
            else f"{label}: {error.message}"
        ),
        field=error.dotted or None,
    )


def ids_in_unreadable_file(path: Path, limits: Limits) -> frozenset[tuple[str, str]]:
    """The ids a file that failed to read seems to define, so checks do not report them
    missing elsewhere: one real problem, not a cascade of consequences."""
    # A file refused for its size is still scanned, in bounded pieces and up to a bounded
    # amount, so that a ledger a little over the limit does not report every id it defines.
    budget = limits.max_file_bytes * 8
    lines: list[str] = []
    if path.is_symlink() or not path.is_file():
        return frozenset()  # never follow a link out of the ledger, nor wait on a pipe
    try:
        with path.open("rb") as file:
            while budget > 0 and (piece := file.readline(min(budget, 64 * 1024))):
                budget -= len(piece)
                lines.append(piece.decode("utf-8", errors="replace"))
    except OSError:
        return frozenset()
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")  # a byte-order mark hides the first header
    found: set[tuple[str, str]] = set()
    kind = ""
    for line in lines:
        header = ANY_HEADER.match(line)
        if header:
            kind = header.group(1)
            continue
        record_id = _ID_LINE.match(line)
        if record_id and kind:
            key = record_id.group(1)
            if key == "id":
                found.add((kind, record_id.group(2)))
            elif kind == "outcome":
                found.add((OUTCOME_OF, record_id.group(2)))
    return frozenset(found)


_ID_LINE = re.compile(r"^\s*(id|prediction|question)\s*=\s*[\"']([^\"']+)[\"']")

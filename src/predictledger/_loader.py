"""Reading a ledger: files → TOML tables → records, collecting every problem on the way.

The pipeline is `find_files` → `read_file` (bytes → text → tables, with line numbers) →
`structure_file` (tables → records) → `Ledger`. A record that cannot be structured is left out
and its problems are reported; the ids of such records are remembered so that checks do not
pile "unknown prediction" errors on top of the real one.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import evolve, field, frozen

from ._converter import FieldError, field_errors, structure
from ._ledger import Ledger
from ._locate import KeyPath, LineIndex, index_lines
from ._problems import LedgerError, Problem
from ._records import Author, Location, Outcome, Prediction, Sector, Source
from ._text import suggest

__all__ = [
    "FileTables",
    "Limits",
    "ReadResult",
    "find_files",
    "load",
    "read_file",
    "read_ledger",
    "resolve_root",
]

PREDICTIONS_DIR = "predictions"

_ARRAYS: dict[str, type[Author | Sector | Prediction | Outcome]] = {
    "author": Author,
    "sector": Sector,
    "prediction": Prediction,
    "outcome": Outcome,
}
_TOP_LEVEL = ("source", *_ARRAYS)


@frozen(kw_only=True)
class Limits:
    """Bounds on what a ledger file may be, so a hostile file cannot exhaust the machine."""

    max_file_bytes: int = 16 * 1024 * 1024
    """Larger files are refused; split a ledger into one file per source."""
    max_depth: int = 16
    """The deepest nesting of tables and arrays a file may have; the format needs 4."""


@frozen(kw_only=True)
class FileTables:
    """One file read as TOML: its tables, with the line of every key."""

    path: str
    tables: dict[str, Any]
    lines: LineIndex


@frozen(kw_only=True)
class ReadResult:
    """A ledger as far as it could be read, what could not be, and the ids of what was lost."""

    ledger: Ledger
    problems: tuple[Problem, ...]
    unreadable: frozenset[tuple[str, str]] = field(factory=frozenset)
    """(kind, id) of records left out because they could not be structured."""


def resolve_root(path: str | os.PathLike[str]) -> Path:
    """The ledger root for `path`: the folder holding `predictions/`, or its parent."""
    candidate = Path(path)
    if (candidate / PREDICTIONS_DIR).is_dir():
        return candidate
    if candidate.name == PREDICTIONS_DIR and candidate.is_dir():
        return candidate.parent
    raise LedgerError(
        [
            Problem(
                path=str(candidate),
                line=0,
                message=f"no {PREDICTIONS_DIR}/ folder here: give the ledger root, "
                f"the folder that holds {PREDICTIONS_DIR}/ and seeds/",
            )
        ]
    )


def find_files(root: Path) -> list[Path]:
    """Every `*.toml` file under `root/predictions`, in sorted order."""
    return sorted(
        (root / PREDICTIONS_DIR).rglob("*.toml"),
        key=lambda path: path.relative_to(root).as_posix(),
    )


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def read_file(root: Path, path: Path, limits: Limits = Limits()) -> FileTables | list[Problem]:
    """Bytes → text → TOML tables, or the problems that prevent it."""
    name = relative(root, path)

    def problem(message: str, line: int = 0, column: int | None = None) -> list[Problem]:
        return [Problem(path=name, line=line, column=column, message=message)]

    if path.is_symlink() or not _inside(root, path):
        return problem(
            "is a symbolic link or lies outside the ledger root; ledger files "
            "must be regular files inside it"
        )
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return problem(
                f"is {size:,} bytes, over the limit of {limits.max_file_bytes:,}; split it "
                "into smaller files (one per source) or raise Limits.max_file_bytes"
            )
        data = path.read_bytes()
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or error}")
    if not data.strip():
        return problem("is empty; remove it or add tables such as [source] or [[outcome]]")
    if data.startswith(codecs.BOM_UTF8):
        return problem("starts with a byte-order mark; save the file as UTF-8 without BOM", line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return problem(
            f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at column {column}); "
            "save the file as UTF-8",
            line=line,
            column=column,
        )
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _AT.search(message)
        if at:
            line, column = int(at.group(1)), int(at.group(2))
            return problem(f"TOML syntax error: {message[: at.start()]}", line, column)
        at_end = _AT_END.search(message)
        if at_end:
            line = text.count("\n") + 1
            return problem(
                f"TOML syntax error at the end of the file: {message[: at_end.start()]}", line
            )
        return problem(f"TOML syntax error: {message}")
    except RecursionError:
        return problem(f"is nested too deeply to read (more than {limits.max_depth} levels)")
    depth = _depth(tables)
    if depth > limits.max_depth:
        return problem(
            f"is nested {depth} levels deep, over the limit of {limits.max_depth}; "
            "the ledger format needs no more than 4"
        )
    return FileTables(path=name, tables=tables, lines=index_lines(text))


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _depth(value: object) -> int:
    # Iterative, so a deep file cannot exhaust Python's recursion limit here.
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(current, dict):
            stack.extend((child, level + 1) for child in current.values())
        elif isinstance(current, list):
            stack.extend((child, level + 1) for child in current)
    return deepest


@frozen(kw_only=True)
class FileRecords:
    """The records structured from one file, and the problems met."""

    sources: tuple[Source, ...] = ()
    authors: tuple[Author, ...] = ()
    sectors: tuple[Sector, ...] = ()
    predictions: tuple[Prediction, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: frozenset[tuple[str, str]] = frozenset()


def structure_file(file: FileTables) -> FileRecords:
    """Turn one file's tables into records, collecting every problem."""
    problems: list[Problem] = []
    unreadable: set[tuple[str, str]] = set()
    found: dict[str, list[Any]] = {kind: [] for kind in _TOP_LEVEL}

    def at(path: KeyPath) -> Location:
        return Location(path=file.path, line=file.lines.line(path))

    for key in file.tables:
        if key not in _TOP_LEVEL:
            problems.append(
                Problem.at(
                    at((key,)),
                    f"unknown table [{key}]{suggest(key, _TOP_LEVEL)}; a ledger file holds "
                    "[source], [[prediction]], [[outcome]], [[author]] or [[sector]] tables",
                    field=key,
                )
            )

    source: Source | None = None
    source_ok = True
    raw_source = file.tables.get("source")
    if raw_source is not None:
        if isinstance(raw_source, dict):
            source = _structure_one(raw_source, Source, ("source",), "source", at, problems)
            if source is None:
                source_ok = False
                _remember(raw_source, "source", unreadable)
            else:
                found["source"].append(source)
        else:
            source_ok = False
            problems.append(
                Problem.at(
                    at(("source",)),
                    "a file holds one [source] table, not an array; give each source its own file",
                    field="source",
                )
            )

    for kind, record_type in _ARRAYS.items():
        raw_list = file.tables.get(kind)
        if raw_list is None:
            continue
        if not isinstance(raw_list, list) or not all(isinstance(t, dict) for t in raw_list):
            problems.append(
                Problem.at(
                    at((kind,)),
                    f"write each {kind} as a [[{kind}]] table (an array of tables)",
                    field=kind,
                )
            )
            continue
        if kind == "prediction" and raw_source is None:
            problems.append(
                Problem.at(
                    at((kind, 0)),
                    "[[prediction]] tables need the [source] they come from in the same file",
                    field="source",
                )
            )
            continue
        for index, raw in enumerate(raw_list):
            path: KeyPath = (kind, index)
            table = raw
            if kind == "prediction":
                table = _prediction_table(raw, raw_source, source, path, at, problems)
                if table is None:
                    _remember(raw, kind, unreadable)
                    continue
            record = _structure_one(table, record_type, path, kind, at, problems)
            if record is None or (kind == "prediction" and not source_ok):
                _remember(raw, kind, unreadable)
                continue
            found[kind].append(record)

    return FileRecords(
        sources=tuple(found["source"]),
        authors=tuple(found["author"]),
        sectors=tuple(found["sector"]),
        predictions=tuple(found["prediction"]),
        outcomes=tuple(found["outcome"]),
        problems=tuple(problems),
        unreadable=frozenset(unreadable),
    )


def _remember(raw: object, kind: str, unreadable: set[tuple[str, str]]) -> None:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        unreadable.add((kind, raw["id"]))


def _label(kind: str, raw: dict[str, Any], path: KeyPath) -> str:
    if isinstance(raw.get("id"), str) and raw["id"]:
        return f"{kind} '{raw['id']}'"
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
        # A claim is on record by the last day its source can have been published.
        table["made_on"] = source.published.latest if source is not None else dt.date.min
    return table


def _structure_one(
    table: dict[str, Any],
    record_type: type[Any],
    path: KeyPath,
    kind: str,
    at: Any,
    problems: list[Problem],
) -> Any:
    try:
        record = structure(table, record_type)
    except Exception as error:
        label = _label(kind, table, path)
        problems.extend(_field_problem(label, path, item, at) for item in field_errors(error))
        return None
    return evolve(record, origin=at(path))


def _field_problem(label: str, path: KeyPath, error: FieldError, at: Any) -> Problem:
    return Problem.at(
        at((*path, *error.path)),
        f"{label}: field '{error.dotted}': {error.message}"
        if error.path
        else f"{label}: {error.message}",
        field=error.dotted or None,
    )


def read_ledger(path: str | os.PathLike[str], limits: Limits = Limits()) -> ReadResult:
    """Read every file of a ledger; never raises for a problem in the ledger's files."""
    try:
        root = resolve_root(path)
    except LedgerError as error:
        return ReadResult(ledger=Ledger(root=Path(path)), problems=error.problems)
    results: list[FileRecords] = []
    problems: list[Problem] = []
    files = find_files(root)
    if not files:
        problems.append(
            Problem(
                path=f"{PREDICTIONS_DIR}/",
                line=0,
                message="holds no .toml files; see docs/format.md to start a ledger",
            )
        )
    for file_path in files:
        tables = read_file(root, file_path, limits)
        if isinstance(tables, list):
            problems.extend(tables)
            results.append(FileRecords(unreadable=_ids_in_unreadable_file(file_path, limits)))
            continue
        results.append(structure_file(tables))
    return _assemble(root, results, problems)


_HEADER = re.compile(r"^\s*\[\[?\s*([a-z]+)\s*\]")
_ID_LINE = re.compile(r"^\s*id\s*=\s*[\"']([^\"']+)[\"']")


def _ids_in_unreadable_file(path: Path, limits: Limits) -> frozenset[tuple[str, str]]:
    """The ids a file that failed to read seems to define, so checks do not report them
    missing elsewhere: one real problem, not a cascade of consequences."""
    try:
        if path.stat().st_size > limits.max_file_bytes:
            return frozenset()
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return frozenset()
    found: set[tuple[str, str]] = set()
    kind = ""
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            kind = header.group(1)
            continue
        record_id = _ID_LINE.match(line)
        if record_id and kind:
            found.add((kind, record_id.group(1)))
    return frozenset(found)


def _assemble(root: Path, results: Iterable[FileRecords], problems: list[Problem]) -> ReadResult:
    parts = list(results)

    def gather(name: str) -> Iterator[Any]:
        for part in parts:
            yield from getattr(part, name)

    ledger = Ledger(
        root=root,
        sources=tuple(gather("sources")),
        authors=tuple(gather("authors")),
        sectors=tuple(gather("sectors")),
        predictions=tuple(gather("predictions")),
        outcomes=tuple(gather("outcomes")),
    )
    unreadable: frozenset[tuple[str, str]] = frozenset().union(*(p.unreadable for p in parts))
    return ReadResult(
        ledger=ledger,
        problems=(*problems, *gather("problems")),
        unreadable=unreadable,
    )


def load(path: str | os.PathLike[str], limits: Limits = Limits()) -> Ledger:
    """Read a ledger into records.

    Raises `LedgerError`, carrying every problem found, when any file cannot be read into
    records. A ledger that loads may still have problems between records (a dangling
    reference, a moved goalpost): `Ledger.check()` lists those.
    """
    result = read_ledger(path, limits)
    if result.problems:
        raise LedgerError(result.problems)
    return result.ledger

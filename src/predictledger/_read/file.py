"""Reading a ledger: files → TOML tables → records, collecting every problem on the way.

The pipeline is `find_files` → `read_file` (bytes → text → tables, with line numbers) →
`structure_file` (tables → records) → `Ledger`. A record that cannot be structured is left out
and its problems are reported; the ids of such records are remembered so that checks do not
pile "unknown prediction" errors on top of the real one.
"""

from __future__ import annotations

import ast
import codecs
import datetime as dt
import errno
import os
import re
import stat
import sys
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from attrs import Attribute, evolve, field, frozen

from .._converter import FieldError, field_errors, structure
from .._ledger import Ledger
from .._problems import Problem
from .._records import Author, Location, Outcome, Prediction, Sector, Source
from .._text import one_line, suggest
from .._within import inside
from ..errors import LedgerError, PredictLedgerError
from .fast_structure import fast_structure
from .locate import KeyPath, LineIndex, nested_deeper_than, unclosed_string
from .record_lines import lazy_lines
from .toml_backend import dots_on_a_line, mask_strings, nesting_at_most
from .toml_backend import loads as parse_toml

__all__ = [
    "FileResult",
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


def _positive(_: object, attribute: Attribute[int], value: object) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"Limits.{attribute.name} must be a whole number above 0, not {value!r}")


@frozen(kw_only=True)
class Limits:
    """Bounds on what a ledger file may be, so a hostile file cannot exhaust the machine."""

    max_file_bytes: int = field(default=16 * 1024 * 1024, validator=_positive)
    """Larger files are refused; split a ledger into one file per source."""
    max_depth: int = field(default=16, validator=_positive)
    """The deepest nesting of tables and arrays a file may have; the format needs 4."""


@frozen(kw_only=True)
class FileTables:
    """One file read as TOML: its tables, with the line of every key."""

    path: str
    tables: dict[str, Any]
    lines: LineIndex
    text: str = field(default="", repr=False)
    """The text the tables were parsed from (for a closer look when something is wrong)."""


@frozen(kw_only=True)
class ReadResult:
    """A ledger as far as it could be read, what could not be, and the ids of what was lost."""

    ledger: Ledger
    problems: tuple[Problem, ...]
    unreadable: frozenset[tuple[str, str]] = field(factory=frozenset)
    """(kind, id) of records left out because they could not be structured."""
    files: tuple[FileResult, ...] = field(default=(), eq=False, repr=False)
    """What each file gave, in file order: lets a writer check the ledger with one file's
    records replaced, without reading the others again."""


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


def read_file(
    root: Path, path: Path, limits: Limits = Limits(), *, depth_checked: bool = True
) -> FileTables | list[Problem]:
    """Bytes → text → TOML tables, or the problems that prevent it.

    `depth_checked=False` leaves the nesting of the tables to the caller (`read_one` learns it
    for free from structuring them): then call `depth_problems` before structuring strictly.
    """
    name = relative(root, path)

    def problem(message: str, line: int = 0, column: int | None = None) -> list[Problem]:
        return [Problem(path=name, line=line, column=column, message=message)]

    # One lstat answers "a link?", "a regular file?" and "how large?" at once.
    try:
        status: os.stat_result | None = os.lstat(path)
    except OSError as error:
        if error.errno not in _ABSENT:
            return problem(f"cannot be read: {error.strerror or error}")
        status = None
    if (status is not None and stat.S_ISLNK(status.st_mode)) or not _inside(root, path):
        return problem(
            "is a symbolic link or lies outside the ledger root; ledger files "
            "must be regular files inside it"
        )
    # A folder or a named pipe called *.toml must not be read: a pipe would block forever.
    if status is None or not stat.S_ISREG(status.st_mode):
        return problem(
            "is a folder or a special file, not a regular file; rename it so that its "
            "name does not end in .toml"
        )
    if status.st_size > limits.max_file_bytes:
        return problem(
            f"is {status.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}; split it "
            "into smaller files (one per source) or raise the limit "
            "(check --max-file-size, Limits.max_file_bytes)"
        )
    try:
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
    # Only the dotted-key guard must run before tomllib, which would take quadratic time over
    # such a key. Nesting is looked for only once the parse fails or the tables turn out deep:
    # tomllib meets deep brackets with a RecursionError, and the bracket scan costs a
    # twelfth of the parse.
    long_key = _long_dotted_key(text, limits.max_depth)
    if long_key:
        return problem(*long_key)
    try:
        tables = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        # Brackets nested too deep are reported as such, whatever tomllib made of them.
        nested = _nested_brackets(text, limits.max_depth)
        return problem(*(nested or _parse_failure(error, text, limits)))
    # Header lines now, the line of any other key only if a problem asks for it.
    file = FileTables(path=name, tables=tables, lines=lazy_lines(text, tables), text=text)
    if depth_checked:
        too_deep = depth_problems(file, limits)
        if too_deep:
            return too_deep
    return file


def _parse_failure(
    error: ValueError | RecursionError, text: str, limits: Limits
) -> tuple[str, int, int | None]:
    """What to say of a text tomllib could not parse, and where."""
    if isinstance(error, tomllib.TOMLDecodeError):
        return _syntax_error(str(error), text)
    if isinstance(error, RecursionError):
        return f"is nested too deeply to read (more than {limits.max_depth} levels)", 0, None
    # tomllib lets Python's guard against very long integers through as a bare ValueError.
    digits = _long_number(sys.get_int_max_str_digits()).search(text)
    line = text.count("\n", 0, digits.start()) + 1 if digits else 0
    return "holds an integer too long to read; no field of a ledger needs one", line, None


_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EBADF})
"""lstat errors that mean "no such file here", as `Path.is_file` treats them."""


def depth_problems(file: FileTables, limits: Limits) -> list[Problem]:
    """The problem of tables nested deeper than `limits` allow, or none."""
    if table_depth(file.tables) <= limits.max_depth:
        return []
    nested = _nested_brackets(file.text, limits.max_depth)
    if nested:
        return [Problem(path=file.path, line=nested[1], message=nested[0])]
    depth, deepest = _deepest(file.tables)
    return [
        Problem(
            path=file.path,
            line=file.lines.line(deepest),
            message=f"is nested {depth} levels deep, over the limit of {limits.max_depth}; "
            + _DEPTH_ADVICE,
        )
    ]


FORMAT_DEPTH = 4
"""How deep a ledger file nests at most (`table_depth`): the file, `[source]`, its `people`
array, one entry of it."""

_DEPTH_ADVICE = f"the ledger format needs no more than {FORMAT_DEPTH}"


@lru_cache(maxsize=8)
def _long_key(parts: int) -> re.Pattern[str]:
    # A key part is bare, "basic" (with escapes) or 'literal'; a key starts a line, a table
    # header or an entry of an inline table.
    part = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
    return re.compile(rf"(?:^|[\[{{,])[ \t]*(?:{part}[ \t]*\.[ \t]*){{{parts},}}", re.MULTILINE)


@lru_cache(maxsize=2)
def _long_number(digits: int) -> re.Pattern[str]:
    return re.compile(rf"[0-9_]{{{max(digits, 1)},}}")


def _long_dotted_key(text: str, limit: int) -> tuple[str, int] | None:
    """A dotted key of more than `limit` parts, which `tomllib` must never see: it takes time
    and memory quadratic in the number of parts."""
    key = _long_key(limit).search(text) if dots_on_a_line(text, limit) else None
    if key:
        # That search also sees the words of strings ("x, a.b.c..." in a quote): confirm it
        # on the text with strings masked, which keeps every line where it stood.
        key = _long_key(limit).search(mask_strings(text))
    if key:
        return (
            f"has a dotted key of more than {limit} parts, over the nesting limit of "
            f"{limit}; {_DEPTH_ADVICE}",
            text.count("\n", 0, key.start()) + 1,
        )
    return None


def _nested_brackets(text: str, limit: int) -> tuple[str, int] | None:
    """Arrays or inline tables nested more than `limit` deep, and the line where they do."""
    # The exact scan walks the text in Python; a bound computed in C spares it almost always.
    line = 0 if nesting_at_most(text, limit) else nested_deeper_than(text, limit)
    if line:
        return (
            f"nests arrays or inline tables more than {limit} levels deep, over the limit of "
            f"{limit}; {_DEPTH_ADVICE}",
            line,
        )
    return None


def _syntax_error(message: str, text: str) -> tuple[str, int, int | None]:
    """tomllib's message, where it stands, and what to do about it."""
    at = _AT.search(message)
    at_end = _AT_END.search(message)
    if at:
        line, column = int(at.group(1)), int(at.group(2))
        message = _reword(message[: at.start()])
        source_line = text.split("\n")[line - 1] if line else ""
        return f"TOML syntax error: {message}{_hint(message, source_line, column)}", line, column
    if at_end:
        message = message[: at_end.start()]
        # tomllib reports a multi-line string left open where the file ends, not where it opens.
        opened = unclosed_string(text) if message == "Unterminated string" else 0
        if opened:
            return (
                "TOML syntax error: the multi-line string opened on this line is never "
                "closed; add the closing \"\"\" or '''",
                opened,
                None,
            )
        return f"TOML syntax error at the end of the file: {message}", text.count("\n") + 1, None
    return f"TOML syntax error: {message}", 0, None


_DECLARED_TWICE = re.compile(r"Cannot declare (\(.*\)) twice")


def _reword(message: str) -> str:
    # tomllib names a table by the repr of its key tuple: ('prediction', 'horizon').
    twice = _DECLARED_TWICE.fullmatch(message)
    if twice:
        try:
            key = ast.literal_eval(twice.group(1))
        except (ValueError, SyntaxError):
            return message
        name = ".".join(str(part) for part in key)
        return f"the table [{one_line(name)}] is declared twice; merge the two"
    return message


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT_TIME = re.compile(r"\d{2}:\d{2}(?!:\d)")


def _hint(message: str, line: str, column: int) -> str:
    """Advice for the syntax errors people make most, notably TOML 1.1 syntax: ledgers are
    TOML 1.0, the version `tomllib` reads."""
    if message.startswith("Unescaped"):
        # tomllib's column stands just after the letter of the bad escape.
        backslash = column - 3
        if 0 <= backslash < len(line) - 1 and line[backslash] == "\\":
            letter = line[backslash + 1]
            if letter == "e":
                return "; \\e is TOML 1.1, and ledgers are TOML 1.0: write \\u001b"
            digits = line[backslash + 2 : backslash + 4]
            if letter == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", digits):
                return f"; \\x{digits} is TOML 1.1, and ledgers are TOML 1.0: write \\u00{digits}"
            return f"; \\{one_line(letter)} is not an escape: write \\\\ for a backslash"
    if message in ("Illegal character '\\n'", "Illegal character '\\r'"):
        return (
            "; a string is not closed on this line: add the closing quote, or use triple "
            "quotes for text over several lines"
        )
    day = _DAY.search(line)
    if message == "Invalid date or datetime" and day:
        return f"; {day.group()} is not a day of the calendar"
    if message.startswith("Expected newline") and _SHORT_TIME.search(line):
        return (
            "; a time without seconds is TOML 1.1, and ledgers are TOML 1.0; ledger dates "
            "take no time at all: write 2025-01-15"
        )
    if message == "Invalid initial character for a key part":
        if re.search(r",\s*}", line):
            return "; TOML 1.0 allows no comma after the last entry of an inline table"
        if line.count("{") > line.count("}"):
            return (
                "; an inline table { ... } must stay on one line in TOML 1.0: write it on "
                "one line or as a [table]"
            )
    if message == "Cannot overwrite a value":
        return "; this key or table is already defined above: keep one"
    return ""


def _inside(root: Path, path: Path) -> bool:
    """True when `path` lies inside `root` once links are resolved; false when it cannot be
    resolved (callers refuse a link as the last part on their own)."""
    try:
        return inside(root, path)
    except OSError:
        return False


def table_depth(value: object) -> int:
    """`_deepest(value)[0]`, without building the path of every value on the way."""
    deepest = 0
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = []
    if isinstance(value, (dict, list)):
        stack.append((value, 0))
    containers = (dict, list)
    while stack:
        current, level = stack.pop()
        children = current.values() if isinstance(current, dict) else current
        if children and level >= deepest:
            deepest = level + 1
        for child in children:
            if isinstance(child, containers):
                stack.append((child, level + 1))
    return deepest


def _deepest(value: object) -> tuple[int, KeyPath]:
    """How deep the tables and arrays of `value` nest, and the key path of the first value, in
    file order, that lies that deep."""
    # Iterative, so a deep file cannot exhaust Python's recursion limit here; children are
    # stacked in reverse so that they come off the stack in file order.
    deepest: tuple[int, KeyPath] = (0, ())
    stack: list[tuple[object, KeyPath]] = [(value, ())]
    while stack:
        current, path = stack.pop()
        if len(path) > deepest[0]:
            deepest = (len(path), path)
        if isinstance(current, dict):
            stack.extend(reversed([(child, (*path, key)) for key, child in current.items()]))
        elif isinstance(current, list):
            stack.extend(reversed([(child, (*path, index)) for index, child in enumerate(current)]))
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


@frozen(kw_only=True)
class FileResult:
    """Everything reading one file gave: the problems that kept it from being read, or what
    structuring its tables gave (records, their problems, the ids of records left out)."""

    path: str
    read_problems: tuple[Problem, ...] = ()
    records: FileRecords = field(factory=FileRecords)


def structure_file(file: FileTables) -> FileRecords:
    """Turn one file's tables into records, collecting every problem."""
    records = _structure_file(file, strict=True)
    assert records is not None  # only a plain pass gives up
    return records


def structure_plain_file(file: FileTables) -> FileRecords | None:
    """The records of a file whose every table is plainly right, with no problem at all, or
    `None` as soon as one is not (call `structure_file` then).

    Every table having taken the fast pass also proves the file's shape: tables nest no
    deeper than the format's 4 levels, so no depth check is needed.
    """
    try:
        return _structure_file(file, strict=False)
    except _NotPlain:
        return None


class _NotPlain(PredictLedgerError):
    pass


class _PlainProblems(list[Problem]):
    """A problem list for the plain pass: the first problem ends it."""

    def append(self, item: Problem) -> None:
        raise _NotPlain

    def extend(self, items: Iterable[Problem]) -> None:
        raise _NotPlain


def _structure_file(file: FileTables, *, strict: bool) -> FileRecords | None:
    problems: list[Problem] = [] if strict else _PlainProblems()
    unreadable: set[tuple[str, str]] = set()
    found: dict[str, list[Any]] = {kind: [] for kind in _TOP_LEVEL}

    def at(path: KeyPath) -> Location:
        return Location(path=file.path, line=file.lines.line(path))

    for key in file.tables:
        if key not in _TOP_LEVEL:
            problems.append(
                Problem.at(
                    at((key,)),
                    f"unknown table [{one_line(key)}]{suggest(key, _TOP_LEVEL)}; a ledger file "
                    "holds [source], [[prediction]], [[outcome]], [[author]] or [[sector]] tables",
                    field=key,
                )
            )

    source: Source | None = None
    source_ok = True
    raw_source = file.tables.get("source")
    if raw_source is not None:
        if isinstance(raw_source, dict):
            source = _structure_one(
                raw_source, Source, ("source",), "source", at, problems, strict=strict
            )
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
            record = _structure_one(table, record_type, path, kind, at, problems, strict=strict)
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
        return f"{kind} '{one_line(raw['id'])}'"
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
    *,
    strict: bool = True,
) -> Any:
    # Tables that are plainly right take the fast pass; the strict converter decides the rest.
    record = fast_structure(table, record_type)
    if record is None:
        if not strict:
            raise _NotPlain
        try:
            record = structure(table, record_type)
        except Exception as error:
            label = _label(kind, table, path)
            problems.extend(_field_problem(label, path, item, at) for item in field_errors(error))
            return None
    # A fresh record of our own: setting its origin in place spares a copy of every record.
    object.__setattr__(record, "origin", at(path))
    return record


def _field_problem(label: str, path: KeyPath, error: FieldError, at: Any) -> Problem:
    return Problem.at(
        at((*path, *error.path)),
        one_line(
            f"{label}: field '{error.dotted}': {error.message}"
            if error.path
            else f"{label}: {error.message}"
        ),
        field=error.dotted or None,
    )


def read_ledger(
    path: str | os.PathLike[str],
    limits: Limits = Limits(),
    *,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: bool | None = None,
) -> ReadResult:
    """Read every file of a ledger; never raises for a problem in the ledger's files.

    Unchanged files are read from the cache (`cache=False` or `PREDICTLEDGER_NO_CACHE=1` turn
    it off); many files are parsed by `jobs` processes (by default, as many as repay starting
    them); a slow load draws a progress bar when standard error is a terminal (`progress`).
    """
    from .._collector import collector_paused
    from .parallel import read_files  # it builds on this module

    try:
        root = resolve_root(path)
    except LedgerError as error:
        return ReadResult(ledger=Ledger(root=Path(path)), problems=error.problems)
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
    with collector_paused():
        readings = read_files(root, files, limits, jobs=jobs, cache=cache, progress=progress)
        return assemble_files(root, readings, problems)


_HEADER = re.compile(r"^\s*\[\[?\s*([a-z]+)\s*\]")
_ID_LINE = re.compile(r"^\s*id\s*=\s*[\"']([^\"']+)[\"']")


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
        header = _HEADER.match(line)
        if header:
            kind = header.group(1)
            continue
        record_id = _ID_LINE.match(line)
        if record_id and kind:
            found.add((kind, record_id.group(1)))
    return frozenset(found)


def assemble_files(
    root: Path, readings: Sequence[FileResult], problems: Sequence[Problem] = ()
) -> ReadResult:
    """The ledger of every file's reading, in the order given, keeping the readings."""
    read_problems = [*problems]
    for reading in readings:
        read_problems.extend(reading.read_problems)
    result = assemble(root, [reading.records for reading in readings], read_problems)
    return evolve(result, files=tuple(readings))


def assemble(root: Path, results: Iterable[FileRecords], problems: list[Problem]) -> ReadResult:
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

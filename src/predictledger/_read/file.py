"""One ledger file read as TOML: bytes → text → tables, with the guards a hostile file meets.

`read_file` refuses what is not a regular file inside the ledger root, a file over the size
limit, an empty file, a byte-order mark, text that is not UTF-8 and a dotted key long enough to
make the parser quadratic; then it parses the text (`parse`, `tomllib.loads` unless the caller
gives a parser that behaves the same) and returns the tables with their line index, or the
problems met, worded as advice (`toml_errors`). How deep the tables nest is checked when they
are structured (`depth_problems`), where it is learned for free for almost every file.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from attrs import Attribute, field, frozen

from .._paths import Within, relative
from .._problems import Problem
from .._text import terminal_safe
from .lines import KeyPath, LineIndex
from .toml_errors import parse_failure
from .toml_lex import dots_on_a_line, mask_strings, nested_deeper_than, nesting_at_most

__all__ = [
    "DEFAULT_LIMITS",
    "FORMAT_DEPTH",
    "FileTables",
    "Limits",
    "Parse",
    "depth_problems",
    "parse_text",
    "read_file",
    "table_depth",
]

Parse = Callable[[str], dict[str, Any]]
"""A TOML parser: `tomllib.loads`, or one that returns and raises exactly what it does."""


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
    problems: tuple[Problem, ...] = ()
    """Syntax errors met on the way: each record that held one was left out of `tables`
    (`salvage`), the rest of the file read."""
    lost: frozenset[tuple[str, str]] = frozenset()
    """(kind, id) of the records left out for a syntax error, as far as they can be told."""


DEFAULT_LIMITS = Limits()

FORMAT_DEPTH = 4
"""How deep a ledger file nests at most (`table_depth`): the file, `[source]`, its `people`
array, one entry of it."""

_DEPTH_ADVICE = f"the ledger format needs no more than {FORMAT_DEPTH}"

_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EBADF})
"""lstat errors that mean "no such file here", as `Path.is_file` treats them."""


def read_file(
    root: Path,
    path: Path,
    limits: Limits = Limits(),
    *,
    parse: Parse = tomllib.loads,
    within: Within | None = None,
) -> FileTables | list[Problem]:
    """Bytes → text → TOML tables, or the problems that prevent it.

    `within` answers whether the file lies inside `root` (one per reading spares resolving
    each folder again). The nesting of the tables is left to `depth_problems`.
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
    if (status is not None and stat.S_ISLNK(status.st_mode)) or not (within or Within(root)).holds(
        path
    ):
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
    # A byte-order mark (Windows Notepad writes one) says only that the file is UTF-8.
    data = data.removeprefix(codecs.BOM_UTF8)
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
    parsed = parse_text(name, text, limits, parse=parse)
    if isinstance(parsed, list) and parsed[0].message.startswith("TOML syntax error:"):
        return salvage(name, text, limits, parse, parsed[0]) or parsed
    return parsed


_SALVAGE_TRIES = 16
"""Syntax errors a file may hold and still be read in part; past that it is left out whole."""

_HEADER_LINE = re.compile(r"[ \t]*\[\[?[ \t]*[A-Za-z0-9_-]+[ \t]*(?:\]|$)")
"""The header of a record (`[[prediction]]`, `[source]`, a broken `[[outcome]`); not of its
sub-tables (`[prediction.probability]`), which belong to the record above them."""


def salvage(
    name: str, text: str, limits: Limits, parse: Parse, first: Problem
) -> FileTables | None:
    """The file read without the records that hold syntax errors, or `None` when that cannot
    be done safely (an error before the first record, in the `[source]` that the file's
    predictions need, or more than a few errors).

    A record runs from its `[header]` line to the next; each one an error stands in is blanked
    (its lines emptied, so every other line keeps its number) and the text parsed again. Each
    such error is kept as a problem that says which record was left out.
    """
    lines = text.split("\n")
    problems: list[Problem] = []
    lost: set[tuple[str, str]] = set()
    problem = first
    for _ in range(_SALVAGE_TRIES):
        if not problem.line:
            return None
        start, end = _record_around(lines, problem.line - 1)
        header = lines[start].strip() if start >= 0 else ""
        kind = header.strip("[] \t")
        if start < 0 or kind == "source" or kind.startswith("source."):
            return None
        record_id = _record_id(lines[start:end])
        what = (
            f"{kind} '{terminal_safe(record_id)}'"
            if record_id
            else f"the [{terminal_safe(kind)}] table"
        )
        problems.append(
            Problem(
                path=name,
                line=problem.line,
                column=problem.column,
                message=f"{problem.message} ({what} at line {start + 1} is left out until "
                "this is fixed)",
            )
        )
        if record_id:
            lost.add((kind.split(".")[0], record_id))
        owner = _record_id(lines[start:end], _PREDICTION) if kind == "outcome" else ""
        if owner:  # the prediction (or question) whose verdict is now unknown (`OUTCOME_OF`)
            lost.add(("outcome-of", owner))
        lines[start:end] = [""] * (end - start)
        patched = "\n".join(lines)
        parsed = parse_text(name, patched, limits, parse=parse)
        if not isinstance(parsed, list):
            return FileTables(
                path=name,
                tables=parsed.tables,
                lines=parsed.lines,
                text=patched,
                problems=tuple(problems),
                lost=frozenset(lost),
            )
        problem = parsed[0]
        if not problem.message.startswith("TOML syntax error:"):
            return None
    return None


def _record_around(lines: list[str], index: int) -> tuple[int, int]:
    """The first and past-the-last line of the record that line `index` stands in; -1 as the
    first when it stands before any header."""
    index = min(index, len(lines) - 1)
    start = index
    while start >= 0 and not _HEADER_LINE.match(lines[start]):
        start -= 1
    end = index + 1
    while end < len(lines) and not _HEADER_LINE.match(lines[end]):
        end += 1
    return start, end


_ID = re.compile(r"^\s*id\s*=\s*[\"']([^\"'\n]+)[\"']")
_PREDICTION = re.compile(r"^\s*(?:prediction|question)\s*=\s*[\"']([^\"'\n]+)[\"']")


def _record_id(lines: list[str], key: re.Pattern[str] = _ID) -> str:
    for line in lines:
        found = key.match(line)
        if found:
            return found.group(1)
    return ""


def parse_text(
    name: str, text: str, limits: Limits = Limits(), *, parse: Parse = tomllib.loads
) -> FileTables | list[Problem]:
    """The tables of the text of the ledger file `name`, or the problems that prevent it."""
    # Only the dotted-key guard must run before the parser, which would take quadratic time
    # over such a key. Nesting is looked for only once the parse fails or the tables turn out
    # deep: tomllib meets deep brackets with a RecursionError, and the bracket scan costs a
    # twelfth of the parse.
    # A byte-order mark says only that the text is UTF-8 (the reader drops it from a file;
    # a writer keeps it, appending after it): the parser must not see it.
    text = text.removeprefix("\ufeff")
    long_key = _long_dotted_key(text, limits.max_depth)
    if long_key:
        return [Problem(path=name, line=long_key[1], message=long_key[0])]
    try:
        tables = parse(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        # Brackets nested too deep are reported as such, whatever the parser made of them.
        nested = _nested_brackets(text, limits.max_depth)
        message, line, column = (
            (*nested, None) if nested else parse_failure(error, text, limits.max_depth)
        )
        return [Problem(path=name, line=line, column=column, message=message)]
    # Header lines now, the line of any other key only if a problem asks for it.
    return FileTables(path=name, tables=tables, lines=LineIndex(text, tables), text=text)


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


@lru_cache(maxsize=8)
def _long_key(parts: int) -> re.Pattern[str]:
    # A key part is bare, "basic" (with escapes) or 'literal'; a key starts a line, a table
    # header or an entry of an inline table.
    part = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
    return re.compile(rf"(?:^|[\[{{,])[ \t]*(?:{part}[ \t]*\.[ \t]*){{{parts},}}", re.MULTILINE)


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


def table_depth(value: object) -> int:
    """How deep the tables and arrays of `value` nest: `_deepest(value)[0]`, without building
    the path of every value on the way."""
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

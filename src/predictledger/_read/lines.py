"""Line numbers for the tables and keys of a TOML file, worked out only as far as asked.

`tomllib` returns plain dictionaries with no positions, but a problem is only useful when it
names a line. A record's origin needs the line of its `[source]` or `[[prediction]]` header;
only a problem needs the line of a field. So a `LineIndex` knows the header lines at once, from
one regular-expression pass (trusted only when it finds exactly as many headers of each kind as
the parsed tables hold), and walks the text line by line (`toml_lex`'s scanner, which costs
about as much as parsing it) only when a line other than a header's is asked for. It is only
ever built on text that `tomllib` has accepted.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .._records import KINDS
from .toml_lex import (
    RECORD_HEADERS,
    STRINGS_AND_COMMENTS_PATTERN,
    find_close,
    key_end,
    scan_value,
    split_key,
)

__all__ = ["HeaderLines", "KeyPath", "LineIndex", "header_line", "header_lines", "index_lines"]

KeyPath = tuple[str | int, ...]

HeaderLines = dict[str, list[int]]
"""The line of each record header, by kind: `["source"][0]`, `["prediction"][index]`."""

_ONE = tuple(kind.name for kind in KINDS if not kind.many)
"""The kinds of one table a file (`source`): `RECORD_HEADERS`' group 2 names the one there is."""
_MANY = tuple(kind.name for kind in KINDS if kind.many)


class LineIndex:
    """Maps key paths such as `("prediction", 3, "horizon", "end")` to 1-based line numbers."""

    __slots__ = ("_headers", "_lines", "_text")

    def __init__(self, text: str, tables: Mapping[str, Any] | None = None) -> None:
        """The index of `text`; given the `tables` parsed from it, header lines are found at
        once and the rest only when asked for."""
        self._text: str | None = text
        self._headers = header_lines(text, tables) if tables is not None else None
        self._lines: dict[KeyPath, int] | None = None

    def line(self, path: Sequence[str | int]) -> int:
        """The line of the most specific known prefix of `path` (0 when nothing is known)."""
        if self._headers is not None:
            found = header_line(self._headers, path)
            if found is not None:
                return found
        lines = self._lines
        if lines is None:
            lines = self._lines = _index(self._text or "")
            self._text = self._headers = None
        parts = tuple(path)
        while parts:
            found = lines.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return 0


def index_lines(text: str) -> LineIndex:
    """The line index of `text`, every key's line worked out on first use."""
    return LineIndex(text)


def _index(text: str) -> dict[KeyPath, int]:
    lines: dict[KeyPath, int] = {}
    array_counts: dict[KeyPath, int] = {}
    table: KeyPath = ()
    open_string: str | None = None  # the delimiter of a multi-line string left open
    depth = 0  # brackets open in a value that spans lines

    # TOML ends lines only at LF (or CRLF); str.splitlines would also split at U+0085, U+2028
    # and other characters that may stand inside a string, and shift every line after them.
    for number, line in enumerate(text.split("\n"), start=1):
        position = 0
        if open_string is not None:
            end = find_close(line, 0, open_string)
            if end < 0:
                continue
            open_string, position = None, end
        elif depth == 0:
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("["):
                is_array = stripped.startswith("[[")
                name = split_key(stripped[2 if is_array else 1 : _header_end(stripped)])
                table = _resolve(name, array_counts)
                if is_array:
                    # The array itself stands where its first table does: `[[source]]` or a
                    # misspelt `[[predictions]]` is reported there.
                    lines.setdefault(table, number)
                    index = array_counts.get(table, 0)
                    array_counts[table] = index + 1
                    table = (*table, index)
                lines.setdefault(table, number)
                continue
            equals = key_end(stripped)
            key = split_key(stripped[:equals])
            for size in range(1, len(key) + 1):
                lines.setdefault((*table, *key[:size]), number)
            position = len(line) - len(stripped) + equals + 1
        open_string, depth, _ = scan_value(line, position, depth)
    return lines


def _resolve(name: tuple[str, ...], array_counts: dict[KeyPath, int]) -> KeyPath:
    # `[prediction.horizon]` after the third `[[prediction]]` belongs to prediction #2.
    resolved: KeyPath = ()
    last = len(name) - 1
    for position, part in enumerate(name):
        resolved = (*resolved, part)
        count = array_counts.get(resolved)
        if count and position < last:
            resolved = (*resolved, count - 1)
    return resolved


def _header_end(header: str) -> int:
    end = key_end(header, stop="]")
    return end if end >= 0 else len(header)


# -- header lines at once ---------------------------------------------------------------------

# A header starts its line, so it can stand in no one-line string: without multi-line strings,
# every match is a header. Quoted forms such as [["prediction"]] are not matched; the count
# then disagrees with the tables and the full index is used.
# With multi-line strings, strings and comments are matched too (as TOML lexes them, the text
# having parsed), so that a header-like line inside a string is passed over.
_HEADER_OR_STRING = re.compile(
    STRINGS_AND_COMMENTS_PATTERN + "|" + RECORD_HEADERS, re.MULTILINE | re.DOTALL
)
# The same headers, with the line break before each: `split` cuts the text at every header in
# one C-speed pass, and the line of each follows from the line breaks between them.
_SPLIT = re.compile("\n" + RECORD_HEADERS[1:])


def header_line(headers: HeaderLines, path: Sequence[str | int]) -> int | None:
    """The line of the record header at `path` (`("source",)`, `("outcome", 3)`), if known."""
    if len(path) == 1 and path[0] in _ONE:
        index: str | int = 0
    elif len(path) == 2 and path[0] in _MANY:
        index = path[1]
    else:
        return None
    lines = headers.get(str(path[0]))
    if lines is None or type(index) is not int or not 0 <= index < len(lines):
        return None
    return lines[index]


def header_lines(text: str, tables: Mapping[str, Any]) -> HeaderLines | None:
    """Lines of each record header, by kind, or `None` when the text does not let them be
    found this way with certainty."""
    if '"""' in text or "'''" in text:
        return _checked(_lines_around_strings(text), tables)
    pieces = _SPLIT.split("\n" + text)  # gap, kind, source, gap, kind, source, ..., gap
    kinds = pieces[1::3]
    # Header j (from 1) stands after the line breaks of the gaps before it, and of the j
    # headers matched with theirs.
    breaks = itertools.accumulate(gap.count("\n") for gap in pieces[0:-1:3])
    lines = list(map(operator.add, breaks, itertools.count(1)))
    found: HeaderLines = {}
    if None in kinds:
        found[_ONE[0]] = [line for kind, line in zip(kinds, lines, strict=True) if kind is None]
    for kind in set(kinds):
        if kind is not None:
            found[kind] = (
                lines
                if len(found) == 0 and kinds.count(kind) == len(kinds)
                else [line for other, line in zip(kinds, lines, strict=True) if other == kind]
            )
    return _checked(found, tables)


def _lines_around_strings(text: str) -> HeaderLines:
    found: HeaderLines = {}
    line, position = 1, 0
    for match in _HEADER_OR_STRING.finditer(text):
        kind, source = match.group(1, 2)
        if kind is None and source is None:
            continue  # a string or a comment
        start = match.start(1 if kind is not None else 2)
        line += text.count("\n", position, start)
        position = start
        found.setdefault(kind or _ONE[0], []).append(line)
    return found


def _checked(found: HeaderLines, tables: Mapping[str, Any]) -> HeaderLines | None:
    # Trusted only when as many headers of each kind were found as the parsed tables hold.
    for name in _ONE:
        if len(found.get(name, ())) != (1 if isinstance(tables.get(name), dict) else 0):
            return None
    for name in _MANY:
        value = tables.get(name)
        if len(found.get(name, ())) != (len(value) if isinstance(value, list) else 0):
            return None
    return found

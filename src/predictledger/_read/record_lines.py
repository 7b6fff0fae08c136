"""Line numbers on demand: the lines of record headers at once, every other line only if asked.

A record's origin needs the line of its `[source]` or `[[prediction]]` header; only a problem
needs the line of a field. `index_lines` walks the text character by character in Python, which
costs about as much as parsing it, so it is run only when a line other than a header's is asked
for: when a problem is reported. Header lines come from one regular-expression pass, trusted only
when it finds exactly as many headers of each kind as the parsed tables hold.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .locate import LineIndex, index_lines

__all__ = ["HeaderLines", "LazyLineIndex", "header_line", "header_lines", "lazy_lines"]

_ARRAY_KINDS = ("prediction", "outcome", "author", "sector")
_HEADERS = (
    r"^[ \t]*(?:\[\[[ \t]*(prediction|outcome|author|sector)[ \t]*\]\]"
    r"|\[[ \t]*(source)[ \t]*\])"
)
# A header starts its line, so it can stand in no one-line string: without multi-line strings,
# every match is a header. Quoted forms such as [["prediction"]] are not matched; the count
# then disagrees with the tables and the full index is used.
# With multi-line strings, strings and comments are matched too (as TOML lexes them, the text
# having parsed), so that a header-like line inside a string is passed over.
_HEADER_OR_STRING = re.compile(
    r'"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'(?!'')[^'\n]*'"
    r"|'''[^']*(?:'(?!'')[^']*)*'''"
    r"|#[^\n]*"
    r"|" + _HEADERS,
    re.MULTILINE | re.DOTALL,
)


HeaderLines = dict[str, list[int]]
"""The line of each record header, by kind: `["source"][0]`, `["prediction"][index]`."""


def header_line(headers: HeaderLines, path: Sequence[str | int]) -> int | None:
    """The line of the record header at `path` (`("source",)`, `("outcome", 3)`), if known."""
    if len(path) == 1 and path[0] == "source":
        index: str | int = 0
    elif len(path) == 2 and path[0] in _ARRAY_KINDS:
        index = path[1]
    else:
        return None
    lines = headers.get(str(path[0]))
    if lines is None or type(index) is not int or not 0 <= index < len(lines):
        return None
    return lines[index]


class LazyLineIndex(LineIndex):
    """A `LineIndex` that knows header lines at once and builds the full index when needed."""

    __slots__ = ("_headers", "_text")

    def __init__(self, text: str, headers: HeaderLines | None) -> None:
        super().__init__({})
        self._text: str | None = text
        self._headers = headers

    def line(self, path: Sequence[str | int]) -> int:
        if self._headers is not None:
            found = header_line(self._headers, path)
            if found is not None:
                return found
        if self._text is not None:
            self._lines = index_lines(self._text)._lines
            self._text = None
            self._headers = None
        return super().line(tuple(path))


# The same headers, with the line break before each: `split` cuts the text at every header in
# one C-speed pass, and the line of each follows from the line breaks between them.
_SPLIT = re.compile("\n" + _HEADERS[1:])


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
        found["source"] = [line for kind, line in zip(kinds, lines, strict=True) if kind is None]
    for kind in set(kinds):
        if kind is not None:
            found[kind] = (
                lines
                if len(found) == 0 and kinds.count(kind) == len(kinds)
                else [line for other, line in zip(kinds, lines, strict=True) if other == kind]
            )
    return _checked(found, tables)


def _lines_around_strings(text: str) -> HeaderLines:
    # With multi-line strings, strings and comments are matched too (as TOML lexes them, the
    # text having parsed), so that a header-like line inside a string is passed over.
    found: HeaderLines = {}
    line, position = 1, 0
    for match in _HEADER_OR_STRING.finditer(text):
        kind, source = match.group(1, 2)
        if kind is None and source is None:
            continue  # a string or a comment
        start = match.start(1 if kind is not None else 2)
        line += text.count("\n", position, start)
        position = start
        found.setdefault(kind or "source", []).append(line)
    return found


def _checked(found: HeaderLines, tables: Mapping[str, Any]) -> HeaderLines | None:
    # Trusted only when as many headers of each kind were found as the parsed tables hold.
    if len(found.get("source", ())) != (1 if isinstance(tables.get("source"), dict) else 0):
        return None
    for kind in _ARRAY_KINDS:
        value = tables.get(kind)
        if len(found.get(kind, ())) != (len(value) if isinstance(value, list) else 0):
            return None
    return found


def lazy_lines(text: str, tables: Mapping[str, Any]) -> LineIndex:
    """The line index of `text`, whose TOML tables are `tables`, built only as far as used."""
    return LazyLineIndex(text, header_lines(text, tables))

"""Line numbers on demand: the lines of record headers at once, every other line only if asked.

A record's origin needs the line of its `[source]` or `[[prediction]]` header; only a problem
needs the line of a field. `index_lines` walks the text character by character in Python, which
costs about as much as parsing it, so it is run only when a line other than a header's is asked
for: when a problem is reported. Header lines come from one regular-expression pass, trusted only
when it finds exactly as many headers of each kind as the parsed tables hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .locate import KeyPath, LineIndex, index_lines

__all__ = ["LazyLineIndex", "lazy_lines"]

_ARRAY_KINDS = ("prediction", "outcome", "author", "sector")
_HEADERS = (
    r"^[ \t]*(?:\[\[[ \t]*(prediction|outcome|author|sector)[ \t]*\]\]"
    r"|\[[ \t]*(source)[ \t]*\])"
)
# A header starts its line, so it can stand in no one-line string: without multi-line strings,
# every match is a header. Quoted forms such as [["prediction"]] are not matched; the count
# then disagrees with the tables and the full index is used. Matching the newline before a
# header, rather than `^`, lets the engine skip from newline to newline.
_HEADER = re.compile("\n" + _HEADERS[1:])
_FIRST_HEADER = re.compile(_HEADERS)
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


class LazyLineIndex(LineIndex):
    """A `LineIndex` that knows header lines at once and builds the full index when needed."""

    __slots__ = ("_headers", "_text")

    def __init__(self, text: str, headers: dict[KeyPath, int] | None) -> None:
        super().__init__({})
        self._text: str | None = text
        self._headers = headers

    def line(self, path: Sequence[str | int]) -> int:
        parts = tuple(path)
        if self._headers is not None:
            found = self._headers.get(parts)
            if found is not None:
                return found
        if self._text is not None:
            self._lines = index_lines(self._text)._lines
            self._text = None
            self._headers = None
        return super().line(parts)


def header_lines(text: str, tables: Mapping[str, Any]) -> dict[KeyPath, int] | None:
    """Lines of `("source",)` and `(kind, index)` for each record header, or `None` when the
    text does not let them be found this way with certainty."""
    if '"""' in text or "'''" in text:
        matches = list(_HEADER_OR_STRING.finditer(text))
    else:
        first = _FIRST_HEADER.match(text)
        matches = [first, *_HEADER.finditer(text)] if first else list(_HEADER.finditer(text))
    found: dict[KeyPath, int] = {}
    counts = dict.fromkeys(_ARRAY_KINDS, 0)
    sources = 0
    line, position = 1, 0
    for match in matches:
        kind, source = match.group(1, 2)
        if kind is None and source is None:
            continue  # a string or a comment
        start = match.start(1 if kind is not None else 2)
        line += text.count("\n", position, start)
        position = start
        if kind is None:
            sources += 1
            found[("source",)] = line
        else:
            found[(kind, counts[kind])] = line
            counts[kind] += 1
    if sources != (1 if isinstance(tables.get("source"), dict) else 0):
        return None
    for kind in _ARRAY_KINDS:
        value = tables.get(kind)
        expected = len(value) if isinstance(value, list) else 0
        if counts[kind] != expected:
            return None
    return found


def lazy_lines(text: str, tables: Mapping[str, Any]) -> LineIndex:
    """The line index of `text`, whose TOML tables are `tables`, built only as far as used."""
    return LazyLineIndex(text, header_lines(text, tables))

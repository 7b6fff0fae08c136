"""Line numbers for the tables and keys of a TOML file.

`tomllib` returns plain dictionaries with no positions, but a problem is only useful when it
names a line. This scanner walks the text once, understanding just enough TOML (strings,
multi-line strings, comments, brackets) to know on which line each table header and each key
starts. `index_lines` is only ever run on text that `tomllib` has already accepted; the two
screens `nested_deeper_than` and `unclosed_string` read any text, before or after tomllib.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

__all__ = ["KeyPath", "LineIndex", "index_lines", "nested_deeper_than", "unclosed_string"]

KeyPath = tuple[str | int, ...]


class LineIndex:
    """Maps key paths such as `("prediction", 3, "horizon", "end")` to 1-based line numbers."""

    __slots__ = ("_lines",)

    def __init__(self, lines: dict[KeyPath, int]) -> None:
        self._lines = lines

    def line(self, path: Sequence[str | int]) -> int:
        """The line of the most specific known prefix of `path` (0 when nothing is known)."""
        parts = tuple(path)
        while parts:
            found = self._lines.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return 0


def index_lines(text: str) -> LineIndex:
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
            end = _find_close(line, 0, open_string)
            if end < 0:
                continue
            open_string, position = None, end
        elif depth == 0:
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("["):
                is_array = stripped.startswith("[[")
                name = _split_key(stripped[2 if is_array else 1 : _header_end(stripped)])
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
            equals = _key_end(stripped)
            key = _split_key(stripped[:equals])
            for size in range(1, len(key) + 1):
                lines.setdefault((*table, *key[:size]), number)
            position = len(line) - len(stripped) + equals + 1
        open_string, depth, _ = _scan_value(line, position, depth)
    return LineIndex(lines)


def _values(text: str) -> Iterator[tuple[int, str | None, int]]:
    """(line number, multi-line string left open, deepest nesting) for each line of values.

    Unlike `index_lines`, this is run before `tomllib`, on any text, valid or not.
    """
    open_string: str | None = None
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        position = 0
        if open_string is not None:
            end = _find_close(line, 0, open_string)
            if end < 0:
                continue
            open_string, position = None, end
        elif depth == 0:
            stripped = line.lstrip()
            if stripped.startswith(("#", "[")):
                continue
            position = len(line) - len(stripped) + _key_end(stripped) + 1
        open_string, depth, deepest = _scan_value(line, position, depth)
        yield number, open_string, deepest


def nested_deeper_than(text: str, limit: int) -> int:
    """The first line on which arrays and inline tables nest more than `limit` deep, or 0.

    `tomllib` recurses once per level of nesting: a value of a hundred thousand `[` would
    exhaust Python's stack, so such text is refused before it is parsed.
    """
    return next((number for number, _, deepest in _values(text) if deepest > limit), 0)


def unclosed_string(text: str) -> int:
    """The line on which a multi-line string opens that is never closed, or 0.

    `tomllib` reports such a string at the end of the file, far from where it went wrong.
    """
    opened, was_open = 0, False
    for number, open_string, _ in _values(text):
        if open_string is not None and not was_open:
            opened = number
        was_open = open_string is not None
    return opened if was_open else 0


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
    end = _key_end(header, stop="]")
    return end if end >= 0 else len(header)


def _key_end(text: str, stop: str = "=") -> int:
    """Index of the first `stop` character outside quotes."""
    quote: str | None = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == stop:
            return index
    return -1


def _split_key(raw: str) -> tuple[str, ...]:
    parts: list[str] = []
    current = ""
    quote: str | None = None
    for char in raw:
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return tuple(parts)


def _find_close(line: str, start: int, delimiter: str) -> int:
    """Index just past the closing `delimiter` of a multi-line string, or -1."""
    index = start
    while True:
        found = line.find(delimiter, index)
        if found < 0:
            return -1
        if delimiter == '"""' and _escaped(line, found):
            index = found + 1
            continue
        # Up to two quotes may stand right before the closing delimiter.
        end = found + 3
        while end < len(line) and line[end] == delimiter[0] and end - found < 5:
            end += 1
        return end


def _escaped(line: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and line[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _scan_value(line: str, position: int, depth: int) -> tuple[str | None, int, int]:
    """Scan the rest of a line of value text.

    Returns the multi-line string delimiter left open, the bracket depth at the end of the
    line and the deepest it reached on the way.
    """
    deepest = depth
    index = position
    length = len(line)
    while index < length:
        char = line[index]
        if char == "#":
            break
        if char in "\"'":
            triple = char * 3
            if line.startswith(triple, index):
                end = _find_close(line, index + 3, triple)
                if end < 0:
                    return triple, depth, deepest
                index = end
                continue
            index = _string_end(line, index + 1, char)
            continue
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
        index += 1
    return None, max(depth, 0), deepest


def _string_end(line: str, index: int, quote: str) -> int:
    length = len(line)
    while index < length:
        char = line[index]
        if char == "\\" and quote == '"':
            index += 2
            continue
        if char == quote:
            return index + 1
        index += 1
    return length

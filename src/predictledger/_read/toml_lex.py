"""TOML lexed just enough for the guards and the line index: strings, comments, brackets, keys.

Defined once here and used before `tomllib` runs (the guards against hostile nesting and keys,
the screen of the fast parser) and after it (line numbers). Strings and comments are what make
TOML hard to scan: a bracket, a quote or a header inside a string is not one. Two lexers are
kept, because they answer different questions at different costs:

* `STRINGS_AND_COMMENTS`, a regular expression over the whole text, run in C: what is left
  when it is removed (`skeleton`) is the document's structure;
* a line scanner (`scan_value`, `key_end`, `split_key`), which knows on which line each thing
  stands and how deep brackets nest there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._records import KINDS

__all__ = [
    "ANY_HEADER",
    "RECORD_HEADERS",
    "STRINGS_AND_COMMENTS",
    "STRINGS_AND_COMMENTS_PATTERN",
    "dots_on_a_line",
    "find_close",
    "key_end",
    "marks",
    "mask_strings",
    "nested_deeper_than",
    "nesting_at_most",
    "nests_at_most",
    "scan_value",
    "skeleton",
    "split_key",
    "unclosed_string",
]

# Strings and comments, lexed as TOML does. Unrolled loops (`[^"\\\n]*(?:\\.[^"\\\n]*)*`) keep
# the engine from backtracking per character; a `"` that opens `"""` is never a one-line string.
STRINGS_AND_COMMENTS_PATTERN = (
    r'"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'(?!'')[^'\n]*'"
    r"|'''[^']*(?:'(?!'')[^']*)*'''"
    r"|#[^\n]*"
)
# Compiled for UTF-8 bytes, where the engine runs about twice as fast as on text with accents,
# and no byte of a multi-byte character can be mistaken for a quote.
STRINGS_AND_COMMENTS = re.compile(STRINGS_AND_COMMENTS_PATTERN.encode("ascii"), re.DOTALL)

_ARRAY_NAMES = "|".join(kind.name for kind in KINDS if kind.many)
_TABLE_NAMES = "|".join(kind.name for kind in KINDS if not kind.many)
RECORD_HEADERS = (
    rf"^[ \t]*(?:\[\[[ \t]*({_ARRAY_NAMES})[ \t]*\]\]"
    rf"|\[[ \t]*({_TABLE_NAMES})[ \t]*\])"
)
"""A record's header line, as a pattern: group 1 is an array's kind, group 2 the table's."""

ANY_HEADER = re.compile(r"^\s*\[\[?\s*([a-z]+)\s*\]")
"""A line that looks like a table header, in any text, read or not: group 1 is its name."""


def _masked(match: re.Match[bytes]) -> bytes:
    found = match.group()
    if found.startswith(b"#"):
        return b" " * len(found)
    quotes = 3 if found[:3] in (b'"""', b"'''") else 1
    inner = re.sub(rb"[^\n]", b"x", found[quotes:-quotes])
    return found[:quotes] + inner + found[-quotes:]


def mask_strings(text: str) -> str:
    """`text` with the content of every string and comment replaced, each character kept in
    its place and every line break kept: a search for syntax no longer sees words in quotes."""
    data = text.encode("utf-8", "surrogatepass")
    return STRINGS_AND_COMMENTS.sub(_masked, data).decode("utf-8", "surrogatepass")


# What is left once strings and comments are gone: brackets, braces, the `=` of each key/value
# pair, commas, colons (only a time has one) and newlines. `bytes.translate` deletes the rest.
_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_MARKS = bytes(byte for byte in range(256) if byte not in b"[]{}=,:\n")


def skeleton(data: bytes) -> bytes:
    """`data` without its strings and comments: `STRINGS_AND_COMMENTS.sub(b"", data)`."""
    # Most ledger files hold only one-line basic strings without escapes: there every other
    # piece between two `"` is a string, and `bytes.split` finds them several times faster
    # than the regular expression. Trusted only when nothing else can pair the quotes
    # differently: no backslash, no triple quote, no `'` or `#` outside the strings, no line
    # break inside one (tested equal to the regular expression on any bytes).
    if b"\\" not in data and b'"""' not in data and b"'''" not in data:
        pieces = data.split(b'"')
        if len(pieces) % 2:
            outside = b"".join(pieces[0::2])
            if b"'" not in outside and b"#" not in outside and b"\n" not in b"".join(pieces[1::2]):
                return outside
    return STRINGS_AND_COMMENTS.sub(b"", data)


def marks(data: bytes) -> tuple[bytes, bytes]:
    """The text without strings and comments, and of that only `[]{}=,:` and line breaks."""
    stripped = skeleton(data)
    return stripped, stripped.translate(None, _NOT_MARKS)


def nests_at_most(found: bytes, limit: int) -> bool:
    """True if the brackets and braces in `found` (`marks`) balance and nest at most `limit`
    deep."""
    brackets = found.translate(None, b"=,:\n")
    # Each round removes the innermost pairs, the ones adjacent before it began (`re.sub` does
    # not look again at what its replacements bring together): one level a round, so a string
    # emptied within `limit` rounds nests at most `limit` deep, and one that never empties does
    # not balance.
    for _ in range(limit):
        if not brackets:
            break
        brackets = _PAIR.sub(b"", brackets)
    return not brackets


def nesting_at_most(text: str, limit: int) -> bool:
    """True when the arrays, inline tables and table headers of `text` surely nest at most
    `limit` deep; False when they may nest deeper or do not balance (a finer look is needed).

    Brackets inside strings and comments are not counted; the check runs in C-speed passes,
    where a walk of the text in Python would cost as much as parsing it.
    """
    return nests_at_most(marks(text.encode("utf-8", "surrogatepass"))[1], limit)


_NOT_DOTS = bytes(byte for byte in range(256) if byte not in b".\n")


def dots_on_a_line(text: str, count: int) -> bool:
    """True when some line of `text` holds at least `count` dots, as a dotted key of `count`
    parts must: a test in C that spares a costlier search for such keys almost always."""
    return b"." * count in text.encode("utf-8", "surrogatepass").translate(None, _NOT_DOTS)


# -- the line scanner -----------------------------------------------------------------------


def key_end(text: str, stop: str = "=") -> int:
    """Index of the first `stop` character outside quotes, or -1."""
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


def split_key(raw: str) -> tuple[str, ...]:
    """The parts of a dotted key, quotes removed."""
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


def find_close(line: str, start: int, delimiter: str) -> int:
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


def scan_value(line: str, position: int, depth: int) -> tuple[str | None, int, int]:
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
                end = find_close(line, index + 3, triple)
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


def _values(text: str) -> Iterator[tuple[int, str | None, int]]:
    """(line number, multi-line string left open, deepest nesting) for each line of values,
    in any text, valid TOML or not."""
    open_string: str | None = None
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        position = 0
        if open_string is not None:
            end = find_close(line, 0, open_string)
            if end < 0:
                continue
            open_string, position = None, end
        elif depth == 0:
            stripped = line.lstrip()
            if stripped.startswith(("#", "[")):
                continue
            position = len(line) - len(stripped) + key_end(stripped) + 1
        open_string, depth, deepest = scan_value(line, position, depth)
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

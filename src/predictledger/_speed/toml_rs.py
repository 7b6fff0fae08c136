"""Which TOML parser reads ledger files: `tomllib`, or toml-rs when the `fast` extra is installed.

The ledger format is TOML 1.0 as Python 3.11's `tomllib` reads it, and a ledger must never be
valid on the fast path and broken on the default one. toml-rs (a Rust parser, about ten times
faster) is therefore used under three rules:

1. It runs in its TOML 1.0 mode, which rejects the TOML 1.1 additions: newlines and trailing
   commas in inline tables, the `\\e` and `\\xHH` escapes, times without seconds.
2. A screen runs first and sends to `tomllib` any text that holds, outside strings and
   comments, one of those constructs or a bracket nesting deeper than `MAX_FAST_NESTING` (toml-rs
   recurses on nested arrays and inline tables and overflows the stack, killing the process, at a
   few thousand levels: `tomllib` raises `RecursionError`, which the loader reports). The screen
   over-approximates: a backslash followed by `e` or `x` anywhere, even in a literal string, is
   enough to fall back.
3. Whatever toml-rs rejects, `tomllib` parses again: error messages are always tomllib's, and a
   document that tomllib accepts and toml-rs does not (none is known) is still read.

So the fast path returns a value only for a document that passes the screen and that toml-rs
accepts in 1.0 mode; the tests check, by name for each TOML 1.1 addition and by a differential
property test over generated documents, that the result then equals tomllib's.

`PREDICTLEDGER_TOML=tomllib` in the environment forces the default parser.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import tomllib
from collections.abc import Callable
from typing import Any

__all__ = [
    "MAX_FAST_NESTING",
    "backend_name",
    "dots_on_a_line",
    "fast_available",
    "loads",
    "nesting_at_most",
    "screen",
]

MAX_FAST_NESTING = 16
"""The deepest bracket nesting handed to the fast parser; the ledger format needs 2."""

_Parse = Callable[[str], dict[str, Any]]


def _load_fast() -> tuple[_Parse, str] | None:
    try:
        import toml_rs
    except ImportError:
        return None

    def parse(text: str) -> dict[str, Any]:
        return toml_rs.loads(text, toml_version="1.0.0")

    return parse, f"toml-rs {getattr(toml_rs, '__version__', '?')}"


_FAST = _load_fast()

# Strings and comments, lexed as TOML does; what is left is the document's structure. The screen
# works on UTF-8 bytes, where the regular expression engine runs about twice as fast as on text
# with accents, and no byte of a multi-byte character can be mistaken for a quote. Unrolled loops
# (`[^"\\\n]*(?:\\.[^"\\\n]*)*`) keep the engine from backtracking per character; a `"` that
# opens `"""` is never a one-line string.
_STRINGS_AND_COMMENTS = re.compile(
    rb'"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    rb'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    rb"|'(?!'')[^'\n]*'"
    rb"|'''[^']*(?:'(?!'')[^']*)*'''"
    rb"|#[^\n]*",
    re.DOTALL,
)


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
    return _STRINGS_AND_COMMENTS.sub(_masked, data).decode("utf-8", "surrogatepass")


_NEW_ESCAPE = re.compile(rb"\\[ex]")
# What is left once strings and comments are gone: brackets, braces, the `=` of each key/value
# pair, commas, colons (only a time has one) and newlines. `bytes.translate` deletes the rest.
_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_MARKS = bytes(byte for byte in range(256) if byte not in b"[]{}=,:\n")
# A time of hours and minutes with no seconds after it; `+01:00` in an offset is not one.
_SHORT_TIME = re.compile(rb"(?<![:\d+\-])\d\d:\d\d(?![:\d])")


_last: list[tuple[bytes, bytes, bytes]] = []


def _skeleton(data: bytes) -> bytes:
    """`data` without its strings and comments: `_STRINGS_AND_COMMENTS.sub(b"", data)`."""
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
    return _STRINGS_AND_COMMENTS.sub(b"", data)


def _marks(data: bytes) -> tuple[bytes, bytes]:
    """The text without strings and comments, and what of it `_NOT_MARKS` keeps."""
    # The loader's nesting check and the screen look at the same file one after the other:
    # the last answer is kept, so that the file is stripped once.
    last = _last[0] if _last else None  # one read: another thread may replace it
    if last is not None and last[0] == data:
        return last[1], last[2]
    skeleton = _skeleton(data)
    marks = skeleton.translate(None, _NOT_MARKS)
    _last[:] = [(data, skeleton, marks)]
    return skeleton, marks


def _nests_at_most(marks: bytes, limit: int) -> bool:
    """True if the brackets and braces in `marks` balance and nest at most `limit` deep."""
    brackets = marks.translate(None, b"=,:\n")
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
    return _nests_at_most(_marks(text.encode("utf-8", "surrogatepass"))[1], limit)


_NOT_DOTS = bytes(byte for byte in range(256) if byte not in b".\n")
_NOT_DIGITS = bytes(byte for byte in range(256) if byte not in b"0123456789_")


def dots_on_a_line(text: str, count: int) -> bool:
    """True when some line of `text` holds at least `count` dots, as a dotted key of `count`
    parts must: a test in C that spares a costlier search for such keys almost always."""
    return b"." * count in text.encode("utf-8", "surrogatepass").translate(None, _NOT_DOTS)


def screen(text: str) -> str | None:
    """Why `text` must go to tomllib rather than the fast parser, or `None` if it may not.

    Sound for the constructs it names, on any text: it can send a harmless document to tomllib
    (a literal string holding `\\x`, say), never pass one that holds them.
    """
    data = text.encode("utf-8", "surrogatepass")
    if _NEW_ESCAPE.search(data):
        return "an escape that TOML 1.1 added may be present"
    skeleton, marks = _marks(data)
    if not _nests_at_most(marks, MAX_FAST_NESTING):
        return "brackets nest too deeply for the fast parser, or do not balance"
    # A newline inside braces is an inline table on several lines: the pairs that open and
    # close on one line vanish, such a table never does.
    braces = marks.translate(None, b"[]=,:")
    while b"{}" in braces:
        braces = braces.replace(b"{}", b"")
    if b"{" in braces or b"}" in braces:
        return "an inline table spans lines"
    # `{ a = 1, }` leaves `{=,}`; an array's trailing comma leaves `,]` and is TOML 1.0.
    if b",}" in marks:
        return "an inline table ends with a comma"
    if b":" in marks and _SHORT_TIME.search(skeleton):
        return "a time without seconds"
    # tomllib refuses a decimal integer longer than Python's int-to-string guard allows
    # (`sys.get_int_max_str_digits`, 4300 by default), with a ValueError; toml-rs reads it.
    longest = sys.get_int_max_str_digits()
    if (
        longest
        and len(skeleton.translate(None, _NOT_DIGITS)) > longest  # enough digits for one
        and _long_digits(longest).search(skeleton)
    ):
        return "a number too long for tomllib"
    return None


@functools.lru_cache(maxsize=4)
def _long_digits(longest: int) -> re.Pattern[bytes]:
    return re.compile(rb"\d[\d_]{%d,}" % longest)


def _choose() -> _Parse | None:
    if os.environ.get("PREDICTLEDGER_TOML", "").strip().lower() == "tomllib":
        return None
    return _FAST[0] if _FAST is not None else None


def fast_available() -> bool:
    """True when the `fast` extra is installed and not turned off by `PREDICTLEDGER_TOML`."""
    return _choose() is not None


def backend_name() -> str:
    """The parser `loads` uses: `"tomllib"` or `"toml-rs <version>"`."""
    return _FAST[1] if _FAST is not None and _choose() is not None else "tomllib"


def loads(text: str, *, fast: bool | None = None) -> dict[str, Any]:
    """Parse TOML text exactly as `tomllib.loads` does, faster when the fast parser may be used.

    Raises `tomllib.TOMLDecodeError` (or `RecursionError`) as `tomllib` does. `fast=False`
    forces tomllib; `fast=True` asks for the fast parser where it is installed.
    """
    parse = _choose() if fast is None else (_FAST[0] if fast and _FAST is not None else None)
    if parse is not None and screen(text) is None:
        try:
            return parse(text)
        except Exception:  # tomllib decides, and words the error
            pass
    return tomllib.loads(text)

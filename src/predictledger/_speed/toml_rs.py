"""Which TOML parser reads ledger files: `tomllib`, or toml-rs when the `fast` extra is installed.

The ledger format is TOML 1.0 as Python 3.11's `tomllib` reads it, and a ledger must never be
valid on the fast path and broken on the default one. toml-rs (a Rust parser, about ten times
faster) is therefore used under three rules:

1. It runs in its TOML 1.0 mode, which rejects the TOML 1.1 additions: newlines and trailing
   commas in inline tables, the `\\e` and `\\xHH` escapes, times without seconds.
2. A screen runs first and sends to `tomllib` any text that holds, outside strings and
   comments, one of those constructs or a bracket nesting deeper than `MAX_FAST_NESTING` (toml-rs
   recurses on nested arrays and inline tables and overflows the stack, killing the process, at a
   few thousand levels: `tomllib` raises `RecursionError`, which the reader reports). The screen
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

from .._read.toml_lex import marks, nests_at_most

__all__ = ["MAX_FAST_NESTING", "backend_name", "fast_available", "loads", "screen"]

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

_NEW_ESCAPE = re.compile(rb"\\[ex]")
# A time of hours and minutes with no seconds after it; `+01:00` in an offset is not one.
_SHORT_TIME = re.compile(rb"(?<![:\d+\-])\d\d:\d\d(?![:\d])")
_NOT_DIGITS = bytes(byte for byte in range(256) if byte not in b"0123456789_")


def screen(text: str) -> str | None:
    """Why `text` must go to tomllib rather than the fast parser, or `None` if it may not.

    Sound for the constructs it names, on any text: it can send a harmless document to tomllib
    (a literal string holding `\\x`, say), never pass one that holds them.
    """
    data = text.encode("utf-8", "surrogatepass")
    if _NEW_ESCAPE.search(data):
        return "an escape that TOML 1.1 added may be present"
    skeleton, found = marks(data)
    if not nests_at_most(found, MAX_FAST_NESTING):
        return "brackets nest too deeply for the fast parser, or do not balance"
    # A newline inside braces is an inline table on several lines: the pairs that open and
    # close on one line vanish, such a table never does.
    braces = found.translate(None, b"[]=,:")
    while b"{}" in braces:
        braces = braces.replace(b"{}", b"")
    if b"{" in braces or b"}" in braces:
        return "an inline table spans lines"
    # `{ a = 1, }` leaves `{=,}`; an array's trailing comma leaves `,]` and is TOML 1.0.
    if b",}" in found:
        return "an inline table ends with a comma"
    if b":" in found and _SHORT_TIME.search(skeleton):
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
